/**
 * Python semantics of values that do not need the interpreter: truthiness, hashing (dict and set
 * keys), equality, and the copy/merge of values when the evaluation forks.
 */
import { MAX_VISITED } from './budget';
import {
  unknown,
  type DictEntry,
  type PyBool,
  type PyBuiltin,
  type PyDict,
  type PyFloat,
  type PyFunction,
  type PyInt,
  type PyList,
  type PyModule,
  type PyPath,
  type PySet,
  type PyTuple,
  type PyUnknown,
  type PyValue,
} from './values';

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
export function hashKey(v: PyValue, depth = 0, left = { n: MAX_VISITED / 2 }): string | null | PyUnknown {
  if (depth > 100) return unknown('a key nested too deeply to evaluate');
  left.n -= v.kind === 'str' || v.kind === 'path' ? v.value.length + 3 : 3;
  if (left.n < 0) return unknown('a key too large to evaluate');
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
        const k = hashKey(it, depth + 1, left);
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
    case 'object':
      if (v.type.hash) return v.type.hash(v);
      return 'o:' + identityOf(v);
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
export function pyEquals(a: PyValue, b: PyValue, depth = 0, left = { n: MAX_VISITED / 8 }): boolean | PyUnknown {
  if (a === b && a.kind !== 'unknown' && !(a.kind === 'float' && Number.isNaN(a.value))) return true;
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (depth > 100) return unknown('values nested too deeply to compare');
  if (--left.n < 0) return unknown('values too large to compare');
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
        const e = pyEquals(a.items[i], b.items[i], depth + 1, left);
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
        const r = pyEquals(e.value, o.value, depth + 1, left);
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
