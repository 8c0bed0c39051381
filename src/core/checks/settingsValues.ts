import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../model';
import type { CheckContext } from './context';
import type { PySource } from './pySource';
import { elementsOf, stringLiteral, topLevelStatements, nodeText } from './pySource';
import { editAt } from './textEdits';
import type { TextEdit } from './types';

/** A known URL setting as Django's settings object returns it for the mirrored version. */
export interface UrlSetting {
  value: string | null;
  origin: SourceRange | undefined;
}

/**
 * MEDIA_URL / STATIC_URL as django.conf.settings returns them: with the script prefix since
 * Django 3.1, as written before. Undefined when unknown.
 */
export function urlSetting(ctx: CheckContext, name: 'MEDIA_URL' | 'STATIC_URL'): UrlSetting | undefined {
  const eff = ctx.settings[name];
  if (ctx.since('3.1')) return eff.known ? { value: eff.value, origin: eff.origin } : undefined;
  const raw = ctx.raw(name);
  if (!raw || !raw.known) return undefined;
  if (raw.value !== null && typeof raw.value !== 'string') return undefined;
  return { value: raw.value, origin: raw.origin };
}

const ROOT_NAMES = ['BASE_DIR', 'PROJECT_ROOT', 'ROOT_DIR', 'PROJECT_DIR', 'BASE_PATH', 'PROJECT_PATH', 'SITE_ROOT', 'REPO_ROOT', 'APP_ROOT', 'ROOT'];

/** A BASE_DIR-style variable naming a folder, visible in the file where a fix goes, and how to join under it. */
export interface RootVariable {
  name: string;
  /** The folder it names. */
  value: string;
  /** Python code for `<root>/<rel>` in the variable's own style. */
  join(rel: string, quote: string): string;
  /** `import os` is needed by join() and missing from the file. */
  needsOsImport: boolean;
}

/**
 * Finds the variable a settings file uses for the project root (BASE_DIR and its usual aliases)
 * whose value is `folder` (the folder of manage.py unless given; null: any folder), visible in `src`: assigned there,
 * or used there, or imported with a star import. Path objects join with `/`, strings with
 * os.path.join — the file's own style.
 */
export async function findRootVariable(ctx: CheckContext, src: PySource, folder: string | null = ctx.root): Promise<RootVariable | undefined> {
  const want = folder === null ? null : folder.replace(/\/+$/, '');
  for (const name of ROOT_NAMES) {
    const v = ctx.raw(name);
    if (!v || !v.known || typeof v.value !== 'string') continue;
    if (want !== null && v.value.replace(/\/+$/, '') !== want) continue;
    const word = new RegExp(`\\b${name}\\b`);
    const visible = v.origin?.file === src.file || word.test(src.text) || /^\s*from\s+\S+\s+import\s+\*/m.test(src.text);
    if (!visible) continue;
    const kind = await ctx.kindOf(name);
    if (kind === 'path') {
      return { name, value: v.value, join: (rel, q) => `${name} / ${q}${rel}${q}`, needsOsImport: false };
    }
    if (kind === 'str') {
      const hasOs = /^\s*import\s+os\b|^\s*import\s+[\w.]+\s*,\s*os\b/m.test(src.text);
      return { name, value: v.value, join: (rel, q) => `os.path.join(${name}, ${q}${rel}${q})`, needsOsImport: !hasOs };
    }
  }
  return undefined;
}

/** The quote character a file mostly uses for strings (so inserted code matches it). */
export function preferredQuote(src: PySource): string {
  let single = 0;
  let double = 0;
  for (let i = 0; i < src.text.length && i < 200_000; i++) {
    const c = src.text.charCodeAt(i);
    if (c === 39) single++;
    else if (c === 34) double++;
  }
  return single > double ? "'" : '"';
}

/** An edit inserting `import os` where Python accepts it (after any `from __future__` imports). */
export function osImportEdit(src: PySource): TextEdit {
  let after: SyntaxNode | undefined;
  let first: SyntaxNode | undefined;
  for (const st of topLevelStatements(src)) {
    if (st.name === 'Comment') continue;
    first ??= st;
    if (st.name === 'ImportStatement' && /^from\s+__future__\s/.test(nodeText(src, st))) after = st;
    else if (st.name === 'ExpressionStatement' && st === first && /^[rRuU]?("""|''')/.test(nodeText(src, st))) after = st; // module docstring
    else break;
  }
  if (after) return editAt(src.file, src.text, after.to, after.to, '\nimport os', src.starts);
  const at = first ? first.from : 0;
  return editAt(src.file, src.text, at, at, 'import os\n', src.starts);
}

/** The offset just after the statement holding `offset` (the end of its line), to insert a sibling statement. */
export function endOfStatementAt(src: PySource, offset: number): number {
  let node: SyntaxNode | null = src.tree.resolveInner(offset, 1);
  while (node && node.parent && node.parent.name !== 'Script' && node.parent.name !== 'Body') node = node.parent;
  return node ? node.to : offset;
}

/** The element nodes of a list/tuple literal origin, or undefined when it is not one. */
export function literalElements(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.name === 'ArrayExpression' || node.name === 'TupleExpression') return elementsOf(node);
  if (node.name === 'ParenthesizedExpression') {
    const inner = elementsOf(node);
    return inner.length === 1 && (inner[0]!.name === 'ArrayExpression' || inner[0]!.name === 'TupleExpression') ? elementsOf(inner[0]!) : undefined;
  }
  return undefined;
}

/** Key/value pairs of a dict literal whose keys are plain strings. */
export function dictEntries(src: PySource, node: SyntaxNode): Array<{ key: string; keyNode: SyntaxNode; value: SyntaxNode }> | undefined {
  if (node.name !== 'DictionaryExpression') return undefined;
  const out: Array<{ key: string; keyNode: SyntaxNode; value: SyntaxNode }> = [];
  let key: SyntaxNode | undefined;
  let sawColon = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === '{' || c.name === '}' || c.name === ',' || c.name === 'Comment') {
      key = undefined;
      sawColon = false;
      continue;
    }
    if (c.name === ':') {
      sawColon = true;
      continue;
    }
    if (c.name === '**') continue;
    if (!key) {
      key = c;
      continue;
    }
    if (sawColon) {
      const k = stringLiteral(src, key)?.value;
      if (k !== undefined) out.push({ key: k, keyNode: key, value: c });
      key = undefined;
      sawColon = false;
    }
  }
  return out;
}

/**
 * An edit adding `elementText` as the last element of a list/tuple/dict literal, on its own line
 * when the literal spans lines (matching the indentation of its last element), else inline.
 */
export function appendElementEdit(src: PySource, container: SyntaxNode, elementText: string): TextEdit | undefined {
  const close = container.lastChild;
  if (!close || !/^[\]})]$/.test(close.name)) return undefined;
  const items = container.name === 'DictionaryExpression' ? [] : elementsOf(container);
  // The last non-punctuation child (for dicts, the last value).
  let last: SyntaxNode | null = close.prevSibling;
  while (last && (last.name === 'Comment' || last.name === ',')) last = last.prevSibling;
  const open = container.firstChild!;
  const multiline = src.text.slice(open.to, close.from).includes('\n');
  if (!last || last === open) {
    return editAt(src.file, src.text, open.to, open.to, elementText, src.starts);
  }
  const between = src.text.slice(last.to, close.from);
  const hasComma = /^\s*,/.test(between) || between.includes(',');
  if (multiline) {
    let lineStart = last.from;
    while (lineStart > 0 && src.text[lineStart - 1] !== '\n') lineStart--;
    const firstOfLast = items.length ? items[items.length - 1]! : last;
    let ls = Math.min(lineStart, firstOfLast.from);
    while (ls > 0 && src.text[ls - 1] !== '\n') ls--;
    const indent = /^[ \t]*/.exec(src.text.slice(ls))![0];
    const commaPos = hasComma ? last.to + between.indexOf(',') + 1 : last.to;
    return editAt(src.file, src.text, commaPos, commaPos, `${hasComma ? '' : ','}\n${indent}${elementText},`, src.starts);
  }
  if (hasComma) {
    const commaPos = last.to + between.indexOf(',') + 1;
    return editAt(src.file, src.text, commaPos, commaPos, ` ${elementText}`, src.starts);
  }
  return editAt(src.file, src.text, last.to, last.to, `, ${elementText}`, src.starts);
}
