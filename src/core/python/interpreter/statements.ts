/**
 * Statements. Each returns a Completion (normal, break, continue, return) or a split: several
 * possible completions, each with the state it leaves, when a branch depends on an unknown.
 */
import type { Expr, FunctionDef, Param, Stmt } from '../ast';
import { iterate } from '../containers';
import { EXC, exceptionClassOf, makeExceptionInstance, PyException } from '../exceptions';
import { truthy } from '../valueOps';
import { strOf } from '../valueText';
import { isUnknown, NONE, typeName, unknown, type Binding, type Frame, type PyClass, type PyFunction, type PyObject, type PyValue } from '../values';
import { BREAK, clip, CONTINUE, MAX_ITERATIONS, NORMAL, Unmergeable, type Completion, type Evaluator, type Part } from './evaluator';
import { setName } from './names';

/** Runs statements from `start`; when one splits, the rest of the block runs once for each outcome
 * that continues.
 */
export async function execBlock(ip: Evaluator, stmts: Stmt[], frame: Frame, start = 0): Promise<Completion> {
  for (let i = start; i < stmts.length; i++) {
    const c = await ip.execStmt(stmts[i], frame);
    if (c.type === 'normal') continue;
    if (c.type !== 'split') return c;
    // Some outcomes continue with the rest of the block, others already left it.
    const outcomes: Part[] = [];
    for (const part of c.parts) {
      if (part.completion.type !== 'normal') {
        outcomes.push(part);
        continue;
      }
      ip.install(part.state);
      const rest = await ip.execBlock(stmts, frame, i + 1);
      if (rest.type === 'split') outcomes.push(...rest.parts);
      else outcomes.push({ state: ip.capture(frame), completion: rest });
    }
    return ip.combine(outcomes, c.reason, frame);
  }
  return NORMAL;
}

/** Runs one statement (one step of the budget). */
export async function execStmt(ip: Evaluator, s: Stmt, frame: Frame): Promise<Completion> {
  ip.step();
  switch (s.t) {
    case 'Assign': {
      const value = await ip.evalExpr(s.value, frame);
      for (const target of s.targets) await ip.assign(target, value, frame, s.value);
      return NORMAL;
    }
    case 'AnnOnly':
    case 'Pass':
    case 'Global':
    case 'Nonlocal':
      return NORMAL;
    case 'AugAssign':
      await ip.augAssign(s, frame);
      return NORMAL;
    case 'Expr':
      await ip.evalExpr(s.value, frame);
      return NORMAL;
    case 'If':
      return execIf(ip, s, 0, frame);
    case 'For':
      return execFor(ip, s, frame);
    case 'While':
      return execWhile(ip, s, frame);
    case 'Try':
      return ip.execTry(s, frame);
    case 'With':
      return ip.execWith(s, frame);
    case 'Def':
      await execDef(ip, s, frame);
      return NORMAL;
    case 'Class':
      await execClass(ip, s, frame);
      return NORMAL;
    case 'Return':
      return { type: 'return', value: s.value ? await ip.evalExpr(s.value, frame) : NONE };
    case 'Break':
      return BREAK;
    case 'Continue':
      return CONTINUE;
    case 'Import':
      await ip.execImport(s, frame);
      return NORMAL;
    case 'ImportFrom':
      await ip.execImportFrom(s, frame);
      return NORMAL;
    case 'Raise':
      return execRaise(ip, s, frame);
    case 'Del':
      for (const t of s.targets) await ip.deleteTarget(t, frame);
      return NORMAL;
    case 'Assert': {
      const v = truthy(await ip.evalExpr(s.test, frame));
      if (v === false) {
        const msg = s.msg ? await ip.evalExpr(s.msg, frame) : null;
        const text = msg ? strOf(msg) : '';
        ip.raise('AssertionError', typeof text === 'string' ? text : '');
      }
      return NORMAL;
    }
    case 'Skip': {
      const r = ip.rangeOf(s, frame.module);
      if (!s.syntaxError) ip.note('info', `Line ${r.line}: ${s.reason}.`, r);
      ip.havoc([s], `line ${r.line}: ${s.reason}`, frame);
      return NORMAL;
    }
  }
}

async function execIf(ip: Evaluator, s: Stmt & { t: 'If' }, from: number, frame: Frame): Promise<Completion> {
  for (let i = from; i < s.tests.length; i++) {
    const test = await ip.evalExpr(s.tests[i], frame);
    const t = truthy(test);
    if (t === true) return ip.execBlock(s.bodies[i], frame);
    if (t === false) continue;
    const reason = `depends on \`${ip.textOf(s.tests[i], frame.module)}\`, which is unknown: ${clip(t.reason)}`;
    return ip.fork(
      frame,
      reason,
      () => ip.execBlock(s.bodies[i], frame),
      () => execIf(ip, s, i + 1, frame),
    );
  }
  return s.orelse ? ip.execBlock(s.orelse, frame) : NORMAL;
}

async function execFor(ip: Evaluator, s: Stmt & { t: 'For' }, frame: Frame): Promise<Completion> {
  const iterable = await ip.evalExpr(s.iter, frame);
  const items = iterate(iterable);
  if (isUnknown(items) || items.length > MAX_ITERATIONS) {
    const why = isUnknown(items) ? `the loop over \`${ip.textOf(s.iter, frame.module)}\` cannot be unrolled: ${items.reason}` : `the loop runs more than ${MAX_ITERATIONS} times`;
    ip.havoc([s], why, frame);
    return NORMAL;
  }
  for (const item of items) {
    await ip.assign(s.target, item, frame, s.iter);
    const c = await ip.execBlock(s.body, frame);
    if (c.type === 'break') return NORMAL;
    if (c.type === 'return') return c;
    if (c.type === 'split') return loopSplit(ip, c, s, frame);
  }
  return s.orelse ? ip.execBlock(s.orelse, frame) : NORMAL;
}

function loopSplit(ip: Evaluator, c: Completion & { type: 'split' }, s: Stmt, frame: Frame): Completion {
  const reason = `depends on how the loop ends: ${c.reason}`;
  if (c.parts.some((p) => p.completion.type === 'return')) throw new Unmergeable(reason);
  ip.installCombined(c.parts, frame, reason);
  ip.havoc([s], reason, frame);
  return NORMAL;
}

async function execWhile(ip: Evaluator, s: Stmt & { t: 'While' }, frame: Frame): Promise<Completion> {
  for (let n = 0; ; n++) {
    if (n >= MAX_ITERATIONS) {
      ip.havoc([s], `the loop runs more than ${MAX_ITERATIONS} times`, frame);
      return NORMAL;
    }
    const t = truthy(await ip.evalExpr(s.test, frame));
    if (t === false) break;
    if (t !== true) {
      ip.havoc([s], `the loop condition \`${ip.textOf(s.test, frame.module)}\` is unknown: ${t.reason}`, frame);
      return NORMAL;
    }
    const c = await ip.execBlock(s.body, frame);
    if (c.type === 'break') return NORMAL;
    if (c.type === 'return') return c;
    if (c.type === 'split') return loopSplit(ip, c, s, frame);
  }
  return s.orelse ? ip.execBlock(s.orelse, frame) : NORMAL;
}

async function execRaise(ip: Evaluator, s: Stmt & { t: 'Raise' }, frame: Frame): Promise<Completion> {
  if (!s.exc) {
    const cur = ip.handling[ip.handling.length - 1];
    if (cur) throw cur;
    ip.raise('RuntimeError', 'No active exception to reraise');
  }
  const v = await ip.evalExpr(s.exc, frame);
  if (v.kind === 'class' && v.isException) throw new PyException(v, '', makeExceptionInstance(v, []));
  if (v.kind === 'class' && v.opaqueBase) throw new PyException(EXC.Exception, `${v.name} (a class deriving from code that is not evaluated)`, makeExceptionInstance(EXC.Exception, []), true);
  const cls = exceptionClassOf(v);
  if (cls) {
    const args = (v as PyObject).data as { args: PyValue[] };
    const first = args.args[0];
    const msg = first ? strOf(first) : '';
    throw new PyException(cls, typeof msg === 'string' ? msg : '', v);
  }
  const reason = v.kind === 'unknown' ? v.reason : `raises a ${typeName(v)}`;
  throw new PyException(EXC.Exception, `\`${ip.textOf(s.exc, frame.module)}\` (${reason})`, makeExceptionInstance(EXC.Exception, []), true);
}

async function execDef(ip: Evaluator, s: Stmt & { t: 'Def' }, frame: Frame): Promise<void> {
  const fn = await ip.makeFunction(s.def.name, s.def.params, s.def, null, frame);
  let value: PyValue = fn;
  for (let i = s.decorators.length - 1; i >= 0; i--) value = await applyDecorator(ip, s.decorators[i], value, frame);
  setName(s.def.name, value, frame, ip.rangeOf(s, frame.module));
}

async function applyDecorator(ip: Evaluator, d: Expr, target: PyValue, frame: Frame): Promise<PyValue> {
  const dec = await ip.evalExpr(d, frame);
  if (dec.kind === 'builtin' && (dec.name === 'identity-decorator' || dec.name === 'staticmethod' || dec.name === 'classmethod')) return target;
  if (dec.kind === 'unknown' || dec.kind === 'object') {
    // What a decorator returns is the result of a call: used as a route's view, a view.
    const u = unknown(`decorated by \`${ip.textOf(d, frame.module)}\`, which is not evaluated`, ip.rangeOf(d, frame.module));
    u.viewLike = true;
    return u;
  }
  return ip.callValue(dec, [target], null, frame, d);
}

/** A function value (def or lambda) closing over `frame`, defaults evaluated now like Python. */
export async function makeFunction(ip: Evaluator, name: string, params: Param[], def: FunctionDef | null, body: Expr | null, frame: Frame): Promise<PyFunction> {
  const defaults = new Map<string, PyValue>();
  for (const p of params) if (p.default) defaults.set(p.name, await ip.evalExpr(p.default, frame));
  return { kind: 'function', name, params, def, body, defaults, closure: frame };
}

async function execClass(ip: Evaluator, s: Stmt & { t: 'Class' }, frame: Frame): Promise<void> {
  const bases: PyClass[] = [];
  const otherBases: PyValue[] = [];
  let basesKnown = true;
  for (const a of s.bases) {
    if (a.kind !== 'pos') continue;
    const b = await ip.evalExpr(a.value, frame);
    if (b.kind === 'class') bases.push(b);
    else {
      basesKnown = false;
      otherBases.push(b);
    }
  }
  const classFrame: Frame = { module: frame.module, locals: new Map(), globalDecl: null, closure: frame.locals ? frame : frame.closure, isClass: true };
  await ip.execBlock(s.body, classFrame);
  const attrs = new Map<string, PyValue>();
  for (const [k, b] of classFrame.locals as Map<string, Binding>) attrs.set(k, b.value);
  const isException = basesKnown && bases.some((b) => b.isException);
  const cls: PyClass = { kind: 'class', name: s.name, bases, attrs, mro: [s.name, ...bases.flatMap((b) => b.mro)], isException };
  if (!basesKnown || bases.some((b) => b.opaqueBase)) cls.opaqueBase = true;
  const meta = bases.find((b) => b.meta)?.meta;
  let value: PyValue = cls;
  if (meta) {
    cls.meta = meta;
    if (meta.created) value = await meta.created(cls, ip.callContext(frame, s, null), otherBases, annotatedNames(s.body));
  }
  for (let i = s.decorators.length - 1; i >= 0; i--) value = await applyDecorator(ip, s.decorators[i], value, frame);
  setName(s.name, value, frame, ip.rangeOf(s, frame.module));
}

/** Names a class body annotates (`x: int` and `x: int = 1`), in order: NamedTuple fields. */
function annotatedNames(body: Stmt[]): string[] {
  const out: string[] = [];
  for (const st of body) {
    const target = st.t === 'AnnOnly' ? st.target : st.t === 'Assign' && st.annotated && st.targets.length === 1 ? st.targets[0] : null;
    if (target && target.t === 'Name' && !out.includes(target.id)) out.push(target.id);
  }
  return out;
}
