/**
 * When the first results of a session reached the user (status bar, diagnostics), relative to
 * activation, and — only when a benchmark asks for it — how long the extension host's event loop
 * was blocked meanwhile. Read through the test API (`DjangoMediaApi.timeline`) by
 * bench/workbench.bench.ts; recording a mark costs one clock read, so it is always on.
 */
export interface Timeline {
  /** performance.now() when activate() started. */
  readonly activatedAt: number;
  /** First time of each milestone (performance.now()). */
  readonly marks: Readonly<Record<string, number>>;
  /** The extension host's CPU time (user + system, ms) since activation at each milestone; Node hosts only. */
  readonly cpuMarks: Readonly<Record<string, number>>;
  /** The largest event-loop delay seen since the monitor started, in ms; undefined when not measured. */
  loopDelayMaxMs(): number | undefined;
  /** Stops the event-loop monitor (it runs a timer) and says what it saw. */
  stopLoopMonitor(): number | undefined;
}

interface DelayHistogram {
  enable(): void;
  disable(): void;
  readonly max: number;
}

const marks: Record<string, number> = {};
const cpuMarks: Record<string, number> = {};
let activatedAt = 0;
let cpuAtActivation: number | undefined;

interface HostProcess {
  env?: Record<string, string | undefined>;
  cpuUsage?: () => { user: number; system: number };
  getBuiltinModule?: (id: string) => unknown;
}
const hostProcess = (globalThis as { process?: HostProcess }).process;

function cpuMs(): number | undefined {
  const u = hostProcess?.cpuUsage?.();
  return u ? (u.user + u.system) / 1000 : undefined;
}
let histogram: DelayHistogram | undefined;

/**
 * Milestones: `projectsFound` (first discovery done), `settingsRead` (first settings-only model),
 * `modelReady` (first full model), `statusBar` (first model shown), `firstHover` (the first hover
 * this extension answered with something), `firstDiagnostics`,
 * `allDiagnostics` (first full run done).
 */
export type Milestone = 'projectsFound' | 'settingsRead' | 'modelReady' | 'statusBar' | 'firstHover' | 'firstDiagnostics' | 'allDiagnostics';

/** Records the first time of a milestone. */
export function mark(name: Milestone): void {
  if (marks[name] !== undefined) return;
  marks[name] = performance.now();
  const cpu = cpuMs();
  if (cpu !== undefined && cpuAtActivation !== undefined) cpuMarks[name] = cpu - cpuAtActivation;
}

/**
 * Starts the timeline. The event-loop monitor (Node's perf_hooks, not in the web host) runs only
 * when DJANGO_MEDIA_MEASURE_LOOP is set in the extension host's environment: it wakes the loop
 * every 10 ms, which a user's idle editor must not pay for.
 */
export function startTimeline(): Timeline {
  activatedAt = performance.now();
  cpuAtActivation = cpuMs();
  const proc = hostProcess;
  if (proc?.env?.['DJANGO_MEDIA_MEASURE_LOOP'] && proc.getBuiltinModule) {
    const perf = proc.getBuiltinModule('node:perf_hooks') as { monitorEventLoopDelay(o: { resolution: number }): DelayHistogram } | undefined;
    histogram = perf?.monitorEventLoopDelay({ resolution: 10 });
    histogram?.enable();
  }
  return {
    activatedAt,
    marks,
    cpuMarks,
    loopDelayMaxMs: () => (histogram ? histogram.max / 1e6 : undefined),
    stopLoopMonitor: () => {
      histogram?.disable();
      return histogram ? histogram.max / 1e6 : undefined;
    },
  };
}
