/**
 * Python's container protocol where it needs no interpreter: dict and set keys (with the
 * TypeError for unhashable ones), building sets, setting dict items, and iterating a value.
 */
import { DEFAULT_BUDGET } from './budget';
import { raise } from './exceptions';
import { hashKey, poison } from './valueOps';
import { strValue, typeName, unknown, type CallContext, type PyDict, type PySet, type PyUnknown, type PyValue } from './values';

/** The dict/set key of `v` (hashKey), raising TypeError for an unhashable value as Python does;
 *  unknown when the key itself cannot be known. */
export function keyOf(v: PyValue): string | PyUnknown {
  const k = hashKey(v);
  if (k === null) raise('TypeError', `unhashable type: '${typeName(v)}'`);
  return k;
}

/** A set (frozenset with `frozen`) of the items; unknown when a key is unknown. */
export function makeSet(items: PyValue[], frozen: boolean): PyValue {
  const s: PySet = { kind: 'set', entries: new Map(), frozen };
  for (const it of items) {
    const k = keyOf(it);
    if (typeof k !== 'string') return unknown(k.reason, k.range);
    if (!s.entries.has(k)) s.entries.set(k, it);
  }
  return s;
}

/** d[key] = value. */
export function dictSet(d: PyDict, key: PyValue, value: PyValue): void {
  const k = keyOf(key);
  if (typeof k !== 'string') {
    poison(d, `a key of this dict is unknown: ${k.reason}`);
    return;
  }
  const prev = d.entries.get(k);
  if (prev) prev.value = value;
  else d.entries.set(k, { key, value });
}

/** The items of an iterable (a copy), unknown when they cannot be known. */
export function iterate(v: PyValue): PyValue[] | PyUnknown {
  switch (v.kind) {
    case 'list':
      return v.poisoned ? unknown(v.poisoned) : v.items.slice();
    case 'tuple':
      return v.items.slice();
    case 'str':
      // One object per character: a long string is not taken apart.
      if (v.value.length > DEFAULT_BUDGET.maxItems) return unknown(`iterating over a string of more than ${DEFAULT_BUDGET.maxItems} characters is not evaluated`);
      return [...v.value].map((c) => strValue(c));
    case 'dict':
      return v.poisoned ? unknown(v.poisoned) : [...v.entries.values()].map((e) => e.key);
    case 'set':
      if (v.poisoned) return unknown(v.poisoned);
      if (v.entries.size > 1) return unknown('the iteration order of a set is not defined (it varies between runs)');
      return [...v.entries.values()];
    case 'unknown':
      return v;
    case 'object':
      if (v.type.iterate) return v.type.iterate(v, null as unknown as CallContext);
      return unknown(`iterating a ${v.type.name} is not evaluated`);
    case 'class':
      if (v.meta?.iterate) return v.meta.iterate(v);
      return raise('TypeError', `'type' object is not iterable`);
    default:
      return raise('TypeError', `'${typeName(v)}' object is not iterable`);
  }
}
