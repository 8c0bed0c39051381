/**
 * Static file references in templates and code: `{% static 'name' %}` (and Jinja's
 * `{{ static('name') }}`), `static('name')` in Python modules that import
 * django.templatetags.static.static, literal URLs under STATIC_URL ("/static/…", or under an
 * absolute STATIC_URL's host), `{{ STATIC_URL }}name` and `{% get_static_prefix %}name`.
 * A dynamic name (`{% static variable %}`, `'img/'|add:x`) is not a reference.
 */
import { findMediaReferences, type ReferenceLanguage } from '../media/findMediaReferences';
import { urlToStorageName } from '../media/urlMapping';
import { lineStarts, positionAt, rangeOf } from '../checks/textEdits';
import type { SourceRange } from '../model';

/** How a static reference was written. */
export type StaticReferenceForm =
  | 'static-tag' // {% static 'name' %}, Jinja {{ static('name') }}
  | 'static-call' // static('name') in Python
  | 'url' // "/static/name" or "https://cdn…/static/name"
  | 'static-url-variable' // {{ STATIC_URL }}name, {% get_static_prefix %}name
  ;

/** One static reference. */
export interface StaticReference {
  /** The whole reference as written (the tag, the call, the URL). */
  range: SourceRange;
  text: string;
  form: StaticReferenceForm;
  /** The name the finders look up ("img/logo.png"); null when a URL maps to no name. */
  name: string | null;
  /** The columns of the part naming the file (the quoted name, the URL path), 1-based, end exclusive. */
  nameColumn: number;
  nameEndColumn: number;
}

/** What the scanner needs: the file, and the effective STATIC_URL and MEDIA_URL when known. */
export interface StaticReferenceContext {
  file: string;
  staticUrl: string | null;
  /** URLs under MEDIA_URL are media, even when MEDIA_URL lies under STATIC_URL. */
  mediaUrl: string | null;
}

/** Most references one text reports (hostile input stays bounded). */
const MAX_STATIC_REFERENCES = 20_000;

const STATIC_TAG = /\{%-?[ \t]*static[ \t]+(?:(["'])([^"'\n]*)\1)?/g;
const TAG_TAIL = /[ \t]*(?:as[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*)?-?%\}/y;
const JINJA_STATIC = /\{\{-?[ \t]*static[ \t]*\([ \t]*(["'])([^"'\n]*)\1[ \t]*\)/g;
const PY_IMPORT = /^[ \t]*from[ \t]+django\.templatetags\.static[ \t]+import[ \t]+[^\n]*\bstatic\b/m;
const PY_STATIC_CALL = /(?<![A-Za-z0-9_.])static\([ \t]*(["'])([^"'\n\\]*)\1[ \t]*\)/g;
const PREFIX_FORMS = /\{\{-?[ \t]*(?:settings\.)?STATIC_URL[ \t]*-?\}\}|\{%-?[ \t]*get_static_prefix[ \t]*-?%\}/g;
const PATH_RUN = /[^\s"'`<>()[\]{}|,]+/y;

/** Every static reference in a text, in order of position. */
export function findStaticReferences(text: string, language: ReferenceLanguage, ctx: StaticReferenceContext): StaticReference[] {
  const found: Array<{ start: number; end: number; nameStart: number; nameEnd: number; form: StaticReferenceForm; name: string | null }> = [];
  let starts: number[] | undefined;
  const template = language === 'django-html' || language === 'html' || language === 'jinja' || language === 'text';
  if (template && text.includes('static')) {
    for (let m = STATIC_TAG.exec(text); m && found.length < MAX_STATIC_REFERENCES; m = STATIC_TAG.exec(text)) {
      if (m[1] === undefined) continue; // a variable: dynamic
      const afterQuote = m.index + m[0].length;
      TAG_TAIL.lastIndex = afterQuote;
      if (!TAG_TAIL.test(text)) continue; // a filter or more arguments: not one literal name
      const nameStart = afterQuote - 1 - m[2]!.length;
      found.push({ start: m.index, end: TAG_TAIL.lastIndex, nameStart, nameEnd: nameStart + m[2]!.length, form: 'static-tag', name: m[2]! });
    }
    for (let m = JINJA_STATIC.exec(text); m && found.length < MAX_STATIC_REFERENCES; m = JINJA_STATIC.exec(text)) {
      const nameStart = m.index + m[0].lastIndexOf(m[1]!, m[0].length - 2) - m[2]!.length;
      found.push({ start: m.index, end: m.index + m[0].length, nameStart, nameEnd: nameStart + m[2]!.length, form: 'static-tag', name: m[2]! });
    }
  }
  // The plain search first: the line-anchored pattern costs ~4× as much on the modules (nearly all) without it.
  if (language === 'python' && text.includes('django.templatetags.static') && PY_IMPORT.test(text)) {
    for (let m = PY_STATIC_CALL.exec(text); m && found.length < MAX_STATIC_REFERENCES; m = PY_STATIC_CALL.exec(text)) {
      const nameStart = m.index + m[0].indexOf(m[1]!) + 1;
      found.push({ start: m.index, end: m.index + m[0].length, nameStart, nameEnd: nameStart + m[2]!.length, form: 'static-call', name: m[2]! });
    }
  }
  const staticUrl = ctx.staticUrl;
  if (staticUrl) {
    // Literal URLs: the media scanner's rules (where a URL may start and end), with STATIC_URL as
    // the prefix and MEDIA_URL as the one to leave out.
    const urls = findMediaReferences(text, language, { file: ctx.file, mediaUrl: staticUrl, mediaRoot: null, staticUrl: ctx.mediaUrl });
    const urlStarts = urls.length > 0 ? (starts ??= lineStarts(text)) : [];
    for (const r of urls) {
      if (r.form !== 'url' && r.form !== 'absolute-url') continue;
      const start = urlStarts[r.range.line - 1]! + r.range.column - 1;
      found.push({ start, end: start + r.text.length, nameStart: start, nameEnd: start + r.text.length, form: 'url', name: r.storageName });
      if (found.length >= MAX_STATIC_REFERENCES) break;
    }
    if (template && text.includes('{')) {
      for (let m = PREFIX_FORMS.exec(text); m && found.length < MAX_STATIC_REFERENCES; m = PREFIX_FORMS.exec(text)) {
        const tagEnd = m.index + m[0].length;
        PATH_RUN.lastIndex = tagEnd;
        const run = PATH_RUN.exec(text);
        if (!run || text.charCodeAt(tagEnd + run[0].length) === 0x7b) continue; // nothing after it, or a dynamic path
        const path = run[0];
        found.push({ start: m.index, end: tagEnd + path.length, nameStart: tagEnd, nameEnd: tagEnd + path.length, form: 'static-url-variable', name: urlToStorageName(staticUrl + path, staticUrl) });
      }
    }
  }
  if (found.length === 0) return [];
  found.sort((a, b) => a.start - b.start);
  starts ??= lineStarts(text);
  const out: StaticReference[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    lastEnd = f.end;
    const range = rangeOf(ctx.file, text, f.start, f.end, starts);
    const name = positionAt(text, f.nameStart, starts);
    out.push({ range, text: text.slice(f.start, f.end), form: f.form, name: f.name, nameColumn: name.column, nameEndColumn: name.column + (f.nameEnd - f.nameStart) });
  }
  return out;
}

/** The reference under a 1-based position (the caret right after it counts). */
export function staticReferenceAt(refs: readonly StaticReference[], line: number, column: number): StaticReference | undefined {
  return refs.find((r) => r.range.line <= line && line <= r.range.endLine && (line > r.range.line || r.range.column <= column) && (line < r.range.endLine || column <= r.range.endColumn));
}
