/**
 * try/except/finally and `with`. Besides exceptions that are really raised, a try records the
 * *possible* failures inside it (maybeRaise: a package that may be missing, a branch that
 * raises): its handler then runs from the state at that point too, and the outcomes are merged.
 */
import type { Handler, Span, Stmt } from '../ast';
import { EXC, isSubclass, makeExceptionInstance, PyException } from '../exceptions';
import { NONE, unknown, type Frame, type PyClass, type PyValue } from '../values';
import { NORMAL, type Completion, type Evaluator, type Part, type TryContext } from './evaluator';
import { recordFailure } from './forks';
import { setName } from './names';

/** A failure that may or may not happen here (an uninstalled package, an unknown key): if an
 *  enclosing try would catch it, its handler also runs, from the current state. */
export async function maybeRaise(ip: Evaluator, excName: string | null, description: string): Promise<void> {
  if (!ip.tryStack.length) return;
  const cls = (excName && EXC[excName]) || EXC.Exception;
  for (let i = ip.tryStack.length - 1; i >= 0; i--) {
    const ctx = ip.tryStack[i];
    const idx = await ip.matchHandler(ctx, cls, excName === null);
    if (idx < 0) continue;
    recordFailure(ctx, idx, ip.capture(ctx.frame), description);
    return;
  }
}

/** try/except/else/finally, including handlers that run because the body *may* fail. */
export async function execTry(ip: Evaluator, s: Stmt & { t: 'Try' }, frame: Frame): Promise<Completion> {
  const ctx: TryContext = { frame, handlers: s.handlers, failures: new Map(), reasons: [], types: null };
  ip.tryStack.push(ctx);
  let result: Completion | null = null;
  let raised: PyException | null = null;
  try {
    result = await ip.execBlock(s.body, frame);
  } catch (e) {
    if (!(e instanceof PyException)) {
      ip.tryStack.splice(ip.tryStack.indexOf(ctx), 1);
      throw e;
    }
    raised = e;
  }
  ip.tryStack.splice(ip.tryStack.indexOf(ctx), 1);

  let completion: Completion;
  try {
    if (raised) {
      const idx = await ip.matchHandler(ctx, raised.cls, raised.uncertain);
      if (idx < 0) {
        if (ctx.failures.size) {
          // The exception escapes, but some earlier possible failures were caught: those are
          // the only ways this statement completes.
          const parts = await runFailures(ip, ctx, frame);
          completion = ip.combine(parts, tryReason(ip, s, frame, ctx), frame);
        } else {
          if (s.finalbody) await ip.execBlock(s.finalbody, frame);
          throw raised;
        }
      } else if (!ctx.failures.size) {
        completion = await runHandler(ip, s.handlers[idx], raised, frame);
      } else {
        const parts = asParts(ip, await runHandler(ip, s.handlers[idx], raised, frame), frame);
        parts.push(...(await runFailures(ip, ctx, frame)));
        completion = ip.combine(parts, tryReason(ip, s, frame, ctx), frame);
      }
    } else {
      let c = result as Completion;
      if (c.type === 'normal' && s.orelse) c = await ip.execBlock(s.orelse, frame);
      if (!ctx.failures.size) completion = c;
      else {
        const parts = asParts(ip, c, frame);
        parts.push(...(await runFailures(ip, ctx, frame)));
        completion = ip.combine(parts, tryReason(ip, s, frame, ctx), frame);
      }
    }
  } catch (e) {
    if (e instanceof PyException && s.finalbody && e !== raised) await ip.execBlock(s.finalbody, frame);
    throw e;
  }
  if (s.finalbody) {
    if (completion.type === 'split') {
      ip.installCombined(completion.parts, frame, completion.reason);
      completion = NORMAL;
    }
    const f = await ip.execBlock(s.finalbody, frame);
    if (f.type !== 'normal') return f;
  }
  return completion;
}

function tryReason(ip: Evaluator, s: Span, frame: Frame, ctx: TryContext): string {
  const what = [...new Set(ctx.reasons)].slice(0, 2).join(' or ');
  if (what) return `depends on whether ${what}`;
  return `depends on whether the try block at line ${ip.rangeOf(s, frame.module).line} fails`;
}

function asParts(ip: Evaluator, c: Completion, frame: Frame): Part[] {
  if (c.type === 'split') return [...c.parts];
  return [{ state: ip.capture(frame), completion: c }];
}

async function runFailures(ip: Evaluator, ctx: TryContext, frame: Frame): Promise<Part[]> {
  const parts: Part[] = [];
  for (const [idx, snap] of ctx.failures) {
    ip.install(snap);
    const h = ctx.handlers[idx];
    const exc = new PyException(EXC.Exception, 'an exception that may be raised', makeExceptionInstance(EXC.Exception, []), true);
    let c: Completion;
    try {
      c = await runHandler(ip, h, exc, frame);
    } catch (e) {
      if (e instanceof PyException) continue; // this path fails anyway
      throw e;
    }
    parts.push(...asParts(ip, c, frame));
  }
  return parts;
}

async function runHandler(ip: Evaluator, h: Handler, exc: PyException, frame: Frame): Promise<Completion> {
  const origin = ip.rangeOf(h, frame.module);
  if (h.name) setName(h.name, exc.instance, frame, origin);
  ip.handling.push(exc);
  try {
    return await ip.execBlock(h.body, frame);
  } finally {
    ip.handling.pop();
    if (h.name) {
      if (frame.locals && !frame.globalDecl?.has(h.name)) frame.locals.delete(h.name);
      else frame.module.globals.delete(h.name);
    }
  }
}

/** Index of the handler that catches `cls`, or -1. Unknown handler types never match. */
export async function matchHandler(ip: Evaluator, ctx: TryContext, cls: PyClass, uncertain: boolean): Promise<number> {
  if (!ctx.types) {
    ctx.types = [];
    for (const h of ctx.handlers) {
      if (!h.type) {
        ctx.types.push('all');
        continue;
      }
      try {
        const v = await ip.evalExpr(h.type, ctx.frame);
        const items = v.kind === 'tuple' ? v.items : [v];
        const classes = items.filter((x): x is PyClass => x.kind === 'class' && !x.opaqueBase);
        ctx.types.push(classes.length === items.length ? classes : classes.length ? classes : null);
      } catch (e) {
        if (!(e instanceof PyException)) throw e;
        ctx.types.push(null);
      }
    }
  }
  for (let i = 0; i < ctx.types.length; i++) {
    const t = ctx.types[i];
    if (t === 'all') return i;
    if (!t) continue;
    if (uncertain) {
      if (t.some((c) => c === EXC.Exception || c === EXC.BaseException)) return i;
      continue;
    }
    if (t.some((c) => isSubclass(cls, c))) return i;
  }
  return -1;
}

/** `with` statements: suppress() behaves like try/except, files bind, other context managers bind
 * unknown.
 */
export async function execWith(ip: Evaluator, s: Stmt & { t: 'With' }, frame: Frame): Promise<Completion> {
  const suppressed: PyClass[] = [];
  for (const item of s.items) {
    const ctxValue = await ip.evalExpr(item.ctx, frame);
    let bound: PyValue = ctxValue;
    if (ctxValue.kind === 'object' && ctxValue.type.name === 'contextlib.suppress') {
      suppressed.push(...(ctxValue.data as PyClass[]));
      bound = NONE;
    } else if (ctxValue.kind === 'object' && ctxValue.type.name === 'file') {
      bound = ctxValue;
    } else if (ctxValue.kind !== 'unknown') {
      bound = unknown(`the context manager \`${ip.textOf(item.ctx, frame.module)}\` is not evaluated`, ip.rangeOf(item.ctx, frame.module));
    }
    if (item.target) await ip.assign(item.target, bound, frame, item.ctx);
  }
  if (!suppressed.length) return ip.execBlock(s.body, frame);
  // `with suppress(E): body` behaves like `try: body / except E: pass`.
  const handler: Handler = { from: s.from, to: s.to, type: null, name: null, body: [] };
  const ctx: TryContext = { frame, handlers: [handler], failures: new Map(), reasons: [], types: [suppressed] };
  ip.tryStack.push(ctx);
  let c: Completion;
  try {
    c = await ip.execBlock(s.body, frame);
  } catch (e) {
    ip.tryStack.splice(ip.tryStack.indexOf(ctx), 1);
    if (e instanceof PyException && suppressed.some((cls) => isSubclass(e.cls, cls))) c = NORMAL;
    else throw e;
    return finishSuppress(ip, c, ctx, s, frame);
  }
  ip.tryStack.splice(ip.tryStack.indexOf(ctx), 1);
  return finishSuppress(ip, c, ctx, s, frame);
}

function finishSuppress(ip: Evaluator, c: Completion, ctx: TryContext, s: Span, frame: Frame): Completion {
  if (!ctx.failures.size) return c;
  const parts = asParts(ip, c, frame);
  for (const snap of ctx.failures.values()) parts.push({ state: snap, completion: NORMAL as Part['completion'] });
  return ip.combine(parts, tryReason(ip, s, frame, ctx), frame);
}
