/**
 * How builtins are written: wrapping an implementation as a builtin value, binding call arguments
 * to parameter names like Python, and checking argument types (TypeError as Python words it).
 */
import { numValue } from '../valueOps';
import { typeName, type BuiltinImpl, type CallContext, type PyBuiltin, type PyUnknown, type PyValue } from '../values';

/** Keyword arguments of a call (null when there are none). */
export type Kw = Map<string, PyValue> | null;

/** A builtin function value. */
export function builtin(name: string, impl: BuiltinImpl, typeName?: string): PyBuiltin {
  const b: PyBuiltin = { kind: 'builtin', name, impl };
  if (typeName) b.typeName = typeName;
  return b;
}

/**
 * Binds call arguments to parameter names (positional first, then by keyword). Missing optional
 * parameters are undefined; unexpected ones raise TypeError like Python.
 */
export function bindArgs(ctx: CallContext, fname: string, args: PyValue[], kwargs: Kw, names: string[], required = 0): (PyValue | undefined)[] {
  if (args.length > names.length) ctx.rt.raise('TypeError', `${fname}() takes at most ${names.length} arguments (${args.length} given)`);
  const out: (PyValue | undefined)[] = names.map((_, i) => args[i]);
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = names.indexOf(k);
      if (i < 0) ctx.rt.raise('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
      if (out[i] !== undefined) ctx.rt.raise('TypeError', `${fname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  for (let i = 0; i < required; i++) if (out[i] === undefined) ctx.rt.raise('TypeError', `${fname}() missing required argument: '${names[i]}'`);
  return out;
}

/** The first unknown among values, if any. */
export function firstUnknown(...vals: (PyValue | undefined)[]): PyUnknown | null {
  for (const v of vals) if (v && v.kind === 'unknown') return v;
  return null;
}

/** Requires a str argument (TypeError otherwise). */
export function needStr(ctx: CallContext, v: PyValue | undefined, what: string): string {
  if (!v || v.kind !== 'str') return ctx.rt.raise('TypeError', `${what} must be str, not ${v ? typeName(v) : 'nothing'}`);
  return v.value;
}

/** Requires an int argument (TypeError otherwise). */
export function needInt(ctx: CallContext, v: PyValue | undefined, what: string): number {
  if (!v || (v.kind !== 'int' && v.kind !== 'bool')) return ctx.rt.raise('TypeError', `${what} must be an integer, not ${v ? typeName(v) : 'nothing'}`);
  return numValue(v);
}

/** Attaches attributes to a builtin (class-level members such as environ.Env.read_env). */
export function withAttrs(b: PyBuiltin, attrs: Record<string, PyValue>): PyBuiltin {
  (b as PyBuiltin & { attrs?: Map<string, PyValue> }).attrs = new Map(Object.entries(attrs));
  return b;
}

type Method = (ctx: CallContext, self: PyValue, args: PyValue[], kwargs: Kw) => PyValue | Promise<PyValue>;

/** Turns methods written with their receiver as first parameter into builtin implementations
 * (receiver in args[0]).
 */
export function methods(table: Record<string, Method>): Map<string, BuiltinImpl> {
  const out = new Map<string, BuiltinImpl>();
  for (const [name, m] of Object.entries(table)) out.set(name, (ctx, args, kwargs) => m(ctx, args[0], args.slice(1), kwargs));
  return out;
}
