/**
 * Reading evaluated urlpatterns the way Django's resolver does: the first pattern that matches a
 * path (include() prefixes stripped as it descends), and every place in the tree that serves files.
 */
import type { MediaServing, SourceRange } from '../model';
import type { PyValue } from '../python';
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
  | { kind: 'unknown'; reason: string };

const MAX_INCLUDE_DEPTH = 30;

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

function itemsOf(v: PyValue): PyValue[] | { reason: string } {
  if (v.kind === 'list' || v.kind === 'tuple') {
    if (v.kind === 'list' && v.poisoned) return { reason: v.poisoned };
    return v.items;
  }
  if (v.kind === 'unknown') return { reason: v.reason };
  return { reason: `urlpatterns is a ${v.kind}, not a list` };
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
export function resolveUrlpatterns(patterns: PyValue, path: string, prefix: string | null, depth: number): Resolution {
  if (depth > MAX_INCLUDE_DEPTH) return { kind: 'unknown', reason: 'include() nests too deeply' };
  const items = itemsOf(patterns);
  if ('reason' in items) return { kind: 'unknown', reason: items.reason };
  for (const item of items) {
    const d = patternOf(item);
    if (!d) {
      if (item.kind === 'unknown') return { kind: 'unknown', reason: `an item of urlpatterns is unknown: ${item.reason}` };
      if (item.kind === 'list' || item.kind === 'tuple') {
        // Django rejects nested lists (urls.E004); a list here means a missing `*`.
        return { kind: 'unknown', reason: 'urlpatterns contains a list instead of a pattern (Django reports urls.E004)' };
      }
      return { kind: 'unknown', reason: `urlpatterns contains a ${item.kind}, not a URL pattern` };
    }
    if (d.localePrefix) {
      const first = path.split('/')[0];
      const langs = d.localePrefix.languages;
      const pdl = d.localePrefix.prefixDefaultLanguage;
      if (pdl.kind === 'bool' && pdl.value && langs && !langs.includes(first)) continue;
      return { kind: 'unknown', reason: 'i18n_patterns() prefixes URLs with the active language, which is known only per request' };
    }
    if (d.regex === null) {
      return { kind: 'unknown', reason: d.unknownReason ?? 'a URL pattern is unknown' };
    }
    // An unknown view may be a URL list (admin.site.urls, router.urls) or a view; the result of
    // calling something (TemplateView.as_view(), login_required(view)) is a view.
    const viewUnknown = !d.resolver && d.view.kind === 'unknown' && !d.view.opaque?.endsWith('()');
    const rx = regexOf(d, viewUnknown);
    if (!rx) return { kind: 'unknown', reason: `the regex ${JSON.stringify(d.regex)} cannot be evaluated` };
    const m = rx.exec(path);
    if (!m) continue;
    if (viewUnknown) return { kind: 'unknown', reason: `${JSON.stringify(d.regex)} leads to a view or include() that is not evaluated: ${d.view.kind === 'unknown' ? d.view.reason : ''}` };
    const lp = literalPrefix(d.regex);
    if (d.resolver) {
      const rest = path.slice(m.index + m[0].length);
      const sub = resolveUrlpatterns(childrenOf(d.urlconf), rest, prefix !== null && lp.exact ? prefix + lp.text : null, depth + 1);
      if (sub.kind === 'none') continue;
      return sub;
    }
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    return { kind: 'match', data: d, groups, prefix };
  }
  return { kind: 'none' };
}

/** The URL prefix a serving pattern answers under ("/" + include prefixes + its own literal). */
export function fullPrefix(d: PatternData, prefix: string | null): string | null {
  const lp = d.regex ? literalPrefix(d.regex) : null;
  return prefix !== null && lp && lp.rest ? '/' + prefix + lp.text : null;
}

/** Collects the serving places (static() / serve routes) in the pattern tree with their full prefix. */
export function collectServingEntries(patterns: PyValue, prefix: string | null, depth: number, out: ServingEntry[], warnings: string[]): void {
  if (depth > MAX_INCLUDE_DEPTH) return;
  const items = itemsOf(patterns);
  if ('reason' in items) {
    if (depth === 0) warnings.push(`urlpatterns cannot be read completely: ${items.reason}`);
    else warnings.push(`An include()d urlpatterns cannot be read: ${items.reason}`);
    return;
  }
  for (const item of items) {
    const d = patternOf(item);
    if (!d) continue;
    if (d.resolver) {
      const lp = d.localePrefix || d.regex === null ? null : literalPrefix(d.regex);
      if (d.localePrefix) warnings.push('i18n_patterns(): the language prefix of the URLs inside is known only per request.');
      collectServingEntries(childrenOf(d.urlconf), prefix !== null && lp && lp.exact ? prefix + lp.text : null, depth + 1, out, warnings);
      continue;
    }
    if (!d.site) continue;
    const full = fullPrefix(d, prefix);
    const key = entryKey(d.site.key, full);
    if (out.some((e) => e.key === key)) continue;
    out.push({ key, range: d.site.range, kind: d.site.kind, prefix: full, documentRoot: documentRootOf(d), site: d.site });
  }
}
