import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../model';
import type { CheckContext } from './context';
import { forEachNode, nodeRange, nodeText, type PySource } from './pySource';
import { literalElements } from './settingsValues';

const FILE_SYSTEM_FINDER = 'django.contrib.staticfiles.finders.FileSystemFinder';

/**
 * Whether Django runs FileSystemFinder.check() (staticfiles.E001–W004): django.contrib.staticfiles
 * installed and FileSystemFinder among STATICFILES_FINDERS (it is by default). Undefined when unknown.
 */
export function finderChecksRun(ctx: CheckContext): boolean | undefined {
  const installed = ctx.staticfilesInstalled;
  if (installed !== true) return installed;
  const finders = ctx.raw('STATICFILES_FINDERS');
  if (finders === undefined) return true; // Django's default list includes FileSystemFinder
  if (!finders.known) return undefined;
  return Array.isArray(finders.value) && finders.value.includes(FILE_SYSTEM_FINDER);
}

/** One STATICFILES_DIRS entry as Django iterates it. */
export interface StaticfilesDirsEntry {
  index: number;
  /** The prefix of a (prefix, path) entry. */
  prefix: string | null;
  /** The path as written (str() of a Path), as Django's messages print it. */
  rawPath: string;
  /** Absolute, resolved against the folder of manage.py. */
  path: string;
  /** Where to show a finding about this entry: the element, else the whole setting. */
  range: SourceRange;
  /** The element node and its source, when the setting is a literal list. */
  element?: { src: PySource; node: SyntaxNode };
}

/** STATICFILES_DIRS entries when the whole setting is a known list or tuple; undefined otherwise. */
export async function staticfilesDirsEntries(ctx: CheckContext): Promise<StaticfilesDirsEntry[] | undefined> {
  const raw = ctx.raw('STATICFILES_DIRS');
  const eff = ctx.settings.STATICFILES_DIRS;
  if (!raw || !raw.known || !eff.known || !Array.isArray(raw.value) || !Array.isArray(eff.value)) return undefined;
  const kind = await ctx.kindOf('STATICFILES_DIRS');
  if (kind !== undefined && kind !== 'list' && kind !== 'tuple') return undefined;
  const range = ctx.rangeFor(eff);
  if (!range) return undefined;
  const at = await ctx.originNode(raw.origin);
  const elements = at ? alignElements(at.src, at.node, raw.value.length) : undefined;
  const aligned = elements !== undefined;
  const out: StaticfilesDirsEntry[] = [];
  for (let i = 0; i < raw.value.length; i++) {
    const r = raw.value[i];
    const e = eff.value[i];
    let prefix: string | null = null;
    let rawPath: string;
    let path: string;
    if (Array.isArray(r)) {
      if (r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string' || !Array.isArray(e)) return undefined;
      prefix = r[0];
      rawPath = r[1];
      path = e[1];
    } else if (typeof r === 'string' && typeof e === 'string') {
      rawPath = r;
      path = e;
    } else {
      return undefined;
    }
    const node = aligned ? elements![i]! : undefined;
    out.push({
      index: i,
      prefix,
      rawPath,
      path,
      range: node && at ? nodeRange(at.src, node) : range,
      ...(node && at ? { element: { src: at.src, node } } : {}),
    });
  }
  return out;
}

const ASSIGNMENTS = new Set(['AssignStatement']);

/**
 * The list elements that produced the setting's n entries: the origin literal itself, or for
 * `X += [...]` its elements preceded by those of the last earlier `X = [...]` in the same file.
 */
function alignElements(src: PySource, node: SyntaxNode, n: number): SyntaxNode[] | undefined {
  const own = literalElements(node);
  if (!own) return undefined;
  if (own.length === n) return own;
  const update = node.parent;
  if (!update || update.name !== 'UpdateStatement' || own.length > n || !update.firstChild) return undefined;
  if (!/\+=/.test(src.text.slice(update.firstChild.to, node.from))) return undefined;
  const name = nodeText(src, update.firstChild);
  let before: SyntaxNode[] | undefined;
  forEachNode(src, ASSIGNMENTS, (a) => {
    if (a.to > update.from || !a.firstChild || nodeText(src, a.firstChild) !== name || !a.lastChild) return;
    before = literalElements(a.lastChild);
  });
  return before && before.length + own.length === n ? [...before, ...own] : undefined;
}
