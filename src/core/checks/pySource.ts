import type { SyntaxNode, Tree } from '@lezer/common';
import { parsePythonTree, type EarlierParse } from '../python/parse/parseModule';
import type { SourceRange } from '../model';
import { lineStarts, offsetAt, rangeOf } from './textEdits';

/** A parsed Python file: text, syntax tree and line table, shared by every rule in one run. */
export interface PySource {
  file: string;
  text: string;
  tree: Tree;
  starts: number[];
}

/**
 * Parses Python text the way the evaluator does (same parser, same parse); `tree`, when given, is
 * that parse of exactly this text done already (SyntaxTrees); `earlier`, an earlier text of the same
 * file and its tree, whose unchanged parts the parse reuses.
 */
export function parsePySource(file: string, text: string, tree?: Tree, earlier?: EarlierParse): PySource {
  return { file, text, tree: tree ?? parsePythonTree(text, Infinity, earlier)!, starts: lineStarts(text) };
}

/** The text of a node. */
export function nodeText(src: PySource, node: SyntaxNode): string {
  return src.text.slice(node.from, node.to);
}

/** The SourceRange of a node. */
export function nodeRange(src: PySource, node: SyntaxNode): SourceRange {
  return rangeOf(src.file, src.text, node.from, node.to, src.starts);
}

/** Offsets of a SourceRange in this file. */
export function offsetsOf(src: PySource, r: SourceRange): { from: number; to: number } {
  return { from: offsetAt(src.text, r.line, r.column, src.starts), to: offsetAt(src.text, r.endLine, r.endColumn, src.starts) };
}

/**
 * The expression node spanning exactly `range` (an origin from the evaluator), the outermost when
 * several share the span; undefined when no single node does (a bare tuple `a, b`).
 */
export function nodeAtRange(src: PySource, r: SourceRange): SyntaxNode | undefined {
  if (r.file !== src.file) return undefined;
  const { from, to } = offsetsOf(src, r);
  let node: SyntaxNode | null = src.tree.resolveInner(from, 1);
  let found: SyntaxNode | undefined;
  while (node) {
    if (node.from === from && node.to === to) found = node;
    if (node.from < from || node.to > to) break;
    node = node.parent;
  }
  return found;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '*', '**', 'Comment']);

/** The element nodes of a list, tuple, set or parenthesised expression (punctuation skipped). */
export function elementsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!PUNCTUATION.has(c.name)) out.push(c);
  return out;
}

/** A plain (non-bytes) string literal: where its content is, and its value when it has no escapes. */
export interface StringLiteral {
  node: SyntaxNode;
  prefix: string;
  quote: string;
  /** Offsets of the content between the quotes. */
  contentFrom: number;
  contentTo: number;
  /** The value; undefined when escapes or f-string fields make it differ from the content. */
  value: string | undefined;
  formatted: boolean;
}

/** Describes a String / FormatString node; undefined for bytes, concatenations and anything else. */
export function stringLiteral(src: PySource, node: SyntaxNode | undefined | null): StringLiteral | undefined {
  if (!node || (node.name !== 'String' && node.name !== 'FormatString')) return undefined;
  const raw = nodeText(src, node);
  const m = /^([rRuUfFbB]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1]!;
  const quote = m[2]!;
  if (/b/i.test(prefix) || !raw.endsWith(quote) || raw.length < prefix.length + quote.length * 2) return undefined;
  const contentFrom = node.from + prefix.length + quote.length;
  const contentTo = node.to - quote.length;
  const content = src.text.slice(contentFrom, contentTo);
  const formatted = /f/i.test(prefix) || node.name === 'FormatString';
  const hasEscape = !/r/i.test(prefix) && content.includes('\\');
  const value = formatted && /[{}]/.test(content) ? undefined : hasEscape ? undefined : content;
  return { node, prefix, quote, contentFrom, contentTo, value, formatted };
}

/** The value of a plain string literal node, or undefined. */
export function stringValue(src: PySource, node: SyntaxNode | undefined | null): string | undefined {
  return stringLiteral(src, node)?.value;
}

/** One argument of a call. */
export interface CallArgument {
  /** Keyword name, undefined for positional arguments. */
  name?: string;
  value: SyntaxNode;
  /** `*x` or `**x`: the arguments it stands for are unknown. */
  star?: '*' | '**';
}

/** The arguments of a CallExpression (or of an ArgList node). */
export function callArguments(src: PySource, call: SyntaxNode): CallArgument[] {
  const list = call.name === 'ArgList' ? call : call.getChild('ArgList');
  if (!list) return [];
  const out: CallArgument[] = [];
  let pendingName: string | undefined;
  let pendingStar: '*' | '**' | undefined;
  let prev: SyntaxNode | null = null;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',' || c.name === 'Comment') {
      prev = c;
      continue;
    }
    if (c.name === '*' || c.name === '**') {
      pendingStar = c.name;
      prev = c;
      continue;
    }
    if (c.name === 'AssignOp' && prev && prev.name === 'VariableName') {
      // The previous node was the keyword's name, not a positional argument.
      out.pop();
      pendingName = nodeText(src, prev);
      prev = c;
      continue;
    }
    out.push({ value: c, ...(pendingName !== undefined ? { name: pendingName } : {}), ...(pendingStar ? { star: pendingStar } : {}) });
    pendingName = undefined;
    pendingStar = undefined;
    prev = c;
  }
  return out;
}

/** "models.FileField" for the callee of a call; undefined when it is not a dotted name. */
export function calleeName(src: PySource, call: SyntaxNode): string | undefined {
  const callee = call.firstChild;
  return callee ? dottedName(src, callee) : undefined;
}

/** The dotted text of a VariableName / MemberExpression chain, else undefined. */
export function dottedName(src: PySource, node: SyntaxNode): string | undefined {
  if (node.name === 'VariableName') return nodeText(src, node);
  if (node.name === 'MemberExpression') {
    const obj = node.firstChild;
    const prop = node.lastChild;
    if (!obj || !prop || prop.name !== 'PropertyName') return undefined;
    const left = dottedName(src, obj);
    return left === undefined ? undefined : `${left}.${nodeText(src, prop)}`;
  }
  return undefined;
}

/** Calls every `visit` for each node named in `names`, iteratively (no recursion: deep trees are safe). */
export function forEachNode(src: PySource, names: ReadonlySet<string>, visit: (node: SyntaxNode) => void, limit = 200_000): void {
  const cursor = src.tree.cursor();
  let steps = 0;
  for (;;) {
    if (names.has(cursor.name)) visit(cursor.node);
    if (++steps > limit) return;
    if (cursor.firstChild()) continue;
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return;
    }
  }
}

/** Top-level statements of the module. */
export function topLevelStatements(src: PySource): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = src.tree.topNode.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The imported names of `from <module> import a, b as c` statements at the top level: local name -> "module.name". */
export function fromImports(src: PySource): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of topLevelStatements(src)) {
    if (st.name !== 'ImportStatement') continue;
    const text = nodeText(src, st).replace(/\s+/g, ' ').replace(/[()\\]/g, '');
    const m = /^from ([\w.]+) import (.+)$/.exec(text.trim());
    if (m) {
      for (const part of m[2]!.split(',')) {
        const pm = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (pm) out.set(pm[2] ?? pm[1]!, `${m[1]}.${pm[1]}`);
      }
      continue;
    }
    const im = /^import (.+)$/.exec(text.trim());
    if (im) {
      for (const part of im[1]!.split(',')) {
        const pm = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (pm) out.set(pm[2] ?? pm[1]!.split('.')[0]!, pm[2] ? pm[1]! : pm[1]!.split('.')[0]!);
      }
    }
  }
  return out;
}

/** The indentation (leading whitespace) of the line holding `offset`. */
export function indentationAt(src: PySource, offset: number): string {
  let start = offset;
  while (start > 0 && src.text[start - 1] !== '\n' && src.text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(src.text.slice(start))![0];
}
