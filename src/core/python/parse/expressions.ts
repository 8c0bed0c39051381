/**
 * Converts lezer expression nodes into the AST (and parameter lists and call arguments, which
 * lambdas and calls need). StatementConverter extends it with statements.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Arg, CompFor, Expr, FPart, Param, Span } from '../ast';
import { decodeBody, decodeStringToken, parseNumber } from './literals';
import { compareOp, ConvertError, kids, MAX_EXPR_DEPTH } from './nodes';

/** Converts lezer expression nodes of one source text into AST expressions. */
export class ExpressionConverter {
  readonly errors: number[] = [];

  constructor(protected readonly src: string) {}

  protected text(n: SyntaxNode | Span): string {
    return this.src.slice(n.from, n.to);
  }

  protected params(node: SyntaxNode): Param[] {
    const out: Param[] = [];
    let seenStar = false;
    const k = kids(node);
    for (let i = 0; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === '*') {
        seenStar = true;
        if (k[i + 1]?.type.name === 'VariableName') {
          out.push({ name: this.text(k[i + 1]), kind: 'vararg', default: null });
          i++;
        }
      } else if (n === '**') {
        out.push({ name: this.text(k[i + 1]), kind: 'kwarg', default: null });
        i++;
      } else if (n === 'VariableName') {
        const p: Param = { name: this.text(k[i]), kind: seenStar ? 'kwonly' : 'normal', default: null };
        let j = i + 1;
        if (k[j]?.type.name === 'TypeDef') j++;
        if (k[j]?.type.name === 'AssignOp') {
          p.default = this.expr(k[j + 1], 0);
          j += 2;
        }
        out.push(p);
        i = j - 1;
      }
    }
    return out;
  }

  protected args(node: SyntaxNode, depth: number): Arg[] {
    const groups: SyntaxNode[][] = [[]];
    for (const c of kids(node)) {
      const n = c.type.name;
      if (n === '(' || n === ')') continue;
      if (n === ',') groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const out: Arg[] = [];
    for (const g of groups) {
      if (!g.length) continue;
      const n0 = g[0].type.name;
      if (n0 === '*' || n0 === '**') out.push({ kind: n0 === '*' ? 'star' : 'dstar', name: null, value: this.expr(g[1], depth + 1) });
      else if (g.length >= 3 && n0 === 'VariableName' && g[1].type.name === 'AssignOp') {
        out.push({ kind: 'kw', name: this.text(g[0]), value: this.expr(g[2], depth + 1) });
      } else if (g.some((c) => c.type.name === 'for')) {
        out.push({ kind: 'pos', name: null, value: this.comprehension(g, 'gen', { from: g[0].from, to: g[g.length - 1].to }, depth + 1) });
      } else out.push({ kind: 'pos', name: null, value: this.expr(g[0], depth + 1) });
    }
    return out;
  }

  /** A comma-separated list of expressions (with optional `*x`): one expression or a tuple. */
  protected exprList(nodes: SyntaxNode[], parent: SyntaxNode, depth: number): Expr {
    const elts: Expr[] = [];
    let comma = false;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i].type.name;
      if (n === ',') {
        comma = true;
        continue;
      }
      if (n === '*') {
        const v = this.expr(nodes[i + 1], depth + 1);
        elts.push({ t: 'Starred', from: nodes[i].from, to: v.to, value: v });
        i++;
        continue;
      }
      elts.push(this.expr(nodes[i], depth + 1));
    }
    if (elts.length === 1 && !comma && elts[0].t !== 'Starred') return elts[0];
    if (!elts.length && !nodes.length) throw new ConvertError(`empty expression in ${parent.type.name}`);
    const from = nodes.length ? nodes[0].from : parent.from;
    const to = nodes.length ? nodes[nodes.length - 1].to : parent.to;
    return { t: 'Tuple', from, to, elts };
  }

  expr(node: SyntaxNode, depth: number): Expr {
    const span = { from: node.from, to: node.to };
    if (depth > MAX_EXPR_DEPTH) return { t: 'Bad', ...span, reason: 'the expression is nested too deeply' };
    const d = depth + 1;
    switch (node.type.name) {
      case 'VariableName':
        return { t: 'Name', ...span, id: this.text(node) };
      case 'Number':
        return this.number(node);
      case 'String':
        return this.string(node);
      case 'FormatString':
        return { t: 'FString', ...span, parts: this.fstring(node, d) };
      case 'ContinuedString': {
        const parts = kids(node).map((c) => this.expr(c, d));
        if (parts.every((p) => p.t === 'Const' && p.value.k === 'str')) {
          return { t: 'Const', ...span, value: { k: 'str', v: parts.map((p) => (p.t === 'Const' && p.value.k === 'str' ? p.value.v : '')).join('') } };
        }
        const bad = parts.find((p) => p.t === 'Bad');
        if (bad) return bad;
        return { t: 'Concat', ...span, parts };
      }
      case 'Ellipsis':
        return { t: 'Const', ...span, value: { k: 'ellipsis' } };
      case 'None':
        return { t: 'Const', ...span, value: { k: 'none' } };
      case 'Boolean':
        return { t: 'Const', ...span, value: { k: 'bool', v: this.text(node) === 'True' } };
      case 'ParenthesizedExpression': {
        const inner = kids(node).filter((c) => c.type.name !== '(' && c.type.name !== ')');
        if (inner.length !== 1) return { t: 'Bad', ...span, reason: 'unsupported parenthesized expression' };
        if (inner[0].type.name === 'YieldExpression') return { t: 'Bad', ...span, reason: 'yield expressions are not evaluated' };
        // Keep the parentheses in the span: origins then cover what the user wrote.
        return { ...this.expr(inner[0], d), ...span };
      }
      case 'TupleExpression':
        return { t: 'Tuple', ...span, elts: this.items(node, d) };
      case 'ArrayExpression':
        return { t: 'List', ...span, elts: this.items(node, d) };
      case 'SetExpression':
        return { t: 'Set', ...span, elts: this.items(node, d) };
      case 'DictionaryExpression':
        return this.dict(node, d);
      case 'ComprehensionExpression':
        return this.comprehension(this.inner(node), 'gen', span, d);
      case 'ArrayComprehensionExpression':
        return this.comprehension(this.inner(node), 'list', span, d);
      case 'SetComprehensionExpression':
        return this.comprehension(this.inner(node), 'set', span, d);
      case 'DictionaryComprehensionExpression':
        return this.comprehension(this.inner(node), 'dict', span, d);
      case 'CallExpression': {
        const k = kids(node);
        return { t: 'Call', ...span, func: this.expr(k[0], d), args: this.args(k[1], d) };
      }
      case 'MemberExpression':
        return this.member(node, d);
      case 'UnaryExpression': {
        const k = kids(node);
        const op = this.text(k[0]);
        if (op === 'not') return this.boolExpr(node, d);
        const operand = this.expr(k[1], d);
        if (op === '-' || op === '+' || op === '~') return { t: 'Unary', ...span, op, operand };
        return { t: 'Bad', ...span, reason: `unsupported operator ${op}` };
      }
      case 'BinaryExpression':
        return this.binary(node, d);
      case 'ConditionalExpression': {
        const k = kids(node);
        return { t: 'IfExp', ...span, body: this.expr(k[0], d), test: this.expr(k[2], d), orelse: this.expr(k[4], d) };
      }
      case 'LambdaExpression': {
        const k = kids(node);
        const pl = k.find((c) => c.type.name === 'ParamList');
        return { t: 'Lambda', ...span, params: pl ? this.params(pl) : [], body: this.expr(k[k.length - 1], d) };
      }
      case 'NamedExpression': {
        const k = kids(node);
        return { t: 'NamedExpr', ...span, target: this.text(k[0]), value: this.expr(k[2], d) };
      }
      case 'AwaitExpression':
        return { t: 'Bad', ...span, reason: 'await expressions are not evaluated' };
      case 'YieldExpression':
        return { t: 'Bad', ...span, reason: 'yield expressions are not evaluated' };
      default:
        return { t: 'Bad', ...span, reason: `unsupported syntax (${node.type.name})` };
    }
  }

  protected inner(node: SyntaxNode): SyntaxNode[] {
    const k = kids(node);
    return k.slice(1, -1);
  }

  protected items(node: SyntaxNode, depth: number): Expr[] {
    const out: Expr[] = [];
    const k = this.inner(node);
    for (let i = 0; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === ',') continue;
      if (n === '*') {
        const v = this.expr(k[i + 1], depth);
        out.push({ t: 'Starred', from: k[i].from, to: v.to, value: v });
        i++;
      } else out.push(this.expr(k[i], depth));
    }
    return out;
  }

  protected dict(node: SyntaxNode, depth: number): Expr {
    const keys: (Expr | null)[] = [];
    const values: Expr[] = [];
    const k = this.inner(node);
    for (let i = 0; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === ',') continue;
      if (n === '**') {
        keys.push(null);
        values.push(this.expr(k[i + 1], depth));
        i++;
      } else {
        keys.push(this.expr(k[i], depth));
        values.push(this.expr(k[i + 2], depth));
        i += 2;
      }
    }
    return { t: 'Dict', from: node.from, to: node.to, keys, values };
  }

  protected comprehension(k: SyntaxNode[], kind: 'list' | 'set' | 'dict' | 'gen', span: Span, depth: number): Expr {
    let i = 0;
    let value: Expr | null = null;
    if (k[0].type.name === '*' || k[0].type.name === '**') return { t: 'Bad', ...span, reason: 'unpacking in comprehensions' };
    const elt = this.expr(k[0], depth);
    i = 1;
    if (kind === 'dict') {
      value = this.expr(k[2], depth);
      i = 3;
    }
    const gens: CompFor[] = [];
    while (i < k.length) {
      const n = k[i].type.name;
      if (n === 'async') return { t: 'Bad', ...span, reason: 'async comprehensions are not evaluated' };
      if (n === 'for') {
        const inIdx = k.findIndex((c, j) => j > i && c.type.name === 'in');
        const target = this.exprList(k.slice(i + 1, inIdx), k[i], depth);
        const iter = this.expr(k[inIdx + 1], depth);
        gens.push({ target, iter, ifs: [] });
        i = inIdx + 2;
      } else if (n === 'if') {
        if (!gens.length) return { t: 'Bad', ...span, reason: 'malformed comprehension' };
        gens[gens.length - 1].ifs.push(this.expr(k[i + 1], depth));
        i += 2;
      } else i++;
    }
    if (!gens.length) return { t: 'Bad', ...span, reason: 'malformed comprehension' };
    return { t: 'Comp', ...span, kind, elt, value, gens };
  }

  protected member(node: SyntaxNode, depth: number): Expr {
    const span = { from: node.from, to: node.to };
    const k = kids(node);
    const obj = this.expr(k[0], depth);
    if (k[1]?.type.name === '.') {
      if (!k[2]) return { t: 'Bad', ...span, reason: 'incomplete attribute access' };
      return { t: 'Attr', ...span, obj, attr: this.text(k[2]) };
    }
    // Subscript: items between "[" and "]", separated by commas; ":" makes a slice.
    const inner = k.slice(2, -1);
    const groups: SyntaxNode[][] = [[]];
    for (const c of inner) {
      if (c.type.name === ',') groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const comma = groups.length > 1;
    const items = groups.filter((g) => g.length).map((g) => this.subscriptItem(g, depth));
    if (!items.length) return { t: 'Bad', ...span, reason: 'empty subscript' };
    const index: Expr = items.length === 1 && !comma ? items[0] : { t: 'Tuple', from: inner[0].from, to: inner[inner.length - 1].to, elts: items };
    return { t: 'Subscript', ...span, obj, index };
  }

  protected subscriptItem(g: SyntaxNode[], depth: number): Expr {
    if (!g.some((c) => c.type.name === ':')) return this.expr(g[0], depth);
    const parts: (Expr | null)[] = [null, null, null];
    let slot = 0;
    for (const c of g) {
      if (c.type.name === ':') slot++;
      else if (slot < 3) parts[slot] = this.expr(c, depth);
    }
    return { t: 'Slice', from: g[0].from, to: g[g.length - 1].to, lower: parts[0], upper: parts[1], step: parts[2] };
  }

  protected binary(node: SyntaxNode, depth: number): Expr {
    const span = { from: node.from, to: node.to };
    const k = kids(node);
    const left = k[0];
    const right = k[k.length - 1];
    const opNodes = k.slice(1, -1);
    const opText = opNodes.map((c) => this.text(c)).join(' ');
    if (opText === 'and' || opText === 'or') return this.boolExpr(node, depth);
    const cmp = compareOp(opText);
    if (cmp) {
      // lezer nests `a < b < c` as ((a < b) < c); Python chains it as (a < b) and (b < c).
      const l = this.expr(left, depth);
      const r = this.expr(right, depth);
      if (left.type.name === 'BinaryExpression' && l.t === 'Compare') {
        return { t: 'Compare', ...span, left: l.left, ops: [...l.ops, cmp], rights: [...l.rights, r] };
      }
      return { t: 'Compare', ...span, left: l, ops: [cmp], rights: [r] };
    }
    return { t: 'BinOp', ...span, op: opText, left: this.expr(left, depth), right: this.expr(right, depth) };
  }

  /**
   * and / or / not. lezer-python parses `not a and b` as `not (a and b)`; Python binds `not`
   * tighter than `and` and `or`, so the operands are flattened and regrouped here.
   */
  protected boolExpr(node: SyntaxNode, depth: number): Expr {
    type Tok = SyntaxNode | { op: 'and' | 'or' } | { op: 'not'; from: number };
    const seq: Tok[] = [];
    const flatten = (n: SyntaxNode, d: number): void => {
      const k = kids(n);
      if (d < MAX_EXPR_DEPTH && n.type.name === 'BinaryExpression' && k.length === 3 && (k[1].type.name === 'and' || k[1].type.name === 'or')) {
        flatten(k[0], d + 1);
        seq.push({ op: k[1].type.name as 'and' | 'or' });
        flatten(k[2], d + 1);
      } else if (d < MAX_EXPR_DEPTH && n.type.name === 'UnaryExpression' && k.length === 2 && k[0].type.name === 'not') {
        seq.push({ op: 'not', from: n.from });
        flatten(k[1], d + 1);
      } else seq.push(n);
    };
    flatten(node, depth);
    let i = 0;
    const isOp = (t: Tok | undefined, op: string): boolean => !!t && 'op' in t && t.op === op;
    const operand = (): Expr => {
      const t = seq[i++];
      if (t && 'op' in t && t.op === 'not') {
        const inner = operand();
        return { t: 'Not', from: t.from, to: inner.to, operand: inner };
      }
      if (!t || 'op' in t) throw new ConvertError('malformed boolean expression');
      return this.expr(t, depth + 1);
    };
    const andExpr = (): Expr => {
      let left = operand();
      while (isOp(seq[i], 'and')) {
        i++;
        const right = operand();
        left = { t: 'BoolOp', from: left.from, to: right.to, op: 'and', left, right };
      }
      return left;
    };
    let left = andExpr();
    while (isOp(seq[i], 'or')) {
      i++;
      const right = andExpr();
      left = { t: 'BoolOp', from: left.from, to: right.to, op: 'or', left, right };
    }
    return left;
  }

  protected number(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    const raw = this.text(node).replace(/_/g, '');
    const lit = parseNumber(raw);
    if (!lit) return { t: 'Bad', ...span, reason: /[jJ]$/.test(raw) ? 'complex numbers are not evaluated' : `the number ${raw} is too large to evaluate` };
    return { t: 'Const', ...span, value: lit };
  }

  protected string(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    const r = decodeStringToken(this.text(node));
    if (typeof r !== 'string') return { t: 'Bad', ...span, reason: r.error };
    return { t: 'Const', ...span, value: { k: 'str', v: r } };
  }

  protected fstring(node: SyntaxNode, depth: number): FPart[] {
    const text = this.text(node);
    const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
    if (!m) throw new ConvertError('malformed f-string');
    const raw = /r/i.test(m[1]);
    const contentStart = node.from + m[0].length;
    const contentEnd = node.to - m[2].length;
    return this.fparts(node, contentStart, contentEnd, raw, depth);
  }

  protected fparts(node: SyntaxNode, start: number, end: number, raw: boolean, depth: number): FPart[] {
    const parts: FPart[] = [];
    let pos = start;
    const pushText = (to: number): void => {
      if (to <= pos) return;
      const t = decodeBody(this.src.slice(pos, to), raw, true);
      if (typeof t !== 'string') throw new ConvertError(t.error);
      if (t) parts.push(t);
    };
    for (const c of kids(node)) {
      if (c.type.name !== 'FormatReplacement') continue;
      pushText(c.from);
      parts.push(this.replacement(c, raw, depth));
      pos = c.to;
    }
    pushText(end);
    return parts;
  }

  protected replacement(node: SyntaxNode, raw: boolean, depth: number): FPart {
    const k = kids(node);
    const exprNodes: SyntaxNode[] = [];
    let selfDoc: string | null = null;
    let conversion: 's' | 'r' | 'a' | null = null;
    let spec: FPart[] | null = null;
    for (const c of k.slice(1)) {
      const n = c.type.name;
      if (n === 'FormatSelfDoc') selfDoc = this.src.slice(node.from + 1, c.to);
      else if (n === 'FormatConversion') conversion = this.text(c).slice(1) as 's' | 'r' | 'a';
      else if (n === 'FormatSpec') spec = this.fparts(c, c.from + 1, c.to, raw, depth);
      else if (n !== '}' && n !== '{') exprNodes.push(c);
    }
    if (!exprNodes.length) throw new ConvertError('empty f-string field');
    return { expr: this.exprList(exprNodes, node, depth), selfDoc, conversion, spec };
  }
}
