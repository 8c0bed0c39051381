/**
 * Parses Python source with @lezer/python (error tolerant) and converts the tree into the compact
 * AST of ast.ts. Broken statements become `Skip` nodes that name what they may have assigned, so
 * the evaluator can make those names unknown instead of silently keeping older values.
 */
import { parser } from '../pythonParser';
import type { SyntaxNode } from '@lezer/common';
import type { Arg, CmpOp, CompFor, Expr, FPart, FunctionDef, Handler, Literal, ModuleAst, Param, Span, Stmt } from './ast';

/** CPython's tokenizer refuses more than 200 nested brackets ("too many nested parentheses"). */
const MAX_BRACKET_DEPTH = 200;
/** Deeper expressions than this are not converted (Python itself would hit its recursion limit). */
const MAX_EXPR_DEPTH = 300;
/** CPython allows at most 100 indentation levels. */
const MAX_BLOCK_DEPTH = 100;
/** Pathological inputs (pages of stray brackets) make lezer's error recovery slow; past this
 *  budget the file is reported as unparseable rather than hanging the host. */
const PARSE_TIME_LIMIT_MS = 2000;

/** Parses a module's source text into the evaluator's AST. Never throws. */
export function parseModule(source: string): ModuleAst {
  const lineStarts = computeLineStarts(source);
  const empty = (failure: string): ModuleAst => ({ body: [], source, lineStarts, syntaxErrors: [], failure });
  const depth = maxBracketDepth(source);
  if (depth > MAX_BRACKET_DEPTH) {
    return empty(`brackets are nested ${depth} levels deep; Python refuses more than ${MAX_BRACKET_DEPTH} (SyntaxError: too many nested parentheses)`);
  }
  let tree;
  try {
    const parse = parser.startParse(source);
    const start = performance.now();
    let steps = 0;
    for (;;) {
      tree = parse.advance();
      if (tree) break;
      if ((++steps & 1023) === 0 && performance.now() - start > PARSE_TIME_LIMIT_MS) {
        return empty('the file could not be parsed in reasonable time (it is probably not valid Python)');
      }
    }
  } catch (e) {
    return empty(`the parser failed: ${String(e)}`);
  }
  const conv = new Converter(source);
  let body: Stmt[];
  try {
    body = conv.block(tree.topNode, 0);
  } catch (e) {
    return empty(`the syntax tree could not be converted: ${String(e)}`);
  }
  const errors = [...new Set(conv.errors)].sort((a, b) => a - b);
  return { body, source, lineStarts, syntaxErrors: errors, failure: null };
}

function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Deepest bracket nesting outside strings and comments (a cheap pre-check before parsing). */
export function maxBracketDepth(s: string): number {
  let depth = 0;
  let max = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i];
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = s[i + 1] === c && s[i + 2] === c;
      const raw = isRawPrefix(s, i);
      i += triple ? 3 : 1;
      while (i < n) {
        const d = s[i];
        if (d === '\\' && !raw) {
          i += 2;
          continue;
        }
        if (d === '\\' && raw) {
          i += 2;
          continue;
        }
        if (!triple && d === '\n') break;
        if (d === c && (!triple || (s[i + 1] === c && s[i + 2] === c))) {
          i += triple ? 3 : 1;
          break;
        }
        i++;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > max) max = depth;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth > 0) depth--;
    }
    i++;
  }
  return max;
}

function isRawPrefix(s: string, quoteAt: number): boolean {
  let j = quoteAt - 1;
  while (j >= 0 && /[rRbBuUfF]/.test(s[j])) {
    if (s[j] === 'r' || s[j] === 'R') return true;
    j--;
  }
  return false;
}

class ConvertError extends Error {}

function isComment(n: SyntaxNode): boolean {
  return n.type.name === 'Comment';
}

/** Children of a node, without comments (lezer keeps skipped Comment nodes in the tree). */
function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!isComment(c)) out.push(c);
  return out;
}

function containsError(node: SyntaxNode): boolean {
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

function firstErrorOffset(node: SyntaxNode): number {
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

class Converter {
  readonly errors: number[] = [];

  constructor(private readonly src: string) {}

  private text(n: SyntaxNode | Span): string {
    return this.src.slice(n.from, n.to);
  }

  // ---------------------------------------------------------------- statements

  block(node: SyntaxNode, depth: number): Stmt[] {
    const out: Stmt[] = [];
    if (depth > MAX_BLOCK_DEPTH) {
      out.push(this.skip(node, 'blocks are nested too deeply', false));
      return out;
    }
    for (const c of kids(node)) {
      const name = c.type.name;
      if (name === ':') continue;
      if (c.type.isError) {
        if (c.to > c.from) {
          this.errors.push(c.from);
          out.push({ t: 'Skip', from: c.from, to: c.to, reason: 'this line has a syntax error', assigned: assignedInText(this.text(c)), syntaxError: true });
        } else if (!this.errors.length || this.errors[this.errors.length - 1] !== c.from) {
          this.errors.push(c.from);
        }
        continue;
      }
      this.stmt(c, depth, out);
    }
    return out;
  }

  private skip(node: SyntaxNode, reason: string, syntaxError: boolean): Stmt {
    return { t: 'Skip', from: node.from, to: node.to, reason, assigned: assignedInNode(node, this.src), syntaxError };
  }

  private stmt(node: SyntaxNode, depth: number, out: Stmt[]): void {
    const name = node.type.name;
    const compound = COMPOUND.has(name);
    // Simple statements: any error inside breaks them. Compound ones: only the header counts;
    // errors inside the body are handled statement by statement.
    const broken = compound ? kids(node).some((k) => k.type.name !== 'Body' && !k.type.name.endsWith('Definition') && !k.type.name.startsWith('Decorator') && containsError(k)) : containsError(node);
    if (broken) {
      // Report the statement's first line: lezer notices the error later (an unclosed bracket
      // is detected lines after it was opened).
      this.errors.push(Math.min(node.from, firstErrorOffset(node)));
      out.push(this.skip(node, 'this statement has a syntax error', true));
      return;
    }
    try {
      this.stmtInner(node, depth, out);
    } catch (e) {
      if (!(e instanceof ConvertError)) throw e;
      out.push(this.skip(node, e.message, false));
    }
  }

  private stmtInner(node: SyntaxNode, depth: number, out: Stmt[]): void {
    const span = { from: node.from, to: node.to };
    const k = kids(node);
    switch (node.type.name) {
      case 'StatementGroup':
        for (const c of k) if (c.type.name !== ';') this.stmt(c, depth, out);
        return;
      case 'AssignStatement':
        out.push(this.assign(node, k));
        return;
      case 'UpdateStatement': {
        const opIdx = k.findIndex((c) => c.type.name === 'UpdateOp');
        const target = this.exprList(k.slice(0, opIdx), node, depth);
        const value = this.exprList(k.slice(opIdx + 1), node, depth);
        out.push({ t: 'AugAssign', ...span, target, op: this.text(k[opIdx]).slice(0, -1), value });
        return;
      }
      case 'ExpressionStatement':
        out.push({ t: 'Expr', ...span, value: this.exprList(k, node, 0) });
        return;
      case 'PassStatement':
        out.push({ t: 'Pass', ...span });
        return;
      case 'BreakStatement':
        out.push({ t: 'Break', ...span });
        return;
      case 'ContinueStatement':
        out.push({ t: 'Continue', ...span });
        return;
      case 'ReturnStatement': {
        const rest = k.slice(1);
        out.push({ t: 'Return', ...span, value: rest.length ? this.exprList(rest, node, 0) : null });
        return;
      }
      case 'RaiseStatement': {
        const e = k.slice(1).find((c) => c.type.name !== 'from' && c.type.name !== ',');
        out.push({ t: 'Raise', ...span, exc: e ? this.expr(e, 0) : null });
        return;
      }
      case 'DeleteStatement':
        out.push({ t: 'Del', ...span, targets: k.slice(1).filter((c) => c.type.name !== ',').map((c) => this.expr(c, 0)) });
        return;
      case 'AssertStatement': {
        const parts = k.slice(1).filter((c) => c.type.name !== ',');
        out.push({ t: 'Assert', ...span, test: this.expr(parts[0], 0), msg: parts[1] ? this.expr(parts[1], 0) : null });
        return;
      }
      case 'ScopeStatement': {
        const names = k.filter((c) => c.type.name === 'VariableName').map((c) => this.text(c));
        out.push(k[0].type.name === 'global' ? { t: 'Global', ...span, names } : { t: 'Nonlocal', ...span, names });
        return;
      }
      case 'ImportStatement':
        out.push(this.importStmt(node, k));
        return;
      case 'PrintStatement':
        out.push(this.skip(node, 'Python 2 print statement (a SyntaxError in Python 3)', true));
        this.errors.push(node.from);
        return;
      case 'IfStatement':
        out.push(this.ifStmt(node, k, depth));
        return;
      case 'WhileStatement': {
        const bodies = k.filter((c) => c.type.name === 'Body');
        out.push({ t: 'While', ...span, test: this.expr(k[1], 0), body: this.block(bodies[0], depth + 1), orelse: bodies[1] ? this.block(bodies[1], depth + 1) : null });
        return;
      }
      case 'ForStatement': {
        if (k[0].type.name === 'async') throw new ConvertError('async for is not evaluated');
        const inIdx = k.findIndex((c) => c.type.name === 'in');
        const bodyIdx = k.findIndex((c) => c.type.name === 'Body');
        const bodies = k.filter((c) => c.type.name === 'Body');
        out.push({
          t: 'For',
          ...span,
          target: this.exprList(k.slice(1, inIdx), node, 0),
          iter: this.exprList(k.slice(inIdx + 1, bodyIdx), node, 0),
          body: this.block(bodies[0], depth + 1),
          orelse: bodies[1] ? this.block(bodies[1], depth + 1) : null,
        });
        return;
      }
      case 'TryStatement':
        out.push(this.tryStmt(node, k, depth));
        return;
      case 'WithStatement': {
        if (k[0].type.name === 'async') throw new ConvertError('async with is not evaluated');
        const items: { ctx: Expr; target: Expr | null }[] = [];
        let i = 1;
        while (i < k.length && k[i].type.name !== 'Body') {
          if (k[i].type.name === ',') {
            i++;
            continue;
          }
          const ctx = this.expr(k[i], 0);
          let target: Expr | null = null;
          if (k[i + 1]?.type.name === 'as') {
            target = this.expr(k[i + 2], 0);
            i += 3;
          } else i++;
          items.push({ ctx, target });
        }
        out.push({ t: 'With', ...span, items, body: this.block(k[i], depth + 1) });
        return;
      }
      case 'FunctionDefinition':
        out.push({ t: 'Def', ...span, def: this.funcDef(node, k, depth), decorators: [] });
        return;
      case 'ClassDefinition':
        out.push(this.classDef(node, k, depth, []));
        return;
      case 'DecoratedStatement': {
        const decorators = k.filter((c) => c.type.name === 'Decorator').map((d) => this.decorator(d));
        const target = k[k.length - 1];
        const tk = kids(target);
        if (target.type.name === 'FunctionDefinition') out.push({ t: 'Def', ...span, def: this.funcDef(target, tk, depth), decorators });
        else out.push(this.classDef(target, tk, depth, decorators, span));
        return;
      }
      case 'MatchStatement':
        out.push(this.skip(node, 'match statements are not evaluated', false));
        return;
      case 'TypeDefinition':
        out.push(this.skip(node, 'type alias statements are not evaluated', false));
        return;
      default:
        throw new ConvertError(`${node.type.name} is not evaluated`);
    }
  }

  private assign(node: SyntaxNode, k: SyntaxNode[]): Stmt {
    const span = { from: node.from, to: node.to };
    const groups: SyntaxNode[][] = [[]];
    let annotated = false;
    for (const c of k) {
      const n = c.type.name;
      if (n === 'AssignOp') groups.push([]);
      else if (n === 'TypeDef') annotated = true;
      else groups[groups.length - 1].push(c);
    }
    if (groups.length === 1) {
      if (!annotated) throw new ConvertError('unrecognised assignment');
      return { t: 'AnnOnly', ...span, target: this.exprList(groups[0], node, 0) };
    }
    const last = groups[groups.length - 1];
    if (last.some((c) => c.type.name === 'YieldExpression')) throw new ConvertError('yield expressions are not evaluated');
    const targets = groups.slice(0, -1).map((g) => this.exprList(g, node, 0));
    return { t: 'Assign', ...span, targets, value: this.exprList(last, node, 0) };
  }

  private importStmt(node: SyntaxNode, k: SyntaxNode[]): Stmt {
    const span = { from: node.from, to: node.to };
    if (k[0].type.name === 'import') {
      const names: { name: string; asName: string | null }[] = [];
      let cur: string[] = [];
      let asName: string | null = null;
      let expectAs = false;
      const flush = (): void => {
        if (cur.length) names.push({ name: cur.join('.'), asName });
        cur = [];
        asName = null;
      };
      for (const c of k.slice(1)) {
        const n = c.type.name;
        if (n === 'VariableName') {
          if (expectAs) {
            asName = this.text(c);
            expectAs = false;
          } else cur.push(this.text(c));
        } else if (n === 'as') expectAs = true;
        else if (n === ',') flush();
      }
      flush();
      return { t: 'Import', ...span, names };
    }
    // from ... import ...
    let i = 1;
    let level = 0;
    const modParts: string[] = [];
    for (; i < k.length && k[i].type.name !== 'import'; i++) {
      const n = k[i].type.name;
      if (n === '.') level += modParts.length ? 0 : 1;
      else if (n === 'Ellipsis') level += 3;
      else if (n === 'VariableName') modParts.push(this.text(k[i]));
    }
    i++;
    if (k[i]?.type.name === '*') return { t: 'ImportFrom', ...span, level, module: modParts.length ? modParts.join('.') : null, names: null };
    const names: { name: string; asName: string | null }[] = [];
    for (; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === 'VariableName') {
        if (k[i + 1]?.type.name === 'as' && k[i + 2]) {
          names.push({ name: this.text(k[i]), asName: this.text(k[i + 2]) });
          i += 2;
        } else names.push({ name: this.text(k[i]), asName: null });
      }
    }
    return { t: 'ImportFrom', ...span, level, module: modParts.length ? modParts.join('.') : null, names };
  }

  private ifStmt(node: SyntaxNode, k: SyntaxNode[], depth: number): Stmt {
    const tests: Expr[] = [];
    const bodies: Stmt[][] = [];
    let orelse: Stmt[] | null = null;
    for (let i = 0; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === 'if' || n === 'elif') {
        tests.push(this.expr(k[i + 1], 0));
        bodies.push(this.block(k[i + 2], depth + 1));
        i += 2;
      } else if (n === 'else') {
        orelse = this.block(k[i + 1], depth + 1);
        i += 1;
      }
    }
    return { t: 'If', from: node.from, to: node.to, tests, bodies, orelse };
  }

  private tryStmt(node: SyntaxNode, k: SyntaxNode[], depth: number): Stmt {
    let body: Stmt[] = [];
    const handlers: Handler[] = [];
    let orelse: Stmt[] | null = null;
    let finalbody: Stmt[] | null = null;
    for (let i = 0; i < k.length; i++) {
      const n = k[i].type.name;
      if (n === 'try') {
        body = this.block(k[i + 1], depth + 1);
        i++;
      } else if (n === 'except') {
        let j = i + 1;
        if (k[j]?.type.name === '*') j++;
        let type: Expr | null = null;
        let name: string | null = null;
        if (k[j] && k[j].type.name !== 'Body') {
          type = this.expr(k[j], 0);
          j++;
          if (k[j] && (k[j].type.name === 'as' || k[j].type.name === ',')) {
            name = this.text(k[j + 1]);
            j += 2;
          }
        }
        handlers.push({ from: k[i].from, to: k[j].to, type, name, body: this.block(k[j], depth + 1) });
        i = j;
      } else if (n === 'else') {
        orelse = this.block(k[i + 1], depth + 1);
        i++;
      } else if (n === 'finally') {
        finalbody = this.block(k[i + 1], depth + 1);
        i++;
      }
    }
    return { t: 'Try', from: node.from, to: node.to, body, handlers, orelse, finalbody };
  }

  private funcDef(node: SyntaxNode, k: SyntaxNode[], depth: number): FunctionDef {
    const isAsync = k[0].type.name === 'async';
    const nameNode = k.find((c) => c.type.name === 'VariableName');
    const paramNode = k.find((c) => c.type.name === 'ParamList');
    const bodyNode = k.find((c) => c.type.name === 'Body');
    if (!nameNode || !paramNode || !bodyNode) throw new ConvertError('incomplete function definition');
    return {
      from: node.from,
      to: node.to,
      name: this.text(nameNode),
      params: this.params(paramNode),
      body: this.block(bodyNode, depth + 1),
      isGenerator: containsYield(bodyNode),
      isAsync,
    };
  }

  private classDef(node: SyntaxNode, k: SyntaxNode[], depth: number, decorators: Expr[], outer?: Span): Stmt {
    const nameNode = k.find((c) => c.type.name === 'VariableName');
    const argNode = k.find((c) => c.type.name === 'ArgList');
    const bodyNode = k.find((c) => c.type.name === 'Body');
    if (!nameNode || !bodyNode) throw new ConvertError('incomplete class definition');
    return {
      t: 'Class',
      from: outer?.from ?? node.from,
      to: outer?.to ?? node.to,
      name: this.text(nameNode),
      bases: argNode ? this.args(argNode, 0) : [],
      body: this.block(bodyNode, depth + 1),
      decorators,
    };
  }

  private decorator(node: SyntaxNode): Expr {
    const k = kids(node);
    let e: Expr | null = null;
    for (const c of k) {
      const n = c.type.name;
      if (n === 'VariableName') {
        const id = this.text(c);
        e = e ? { t: 'Attr', from: e.from, to: c.to, obj: e, attr: id } : { t: 'Name', from: c.from, to: c.to, id };
      } else if (n === 'ArgList' && e) {
        e = { t: 'Call', from: e.from, to: c.to, func: e, args: this.args(c, 0) };
      }
    }
    if (!e) throw new ConvertError('unrecognised decorator');
    return e;
  }

  private params(node: SyntaxNode): Param[] {
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

  private args(node: SyntaxNode, depth: number): Arg[] {
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

  // ---------------------------------------------------------------- expressions

  /** A comma-separated list of expressions (with optional `*x`): one expression or a tuple. */
  private exprList(nodes: SyntaxNode[], parent: SyntaxNode, depth: number): Expr {
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

  private inner(node: SyntaxNode): SyntaxNode[] {
    const k = kids(node);
    return k.slice(1, -1);
  }

  private items(node: SyntaxNode, depth: number): Expr[] {
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

  private dict(node: SyntaxNode, depth: number): Expr {
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

  private comprehension(k: SyntaxNode[], kind: 'list' | 'set' | 'dict' | 'gen', span: Span, depth: number): Expr {
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

  private member(node: SyntaxNode, depth: number): Expr {
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

  private subscriptItem(g: SyntaxNode[], depth: number): Expr {
    if (!g.some((c) => c.type.name === ':')) return this.expr(g[0], depth);
    const parts: (Expr | null)[] = [null, null, null];
    let slot = 0;
    for (const c of g) {
      if (c.type.name === ':') slot++;
      else if (slot < 3) parts[slot] = this.expr(c, depth);
    }
    return { t: 'Slice', from: g[0].from, to: g[g.length - 1].to, lower: parts[0], upper: parts[1], step: parts[2] };
  }

  private binary(node: SyntaxNode, depth: number): Expr {
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
  private boolExpr(node: SyntaxNode, depth: number): Expr {
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

  private number(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    const raw = this.text(node).replace(/_/g, '');
    const lit = parseNumber(raw);
    if (!lit) return { t: 'Bad', ...span, reason: /[jJ]$/.test(raw) ? 'complex numbers are not evaluated' : `the number ${raw} is too large to evaluate` };
    return { t: 'Const', ...span, value: lit };
  }

  private string(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    const r = decodeStringToken(this.text(node));
    if (typeof r !== 'string') return { t: 'Bad', ...span, reason: r.error };
    return { t: 'Const', ...span, value: { k: 'str', v: r } };
  }

  private fstring(node: SyntaxNode, depth: number): FPart[] {
    const text = this.text(node);
    const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
    if (!m) throw new ConvertError('malformed f-string');
    const raw = /r/i.test(m[1]);
    const contentStart = node.from + m[0].length;
    const contentEnd = node.to - m[2].length;
    return this.fparts(node, contentStart, contentEnd, raw, depth);
  }

  private fparts(node: SyntaxNode, start: number, end: number, raw: boolean, depth: number): FPart[] {
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

  private replacement(node: SyntaxNode, raw: boolean, depth: number): FPart {
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

const COMPOUND = new Set(['IfStatement', 'WhileStatement', 'ForStatement', 'TryStatement', 'WithStatement', 'FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'MatchStatement']);

function compareOp(text: string): CmpOp | null {
  if (COMPARE_OPS.has(text)) return text === '<>' ? '!=' : (text as CmpOp);
  if (text === 'in' || text === 'not in' || text === 'is' || text === 'is not') return text;
  return null;
}

function containsYield(node: SyntaxNode): boolean {
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
function assignedInNode(node: SyntaxNode, src: string): string[] {
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
function assignedInText(text: string): string[] {
  const out = new Set<string>();
  const re = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)/gm;
  let m;
  while ((m = re.exec(text))) out.add(m[1]);
  return [...out];
}

/** Parses a Python number literal (underscores removed). Null for complex or unsafe integers. */
function parseNumber(raw: string): Literal | null {
  if (/[jJ]$/.test(raw)) return null;
  if (/^0[xX]/.test(raw)) return intLiteral(BigInt(raw));
  if (/^0[oO]/.test(raw)) return intLiteral(BigInt('0o' + raw.slice(2)));
  if (/^0[bB]/.test(raw)) return intLiteral(BigInt('0b' + raw.slice(2)));
  if (/[.eE]/.test(raw)) return { k: 'float', v: Number(raw) };
  try {
    return intLiteral(BigInt(raw));
  } catch {
    return null;
  }
}

function intLiteral(b: bigint): Literal | null {
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { k: 'int', v: Number(b) };
}

/** Decodes a complete (non-f) string token: prefix, quotes, escapes. */
export function decodeStringToken(text: string): string | { error: string } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) return { error: 'malformed string literal' };
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return { error: 'bytes literals are not evaluated' };
  const q = m[2];
  if (text.length < m[0].length + q.length || !text.endsWith(q)) return { error: 'unterminated string literal' };
  const body = text.slice(m[0].length, text.length - q.length);
  return decodeBody(body, prefix.includes('r'), false);
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Processes backslash escapes (unless raw) and, in f-string text, doubled braces. */
function decodeBody(body: string, raw: boolean, fstring: boolean): string | { error: string } {
  if (!body.includes('\\') && !(fstring && (body.includes('{{') || body.includes('}}')))) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (fstring && (c === '{' || c === '}') && body[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = body[i + 1];
    if (d === undefined) {
      out += c;
      continue;
    }
    if (raw) {
      // In raw strings a backslash stays, but it still keeps the next character (even a quote).
      out += c + d;
      i++;
      continue;
    }
    if (d === '\n') {
      i++;
      continue;
    }
    if (d === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    if (SIMPLE_ESCAPES[d] !== undefined) {
      out += SIMPLE_ESCAPES[d];
      i++;
      continue;
    }
    if (d >= '0' && d <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < body.length && digits.length < 3 && body[j] >= '0' && body[j] <= '7') digits += body[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
      continue;
    }
    const hexLen = d === 'x' ? 2 : d === 'u' ? 4 : d === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) return { error: 'invalid escape sequence in string literal' };
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return { error: 'invalid escape sequence in string literal' };
      out += String.fromCodePoint(cp);
      i += 1 + hexLen;
      continue;
    }
    if (d === 'N') return { error: 'named unicode escapes (\\N{…}) are not evaluated' };
    // Unknown escapes keep the backslash (Python warns but keeps both characters).
    out += c;
  }
  return out;
}
