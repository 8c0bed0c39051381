/**
 * Names of deferred modules (EvaluationHost.deferModule): unknown values whose reason starts with
 * the same words, so a caller can tell whether a result depended on one, even through a reason that
 * quotes another.
 */
import { unknown, type PyUnknown } from './values';
import type { SourceRange } from '../model';

/** Words every reason about a deferred module's names carries (first, so clipping keeps them). */
export const DEFERRED_MODULE = 'not evaluated yet (a module the URLconf imports, deferred)';

/** True when `reason` (or a text quoting it) is about a name of a deferred module. */
export function isDeferred(reason: string): boolean {
  return reason.includes(DEFERRED_MODULE);
}

/**
 * The unknown standing for `dotted` (a deferred module's name, an attribute of it or a call of it:
 * "shop.views.product", "shop.views.List.as_view()"). A module-level name or a call result is
 * `viewLike`: a deferred module builds no URL list (see mayChangeServing), so used as a route's
 * view it is a view; an attribute of one of its objects (`api.urls`) may be a list.
 */
export function deferredUnknown(dotted: string, viewLike: boolean, range?: SourceRange): PyUnknown {
  const u = unknown(`${dotted} is ${DEFERRED_MODULE}`, range);
  u.deferred = dotted;
  if (viewLike) u.viewLike = true;
  return u;
}
