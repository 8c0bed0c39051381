/**
 * os.environ and os.getenv: reads and writes go through the Runtime, which keeps the environment
 * the analysis runs with (and which variables have become unknown).
 */
import { bindArgs, needStr } from '../builtins/args';
import {
  dictFromEntries,
  FALSE,
  isUnknown,
  NONE,
  pyDict,
  pyList,
  pyTuple,
  strValue,
  TRUE,
  typeName,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyDict,
  type PyValue,
} from '../values';

/** os.environ: a mapping over the Runtime environment (reads, writes, setdefault, update …). */
export const ENVIRON_TYPE: ObjectType = {
  name: 'os._Environ',
  getitem(_self, key, ctx) {
    if (key.kind === 'unknown') return key;
    const k = needStr(ctx, key, 'environ key');
    const v = ctx.rt.envGet(k);
    if (v === undefined) return ctx.rt.raiseKey(key);
    if (typeof v !== 'string') {
      void ctx.rt.maybeRaise('KeyError', `environment variable ${k} is not set`);
      return unknown(v.reason, ctx.range);
    }
    return strValue(v);
  },
  setitem(_self, key, value, ctx) {
    if (key.kind === 'unknown') {
      ctx.rt.envAllUnknown ??= key.reason;
      return;
    }
    const k = needStr(ctx, key, 'environ key');
    if (value.kind === 'unknown') ctx.rt.envSet(k, value);
    else ctx.rt.envSet(k, needStr(ctx, value, 'environ value'));
  },
  delitem(_self, key, ctx) {
    if (key.kind !== 'str') return;
    if (ctx.rt.envGet(key.value) === undefined) ctx.rt.raiseKey(key);
    ctx.rt.envDelete(key.value);
  },
  contains(_self, item, ctx) {
    if (item.kind === 'unknown') return item;
    if (item.kind !== 'str') return FALSE;
    const v = ctx.rt.envGet(item.value);
    if (v === undefined) return FALSE;
    return typeof v === 'string' ? TRUE : unknown(v.reason);
  },
  iterate(_self, ctx) {
    if (ctx?.rt.envAllUnknown) return unknown(`the environment may have been changed by ${ctx.rt.envAllUnknown}`);
    if (ctx?.rt.envUnknown.size) return unknown('some environment variables are unknown');
    return ctx ? [...ctx.rt.host.env.keys()].map(strValue) : unknown('the environment');
  },
  getattr(self, name, ctx) {
    const rt = ctx.rt;
    const m = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
    switch (name) {
      case 'get':
        return m((c, args, kwargs) => {
          const [, key, dflt] = bindArgs(c, 'get', args, kwargs, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          return envLookup(c, key, dflt ?? NONE);
        });
      case 'setdefault':
        return m((c, args) => {
          const [, key, dflt] = bindArgs(c, 'setdefault', args, null, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          if (key.kind === 'unknown') {
            rt.envAllUnknown ??= key.reason;
            return key;
          }
          const k = needStr(c, key, 'key');
          const value = dflt ?? NONE;
          if (value.kind !== 'unknown' && value.kind !== 'str') {
            if (rt.envGet(k) === undefined) return c.rt.raise('TypeError', `str expected, not ${typeName(value)}`);
          }
          rt.envSetDefault(k, value.kind === 'unknown' ? value : (value as { value: string }).value);
          const now = rt.envGet(k);
          return now === undefined ? NONE : typeof now === 'string' ? strValue(now) : now;
        });
      case 'pop':
        return m((c, args) => {
          const [, key, dflt] = bindArgs(c, 'pop', args, null, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          if (key.kind === 'unknown') return key;
          const k = needStr(c, key, 'key');
          const v = rt.envGet(k);
          if (v === undefined) return dflt ?? c.rt.raiseKey(key);
          rt.envDelete(k);
          return typeof v === 'string' ? strValue(v) : v;
        });
      case 'keys':
      case 'values':
      case 'items':
      case 'copy':
        return m((c) => {
          const keys = ENVIRON_TYPE.iterate?.(self, c);
          if (!keys || isUnknown(keys)) return keys ?? unknown('the environment');
          const entries = [...rt.host.env.entries()];
          if (name === 'keys') return pyList(entries.map(([k]) => strValue(k)));
          if (name === 'values') return pyList(entries.map(([, v]) => strValue(v)));
          if (name === 'items') return pyList(entries.map(([k, v]) => pyTuple([strValue(k), strValue(v)])));
          return dictFromEntries(entries.map(([k, v]) => [k, strValue(v)]));
        });
      case 'update':
        return m(async (c, args, kwargs) => {
          const d: PyDict = pyDict();
          await rt.dictUpdate(d, args[1] ?? null, kwargs, c.frame);
          if (d.poisoned) {
            rt.envAllUnknown ??= d.poisoned;
            return NONE;
          }
          for (const e of d.entries.values()) {
            if (e.key.kind !== 'str') continue;
            if (e.value.kind === 'unknown') rt.envSet(e.key.value, e.value);
            else rt.envSet(e.key.value, needStr(c, e.value, 'environ value'));
          }
          return NONE;
        });
      case 'clear':
        return m(() => {
          rt.host.env.clear();
          rt.envUnknown.clear();
          rt.envAllUnknown = null;
          return NONE;
        });
    }
    return undefined;
  },
  truthy() {
    return unknown('whether the environment is empty is not evaluated');
  },
};

/** os.environ.get / os.getenv. */
export function envLookup(c: CallContext, key: PyValue, dflt: PyValue): PyValue {
  if (key.kind === 'unknown') return key;
  const k = needStr(c, key, 'key');
  const v = c.rt.envGet(k);
  if (v === undefined) return dflt;
  if (typeof v !== 'string') return unknown(`environment variable ${k} is unknown: ${v.reason}`, c.range);
  return strValue(v);
}
