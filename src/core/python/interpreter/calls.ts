/**
 * Calls: argument evaluation (*args, **kwargs), dispatch on the callee (project function,
 * builtin, class, stand-in object, unknown) and Python's argument binding for project functions.
 */
import type { SourceRange } from '../../model';
import type { Arg, Expr, FunctionDef, Span } from '../ast';
import { capResult, chargeCall } from '../charge';
import { ReadRefused } from '../confinement';
import { dictSet, iterate } from '../containers';
import { makeExceptionInstance } from '../exceptions';
import {
  isUnknown,
  NONE,
  pyTuple,
  strValue,
  typeName,
  unknown,
  type Binding,
  type CallContext,
  type Frame,
  type PyDict,
  type PyFunction,
  type PyUnknown,
  type PyValue,
} from '../values';
import { globalsOf } from './effects';
import { Unmergeable, type Evaluator, type Part } from './evaluator';
import { deferredUnknown } from '../deferred';

/** A call expression: evaluates the callee and the arguments (*args, **kwargs), then calls. */
export async function evalCall(ip: Evaluator, e: Expr & { t: 'Call' }, frame: Frame): Promise<PyValue> {
  const func = await ip.evalExpr(e.func, frame);
  const args: PyValue[] = [];
  let kwargs: Map<string, PyValue> | null = null;
  let spreadUnknown: PyUnknown | null = null;
  for (const a of e.args as Arg[]) {
    const v = await ip.evalExpr(a.value, frame);
    switch (a.kind) {
      case 'pos':
        args.push(v);
        break;
      case 'kw':
        (kwargs ??= new Map()).set(a.name as string, v);
        break;
      case 'star': {
        const items = iterate(v);
        if (isUnknown(items)) spreadUnknown ??= items;
        else for (const x of items) args.push(x);
        break;
      }
      case 'dstar': {
        if (v.kind === 'dict' && !v.poisoned) {
          for (const ent of v.entries.values()) {
            if (ent.key.kind !== 'str') ip.raise('TypeError', 'keywords must be strings');
            (kwargs ??= new Map()).set(ent.key.value, ent.value);
          }
        } else spreadUnknown ??= v.kind === 'unknown' ? v : unknown(v.kind === 'dict' ? (v.poisoned as string) : `**${typeName(v)} is not evaluated`);
        break;
      }
    }
  }
  if (spreadUnknown) {
    if (func.kind === 'unknown') return callUnknown(ip, func, e, frame, args);
    return unknown(`the arguments of \`${ip.textOf(e, frame.module)}\` are unknown: ${spreadUnknown.reason}`, ip.rangeOf(e, frame.module));
  }
  return ip.callValue(func, args, kwargs, frame, e.func, e);
}

async function callUnknown(ip: Evaluator, func: PyUnknown, e: Span, frame: Frame, args: PyValue[]): Promise<PyValue> {
  const range = ip.rangeOf(e, frame.module);
  if (func.opaque) {
    // Code that is not evaluated may raise anything: a broad `except` around it may run.
    await ip.maybeRaise(null, `${func.opaque}() raises`);
    // A namespace handed to an unmodelled function (django_heroku.settings(locals())) may be
    // filled with any setting.
    if (args.some((a) => a.kind === 'object' && a.type.name === 'namespace')) {
      ip.opaqueWrite(frame, range, `${func.opaque}(…) receiving the module namespace`);
    }
    return unknown(`calls ${func.opaque}(), which is not evaluated`, range, `${func.opaque}()`);
  }
  if (func.deferred) return deferredUnknown(`${func.deferred}()`, true, range);
  return func.range ? func : unknown(func.reason, range);
}

/** Calls any callable value. */
export async function callValue(ip: Evaluator, func: PyValue, args: PyValue[], kwargs: Map<string, PyValue> | null, frame: Frame, calleeExpr: Expr | null, callExpr?: Span): Promise<PyValue> {
  const site = callExpr ?? calleeExpr;
  switch (func.kind) {
    case 'function':
      return callFunction(ip, func, args, kwargs, frame, site);
    case 'builtin': {
      const ctx = ip.callContext(frame, site, calleeExpr);
      return callNative(ip, ctx, args, func.self, () => func.impl(ctx, func.self ? [func.self, ...args] : args, kwargs));
    }
    case 'class': {
      if (func.isException) return makeExceptionInstance(func, args);
      if (func.meta?.call) return func.meta.call(func, ip.callContext(frame, site, calleeExpr), args, kwargs);
      const site2 = site ? ip.rangeOf(site, frame.module) : undefined;
      return unknown(`instances of class ${func.name} are not evaluated`, site2);
    }
    case 'object':
      if (func.type.call) {
        const call = func.type.call;
        const ctx = ip.callContext(frame, site, calleeExpr);
        return callNative(ip, ctx, args, undefined, () => call(func, ctx, args, kwargs));
      }
      return ip.raise('TypeError', `'${func.type.name}' object is not callable`);
    case 'unknown':
      return callUnknown(ip, func, site ?? { from: 0, to: 0 }, frame, args);
    default:
      return ip.raise('TypeError', `'${typeName(func)}' object is not callable`);
  }
}

/**
 * Runs a builtin or modelled call charged to the budget by the size of its arguments and of its
 * result (a result over the single-value caps is unknown). A read the host refuses makes the
 * call's result unknown with the reason: the file is neither missing nor readable for the code.
 */
async function callNative(ip: Evaluator, ctx: CallContext, args: PyValue[], self: PyValue | undefined, run: () => PyValue | Promise<PyValue>): Promise<PyValue> {
  chargeCall(ip.budget, args, self);
  let result: PyValue;
  try {
    result = await run();
  } catch (e) {
    if (e instanceof ReadRefused) return unknown(e.reason, ctx.range);
    throw e;
  }
  return capResult(ip.budget, result, () => ctx.range);
}

/** A call context for builtins. */
export function callContext(ip: Evaluator, frame: Frame, site: Span | null | undefined, calleeExpr: Expr | null | undefined): CallContext {
  const rangeOf = (s: Span): SourceRange => ip.rangeOf(s, frame.module);
  const textOf = (s: Span): string => ip.textOf(s, frame.module);
  return {
    rt: ip,
    frame,
    get range() {
      return site ? rangeOf(site) : undefined;
    },
    get calleeText() {
      return calleeExpr ? textOf(calleeExpr) : '';
    },
  };
}

/** Calls a project function or lambda with Python's argument binding. */
async function callFunction(ip: Evaluator, fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null, callerFrame: Frame, site: Span | null | undefined): Promise<PyValue> {
  const closure = fn.closure as Frame;
  const range = site ? ip.rangeOf(site, callerFrame.module) : undefined;
  if (fn.def?.isGenerator) return unknown(`${fn.name}() is a generator function, which is not evaluated`, range);
  if (fn.def?.isAsync) return unknown(`${fn.name}() is a coroutine function, which is not evaluated`, range);
  if (ip.depth > ip.limits.maxDepth) return unknown(`the calls nest too deeply (more than ${ip.limits.maxDepth})`, range);
  const locals = new Map<string, Binding>();
  const origin = range ?? ip.rangeAt(closure.module, 0, 0);
  const positional = fn.params.filter((p) => p.kind === 'normal');
  const vararg = fn.params.find((p) => p.kind === 'vararg');
  const kwarg = fn.params.find((p) => p.kind === 'kwarg');
  const bind = (name: string, value: PyValue): void => {
    locals.set(name, { value, origin });
  };
  for (let i = 0; i < args.length; i++) {
    if (i < positional.length) bind(positional[i].name, args[i]);
    else if (!vararg) ip.raise('TypeError', `${fn.name}() takes ${positional.length} positional arguments but ${args.length} were given`);
  }
  if (vararg) bind(vararg.name, pyTuple(args.slice(positional.length)));
  let extra: PyDict | null = kwarg ? { kind: 'dict', entries: new Map() } : null;
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const p = fn.params.find((q) => q.name === k && (q.kind === 'normal' || q.kind === 'kwonly'));
      if (p) {
        if (locals.has(k)) ip.raise('TypeError', `${fn.name}() got multiple values for argument '${k}'`);
        bind(k, v);
      } else if (extra) dictSet(extra, strValue(k), v);
      else ip.raise('TypeError', `${fn.name}() got an unexpected keyword argument '${k}'`);
    }
  }
  if (kwarg) bind(kwarg.name, extra ?? { kind: 'dict', entries: new Map() });
  extra = null;
  for (const p of fn.params) {
    if (p.kind === 'vararg' || p.kind === 'kwarg' || locals.has(p.name)) continue;
    const d = fn.defaults.get(p.name);
    if (d) bind(p.name, d);
    else ip.raise('TypeError', `${fn.name}() missing required argument: '${p.name}'`);
  }
  // Python scoping: the body sees the enclosing *function* scopes, never a class body, so a
  // method defined in a class closes over what encloses the class.
  const frame: Frame = {
    module: closure.module,
    locals,
    globalDecl: fn.def ? globalsOf(fn.def) : null,
    closure: closure.locals && !closure.isClass ? closure : closure.closure,
    isClass: false,
  };
  if (fn.body) return ip.evalExpr(fn.body, frame);
  ip.depth++;
  try {
    const c = await ip.execBlock((fn.def as FunctionDef).body, frame);
    if (c.type === 'return') return c.value;
    if (c.type === 'split') {
      // At function level every outcome ends the call: falling off the end returns None, so all
      // outcomes are returns and merge into one (possibly unknown) result.
      const parts = c.parts.map((p) => ({ state: p.state, completion: (p.completion.type === 'return' ? p.completion : { type: 'return', value: NONE }) as Part['completion'] }));
      const merged = ip.combine(parts, c.reason, frame);
      return merged.type === 'return' ? merged.value : unknown(`the result of ${fn.name}() is unknown`, range);
    }
    return NONE;
  } catch (e) {
    if (e instanceof Unmergeable) return unknown(`the result of ${fn.name}() ${e.reason}`, range);
    throw e;
  } finally {
    ip.depth--;
  }
}
