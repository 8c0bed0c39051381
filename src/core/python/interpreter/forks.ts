/**
 * Forks: when a condition is unknown both branches run, each on a copy of the state, and their
 * results are merged (a name that differs becomes unknown with the reason). Snapshots hold the
 * frame's variables, its module's globals and the environment: what a branch can change.
 */
import type { FunctionDef, Stmt } from '../ast';
import { sizeOf } from '../charge';
import { PyException } from '../exceptions';
import { cloneValue, mergeValues, poison } from '../valueOps';
import { unknown, type Binding, type Frame, type PyValue } from '../values';
import { effectsOf, globalsOf, type Effects } from './effects';
import { NORMAL, type Completion, type Evaluator, type Part, type Snapshot, type TryContext } from './evaluator';
import { setName } from './names';

/** Runs two alternative branches on copies of the state and merges what they leave. */
export async function fork(ip: Evaluator, frame: Frame, reason: string, a: () => Promise<Completion>, b: () => Promise<Completion>): Promise<Completion> {
  const base = ip.capture(frame);
  const partsA = await runBranch(ip, frame, a);
  ip.install(base);
  const partsB = await runBranch(ip, frame, b);
  const all = [...partsA, ...partsB];
  const ok = all.filter((p): p is Part => !(p instanceof Raised));
  const raised = all.filter((p): p is Raised => p instanceof Raised);
  if (!ok.length) {
    ip.install(raised[0].state);
    throw raised[0].exc;
  }
  for (const r of raised) {
    // This branch fails: if a try around it would catch that, its handler is a possible path;
    // otherwise Django would stop there, and the settings that matter are those of the paths
    // that succeed.
    await registerRaisedBranch(ip, r);
  }
  return ip.combine(ok, reason, frame);
}

async function registerRaisedBranch(ip: Evaluator, r: Raised): Promise<void> {
  for (let i = ip.tryStack.length - 1; i >= 0; i--) {
    const ctx = ip.tryStack[i];
    const idx = await ip.matchHandler(ctx, r.exc.cls, r.exc.uncertain);
    if (idx < 0) continue;
    ip.install(r.state);
    recordFailure(ctx, idx, ip.capture(ctx.frame), `${r.exc.cls.name} is raised`);
    return;
  }
}

async function runBranch(ip: Evaluator, frame: Frame, fn: () => Promise<Completion>): Promise<(Part | Raised)[]> {
  try {
    const c = await fn();
    if (c.type === 'split') return c.parts;
    return [{ state: ip.capture(frame), completion: c }];
  } catch (e) {
    if (e instanceof PyException) return [new Raised(e, ip.capture(frame))];
    throw e;
  }
}

/** Merges outcomes: same-kind completions merge their states; different kinds stay split. */
export function combine(ip: Evaluator, parts: Part[], reason: string, frame: Frame): Completion {
  if (parts.length === 1) {
    ip.install(parts[0].state);
    return parts[0].completion;
  }
  // Outcomes that complete the same way merge into one state; different kinds (one branch
  // returns, the other falls through) stay apart, so the code after the if runs only for those
  // that fall through.
  const groups = new Map<string, Part[]>();
  for (const p of parts) {
    const g = groups.get(p.completion.type);
    if (g) g.push(p);
    else groups.set(p.completion.type, [p]);
  }
  const merged: Part[] = [];
  for (const [type, g] of groups) {
    let state = g[0].state;
    for (let i = 1; i < g.length; i++) state = mergeSnapshots(state, g[i].state, reason);
    let completion = g[0].completion;
    if (type === 'return') {
      let v = (g[0].completion as { value: PyValue }).value;
      const memo = new Map<object, Map<object, PyValue>>();
      for (let i = 1; i < g.length; i++) v = mergeValues(v, (g[i].completion as { value: PyValue }).value, reason, memo);
      completion = { type: 'return', value: v };
    }
    merged.push({ state, completion });
  }
  if (merged.length === 1) {
    ip.install(merged[0].state);
    return merged[0].completion;
  }
  void frame;
  return { type: 'split', parts: merged, reason };
}

/** Merges the outcomes of a split into the current state (all of them complete normally). */
export function installCombined(ip: Evaluator, parts: Part[], frame: Frame, reason: string): void {
  const all = parts.map((p) => ({ state: p.state, completion: NORMAL as Part['completion'] }));
  ip.combine(all, reason, frame);
}

/** Copies the state a branch can change: the frame's variables, its module's globals, env. */
export function capture(ip: Evaluator, frame: Frame): Snapshot {
  const memo = new Map<object, PyValue>();
  const maps: Snapshot['maps'] = [];
  // Deep copies with one memo for the whole snapshot: a branch that mutates a list must not
  // change what the other branch starts from, and two names bound to one list stay one list.
  const add = (map: Map<string, Binding>): void => {
    if (maps.some((m) => m.map === map)) return;
    const entries: [string, Binding][] = [];
    for (const [k, b] of map) entries.push([k, { value: cloneValue(b.value, memo), origin: b.origin }]);
    maps.push({ map, entries });
  };
  for (let f: Frame | null = frame; f; f = f.closure) if (f.locals) add(f.locals);
  add(frame.module.globals);
  // Copies count against the step budget, so forks inside long loops stay bounded.
  ip.step(memo.size + maps.reduce((n, m) => n + m.entries.length, 0));
  let copied = 0;
  for (const v of memo.values()) copied += sizeOf(v);
  ip.budget.charge(copied);
  return {
    maps,
    env: [...ip.host.env],
    envUnknown: [...ip.envUnknown],
    envAllUnknown: ip.envAllUnknown,
  };
}

/** Restores a snapshot (copying values, so the snapshot can be installed again). */
export function install(ip: Evaluator, s: Snapshot): void {
  const memo = new Map<object, PyValue>();
  for (const { map, entries } of s.maps) {
    map.clear();
    for (const [k, b] of entries) map.set(k, { value: cloneValue(b.value, memo), origin: b.origin });
  }
  ip.host.env.clear();
  for (const [k, v] of s.env) ip.host.env.set(k, v);
  ip.envUnknown.clear();
  for (const [k, v] of s.envUnknown) ip.envUnknown.set(k, v);
  ip.envAllUnknown = s.envAllUnknown;
}

function mergeSnapshots(a: Snapshot, b: Snapshot, reason: string): Snapshot {
  const memo = new Map<object, Map<object, PyValue>>();
  const maps: Snapshot['maps'] = [];
  for (const ma of a.maps) {
    const mb = b.maps.find((m) => m.map === ma.map);
    if (!mb) {
      maps.push(ma);
      continue;
    }
    const bm = new Map(mb.entries);
    const entries: [string, Binding][] = [];
    for (const [k, ba] of ma.entries) {
      const bb = bm.get(k);
      if (!bb) entries.push([k, { value: unknown(reason), origin: ba.origin }]);
      else entries.push([k, { value: mergeValues(ba.value, bb.value, reason, memo), origin: ba.origin }]);
      bm.delete(k);
    }
    for (const [k, bb] of bm) entries.push([k, { value: unknown(reason), origin: bb.origin }]);
    maps.push({ map: ma.map, entries });
  }
  const envB = new Map(b.env);
  const env: [string, string][] = [];
  const envUnknown = new Map([...a.envUnknown, ...b.envUnknown]);
  for (const [k, v] of a.env) {
    if (envB.get(k) === v) env.push([k, v]);
    else envUnknown.set(k, reason);
    envB.delete(k);
  }
  for (const k of envB.keys()) envUnknown.set(k, reason);
  return { maps, env, envUnknown: [...envUnknown], envAllUnknown: a.envAllUnknown ?? b.envAllUnknown };
}

/** Makes unknown whatever the statements may assign or mutate (loops that cannot be unrolled,
 *  statements that cannot be evaluated). */
export function havoc(ip: Evaluator, stmts: Stmt[], reason: string, frame: Frame): void {
  const eff = effectsOf(stmts);
  addCalledEffects(ip, eff, frame, 0, new Set());
  const origin = ip.rangeOf(stmts[0], frame.module);
  for (const name of eff.assigned) {
    setName(name, unknown(reason, origin), frame, origin);
  }
  for (const name of eff.globalAssigned) frame.module.globals.set(name, { value: unknown(reason, origin), origin });
  for (const name of eff.mutated) {
    let cur: PyValue | undefined;
    try {
      cur = ip.lookup(name, frame, null);
    } catch {
      cur = undefined;
    }
    if (cur && (cur.kind === 'list' || cur.kind === 'dict' || cur.kind === 'set')) poison(cur, reason);
    else if (cur && cur.kind !== 'module' && cur.kind !== 'object' && cur.kind !== 'builtin') setName(name, unknown(reason, origin), frame, origin);
  }
  if (eff.env) ip.envAllUnknown = ip.envAllUnknown ?? reason;
  if (eff.opaque) ip.opaqueWrite(frame, origin, 'code that was not evaluated');
}

/** Adds what project functions called in a block may do to module globals (`global` names,
 *  mutated module-level containers, the environment), transitively. */
function addCalledEffects(ip: Evaluator, eff: Effects, frame: Frame, depth: number, seen: Set<FunctionDef>): void {
  if (depth > 6) return;
  for (const name of [...eff.calls]) {
    let fn: PyValue | undefined;
    try {
      fn = ip.lookup(name, frame, null);
    } catch {
      fn = undefined;
    }
    if (!fn || fn.kind !== 'function' || !fn.def || seen.has(fn.def)) continue;
    seen.add(fn.def);
    const inner = effectsOf(fn.def.body);
    const globalNames = globalsOf(fn.def);
    const locals = new Set([...fn.params.map((p) => p.name), ...[...inner.assigned].filter((n) => !globalNames.has(n))]);
    if (inner.opaque) eff.opaque = true;
    addCalledEffects(ip, inner, fn.closure as Frame, depth + 1, seen);
    for (const n of inner.assigned) if (globalNames.has(n)) eff.globalAssigned.add(n);
    for (const n of inner.globalAssigned) eff.globalAssigned.add(n);
    for (const n of inner.mutated) if (!locals.has(n)) eff.mutated.add(n);
    // A function that mutates a parameter mutates what the caller passed.
    if (fn.params.some((p) => inner.mutated.has(p.name))) for (const r of eff.callArgs.get(name) ?? []) eff.mutated.add(r);
    if (inner.env) eff.env = true;
  }
}

class Raised {
  constructor(
    readonly exc: PyException,
    readonly state: Snapshot,
  ) {}
}

/** Records that the try of `ctx` may fail at this point, so handler `idx` may run from `snap`. */
export function recordFailure(ctx: TryContext, idx: number, snap: Snapshot, description: string): void {
  const prev = ctx.failures.get(idx);
  ctx.failures.set(idx, prev ? mergeSnapshots(prev, snap, `depends on whether ${description}`) : snap);
  ctx.reasons.push(description);
}
