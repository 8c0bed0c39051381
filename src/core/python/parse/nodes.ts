/**
 * Questions about lezer syntax nodes the converter asks: children without comments, where the
 * first error is, which names a (possibly broken) statement assigns.
 */
import type { SyntaxNode } from '@lezer/common';
import type { CmpOp } from '../ast';

/** Deeper expressions than this are not converted (Python itself would hit its recursion limit). */
export const MAX_EXPR_DEPTH = 300;
/** CPython allows at most 100 indentation levels. */
export const MAX_BLOCK_DEPTH = 100;

/** Thrown where a node cannot be converted; the enclosing statement becomes a Skip. */
export class ConvertError extends Error {}

function isComment(n: SyntaxNode): boolean {
  return n.type.name === 'Comment';
}

/** Children of a node, without comments (lezer keeps skipped Comment nodes in the tree). */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!isComment(c)) out.push(c);
  return out;
}

/** True when the node or a descendant is a parse error. */
export function containsError(node: SyntaxNode): boolean {
  const c = node.cursor();
  let depth = 0;
  for (;;) {
    if (c.type.isError) return true;
    if (c.firstChild()) {
      depth++;
      continue;
    }
    while (depth > 0 && !c.nextSibling()) {
      c.parent();
      depth--;
    }
    if (depth === 0) return false;
  }
}

/** Offset of the first parse error under the node. */
export function firstErrorOffset(node: SyntaxNode): number {
  const c = node.cursor();
  let depth = 0;
  for (;;) {
    if (c.type.isError) return c.from;
    if (c.firstChild()) {
      depth++;
      continue;
    }
    while (depth > 0 && !c.nextSibling()) {
      c.parent();
      depth--;
    }
    if (depth === 0) return node.from;
  }
}

const COMPARE_OPS = new Set(['<', '>', '==', '>=', '<=', '!=', '<>']);

/** Statement node types that contain blocks. */
export const COMPOUND = new Set(['IfStatement', 'WhileStatement', 'ForStatement', 'TryStatement', 'WithStatement', 'FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'MatchStatement']);

/** The comparison operator of an operator token, or null. */
export function compareOp(text: string): CmpOp | null {
  if (COMPARE_OPS.has(text)) return text === '<>' ? '!=' : (text as CmpOp);
  if (text === 'in' || text === 'not in' || text === 'is' || text === 'is not') return text;
  return null;
}

/** True when a function body yields (a generator: not evaluated), not counting nested functions. */
export function containsYield(node: SyntaxNode): boolean {
  // A yield inside a nested def or lambda does not make this function a generator.
  const c = node.cursor();
  let depth = 0;
  for (;;) {
    const n = c.type.name;
    if (n === 'YieldExpression' || n === 'YieldStatement' || n === 'yield') return true;
    const nested = depth > 0 && (n === 'FunctionDefinition' || n === 'ClassDefinition' || n === 'LambdaExpression');
    if (!nested && c.firstChild()) {
      depth++;
      continue;
    }
    while (depth > 0 && !c.nextSibling()) {
      c.parent();
      depth--;
    }
    if (depth === 0) return false;
  }
}

/** Names a statement (even a broken one) may bind: assignment targets, loop variables, defs,
 *  imports. Used to make them unknown when the statement cannot be evaluated. */
export function assignedInNode(node: SyntaxNode, src: string): string[] {
  const textOf = (n: SyntaxNode): string => src.slice(n.from, n.to);
  const names = new Set<string>();
  const visit = (n: SyntaxNode, depth: number): void => {
    if (depth > 60) return;
    const k = kids(n);
    switch (n.type.name) {
      case 'AssignStatement': {
        const lastOp = k.map((c) => c.type.name).lastIndexOf('AssignOp');
        const targets = lastOp >= 0 ? k.slice(0, lastOp) : k.filter((c) => c.type.name !== 'TypeDef');
        for (const t of targets) targetNames(t, names, src);
        break;
      }
      case 'UpdateStatement':
        if (k[0]) targetNames(k[0], names, src);
        break;
      case 'ForStatement': {
        const inIdx = k.findIndex((c) => c.type.name === 'in');
        for (const t of k.slice(1, inIdx < 0 ? k.length : inIdx)) targetNames(t, names, src);
        break;
      }
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const v = k.find((c) => c.type.name === 'VariableName');
        if (v) names.add(textOf(v));
        return;
      }
      case 'ImportStatement': {
        // `import a.b` binds a; `import a as b` / `from x import a as b` bind b; `from x import a` binds a.
        const isFrom = k[0]?.type.name === 'from';
        const importIdx = k.findIndex((c) => c.type.name === 'import');
        const rest = isFrom ? k.slice(importIdx + 1) : k.slice(1);
        let expectFirst = true;
        for (let i = 0; i < rest.length; i++) {
          const c = rest[i];
          if (c.type.name === ',') expectFirst = true;
          else if (c.type.name === 'VariableName') {
            if (rest[i + 1]?.type.name === 'as') continue;
            if (rest[i - 1]?.type.name === 'as' || expectFirst) names.add(textOf(c));
            expectFirst = false;
          }
        }
        return;
      }
      case 'NamedExpression':
        if (k[0]?.type.name === 'VariableName') names.add(textOf(k[0]));
        break;
      case 'WithStatement':
        for (let i = 0; i < k.length; i++) if (k[i].type.name === 'as' && k[i + 1]) targetNames(k[i + 1], names, src);
        break;
      case 'MatchStatement':
        break;
    }
    for (const c of k) visit(c, depth + 1);
  };
  visit(node, 0);
  names.delete('');
  return [...names];
}

function targetNames(n: SyntaxNode, out: Set<string>, src: string): void {
  const textOf = (x: SyntaxNode): string => src.slice(x.from, x.to);
  const name = n.type.name;
  if (name === 'VariableName') out.add(textOf(n));
  else if (name === 'TupleExpression' || name === 'ArrayExpression' || name === 'ParenthesizedExpression') for (const c of kids(n)) targetNames(c, out, src);
  else if (name === 'MemberExpression') {
    // `X[k] = …` / `X.a = …` mutates X: report the root so that it becomes unknown too.
    let root: SyntaxNode | null = n;
    while (root && root.type.name === 'MemberExpression') root = root.firstChild;
    if (root && root.type.name === 'VariableName') out.add(textOf(root));
  }
}

/** Best-effort names assigned in unparseable text (`NAME = …` at the start of a line). */
export function assignedInText(text: string): string[] {
  const out = new Set<string>();
  const re = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)/gm;
  let m;
  while ((m = re.exec(text))) out.add(m[1]);
  return [...out];
}
