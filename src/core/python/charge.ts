/**
 * Charging values to the analysis budget (budget.ts) by their size. The interpreter charges every
 * builtin and modelled call centrally (its arguments before, its result after, see calls.ts);
 * the few operations whose result can be much larger than their input (str.replace, join,
 * padding, `*`) check the size they would build first with `refuseStr` / `refuseItems`.
 */
import { ITEM_WEIGHT, type AnalysisBudget } from './budget';
import type { SourceRange } from '../model';
import { poison } from './valueOps';
import { unknown, type CallContext, type PyList, type PyUnknown, type PyValue } from './values';

/** Work units a value stands for: characters of a str or path, weighted items of a container. */
export function sizeOf(v: PyValue): number {
  switch (v.kind) {
    case 'str':
    case 'path':
      return v.value.length;
    case 'list':
    case 'tuple':
      return v.items.length * ITEM_WEIGHT;
    case 'dict':
    case 'set':
      return v.entries.size * ITEM_WEIGHT;
    default:
      return 0;
  }
}

/** Charges a call before it runs: its arguments, and its receiver when that is a str or path (a
 *  container's methods mostly touch one item; those that scan it get it as an argument too). */
export function chargeCall(budget: AnalysisBudget, args: PyValue[], self: PyValue | undefined): void {
  let units = 1 + args.length;
  for (const a of args) units += sizeOf(a);
  if (self && (self.kind === 'str' || self.kind === 'path')) units += self.value.length;
  budget.charge(units);
}

/** Charges a result by its size; a str or collection over the single-value caps becomes unknown. */
export function capResult(budget: AnalysisBudget, v: PyValue, range: () => SourceRange | undefined): PyValue {
  const size = sizeOf(v);
  if (size === 0) return v;
  budget.charge(size);
  const why = v.kind === 'str' || v.kind === 'path' ? budget.stringTooLong(v.value.length) : budget.tooManyItems(size / ITEM_WEIGHT);
  return why ? unknown(why, range()) : v;
}

/** Appends `items` to a list in place (extend, +=, *=): charged, and past the item cap the list's
 *  contents become unknown instead of growing. */
export function growList(budget: AnalysisBudget, list: PyList, items: readonly PyValue[], times = 1): void {
  if (list.poisoned || items.length === 0) return;
  const why = budget.tooManyItems(list.items.length + items.length * times);
  if (why) {
    poison(list, why);
    return;
  }
  budget.charge(items.length * times * ITEM_WEIGHT);
  for (let t = 0; t < times; t++) for (const it of items) list.items.push(it);
}

/** Unknown when a str of `length` characters may not be built; otherwise charges it. */
export function refuseStr(ctx: CallContext, length: number): PyUnknown | null {
  const why = ctx.rt.budget.stringTooLong(length);
  if (why) return unknown(why, ctx.range);
  ctx.rt.budget.charge(length);
  return null;
}

/** Unknown when a collection of `count` items may not be built; otherwise charges it. */
export function refuseItems(ctx: CallContext, count: number): PyUnknown | null {
  const why = ctx.rt.budget.tooManyItems(count);
  if (why) return unknown(why, ctx.range);
  ctx.rt.budget.charge(count * ITEM_WEIGHT);
  return null;
}
