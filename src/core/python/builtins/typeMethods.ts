/**
 * The methods of list, tuple, dict, set and float, and the attribute lookup on builtin values
 * (builtinAttr) that getattr falls back to for them.
 */
import { growList } from '../charge';
import { dictSet, iterate, keyOf, makeSet } from '../containers';
import { hashKey, numValue, poison, pyEquals, truthy } from '../valueOps';
import { reprOf } from '../valueText';
import {
  isUnknown,
  NONE,
  pyBool,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type PyBuiltin,
  type PyDict,
  type PyList,
  type PySet,
  type PyUnknown,
  type PyValue,
} from '../values';
import { bindArgs, methods, needInt } from './args';
import { sortValues } from './common';
import { STR_METHODS } from './strMethods';

const SEQ_METHODS = methods({
  index: (c, s, a) => {
    const items = (s as { items: PyValue[] }).items;
    const [x] = bindArgs(c, 'index', a, null, ['value', 'start', 'stop'], 1) as [PyValue];
    for (let i = 0; i < items.length; i++) {
      const r = pyEquals(items[i], x);
      if (r === true) return pyInt(i);
      if (r !== false) return r;
    }
    return c.rt.raise('ValueError', `${reprOf(x)} is not in list`);
  },
  count: (c, s, a) => {
    const items = (s as { items: PyValue[] }).items;
    const [x] = bindArgs(c, 'count', a, null, ['value'], 1) as [PyValue];
    let n = 0;
    for (const it of items) {
      const r = pyEquals(it, x);
      if (r === true) n++;
      else if (r !== false) return r;
    }
    return pyInt(n);
  },
});

const LIST_METHODS = methods({
  append: (c, s, a) => {
    const [x] = bindArgs(c, 'append', a, null, ['object'], 1) as [PyValue];
    (s as { items: PyValue[] }).items.push(x);
    return NONE;
  },
  extend: (c, s, a) => {
    const [x] = bindArgs(c, 'extend', a, null, ['iterable'], 1) as [PyValue];
    const items = iterate(x);
    if (isUnknown(items)) poison(s, items.reason);
    else growList(c.rt.budget, s as PyList, items);
    return NONE;
  },
  insert: (c, s, a) => {
    const [iV, x] = bindArgs(c, 'insert', a, null, ['index', 'object'], 2) as [PyValue, PyValue];
    const list = s as { items: PyValue[] };
    if (iV.kind === 'unknown') {
      poison(s, iV.reason);
      return NONE;
    }
    let i = needInt(c, iV, 'index');
    if (i < 0) i = Math.max(0, list.items.length + i);
    list.items.splice(Math.min(i, list.items.length), 0, x);
    return NONE;
  },
  remove: (c, s, a) => {
    const [x] = bindArgs(c, 'remove', a, null, ['value'], 1) as [PyValue];
    const list = s as { items: PyValue[]; poisoned?: string };
    for (let i = 0; i < list.items.length; i++) {
      const r = pyEquals(list.items[i], x);
      if (r === true) {
        list.items.splice(i, 1);
        return NONE;
      }
      if (r !== false) {
        poison(s, r.reason);
        return NONE;
      }
    }
    if (list.poisoned) return NONE;
    return c.rt.raise('ValueError', 'list.remove(x): x not in list');
  },
  pop: (c, s, a) => {
    const [iV] = bindArgs(c, 'pop', a, null, ['index']);
    const list = s as { items: PyValue[]; poisoned?: string };
    if (list.poisoned) return unknown(list.poisoned);
    if (!list.items.length) return c.rt.raise('IndexError', 'pop from empty list');
    if (iV && iV.kind === 'unknown') {
      poison(s, iV.reason);
      return iV;
    }
    let i = iV ? needInt(c, iV, 'index') : -1;
    if (i < 0) i += list.items.length;
    if (i < 0 || i >= list.items.length) return c.rt.raise('IndexError', 'pop index out of range');
    return list.items.splice(i, 1)[0];
  },
  clear: (_c, s) => {
    (s as { items: PyValue[] }).items.length = 0;
    delete (s as { poisoned?: string }).poisoned;
    return NONE;
  },
  copy: (_c, s) => ({ kind: 'list', items: (s as { items: PyValue[] }).items.slice(), ...((s as { poisoned?: string }).poisoned ? { poisoned: (s as { poisoned?: string }).poisoned } : {}) }),
  reverse: (_c, s) => {
    (s as { items: PyValue[] }).items.reverse();
    return NONE;
  },
  sort: async (c, s, a, k) => {
    const [key, rev] = bindArgs(c, 'sort', a, k, ['key', 'reverse']);
    const list = s as { items: PyValue[] };
    const reverse = rev ? truthy(rev) : false;
    if (typeof reverse !== 'boolean') {
      poison(s, reverse.reason);
      return NONE;
    }
    const sorted = await sortValues(c, list.items, key, reverse);
    if (isUnknown(sorted)) poison(s, sorted.reason);
    else list.items = sorted;
    return NONE;
  },
});

const DICT_METHODS = methods({
  get: (c, s, a) => {
    const [k, d] = bindArgs(c, 'get', a, null, ['key', 'default'], 1) as [PyValue, PyValue | undefined];
    const dict = s as PyDict;
    const key = keyOf(k);
    if (typeof key !== 'string') return key;
    const e = dict.entries.get(key);
    if (e) return e.value;
    if (dict.poisoned) return unknown(dict.poisoned);
    return d ?? NONE;
  },
  keys: (_c, s) => ((s as PyDict).poisoned ? unknown((s as PyDict).poisoned as string) : pyList([...(s as PyDict).entries.values()].map((e) => e.key))),
  values: (_c, s) => ((s as PyDict).poisoned ? unknown((s as PyDict).poisoned as string) : pyList([...(s as PyDict).entries.values()].map((e) => e.value))),
  items: (_c, s) => ((s as PyDict).poisoned ? unknown((s as PyDict).poisoned as string) : pyList([...(s as PyDict).entries.values()].map((e) => pyTuple([e.key, e.value])))),
  update: async (c, s, a, k) => {
    if (a.length > 1) return c.rt.raise('TypeError', `update expected at most 1 argument, got ${a.length}`);
    await c.rt.dictUpdate(s as PyDict, a[0] ?? null, k, c.frame);
    return NONE;
  },
  copy: (_c, s) => {
    const d = s as PyDict;
    const out: PyDict = { kind: 'dict', entries: new Map() };
    for (const [k, e] of d.entries) out.entries.set(k, { key: e.key, value: e.value });
    if (d.poisoned) out.poisoned = d.poisoned;
    return out;
  },
  setdefault: (c, s, a) => {
    const [k, d] = bindArgs(c, 'setdefault', a, null, ['key', 'default'], 1) as [PyValue, PyValue | undefined];
    const dict = s as PyDict;
    const key = keyOf(k);
    if (typeof key !== 'string') {
      poison(dict, key.reason);
      return key;
    }
    const e = dict.entries.get(key);
    if (e) return e.value;
    if (dict.poisoned) return unknown(dict.poisoned);
    const v = d ?? NONE;
    dict.entries.set(key, { key: k, value: v });
    return v;
  },
  pop: (c, s, a) => {
    const [k, d] = bindArgs(c, 'pop', a, null, ['key', 'default'], 1) as [PyValue, PyValue | undefined];
    const dict = s as PyDict;
    const key = keyOf(k);
    if (typeof key !== 'string') {
      poison(dict, key.reason);
      return key;
    }
    const e = dict.entries.get(key);
    if (e) {
      dict.entries.delete(key);
      return e.value;
    }
    if (dict.poisoned) return unknown(dict.poisoned);
    if (d) return d;
    return c.rt.raiseKey(k);
  },
  popitem: (c, s) => {
    const dict = s as PyDict;
    if (dict.poisoned) return unknown(dict.poisoned);
    const last = [...dict.entries.keys()].pop();
    if (last === undefined) return c.rt.raise('KeyError', "'popitem(): dictionary is empty'");
    const e = dict.entries.get(last) as { key: PyValue; value: PyValue };
    dict.entries.delete(last);
    return pyTuple([e.key, e.value]);
  },
  clear: (_c, s) => {
    (s as PyDict).entries.clear();
    delete (s as PyDict).poisoned;
    return NONE;
  },
  __getitem__: (c, s, a) => c.rt.getItem(s, a[0] ?? NONE, c.frame, null),
  __contains__: (c, s, a) => {
    const r = c.rt.contains(s, a[0] ?? NONE, c.frame);
    return typeof r === 'boolean' ? pyBool(r) : r;
  },
});

const DICT_CLASS_METHODS = new Map<string, BuiltinImpl>([
  [
    'fromkeys',
    (ctx, args) => {
      const [it, v] = bindArgs(ctx, 'fromkeys', args, null, ['iterable', 'value'], 1) as [PyValue, PyValue | undefined];
      const items = iterate(it);
      if (isUnknown(items)) return items;
      const d: PyDict = { kind: 'dict', entries: new Map() };
      for (const k of items) dictSet(d, k, v ?? NONE);
      return d;
    },
  ],
]);

function setArg(_c: CallContext, v: PyValue): PySet | PyUnknown {
  if (v.kind === 'set') return v;
  const items = iterate(v);
  if (isUnknown(items)) return items;
  const s = makeSet(items, false);
  return s.kind === 'set' ? s : (s as PyUnknown);
}

const SET_METHODS = methods({
  add: (c, s, a) => {
    const [x] = bindArgs(c, 'add', a, null, ['elem'], 1) as [PyValue];
    const set = s as PySet;
    const k = keyOf(x);
    if (typeof k !== 'string') poison(set, k.reason);
    else if (!set.entries.has(k)) set.entries.set(k, x);
    return NONE;
  },
  update: (c, s, a) => {
    const set = s as PySet;
    for (const x of a) {
      const o = setArg(c, x);
      if (o.kind === 'unknown') poison(set, o.reason);
      else for (const [k, v] of o.entries) if (!set.entries.has(k)) set.entries.set(k, v);
    }
    return NONE;
  },
  discard: (c, s, a) => {
    const k = hashKey(a[0] ?? NONE);
    if (typeof k === 'string') (s as PySet).entries.delete(k);
    else if (k && typeof k !== 'string') poison(s, k.reason);
    void c;
    return NONE;
  },
  remove: (c, s, a) => {
    const k = hashKey(a[0] ?? NONE);
    if (typeof k !== 'string') {
      if (k) poison(s, k.reason);
      return NONE;
    }
    if (!(s as PySet).entries.delete(k) && !(s as PySet).poisoned) return c.rt.raiseKey(a[0] ?? NONE);
    return NONE;
  },
  union: (c, s, a) => setCombine(c, s as PySet, a, '|'),
  intersection: (c, s, a) => setCombine(c, s as PySet, a, '&'),
  difference: (c, s, a) => setCombine(c, s as PySet, a, '-'),
  symmetric_difference: (c, s, a) => setCombine(c, s as PySet, a, '^'),
  issubset: (c, s, a) => {
    const o = setArg(c, a[0] ?? NONE);
    if (o.kind === 'unknown') return o;
    return pyBool([...(s as PySet).entries.keys()].every((k) => o.entries.has(k)));
  },
  issuperset: (c, s, a) => {
    const o = setArg(c, a[0] ?? NONE);
    if (o.kind === 'unknown') return o;
    return pyBool([...o.entries.keys()].every((k) => (s as PySet).entries.has(k)));
  },
  copy: (_c, s) => ({ kind: 'set', entries: new Map((s as PySet).entries), frozen: (s as PySet).frozen }),
  clear: (_c, s) => {
    (s as PySet).entries.clear();
    return NONE;
  },
  pop: (c) => unknown('set.pop() removes an arbitrary element', c.range),
});

function setCombine(c: CallContext, s: PySet, args: PyValue[], op: string): PyValue {
  let acc: PyValue = s;
  for (const x of args) {
    const o = setArg(c, x);
    if (o.kind === 'unknown') return o;
    acc = c.rt.binaryOp(op, acc, { ...o, frozen: s.frozen }, c.frame, null);
  }
  return acc === s ? { kind: 'set', entries: new Map(s.entries), frozen: s.frozen } : acc;
}

const FLOAT_METHODS = methods({
  is_integer: (_c, s) => pyBool(Number.isInteger((s as { value: number }).value)),
});

const TYPE_METHODS: Record<string, Map<string, BuiltinImpl>> = {
  str: STR_METHODS,
  list: new Map([...SEQ_METHODS, ...LIST_METHODS]),
  tuple: SEQ_METHODS,
  dict: new Map([...DICT_METHODS, ...DICT_CLASS_METHODS]),
  set: SET_METHODS,
  frozenset: SET_METHODS,
  float: FLOAT_METHODS,
};

/** Methods and properties of builtin values (and of builtin types, unbound). */
export function builtinAttr(v: PyValue, name: string): PyValue | undefined {
  switch (v.kind) {
    case 'str':
    case 'list':
    case 'tuple':
    case 'dict': {
      const impl = TYPE_METHODS[v.kind].get(name);
      return impl ? { kind: 'builtin', name, impl, self: v } : undefined;
    }
    case 'set': {
      if (v.frozen && ['add', 'update', 'discard', 'remove', 'clear', 'pop'].includes(name)) return undefined;
      const impl = SET_METHODS.get(name);
      return impl ? { kind: 'builtin', name, impl, self: v } : undefined;
    }
    case 'float': {
      const impl = FLOAT_METHODS.get(name);
      if (impl) return { kind: 'builtin', name, impl, self: v };
      if (name === 'real') return v;
      return undefined;
    }
    case 'int':
    case 'bool':
      if (name === 'real' || name === 'numerator') return pyInt(numValue(v));
      return undefined;
    case 'function':
      if (name === '__name__') return strValue(v.name);
      if (name === '__doc__') return NONE;
      return undefined;
    case 'builtin': {
      if (name === '__name__') return strValue(v.typeName ?? v.name);
      if (v.typeName) {
        const table = TYPE_METHODS[v.typeName];
        const impl = table?.get(name);
        if (impl) {
          // dict.fromkeys is a classmethod: no receiver. Other methods are unbound.
          return { kind: 'builtin', name, impl: v.typeName === 'dict' && name === 'fromkeys' ? impl : impl };
        }
      }
      const attr = (v as PyBuiltin & { attrs?: Map<string, PyValue> }).attrs?.get(name);
      return attr;
    }
    default:
      return undefined;
  }
}
