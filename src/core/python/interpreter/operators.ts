/**
 * Comparisons, membership and binary operators on builtin values, with Python's type rules
 * (TypeError where Python raises one) and unknown when an operand is unknown.
 */
import type { Span } from '../ast';
import { dictSet, keyOf } from '../containers';
import { FormatError, percentFormat } from '../format';
import { enumMixinValue } from '../stdlib/enum';
import { isTypeOperand, typeForm } from '../stdlib/typing';
import { numValue, pyEquals, truthy } from '../valueOps';
import {
  isUnknown,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  typeName,
  unknown,
  type Frame,
  type PyDict,
  type PySet,
  type PyUnknown,
  type PyValue,
} from '../values';
import type { Evaluator } from './evaluator';

/** One comparison; unknown when it depends on an unknown. */
export function compare(ip: Evaluator, op: string, a: PyValue, b: PyValue, frame: Frame | null): boolean | PyUnknown {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=': {
      const r = pyEquals(a, b);
      return typeof r === 'boolean' ? !r : r;
    }
    case 'in':
    case 'not in': {
      const r = contains(ip, b, a, frame);
      return op === 'in' ? r : typeof r === 'boolean' ? !r : r;
    }
    case 'is':
    case 'is not': {
      const r = identical(a, b);
      return op === 'is' ? r : typeof r === 'boolean' ? !r : r;
    }
    default:
      return order(ip, op, a, b);
  }
}

function order(ip: Evaluator, op: string, a: PyValue, b: PyValue): boolean | PyUnknown {
  // Members of IntEnum / str enums order like their values.
  a = enumMixinValue(a) ?? a;
  b = enumMixinValue(b) ?? b;
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  let c: number;
  const isNum = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
  if (isNum(a) && isNum(b)) {
    const x = numValue(a as never);
    const y = numValue(b as never);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (a.kind === 'str' && b.kind === 'str') c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  else if ((a.kind === 'list' && b.kind === 'list') || (a.kind === 'tuple' && b.kind === 'tuple')) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const eq = pyEquals(a.items[i], b.items[i]);
      if (eq === true) continue;
      if (eq !== false) return eq;
      return order(ip, op, a.items[i], b.items[i]);
    }
    c = a.items.length - b.items.length;
  } else if (a.kind === 'path' && b.kind === 'path') c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  else if (a.kind === 'set' && b.kind === 'set') {
    const sub = [...a.entries.keys()].every((k) => b.entries.has(k));
    const sup = [...b.entries.keys()].every((k) => a.entries.has(k));
    if (op === '<=') return sub;
    if (op === '>=') return sup;
    if (op === '<') return sub && a.entries.size < b.entries.size;
    return sup && a.entries.size > b.entries.size;
  } else return ip.raise('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** `item in container`. */
export function contains(ip: Evaluator, container: PyValue, item: PyValue, frame: Frame | null): boolean | PyUnknown {
  switch (container.kind) {
    case 'unknown':
      return container;
    case 'str':
      if (item.kind === 'unknown') return item;
      if (item.kind !== 'str') return ip.raise('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
      return container.value.includes(item.value);
    case 'list':
    case 'tuple': {
      let pending: PyUnknown | null = container.kind === 'list' && container.poisoned ? unknown(container.poisoned) : null;
      for (const it of container.items) {
        const r = pyEquals(it, item);
        if (r === true) return true;
        if (r !== false && !pending) pending = r;
      }
      return pending ?? false;
    }
    case 'dict':
    case 'set': {
      const k = keyOf(item);
      if (typeof k !== 'string') return k;
      if (container.entries.has(k)) return true;
      return container.poisoned ? unknown(container.poisoned) : false;
    }
    case 'object':
      if (container.type.contains && frame) return truthy(container.type.contains(container, item, ip.callContext(frame, null, null)));
      if (container.type.iterate && frame) {
        const items = container.type.iterate(container, ip.callContext(frame, null, null));
        if (isUnknown(items)) return items;
        return contains(ip, pyList(items), item, frame);
      }
      return unknown(`membership in a ${container.type.name} is not evaluated`);
    default:
      return ip.raise('TypeError', `argument of type '${typeName(container)}' is not iterable`);
  }
}

/** A binary operator. */
export function binaryOp(ip: Evaluator, op: string, a: PyValue, b: PyValue, frame: Frame, site: Span | null): PyValue {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (a.kind === 'object' && a.type.binop) {
    const r = a.type.binop(a, op, b, false, ip.callContext(frame, site, null));
    if (r) return r;
  }
  if (b.kind === 'object' && b.type.binop) {
    const r = b.type.binop(b, op, a, true, ip.callContext(frame, site, null));
    if (r) return r;
  }
  const num = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
  if (num(a) && num(b)) return arith(ip, op, a as never, b as never);
  // PEP 604 unions in annotations (`int | None`, `list[str] | None`).
  if (op === '|' && ((isTypeOperand(a) && (isTypeOperand(b) || b.kind === 'none')) || (a.kind === 'none' && isTypeOperand(b)))) return typeForm('types.UnionType');
  switch (op) {
    case '+':
      if (a.kind === 'str' && b.kind === 'str') return strValue(a.value + b.value);
      if (a.kind === 'list' && b.kind === 'list') {
        if (a.poisoned || b.poisoned) return { kind: 'list', items: [...a.items, ...b.items], poisoned: a.poisoned ?? b.poisoned };
        return pyList([...a.items, ...b.items]);
      }
      if (a.kind === 'tuple' && b.kind === 'tuple') return pyTuple([...a.items, ...b.items]);
      break;
    case '*': {
      const [seq, n] = num(b) ? [a, b] : [b, a];
      if (n.kind === 'int' || n.kind === 'bool') {
        const count = Math.max(0, numValue(n));
        if (seq.kind === 'str') {
          const why = ip.budget.stringTooLong(seq.value.length * count);
          if (why) return unknown(why);
          return strValue(seq.value.repeat(count));
        }
        if (seq.kind === 'list' || seq.kind === 'tuple') {
          const why = ip.budget.tooManyItems(seq.items.length * count);
          if (why) return unknown(why);
          const items: PyValue[] = [];
          if (seq.items.length) for (let i = 0; i < count; i++) for (const x of seq.items) items.push(x);
          return seq.kind === 'list' ? pyList(items) : pyTuple(items);
        }
      }
      break;
    }
    case '%':
      if (a.kind === 'str') {
        const r = percentFormat(a.value, b);
        if (r instanceof FormatError) return ip.raise(r.type, r.message);
        if (typeof r !== 'string') return r;
        return strValue(r);
      }
      break;
    case '/':
      if (a.kind === 'path' && (b.kind === 'str' || b.kind === 'path')) return pathJoin(a, b.value);
      if (a.kind === 'str' && b.kind === 'path') return pathJoin({ value: a.value, pure: b.pure }, b.value, true);
      break;
    case '|':
      if (a.kind === 'dict' && b.kind === 'dict') {
        const d: PyDict = { kind: 'dict', entries: new Map() };
        for (const e of a.entries.values()) dictSet(d, e.key, e.value);
        for (const e of b.entries.values()) dictSet(d, e.key, e.value);
        if (a.poisoned || b.poisoned) d.poisoned = a.poisoned ?? b.poisoned;
        return d;
      }
      if (a.kind === 'set' && b.kind === 'set') return setOp(a, b, '|');
      break;
    case '&':
    case '-':
    case '^':
      if (a.kind === 'set' && b.kind === 'set') return setOp(a, b, op);
      break;
  }
  return ip.raise('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function arith(ip: Evaluator, op: string, a: PyValue & { kind: 'int' | 'float' | 'bool' }, b: PyValue & { kind: 'int' | 'float' | 'bool' }): PyValue {
  const x = numValue(a);
  const y = numValue(b);
  const isInt = a.kind !== 'float' && b.kind !== 'float';
  const bothBool = a.kind === 'bool' && b.kind === 'bool';
  switch (op) {
    case '+':
      return isInt ? pyInt(x + y) : pyFloat(x + y);
    case '-':
      return isInt ? pyInt(x - y) : pyFloat(x - y);
    case '*':
      return isInt ? pyInt(x * y) : pyFloat(x * y);
    case '/':
      if (y === 0) return ip.raise('ZeroDivisionError', 'division by zero');
      return pyFloat(x / y);
    case '//':
      if (y === 0) return ip.raise('ZeroDivisionError', 'integer division or modulo by zero');
      return isInt ? pyInt(Math.floor(x / y)) : pyFloat(Math.floor(x / y));
    case '%': {
      if (y === 0) return ip.raise('ZeroDivisionError', 'integer division or modulo by zero');
      const m = x - y * Math.floor(x / y);
      return isInt ? pyInt(m) : pyFloat(m);
    }
    case '**': {
      if (isInt && y >= 0) return pyInt(x ** y);
      if (x === 0 && y < 0) return ip.raise('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      return pyFloat(x ** y);
    }
    case '|':
    case '&':
    case '^':
    case '<<':
    case '>>': {
      if (!isInt) break;
      if (bothBool && op !== '<<' && op !== '>>') {
        const r = op === '|' ? x | y : op === '&' ? x & y : x ^ y;
        return pyBool(r !== 0);
      }
      if (Math.abs(x) > 2 ** 31 || Math.abs(y) > 31) return unknown('bitwise operations on large integers are not evaluated');
      const r = op === '|' ? x | y : op === '&' ? x & y : op === '^' ? x ^ y : op === '<<' ? x * 2 ** y : Math.floor(x / 2 ** y);
      return pyInt(r);
    }
  }
  return ip.raise('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function identical(a: PyValue, b: PyValue): boolean | PyUnknown {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'bool' || b.kind === 'bool') return a.kind === b.kind && (a as { value: boolean }).value === (b as { value: boolean }).value;
  if (a === b) return true;
  if (a.kind === 'builtin' && b.kind === 'builtin' && a.typeName && a.typeName === b.typeName) return true;
  if (a.kind === 'str' || a.kind === 'int' || a.kind === 'float' || a.kind === 'tuple' || a.kind === 'path') {
    // Identity of equal immutable values is an implementation detail of CPython.
    return a.kind === b.kind && pyEquals(a, b) === true ? unknown('`is` between equal immutable values depends on CPython internals') : false;
  }
  return false;
}

function setOp(a: PySet, b: PySet, op: string): PySet {
  const out: PySet = { kind: 'set', entries: new Map(), frozen: a.frozen };
  if (op === '|') {
    for (const [k, v] of a.entries) out.entries.set(k, v);
    for (const [k, v] of b.entries) if (!out.entries.has(k)) out.entries.set(k, v);
  } else if (op === '&') {
    for (const [k, v] of a.entries) if (b.entries.has(k)) out.entries.set(k, v);
  } else if (op === '-') {
    for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
  } else {
    for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
    for (const [k, v] of b.entries) if (!a.entries.has(k)) out.entries.set(k, v);
  }
  if (a.poisoned || b.poisoned) out.poisoned = a.poisoned ?? b.poisoned;
  return out;
}

/** `path / other` (or `other / path` when reflected) with pathlib's joining rules. */
function pathJoin(p: { value: string; pure: boolean }, other: string, reflected = false): PyValue {
  const segs = reflected ? [p.value, other] : [p.value, other];
  let root = '';
  let parts: string[] = [];
  for (const seg of segs) {
    const abs = seg.startsWith('/');
    const segRoot = abs ? (seg.startsWith('//') && !seg.startsWith('///') ? '//' : '/') : '';
    const segParts = seg.split('/').filter((c) => c !== '' && c !== '.');
    if (abs) {
      root = segRoot;
      parts = segParts;
    } else for (const p of segParts) parts.push(p);
  }
  const s = root + parts.join('/');
  return { kind: 'path', value: s || '.', pure: p.pure };
}
