import type { CheckContext } from './context';

/**
 * `compute(ctx)` memoised in `cache` on `ctx.derivations` (the editor's key for as long as its
 * cached modules stay valid) or, without one, on the context itself (once per run).
 */
export function derived<T>(ctx: CheckContext, cache: WeakMap<object, Promise<T>>, compute: (ctx: CheckContext) => Promise<T>): Promise<T> {
  const key = ctx.derivations ?? ctx;
  let p = cache.get(key);
  if (!p) {
    p = compute(ctx);
    cache.set(key, p);
  }
  return p;
}
