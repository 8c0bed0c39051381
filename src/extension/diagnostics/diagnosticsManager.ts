import * as vscode from 'vscode';
import { diagnosticDocTargets, loadDiagnosticDocs, type DiagnosticDocs } from './diagnosticDocs';
import { compareFindings, RULE_INFO, resolveDjangoVersion, settleDjangoChecks, type Finding, type ResolvedVersion, type SeverityOverride } from '../../core/checks';
import type { ProjectModel } from '../../core/model';
import type { ProjectEntry, ProjectModels } from '../projectModels';
import { confineToWorkspaceFolder, relativeToFolder } from '../projectModels';
import { coveredByFileEvents } from '../watcherExclusions';
import { SnapshotFileSystem, type AccessList } from '../../core/snapshotFileSystem';
import { YieldingFileSystem } from '../../core/yieldingFileSystem';
import { CachingFileSystem, OverlayFileSystem, type BufferState, type OpenBuffer, type ServedContent } from '../../core/diagnostics/checkFileSystems';
import { ProjectCaches, runEditorChecks, type RunScope } from '../../core/diagnostics/checkRunner';
import { DIAGNOSTIC_SOURCE, sameDiagnostic, toDiagnostic } from './convert';
import { diagnosticsConfigChange, readDiagnosticsConfig, type DiagnosticsConfig } from './diagnosticsConfig';
import { effectiveSeverity, FindingStore } from '../../core/diagnostics/findingStore';
import { mark } from '../timeline';
import {
  emptyRequest,
  fullRequest,
  isInside,
  mergeRequests,
  perFileCodes,
  planChange,
  projectWideCodes,
  RULE_INPUTS,
  type ChangeKind,
  type ProjectFacts,
  type RefreshRequest,
} from '../../core/diagnostics/ruleInputs';

/** One check run, as the log and the test API report it. */
export interface RunReport {
  /** Project name (folder of manage.py). */
  project: string;
  projectKey: string;
  /** full: every check; project: some checks over the whole project; files: per-file checks on changed files. */
  kind: 'full' | 'project' | 'files' | 'cleared';
  /** Checks run. */
  codes: number;
  /** Findings the project has after the run. */
  findings: number;
  /** Wall time of the run (model wait included). */
  ms: number;
  /** Of which waiting for the project's analysis. */
  modelMs?: number;
  /** For a run caused by saving a file the model was built from: time from the save to the published diagnostics. */
  afterSaveMs?: number;
  reasons: string[];
}

/** A published diagnostic and where it came from (for code actions). */
export interface PublishedFinding {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
  entry: ProjectEntry;
  /** What the run read for each file: fixes apply only while that text is current. */
  served: ReadonlyMap<string, ServedContent>;
}

interface ProjectState {
  entry: ProjectEntry;
  readonly caches: ProjectCaches;
  pending?: RefreshRequest;
  reasons: Set<string>;
  timer?: ReturnType<typeof setTimeout>;
  firstPendingAt: number;
  running?: { token: { aborted: boolean }; request: RefreshRequest };
  /** The model the stored findings were computed from. */
  model?: ProjectModel;
  version?: ResolvedVersion;
  /** Codes whose stored findings are not current: they were ignored when their inputs changed. */
  notRun: Set<string>;
  hasRun: boolean;
  /** The last config problems logged, so that each is logged once. */
  loggedProblems: string;
  /** The latest save of a file the model was built from, not yet followed by a full run. */
  saved?: { path: string; at: number };
  /** What the last run read outside the cached folder (git root, folders above): asked at once next time. */
  outside: AccessList;
  /** Python modules changed in place since the last run: only their parses are dropped. */
  changedPython: Set<string>;
  /**
   * Python modules whose buffer a run was scheduled for when their save started, with the buffer's
   * version: when that version is what gets saved, the save itself needs no second run.
   */
  savingPython: Map<string, number>;
  /** A module was created or deleted (or a folder changed): every parse is dropped. */
  forgetAllPython: boolean;
}

/** Typing in a template: wait for a pause. */
const TYPING_DELAY_MS = 300;
/** A file saved or changed on disk (a checkout changes many at once). */
const FILE_DELAY_MS = 150;
/** A module longer than this is not parsed ahead of its save. */
const MAX_AHEAD_CHARS = 1_000_000;
/** How long after a save the watcher's event for the same file is taken as its echo. */
const SAVE_ECHO_MS = 2000;
/** A stream of events must not postpone the refresh forever. */
const MAX_DELAY_MS = 1500;
const MAX_REPORTS = 100;
const EXTENSION_ID = 'django-media.django-media';
const ALL_CODES = RULE_INFO.map((r) => r.code);

/**
 * Keeps the Problems panel in step with each project: runs every check when a project's model is
 * (re)analysed, and on file changes only the checks that read the changed file — per-file checks on
 * just that file while a template is being edited. Runs go one at a time across all projects.
 * Nothing runs while nothing changes.
 */
export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly store = new FindingStore();
  private readonly states = new Map<string, ProjectState>();
  private readonly queue: ProjectState[] = [];
  private pumping = false;
  private disposed = false;
  private readonly served = new WeakMap<Finding, ReadonlyMap<string, ServedContent>>();
  private readonly published = new Map<string, PublishedFinding[]>();
  /** Uri of each file that has diagnostics, to clear them. */
  private readonly publishedUris = new Map<string, vscode.Uri>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  /** Per workspace folder: what the file system answered, until the folder's watcher says otherwise. */
  private readonly fsCaches = new Map<string, CachingFileSystem>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly reportEmitter = new vscode.EventEmitter<RunReport>();
  private readonly idleEmitter = new vscode.EventEmitter<void>();
  private reconciling: Promise<void> = Promise.resolve();
  private reconcilesPending = 0;
  private docTargets: Promise<Map<string, vscode.Uri>>;
  /** docs/diagnostics.md as shipped, read once: where each code's link leads. */
  readonly docs: Promise<DiagnosticDocs | undefined>;
  private readonly reportList: RunReport[] = [];
  /** Uris saved in the editor, with when: the watcher's echo of a save is not a second change. */
  private readonly savedAt = new Map<string, number>();
  /** Uris whose save started, with when (a buffer clean after a change was saved, not reverted). */
  private readonly lastSaveStart = new Map<string, number>();
  /** Changed buffers (not templates) waiting to be looked at for a revert (whenSettled), by Uri. */
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();

  /** Fires after each run. */
  readonly onDidRun = this.reportEmitter.event;

  constructor(
    private readonly models: ProjectModels,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.docs = loadDiagnosticDocs(vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri);
    this.docTargets = this.docs.then(diagnosticDocTargets);
    this.subscriptions.push(
      this.collection,
      this.reportEmitter,
      this.idleEmitter,
      models.onDidChange((change) => {
        if (change.entry) {
          // A save of a module the analysis read (a view, a model) re-analyses the project; when
          // nothing the checks read changed, the save's own run on that module is all there is to do.
          const s = this.states.get(change.entry.key);
          const now = this.models.peek(change.entry);
          if (s?.model && now && sameAnalysis(s.model, now)) return;
          this.requestFull(change.entry, 'settings analysed again');
        } else {
          // The set of projects changed, or the user asked for a refresh: start from the disk.
          for (const c of this.fsCaches.values()) c.clear();
          this.reconcile();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onWillSaveTextDocument((e) => this.onDocumentWillSave(e.document)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onDocumentSaved(doc)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.parseAhead(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.lastSaveStart.delete(doc.uri.toString());
        for (const [s, path] of this.pathsOf(doc.uri)) s.caches.forgetAhead(path);
        // Closing a buffer that still had unsaved edits: the checks must see the file again.
        if (doc.isDirty) this.onFileEvent(doc.uri, 'changed', FILE_DELAY_MS);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
    );
    this.reconcile();
  }

  /** Reports of the latest runs, oldest first. */
  get reports(): readonly RunReport[] {
    return this.reportList;
  }

  /** The diagnostics published for a document, with their findings. */
  publishedFor(uri: vscode.Uri): readonly PublishedFinding[] {
    return this.published.get(uri.toString()) ?? [];
  }

  /** The published finding behind a diagnostic VS Code hands back (it may be a copy). */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): PublishedFinding | undefined {
    return this.publishedFor(uri).find((p) => sameDiagnostic(p.diagnostic, diagnostic));
  }

  /** The project entry of a key, if the project is still there. */
  entryOf(key: string): ProjectEntry | undefined {
    return this.states.get(key)?.entry;
  }

  /** Re-runs the checks that look for folders, after a quick fix created `folders`. */
  foldersCreated(projectKey: string, folders: readonly string[], reason: string): void {
    const s = this.states.get(projectKey);
    if (!s) return;
    // Sooner than the watcher's events, which would say the same.
    for (const f of folders) for (const c of this.fsCaches.values()) c.invalidate(f, 'created');
    const r = emptyRequest();
    r.inputs.add('folders').add('media');
    this.schedule(s, r, 0, reason);
  }

  /** Resolves once every project has been checked and nothing is scheduled or running. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.isIdle()) return;
        sub.dispose();
        resolve();
      };
      const sub = this.idleEmitter.event(check);
      check();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.settling.values()) clearTimeout(t);
    this.settling.clear();
    for (const s of this.states.values()) {
      if (s.timer !== undefined) clearTimeout(s.timer);
      if (s.running) s.running.token.aborted = true;
    }
    this.states.clear();
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    for (const d of this.subscriptions) d.dispose();
  }

  // --- projects --------------------------------------------------------------------------------

  private isIdle(): boolean {
    if (this.reconcilesPending > 0 || this.settling.size > 0 || this.pumping || this.queue.length > 0) return false;
    for (const s of this.states.values()) if (!s.hasRun || s.pending || s.timer !== undefined || s.running) return false;
    return true;
  }

  private reconcile(): void {
    this.reconcilesPending++;
    this.reconciling = this.reconciling
      .then(async () => {
        if (this.disposed) return;
        const entries = await this.models.projects();
        if (this.disposed) return;
        const keys = new Set(entries.map((e) => e.key));
        for (const [key, s] of [...this.states]) {
          if (keys.has(key)) continue;
          if (s.timer !== undefined) clearTimeout(s.timer);
          if (s.running) s.running.token.aborted = true;
          this.states.delete(key);
          this.publish(this.store.delete(key));
        }
        for (const e of entries) {
          const s = this.states.get(e.key);
          if (s) s.entry = e;
          else this.requestFull(e, 'project found');
        }
        this.ensureWatchers(entries);
      })
      .catch((e) => this.log.error(`diagnostics: listing the projects failed: ${errorText(e)}`))
      .finally(() => {
        this.reconcilesPending--;
        this.idleEmitter.fire();
      });
  }

  private stateOf(entry: ProjectEntry): ProjectState {
    let s = this.states.get(entry.key);
    if (!s) {
      s = {
        entry,
        caches: new ProjectCaches(),
        reasons: new Set(),
        firstPendingAt: 0,
        notRun: new Set(),
        hasRun: false,
        loggedProblems: '',
        outside: [],
        changedPython: new Set(),
        savingPython: new Map(),
        forgetAllPython: false,
      };
      this.states.set(entry.key, s);
    }
    return s;
  }

  private requestFull(entry: ProjectEntry, reason: string): void {
    if (this.disposed) return;
    this.schedule(this.stateOf(entry), fullRequest(), 0, reason);
  }

  // One recursive watcher per workspace folder that holds a project, over every name: VS Code
  // serves workspace-relative patterns from its own workspace watcher.
  private ensureWatchers(entries: readonly ProjectEntry[]): void {
    const folders = new Map(entries.map((e) => [e.folder.uri.toString(), e.folder]));
    for (const [key, w] of [...this.watchers]) {
      if (folders.has(key)) continue;
      w.dispose();
      this.watchers.delete(key);
    }
    for (const [key, folder] of folders) {
      if (this.watchers.has(key)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      this.watchers.set(
        key,
        vscode.Disposable.from(
          watcher,
          watcher.onDidCreate((uri) => this.onFileEvent(uri, 'created', FILE_DELAY_MS)),
          watcher.onDidChange((uri) => this.onFileEvent(uri, 'changed', FILE_DELAY_MS, this.isSaveEcho(uri))),
          watcher.onDidDelete((uri) => this.onFileEvent(uri, 'deleted', FILE_DELAY_MS)),
        ),
      );
    }
  }

  // --- events ----------------------------------------------------------------------------------

  private isSaveEcho(uri: vscode.Uri): boolean {
    const at = this.savedAt.get(uri.toString());
    if (at === undefined) return false;
    this.savedAt.delete(uri.toString());
    return performance.now() - at < SAVE_ECHO_MS;
  }

  private onFileEvent(uri: vscode.Uri, kind: ChangeKind, delay: number, echo = false, handled?: ReadonlySet<ProjectState>): void {
    if (this.disposed) return;
    // Nested workspace folders each have a cache: every one that may hold the path forgets it.
    for (const c of this.fsCaches.values()) c.invalidate(uri.path, kind);
    for (const [s, path] of this.pathsOf(uri)) s.caches.forgetText(path);
    if (echo) return; // the save already scheduled what this change needs
    for (const [s, path] of this.pathsOf(uri)) {
      if (handled?.has(s) || !isInside(path, s.entry.folder.uri.path)) continue;
      const model = s.model ?? this.models.peek(s.entry);
      if (!model) continue; // the first full run is still to come
      const plan = planChange(path, kind, factsOf(model), (p) => this.store.hasFindingsUnder(s.entry.key, p));
      if (!plan) continue;
      // Only a requirements file plans a full run from a file event: the pinned version may have changed.
      if (plan.full) s.version = undefined;
      if (plan.inputs.has('python')) {
        if (kind === 'changed' && !plan.relist) s.changedPython.add(path);
        else s.forgetAllPython = true;
      }
      this.schedule(s, plan, delay, `${relativeToFolder(s.entry, path)} ${kind}`);
    }
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (this.disposed || e.contentChanges.length === 0) return;
    const doc = e.document;
    let other = false;
    for (const { s, path, plan } of this.bufferPlans(doc)) {
      if (plan.files.size > 0) {
        // Per-file checks follow the buffer as it is typed (they read unsaved text).
        this.schedule(s, filesRequest(plan.files), TYPING_DELAY_MS, `${relativeToFolder(s.entry, path)} edited`);
      } else {
        other = true;
      }
      // Other files (Python modules, deployment files) are checked when saved, or when reverted.
    }
    if (other) this.whenSettled(doc);
  }

  /**
   * A change that leaves the buffer clean is an undo back to the saved text or a revert, and what
   * the last run read may be gone. Whether a change did is known only a moment later: VS Code
   * reports a content change before it updates the buffer's dirty state (the first edit of a saved
   * buffer comes as clean, a revert as dirty). So the buffer is looked at once its changes pause for
   * as long as a file change is waited for; a save meanwhile brings its own run.
   */
  private whenSettled(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.settling.get(key));
    const version = doc.version;
    const changedAt = performance.now();
    this.settling.set(
      key,
      setTimeout(() => {
        this.settling.delete(key);
        const saved = this.lastSaveStart.get(key);
        if (!this.disposed && doc.isDirty && doc.version === version) this.parseAhead(doc);
        if (!this.disposed && !doc.isClosed && !doc.isDirty && doc.version === version && !(saved !== undefined && saved >= changedAt)) {
          for (const { s, path, plan } of this.bufferPlans(doc)) {
            if (plan.files.size > 0) continue;
            // The module is read again: its findings then say they were computed from the saved file.
            if (plan.inputs.has('python')) s.changedPython.add(path);
            this.schedule(s, plan, 0, `${relativeToFolder(s.entry, path)} reverted`);
          }
        }
        this.idleEmitter.fire();
      }, FILE_DELAY_MS),
    );
  }

  /**
   * A save is starting: the per-file checks of the buffer (what is being written) run now, rather
   * than after the typing delay or once the write and the save participants are done.
   */
  private onDocumentWillSave(doc: vscode.TextDocument): void {
    if (this.disposed || !doc.isDirty) return;
    this.lastSaveStart.set(doc.uri.toString(), performance.now());
    for (const { s, model, path, plan } of this.bufferPlans(doc)) {
      if (plan.files.size > 0) {
        this.schedule(s, filesRequest(plan.files), 0, `${relativeToFolder(s.entry, path)} saving`);
      } else if (plan.inputs.has('python') && !readFromDiskOnly(model, path)) {
        // A view, form or model: the checks that scan modules read the buffer being written. A module
        // the model was built from is read from disk by every check; it waits for the save.
        s.changedPython.add(path);
        s.savingPython.set(path, doc.version);
        this.schedule(s, plan, 0, `${relativeToFolder(s.entry, path)} saving`);
      }
    }
  }

  /**
   * A view, form or model opened, or edited and paused: its buffer is parsed now, in slices, so that
   * its save's run parses only what changed since (a cold parse of a long module is most of it).
   */
  private parseAhead(doc: vscode.TextDocument): void {
    if (this.disposed || doc.isClosed || doc.languageId !== 'python') return;
    let text: string | undefined;
    for (const { s, model, path, plan } of this.bufferPlans(doc)) {
      if (!plan.inputs.has('python') || readFromDiskOnly(model, path)) continue;
      text ??= doc.getText();
      if (text.length <= MAX_AHEAD_CHARS) void s.caches.parseAhead(path, text);
    }
  }

  /** Each project whose file system holds `uri`, with its path there. */
  private *pathsOf(uri: vscode.Uri): Generator<[ProjectState, string]> {
    for (const s of this.states.values()) {
      const path = s.entry.fs.toPath(uri);
      if (path !== undefined) yield [s, path];
    }
  }

  /** What a change of `doc`'s buffer means for each project that holds it and has a model. */
  private *bufferPlans(doc: vscode.TextDocument): Generator<{ s: ProjectState; model: ProjectModel; path: string; plan: RefreshRequest }> {
    for (const [s, path] of this.pathsOf(doc.uri)) {
      if (!isInside(path, s.entry.project.root)) continue;
      const model = s.model ?? this.models.peek(s.entry);
      if (!model) continue;
      const plan = planChange(path, 'changed', factsOf(model));
      if (plan) yield { s, model, path, plan };
    }
  }

  private onDocumentSaved(doc: vscode.TextDocument): void {
    if (this.disposed) return;
    // Projects whose run for this save already started when it began, on the text now saved.
    const handled = new Set<ProjectState>();
    for (const [s, path] of this.pathsOf(doc.uri)) {
      if (s.model?.filesRead.includes(path)) s.saved = { path, at: performance.now() };
      const saving = s.savingPython.get(path);
      s.savingPython.delete(path);
      if (saving === doc.version) handled.add(s);
    }
    // A save is one deliberate change: checked at once, and the watcher's echo of it is skipped.
    this.savedAt.set(doc.uri.toString(), performance.now());
    this.onFileEvent(doc.uri, 'changed', 0, false, handled);
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('files.watcherExclude')) {
      for (const c of this.fsCaches.values()) c.clear();
      this.fsCaches.clear();
    }
    for (const s of this.states.values()) {
      const change = diagnosticsConfigChange(e, s.entry.rootUri);
      if (change === 'rerun') {
        s.version = undefined;
        this.requestFull(s.entry, 'settings changed');
      } else if (change === 'republish') {
        const { config } = readDiagnosticsConfig(s.entry.rootUri);
        const back = [...s.notRun].filter((c) => config.severity[c] !== 'ignore');
        if (back.length > 0) {
          const r = emptyRequest();
          for (const c of back) r.codes.add(c);
          this.schedule(s, r, 0, 'severity changed');
        }
        this.publish(new Set(this.store.findingsOf(s.entry.key).map((f) => f.range.file)));
      }
    }
  }

  // --- scheduling ------------------------------------------------------------------------------

  private schedule(s: ProjectState, request: RefreshRequest, delay: number, reason: string): void {
    if (this.disposed) return;
    const now = performance.now();
    if (!s.pending) {
      s.pending = emptyRequest();
      s.firstPendingAt = now;
    }
    mergeRequests(s.pending, request);
    s.reasons.add(reason);
    // A full run supersedes whatever run is going on (a full one was for an older model).
    if (request.full && s.running) s.running.token.aborted = true;
    if (s.timer !== undefined) clearTimeout(s.timer);
    const wait = Math.max(0, Math.min(delay, s.firstPendingAt + MAX_DELAY_MS - now));
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (!this.queue.includes(s)) this.queue.push(s);
      void this.pump();
    }, wait);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const s = this.queue.shift()!;
        if (!s.pending || s.timer !== undefined || this.states.get(s.entry.key) !== s) continue;
        const request = s.pending;
        const reasons = [...s.reasons];
        s.pending = undefined;
        s.reasons.clear();
        await this.run(s, request, reasons);
      }
    } finally {
      this.pumping = false;
      this.idleEmitter.fire();
    }
  }

  // --- running ---------------------------------------------------------------------------------

  private async run(s: ProjectState, request: RefreshRequest, reasons: string[]): Promise<void> {
    const started = performance.now();
    const token = { aborted: false };
    s.running = { token, request };
    const name = s.entry.project.name;
    try {
      const { config, problems } = readDiagnosticsConfig(s.entry.rootUri);
      const problemText = problems.join('\n');
      if (problemText !== s.loggedProblems) {
        for (const p of problems) this.log.warn(`[${name}] ${p}`);
        s.loggedProblems = problemText;
      }
      if (!config.enabled) {
        // Turned off: nothing is shown, and the project is not even analysed for it.
        s.hasRun = true;
        s.model = undefined;
        this.publish(this.store.delete(s.entry.key));
        this.report(s, { kind: 'cleared', codes: 0, ms: performance.now() - started, reasons });
        return;
      }
      const model = await this.models.model(s.entry);
      const modelMs = performance.now() - started;
      if (this.disposed || token.aborted) return this.requeue(s, request, reasons, token);
      if (!model) {
        s.model = undefined;
        s.hasRun = true;
        const n = this.store.findingsOf(s.entry.key).length;
        this.publish(this.store.delete(s.entry.key));
        if (n > 0) this.log.info(`[${name}] diagnostics cleared: the analysis failed`);
        this.report(s, { kind: 'cleared', codes: 0, ms: performance.now() - started, reasons });
        return;
      }
      if (model !== s.model && !(s.model && sameAnalysis(s.model, model))) request = mergeRequests(request, fullRequest());
      await this.runChecks(s, model, config, request, reasons, token, started, modelMs);
    } catch (e) {
      this.log.error(`[${name}] diagnostics failed: ${errorText(e)}`);
      s.hasRun = true;
    } finally {
      s.running = undefined;
    }
  }

  private requeue(s: ProjectState, request: RefreshRequest, reasons: string[], token: { aborted: boolean }): void {
    if (this.disposed || this.states.get(s.entry.key) !== s) return;
    // Aborted (a full run was asked for meanwhile): its caches may hold a cut-short walk.
    if (token.aborted) s.caches.clear();
    this.schedule(s, request, 0, reasons[0] ?? 'again');
    for (const r of reasons.slice(1)) s.reasons.add(r);
  }

  private async runChecks(
    s: ProjectState,
    model: ProjectModel,
    config: DiagnosticsConfig,
    request: RefreshRequest,
    reasons: string[],
    token: { aborted: boolean },
    started: number,
    modelMs: number,
  ): Promise<void> {
    const entry = s.entry;
    if (request.full) {
      s.caches.clear();
    } else {
      if (request.relist) s.caches.forgetLists();
      if (request.inputs.has('python')) {
        // A module saved in place: only its own parse is stale (the others' text did not change).
        if (s.forgetAllPython) s.caches.forgetPython();
        else for (const p of s.changedPython) s.caches.forgetPythonFile(p);
      }
    }
    if (request.full || request.inputs.has('python')) {
      s.changedPython.clear();
      s.forgetAllPython = false;
    }
    s.version ??= await resolveDjangoVersion(this.cachingFs(entry), entry.project.root, config.djangoVersion);
    const ignored = new Set(ALL_CODES.filter((c) => config.severity[c] === 'ignore'));
    const wantWide = projectWideCodes(request, ALL_CODES);
    const wantPerFile = perFileCodes(request, ALL_CODES);
    const wide = new Set([...wantWide].filter((c) => !ignored.has(c)));
    const perFile = new Set([...wantPerFile].filter((c) => !ignored.has(c)));
    // Reads outside the workspace folder cannot be remembered (no file events there), but they are
    // the same from run to run: ask them all at once instead of one round trip after another.
    const cached = this.cachingFs(entry);
    const snapshot = new SnapshotFileSystem(cached);
    snapshot.prefetch(s.outside);
    // The checks read what the analysis may read: the workspace folder (a template linked to
    // /proc/self/pagemap or to a file outside is not read) and git's ignore files above it.
    const confined = confineToWorkspaceFolder(entry, snapshot);
    const buffers = bufferLookup(entry);
    const overlay = new OverlayFileSystem(confined, buffers, (p) => readFromDiskOnly(model, p));
    // Only "ignore" goes to the core: findings keep the rule's own level, and the user's level
    // applies when publishing (a severity change then needs no run).
    const severity: Record<string, SeverityOverride> = {};
    for (const c of ignored) severity[c] = 'ignore';
    const version = s.version;
    // Cached answers do not yield: the fs gives the extension host a turn every few ms of checks.
    const fs = new YieldingFileSystem(overlay);
    // A file's text is kept for the next runs while the file events cover it (they forget it) and
    // it has no unsaved buffer (read from the buffer then).
    const keepsText = (p: string) => cached.covers(p) && buffers(p) === undefined;
    const run = (scope: RunScope) => runEditorChecks({ fs, model, version, scope, caches: s.caches, severity, token, keepsText });
    // A full run publishes in two steps: at once the checks of the settings and folders, then those
    // that scan the project's modules, templates and deployment files (seconds on a large project).
    let early: Finding[] = [];
    let rest = wide;
    if (request.full) {
      const quick = new Set([...wide].filter((c) => !scansProject(c)));
      const first = await run({ wide: quick, perFile: new Set(), files: new Set() });
      if (first.aborted || token.aborted || this.disposed) return this.requeue(s, request, reasons, token);
      early = first.wide;
      for (const f of early) this.served.set(f, overlay.served);
      await this.docTargetsLoaded();
      this.publish(this.store.replace(entry.key, early, { codes: quick }));
      rest = new Set([...wide].filter((c) => !quick.has(c)));
    }
    const result = await run({ wide: rest, perFile, files: request.files });
    if (result.aborted || token.aborted || this.disposed) return this.requeue(s, request, reasons, token);
    s.outside = snapshot.accesses.filter(([p]) => !cached.covers(p));

    for (const f of [...result.wide, ...result.perFile]) this.served.set(f, overlay.served);
    const changed = request.full
      ? this.store.set(entry.key, settleDjangoChecks([...early, ...result.wide]).sort(compareFindings))
      : union(this.store.replace(entry.key, result.wide, { codes: wide }), this.store.replace(entry.key, result.perFile, { codes: perFile, files: request.files }));
    // A file read again with the same findings (saved, or reverted to the saved text): they are
    // published again, since a quick fix is offered only while the text it was computed from is current.
    for (const [file, content] of overlay.served) {
      const uri = this.publishedUris.get(file);
      if (uri && this.published.get(uri.toString())?.some((p) => p.served.get(file) !== content)) changed.add(file);
    }
    if (request.full) s.notRun = new Set(ignored);
    else {
      for (const c of wide) s.notRun.delete(c);
      for (const c of [...wantWide, ...wantPerFile]) if (ignored.has(c)) s.notRun.add(c);
    }
    s.model = model;
    s.hasRun = true;
    await this.docTargetsLoaded();
    this.publish(changed);

    const ms = performance.now() - started;
    const save = request.full ? s.saved : undefined;
    if (save) s.saved = undefined;
    const afterSaveMs = save ? performance.now() - save.at : undefined;
    const kind = request.full ? 'full' : wide.size > 0 ? 'project' : 'files';
    const count = this.store.findingsOf(entry.key).length;
    const text =
      `[${entry.project.name}] diagnostics: ${count} problem${count === 1 ? '' : 's'}; ` +
      `${kind === 'full' ? 'all checks' : `${wide.size + perFile.size} check${wide.size + perFile.size === 1 ? '' : 's'}${kind === 'files' ? ` on ${request.files.size} file${request.files.size === 1 ? '' : 's'}` : ''}`} ` +
      `in ${ms.toFixed(0)} ms${modelMs >= 1 ? ` (${modelMs.toFixed(0)} ms waiting for the analysis)` : ''} — ${reasons.join(', ')}` +
      (afterSaveMs !== undefined ? `; ${afterSaveMs.toFixed(0)} ms after saving ${relativeToFolder(entry, save!.path)}` : '');
    if (kind === 'files') this.log.debug(text);
    else this.log.info(text);
    this.report(s, { kind, codes: wide.size + perFile.size, ms, modelMs, afterSaveMs, reasons });
  }

  /** The cached file system of the entry's workspace folder. */
  private cachingFs(entry: ProjectEntry): CachingFileSystem {
    const key = entry.folder.uri.toString();
    let c = this.fsCaches.get(key);
    if (!c) {
      // Only what the folder's watcher reports on can be remembered.
      c = new CachingFileSystem(entry.fs, coveredByFileEvents(entry.folder));
      this.fsCaches.set(key, c);
    }
    return c;
  }

  private report(s: ProjectState, r: Omit<RunReport, 'project' | 'projectKey' | 'findings'>): void {
    const full: RunReport = { project: s.entry.project.name, projectKey: s.entry.key, findings: this.store.findingsOf(s.entry.key).length, ...r };
    if (full.kind === 'full') mark('allDiagnostics');
    this.reportList.push(full);
    if (this.reportList.length > MAX_REPORTS) this.reportList.shift();
    this.reportEmitter.fire(full);
  }

  // --- publishing ------------------------------------------------------------------------------

  private targets: Map<string, vscode.Uri> | undefined;

  private async docTargetsLoaded(): Promise<void> {
    this.targets ??= await this.docTargets;
  }

  /** Sets the Problems panel entries of these files from every project's findings. */
  private publish(files: Iterable<string>): void {
    const configs = new Map<string, Record<string, SeverityOverride>>();
    const severityOf = (entry: ProjectEntry) => {
      let c = configs.get(entry.key);
      if (!c) {
        c = readDiagnosticsConfig(entry.rootUri).config.severity;
        configs.set(entry.key, c);
      }
      return c;
    };
    for (const file of files) {
      const items: PublishedFinding[] = [];
      let uri = this.publishedUris.get(file);
      for (const { project, finding } of this.store.findingsIn(file)) {
        const entry = this.states.get(project)?.entry;
        if (!entry) continue;
        const level = effectiveSeverity(finding, severityOf(entry));
        if (!level) continue;
        uri ??= entry.fs.toUri(file);
        const diagnostic = toDiagnostic(entry, finding, level, this.targets?.get(finding.code));
        items.push({ diagnostic, finding, entry, served: this.served.get(finding) ?? new Map() });
      }
      if (!uri) continue;
      if (items.length > 0) {
        mark('firstDiagnostics');
        this.collection.set(uri, items.map((i) => i.diagnostic));
        this.published.set(uri.toString(), items);
        this.publishedUris.set(file, uri);
      } else {
        this.collection.delete(uri);
        this.published.delete(uri.toString());
        this.publishedUris.delete(file);
      }
    }
  }
}

const facts = new WeakMap<ProjectModel, ProjectFacts>();

/** What the change planner needs to know of a project, computed once per model (asked on every keystroke). */
function factsOf(model: ProjectModel): ProjectFacts {
  let f = facts.get(model);
  if (!f) {
    const st = model.settings;
    const mediaRoot = st.MEDIA_ROOT.known && st.MEDIA_ROOT.value.startsWith('/') ? st.MEDIA_ROOT.value : undefined;
    const folders: string[] = mediaRoot ? [mediaRoot] : [];
    if (st.STATICFILES_DIRS.known) {
      for (const d of st.STATICFILES_DIRS.value) {
        const p = typeof d === 'string' ? d : d[1];
        if (typeof p === 'string' && p.startsWith('/')) folders.push(p);
      }
    }
    f = { root: model.project.root, filesRead: new Set(model.filesRead), mediaRoot, folders };
    facts.set(model, f);
  }
  return f;
}

/**
 * Whether the checks must read `path` from disk, never from its unsaved buffer: the files the model
 * was built from (its ranges point into the saved text). A module the URLconf analysis only judged
 * by its words (ProjectModel.deferralOnly) holds no range of the model.
 */
function readFromDiskOnly(model: ProjectModel, path: string): boolean {
  return factsOf(model).filesRead.has(path) && !model.deferralOnly?.has(path);
}

/** Two analyses that give the same findings (see ProjectModel.fingerprint). */
function sameAnalysis(a: ProjectModel, b: ProjectModel): boolean {
  return a.fingerprint !== undefined && a.fingerprint === b.fingerprint;
}

/**
 * The open documents of a project's file system, as the checks may read them: asked for every read
 * and stat of a run, so only documents with unsaved changes are looked at, and each one's text and
 * version are taken together once per run, when it is first asked for.
 */
function bufferLookup(entry: ProjectEntry): (path: string) => OpenBuffer | undefined {
  const docs = new Map<string, vscode.TextDocument>();
  for (const d of vscode.workspace.textDocuments) {
    const p = entry.fs.toPath(d.uri);
    if (p !== undefined && !d.isClosed) docs.set(p, d);
  }
  const taken = new Map<string, OpenBuffer | undefined>();
  return (path) => {
    if (taken.has(path)) return taken.get(path);
    const d = docs.get(path);
    const buffer = d?.isDirty ? { text: d.getText(), version: d.version, isDirty: true } : undefined;
    // A clean buffer is the file on disk: not remembered, so that one edited meanwhile is seen.
    if (buffer) taken.set(path, buffer);
    return buffer;
  };
}

/** The version and dirty state of a Uri's open buffer, if any. */
export function bufferState(uri: vscode.Uri): BufferState | undefined {
  const key = uri.toString();
  const d = vscode.workspace.textDocuments.find((x) => x.uri.toString() === key && !x.isClosed);
  return d ? { version: d.version, isDirty: d.isDirty } : undefined;
}

/** A check that reads the project's files (modules, templates, deployment files), not only the model and folders. */
function scansProject(code: string): boolean {
  return (RULE_INPUTS[code] ?? []).some((i) => i === 'python' || i === 'templates' || i === 'references' || i === 'deploy');
}

function union<T>(a: Set<T>, b: Set<T>): Set<T> {
  for (const x of b) a.add(x);
  return a;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A request for the per-file checks of `files`. */
function filesRequest(files: Iterable<string>): RefreshRequest {
  const r = emptyRequest();
  for (const f of files) r.files.add(f);
  return r;
}
