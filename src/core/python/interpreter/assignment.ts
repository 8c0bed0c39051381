/**
 * Assignment targets: names, unpacking, attributes, items and slices, `del`, and augmented
 * assignment (which mutates lists, dicts and sets in place like Python, so aliases see it).
 */
import type { Expr, Span, Stmt } from '../ast';
import { sliceIndices } from '../builtins/common';
import { growList } from '../charge';
import { iterate, keyOf } from '../containers';
import { poison } from '../valueOps';
import { isUnknown, NONE, pyList, typeName, type Frame, type PyValue } from '../values';
import { setAttr } from './attributes';
import type { Evaluator } from './evaluator';
import { setName } from './names';

/** `target op= value`. */
export async function augAssign(ip: Evaluator, s: Stmt & { t: 'AugAssign' }, frame: Frame): Promise<void> {
  const target = s.target;
  const rhs = await ip.evalExpr(s.value, frame);
  const origin = ip.rangeOf(s.value, frame.module);
  if (target.t === 'Name') {
    const old = ip.lookup(target.id, frame, target);
    const nv = await inplace(ip, s.op, old, rhs, frame, s);
    setName(target.id, nv, frame, origin);
  } else if (target.t === 'Subscript') {
    const obj = await ip.evalExpr(target.obj, frame);
    const key = await ip.evalExpr(target.index, frame);
    const old = await ip.getItem(obj, key, frame, target);
    await ip.setItem(obj, key, await inplace(ip, s.op, old, rhs, frame, s), frame, target);
  } else if (target.t === 'Attr') {
    const obj = await ip.evalExpr(target.obj, frame);
    const old = ip.getAttr(obj, target.attr, frame, target);
    setAttr(obj, target.attr, await inplace(ip, s.op, old, rhs, frame, s), frame, origin);
  } else {
    ip.raise('SyntaxError', "illegal expression for augmented assignment");
  }
}

/** In-place operators mutate lists, dicts and sets (aliases see the change), like Python. */
async function inplace(ip: Evaluator, op: string, old: PyValue, rhs: PyValue, frame: Frame, site: Span): Promise<PyValue> {
  if (old.kind === 'list' && op === '+') {
    const items = iterate(rhs);
    if (isUnknown(items)) poison(old, items.reason);
    else growList(ip.budget, old, items);
    return old;
  }
  if (old.kind === 'list' && op === '*' && rhs.kind === 'int') {
    const copy = old.items.slice();
    old.items.length = 0;
    growList(ip.budget, old, copy, Math.max(0, rhs.value));
    return old;
  }
  if (old.kind === 'dict' && op === '|') {
    await ip.dictUpdate(old, rhs, null, frame);
    return old;
  }
  if (old.kind === 'set' && !old.frozen && (op === '|' || op === '&' || op === '-' || op === '^')) {
    const r = ip.binaryOp(op, old, rhs, frame, site);
    if (r.kind === 'set') {
      old.entries = r.entries;
      if (r.poisoned) old.poisoned = r.poisoned;
      return old;
    }
    return r;
  }
  return ip.binaryOp(op, old, rhs, frame, site);
}

/** Assigns `value` to a target (`valueExpr` gives the origin recorded for names). */
export async function assign(ip: Evaluator, target: Expr, value: PyValue, frame: Frame, valueExpr: Expr): Promise<void> {
  switch (target.t) {
    case 'Name':
      setName(target.id, value, frame, ip.rangeOf(valueExpr, frame.module));
      return;
    case 'Tuple':
    case 'List': {
      const elts = target.elts;
      const starIdx = elts.findIndex((e) => e.t === 'Starred');
      const items = iterate(value);
      const sourceElts = (valueExpr.t === 'Tuple' || valueExpr.t === 'List') && valueExpr.elts.length === elts.length && starIdx < 0 ? valueExpr.elts : null;
      if (isUnknown(items)) {
        for (const e of elts) await ip.assign(e.t === 'Starred' ? e.value : e, items, frame, valueExpr);
        return;
      }
      if (starIdx < 0) {
        if (items.length !== elts.length) {
          ip.raise('ValueError', items.length > elts.length ? `too many values to unpack (expected ${elts.length})` : `not enough values to unpack (expected ${elts.length}, got ${items.length})`);
        }
        for (let i = 0; i < elts.length; i++) await ip.assign(elts[i], items[i], frame, sourceElts ? sourceElts[i] : valueExpr);
        return;
      }
      const after = elts.length - starIdx - 1;
      if (items.length < elts.length - 1) ip.raise('ValueError', `not enough values to unpack (expected at least ${elts.length - 1}, got ${items.length})`);
      for (let i = 0; i < starIdx; i++) await ip.assign(elts[i], items[i], frame, valueExpr);
      const star = elts[starIdx] as Expr & { t: 'Starred' };
      await ip.assign(star.value, pyList(items.slice(starIdx, items.length - after)), frame, valueExpr);
      for (let i = 0; i < after; i++) await ip.assign(elts[starIdx + 1 + i], items[items.length - after + i], frame, valueExpr);
      return;
    }
    case 'Attr': {
      const obj = await ip.evalExpr(target.obj, frame);
      setAttr(obj, target.attr, value, frame, ip.rangeOf(valueExpr, frame.module));
      return;
    }
    case 'Subscript': {
      const obj = await ip.evalExpr(target.obj, frame);
      if (target.index.t === 'Slice') {
        await setSlice(ip, obj, target.index, value, frame);
        return;
      }
      const key = await ip.evalExpr(target.index, frame);
      await ip.setItem(obj, key, value, frame, target);
      return;
    }
    case 'Starred':
      return ip.raise('SyntaxError', 'starred assignment target must be in a list or tuple');
    default:
      return ip.raise('SyntaxError', 'cannot assign to expression');
  }
}

async function setSlice(ip: Evaluator, obj: PyValue, slice: Expr & { t: 'Slice' }, value: PyValue, frame: Frame): Promise<void> {
  if (obj.kind !== 'list') {
    if (obj.kind !== 'unknown') ip.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`);
    return;
  }
  const lo = slice.lower ? await ip.evalExpr(slice.lower, frame) : NONE;
  const hi = slice.upper ? await ip.evalExpr(slice.upper, frame) : NONE;
  const st = slice.step ? await ip.evalExpr(slice.step, frame) : NONE;
  const items = iterate(value);
  if (isUnknown(items) || isUnknown(lo) || isUnknown(hi) || st.kind !== 'none') {
    poison(obj, isUnknown(items) ? items.reason : 'a slice assignment that is not evaluated');
    return;
  }
  const idx = sliceIndices(obj.items.length, lo, hi, NONE);
  if (typeof idx === 'string') ip.raise('TypeError', idx);
  obj.items.splice(idx.start, Math.max(0, idx.stop - idx.start), ...items);
}

/** `del target`. */
export async function deleteTarget(ip: Evaluator, t: Expr, frame: Frame): Promise<void> {
  if (t.t === 'Name') ip.deleteName(t.id, frame);
  else if (t.t === 'Tuple' || t.t === 'List') for (const e of t.elts) await ip.deleteTarget(e, frame);
  else if (t.t === 'Subscript') {
    const obj = await ip.evalExpr(t.obj, frame);
    const key = await ip.evalExpr(t.index, frame);
    if (obj.kind === 'dict') {
      const k = keyOf(key);
      if (typeof k !== 'string') return poison(obj, k.reason);
      if (!obj.entries.delete(k) && !obj.poisoned) ip.raiseKey(key);
    } else if (obj.kind === 'list') {
      if (key.kind === 'int') {
        const i = key.value < 0 ? obj.items.length + key.value : key.value;
        if (i < 0 || i >= obj.items.length) ip.raise('IndexError', 'list assignment index out of range');
        obj.items.splice(i, 1);
      } else poison(obj, 'an item deletion that is not evaluated');
    } else if (obj.kind === 'object' && obj.type.delitem) obj.type.delitem(obj, key, ip.callContext(frame, t, t.obj));
  }
}
