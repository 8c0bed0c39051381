/**
 * Converts lezer statement nodes into the AST. A statement that cannot be converted becomes a
 * `Skip` that names what it may assign.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Expr, FunctionDef, Handler, Span, Stmt } from '../ast';
import { ExpressionConverter } from './expressions';
import type { ParseSlices } from './slices';
import { assignedInNode, assignedInText, COMPOUND, containsError, containsYield, ConvertError, firstErrorOffset, kids, MAX_BLOCK_DEPTH } from './nodes';

/** The converter of one module's source: statements, and expressions through ExpressionConverter. */
export class StatementConverter extends ExpressionConverter {
  block(node: SyntaxNode, depth: number): Stmt[] {
    const out: Stmt[] = [];
    if (depth > MAX_BLOCK_DEPTH) {
      out.push(this.skip(node, 'blocks are nested too deeply', false));
      return out;
    }
    for (const c of kids(node)) this.child(c, depth, out);
    return out;
  }

  /**
   * {@link block} of a module's top level, with `slices.turn()` awaited between statements once
   * `slices.deadline()` has passed: a long module's conversion must not hold the editor.
   */
  async moduleInSlices(node: SyntaxNode, slices: ParseSlices): Promise<Stmt[]> {
    const out: Stmt[] = [];
    for (const c of kids(node)) {
      this.child(c, 0, out);
      if (performance.now() > slices.deadline()) await slices.turn();
    }
    return out;
  }

  /** Converts one child of a block into `out` (an error node records the syntax error). */
  private child(c: SyntaxNode, depth: number, out: Stmt[]): void {
    const name = c.type.name;
    if (name === ':') return;
    if (c.type.isError) {
      if (c.to > c.from) {
        this.errors.push(c.from);
        out.push({ t: 'Skip', from: c.from, to: c.to, reason: 'this line has a syntax error', assigned: assignedInText(this.text(c)), syntaxError: true });
      } else if (!this.errors.length || this.errors[this.errors.length - 1] !== c.from) {
        this.errors.push(c.from);
      }
      return;
    }
    this.stmt(c, depth, out);
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
    const stmt: Stmt = { t: 'Assign', ...span, targets, value: this.exprList(last, node, 0) };
    if (annotated) stmt.annotated = true;
    return stmt;
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
}
