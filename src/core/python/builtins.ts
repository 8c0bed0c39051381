/**
 * Python builtins: functions (len, str, int, sorted …), builtin exception classes and the methods
 * of str, list, tuple, dict, set and numbers. Methods receive their receiver as args[0], so the
 * same implementation serves `s.lower()` and `str.lower(s)`.
 */
import { dictSet, iterate, keyOf, makeSet } from './containers';
import { EXC, exceptionClassOf, isSubclass } from './exceptions';
import { fixedDigits, FormatError, formatValue, strFormat } from './format';
import { namespaceObject } from './namespace';
import { hashKey, numValue, poison, pyEquals, truthy } from './valueOps';
import { pyRepr, pyToStr } from './valueText';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  pyStr,
  pyTuple,
  TRUE,
  typeName,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyClass,
  type PyDict,
  type PySet,
  type PyUnknown,
  type PyValue,
} from './values';

type Kw = Map<string, PyValue> | null;

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

function needInt(ctx: CallContext, v: PyValue | undefined, what: string): number {
  if (!v || (v.kind !== 'int' && v.kind !== 'bool')) return ctx.rt.raise('TypeError', `${what} must be an integer, not ${v ? typeName(v) : 'nothing'}`);
  return numValue(v);
}

// ------------------------------------------------------------------ helpers

/** CPython's slice index adjustment; a string is the TypeError/ValueError message. */
export function sliceIndices(len: number, lo: PyValue, hi: PyValue, st: PyValue): { start: number; stop: number; step: number } | string {
  const intOf = (v: PyValue): number | null | string => {
    if (v.kind === 'none') return null;
    if (v.kind === 'int' || v.kind === 'bool') return numValue(v);
    return 'slice indices must be integers or None or have an __index__ method';
  };
  const s = intOf(st);
  if (typeof s === 'string') return s;
  const step = s ?? 1;
  if (step === 0) return 'slice step cannot be zero';
  const a = intOf(lo);
  const b = intOf(hi);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const adjust = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    let x = v;
    if (x < 0) {
      x += len;
      if (x < 0) x = step < 0 ? -1 : 0;
    } else if (x >= len) x = step < 0 ? len - 1 : len;
    return x;
  };
  return { start: adjust(a, step < 0 ? len - 1 : 0), stop: adjust(b, step < 0 ? -1 : len), step };
}

/** Ordering for sorted()/min()/max(): negative, zero or positive; unknown/TypeError otherwise. */
export function compareValues(ctx: CallContext, a: PyValue, b: PyValue): number | PyUnknown {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  const num = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
  if (num(a) && num(b)) return numValue(a as never) - numValue(b as never);
  if (a.kind === 'str' && b.kind === 'str') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === 'path' && b.kind === 'path') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if ((a.kind === 'tuple' && b.kind === 'tuple') || (a.kind === 'list' && b.kind === 'list')) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(ctx, a.items[i], b.items[i]);
      if (typeof c !== 'number' || c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  return ctx.rt.raise('TypeError', `'<' not supported between instances of '${typeName(b)}' and '${typeName(a)}'`);
}

async function sortValues(ctx: CallContext, items: PyValue[], key: PyValue | undefined, reverse: boolean): Promise<PyValue[] | PyUnknown> {
  const keyed: { k: PyValue; v: PyValue }[] = [];
  for (const v of items) {
    const k = key && key.kind !== 'none' ? await ctx.rt.callValue(key, [v], null, ctx.frame, null) : v;
    if (k.kind === 'unknown') return k;
    keyed.push({ k, v });
  }
  let failure: PyUnknown | null = null;
  keyed.sort((x, y) => {
    const c = compareValues(ctx, x.k, y.k);
    if (typeof c !== 'number') {
      failure ??= c;
      return 0;
    }
    return reverse ? -c : c;
  });
  if (failure) return failure;
  return keyed.map((x) => x.v);
}

const WS = ' \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
function isWs(c: string): boolean {
  return WS.includes(c);
}

function stripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  const test = chars === null ? isWs : (c: string): boolean => chars.includes(c);
  const arr = [...s];
  let a = 0;
  let b = arr.length;
  if (left) while (a < b && test(arr[a])) a++;
  if (right) while (b > a && test(arr[b - 1])) b--;
  return arr.slice(a, b).join('');
}

/** str.split / str.rsplit with Python's whitespace and maxsplit rules. */
export function splitStr(s: string, sep: string | null, maxsplit: number, fromRight: boolean): string[] {
  if (sep === null) {
    const out: string[] = [];
    const chars = [...s];
    if (!fromRight) {
      let i = 0;
      while (i < chars.length) {
        while (i < chars.length && isWs(chars[i])) i++;
        if (i >= chars.length) break;
        if (maxsplit >= 0 && out.length >= maxsplit) {
          out.push(stripChars(chars.slice(i).join(''), null, false, true));
          break;
        }
        let j = i;
        while (j < chars.length && !isWs(chars[j])) j++;
        out.push(chars.slice(i, j).join(''));
        i = j;
      }
      return out;
    }
    let i = chars.length;
    while (i > 0) {
      while (i > 0 && isWs(chars[i - 1])) i--;
      if (i <= 0) break;
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(stripChars(chars.slice(0, i).join(''), null, true, false));
        break;
      }
      let j = i;
      while (j > 0 && !isWs(chars[j - 1])) j--;
      out.push(chars.slice(j, i).join(''));
      i = j;
    }
    return out.reverse();
  }
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length - 1 <= maxsplit) return parts;
  if (!fromRight) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
}

/** int(x) / int(x, base) semantics for strings; null when invalid. */
export function parseIntStr(text: string, base: number): number | null | PyUnknown {
  let s = stripChars(text, null, true, true);
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([xXoObB])/.exec(s);
  if (prefix) {
    const pb = { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'];
    if (b === 0 || b === pb) {
      b = pb;
      s = s.slice(2);
      if (s.startsWith('_')) s = s.slice(1);
    }
  } else if (b === 0) {
    if (/^0+(_?0)*$/.test(s)) return 0;
    if (s.startsWith('0')) return null;
    b = 10;
  }
  if (!s || !/^[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(s)) return null;
  s = s.replace(/_/g, '');
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  let big = 0n;
  for (const c of s.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) return null;
    big = big * BigInt(b) + BigInt(d);
  }
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return unknown('an integer too large to evaluate exactly');
  return sign * Number(big);
}

/** float(str) semantics; null when invalid. */
export function parseFloatStr(text: string): number | null {
  const s = stripChars(text, null, true, true).toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(s);
  if (m) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)(e[+-]?\d(_?\d)*)?$/.test(s)) return null;
  return Number(s.replace(/_/g, ''));
}

/** Python's round() for floats: exact, half to even. */
function pyRound(x: number, nd: number): number {
  if (!Number.isFinite(x)) return x;
  if (nd < 0) {
    const f = 10 ** -nd;
    return pyRound(x / f, 0) * f;
  }
  const s = fixedDigits(Math.abs(x), nd);
  const v = Number(s);
  return x < 0 ? -v : v;
}

// ------------------------------------------------------------------ builtin functions

function typeBuiltin(name: string, impl: BuiltinImpl): PyBuiltin {
  return builtin(name, impl, name);
}

async function toList(_ctx: CallContext, v: PyValue | undefined): Promise<PyValue[] | PyUnknown> {
  if (v === undefined) return [];
  return iterate(v);
}

const RANGE_TYPE: ObjectType = {
  name: 'range',
  iterate: (self) => (self.data as number[]).map((n) => ({ kind: 'int', value: n })),
  truthy: (self) => (self.data as number[]).length > 0,
};

/** The builtins namespace. */
export const BUILTINS = new Map<string, PyValue>();
{
  const def = (name: string, impl: BuiltinImpl): void => {
    BUILTINS.set(name, builtin(name, impl));
  };
  const defType = (name: string, impl: BuiltinImpl): void => {
    BUILTINS.set(name, typeBuiltin(name, impl));
  };
  for (const [name, cls] of Object.entries(EXC)) if (name !== 'ImproperlyConfigured' && name !== 'UndefinedValueError' && name !== 'JSONDecodeError') BUILTINS.set(name, cls);

  def('len', (ctx, args) => {
    const [v] = bindArgs(ctx, 'len', args, null, ['obj'], 1) as [PyValue];
    switch (v.kind) {
      case 'unknown':
        return v;
      case 'str':
        return pyInt([...v.value].length);
      case 'list':
        return v.poisoned ? unknown(v.poisoned) : pyInt(v.items.length);
      case 'tuple':
        return pyInt(v.items.length);
      case 'dict':
      case 'set':
        return v.poisoned ? unknown(v.poisoned) : pyInt(v.entries.size);
      case 'object': {
        if (!v.type.iterate) return unknown(`len() of a ${v.type.name} is not evaluated`);
        const items = v.type.iterate(v, ctx);
        return isUnknown(items) ? items : pyInt(items.length);
      }
      default:
        return ctx.rt.raise('TypeError', `object of type '${typeName(v)}' has no len()`);
    }
  });
  defType('str', (ctx, args, kwargs) => {
    const [v] = bindArgs(ctx, 'str', args, kwargs, ['object', 'encoding', 'errors']);
    if (!v) return pyStr('');
    const s = pyToStr(v);
    return typeof s === 'string' ? pyStr(s) : unknown(s.reason, s.range ?? ctx.range);
  });
  def('repr', (ctx, args) => {
    const [v] = bindArgs(ctx, 'repr', args, null, ['obj'], 1) as [PyValue];
    const s = pyRepr(v);
    return typeof s === 'string' ? pyStr(s) : s;
  });
  def('ascii', (ctx, args) => {
    const [v] = bindArgs(ctx, 'ascii', args, null, ['obj'], 1) as [PyValue];
    const s = pyRepr(v);
    if (typeof s !== 'string') return s;
    return /[^\x00-\x7f]/.test(s) ? unknown('ascii() of non-ASCII text is not evaluated') : pyStr(s);
  });
  defType('int', (ctx, args, kwargs) => {
    const [v, baseV] = bindArgs(ctx, 'int', args, kwargs, ['x', 'base']);
    if (!v) return pyInt(0);
    const u = firstUnknown(v, baseV);
    if (u) return u;
    if (baseV) {
      const base = needInt(ctx, baseV, 'base');
      if (v.kind !== 'str') return ctx.rt.raise('TypeError', "int() can't convert non-string with explicit base");
      const n = parseIntStr(v.value, base);
      if (n === null) return ctx.rt.raise('ValueError', `invalid literal for int() with base ${base}: ${pyRepr(v)}`);
      return typeof n === 'number' ? pyInt(n) : n;
    }
    switch (v.kind) {
      case 'int':
        return v;
      case 'bool':
        return pyInt(v.value ? 1 : 0);
      case 'float':
        if (Number.isNaN(v.value)) return ctx.rt.raise('ValueError', 'cannot convert float NaN to integer');
        if (!Number.isFinite(v.value)) return ctx.rt.raise('OverflowError', 'cannot convert float infinity to integer');
        return pyInt(Math.trunc(v.value));
      case 'str': {
        const n = parseIntStr(v.value, 10);
        if (n === null) return ctx.rt.raise('ValueError', `invalid literal for int() with base 10: ${pyRepr(v)}`);
        return typeof n === 'number' ? pyInt(n) : n;
      }
      default:
        return ctx.rt.raise('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
    }
  });
  defType('float', (ctx, args) => {
    const [v] = bindArgs(ctx, 'float', args, null, ['x']);
    if (!v) return pyFloat(0);
    if (v.kind === 'unknown') return v;
    if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'float') return pyFloat(numValue(v));
    if (v.kind === 'str') {
      const n = parseFloatStr(v.value);
      if (n === null) return ctx.rt.raise('ValueError', `could not convert string to float: ${pyRepr(v)}`);
      return pyFloat(n);
    }
    return ctx.rt.raise('TypeError', `float() argument must be a string or a real number, not '${typeName(v)}'`);
  });
  defType('bool', (ctx, args) => {
    const [v] = bindArgs(ctx, 'bool', args, null, ['x']);
    if (!v) return FALSE;
    const t = truthy(v);
    return typeof t === 'boolean' ? pyBool(t) : t;
  });
  defType('list', async (ctx, args) => {
    const [v] = bindArgs(ctx, 'list', args, null, ['iterable']);
    const items = await toList(ctx, v);
    return isUnknown(items) ? items : pyList(items);
  });
  defType('tuple', async (ctx, args) => {
    const [v] = bindArgs(ctx, 'tuple', args, null, ['iterable']);
    const items = await toList(ctx, v);
    return isUnknown(items) ? items : pyTuple(items);
  });
  defType('set', async (ctx, args) => {
    const [v] = bindArgs(ctx, 'set', args, null, ['iterable']);
    if (v && v.kind === 'set') return { kind: 'set', entries: new Map(v.entries), frozen: false, ...(v.poisoned ? { poisoned: v.poisoned } : {}) };
    const items = await toList(ctx, v);
    return isUnknown(items) ? items : makeSet(items, false);
  });
  defType('frozenset', async (ctx, args) => {
    const [v] = bindArgs(ctx, 'frozenset', args, null, ['iterable']);
    if (v && v.kind === 'set') return { kind: 'set', entries: new Map(v.entries), frozen: true };
    const items = await toList(ctx, v);
    return isUnknown(items) ? items : makeSet(items, true);
  });
  defType('dict', async (ctx, args, kwargs) => {
    if (args.length > 1) return ctx.rt.raise('TypeError', `dict expected at most 1 argument, got ${args.length}`);
    const d: PyDict = { kind: 'dict', entries: new Map() };
    await ctx.rt.dictUpdate(d, args[0] ?? null, kwargs, ctx.frame);
    return d;
  });
  defType('object', (ctx) => unknown('object() instances are not evaluated', ctx.range));
  defType('bytes', (ctx) => unknown('bytes values are not evaluated', ctx.range));
  defType('type', (ctx, args) => {
    if (args.length !== 1) return unknown('type() with three arguments is not evaluated', ctx.range);
    const v = args[0];
    if (v.kind === 'unknown') return v;
    const name = typeName(v);
    const t = BUILTINS.get(name);
    if (t) return t;
    const cls = exceptionClassOf(v);
    if (cls) return cls;
    return unknown(`type(${name}) is not modelled`, ctx.range);
  });
  def('sorted', async (ctx, args, kwargs) => {
    const [it, key, rev] = bindArgs(ctx, 'sorted', args, kwargs, ['iterable', 'key', 'reverse'], 1) as [PyValue, PyValue | undefined, PyValue | undefined];
    const items = iterate(it);
    if (isUnknown(items)) {
      // A set's order does not matter once sorted.
      if (it.kind === 'set' && !it.poisoned) return sortedOrUnknown(ctx, [...it.entries.values()], key, rev);
      return items;
    }
    return sortedOrUnknown(ctx, items, key, rev);
  });
  def('reversed', async (ctx, args) => {
    const [v] = bindArgs(ctx, 'reversed', args, null, ['seq'], 1) as [PyValue];
    if (v.kind === 'dict' || v.kind === 'set') return ctx.rt.raise('TypeError', `'${typeName(v)}' object is not reversible`);
    const items = iterate(v);
    return isUnknown(items) ? items : pyList(items.reverse());
  });
  def('enumerate', (ctx, args, kwargs) => {
    const [it, start] = bindArgs(ctx, 'enumerate', args, kwargs, ['iterable', 'start'], 1) as [PyValue, PyValue | undefined];
    const items = iterate(it);
    if (isUnknown(items)) return items;
    const s = start ? needInt(ctx, start, 'start') : 0;
    return pyList(items.map((v, i) => pyTuple([{ kind: 'int', value: s + i }, v])));
  });
  def('zip', (_ctx, args) => {
    const lists: PyValue[][] = [];
    for (const a of args) {
      const items = iterate(a);
      if (isUnknown(items)) return items;
      lists.push(items);
    }
    if (!lists.length) return pyList([]);
    const n = Math.min(...lists.map((l) => l.length));
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) out.push(pyTuple(lists.map((l) => l[i])));
    return pyList(out);
  });
  def('map', async (ctx, args) => {
    if (args.length < 2) return ctx.rt.raise('TypeError', 'map() must have at least two arguments.');
    const [f, ...its] = args;
    const lists: PyValue[][] = [];
    for (const a of its) {
      const items = iterate(a);
      if (isUnknown(items)) return items;
      lists.push(items);
    }
    const n = Math.min(...lists.map((l) => l.length));
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) out.push(await ctx.rt.callValue(f, lists.map((l) => l[i]), null, ctx.frame, null));
    return pyList(out);
  });
  def('filter', async (ctx, args) => {
    const [f, it] = bindArgs(ctx, 'filter', args, null, ['function', 'iterable'], 2) as [PyValue, PyValue];
    const items = iterate(it);
    if (isUnknown(items)) return items;
    const out: PyValue[] = [];
    for (const v of items) {
      const t = truthy(f.kind === 'none' ? v : await ctx.rt.callValue(f, [v], null, ctx.frame, null));
      if (typeof t !== 'boolean') return t;
      if (t) out.push(v);
    }
    return pyList(out);
  });
  def('range', (ctx, args) => {
    const u = firstUnknown(...args);
    if (u) return u;
    const nums = args.map((a, i) => needInt(ctx, a, `range() argument ${i + 1}`));
    const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
    if (step === 0) return ctx.rt.raise('ValueError', 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    if (count > 100_000) return unknown('the range is too large to evaluate', ctx.range);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(start + i * step);
    return { kind: 'object', type: RANGE_TYPE, data: out };
  });
  for (const which of ['min', 'max'] as const) {
    def(which, async (ctx, args, kwargs) => {
      const key = kwargs?.get('key');
      const dflt = kwargs?.get('default');
      let items: PyValue[] | PyUnknown;
      if (args.length === 1) items = iterate(args[0]);
      else items = args;
      if (isUnknown(items)) return items;
      if (!items.length) return dflt ?? ctx.rt.raise('ValueError', `${which}() arg is an empty sequence`);
      const sorted = await sortValues(ctx, items, key, false);
      if (isUnknown(sorted)) return sorted;
      if (which === 'min') return sorted[0];
      // max() returns the first maximal element; a stable ascending sort puts it first among equals.
      const last = sorted[sorted.length - 1];
      for (const v of sorted) if (pyEquals(v, last) === true && compareValues(ctx, v, last) === 0) return v;
      return last;
    });
  }
  def('sum', (ctx, args, kwargs) => {
    const [it, start] = bindArgs(ctx, 'sum', args, kwargs, ['iterable', 'start'], 1) as [PyValue, PyValue | undefined];
    const items = iterate(it);
    if (isUnknown(items)) return items;
    let acc: PyValue = start ?? { kind: 'int', value: 0 };
    if (acc.kind === 'str') return ctx.rt.raise('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    for (const v of items) acc = ctx.rt.binaryOp('+', acc, v, ctx.frame, null);
    return acc;
  });
  for (const which of ['any', 'all'] as const) {
    def(which, (ctx, args) => {
      const [it] = bindArgs(ctx, which, args, null, ['iterable'], 1) as [PyValue];
      const items = iterate(it);
      if (isUnknown(items)) return items;
      let pending: PyUnknown | null = null;
      for (const v of items) {
        const t = truthy(v);
        if (typeof t !== 'boolean') {
          pending ??= t;
          continue;
        }
        if (which === 'any' && t) return TRUE;
        if (which === 'all' && !t) return FALSE;
      }
      return pending ?? pyBool(which === 'all');
    });
  }
  def('abs', (ctx, args) => {
    const [v] = bindArgs(ctx, 'abs', args, null, ['x'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    if (v.kind === 'int' || v.kind === 'bool') return pyInt(Math.abs(numValue(v)));
    if (v.kind === 'float') return pyFloat(Math.abs(v.value));
    return ctx.rt.raise('TypeError', `bad operand type for abs(): '${typeName(v)}'`);
  });
  def('round', (ctx, args, kwargs) => {
    const [v, nd] = bindArgs(ctx, 'round', args, kwargs, ['number', 'ndigits'], 1) as [PyValue, PyValue | undefined];
    const u = firstUnknown(v, nd);
    if (u) return u;
    if (v.kind === 'int' || v.kind === 'bool') return pyInt(numValue(v));
    if (v.kind !== 'float') return ctx.rt.raise('TypeError', `type ${typeName(v)} doesn't define __round__ method`);
    if (!nd || nd.kind === 'none') return pyInt(pyRound(v.value, 0));
    return pyFloat(pyRound(v.value, needInt(ctx, nd, 'ndigits')));
  });
  def('isinstance', (ctx, args) => {
    const [v, cls] = bindArgs(ctx, 'isinstance', args, null, ['obj', 'class_or_tuple'], 2) as [PyValue, PyValue];
    return isInstance(ctx, v, cls);
  });
  def('issubclass', (ctx, args) => {
    const [a, b] = bindArgs(ctx, 'issubclass', args, null, ['cls', 'class_or_tuple'], 2) as [PyValue, PyValue];
    if (a.kind === 'class' && b.kind === 'class') return pyBool(isSubclass(a, b));
    return unknown('issubclass() is not evaluated for these types', ctx.range);
  });
  def('callable', (ctx, args) => {
    const [v] = bindArgs(ctx, 'callable', args, null, ['obj'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    if (v.kind === 'object') return v.type.call ? TRUE : unknown(`whether a ${v.type.name} is callable is not modelled`);
    return pyBool(v.kind === 'function' || v.kind === 'builtin' || v.kind === 'class');
  });
  def('getattr', (ctx, args) => {
    const [obj, nameV, dflt] = bindArgs(ctx, 'getattr', args, null, ['object', 'name', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
    if (nameV.kind === 'unknown') return nameV;
    const name = needStr(ctx, nameV, 'attribute name');
    try {
      const v = ctx.rt.getAttr(obj, name, ctx.frame, null);
      if (dflt && v.kind === 'unknown' && obj.kind === 'module' && obj.ns) return v;
      return v;
    } catch (e) {
      if (dflt && isPyExceptionOf(e, 'AttributeError')) return dflt;
      throw e;
    }
  });
  def('hasattr', (ctx, args) => {
    const [obj, nameV] = bindArgs(ctx, 'hasattr', args, null, ['object', 'name'], 2) as [PyValue, PyValue];
    if (nameV.kind === 'unknown') return nameV;
    const name = needStr(ctx, nameV, 'attribute name');
    try {
      const v = ctx.rt.getAttr(obj, name, ctx.frame, null);
      return v.kind === 'unknown' ? unknown(`whether ${name} exists is unknown: ${v.reason}`) : TRUE;
    } catch (e) {
      if (isPyExceptionOf(e, 'AttributeError')) return FALSE;
      throw e;
    }
  });
  def('setattr', (ctx, args) => {
    const [obj, nameV, value] = bindArgs(ctx, 'setattr', args, null, ['obj', 'name', 'value'], 3) as [PyValue, PyValue, PyValue];
    const isNs = (obj.kind === 'module' && obj.ns) || (obj.kind === 'object' && obj.type.name === 'namespace');
    if (nameV.kind !== 'str') {
      if (isNs || obj.kind === 'unknown') ctx.rt.opaqueWrite(ctx.frame, ctx.range, `setattr(…) with a name that is not known`);
      return NONE;
    }
    if (obj.kind === 'module' && obj.ns) {
      obj.ns.globals.set(nameV.value, { value, origin: ctx.range ?? { file: obj.ns.file, line: 1, column: 1, endLine: 1, endColumn: 1 } });
    } else if (obj.kind === 'object' && obj.type.name === 'namespace') {
      const st = obj.data as { file: string; globals: Map<string, { value: PyValue; origin: unknown }> };
      st.globals.set(nameV.value, { value, origin: ctx.range ?? { file: st.file, line: 1, column: 1, endLine: 1, endColumn: 1 } });
    } else if (obj.kind === 'class') obj.attrs.set(nameV.value, value);
    else if (obj.kind === 'unknown') ctx.rt.opaqueWrite(ctx.frame, ctx.range, `setattr(…) on an object that is not known`);
    return NONE;
  });
  const ns = (ctx: CallContext): PyValue => namespaceOf(ctx);
  def('globals', (ctx) => ns(ctx));
  def('vars', (ctx, args) => (args.length ? unknown('vars(obj) is not evaluated', ctx.range) : ctx.frame.locals ? localsDict(ctx) : ns(ctx)));
  def('locals', (ctx) => (ctx.frame.locals ? localsDict(ctx) : ns(ctx)));
  def('print', () => NONE);
  def('input', (ctx) => unknown('input() reads from the terminal at runtime', ctx.range));
  def('exec', (ctx) => {
    ctx.rt.opaqueWrite(ctx.frame, ctx.range, 'exec(…)');
    return NONE;
  });
  def('eval', (ctx) => unknown('eval() is not evaluated', ctx.range));
  def('compile', (ctx) => unknown('compile() is not evaluated', ctx.range));
  def('__import__', async (ctx, args) => {
    const [n] = bindArgs(ctx, '__import__', args.slice(0, 1), null, ['name'], 1) as [PyValue];
    if (n.kind !== 'str') return unknown('__import__ of an unknown name', ctx.range);
    return ctx.rt.importByName(n.value.split('.')[0], ctx);
  });
  def('open', async (ctx, args, kwargs) => {
    const [file, mode] = bindArgs(ctx, 'open', args, kwargs, ['file', 'mode', 'buffering', 'encoding', 'errors', 'newline', 'closefd', 'opener']);
    return openFile(ctx, file, mode);
  });
  def('format', (ctx, args) => {
    const [v, spec] = bindArgs(ctx, 'format', args, null, ['value', 'format_spec'], 1) as [PyValue, PyValue | undefined];
    const u = firstUnknown(v, spec);
    if (u) return u;
    const r = formatValue(v, spec ? needStr(ctx, spec, 'format spec') : '');
    if (r instanceof FormatError) return ctx.rt.raise(r.type, r.message);
    return typeof r === 'string' ? pyStr(r) : r;
  });
  def('chr', (ctx, args) => {
    const [v] = bindArgs(ctx, 'chr', args, null, ['i'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    return pyStr(String.fromCodePoint(needInt(ctx, v, 'chr() argument')));
  });
  def('ord', (ctx, args) => {
    const [v] = bindArgs(ctx, 'ord', args, null, ['c'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    const s = [...needStr(ctx, v, 'ord() argument')];
    if (s.length !== 1) return ctx.rt.raise('TypeError', `ord() expected a character, but string of length ${s.length} found`);
    return pyInt(s[0].codePointAt(0) as number);
  });
  for (const name of ['staticmethod', 'classmethod', 'property']) BUILTINS.set(name, builtin(name, (_c, args) => args[0] ?? NONE));
  for (const name of ['id', 'hash', 'iter', 'next', 'pow', 'divmod', 'hex', 'oct', 'bin', 'super', 'memoryview', 'bytearray', 'complex', 'slice', 'breakpoint', 'dir', 'help', 'aiter', 'anext']) {
    def(name, (ctx) => unknown(`${name}() is not evaluated`, ctx.range));
  }
  BUILTINS.set('NotImplemented', unknown('NotImplemented'));
  BUILTINS.set('Ellipsis', unknown('Ellipsis'));
  BUILTINS.set('__debug__', TRUE);
}

async function sortedOrUnknown(ctx: CallContext, items: PyValue[], key: PyValue | undefined, rev: PyValue | undefined): Promise<PyValue> {
  const reverse = rev ? truthy(rev) : false;
  if (typeof reverse !== 'boolean') return reverse;
  const sorted = await sortValues(ctx, items, key, reverse);
  return isUnknown(sorted) ? sorted : pyList(sorted);
}

function isPyExceptionOf(e: unknown, name: string): boolean {
  const x = e as { cls?: PyClass };
  return !!x && typeof x === 'object' && !!x.cls && x.cls.kind === 'class' && isSubclass(x.cls, EXC[name]);
}

function namespaceOf(ctx: CallContext): PyValue {
  return namespaceObject(ctx.frame.module);
}

function localsDict(ctx: CallContext): PyDict {
  const d: PyDict = { kind: 'dict', entries: new Map() };
  for (const [k, b] of ctx.frame.locals as Map<string, { value: PyValue }>) d.entries.set('s:' + k, { key: pyStr(k), value: b.value });
  return d;
}

const TYPE_KINDS: Record<string, (v: PyValue) => boolean> = {
  str: (v) => v.kind === 'str',
  int: (v) => v.kind === 'int' || v.kind === 'bool',
  bool: (v) => v.kind === 'bool',
  float: (v) => v.kind === 'float',
  list: (v) => v.kind === 'list',
  tuple: (v) => v.kind === 'tuple',
  dict: (v) => v.kind === 'dict',
  set: (v) => v.kind === 'set' && !v.frozen,
  frozenset: (v) => v.kind === 'set' && v.frozen,
  object: () => true,
  bytes: () => false,
  type: (v) => v.kind === 'class' || (v.kind === 'builtin' && !!v.typeName),
  Path: (v) => v.kind === 'path' && !v.pure,
  PosixPath: (v) => v.kind === 'path' && !v.pure,
  PurePath: (v) => v.kind === 'path',
  PurePosixPath: (v) => v.kind === 'path',
};

function isInstance(ctx: CallContext, v: PyValue, cls: PyValue): PyValue {
  if (v.kind === 'unknown') return v;
  if (cls.kind === 'unknown') return cls;
  if (cls.kind === 'tuple') {
    let pending: PyUnknown | null = null;
    for (const c of cls.items) {
      const r = isInstance(ctx, v, c);
      if (r.kind === 'bool' && r.value) return TRUE;
      if (r.kind === 'unknown') pending ??= r;
    }
    return pending ?? FALSE;
  }
  if (cls.kind === 'builtin' && cls.typeName) {
    if (v.kind === 'object' && cls.typeName !== 'object') return v.type.name === cls.typeName ? TRUE : unknown(`isinstance of a ${v.type.name} is not modelled`);
    const test = TYPE_KINDS[cls.typeName];
    return test ? pyBool(test(v)) : unknown(`isinstance(…, ${cls.typeName}) is not modelled`);
  }
  if (cls.kind === 'class') {
    const ec = exceptionClassOf(v);
    if (ec) return pyBool(isSubclass(ec, cls));
    if (v.kind === 'object') return unknown(`isinstance of a ${v.type.name} is not modelled`);
    return FALSE;
  }
  return ctx.rt.raise('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
}

// ------------------------------------------------------------------ files

const FILE_TYPE: ObjectType = {
  name: 'file',
  getattr(self, name) {
    const text = (self.data as { text: string }).text;
    const method = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
    switch (name) {
      case 'read':
        return method(() => pyStr(text));
      case 'readlines':
        return method(() => pyList(linesOf(text).map(pyStr)));
      case 'readline':
        return method(() => pyStr(linesOf(text)[0] ?? ''));
      case 'close':
      case '__enter__':
      case '__exit__':
        return method(() => NONE);
      default:
        return undefined;
    }
  },
  iterate(self) {
    return linesOf((self.data as { text: string }).text).map(pyStr);
  },
};

function linesOf(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out.length && out[out.length - 1] === '' ? out.slice(0, -1) : out;
}

async function openFile(ctx: CallContext, file: PyValue | undefined, mode: PyValue | undefined): Promise<PyValue> {
  const u = firstUnknown(file, mode);
  if (u) return u;
  const m = mode && mode.kind === 'str' ? mode.value : 'r';
  if (/[wax+]/.test(m)) return unknown('files opened for writing are not evaluated', ctx.range);
  if (/b/.test(m)) return unknown('binary file reads are not evaluated', ctx.range);
  const p = file ? fspathOf(file) : null;
  if (p === null) return unknown('open() of something that is not a path', ctx.range);
  const abs = p.startsWith('/') ? p : ctx.rt.host.cwd.replace(/\/$/, '') + '/' + p;
  const text = await ctx.rt.readText(abs);
  if (text === undefined) {
    const st = await ctx.rt.stat(abs);
    if (st) return unknown(`${abs} cannot be read`, ctx.range);
    return ctx.rt.raise('FileNotFoundError', `[Errno 2] No such file or directory: '${p}'`);
  }
  return { kind: 'object', type: FILE_TYPE, data: { text, path: abs } };
}

/** os.fspath(): str, pathlib paths and objects with __fspath__ (environ.Path). */
export function fspathOf(v: PyValue): string | null {
  if (v.kind === 'str' || v.kind === 'path') return v.value;
  if (v.kind === 'object' && v.type.fspath) return v.type.fspath(v);
  return null;
}

/** The text content of a file object, or null. */
export function fileText(v: PyValue): string | null {
  return v.kind === 'object' && v.type === FILE_TYPE ? (v.data as { text: string }).text : null;
}

// ------------------------------------------------------------------ methods of builtin types

type Method = (ctx: CallContext, self: PyValue, args: PyValue[], kwargs: Kw) => PyValue | Promise<PyValue>;

function methods(table: Record<string, Method>): Map<string, BuiltinImpl> {
  const out = new Map<string, BuiltinImpl>();
  for (const [name, m] of Object.entries(table)) out.set(name, (ctx, args, kwargs) => m(ctx, args[0], args.slice(1), kwargs));
  return out;
}

function strOrUnknown(ctx: CallContext, v: PyValue | undefined, what: string): string | PyUnknown {
  if (v && v.kind === 'unknown') return v;
  return needStr(ctx, v, what);
}

const STR_METHODS = methods({
  lower: (_c, s) => pyStr((s as { value: string }).value.toLowerCase()),
  upper: (_c, s) => pyStr((s as { value: string }).value.toUpperCase()),
  casefold: (_c, s) => pyStr((s as { value: string }).value.toLowerCase()),
  swapcase: (_c, s) => pyStr([...(s as { value: string }).value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
  strip: (c, s, a) => stripMethod(c, s, a, true, true),
  lstrip: (c, s, a) => stripMethod(c, s, a, true, false),
  rstrip: (c, s, a) => stripMethod(c, s, a, false, true),
  split: (c, s, a, k) => splitMethod(c, s, a, k, false),
  rsplit: (c, s, a, k) => splitMethod(c, s, a, k, true),
  splitlines: (c, s, a, k) => {
    const [keep] = bindArgs(c, 'splitlines', a, k, ['keepends']);
    const text = (s as { value: string }).value;
    const parts = text.split(/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])/);
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const line = parts[i] + (keep && truthy(keep) === true ? (parts[i + 1] ?? '') : '');
      if (i + 1 < parts.length || parts[i] !== '') out.push(line);
    }
    return pyList(out.map(pyStr));
  },
  join: (c, s, a) => {
    const [it] = bindArgs(c, 'join', a, null, ['iterable'], 1) as [PyValue];
    const items = iterate(it);
    if (isUnknown(items)) return items;
    const parts: string[] = [];
    for (const v of items) {
      if (v.kind === 'unknown') return v;
      if (v.kind !== 'str') return c.rt.raise('TypeError', `sequence item ${parts.length}: expected str instance, ${typeName(v)} found`);
      parts.push(v.value);
    }
    return pyStr(parts.join((s as { value: string }).value));
  },
  startswith: (c, s, a) => affix(c, s, a, 'startswith'),
  endswith: (c, s, a) => affix(c, s, a, 'endswith'),
  replace: (c, s, a, k) => {
    const [o, n, cnt] = bindArgs(c, 'replace', a, k, ['old', 'new', 'count'], 2) as [PyValue, PyValue, PyValue | undefined];
    const u = firstUnknown(o, n, cnt);
    if (u) return u;
    const old = needStr(c, o, 'replace() argument 1');
    const nw = needStr(c, n, 'replace() argument 2');
    let count = cnt ? needInt(c, cnt, 'count') : -1;
    const text = (s as { value: string }).value;
    if (old === '') {
      const chars = [...text];
      let out = '';
      for (let i = 0; i <= chars.length; i++) {
        if (count !== 0) {
          out += nw;
          count--;
        }
        if (i < chars.length) out += chars[i];
      }
      return pyStr(out);
    }
    if (count < 0) return pyStr(text.split(old).join(nw));
    let out = '';
    let rest = text;
    while (count-- > 0) {
      const i = rest.indexOf(old);
      if (i < 0) break;
      out += rest.slice(0, i) + nw;
      rest = rest.slice(i + old.length);
    }
    return pyStr(out + rest);
  },
  format: (c, s, a, k) => {
    const r = strFormat((s as { value: string }).value, a, k ?? new Map(), (base, acc) => fieldAccess(c, base, acc));
    if (r instanceof FormatError) return c.rt.raise(r.type, r.message);
    return typeof r === 'string' ? pyStr(r) : unknown(r.reason, r.range ?? c.range);
  },
  format_map: (c, s, a) => {
    const [m] = bindArgs(c, 'format_map', a, null, ['mapping'], 1) as [PyValue];
    if (m.kind === 'unknown') return m;
    if (m.kind !== 'dict') return unknown('format_map with a non-dict mapping is not evaluated', c.range);
    const kw = new Map<string, PyValue>();
    for (const e of m.entries.values()) if (e.key.kind === 'str') kw.set(e.key.value, e.value);
    const r = strFormat((s as { value: string }).value, [], kw, (base, acc) => fieldAccess(c, base, acc));
    if (r instanceof FormatError) return c.rt.raise(r.type, r.message);
    return typeof r === 'string' ? pyStr(r) : r;
  },
  find: (c, s, a) => findMethod(c, s, a, false, false),
  rfind: (c, s, a) => findMethod(c, s, a, true, false),
  index: (c, s, a) => findMethod(c, s, a, false, true),
  rindex: (c, s, a) => findMethod(c, s, a, true, true),
  count: (c, s, a) => {
    const [sub] = bindArgs(c, 'count', a, null, ['sub', 'start', 'end'], 1) as [PyValue];
    if (sub.kind === 'unknown') return sub;
    const t = needStr(c, sub, 'count() argument');
    const text = (s as { value: string }).value;
    if (t === '') return pyInt([...text].length + 1);
    return pyInt(text.split(t).length - 1);
  },
  // Python's isdigit also accepts superscript, subscript and circled digits.
  isdigit: (_c, s) => pyBool(/^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u.test((s as { value: string }).value)),
  isdecimal: (_c, s) => pyBool(/^\p{Nd}+$/u.test((s as { value: string }).value)),
  isnumeric: (_c, s) => pyBool(/^\p{N}+$/u.test((s as { value: string }).value)),
  isalpha: (_c, s) => pyBool(/^\p{L}+$/u.test((s as { value: string }).value)),
  isalnum: (_c, s) => pyBool(/^[\p{L}\p{N}]+$/u.test((s as { value: string }).value)),
  isspace: (_c, s) => pyBool((s as { value: string }).value.length > 0 && [...(s as { value: string }).value].every(isWs)),
  islower: (_c, s) => {
    const v = (s as { value: string }).value;
    return pyBool(/\p{Ll}/u.test(v) && !/\p{Lu}|\p{Lt}/u.test(v));
  },
  isupper: (_c, s) => {
    const v = (s as { value: string }).value;
    return pyBool(/\p{Lu}/u.test(v) && !/\p{Ll}|\p{Lt}/u.test(v));
  },
  isidentifier: (_c, s) => pyBool(/^[\p{L}_][\p{L}\p{N}_]*$/u.test((s as { value: string }).value)),
  title: (_c, s) => pyStr((s as { value: string }).value.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())),
  capitalize: (_c, s) => {
    const v = (s as { value: string }).value;
    return pyStr(v ? v[0].toUpperCase() + v.slice(1).toLowerCase() : v);
  },
  zfill: (c, s, a) => {
    const [w] = bindArgs(c, 'zfill', a, null, ['width'], 1) as [PyValue];
    if (w.kind === 'unknown') return w;
    const width = needInt(c, w, 'width');
    const v = (s as { value: string }).value;
    const sign = v.startsWith('-') || v.startsWith('+') ? v[0] : '';
    const body = sign ? v.slice(1) : v;
    return pyStr(sign + body.padStart(Math.max(0, width - sign.length), '0'));
  },
  center: (c, s, a) => justify(c, s, a, 'center'),
  ljust: (c, s, a) => justify(c, s, a, 'ljust'),
  rjust: (c, s, a) => justify(c, s, a, 'rjust'),
  partition: (c, s, a) => partition(c, s, a, false),
  rpartition: (c, s, a) => partition(c, s, a, true),
  removeprefix: (c, s, a) => {
    const p = strOrUnknown(c, a[0], 'removeprefix() argument');
    if (typeof p !== 'string') return p;
    const v = (s as { value: string }).value;
    return pyStr(p && v.startsWith(p) ? v.slice(p.length) : v);
  },
  removesuffix: (c, s, a) => {
    const p = strOrUnknown(c, a[0], 'removesuffix() argument');
    if (typeof p !== 'string') return p;
    const v = (s as { value: string }).value;
    return pyStr(p && v.endsWith(p) ? v.slice(0, -p.length) : v);
  },
  encode: (c) => unknown('bytes values are not evaluated', c.range),
  expandtabs: (c) => unknown('str.expandtabs is not evaluated', c.range),
  __len__: (_c, s) => pyInt([...(s as { value: string }).value].length),
});

function stripMethod(c: CallContext, s: PyValue, a: PyValue[], left: boolean, right: boolean): PyValue {
  const [chars] = bindArgs(c, 'strip', a, null, ['chars']);
  if (chars && chars.kind === 'unknown') return chars;
  const cs = chars && chars.kind !== 'none' ? needStr(c, chars, 'strip arg') : null;
  return pyStr(stripChars((s as { value: string }).value, cs, left, right));
}

function splitMethod(c: CallContext, s: PyValue, a: PyValue[], k: Kw, fromRight: boolean): PyValue {
  const [sepV, maxV] = bindArgs(c, 'split', a, k, ['sep', 'maxsplit']);
  const u = firstUnknown(sepV, maxV);
  if (u) return u;
  const sep = sepV && sepV.kind !== 'none' ? needStr(c, sepV, 'must be str or None') : null;
  if (sep === '') return c.rt.raise('ValueError', 'empty separator');
  const max = maxV ? needInt(c, maxV, 'maxsplit') : -1;
  return pyList(splitStr((s as { value: string }).value, sep, max, fromRight).map(pyStr));
}

function affix(c: CallContext, s: PyValue, a: PyValue[], which: 'startswith' | 'endswith'): PyValue {
  const [p, startV, endV] = bindArgs(c, which, a, null, ['prefix', 'start', 'end'], 1) as [PyValue, PyValue | undefined, PyValue | undefined];
  const u = firstUnknown(p, startV, endV);
  if (u) return u;
  let text = (s as { value: string }).value;
  if (startV || endV) {
    const idx = sliceIndices(text.length, startV ?? NONE, endV ?? NONE, NONE);
    if (typeof idx === 'string') return c.rt.raise('TypeError', idx);
    text = text.slice(idx.start, Math.max(idx.start, idx.stop));
  }
  const options = p.kind === 'tuple' ? p.items : [p];
  for (const o of options) {
    if (o.kind === 'unknown') return o;
    if (o.kind !== 'str') return c.rt.raise('TypeError', `${which} first arg must be str or a tuple of str, not ${typeName(o)}`);
    if (which === 'startswith' ? text.startsWith(o.value) : text.endsWith(o.value)) return TRUE;
  }
  return FALSE;
}

function findMethod(c: CallContext, s: PyValue, a: PyValue[], fromRight: boolean, raiseIfMissing: boolean): PyValue {
  const [sub] = bindArgs(c, 'find', a, null, ['sub', 'start', 'end'], 1) as [PyValue];
  if (sub.kind === 'unknown') return sub;
  const t = needStr(c, sub, 'find() argument');
  const text = (s as { value: string }).value;
  if (a.length > 1) return unknown('str.find with start/end is not evaluated', c.range);
  const i = fromRight ? text.lastIndexOf(t) : text.indexOf(t);
  if (i < 0 && raiseIfMissing) return c.rt.raise('ValueError', 'substring not found');
  // Code-point index, like Python.
  return pyInt(i < 0 ? -1 : [...text.slice(0, i)].length);
}

function justify(c: CallContext, s: PyValue, a: PyValue[], which: string): PyValue {
  const [w, f] = bindArgs(c, which, a, null, ['width', 'fillchar'], 1) as [PyValue, PyValue | undefined];
  const u = firstUnknown(w, f);
  if (u) return u;
  const width = needInt(c, w, 'width');
  const fill = f ? needStr(c, f, 'fillchar') : ' ';
  const v = (s as { value: string }).value;
  const n = width - [...v].length;
  if (n <= 0) return pyStr(v);
  if (which === 'ljust') return pyStr(v + fill.repeat(n));
  if (which === 'rjust') return pyStr(fill.repeat(n) + v);
  // CPython centers with the extra fill on the right unless both lengths are odd.
  const left = Math.floor(n / 2) + (n & width & 1);
  return pyStr(fill.repeat(left) + v + fill.repeat(n - left));
}

function partition(c: CallContext, s: PyValue, a: PyValue[], fromRight: boolean): PyValue {
  const [sepV] = bindArgs(c, 'partition', a, null, ['sep'], 1) as [PyValue];
  if (sepV.kind === 'unknown') return sepV;
  const sep = needStr(c, sepV, 'sep');
  if (!sep) return c.rt.raise('ValueError', 'empty separator');
  const v = (s as { value: string }).value;
  const i = fromRight ? v.lastIndexOf(sep) : v.indexOf(sep);
  if (i < 0) return pyTuple(fromRight ? [pyStr(''), pyStr(''), pyStr(v)] : [pyStr(v), pyStr(''), pyStr('')]);
  return pyTuple([pyStr(v.slice(0, i)), pyStr(sep), pyStr(v.slice(i + sep.length))]);
}

function fieldAccess(c: CallContext, base: PyValue, acc: { attr: string } | { index: string }): PyValue | FormatError {
  try {
    if ('attr' in acc) return c.rt.getAttr(base, acc.attr, c.frame, null);
    const key: PyValue = /^\d+$/.test(acc.index) ? { kind: 'int', value: Number(acc.index) } : pyStr(acc.index);
    if (base.kind === 'dict') {
      const k = hashKey(key) as string;
      const e = base.entries.get(k);
      if (!e) return new FormatError('KeyError', `'${acc.index}'`);
      return e.value;
    }
    if ((base.kind === 'list' || base.kind === 'tuple') && key.kind === 'int') {
      const v = base.items[key.value];
      return v ?? new FormatError('IndexError', 'list index out of range');
    }
    return unknown('format field indexing is not evaluated for this value');
  } catch (e) {
    if (isPyExceptionOf(e, 'AttributeError')) return new FormatError('TypeError', `attribute ${'attr' in acc ? acc.attr : ''} not found`);
    throw e;
  }
}

const SEQ_METHODS = methods({
  index: (c, s, a) => {
    const items = (s as { items: PyValue[] }).items;
    const [x] = bindArgs(c, 'index', a, null, ['value', 'start', 'stop'], 1) as [PyValue];
    for (let i = 0; i < items.length; i++) {
      const r = pyEquals(items[i], x);
      if (r === true) return pyInt(i);
      if (r !== false) return r;
    }
    return c.rt.raise('ValueError', `${pyRepr(x)} is not in list`);
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
    else (s as { items: PyValue[] }).items.push(...items);
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
      if (name === '__name__') return pyStr(v.name);
      if (name === '__doc__') return NONE;
      return undefined;
    case 'builtin': {
      if (name === '__name__') return pyStr(v.typeName ?? v.name);
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

/** Attaches attributes to a builtin (class-level members such as environ.Env.read_env). */
export function withAttrs(b: PyBuiltin, attrs: Record<string, PyValue>): PyBuiltin {
  (b as PyBuiltin & { attrs?: Map<string, PyValue> }).attrs = new Map(Object.entries(attrs));
  return b;
}
