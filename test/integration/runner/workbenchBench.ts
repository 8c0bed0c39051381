// The in-host half of bench/workbench.bench.ts (not a test: no assertions, no mocha). The
// workbench loads it as extensionTestsPath in code-server's Node extension host, on the generated
// large project; it reads the extension's timeline (when the status bar and the diagnostics first
// showed results, the event-loop blocks meanwhile and this extension's part of each), then the idle
// CPU (the host's, and this extension's) and heap, then how long a save of one template and of one
// Python module takes to reach the Problems panel, and
// writes the figures to the JSON file named by DJANGO_MEDIA_BENCH_RESULT.
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { DjangoMediaApi } from '../../../src/extension/api';
import type { DiagnosticsTestApi } from '../../../src/extension/diagnostics';
import { waitFor } from '../waitFor';
import { attribute, recordBlocks, type AttributedBlock, type CpuProfile } from './hostAttribution';

const EXTENSION_ID = 'django-media.django-media';
const IDLE_WINDOW_MS = 5000;
/** How often a save's diagnostic is looked for (ms). */
const POLL_MS = 2;
/** The profiler's sampling interval when no profile is asked for (µs). */
const SAMPLING_US = 4000;

/** What the bench prints; times in ms from activation unless named otherwise. */
export interface WorkbenchFigures {
  statusBarMs?: number;
  /** The extension host's CPU time from activation to the milestone (less dependent on the machine's load). */
  statusBarCpuMs?: number;
  allDiagnosticsCpuMs?: number;
  hoverMs?: number;
  ownHoverMs?: number;
  hoverRequestedMs?: number;
  firstDiagnosticsMs?: number;
  allDiagnosticsMs?: number;
  diagnostics?: number;
  /** The longest event-loop block of the whole host (every extension, VS Code's own loading included). */
  longestBlockMs?: number;
  /** The most CPU time this extension's code took within one event-loop block (its profile samples). */
  ownLongestBlockMs?: number;
  /** The blocks longer than 50 ms, with this extension's part of each (JSON). */
  blocks?: string[];
  /** The whole host's CPU share when idle (every extension). */
  idleCpuPercent?: number;
  /** This extension's share of it (its profile samples). */
  ownIdleCpuPercent?: number;
  heapMb?: number;
  /** The heap after a forced full garbage collection. */
  retainedHeapMb?: number;
  /** The check runs from each save's edit to its diagnostic (JSON of the RunReports). */
  saveRuns?: string[];
  /** Every milestone of the timeline: ms from activation, and the host's CPU ms. */
  marks?: Record<string, [number, number | undefined]>;
  /** From save() to the diagnostic; and from VS Code's willSave event, the first moment an extension can act. */
  templateSaveMs?: number;
  templateSaveOwnMs?: number;
  pythonSaveMs?: number;
  pythonSaveOwnMs?: number;
  error?: string;
}

/**
 * The host's CPU share over a window of `ms`: a measurement over time by nature, so its only wait
 * is the integration tests' own `waitFor`, polled until the window has passed.
 */
async function cpuPercentOver(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await waitFor(`a ${ms} ms measurement window`, [], () => performance.now() - wall >= ms, { pollMs: 250, timeoutMs: ms + 10_000 });
  const used = process.cpuUsage(cpu);
  return ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100;
}

/** The heap after a full garbage collection, forced through V8's flag (the host has no --expose-gc). */
function retainedHeapMb(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * Edits `uri` (appends `text`), saves, and measures to diagnostics of `code` on it: from save(), and
 * from VS Code's willSave event (what passes before it is VS Code's save pipeline, no extension's).
 */
async function saveToDiagnostic(uri: vscode.Uri, text: string, code: string, runs?: () => readonly unknown[], out?: string[]): Promise<{ ms: number; ownMs?: number }> {
  const before = runs?.().length ?? 0;
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, doc.lineAt(doc.lineCount - 1).range.end, text);
  await vscode.workspace.applyEdit(edit);
  const has = () => vscode.languages.getDiagnostics(uri).some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === code);
  if (has()) throw new Error(`${vscode.workspace.asRelativePath(uri)} already has ${code}`);
  const started = performance.now();
  // When VS Code tells extensions the save is starting, and that it is done: the part of the time
  // that passes before any extension can act on the save.
  let willSaveMs: number | undefined;
  let didSaveMs: number | undefined;
  const events = [
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString()) willSaveMs ??= performance.now() - started;
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() === uri.toString()) didSaveMs ??= performance.now() - started;
    }),
  ];
  const saved = doc.save();
  // Polled as well: the extension host tells extensions of a diagnostics change through an event it
  // debounces by 50 ms, while the Problems panel is sent the change when it is made.
  await waitFor(`${code} on ${vscode.workspace.asRelativePath(uri)}`, [vscode.languages.onDidChangeDiagnostics], has, { timeoutMs: 30_000, pollMs: POLL_MS });
  const ms = performance.now() - started;
  await saved;
  for (const e of events) e.dispose();
  out?.push(JSON.stringify({ file: vscode.workspace.asRelativePath(uri), saveToDiagnosticMs: Math.round(ms), willSaveEventMs: willSaveMs === undefined ? null : Math.round(willSaveMs), didSaveEventMs: didSaveMs === undefined ? null : Math.round(didSaveMs) }));
  // The check runs from the edit to the diagnostic, for the bench's printout.
  if (runs && out) out.push(...runs().slice(before).map((r) => JSON.stringify(r)));
  return { ms, ...(willSaveMs === undefined ? {} : { ownMs: ms - willSaveMs }) };
}

/**
 * A CPU profile of the extension host for each stage, kept for attributing its time to this
 * extension; with DJANGO_MEDIA_BENCH_PROFILE=<folder>, also written there (`<stage>.cpuprofile`,
 * for chrome://inspect or any .cpuprofile reader).
 */
async function profiler(): Promise<{ stage(name: string): Promise<CpuProfile | undefined>; stop(): Promise<CpuProfile | undefined> }> {
  const dir = process.env['DJANGO_MEDIA_BENCH_PROFILE'];
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // Attribution needs samples only a few ms apart (the blocks it splits are over 50 ms long); a
  // profile asked for is sampled at V8's usual 1 ms. Sampling costs the host CPU of its own.
  await session.post('Profiler.setSamplingInterval', { interval: dir ? 1000 : SAMPLING_US });
  let current: string | undefined;
  const stop = async (): Promise<CpuProfile | undefined> => {
    if (current === undefined) return undefined;
    const { profile } = await session.post('Profiler.stop');
    if (dir) fs.writeFileSync(`${dir}/${current}.cpuprofile`, JSON.stringify(profile));
    current = undefined;
    return profile as unknown as CpuProfile;
  };
  return {
    async stage(name) {
      const done = await stop();
      current = name;
      await session.post('Profiler.start');
      return done;
    },
    stop,
  };
}

/** What the bench prints of a block. */
function describeBlock(b: AttributedBlock): string {
  return JSON.stringify({ ms: Math.round(b.ms), ownMs: Math.round(b.ownMs), own: b.own.map(([f, ms]) => `${f} ${ms.toFixed(1)} ms`) });
}

/**
 * Asks for the hover on a media URL in the large project's base template, opened by its path (a
 * workspace search would add its own time), as soon as VS Code has opened it. It needs only the
 * settings model. Times from activation.
 */
async function hoverOnTemplate(activatedAt: number): Promise<{ requestedMs: number; answeredMs?: number } | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const base = vscode.Uri.joinPath(folder.uri, 'templates', 'base.html');
  const doc = await vscode.workspace.openTextDocument(base);
  const offset = doc.getText().indexOf('branding/logo.png');
  const requestedMs = performance.now() - activatedAt;
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', base, doc.positionAt(offset + 2));
  return { requestedMs, ...(hovers.length > 0 ? { answeredMs: performance.now() - activatedAt } : {}) };
}

export async function run(): Promise<void> {
  const out = process.env['DJANGO_MEDIA_BENCH_RESULT'];
  if (!out) throw new Error('DJANGO_MEDIA_BENCH_RESULT is not set');
  const figures: WorkbenchFigures = {};
  let stage = 'activation';
  let api: DjangoMediaApi | undefined;
  let diagnostics: DiagnosticsTestApi | undefined;
  const profile = await profiler();
  await profile.stage('startup');
  const blockRecorder = recordBlocks(50);
  try {
    const ext = vscode.extensions.getExtension<DjangoMediaApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
    api = ext.isActive ? ext.exports : await ext.activate();
    const t = api.timeline;
    const since = (m: number | undefined) => (m === undefined ? undefined : m - t.activatedAt);
    diagnostics = await vscode.commands.executeCommand<DiagnosticsTestApi>('djangoMedia.diagnostics.testApi');

    // The hover of someone who hovers a media URL in a template right after opening the folder: asked
    // for as soon as the template is open. Opening it starts VS Code's HTML language features in the
    // same extension host meanwhile, as a template restored with the window does.
    const hoverAsked = hoverOnTemplate(t.activatedAt);
    hoverAsked.catch(() => undefined); // reported where it is awaited, below
    stage = 'status bar';
    await waitFor('the status bar', [api.statusBar.onDidUpdate], () => t.marks['statusBar'] !== undefined, { timeoutMs: 300_000 });
    figures.statusBarMs = since(t.marks['statusBar']);
    figures.statusBarCpuMs = t.cpuMarks['statusBar'];

    stage = 'hover';
    const hover = await hoverAsked;
    if (hover) {
      figures.hoverRequestedMs = hover.requestedMs;
      figures.hoverMs = hover.answeredMs;
      // When this extension's own provider answered (executeHoverProvider waits for every provider,
      // including VS Code's HTML language server, which starts when the template is opened).
      figures.ownHoverMs = since(t.marks['firstHover']);
    }

    stage = 'diagnostics';
    await diagnostics.whenIdle();
    await waitFor('all diagnostics', [diagnostics.onDidRun], () => t.marks['allDiagnostics'] !== undefined, { timeoutMs: 300_000 });
    figures.firstDiagnosticsMs = since(t.marks['firstDiagnostics']);
    figures.allDiagnosticsMs = since(t.marks['allDiagnostics']);
    figures.allDiagnosticsCpuMs = t.cpuMarks['allDiagnostics'];
    figures.diagnostics = vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'django-media').length, 0);
    figures.longestBlockMs = t.stopLoopMonitor();
    const blocks = blockRecorder.stop();
    figures.marks = Object.fromEntries(Object.entries(t.marks).map(([k, v]) => [k, [v - t.activatedAt, t.cpuMarks[k]]]));

    // Idle: no check run pending; the whole extension host's CPU over a few seconds (other built-in
    // extensions included, so an upper bound for ours).
    stage = 'idle';
    await diagnostics.whenIdle();
    const startup = await profile.stage('idle');
    const own = `${ext.extensionUri.toString(true)}/dist/`;
    if (startup) {
      const attributed = attribute(startup, own).blocks(blocks);
      figures.ownLongestBlockMs = attributed.reduce((m, b) => Math.max(m, b.ownMs), 0);
      figures.blocks = attributed.map(describeBlock);
    }
    figures.idleCpuPercent = await cpuPercentOver(IDLE_WINDOW_MS);
    const idle = await profile.stop();
    if (idle) figures.ownIdleCpuPercent = attribute(idle, own).ownPercent();
    figures.heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    // What is retained: the heap after a full collection (garbage not yet collected is not kept).
    figures.retainedHeapMb = retainedHeapMb();

    stage = 'saves';
    // A template without a broken media reference yet (the generated project has a few).
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const template = (await vscode.workspace.findFiles('apps/*/templates/**/*.html', undefined, 50)).find(
      (u) => !vscode.languages.getDiagnostics(u).some((d) => codeOf(d) === 'references.missing-file'),
    );
    const runs = () => diagnostics?.reports ?? [];
    const saveRuns: string[] = [];
    await profile.stage('template-save');
    if (template) {
      const r = await saveToDiagnostic(template, '\n<img src="/media/bench/not-there.png">\n', 'references.missing-file', runs, saveRuns);
      figures.templateSaveMs = r.ms;
      figures.templateSaveOwnMs = r.ownMs;
    }
    const models = (await vscode.workspace.findFiles('apps/*/models.py', undefined, 1))[0];
    await profile.stage('python-save');
    if (models) {
      const r = await saveToDiagnostic(
        models,
        '\n\nclass BenchUpload(models.Model):\n    document = models.FileField(upload_to="/bench/")\n',
        'models.upload-to-absolute',
        runs,
        saveRuns,
      );
      figures.pythonSaveMs = r.ms;
      figures.pythonSaveOwnMs = r.ownMs;
    }
    figures.saveRuns = saveRuns;
    await profile.stop();
  } catch (e) {
    const reports = diagnostics?.reports.map((r) => `${r.kind} ${r.ms.toFixed(0)} ms (${r.reasons.join(', ')})`) ?? [];
    const marks = api ? Object.entries(api.timeline.marks).map(([k, v]) => `${k} ${(v - api!.timeline.activatedAt).toFixed(0)} ms`) : [];
    figures.error = `${stage}: ${e instanceof Error ? e.message : String(e)}; marks: ${marks.join(', ') || 'none'}; runs: ${reports.join('; ') || 'none'}; status bar: ${api?.statusBar.current.text}`;
  }
  fs.writeFileSync(out, JSON.stringify(figures, null, 2));
}
