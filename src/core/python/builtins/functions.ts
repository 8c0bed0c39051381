/**
 * The builtin functions and types (len, str, int, sorted, isinstance, getattr, globals …) as the
 * BUILTINS table that name lookup falls back to.
 */
import { ITEM_WEIGHT } from '../budget';
import { iterate, makeSet } from '../containers';
import { EXC, exceptionClassOf, isSubclass } from '../exceptions';
import { FormatError, formatValue } from '../format';
import { namespaceObject } from '../namespace';
import { numValue, pyEquals, truthy } from '../valueOps';
import { reprOf, strOf } from '../valueText';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyFloat,
  pyInt,
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
  type PyClass,
  type PyDict,
  type PyUnknown,
  type PyValue,
} from '../values';
import { bindArgs, builtin, firstUnknown, needInt, needStr } from './args';
import { compareValues, parseFloatStr, parseIntStr, pyRound, sortValues } from './common';
import { openFile } from './files';
import { PROPERTY } from './property';

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
    if (!v) return strValue('');
    const s = strOf(v);
    return typeof s === 'string' ? strValue(s) : unknown(s.reason, s.range ?? ctx.range);
  });
  def('repr', (ctx, args) => {
    const [v] = bindArgs(ctx, 'repr', args, null, ['obj'], 1) as [PyValue];
    const s = reprOf(v);
    return typeof s === 'string' ? strValue(s) : s;
  });
  def('ascii', (ctx, args) => {
    const [v] = bindArgs(ctx, 'ascii', args, null, ['obj'], 1) as [PyValue];
    const s = reprOf(v);
    if (typeof s !== 'string') return s;
    return /[^\x00-\x7f]/.test(s) ? unknown('ascii() of non-ASCII text is not evaluated') : strValue(s);
  });
  defType('int', (ctx, args, kwargs) => {
    const [given, baseV] = bindArgs(ctx, 'int', args, kwargs, ['x', 'base']);
    // Objects that are ints (IntEnum members) convert like their int value.
    const v = given?.kind === 'object' && !baseV ? (given.type.asNumber?.(given) ?? given) : given;
    if (!v) return pyInt(0);
    const u = firstUnknown(v, baseV);
    if (u) return u;
    if (baseV) {
      const base = needInt(ctx, baseV, 'base');
      if (v.kind !== 'str') return ctx.rt.raise('TypeError', "int() can't convert non-string with explicit base");
      const n = parseIntStr(v.value, base);
      if (n === null) return ctx.rt.raise('ValueError', `invalid literal for int() with base ${base}: ${reprOf(v)}`);
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
        if (n === null) return ctx.rt.raise('ValueError', `invalid literal for int() with base 10: ${reprOf(v)}`);
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
      if (n === null) return ctx.rt.raise('ValueError', `could not convert string to float: ${reprOf(v)}`);
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
    // Its numbers, and the int objects iterating it makes.
    ctx.rt.budget.charge(count * 2 * ITEM_WEIGHT);
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
    return typeof r === 'string' ? strValue(r) : r;
  });
  def('chr', (ctx, args) => {
    const [v] = bindArgs(ctx, 'chr', args, null, ['i'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    return strValue(String.fromCodePoint(needInt(ctx, v, 'chr() argument')));
  });
  def('ord', (ctx, args) => {
    const [v] = bindArgs(ctx, 'ord', args, null, ['c'], 1) as [PyValue];
    if (v.kind === 'unknown') return v;
    const s = [...needStr(ctx, v, 'ord() argument')];
    if (s.length !== 1) return ctx.rt.raise('TypeError', `ord() expected a character, but string of length ${s.length} found`);
    return pyInt(s[0].codePointAt(0) as number);
  });
  BUILTINS.set('property', PROPERTY);
  for (const name of ['staticmethod', 'classmethod']) BUILTINS.set(name, builtin(name, (_c, args) => args[0] ?? NONE));
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

/** True when `e` is a Python exception of class `name` or a subclass. */
export function isPyExceptionOf(e: unknown, name: string): boolean {
  const x = e as { cls?: PyClass };
  return !!x && typeof x === 'object' && !!x.cls && x.cls.kind === 'class' && isSubclass(x.cls, EXC[name]);
}

function namespaceOf(ctx: CallContext): PyValue {
  return namespaceObject(ctx.frame.module);
}

function localsDict(ctx: CallContext): PyDict {
  const d: PyDict = { kind: 'dict', entries: new Map() };
  for (const [k, b] of ctx.frame.locals as Map<string, { value: PyValue }>) d.entries.set('s:' + k, { key: strValue(k), value: b.value });
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
