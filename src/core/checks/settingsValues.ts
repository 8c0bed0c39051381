import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../model';
import type { CheckContext } from './context';
import type { PySource } from './pySource';
import { elementsOf, stringLiteral, topLevelStatements, nodeText } from './pySource';
import { editAt, eolOf } from './textEdits';
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

/**
 * An edit inserting `lines` (import statements) where Python accepts them and readers expect them:
 * after the module header — the shebang and encoding comments, the docstring and any
 * `from __future__` imports, which must stay first — else before the first statement.
 */
export function importEdit(src: PySource, lines: readonly string[]): TextEdit {
  const eol = eolOf(src.text);
  let after: SyntaxNode | undefined;
  let first: SyntaxNode | undefined;
  for (const st of topLevelStatements(src)) {
    if (st.name === 'Comment') continue;
    first ??= st;
    if (st.name === 'ImportStatement' && /^from\s+__future__\s/.test(nodeText(src, st))) after = st;
    else if (st.name === 'ExpressionStatement' && st === first && /^[rRuU]?("""|'''|"|')/.test(nodeText(src, st)) && /^(String|ContinuedString)$/.test(st.firstChild?.name ?? '')) after = st; // module docstring
    else break;
  }
  if (after) return editAt(src.file, src.text, after.to, after.to, lines.map((l) => eol + l).join(''), src.starts);
  if (first) return editAt(src.file, src.text, first.from, first.from, lines.map((l) => l + eol).join(''), src.starts);
  // Only comments (a shebang, an encoding line): below them.
  const end = src.text.length;
  const needsBreak = end > 0 && !/[\r\n]$/.test(src.text);
  return editAt(src.file, src.text, end, end, (needsBreak ? eol : '') + lines.map((l) => l + eol).join(''), src.starts);
}

/** An edit inserting `import os` where Python accepts it (see importEdit). */
export function osImportEdit(src: PySource): TextEdit {
  return importEdit(src, ['import os']);
}

/**
 * The offset just after the top-level statement holding `offset` (to insert a sibling statement
 * there); undefined inside a block, where a statement at column 0 would end the block early (and
 * break an `else:` that follows).
 */
export function endOfStatementAt(src: PySource, offset: number): number | undefined {
  let node: SyntaxNode | null = src.tree.resolveInner(offset, 1);
  while (node && node.parent && node.parent.name !== 'Script') node = node.parent;
  return node && node.parent?.name === 'Script' ? node.to : undefined;
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
 * An edit adding `elementText` as the last element of a list, tuple, set or dict literal that keeps
 * the file valid Python: into an empty literal as its only element (a one-tuple gets its comma),
 * after the last element's comma (or with one), on a line of its own after any comment that ends
 * the last element's line when the literal spans lines, else inline. Undefined for anything else
 * (a parenthesised expression is not a tuple: `("a")` is a string).
 */
export function appendElementEdit(src: PySource, container: SyntaxNode, elementText: string): TextEdit | undefined {
  if (!LITERALS.has(container.name)) return undefined;
  const open = container.firstChild;
  const close = container.lastChild;
  if (!open || !close || !/^[[({]$/.test(open.name) || !/^[\]})]$/.test(close.name) || open.from === close.from) return undefined;
  const tuple = container.name === 'TupleExpression';
  let last: SyntaxNode | null = close.prevSibling;
  while (last && (last.name === 'Comment' || last.name === ',')) last = last.prevSibling;
  if (!last || last.from <= open.from) {
    // Empty: `[]` -> `["x"]`, `()` -> `("x",)`; a comment inside stays after the element.
    return editAt(src.file, src.text, open.to, open.to, tuple ? `${elementText},` : elementText, src.starts);
  }
  // The comma after the last element, from the tree: a comma in a trailing comment does not count.
  let comma: SyntaxNode | undefined;
  for (let c = last.nextSibling; c && c.from < close.from; c = c.nextSibling) if (c.name === ',') comma = c;
  const after = comma ? comma.to : last.to;
  const lineEnd = endOfLine(src.text, after);
  const rest = src.text.slice(after, lineEnd);
  if (lineEnd < close.from && /^[ \t]*(#.*)?$/.test(rest)) {
    // The literal goes on below this line: the element gets a line of its own, indented like the last one.
    const indent = /^[ \t]*/.exec(src.text.slice(startOfLine(src.text, last.from)))![0];
    const eol = eolOf(src.text);
    return editAt(src.file, src.text, after, lineEnd, `${comma ? '' : ','}${rest}${eol}${indent}${elementText},`, src.starts);
  }
  return editAt(src.file, src.text, after, after, comma ? ` ${elementText}` : `, ${elementText}`, src.starts);
}

const LITERALS = new Set(['ArrayExpression', 'TupleExpression', 'DictionaryExpression', 'SetExpression']);

function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function endOfLine(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
