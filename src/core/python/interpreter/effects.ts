/**
 * The effects analysis: what a block of statements may assign or mutate, read without running
 * it. The evaluator needs it when it cannot run code precisely (a loop it cannot unroll, a
 * statement it cannot evaluate, code after a syntax error): everything the code may touch is
 * made unknown instead of keeping a value that may be stale.
 */
import type { Expr, FunctionDef, Stmt } from '../ast';

const globalsCache = new WeakMap<FunctionDef, Set<string>>();
/** The names a function declares `global` (anywhere in its body). */
export function globalsOf(def: FunctionDef): Set<string> {
  let s = globalsCache.get(def);
  if (s) return s;
  s = new Set();
  const visit = (stmts: Stmt[]): void => {
    for (const st of stmts) {
      if (st.t === 'Global') for (const n of st.names) (s as Set<string>).add(n);
      else if (st.t === 'If') {
        st.bodies.forEach(visit);
        if (st.orelse) visit(st.orelse);
      } else if (st.t === 'For' || st.t === 'While') {
        visit(st.body);
        if (st.orelse) visit(st.orelse);
      } else if (st.t === 'Try') {
        visit(st.body);
        st.handlers.forEach((h) => visit(h.body));
        if (st.orelse) visit(st.orelse);
        if (st.finalbody) visit(st.finalbody);
      } else if (st.t === 'With') visit(st.body);
    }
  };
  visit(def.body);
  globalsCache.set(def, s);
  return s;
}

/** What a block of statements may do to the state around it. */
export interface Effects {
  assigned: Set<string>;
  mutated: Set<string>;
  env: boolean;
  opaque: boolean;
  /** Names called as functions (their own effects on globals count too). */
  calls: Set<string>;
  /** Module-level names assigned by called functions through `global`. */
  globalAssigned: Set<string>;
  /** Callee name -> root names passed as arguments (a callee may mutate them). */
  callArgs: Map<string, Set<string>>;
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'setdefault', 'pop', 'remove', 'clear', 'add', 'discard', 'sort', 'reverse', 'popitem', '__setitem__']);
const ENV_WRITERS = new Set(['load_dotenv', 'read_env', 'read_dotenv', 'putenv']);

/** What a block may assign or mutate (for making it unknown when it cannot be evaluated). */
export function effectsOf(stmts: Stmt[]): Effects {
  const eff: Effects = { assigned: new Set(), mutated: new Set(), env: false, opaque: false, calls: new Set(), globalAssigned: new Set(), callArgs: new Map() };
  const rootName = (e: Expr): string | null => {
    let cur = e;
    while (cur.t === 'Subscript' || cur.t === 'Attr') cur = cur.obj;
    return cur.t === 'Name' ? cur.id : null;
  };
  const target = (t: Expr): void => {
    if (t.t === 'Name') eff.assigned.add(t.id);
    else if (t.t === 'Tuple' || t.t === 'List') t.elts.forEach(target);
    else if (t.t === 'Starred') target(t.value);
    else {
      const r = rootName(t);
      if (r) eff.mutated.add(r);
      if (t.t === 'Subscript' && t.obj.t === 'Attr' && t.obj.attr === 'environ') eff.env = true;
    }
  };
  const expr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.t) {
      case 'Call': {
        if (e.func.t === 'Attr') {
          const r = rootName(e.func.obj);
          if (MUTATORS.has(e.func.attr) && r) eff.mutated.add(r);
          if (e.func.attr === 'setdefault' || e.func.attr === 'update') {
            if (e.func.obj.t === 'Attr' && e.func.obj.attr === 'environ') eff.env = true;
          }
          if (ENV_WRITERS.has(e.func.attr)) eff.env = true;
          if (e.func.attr === 'update' && e.func.obj.t === 'Call') eff.opaque = true;
          expr(e.func.obj);
        } else if (e.func.t === 'Name') {
          eff.calls.add(e.func.id);
          let roots = eff.callArgs.get(e.func.id);
          if (!roots) eff.callArgs.set(e.func.id, (roots = new Set()));
          for (const a of e.args) {
            const r = rootName(a.value);
            if (r) roots.add(r);
          }
          if (ENV_WRITERS.has(e.func.id)) eff.env = true;
          if (e.func.id === 'exec' || e.func.id === 'setattr') eff.opaque = true;
        } else expr(e.func);
        e.args.forEach((a) => expr(a.value));
        return;
      }
      case 'NamedExpr':
        eff.assigned.add(e.target);
        expr(e.value);
        return;
      case 'BinOp':
      case 'BoolOp':
        expr(e.left);
        expr(e.right);
        return;
      case 'Compare':
        expr(e.left);
        e.rights.forEach(expr);
        return;
      case 'IfExp':
        expr(e.test);
        expr(e.body);
        expr(e.orelse);
        return;
      case 'Not':
      case 'Unary':
        expr(e.operand);
        return;
      case 'Attr':
        expr(e.obj);
        return;
      case 'Subscript':
        expr(e.obj);
        expr(e.index);
        return;
      case 'List':
      case 'Tuple':
      case 'Set':
        e.elts.forEach(expr);
        return;
      case 'Dict':
        e.keys.forEach(expr);
        e.values.forEach(expr);
        return;
      case 'Starred':
        expr(e.value);
        return;
      default:
        return;
    }
  };
  const visit = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.t) {
        case 'Assign':
          s.targets.forEach(target);
          expr(s.value);
          break;
        case 'AugAssign':
          target(s.target);
          if (s.target.t === 'Name') eff.mutated.add(s.target.id);
          expr(s.value);
          break;
        case 'Expr':
          expr(s.value);
          break;
        case 'If':
          s.tests.forEach(expr);
          s.bodies.forEach(visit);
          if (s.orelse) visit(s.orelse);
          break;
        case 'For':
          target(s.target);
          expr(s.iter);
          visit(s.body);
          if (s.orelse) visit(s.orelse);
          break;
        case 'While':
          expr(s.test);
          visit(s.body);
          if (s.orelse) visit(s.orelse);
          break;
        case 'Try':
          visit(s.body);
          s.handlers.forEach((h) => {
            if (h.name) eff.assigned.add(h.name);
            visit(h.body);
          });
          if (s.orelse) visit(s.orelse);
          if (s.finalbody) visit(s.finalbody);
          break;
        case 'With':
          s.items.forEach((i) => {
            expr(i.ctx);
            if (i.target) target(i.target);
          });
          visit(s.body);
          break;
        case 'Def':
          eff.assigned.add(s.def.name);
          break;
        case 'Class':
          eff.assigned.add(s.name);
          break;
        case 'Import':
          for (const n of s.names) eff.assigned.add(n.asName ?? n.name.split('.')[0]);
          break;
        case 'ImportFrom':
          if (s.names === null) eff.opaque = true;
          else for (const n of s.names) eff.assigned.add(n.asName ?? n.name);
          break;
        case 'Del':
          s.targets.forEach(target);
          break;
        case 'Skip':
          s.assigned.forEach((n) => eff.assigned.add(n));
          break;
        default:
          break;
      }
    }
  };
  visit(stmts);
  return eff;
}
