/**
 * Attributes and items: getattr/setattr, subscripts and slices, and dict.update.
 */
import type { SourceRange } from '../../model';
import type { Span } from '../ast';
import { sliceIndices } from '../builtins/common';
import { builtinAttr } from '../builtins/typeMethods';
import { dictSet, iterate, keyOf } from '../containers';
import { namespaceObject } from '../namespace';
import { namedTupleAttr } from '../stdlib/namedtuple';
import { pathAttr } from '../stdlib/pathlib';
import { numValue, poison } from '../valueOps';
import {
  isUnknown,
  pyList,
  pyTuple,
  strValue,
  typeName,
  unknown,
  type Binding,
  type Frame,
  type ModuleState,
  type PyClass,
  type PyDict,
  type PyValue,
} from '../values';
import type { Evaluator } from './evaluator';
import { deferredUnknown } from '../deferred';

/** dict.update(other, **kwargs) / {**other}. */
export async function dictUpdate(ip: Evaluator, d: PyDict, other: PyValue | null, kwargs: Map<string, PyValue> | null, frame: Frame): Promise<void> {
  if (other) {
    if (other.kind === 'dict') {
      if (other.poisoned) poison(d, other.poisoned);
      for (const e of other.entries.values()) dictSet(d, e.key, e.value);
    } else if (other.kind === 'unknown') {
      poison(d, other.reason);
    } else if (other.kind === 'object' && other.type.iterate && other.type.getitem) {
      const keys = other.type.iterate(other, ip.callContext(frame, null, null));
      if (isUnknown(keys)) poison(d, keys.reason);
      else for (const k of keys) dictSet(d, k, await other.type.getitem(other, k, ip.callContext(frame, null, null)));
    } else {
      const items = iterate(other);
      if (isUnknown(items)) poison(d, items.reason);
      else
        for (const it of items) {
          const pair = iterate(it);
          if (isUnknown(pair)) {
            poison(d, pair.reason);
            continue;
          }
          if (pair.length !== 2) ip.raise('ValueError', `dictionary update sequence element has length ${pair.length}; 2 is required`);
          dictSet(d, pair[0], pair[1]);
        }
    }
  }
  if (kwargs) for (const [k, v] of kwargs) dictSet(d, strValue(k), v);
}

/** getattr(obj, name). */
export function getAttr(ip: Evaluator, obj: PyValue, name: string, frame: Frame, site: Span | null): PyValue {
  switch (obj.kind) {
    case 'unknown':
      if (obj.opaque) return unknown(`${obj.opaque}.${name} is not evaluated`, obj.range, `${obj.opaque}.${name}`);
      if (obj.deferred) return deferredUnknown(`${obj.deferred}.${name}`, false, obj.range);
      return obj;
    case 'module': {
      if (obj.ns) {
        const b = obj.ns.globals.get(name);
        if (b) return b.value;
        if (!obj.ns.complete) return unknown(`${obj.name}.${name} is not available yet (circular import)`, site ? ip.rangeOf(site, frame.module) : undefined);
        if ((obj.ns as ModuleState).deferred) return deferredUnknown(`${obj.name}.${name}`, true, site ? ip.rangeOf(site, frame.module) : undefined);
        if (name === '__dict__') return namespaceObject(obj.ns as ModuleState);
        return ip.raise('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
      }
      const a = obj.attrs?.get(name) ?? obj.lazy?.(name);
      if (a) return a;
      if (name === '__name__') return strValue(obj.name);
      if (!obj.attrs && !obj.lazy) return unknown(`${obj.name}.${name} is not evaluated (third-party module)`, site ? ip.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
      return unknown(`${obj.name}.${name} is not modelled`, site ? ip.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
    }
    case 'object': {
      const v = obj.type.getattr?.(obj, name, ip.callContext(frame, site, null));
      if (v) return v;
      return unknown(`${obj.type.name}.${name} is not modelled`, site ? ip.rangeOf(site, frame.module) : undefined, `${obj.type.name}.${name}`);
    }
    case 'class': {
      for (const c of classChain(obj)) {
        const v = c.attrs.get(name);
        if (v) return v;
      }
      if (name === '__name__') return strValue(obj.name);
      if (obj.opaqueBase) return unknown(`${obj.name}.${name} comes from a base class that is not evaluated`, site ? ip.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
      return ip.raise('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
    }
    default: {
      const named = obj.kind === 'tuple' && obj.named ? namedTupleAttr(obj, name, ip.callContext(frame, site, null)) : undefined;
      if (named) return named;
      const v = (obj.kind === 'path' ? pathAttr(ip, obj, name) : builtinAttr(obj, name));
      if (v) return v;
      return ip.raise('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
    }
  }
}

/** obj.name = value where it can matter for settings (modules, classes, the namespace object);
 * ignored elsewhere.
 */
export function setAttr(obj: PyValue, name: string, value: PyValue, frame: Frame, origin: SourceRange): void {
  if (obj.kind === 'module' && obj.ns) {
    obj.ns.globals.set(name, { value, origin });
    return;
  }
  if (obj.kind === 'class') {
    obj.attrs.set(name, value);
    return;
  }
  if (obj.kind === 'object' && obj.type.name === 'namespace') {
    ((obj.data as ModuleState).globals as Map<string, Binding>).set(name, { value, origin });
    return;
  }
  void frame;
  // Attributes of unmodelled objects do not influence settings; ignore.
}

/** obj[key]. */
export async function getItem(ip: Evaluator, obj: PyValue, key: PyValue, frame: Frame, site: Span | null): Promise<PyValue> {
  switch (obj.kind) {
    case 'unknown':
      return obj;
    case 'list':
    case 'tuple':
    case 'str': {
      if (obj.kind === 'list' && obj.poisoned) return unknown(obj.poisoned);
      if (key.kind === 'unknown') return key;
      if (key.kind !== 'int' && key.kind !== 'bool') return ip.raise('TypeError', `${typeName(obj)} indices must be integers or slices, not ${typeName(key)}`);
      const seq = obj.kind === 'str' ? [...obj.value] : obj.items;
      const n = numValue(key);
      const i = n < 0 ? seq.length + n : n;
      if (i < 0 || i >= seq.length) return ip.raise('IndexError', `${typeName(obj)} index out of range`);
      const item = seq[i];
      return typeof item === 'string' ? strValue(item) : item;
    }
    case 'dict': {
      const k = keyOf(key);
      if (typeof k !== 'string') return k;
      const e = obj.entries.get(k);
      if (e) return e.value;
      if (obj.poisoned) return unknown(obj.poisoned);
      return ip.raiseKey(key);
    }
    case 'object':
      if (obj.type.getitem) return obj.type.getitem(obj, key, ip.callContext(frame, site, null));
      return unknown(`indexing a ${obj.type.name} is not evaluated`);
    case 'class':
      if (obj.meta?.getitem) return obj.meta.getitem(obj, key, ip.callContext(frame, site, null));
      return ip.raise('TypeError', `'type' object is not subscriptable`);
    case 'builtin':
      // Generic aliases like list[str] in annotations evaluated at runtime.
      if (obj.typeName) return obj;
      return ip.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
    default:
      return ip.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
  }
}

/** obj[lo:hi:st] of lists, tuples and strings. */
export function getSlice(ip: Evaluator, obj: PyValue, lo: PyValue, hi: PyValue, st: PyValue, frame: Frame, site: Span): PyValue {
  if (obj.kind === 'unknown') return obj;
  for (const v of [lo, hi, st]) if (v.kind === 'unknown') return v;
  if (obj.kind === 'object' && obj.type.getitem) return unknown(`slicing a ${obj.type.name} is not evaluated`, ip.rangeOf(site, frame.module));
  if (obj.kind !== 'list' && obj.kind !== 'tuple' && obj.kind !== 'str') return ip.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
  if (obj.kind === 'list' && obj.poisoned) return unknown(obj.poisoned);
  const seq: (PyValue | string)[] = obj.kind === 'str' ? [...obj.value] : obj.items;
  const idx = sliceIndices(seq.length, lo, hi, st);
  if (typeof idx === 'string') return ip.raise(idx.startsWith('slice step') ? 'ValueError' : 'TypeError', idx);
  const out: (PyValue | string)[] = [];
  if (idx.step > 0) for (let i = idx.start; i < idx.stop; i += idx.step) out.push(seq[i]);
  else for (let i = idx.start; i > idx.stop; i += idx.step) out.push(seq[i]);
  if (obj.kind === 'str') return strValue(out.join(''));
  return obj.kind === 'list' ? pyList(out as PyValue[]) : pyTuple(out as PyValue[]);
}

/** obj[key] = value. */
export async function setItem(ip: Evaluator, obj: PyValue, key: PyValue, value: PyValue, frame: Frame, site: Span): Promise<void> {
  switch (obj.kind) {
    case 'dict':
      dictSet(obj, key, value);
      return;
    case 'list': {
      if (key.kind === 'unknown') return poison(obj, key.reason);
      if (key.kind !== 'int' && key.kind !== 'bool') ip.raise('TypeError', `list indices must be integers or slices, not ${typeName(key)}`);
      if (obj.poisoned) return;
      const n = numValue(key as never);
      const i = n < 0 ? obj.items.length + n : n;
      if (i < 0 || i >= obj.items.length) ip.raise('IndexError', 'list assignment index out of range');
      obj.items[i] = value;
      return;
    }
    case 'object':
      if (obj.type.setitem) return obj.type.setitem(obj, key, value, ip.callContext(frame, site, null));
      return;
    case 'unknown':
      return;
    default:
      ip.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`);
  }
}

function* classChainGen(c: PyClass): Generator<PyClass> {
  yield c;
  for (const b of c.bases) yield* classChainGen(b);
}
function classChain(c: PyClass): PyClass[] {
  return [...classChainGen(c)];
}
