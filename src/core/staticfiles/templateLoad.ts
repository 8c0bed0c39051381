/**
 * `{% static %}` is not a built-in tag: a Django template must `{% load static %}` (or
 * `{% load static from static %}`) before using it, in that very template — a parent it extends or
 * a template it includes does not load it for it. Otherwise Django raises TemplateSyntaxError
 * "Invalid block tag … 'static'". TEMPLATES OPTIONS can make it built in ("builtins") or give the
 * library another name ("libraries").
 */
import type { ProjectModel } from '../model';

/** The library module of the `static` tag. */
export const STATIC_LIBRARY_MODULE = 'django.templatetags.static';

/** How the project's Django template engines provide the `static` tag. */
export type StaticTagAvailability =
  /** Some engine has it built in: no template needs a load. */
  | { kind: 'builtin' }
  /** A load is needed; these library names provide it ("static" plus aliases from OPTIONS "libraries"). */
  | { kind: 'load'; libraries: ReadonlySet<string> }
  | { kind: 'unknown'; reason: string };

const DJANGO_BACKEND = 'django.template.backends.django.DjangoTemplates';

/** How `{% static %}` becomes available in the project's Django templates. */
export function staticTagAvailability(model: Pick<ProjectModel, 'raw'>): StaticTagAvailability {
  const templates = model.raw('TEMPLATES');
  if (!templates || !templates.known) return { kind: 'unknown', reason: 'TEMPLATES is unknown' };
  if (!Array.isArray(templates.value)) return { kind: 'unknown', reason: 'TEMPLATES is not a list' };
  const libraries = new Set(['static']);
  let django = false;
  for (const engine of templates.value) {
    if (!engine || typeof engine !== 'object' || Array.isArray(engine)) return { kind: 'unknown', reason: 'a TEMPLATES entry is not a dict' };
    // Another engine (Jinja2, django-jinja) may render .html files of the same folders, with tags of its own.
    if (engine['BACKEND'] !== DJANGO_BACKEND) return { kind: 'unknown', reason: `TEMPLATES also has the engine ${String(engine['BACKEND'])}` };
    django = true;
    const options = engine['OPTIONS'];
    if (options === undefined) continue;
    if (!options || typeof options !== 'object' || Array.isArray(options)) return { kind: 'unknown', reason: 'TEMPLATES OPTIONS is not a dict' };
    const builtins = options['builtins'];
    if (Array.isArray(builtins) && builtins.includes(STATIC_LIBRARY_MODULE)) return { kind: 'builtin' };
    if (builtins !== undefined && !Array.isArray(builtins)) return { kind: 'unknown', reason: 'TEMPLATES OPTIONS "builtins" is not a list' };
    const libs = options['libraries'];
    if (libs && typeof libs === 'object' && !Array.isArray(libs)) {
      for (const [name, module] of Object.entries(libs)) if (module === STATIC_LIBRARY_MODULE) libraries.add(name);
    }
  }
  if (!django) return { kind: 'unknown', reason: 'no DjangoTemplates engine in TEMPLATES' };
  return { kind: 'load', libraries };
}

/** Blanks out what Django's parser never reads as tags: `{# … #}`, `{% comment %}…{% endcomment %}`, `{% verbatim %}…{% endverbatim %}`. Offsets are kept. */
export function blankInert(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text
    .replace(/\{#.*?#\}/g, blank)
    .replace(/\{%-?[ \t]*comment\b[^\n]*?%\}[\s\S]*?\{%-?[ \t]*endcomment[ \t]*-?%\}/g, blank)
    .replace(/\{%-?[ \t]*verbatim\b([^\n]*?)%\}[\s\S]*?\{%-?[ \t]*endverbatim\b[^\n]*?%\}/g, blank);
}

const TAG = /\{%-?[ \t]*(load|static)\b([^\n%]*)%\}/g;

/**
 * Offsets of the `{% static … %}` tags that come before any `{% load %}` providing the tag (a
 * template's loads take effect from where they are). `libraries`: the names that provide it.
 */
export function staticTagsWithoutLoad(text: string, libraries: ReadonlySet<string>): number[] {
  if (!text.includes('static')) return [];
  const code = blankInert(text);
  const out: number[] = [];
  for (let m = TAG.exec(code); m; m = TAG.exec(code)) {
    if (m[1] === 'static') {
      out.push(m.index);
      continue;
    }
    const words = m[2]!.replace(/-$/, '').trim().split(/[ \t]+/);
    const from = words.length >= 3 && words[words.length - 2] === 'from';
    const loads = from ? words.slice(0, -2).includes('static') && libraries.has(words[words.length - 1]!) : words.some((w) => libraries.has(w));
    if (loads) {
      TAG.lastIndex = 0;
      return out;
    }
  }
  return out;
}
