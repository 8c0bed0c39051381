/**
 * Python values as the evaluator models them. Containers are mutable JS objects so that aliasing
 * behaves like Python (`STORAGES["default"]["BACKEND"] = …` changes every reference). Anything the
 * evaluator cannot determine is a `PyUnknown` carrying the reason; it propagates through every
 * operation instead of being guessed.
 */
import type { PyJson, SettingValue, SourceRange } from '../model';
import type { FunctionDef, Expr, Param } from './ast';
import type { CallContext } from './interpreter';

/** None. */
export interface PyNone {
  kind: 'none';
}
/** A bool. */
export interface PyBool {
  kind: 'bool';
  value: boolean;
}
/** An int (always a safe JS integer). */
export interface PyInt {
  kind: 'int';
  value: number;
}
/** A float. */
export interface PyFloat {
  kind: 'float';
  value: number;
}
/** A str. */
export interface PyStr {
  kind: 'str';
  value: string;
}
/** A list (mutable, shared by reference). */
export interface PyList {
  kind: 'list';
  items: PyValue[];
  /** Set when the evaluator lost track of the contents (e.g. `.extend(<unknown>)`). */
  poisoned?: string;
}
/** A tuple. */
export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}
/** A dict entry keeps the first key object inserted, like CPython. */
export interface DictEntry {
  key: PyValue;
  value: PyValue;
}
/** A dict. */
export interface PyDict {
  kind: 'dict';
  /** Keyed by hashKey(key); insertion ordered like a Python dict. */
  entries: Map<string, DictEntry>;
  poisoned?: string;
}
/** A set or frozenset. */
export interface PySet {
  kind: 'set';
  entries: Map<string, PyValue>;
  frozen: boolean;
  poisoned?: string;
}
/** A pathlib path (PosixPath / PurePosixPath), kept distinct from str. `value` is normalised the
 *  way pathlib prints it ("a//b/./c/" -> "a/b/c", "" -> "."). */
export interface PyPath {
  kind: 'path';
  value: string;
  pure: boolean;
}
/** Namespace of a module evaluated from project source. */
export interface ModuleNamespace {
  readonly name: string;
  readonly file: string;
  globals: Map<string, { value: PyValue; origin: SourceRange }>;
  /** False while the module is still being evaluated (circular import). */
  complete: boolean;
}
/** A module: project (live namespace), modelled (fixed attributes) or opaque (neither). */
export interface PyModule {
  kind: 'module';
  name: string;
  /** Project module: its live globals. */
  ns?: ModuleNamespace;
  /** Modelled or caller-provided module: fixed attributes. */
  attrs?: Map<string, PyValue>;
  /** Loads submodules / attributes on demand (packages like `os`). */
  lazy?: (name: string) => PyValue | undefined;
}
/** A project function or lambda, run with Python argument binding when called. */
export interface PyFunction {
  kind: 'function';
  name: string;
  params: Param[];
  /** Statement body (def) or expression body (lambda). */
  def: FunctionDef | null;
  body: Expr | null;
  defaults: Map<string, PyValue>;
  /** The defining frame (closure) — an interpreter Frame. */
  closure: object;
}
/** What a builtin receives: positional arguments and keyword arguments (null when none). */
export type BuiltinImpl = (ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null) => PyValue | Promise<PyValue>;
/** A builtin function, method (with its receiver) or type. */
export interface PyBuiltin {
  kind: 'builtin';
  name: string;
  impl: BuiltinImpl;
  /** Bound receiver for methods. */
  self?: PyValue;
  /** Set on builtin types (str, int, bool …) so isinstance() and casts can recognise them. */
  typeName?: string;
}
/** A class (builtin exception classes and classes defined by the project). */
export interface PyClass {
  kind: 'class';
  name: string;
  bases: PyClass[];
  attrs: Map<string, PyValue>;
  /** Names of this class and its ancestors (exception matching, isinstance). */
  mro: string[];
  /** Builtin exception classes and classes deriving from them. */
  isException: boolean;
  /** A base class is not evaluated (a Django or library class): attributes may come from it. */
  opaqueBase?: boolean;
}
/** Stand-ins for third-party / stdlib objects (environ.Env, decouple Csv, os.environ, …). */
export interface PyObject {
  kind: 'object';
  type: ObjectType;
  data: unknown;
}
/** Behaviour of a stand-in object type (attribute access, calls, operators …). */
export interface ObjectType {
  name: string;
  getattr?(self: PyObject, name: string, ctx: CallContext): PyValue | undefined;
  call?(self: PyObject, ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue | Promise<PyValue>;
  getitem?(self: PyObject, key: PyValue, ctx: CallContext): PyValue | Promise<PyValue>;
  setitem?(self: PyObject, key: PyValue, value: PyValue, ctx: CallContext): void;
  delitem?(self: PyObject, key: PyValue, ctx: CallContext): void;
  contains?(self: PyObject, item: PyValue, ctx: CallContext): PyValue;
  iterate?(self: PyObject, ctx: CallContext): PyValue[] | PyUnknown;
  str?(self: PyObject): string | PyUnknown;
  /** os.fspath(): objects usable as paths (environ.Path). */
  fspath?(self: PyObject): string;
  truthy?(self: PyObject): boolean | PyUnknown;
  equals?(self: PyObject, other: PyValue): boolean | PyUnknown;
  binop?(self: PyObject, op: string, other: PyValue, reflected: boolean, ctx: CallContext): PyValue | undefined;
  toJson?(self: PyObject): SettingValue<PyJson>;
}
/** A value that cannot be determined statically, with the reason. */
export interface PyUnknown {
  kind: 'unknown';
  reason: string;
  range?: SourceRange;
  /** Dotted name of an unmodelled third-party object, so a call can say what it called. */
  opaque?: string;
}

/** Every value the evaluator manipulates. */
export type PyValue =
  | PyNone
  | PyBool
  | PyInt
  | PyFloat
  | PyStr
  | PyList
  | PyTuple
  | PyDict
  | PySet
  | PyPath
  | PyModule
  | PyFunction
  | PyBuiltin
  | PyClass
  | PyObject
  | PyUnknown;

/** The None singleton. */
export const NONE: PyNone = { kind: 'none' };
/** True. */
export const TRUE: PyBool = { kind: 'bool', value: true };
/** False. */
export const FALSE: PyBool = { kind: 'bool', value: false };

/** Python bool from a JS boolean. */
export function pyBool(b: boolean): PyBool {
  return b ? TRUE : FALSE;
}
/** A Python int; integers outside JS's safe range become unknown rather than imprecise. */
export function pyInt(n: number): PyInt | PyUnknown {
  if (!Number.isSafeInteger(n)) return unknown('an integer too large to evaluate exactly');
  return { kind: 'int', value: n === 0 ? 0 : n };
}
/** A Python float. */
export function pyFloat(n: number): PyFloat {
  return { kind: 'float', value: n };
}
/** A Python str. */
export function pyStr(s: string): PyStr {
  return { kind: 'str', value: s };
}
/** A new list. */
export function pyList(items: PyValue[]): PyList {
  return { kind: 'list', items };
}
/** A new tuple. */
export function pyTuple(items: PyValue[]): PyTuple {
  return { kind: 'tuple', items };
}
/** A new empty dict. */
export function pyDict(): PyDict {
  return { kind: 'dict', entries: new Map() };
}
/** A pathlib path object for an already normalised path string. */
export function pyPath(value: string, pure = false): PyPath {
  return { kind: 'path', value, pure };
}
/** An unknown value with the reason (words a user understands) and where it arose. */
export function unknown(reason: string, range?: SourceRange, opaque?: string): PyUnknown {
  const u: PyUnknown = { kind: 'unknown', reason };
  if (range) u.range = range;
  if (opaque) u.opaque = opaque;
  return u;
}
/** Narrowing helper. */
export function isUnknown(v: PyValue | PyValue[] | PyUnknown): v is PyUnknown {
  return !Array.isArray(v) && v.kind === 'unknown';
}

/** Builds a dict from string keys. */
export function dictFromEntries(entries: Iterable<[string, PyValue]>): PyDict {
  const d = pyDict();
  for (const [k, v] of entries) d.entries.set('s:' + k, { key: pyStr(k), value: v });
  return d;
}

/** The Python type name, for messages ("str", "PosixPath", "environ.Env"). */
export function typeName(v: PyValue): string {
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'path':
      return v.pure ? 'PurePosixPath' : 'PosixPath';
    case 'set':
      return v.frozen ? 'frozenset' : 'set';
    case 'builtin':
      return v.typeName ? 'type' : 'builtin_function_or_method';
    case 'class':
      return 'type';
    case 'object':
      return v.type.name;
    default:
      return v.kind;
  }
}

// ------------------------------------------------------------------ truthiness, hashing, equality

/** Python truthiness; unknown when it depends on an unknown. */
export function truthy(v: PyValue): boolean | PyUnknown {
  switch (v.kind) {
    case 'none':
      return false;
    case 'bool':
      return v.value;
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'list':
      return v.poisoned ? unknown(v.poisoned) : v.items.length > 0;
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.poisoned ? unknown(v.poisoned) : v.entries.size > 0;
    case 'set':
      return v.poisoned ? unknown(v.poisoned) : v.entries.size > 0;
    case 'unknown':
      return v;
    case 'object':
      return v.type.truthy ? v.type.truthy(v) : true;
    default:
      return true;
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityOf(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(o, id);
  }
  return id;
}

/** The dict/set key of a value; null when unhashable (TypeError), unknown when unknown. */
export function hashKey(v: PyValue, depth = 0): string | null | PyUnknown {
  if (depth > 100) return unknown('a key nested too deeply to evaluate');
  switch (v.kind) {
    case 'none':
      return 'N';
    case 'bool':
      return v.value ? 'n:1' : 'n:0';
    case 'int':
    case 'float':
      return 'n:' + (Object.is(v.value, -0) ? 0 : v.value);
    case 'str':
      return 's:' + v.value;
    case 'path':
      return 'p:' + v.value;
    case 'tuple': {
      const parts: string[] = [];
      for (const it of v.items) {
        const k = hashKey(it, depth + 1);
        if (k === null || typeof k !== 'string') return k;
        parts.push(k);
      }
      return 't(' + parts.join('\u0000') + ')';
    }
    case 'set':
      if (!v.frozen) return null;
      return 'F(' + [...v.entries.keys()].sort().join('\u0000') + ')';
    case 'list':
    case 'dict':
      return null;
    case 'unknown':
      return v;
    default:
      return 'o:' + identityOf(v);
  }
}

function isNumeric(v: PyValue): v is PyBool | PyInt | PyFloat {
  return v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
}
/** Numeric value of bool/int/float. */
export function numValue(v: PyBool | PyInt | PyFloat): number {
  return v.kind === 'bool' ? (v.value ? 1 : 0) : v.value;
}

/** Python `==`; unknown when either side (or a nested element) is unknown. */
export function pyEquals(a: PyValue, b: PyValue, depth = 0): boolean | PyUnknown {
  if (a === b && a.kind !== 'unknown' && !(a.kind === 'float' && Number.isNaN(a.value))) return true;
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (depth > 100) return unknown('values nested too deeply to compare');
  if (isNumeric(a) && isNumeric(b)) return numValue(a) === numValue(b);
  if (a.kind === 'object' && a.type.equals) return a.type.equals(a, b);
  if (b.kind === 'object' && b.type.equals) return b.type.equals(b, a);
  switch (a.kind) {
    case 'none':
      return b.kind === 'none';
    case 'str':
      return b.kind === 'str' && a.value === b.value;
    case 'path':
      return b.kind === 'path' && a.value === b.value;
    case 'list':
    case 'tuple': {
      if (b.kind !== a.kind) return false;
      if (a.kind === 'list' && a.poisoned) return unknown(a.poisoned);
      if (b.kind === 'list' && b.poisoned) return unknown(b.poisoned);
      if (a.items.length !== b.items.length) return false;
      let pending: PyUnknown | null = null;
      for (let i = 0; i < a.items.length; i++) {
        const e = pyEquals(a.items[i], b.items[i], depth + 1);
        if (e === false) return false;
        if (e !== true && !pending) pending = e;
      }
      return pending ?? true;
    }
    case 'dict': {
      if (b.kind !== 'dict') return false;
      if (a.poisoned) return unknown(a.poisoned);
      if (b.poisoned) return unknown(b.poisoned);
      if (a.entries.size !== b.entries.size) return false;
      let pending: PyUnknown | null = null;
      for (const [k, e] of a.entries) {
        const o = b.entries.get(k);
        if (!o) return false;
        const r = pyEquals(e.value, o.value, depth + 1);
        if (r === false) return false;
        if (r !== true && !pending) pending = r;
      }
      return pending ?? true;
    }
    case 'set': {
      if (b.kind !== 'set') return false;
      if (a.poisoned) return unknown(a.poisoned);
      if (b.poisoned) return unknown(b.poisoned);
      if (a.entries.size !== b.entries.size) return false;
      for (const k of a.entries.keys()) if (!b.entries.has(k)) return false;
      return true;
    }
    default:
      return a === b;
  }
}

// ------------------------------------------------------------------ str() and repr()

/** Python's repr() of a float (shortest round-trip, exponent outside 1e-4 … 1e16). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      out = intPart + '.' + (frac || '0');
    } else {
      out = '0.' + '0'.repeat(-exp - 1) + digits;
    }
  } else {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out = m + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  return neg ? '-' + out : out;
}

/** Python's repr() of a str. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0xa0)) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      out += cp <= 0xff ? '\\x' + cp.toString(16).padStart(2, '0') : cp <= 0xffff ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

/** Python str(); unknown for values whose text cannot be known (addresses, unordered sets). */
export function pyToStr(v: PyValue): string | PyUnknown {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'path':
      return v.value;
    case 'object':
      if (v.type.str) return v.type.str(v);
      return unknown(`str() of a ${v.type.name} object is not evaluated`);
    default:
      return pyRepr(v);
  }
}

/** Python repr(). */
export function pyRepr(v: PyValue, depth = 0): string | PyUnknown {
  if (depth > 100) return unknown('value nested too deeply to print');
  switch (v.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'int':
      return String(v.value);
    case 'float':
      return floatRepr(v.value);
    case 'str':
      return strRepr(v.value);
    case 'path':
      return `${v.pure ? 'PurePosixPath' : 'PosixPath'}(${strRepr(v.value)})`;
    case 'list':
    case 'tuple': {
      if (v.kind === 'list' && v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const it of v.items) {
        const r = pyRepr(it, depth + 1);
        if (typeof r !== 'string') return r;
        parts.push(r);
      }
      if (v.kind === 'list') return '[' + parts.join(', ') + ']';
      return '(' + parts.join(', ') + (parts.length === 1 ? ',)' : ')');
    }
    case 'dict': {
      if (v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const e of v.entries.values()) {
        const k = pyRepr(e.key, depth + 1);
        if (typeof k !== 'string') return k;
        const val = pyRepr(e.value, depth + 1);
        if (typeof val !== 'string') return val;
        parts.push(k + ': ' + val);
      }
      return '{' + parts.join(', ') + '}';
    }
    case 'set': {
      if (v.poisoned) return unknown(v.poisoned);
      if (v.entries.size > 1) return unknown('the printed order of a set is not defined');
      const inner = [...v.entries.values()].map((e) => pyRepr(e, depth + 1));
      const bad = inner.find((x) => typeof x !== 'string');
      if (bad !== undefined) return bad;
      const body = inner.length ? '{' + inner.join(', ') + '}' : '';
      return v.frozen ? `frozenset(${body})` : body || 'set()';
    }
    case 'unknown':
      return v;
    case 'object':
      if (v.type.str) {
        const s = v.type.str(v);
        return typeof s === 'string' && v.type.name === 'environ.Path' ? `<Path:${s}>` : s;
      }
      return unknown(`the text of a ${v.type.name} object is not evaluated`);
    case 'builtin':
      if (v.typeName) return `<class '${v.typeName}'>`;
      return unknown(`the text of ${v.name} is not evaluated`);
    case 'class':
      return unknown(`the text of class ${v.name} is not evaluated`);
    default:
      return unknown(`the text of a ${v.kind} is not evaluated`);
  }
}

// ------------------------------------------------------------------ JSON view

/** A value as JSON (pathlib paths -> strings), or unknown with the reason (also if any part is unknown). */
export function toPyJson(value: PyValue): SettingValue<PyJson> {
  const r = jsonOf(value, 0);
  if (r instanceof Unknown) {
    const out: SettingValue<PyJson> = { known: false, value: null, reason: r.u.reason };
    if (r.u.range) out.origin = r.u.range;
    return out;
  }
  return { known: true, value: r };
}

class Unknown {
  constructor(readonly u: PyUnknown) {}
}

function jsonOf(v: PyValue, depth: number): PyJson | Unknown {
  if (depth > 64) return new Unknown(unknown('the value is nested too deeply'));
  switch (v.kind) {
    case 'none':
      return null;
    case 'bool':
      return v.value;
    case 'int':
      return v.value;
    case 'float':
      return Number.isFinite(v.value) ? v.value : new Unknown(unknown(`the float ${floatRepr(v.value)} has no JSON form`));
    case 'str':
    case 'path':
      return v.value;
    case 'list':
    case 'tuple': {
      if (v.kind === 'list' && v.poisoned) return new Unknown(unknown(v.poisoned));
      const out: PyJson[] = [];
      for (const it of v.items) {
        const j = jsonOf(it, depth + 1);
        if (j instanceof Unknown) return j;
        out.push(j);
      }
      return out;
    }
    case 'dict': {
      if (v.poisoned) return new Unknown(unknown(v.poisoned));
      const out: { [k: string]: PyJson } = {};
      for (const e of v.entries.values()) {
        if (e.key.kind !== 'str') {
          if (e.key.kind === 'unknown') return new Unknown(e.key);
          return new Unknown(unknown(`a dict with a ${typeName(e.key)} key has no JSON form`));
        }
        const j = jsonOf(e.value, depth + 1);
        if (j instanceof Unknown) return j;
        out[e.key.value] = j;
      }
      return out;
    }
    case 'set':
      if (v.poisoned) return new Unknown(unknown(v.poisoned));
      return new Unknown(unknown('a set has no defined order'));
    case 'unknown':
      return new Unknown(v);
    case 'object':
      if (v.type.toJson) {
        const j = v.type.toJson(v);
        return j.known ? j.value : new Unknown(unknown(j.reason, j.origin));
      }
      return new Unknown(unknown(`a ${v.type.name} object`));
    case 'function':
      return new Unknown(unknown(`the function ${v.name}`));
    case 'builtin':
      return new Unknown(unknown(v.typeName ? `the type ${v.typeName}` : `the function ${v.name}`));
    case 'class':
      return new Unknown(unknown(`the class ${v.name}`));
    case 'module':
      return new Unknown(unknown(`the module ${v.name}`));
  }
}

// ------------------------------------------------------------------ forks: copy and merge

/** Deep copy of mutable containers (lists, dicts, sets, and tuples holding them), sharing
 *  everything immutable; `memo` keeps aliasing intact within one copy. */
export function cloneValue(v: PyValue, memo: Map<object, PyValue>, depth = 0): PyValue {
  // Pathologically deep structures are shared rather than copied (bounded work, no overflow).
  if (depth > 200) return v;
  switch (v.kind) {
    case 'list':
    case 'tuple':
    case 'dict':
    case 'set':
      break;
    default:
      return v;
  }
  const seen = memo.get(v);
  if (seen) return seen;
  if (v.kind === 'list' || v.kind === 'tuple') {
    const c: PyList | PyTuple = v.kind === 'list' ? { kind: 'list', items: [] } : { kind: 'tuple', items: [] };
    if (v.kind === 'list' && v.poisoned) (c as PyList).poisoned = v.poisoned;
    memo.set(v, c);
    for (const it of v.items) c.items.push(cloneValue(it, memo, depth + 1));
    return c;
  }
  if (v.kind === 'dict') {
    const c: PyDict = { kind: 'dict', entries: new Map() };
    if (v.poisoned) c.poisoned = v.poisoned;
    memo.set(v, c);
    for (const [k, e] of v.entries) c.entries.set(k, { key: e.key, value: cloneValue(e.value, memo, depth + 1) });
    return c;
  }
  const c: PySet = { kind: 'set', entries: new Map(v.entries), frozen: v.frozen };
  if (v.poisoned) c.poisoned = v.poisoned;
  memo.set(v, c);
  return c;
}

/**
 * Joins the values a name has after two alternative executions (an `if` whose condition is
 * unknown): equal values stay known, containers of the same shape merge element by element,
 * anything else becomes unknown with `reason`.
 */
export function mergeValues(a: PyValue, b: PyValue, reason: string, memo: Map<object, Map<object, PyValue>>, depth = 0): PyValue {
  if (a === b) return a;
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  const done = memo.get(a)?.get(b);
  if (done) return done;
  const record = (v: PyValue): PyValue => {
    let m = memo.get(a);
    if (!m) memo.set(a, (m = new Map()));
    m.set(b, v);
    return v;
  };
  if (depth > 50) return unknown(reason);
  if (a.kind !== b.kind) return unknown(reason);
  switch (a.kind) {
    case 'none':
      return a;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
      return a.value === (b as typeof a).value ? a : unknown(reason);
    case 'path':
      return a.value === (b as PyPath).value && a.pure === (b as PyPath).pure ? a : unknown(reason);
    case 'list':
    case 'tuple': {
      const bb = b as PyList | PyTuple;
      if (a.items.length !== bb.items.length) return unknown(reason);
      if (a.kind === 'list' && a.poisoned) return unknown(a.poisoned);
      if (bb.kind === 'list' && bb.poisoned) return unknown(bb.poisoned);
      const out: PyList | PyTuple = a.kind === 'list' ? { kind: 'list', items: [] } : { kind: 'tuple', items: [] };
      record(out);
      for (let i = 0; i < a.items.length; i++) out.items.push(mergeValues(a.items[i], bb.items[i], reason, memo, depth + 1));
      return out;
    }
    case 'dict': {
      const bb = b as PyDict;
      if (a.poisoned || bb.poisoned) return unknown((a.poisoned ?? bb.poisoned) as string);
      if (a.entries.size !== bb.entries.size) return unknown(reason);
      const ak = [...a.entries.keys()];
      const bk = [...bb.entries.keys()];
      if (ak.some((k, i) => k !== bk[i])) return unknown(reason);
      const out: PyDict = { kind: 'dict', entries: new Map() };
      record(out);
      for (const [k, e] of a.entries) {
        const o = bb.entries.get(k) as DictEntry;
        out.entries.set(k, { key: e.key, value: mergeValues(e.value, o.value, reason, memo, depth + 1) });
      }
      return out;
    }
    case 'set': {
      const bb = b as PySet;
      if (a.poisoned || bb.poisoned || a.entries.size !== bb.entries.size || a.frozen !== bb.frozen) return unknown(reason);
      for (const k of a.entries.keys()) if (!bb.entries.has(k)) return unknown(reason);
      return a;
    }
    case 'function': {
      const bb = b as PyFunction;
      return a.def === bb.def && a.body === bb.body && a.closure === bb.closure ? a : unknown(reason);
    }
    case 'builtin': {
      const bb = b as PyBuiltin;
      if (a.impl !== bb.impl) return unknown(reason);
      if (a.self === bb.self) return a;
      if (!a.self || !bb.self) return unknown(reason);
      return { ...a, self: mergeValues(a.self, bb.self, reason, memo, depth + 1) };
    }
    case 'module':
      return a.name === (b as PyModule).name ? a : unknown(reason);
    default:
      return unknown(reason);
  }
}

/** Marks a container as no longer known (in place, so every alias sees it) or returns unknown. */
export function poison(v: PyValue, reason: string): void {
  if (v.kind === 'list' || v.kind === 'dict' || v.kind === 'set') {
    if (!v.poisoned) v.poisoned = reason;
  }
}
