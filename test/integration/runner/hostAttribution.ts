// Which part of the extension host's time is this extension's, for bench/workbench.bench.ts (not a
// test). The host runs every extension and VS Code's own code on one thread, so its event-loop
// blocks and idle CPU are a sum. A CPU profile (the inspector's, sampling the whole host) says whose
// code each sample was in; a recorder of the event loop's turns says when the loop was blocked. Both
// use the monotonic clock (µs), so each block can be split into what ran in it.

/** The parts of a CPU profile this module reads (Profiler.stop's result). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch in which the event loop could not take a turn (µs on the monotonic clock). */
export interface Block {
  startUs: number;
  endUs: number;
}

/** A block, with how much of it the sampled CPU time was in this extension's code. */
export interface AttributedBlock {
  ms: number;
  ownMs: number;
  /** The own functions that ran longest in it (name, ms). */
  own: [string, number][];
}

/** The monotonic clock in µs: the clock of CPU profiles. */
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Records every stretch longer than `minMs` in which a short repeating timer could not run: the
 * event loop was busy (the same thing perf_hooks' delay monitor sees, with when it happened).
 */
export function recordBlocks(minMs: number): { stop(): Block[] } {
  const blocks: Block[] = [];
  const tickMs = 5;
  let last = nowUs();
  const timer = setInterval(() => {
    const now = nowUs();
    if (now - last > (minMs + tickMs) * 1000) blocks.push({ startUs: last, endUs: now });
    last = now;
  }, tickMs);
  return {
    stop() {
      clearInterval(timer);
      return blocks;
    },
  };
}

/** Splits a profile's samples into this extension's (any frame of the stack in `ownUrlPrefix`) and the rest. */
export function attribute(profile: CpuProfile, ownUrlPrefix: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The innermost own frame of each node's stack (undefined: none of ours on it).
  const ownFrame = new Map<number, string | undefined>();
  const ownOf = (id: number): string | undefined => {
    if (ownFrame.has(id)) return ownFrame.get(id);
    const n = byId.get(id);
    let found: string | undefined;
    if (n) {
      if (n.callFrame.url.startsWith(ownUrlPrefix)) found = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.slice(ownUrlPrefix.length)}`;
      else {
        const p = parent.get(id);
        found = p === undefined ? undefined : ownOf(p);
      }
    }
    ownFrame.set(id, found);
    return found;
  };
  // Sample i covers [at[i], at[i] + timeDeltas[i + 1]), but no more than twice the usual interval:
  // a longer gap is time the thread was not sampled (the machine ran something else), which no
  // code of the host's is to be charged for.
  const at: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) at.push((t += profile.timeDeltas[i] ?? 0));
  const deltas = profile.timeDeltas.slice(1).sort((a, b) => a - b);
  const maxSampleUs = 2 * (deltas[deltas.length >> 1] ?? 1000);
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));

  /** Own and non-idle sampled ms between two times, and the own functions by ms. */
  function between(startUs: number, endUs: number): { ownMs: number; busyMs: number; own: [string, number][] } {
    let own = 0;
    let busy = 0;
    const byFn = new Map<string, number>();
    for (let i = 0; i < at.length; i++) {
      const s = at[i]!;
      if (s < startUs || s >= endUs) continue;
      const dt = Math.min(maxSampleUs, i + 1 < at.length ? at[i + 1]! - s : 0) / 1000;
      const id = profile.samples[i]!;
      if (idle.has(id)) continue;
      busy += dt;
      const f = ownOf(id);
      if (f !== undefined) {
        own += dt;
        byFn.set(f, (byFn.get(f) ?? 0) + dt);
      }
    }
    const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 4);
    return { ownMs: own, busyMs: busy, own: top };
  }
  return {
    between,
    /** Each block with this extension's part of it, longest own part first. */
    blocks(blocks: readonly Block[]): AttributedBlock[] {
      return blocks
        .map((b) => {
          const r = between(b.startUs, b.endUs);
          return { ms: (b.endUs - b.startUs) / 1000, ownMs: r.ownMs, own: r.own };
        })
        .sort((a, b) => b.ownMs - a.ownMs);
    },
    /** This extension's share (%) of the wall time the profile covers. */
    ownPercent(): number {
      const r = between(profile.startTime, profile.endTime + 1);
      return (r.ownMs / ((profile.endTime - profile.startTime) / 1000)) * 100;
    },
  };
}
