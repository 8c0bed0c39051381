/**
 * Reading evaluated urlpatterns the way Django's resolver does: the first pattern that matches a
 * path (include() prefixes stripped as it descends), and every place in the tree that serves files.
 */
import type { MediaServing, SourceRange } from '../model';
import type { AnalysisBudget, PyValue } from '../python';
import { patternOf, type PatternData, type Site } from './djangoUrls';
import { literalPrefix, pyRegexToJs } from './patterns';

/** A place in the pattern tree that serves files, under its full URL prefix. */
export interface ServingEntry {
  key: string;
  range: SourceRange;
  kind: MediaServing['kind'];
  prefix: string | null;
  documentRoot: PyValue | null;
  site: Site | null;
}

/** Where a path goes in urlpatterns: a pattern (with its groups and the include prefixes), nowhere, or unknown. */
export type Resolution =
  | { kind: 'match'; data: PatternData; groups: Record<string, string>; prefix: string | null }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string; range?: SourceRange };

const MAX_INCLUDE_DEPTH = 30;

/**
 * One walk of a pattern tree. A URLconf can include itself (directly or through others) and can
 * include the same list under many prefixes, so the tree it stands for may be endless or
 * exponentially large: the walk keeps the includes it is inside of (a cycle is reported, not
 * walked) and counts the patterns it visits against a total, charged to the analysis budget.
 */
export class UrlWalk {
  private visits = 0;
  /** The urlpatterns being walked, innermost last, with the path left to resolve in each. */
  private readonly active = new Map<PyValue, Set<string>>();
  /** Set once the walk ran out of visits: the reason. */
  exhausted: string | null = null;

  constructor(
    private readonly budget: AnalysisBudget,
    readonly maxVisits = MAX_VISITS,
  ) {}

  /** Counts `n` visited patterns; false (with `exhausted` set) when the walk must stop. */
  visit(n: number): boolean {
    if (this.exhausted) return false;
    this.visits += n;
    if (this.visits > this.maxVisits) {
      this.exhausted = `the URLconf is too large to walk (more than ${this.maxVisits} patterns through its include()s)`;
      return false;
    }
    this.budget.charge(n);
    return true;
  }

  /** True when `children` is already being walked (with the same path left to resolve, if given). */
  isActive(children: PyValue, rest = ''): boolean {
    return !!this.active.get(children)?.has(rest);
  }

  /** Walks `children` (with `rest` left) inside `body`. */
  inside<T>(children: PyValue, rest: string, body: () => T): T {
    let set = this.active.get(children);
    if (!set) this.active.set(children, (set = new Set()));
    set.add(rest);
    try {
      return body();
    } finally {
      set.delete(rest);
      if (!set.size) this.active.delete(children);
    }
  }
}

/** Patterns one walk visits at most (every include() counted again under each prefix). */
const MAX_VISITS = 50_000;

function includedName(urlconf: PyValue | null): string {
  return urlconf?.kind === 'module' ? urlconf.name : 'a URL list';
}

/** Identity of a serving place under one prefix. */
export function entryKey(siteKey: string, prefix: string | null): string {
  return `${siteKey}|${prefix ?? '?'}`;
}

/** The `document_root` keyword a pattern passes to its view, if any. */
export function documentRootOf(d: PatternData): PyValue | null {
  if (d.kwargs.kind !== 'dict') return null;
  return d.kwargs.entries.get('s:document_root')?.value ?? null;
}

/** The urlpatterns of what include() was given: a module's `urlpatterns`, or the list itself. */
function childrenOf(urlconf: PyValue | null): PyValue {
  if (!urlconf) return { kind: 'unknown', reason: 'include() of nothing' };
  if (urlconf.kind === 'module') {
    if (urlconf.ns) {
      const b = urlconf.ns.globals.get('urlpatterns');
      return b ? b.value : { kind: 'unknown', reason: `${urlconf.name} defines no urlpatterns` };
    }
    return { kind: 'unknown', reason: `the included module ${urlconf.name} is not part of the project` };
  }
  return urlconf;
}

function itemsOf(v: PyValue): PyValue[] | { reason: string; range?: SourceRange } {
  if (v.kind === 'list' || v.kind === 'tuple') {
    if (v.kind === 'list' && v.poisoned) return { reason: v.poisoned };
    return v.items;
  }
  if (v.kind === 'unknown') return v.range ? { reason: v.reason, range: v.range } : { reason: v.reason };
  return { reason: `urlpatterns is a ${v.kind}, not a list` };
}

/** An unknown resolution, with the place that stopped it when there is one. */
function unknownAt(reason: string, range: SourceRange | undefined): Resolution {
  return range ? { kind: 'unknown', reason, range } : { kind: 'unknown', reason };
}

const compiled = new WeakMap<PatternData, RegExp | null>();
function regexOf(d: PatternData, stripEnd: boolean): RegExp | null {
  if (d.regex === null) return null;
  if (stripEnd) return pyRegexToJs(d.regex.replace(/\\Z$/, ''));
  let r = compiled.get(d);
  if (r === undefined) {
    r = pyRegexToJs(d.regex);
    compiled.set(d, r);
  }
  return r;
}

/** URLResolver.resolve: the first pattern (in order) that matches `path` (no leading slash). */
export function resolveUrlpatterns(patterns: PyValue, path: string, prefix: string | null, depth: number, walk: UrlWalk): Resolution {
  if (depth > MAX_INCLUDE_DEPTH) return { kind: 'unknown', reason: 'include() nests too deeply' };
  const items = itemsOf(patterns);
  if ('reason' in items) return unknownAt(items.reason, items.range);
  if (!walk.visit(items.length)) return { kind: 'unknown', reason: walk.exhausted as string };
  for (const item of items) {
    const d = patternOf(item);
    if (!d) {
      if (item.kind === 'unknown') return unknownAt(`an item of urlpatterns is unknown: ${item.reason}`, item.range);
      if (item.kind === 'list' || item.kind === 'tuple') {
        // Django rejects nested lists (urls.E004); a list here means a missing `*`.
        return { kind: 'unknown', reason: 'urlpatterns contains a list instead of a pattern (Django reports urls.E004)' };
      }
      return { kind: 'unknown', reason: `urlpatterns contains a ${item.kind}, not a URL pattern` };
    }
    if (d.localePrefix) {
      const r = resolveLocalePrefix(d, d.localePrefix, path, prefix, depth, walk);
      if (r === null) continue;
      return r;
    }
    if (d.regex === null) {
      return unknownAt(d.unknownReason ?? 'a URL pattern is unknown', d.range);
    }
    // An unknown view may be a URL list (admin.site.urls, router.urls) or a view; the result of
    // calling something (TemplateView.as_view(), login_required(view), a decorated def) is a view,
    // and so is a name of a deferred module (its text builds no URL list: see mayChangeServing).
    const viewUnknown = !d.resolver && d.view.kind === 'unknown' && !d.view.opaque?.endsWith('()') && !d.view.viewLike;
    const rx = regexOf(d, viewUnknown);
    if (!rx) return unknownAt(`the regex ${JSON.stringify(d.regex)} cannot be evaluated`, d.range);
    const m = rx.exec(path);
    if (!m) continue;
    if (viewUnknown) return unknownAt(`${JSON.stringify(d.regex)} leads to a view or include() that is not evaluated: ${d.view.kind === 'unknown' ? d.view.reason : ''}`, d.range);
    const lp = literalPrefix(d.regex);
    if (d.resolver) {
      const rest = path.slice(m.index + m[0].length);
      const children = childrenOf(d.urlconf);
      // Django would recurse without end (RecursionError): where the path goes is not decided.
      if (walk.isActive(children, rest)) return unknownAt(`include() cycle: ${includedName(d.urlconf)} includes itself and ${JSON.stringify(rest)} leads back into it`, d.range);
      const sub = walk.inside(children, rest, () => resolveUrlpatterns(children, rest, prefix !== null && lp.exact ? prefix + lp.text : null, depth + 1, walk));
      if (sub.kind === 'none') continue;
      if (sub.kind === 'unknown' && !sub.range) return unknownAt(sub.reason, d.range);
      return sub;
    }
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    return { kind: 'match', data: d, groups, prefix };
  }
  return { kind: 'none' };
}

/** Every code of Django's default LANGUAGES is 2–3 lowercase letters with an optional region or
 *  script ("en", "ast", "pt-br", "zh-hans", "sr-latn"). */
const DEFAULT_LANGUAGE_CODE_SHAPE = /^[a-z]{2,3}(-[a-z]{2,4})?$/;

/**
 * LocalePrefixPattern.match: the path must start with "<active language>/" ("" for the default
 * language when prefix_default_language=False). The active language is known only per request, but
 * it is always one of LANGUAGES (or LANGUAGE_CODE): a path whose first segment is none of them
 * cannot match. Returns null when the pattern cannot match `path`.
 */
function resolveLocalePrefix(d: PatternData, lp: NonNullable<PatternData['localePrefix']>, path: string, prefix: string | null, depth: number, walk: UrlWalk): Resolution | null {
  const perRequest = 'i18n_patterns() prefixes URLs with the active language, which is known only per request';
  const first = path.split('/')[0];
  const pdl = lp.prefixDefaultLanguage;
  if (pdl.kind !== 'bool' && pdl.kind !== 'none' && pdl.kind !== 'int') return unknownAt(`i18n_patterns(prefix_default_language=…) is unknown`, d.range);
  const prefixDefault = pdl.kind === 'bool' ? pdl.value : pdl.kind === 'int' ? pdl.value !== 0 : false;
  if (lp.defaultCode === null) return unknownAt(`${perRequest} (LANGUAGE_CODE is unknown)`, d.range);
  const codes = lp.languages === 'default' ? null : lp.languages;
  if (lp.languages === null) return unknownAt(`${perRequest} (LANGUAGES is unknown)`, d.range);
  // A language whose prefix is "<code>/" matches only when the first segment is that code.
  const isLanguage = first === lp.defaultCode || (codes ? codes.includes(first) : DEFAULT_LANGUAGE_CODE_SHAPE.test(first));
  if (isLanguage && (prefixDefault || first !== lp.defaultCode)) return unknownAt(perRequest, d.range);
  if (!prefixDefault) {
    // Requests in the default language are matched without a prefix.
    const children = childrenOf(d.urlconf);
    if (walk.isActive(children, path)) return unknownAt(`include() cycle: ${includedName(d.urlconf)} includes itself and ${JSON.stringify(path)} leads back into it`, d.range);
    const sub = walk.inside(children, path, () => resolveUrlpatterns(children, path, prefix, depth + 1, walk));
    if (sub.kind === 'none') return null;
    return unknownAt(`${perRequest}: with prefix_default_language=False, the default language's URLs have no prefix`, d.range);
  }
  return null;
}

/** The URL prefix a serving pattern answers under ("/" + include prefixes + its own literal). */
export function fullPrefix(d: PatternData, prefix: string | null): string | null {
  const lp = d.regex ? literalPrefix(d.regex) : null;
  return prefix !== null && lp && lp.rest ? '/' + prefix + lp.text : null;
}

/** A note of the walk; `range` is the pattern it is about (an include()), when the walk knows it. */
export interface WalkNote {
  message: string;
  range?: SourceRange;
}

/**
 * Collects the serving places (static() / serve routes) in the pattern tree with their full prefix.
 * `includedAt` is the pattern that include()d `patterns` (undefined for the root): a note about an
 * include()d list points at that include, not at the root urlpatterns.
 */
export function collectServingEntries(
  patterns: PyValue,
  prefix: string | null,
  depth: number,
  out: ServingEntry[],
  warnings: WalkNote[],
  walk: UrlWalk,
  includedAt?: SourceRange,
): void {
  if (depth > MAX_INCLUDE_DEPTH) return;
  const items = itemsOf(patterns);
  if ('reason' in items) {
    if (depth === 0) warnings.push({ message: `urlpatterns cannot be read completely: ${items.reason}` });
    else warnings.push({ message: `An include()d urlpatterns cannot be read: ${items.reason}`, range: includedAt });
    return;
  }
  if (!walk.visit(items.length)) {
    warnings.push({ message: `urlpatterns cannot be read completely: ${walk.exhausted as string}.` });
    return;
  }
  for (const item of items) {
    const d = patternOf(item);
    if (!d) continue;
    if (d.resolver) {
      const lp = d.localePrefix || d.regex === null ? null : literalPrefix(d.regex);
      if (d.localePrefix) warnings.push({ message: 'i18n_patterns(): the language prefix of the URLs inside is known only per request.', range: d.range });
      const children = childrenOf(d.urlconf);
      if (walk.isActive(children)) {
        const where = d.range ? ` (line ${d.range.line} of ${d.range.file})` : '';
        warnings.push({ message: `include() cycle: ${includedName(d.urlconf)} includes itself${where}; the cycle is not walked, and what it would serve under it is not known.`, range: d.range });
        continue;
      }
      walk.inside(children, '', () => collectServingEntries(children, prefix !== null && lp && lp.exact ? prefix + lp.text : null, depth + 1, out, warnings, walk, d.range));
      continue;
    }
    if (!d.site) continue;
    const full = fullPrefix(d, prefix);
    const key = entryKey(d.site.key, full);
    if (out.some((e) => e.key === key)) continue;
    out.push({ key, range: d.site.range, kind: d.site.kind, prefix: full, documentRoot: documentRootOf(d), site: d.site });
  }
}
