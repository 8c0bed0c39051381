/**
 * Small modelled modules: ast.literal_eval, distutils.util.strtobool, contextlib.suppress and
 * functools.
 */
import type { Expr } from '../ast';
import { builtin, needStr } from '../builtins/args';
import { dictSet, iterate, makeSet } from '../containers';
import { parseModule } from '../parse/parseModule';
import { strRepr } from '../valueText';
import {
  isUnknown,
  NONE,
  pyBool,
  pyDict,
  pyFloat,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyModule,
  type PyValue,
} from '../values';
import { fn, mod } from './shared';

/** ast.literal_eval(text): literals, tuples, lists, dicts and sets only, like Python; anything else
 * is ValueError.
 */
export function literalEval(ctx: CallContext, text: string): PyValue {
  const ast = parseModule(text.trim());
  const bad = (): never => ctx.rt.raise('ValueError', 'malformed node or string');
  if (ast.failure || ast.syntaxErrors.length || ast.body.length !== 1 || ast.body[0].t !== 'Expr') {
    if (ast.syntaxErrors.length || ast.failure) return ctx.rt.raise('SyntaxError', 'invalid syntax');
    return bad();
  }
  const ev = (e: Expr): PyValue => {
    switch (e.t) {
      case 'Const': {
        const l = e.value;
        if (l.k === 'none') return NONE;
        if (l.k === 'bool') return pyBool(l.v);
        if (l.k === 'int') return pyInt(l.v);
        if (l.k === 'float') return pyFloat(l.v);
        if (l.k === 'str') return strValue(l.v);
        return bad();
      }
      case 'Unary': {
        const v = ev(e.operand);
        if (v.kind === 'int') return pyInt(e.op === '-' ? -v.value : v.value);
        if (v.kind === 'float') return pyFloat(e.op === '-' ? -v.value : v.value);
        return bad();
      }
      case 'List':
        return pyList(e.elts.map(ev));
      case 'Tuple':
        return pyTuple(e.elts.map(ev));
      case 'Set':
        return makeSet(e.elts.map(ev), false);
      case 'Dict': {
        const d = pyDict();
        e.keys.forEach((k, i) => {
          if (!k) bad();
          dictSet(d, ev(k as Expr), ev(e.values[i]));
        });
        return d;
      }
      default:
        return bad();
    }
  };
  return ev(ast.body[0].value);
}

/** contextlib.suppress(…) objects; `with` statements treat them as `try: … except E: pass`. */
export const SUPPRESS_TYPE: ObjectType = { name: 'contextlib.suppress' };

/** distutils.util.strtobool: 1 or 0, ValueError otherwise. */
export function strtobool(ctx: CallContext, v: PyValue | undefined): PyValue {
  if (v && v.kind === 'unknown') return v;
  const s = needStr(ctx, v, 'strtobool() argument').toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(s)) return pyInt(1);
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(s)) return pyInt(0);
  return ctx.rt.raise('ValueError', `invalid truth value ${strRepr(s)}`);
}

/** A decorator that returns what it decorates (functools.cache, contextmanager …: the value is the
 * function).
 */
export const identity = (): PyBuiltin => builtin('identity-decorator', (_c, args) => args[0] ?? NONE);

/** functools: lru_cache, cache, cached_property, wraps, partial and reduce. */
export function functoolsModule(): PyModule {
  const cacheDecorator = fn('lru_cache', (_c, args) => (args[0] && (args[0].kind === 'function' || args[0].kind === 'builtin') ? args[0] : identity()));
  return mod('functools', {
    lru_cache: cacheDecorator,
    cache: identity(),
    cached_property: identity(),
    wraps: fn('wraps', () => identity()),
    partial: fn('partial', (ctx, args, kwargs) => {
      const [f, ...bound] = args;
      if (!f) return ctx.rt.raise('TypeError', 'partial() missing function');
      const boundKw = kwargs;
      return builtin('partial', (c, more, moreKw) => {
        const kw = boundKw || moreKw ? new Map([...(boundKw ?? []), ...(moreKw ?? [])]) : null;
        return c.rt.callValue(f, [...bound, ...more], kw, c.frame, null);
      });
    }),
    reduce: fn('reduce', async (ctx, args) => {
      const [f, it, init] = args;
      const items = iterate(it ?? NONE);
      if (isUnknown(items)) return items;
      let acc = init ?? items.shift();
      if (acc === undefined) return ctx.rt.raise('TypeError', 'reduce() of empty iterable with no initial value');
      for (const x of items) acc = await ctx.rt.callValue(f, [acc, x], null, ctx.frame, null);
      return acc;
    }),
  });
}
