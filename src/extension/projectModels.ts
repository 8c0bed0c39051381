import * as vscode from 'vscode';
import { basename, dirname } from 'pathe';
import { deepestKnownProject, findDjangoProjects, projectsAmong, PROJECT_SEARCH_DEPTH } from '../core/project/findProjects';
import { SKIPPED_FOLDERS } from '../core/project/walkProjectFiles';
import type { AnalysisCache } from '../core/project/analyzeProject';
import type { DjangoProject, ProjectModel } from '../core/model';
import { WorkspaceFileSystem } from './workspaceFileSystem';
import { affectsAnalysis, affectsEnvFiles, readAnalysisConfig } from './config';
import type { UserSettingsModuleOrigin } from '../core/editor/describeModel';
import { SnapshotFileSystem } from '../core/snapshotFileSystem';
import { RecentChanges } from '../core/project/recentChanges';
import { CachingFileSystem } from '../core/diagnostics/checkFileSystems';
import { coveredByFileEvents } from './watcherExclusions';
import { ConfinedFileSystem } from '../core/confinedFileSystem';
import { YieldingFileSystem } from '../core/yieldingFileSystem';
import { EDITOR_PARSE_SLICES } from '../core/python/parse/slices';
import { mark } from './timeline';
import type { FileSystem } from '../core/fileSystem';
import type { AccessList } from '../core/snapshotFileSystem';
import type * as AnalysisPartModule from './analysisPart';

/** What the analysis part (src/extension/analysisPart.ts) provides. */
export type AnalysisPart = typeof AnalysisPartModule;

/** One Django project of the workspace (a folder holding manage.py) and where it lives. */
export interface ProjectEntry {
  /** Stable identity: the root's Uri as a string. */
  readonly key: string;
  readonly project: DjangoProject;
  /** The workspace folder it was found in (the innermost one when folders are nested). */
  readonly folder: vscode.WorkspaceFolder;
  /** The file system of that folder; it maps the model's paths to Uris. */
  readonly fs: WorkspaceFileSystem;
  readonly rootUri: vscode.Uri;
}

/**
 * What every read of a project may reach: its workspace folder (links resolved), git's ignore files
 * above it, and the extra files named here (the env files the user configured). `fs` is the file
 * system to confine: the folder's own, or a snapshot or cache over it.
 */
export function confineToWorkspaceFolder(entry: ProjectEntry, fs: FileSystem = entry.fs, files: readonly string[] = []): ConfinedFileSystem {
  return new ConfinedFileSystem(fs, { roots: [entry.folder.uri.path], files, gitIgnoreFiles: true });
}

const projectReads = new WeakMap<ProjectEntry, ConfinedFileSystem>();

/**
 * The file system for project-wide reads outside the analysis (find references, the unused-media
 * scan): the workspace folder only, as the analysis reads it, so that a template linked to
 * /proc/self/pagemap or to a file outside the folder is never read.
 */
export function projectReadFileSystem(entry: ProjectEntry): ConfinedFileSystem {
  let fs = projectReads.get(entry);
  if (!fs) {
    fs = confineToWorkspaceFolder(entry);
    projectReads.set(entry, fs);
  }
  return fs;
}

/** What changed: one project's model, or (entry undefined) the set of projects. */
export interface ProjectModelsChange {
  readonly entry: ProjectEntry | undefined;
}

/** A successful analysis, as it finishes (the output channel describes it). */
export interface ProjectAnalysis {
  readonly entry: ProjectEntry;
  readonly model: ProjectModel;
  readonly userOrigin: UserSettingsModuleOrigin | undefined;
}

const DEBOUNCE_MS = 150;
/** A stream of events (a long `git checkout`) must not postpone the re-analysis forever. */
const MAX_DEBOUNCE_MS = 1000;
/** How long after a handled save the watcher's event for the same file is taken as its echo. */
const SAVE_ECHO_MS = 2000;
const CHOICES_KEY = 'djangoMedia.chosenSettingsModules';
/** What each project's last analysis read, kept across sessions to prefetch the first analysis. */
const ACCESSES_KEY = 'djangoMedia.analysisAccesses';
/** Files a model can depend on, plus manage.py for discovery. Filtered by each model's filesRead. */
const WATCHED_NAMES = ['*.py', '.env*', '*.env', 'settings.ini'];

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly fs: WorkspaceFileSystem;
  /** Stats and listings of the folder for the analyses, kept until a file event says otherwise:
   *  a re-analysis asks again for every module the URLconf imports (a thousand on a large project),
   *  each a round trip to the file system otherwise. */
  cache: CachingFileSystem;
  /** Folders created since the last debounce (see onFolderCreated). */
  readonly created: Set<string>;
  projects?: Promise<ProjectEntry[]>;
  token: { aborted: boolean };
  watcher?: vscode.Disposable;
  watcherGlob?: string;
  /** Roots of the projects found by the last discovery. */
  roots: string[];
  /** The first discovery is done (projectBeforeDiscovery no longer answers). */
  discovered?: boolean;
  /** The projects whose settings are read ahead of the first discovery (readRootSettingsAhead). */
  ahead?: Promise<ProjectEntry[]>;
  /** The file events and saves reported lately, while settings read ahead wait to be used. */
  recent?: RecentChanges;
}

interface ProjectState {
  readonly entry: ProjectEntry;
  /** Bumped by every invalidation: an analysis started under an older generation is stale. */
  generation: number;
  pending?: Promise<ProjectModel | undefined>;
  /** The pending analysis's first stage: the settings without the URLconf. */
  early?: Promise<ProjectModel | undefined>;
  latest?: ProjectModel;
  error?: string;
  userOrigin?: UserSettingsModuleOrigin;
  /** filesRead of the latest model plus the configured env files. */
  watched: Set<string>;
  /** Someone asked for this model: keep it fresh. Never-asked projects stay unanalysed. */
  live: boolean;
  /** Analyses of this project running now (a save meanwhile always analyses it again). */
  analysing?: number;
}

/**
 * One live ProjectModel per Django project of the workspace: projects are discovered per workspace
 * folder on first need, models are analysed lazily and cached, and re-analysed (debounced) only when
 * a file they read changes or a setting that matters does. Nothing runs while nothing changes.
 */
export class ProjectModels implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ProjectModelsChange>();
  /** Fires after a model was re-analysed, or after the set of projects changed. */
  readonly onDidChange = this.emitter.event;
  private readonly analysisEmitter = new vscode.EventEmitter<ProjectAnalysis>();
  /** Fires when an analysis succeeds, before its model is handed out and before "analysed in … ms" is logged. */
  readonly onDidAnalyze = this.analysisEmitter.event;
  private readonly discoveryEmitter = new vscode.EventEmitter<void>();
  /** Fires when a workspace folder's first search for projects is done (projectBeforeDiscovery stops answering). */
  readonly onDidDiscover = this.discoveryEmitter.event;

  private readonly folders = new Map<string, FolderState>();
  private readonly states = new Map<string, ProjectState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The parse cache of the analyses, made with the analysis part. */
  private cache: AnalysisCache | undefined;
  /** The settings being read ahead of discovery, by project key (readRootSettingsAhead), with what they were read with. */
  private readonly settingsAhead = new Map<string, Promise<SettingsReadAhead | undefined>>();
  private dirtyProjects = new Set<ProjectState>();
  /** Paths whose save was handled, with when, so the watcher echo of that save is skipped. */
  private readonly savedAt = new Map<string, number>();
  private dirtyFolders = new Set<FolderState>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstDirtyAt = 0;
  private disposed = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
    /** The analysis part (loaded once, after activation). */
    private readonly analysis: () => Promise<AnalysisPart>,
    /** The disk for `file` folders, where the extension host reaches it directly. */
    private readonly disk: Promise<FileSystem | undefined> = Promise.resolve(undefined),
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => this.onFoldersChanged(e)),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onDocumentSaved(doc)),
    );
  }

  /** Every Django project of every workspace folder (discovering them the first time). */
  async projects(): Promise<ProjectEntry[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const lists = await Promise.all(folders.map((f) => this.discover(this.folderState(f))));
    return dedupe(lists.flat());
  }

  /** The project whose root contains `uri`, the deepest one when projects nest; undefined if none. */
  async projectFor(uri: vscode.Uri): Promise<ProjectEntry | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => contains(f.uri, uri));
    const discoveries = folders.map((f) => this.discover(this.folderState(f)));
    const known = await this.projectBeforeDiscovery(uri);
    if (known) return known;
    const lists = await Promise.all(discoveries);
    let best: ProjectEntry | undefined;
    for (const e of lists.flat()) {
      const path = e.fs.toPath(uri);
      if (path === undefined || !isInside(path, e.project.root)) continue;
      if (!best || e.project.root.length > best.project.root.length) best = e;
    }
    return best;
  }

  /**
   * Before the first search of the workspace folder for projects is done (VS Code's file search,
   * which waits on the workbench: up to a second or more on a large folder), the project that
   * projectFor(uri) will give, or with no uri the one projects() will list first, when the projects
   * whose settings are read ahead (at the folder's root and one level below) already tell for
   * certain: the deepest of them holding `uri` with no manage.py in a folder between its root and
   * `uri` (a deeper project would hold it); with no uri, the project at the root of the only
   * workspace folder (its key sorts first). Undefined otherwise, and once the search is done.
   */
  async projectBeforeDiscovery(uri?: vscode.Uri): Promise<ProjectEntry | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const holding = uri ? folders.filter((f) => contains(f.uri, uri)) : folders;
    if (holding.length !== 1) return undefined;
    const f = this.folderState(holding[0]!);
    void this.discover(f);
    if (f.discovered || !f.ahead) return undefined;
    const ahead = await f.ahead;
    if (f.discovered) return undefined;
    const folderPath = folderPathOf(f.folder);
    if (!uri) return ahead.find((e) => e.project.root === folderPath);
    const path = f.fs.toPath(uri);
    if (path === undefined) return undefined;
    const known = await deepestKnownProject(path, ahead, async (p) => (await f.cache.stat(p)) !== undefined);
    return f.discovered ? undefined : known;
  }

  /** Whether there is more than one project: as far as the settings read ahead tell until the first search is done. */
  async severalProjects(): Promise<boolean> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const states = folders.map((f) => this.folderState(f));
    if (states.every((f) => f.discovered) || states.length !== 1 || !states[0]!.ahead) return (await this.projects()).length > 1;
    return (await states[0]!.ahead).length > 1;
  }

  /** The current model of a project, analysing it if needed; undefined when the analysis failed. */
  async model(entry: ProjectEntry): Promise<ProjectModel | undefined> {
    const s = this.stateOf(entry);
    s.live = true;
    // A change while analysing makes the result stale: wait for the newer one (bounded).
    for (let attempt = 0; attempt < 10; attempt++) {
      const generation = s.generation;
      s.pending ??= this.analyze(s);
      const model = await s.pending;
      if (generation === s.generation || this.disposed) return model;
    }
    return s.latest;
  }

  /**
   * The model as far as the settings alone decide it (MEDIA_URL, MEDIA_ROOT, …), for the status
   * bar and the editor: on a large project it is ready long before model(), whose URLconf imports
   * every view, form and model. Its media serving is unknown ("still being analysed") and it lists
   * no other settings modules (the chooser uses model()). The full model when it is current.
   */
  async settingsModel(entry: ProjectEntry): Promise<ProjectModel | undefined> {
    const s = this.stateOf(entry);
    s.live = true;
    if (s.latest && !s.pending) return s.latest;
    s.pending ??= this.analyze(s);
    const pending = s.pending;
    const early = await s.early;
    if (early && pending === s.pending) return early;
    return this.model(entry);
  }

  /** The latest finished model, without starting any work. */
  peek(entry: ProjectEntry): ProjectModel | undefined {
    return this.states.get(entry.key)?.latest;
  }

  /** Why the last analysis failed, if it did. */
  errorOf(entry: ProjectEntry): string | undefined {
    return this.states.get(entry.key)?.error;
  }

  /** Whether the latest model's settings module came from the chooser or the setting. */
  userOriginOf(entry: ProjectEntry): UserSettingsModuleOrigin | undefined {
    return this.states.get(entry.key)?.userOrigin;
  }

  /** The settings module picked with the chooser for this project, remembered in workspaceState. */
  chosenSettingsModule(entry: ProjectEntry): string | undefined {
    const value = this.memento.get<Record<string, string>>(CHOICES_KEY, {})[entry.key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** Remembers (or with undefined forgets) the chooser's pick and re-analyses; resolves to the new model. */
  async setChosenSettingsModule(entry: ProjectEntry, module: string | undefined): Promise<ProjectModel | undefined> {
    const choices = { ...this.memento.get<Record<string, string>>(CHOICES_KEY, {}) };
    if (module) choices[entry.key] = module;
    else delete choices[entry.key];
    await this.memento.update(CHOICES_KEY, choices);
    this.log.info(`[${entry.project.name}] settings module ${module ? `chosen: ${module}` : 'choice cleared: back to automatic'}`);
    const s = this.stateOf(entry);
    this.invalidate(s);
    const model = await this.model(entry);
    this.emitter.fire({ entry });
    return model;
  }

  /** Forgets everything (discovery, parse cache, models) and re-analyses what was in use. */
  async refresh(): Promise<void> {
    this.log.info('Refresh: rediscovering projects and re-analysing');
    this.cache = undefined;
    for (const f of this.folders.values()) {
      f.cache.clear();
      this.resetDiscovery(f);
    }
    const live = [...this.states.values()].filter((s) => s.live).map((s) => s.entry.key);
    for (const s of this.states.values()) this.invalidate(s);
    const entries = await this.projects();
    this.pruneStates(entries);
    this.emitter.fire({ entry: undefined });
    await Promise.all(
      entries.filter((e) => live.includes(e.key)).map(async (e) => {
        await this.model(e);
        this.emitter.fire({ entry: e });
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const f of this.folders.values()) {
      f.token.aborted = true;
      f.watcher?.dispose();
    }
    this.folders.clear();
    this.states.clear();
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
    this.analysisEmitter.dispose();
    this.discoveryEmitter.dispose();
  }

  // --- discovery -------------------------------------------------------------------------------

  private folderState(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let f = this.folders.get(key);
    if (!f) {
      const fs = new WorkspaceFileSystem(folder.uri, folder.uri.scheme === 'file' ? this.disk : undefined);
      f = { folder, fs, cache: analysisCache(folder, fs), created: new Set(), token: { aborted: false }, roots: [] };
      this.folders.set(key, f);
    }
    return f;
  }

  private discover(f: FolderState): Promise<ProjectEntry[]> {
    f.projects ??= this.runDiscovery(f);
    return f.projects;
  }

  private async runDiscovery(f: FolderState): Promise<ProjectEntry[]> {
    const started = performance.now();
    const token = f.token;
    this.ensureWatcher(f);
    let found: DjangoProject[] = [];
    this.readRootSettingsAhead(f, token);
    try {
      found = (await projectsFromFileIndex(f, token)) ?? (await findDjangoProjects(f.fs, f.folder.uri.path, { token }));
    } catch (e) {
      this.log.error(`Looking for manage.py in ${f.folder.name} failed: ${errorText(e)}`);
    }
    const ms = Math.round(performance.now() - started);
    if (token.aborted) return [];
    const entries = found.map((project): ProjectEntry => {
      const rootUri = f.fs.toUri(project.root);
      return { key: rootUri.toString(), project, folder: f.folder, fs: f.fs, rootUri };
    });
    if (entries.length === 0) {
      this.log.info(`No manage.py found in workspace folder "${f.folder.name}" (${ms} ms)`);
    } else {
      const list = entries.map((e) => relativeToFolder(e, e.project.managePy)).join(', ');
      this.log.info(`Found ${entries.length} Django project${entries.length === 1 ? '' : 's'} in "${f.folder.name}" in ${ms} ms: ${list}`);
    }
    f.roots = entries.map((e) => e.project.root);
    const first = !f.discovered;
    f.discovered = true;
    // Settings read ahead for a project the search did not find (a virtualenv's manage.py…) go.
    const keys = new Set(entries.map((e) => e.key));
    const folderKey = f.folder.uri.toString();
    for (const key of this.settingsAhead.keys()) if ((key === folderKey || key.startsWith(`${folderKey}/`)) && !keys.has(key)) this.dropSettingsAhead(key);
    mark('projectsFound');
    // Shows the commands in the palette only where there is something to show.
    const hasProject = [...this.folders.values()].some((x) => x.roots.length > 0);
    void vscode.commands.executeCommand('setContext', 'djangoMedia.hasProject', hasProject);
    if (first) this.discoveryEmitter.fire();
    return entries;
  }

  private resetDiscovery(f: FolderState): void {
    f.token.aborted = true;
    f.token = { aborted: false };
    f.projects = undefined;
  }

  private async rediscover(folders: FolderState[]): Promise<void> {
    for (const f of folders) this.resetDiscovery(f);
    const entries = await this.projects();
    this.pruneStates(entries);
    this.emitter.fire({ entry: undefined });
  }

  private pruneStates(entries: ProjectEntry[]): void {
    const keys = new Set(entries.map((e) => e.key));
    for (const key of [...this.states.keys()]) if (!keys.has(key)) this.states.delete(key);
  }

  private onFoldersChanged(e: vscode.WorkspaceFoldersChangeEvent): void {
    for (const removed of e.removed) {
      const key = removed.uri.toString();
      const f = this.folders.get(key);
      if (!f) continue;
      f.token.aborted = true;
      f.watcher?.dispose();
      this.folders.delete(key);
    }
    void this.rediscover([]);
  }

  // --- watching --------------------------------------------------------------------------------

  private ensureWatcher(f: FolderState): void {
    const glob = `**/{${[...WATCHED_NAMES, ...this.envFileNames(f.folder)].join(',')}}`;
    if (f.watcher && f.watcherGlob === glob) return;
    f.watcher?.dispose();
    // One recursive watcher per folder, over a few name patterns: VS Code serves workspace-relative
    // patterns from its existing workspace watcher, so this costs no extra native watches.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f.folder, glob), false, false, true);
    // Every event keeps the analysis cache current. Deleting a folder is reported as the folder
    // alone, whatever it held: deletions count for every name, a deleted folder for what it held.
    const all = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f.folder, '**/*'));
    const forget = (uri: vscode.Uri, kind: 'created' | 'changed' | 'deleted') => {
      const path = f.fs.toPath(uri);
      if (path === undefined) return;
      f.cache.invalidate(path, kind);
      this.noteChange(f, path);
    };
    f.watcherGlob = glob;
    f.watcher = vscode.Disposable.from(
      watcher,
      all,
      all.onDidCreate((uri) => {
        forget(uri, 'created');
        this.onFolderCreated(f, uri);
      }),
      all.onDidChange((uri) => forget(uri, 'changed')),
      watcher.onDidCreate((uri) => this.onFileEvent(f, uri, 'created')),
      watcher.onDidChange((uri) => this.onFileEvent(f, uri, 'changed')),
      all.onDidDelete((uri) => {
        forget(uri, 'deleted');
        this.onFileEvent(f, uri, 'deleted');
      }),
    );
  }

  /** File names from djangoMedia.envFiles that the base patterns would miss (glob-safe only). */
  private envFileNames(folder: vscode.WorkspaceFolder): string[] {
    const names = new Set<string>();
    for (const s of this.states.values()) {
      if (s.entry.folder.uri.toString() !== folder.uri.toString()) continue;
      for (const file of readAnalysisConfig(s.entry.rootUri).config.envFiles) {
        const name = basename(file);
        if (/^[\w.-]+$/.test(name)) names.add(name);
      }
    }
    const root = readAnalysisConfig(folder.uri).config.envFiles;
    for (const file of root) {
      const name = basename(file);
      if (/^[\w.-]+$/.test(name)) names.add(name);
    }
    return [...names].sort();
  }

  /**
   * A save in the editor is the common way a settings file changes: re-analyse at once instead of
   * waiting for the file watcher and the debounce (together ~250 ms in a remote host), and let the
   * watcher's own event for that save pass.
   */
  private onDocumentSaved(doc: vscode.TextDocument): void {
    if (this.disposed) return;
    // Before the watcher reports it: the re-analysis below must not be served the old stat.
    for (const f of this.folders.values()) {
      const path = f.fs.toPath(doc.uri);
      if (path === undefined) continue;
      f.cache.invalidate(path, 'changed');
      this.noteChange(f, path);
    }
    let hit = false;
    for (const s of this.states.values()) {
      const path = s.live ? s.entry.fs.toPath(doc.uri) : undefined;
      if (path === undefined || !s.watched.has(path)) continue;
      this.savedAt.set(path, performance.now());
      if (s.latest?.deferralOnly?.has(path) && this.cache && !s.analysing) {
        // A view, form or model the URLconf analysis only judged: analysed again only if what it
        // judged of it changed (most saves of such a module change nothing the model depends on).
        void this.unlessUnchanged(s, path, doc.getText());
        continue;
      }
      this.log.debug(`[${s.entry.project.name}] ${relativeToFolder(s.entry, path)} saved`);
      this.dirtyProjects.add(s);
      hit = true;
    }
    if (hit) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.flush();
    }
  }

  /** Analyses `s` again after a save of `path` (with `text`) unless its model cannot have changed. */
  private async unlessUnchanged(s: ProjectState, path: string, text: string): Promise<void> {
    const model = s.latest;
    const cache = this.cache;
    let unchanged = false;
    try {
      const stat = await s.entry.fs.stat(path);
      unchanged = !!model && !!cache && !!stat && (await this.analysis()).unchangedForModel(cache, model, path, text, stat);
    } catch {
      unchanged = false;
    }
    if (this.disposed) return;
    if (unchanged && s.latest === model && !s.analysing) {
      this.log.debug(`[${s.entry.project.name}] ${relativeToFolder(s.entry, path)} saved: the URLconf analysis decides the same, the model stands`);
      return;
    }
    this.log.debug(`[${s.entry.project.name}] ${relativeToFolder(s.entry, path)} saved`);
    this.dirtyProjects.add(s);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.flush();
  }

  /**
   * A folder created with its files at once may be reported alone (the watcher coalesces what
   * happened inside a new folder). Created folders within the search depth are gathered until the
   * debounce ends; then the outermost few are searched for a manage.py, and only when one is there
   * are the folder's projects discovered again. A checkout creating hundreds of folders costs a few
   * bounded searches, not one each.
   */
  private onFolderCreated(f: FolderState, uri: vscode.Uri): void {
    const path = f.fs.toPath(uri);
    if (path === undefined || basename(path) === 'manage.py' || this.disposed) return;
    const depth = path.slice(f.folder.uri.path.replace(/\/+$/, '').length).split('/').filter(Boolean).length;
    if (depth < 1 || depth > PROJECT_SEARCH_DEPTH || f.created.size >= MAX_CREATED_FOLDERS) return;
    f.created.add(path);
    this.schedule();
  }

  private async searchCreatedFolders(f: FolderState, created: readonly string[]): Promise<void> {
    const base = f.folder.uri.path.replace(/\/+$/, '');
    const outermost = created.filter((p) => !created.some((q) => q !== p && isInside(p, q))).slice(0, MAX_SEARCHED_CREATED_FOLDERS);
    for (const path of outermost) {
      if (this.disposed) return;
      if ((await f.fs.stat(path))?.type !== 'directory') continue;
      const depth = path.slice(base.length).split('/').filter(Boolean).length;
      const found = await findDjangoProjects(f.fs, path, { maxDepth: PROJECT_SEARCH_DEPTH - depth, maxFolders: 200 });
      if (found.length === 0 || found.every((p) => f.roots.includes(p.root))) continue;
      this.log.info(`${relativePath(f.folder, path)} created: it holds a manage.py, looking for projects again`);
      this.dirtyFolders.add(f);
      this.schedule();
      return;
    }
  }

  private onFileEvent(f: FolderState, uri: vscode.Uri, kind: 'created' | 'changed' | 'deleted'): void {
    if (this.disposed) return;
    const path = f.fs.toPath(uri);
    if (path === undefined) return;
    const saved = this.savedAt.get(path);
    if (kind === 'changed' && saved !== undefined) {
      this.savedAt.delete(path);
      if (performance.now() - saved < SAVE_ECHO_MS) return; // the watcher's echo of a save already handled
    }
    const rootGone = kind === 'deleted' && f.roots.some((root) => isInside(root, path));
    if ((kind !== 'changed' && basename(path) === 'manage.py') || rootGone) {
      this.log.info(`${relativePath(f.folder, path)} ${kind}: looking for projects again`);
      this.dirtyFolders.add(f);
      this.schedule();
    }
    for (const s of this.states.values()) {
      if (!s.live || s.entry.fs.toPath(uri) === undefined) continue;
      const readIt = s.watched.has(path) || (kind === 'deleted' && [...s.watched].some((w) => isInside(w, path)));
      if (readIt || (kind !== 'changed' && isSettingsModuleFile(path, s.entry.project.root))) {
        this.log.debug(`[${s.entry.project.name}] ${relativeToFolder(s.entry, path)} ${kind}${readIt ? '' : ' (settings module list)'}`);
        this.dirtyProjects.add(s);
        this.schedule();
      }
    }
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('files.watcherExclude')) for (const f of this.folders.values()) f.cache = analysisCache(f.folder, f.fs);
    if (affectsEnvFiles(e)) for (const f of this.folders.values()) if (f.watcher) this.ensureWatcher(f);
    for (const s of this.states.values()) {
      if (!affectsAnalysis(e, s.entry.rootUri)) continue;
      this.log.info(`[${s.entry.project.name}] Django Media settings changed`);
      if (s.live) {
        this.dirtyProjects.add(s);
        this.schedule();
      } else {
        this.invalidate(s);
      }
    }
  }

  private schedule(): void {
    const now = performance.now();
    if (this.timer === undefined) this.firstDirtyAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstDirtyAt + MAX_DEBOUNCE_MS - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.disposed) return;
    const folders = [...this.dirtyFolders];
    const projects = [...this.dirtyProjects];
    this.dirtyFolders.clear();
    this.dirtyProjects.clear();
    for (const f of this.folders.values()) {
      if (f.created.size === 0) continue;
      void this.searchCreatedFolders(f, [...f.created]);
      f.created.clear();
    }
    if (folders.length > 0) void this.rediscover(folders);
    for (const s of projects) {
      this.invalidate(s);
      void this.model(s.entry).then(() => {
        if (!this.disposed) this.emitter.fire({ entry: s.entry });
      });
    }
  }

  // --- analysis --------------------------------------------------------------------------------

  private stateOf(entry: ProjectEntry): ProjectState {
    let s = this.states.get(entry.key);
    if (!s) {
      s = { entry, generation: 0, watched: new Set(), live: false };
      this.states.set(entry.key, s);
    }
    return s;
  }

  private invalidate(s: ProjectState): void {
    s.generation++;
    s.pending = undefined;
    s.early = undefined;
  }

  private async rememberAccesses(entry: ProjectEntry, accesses: AccessList): Promise<void> {
    const all = this.memento.get<Record<string, AccessList>>(ACCESSES_KEY, {});
    if (sameAccesses(all[entry.key] ?? [], accesses)) return;
    // Only projects still in the workspace keep an entry, so the record cannot grow without bound.
    const keys = new Set([...this.states.keys()]);
    const next: Record<string, AccessList> = {};
    for (const [k, v] of Object.entries(all)) if (keys.has(k)) next[k] = v;
    next[entry.key] = accesses;
    await this.memento.update(ACCESSES_KEY, next);
  }

  private analyze(s: ProjectState): Promise<ProjectModel | undefined> {
    let settle!: (m: ProjectModel | undefined) => void;
    s.early = new Promise((r) => (settle = r));
    s.analysing = (s.analysing ?? 0) + 1;
    return this.analyzeInStages(s, settle).finally(() => {
      settle(undefined);
      s.analysing = (s.analysing ?? 1) - 1;
    });
  }

  /** What an analysis of `entry` reads through and is given: one snapshot, the env files, the settings module chosen. */
  private async analysisInputs(entry: ProjectEntry, log: boolean) {
    const name = entry.project.name;
    const { config, problems } = readAnalysisConfig(entry.rootUri);
    if (log) for (const p of problems) this.log.warn(`[${name}] ${p}`);
    // One snapshot per analysis, primed with what the previous analysis of this project read.
    const snapshot = new SnapshotFileSystem(this.folderState(entry.folder).cache);
    snapshot.prefetch(this.memento.get<Record<string, AccessList>>(ACCESSES_KEY, {})[entry.key] ?? []);
    // The analysis part (loaded at activation) also reads the env files.
    const { analyzeProject, AnalysisCache, readEnvFiles } = await this.analysis();
    // The env files the user named are read as named (Restricted Mode has already dropped those
    // outside the project); everything the settings code reaches stays inside the workspace folder.
    const envFiles = await readEnvFiles(snapshot, entry.project.root, config.envFiles);
    // Cached answers do not yield: the fs gives the extension host a turn every few ms of analysis.
    const fs = new YieldingFileSystem(confineToWorkspaceFolder(entry, snapshot, envFiles.paths));
    if (log) for (const p of envFiles.problems) this.log.warn(`[${name}] ${p}`);
    const chosen = this.chosenSettingsModule(entry);
    const settingsModule = chosen ?? config.settingsModule;
    const userOrigin: UserSettingsModuleOrigin | undefined = chosen ? 'chooser' : config.settingsModule ? 'setting' : undefined;
    // Modules are parsed in slices: a long one would otherwise hold the extension host.
    this.cache ??= new AnalysisCache({ parseSlices: EDITOR_PARSE_SLICES });
    // `prefetch`: imports hinted ahead, since each read may be a round trip and a module's imports come one by one.
    const options = { env: { ...envFiles.env, ...config.env }, cache: this.cache, prefetch: true, ...(settingsModule ? { settingsModule } : {}) };
    return { analyzeProject, fs, snapshot, envFiles, config, userOrigin, options };
  }

  /**
   * Reads the settings of the projects at a folder's root or one level below it (where manage.py is
   * in most repositories: ".", "src", "backend", the project's name) while the folder is searched
   * for projects: the search waits on the workbench. Each project's first analysis then takes the
   * settings-only model as its own when nothing it depends on changed meanwhile (analyzeInStages),
   * and otherwise reads them again from the shared parse cache this filled. At most
   * {@link MAX_SETTINGS_AHEAD} projects, found with the search's own rules (projectsAmong).
   */
  private readRootSettingsAhead(f: FolderState, token: { readonly aborted: boolean }): void {
    const root = folderPathOf(f.folder);
    const under = (name: string) => `${root === '/' ? '' : root}/${name}`;
    f.ahead = f.fs
      .readDirectory(root)
      .then(async (entries) => {
        const folders = entries.filter((e) => e.type === 'directory' && !e.symlink && !e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name));
        const candidates = [under('manage.py'), ...folders.slice(0, MAX_FOLDERS_LOOKED_IN).map((e) => under(`${e.name}/manage.py`))];
        const read: ProjectEntry[] = [];
        for (const project of (await projectsAmong(f.fs, root, candidates)).slice(0, MAX_SETTINGS_AHEAD)) {
          if (token.aborted || this.disposed) return [];
          const rootUri = f.fs.toUri(project.root);
          const entry: ProjectEntry = { key: rootUri.toString(), project, folder: f.folder, fs: f.fs, rootUri };
          read.push(entry);
          if (this.settingsAhead.has(entry.key) || this.states.has(entry.key)) continue;
          // Kept until the project's first analysis takes it, or discovery finds no such project.
          this.settingsAhead.set(entry.key, this.readSettingsOf(entry, token).catch(() => undefined));
        }
        return read;
      })
      .catch(() => []);
  }

  /** A settings-only analysis ahead of the project's first, with what it was read with and since when. */
  private async readSettingsOf(entry: ProjectEntry, token: { readonly aborted: boolean }): Promise<SettingsReadAhead | undefined> {
    // Before anything is read: a file event from then on makes the result stale.
    const startedAt = performance.now();
    const inputs = await this.analysisInputs(entry, false);
    if (token.aborted || this.disposed) return undefined;
    return { inputs: inputsKey(inputs), startedAt, model: await inputs.analyzeProject(inputs.fs, entry.project, { ...inputs.options, settingsOnly: true }) };
  }

  /** Remembers a file event or save in `f`, while settings read ahead wait to be used (nothing otherwise). */
  private noteChange(f: FolderState, path: string): void {
    if (this.settingsAhead.size > 0) (f.recent ??= new RecentChanges()).note(path);
  }

  /** Forgets the settings read ahead for a project; with none left, the changes remembered for them. */
  private dropSettingsAhead(key: string): void {
    this.settingsAhead.delete(key);
    if (this.settingsAhead.size > 0) return;
    for (const f of this.folders.values()) f.recent = undefined;
  }

  private async analyzeInStages(s: ProjectState, early: (m: ProjectModel | undefined) => void): Promise<ProjectModel | undefined> {
    const generation = s.generation;
    const { entry } = s;
    const name = entry.project.name;
    const started = performance.now();
    // The settings read ahead (readRootSettingsAhead) are waited for rather than read a second time.
    const ahead = await this.settingsAhead.get(entry.key);
    this.dropSettingsAhead(entry.key);
    const inputs = await this.analysisInputs(entry, true);
    const { analyzeProject, snapshot, envFiles, config, userOrigin, fs, options } = inputs;
    let model: ProjectModel;
    try {
      // The settings first (a few modules), for the status bar and hovers; then the URLconf. Those
      // read ahead with the same inputs are those (a setting or env file changed since: read again).
      const recent = this.folderState(entry.folder).recent;
      const reuse = ahead !== undefined && ahead.inputs === inputsKey(inputs) && !recent?.changedSince(ahead.startedAt, [...ahead.model.filesRead, ...envFiles.paths]);
      early(reuse ? ahead.model : await analyzeProject(fs, entry.project, { ...options, settingsOnly: true }));
      mark('settingsRead');
      model = await analyzeProject(fs, entry.project, options);
      mark('modelReady');
    } catch (e) {
      this.log.error(`[${name}] analysis failed: ${errorText(e)}`);
      if (generation === s.generation) {
        s.error = errorText(e);
        s.latest = undefined;
        s.watched = new Set([entry.project.managePy, ...envFiles.paths]);
      }
      return undefined;
    }
    const ms = Math.round(performance.now() - started);
    if (generation !== s.generation || this.disposed) return model;
    s.latest = model;
    s.error = undefined;
    s.userOrigin = userOrigin;
    s.watched = new Set([...model.filesRead, ...envFiles.paths]);
    void this.rememberAccesses(entry, snapshot.accesses);
    if (config.envFiles.length > 0) this.log.info(`[${name}] env files: ${envFiles.paths.join(', ')}`);
    this.analysisEmitter.fire({ entry, model, userOrigin });
    this.log.info(`[${name}] analysed in ${ms} ms (${model.filesRead.length} files read)`);
    return model;
  }
}

/** A settings-only model read ahead of a project's first analysis, the inputs it was read with (inputsKey), and when. */
interface SettingsReadAhead {
  inputs: string;
  startedAt: number;
  model: ProjectModel;
}

/** What an analysis' result depends on besides the files it reads: the env, the settings module chosen, the env files allowed. */
function inputsKey(inputs: { options: { env: Record<string, string>; settingsModule?: string }; envFiles: { paths: readonly string[] } }): string {
  return JSON.stringify([inputs.options.env, inputs.options.settingsModule ?? null, inputs.envFiles.paths]);
}

/** Projects whose settings are read while their workspace folder is searched, and the folders looked in for them. */
const MAX_SETTINGS_AHEAD = 2;
const MAX_FOLDERS_LOOKED_IN = 64;

/** Created folders remembered between two debounces, and searched for a manage.py after one. */
const MAX_CREATED_FOLDERS = 1000;
const MAX_SEARCHED_CREATED_FOLDERS = 20;

/** The analyses' cache of a folder: stats and listings only (the parse cache holds what was read). */
function analysisCache(folder: vscode.WorkspaceFolder, fs: WorkspaceFileSystem): CachingFileSystem {
  return new CachingFileSystem(fs, coveredByFileEvents(folder), { contents: false });
}

function sameAccesses(a: AccessList, b: AccessList): boolean {
  return a.length === b.length && a.every(([p, k], i) => b[i]![0] === p && b[i]![1] === k);
}

function dedupe(entries: ProjectEntry[]): ProjectEntry[] {
  const byKey = new Map<string, ProjectEntry>();
  for (const e of entries) {
    const seen = byKey.get(e.key);
    // Nested workspace folders find the same manage.py twice: keep the innermost folder's view.
    if (!seen || e.folder.uri.path.length > seen.folder.uri.path.length) byKey.set(e.key, e);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The workspace folder's path without a trailing slash ("/" stays "/"). */
function folderPathOf(folder: vscode.WorkspaceFolder): string {
  return folder.uri.path.length > 1 ? folder.uri.path.replace(/\/+$/, '') : folder.uri.path;
}

function contains(folder: vscode.Uri, uri: vscode.Uri): boolean {
  return folder.scheme === uri.scheme && folder.authority === uri.authority && isInside(uri.path, folder.path);
}

function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith('/') ? root : root + '/');
}

/** A new or deleted module that may appear in the settings module chooser. */
function isSettingsModuleFile(path: string, root: string): boolean {
  if (!path.endsWith('.py') || !isInside(path, root)) return false;
  return basename(path) === 'settings.py' || basename(dirname(path)) === 'settings';
}

/** A path for people: relative to the workspace folder when inside it. */
export function relativeToFolder(entry: ProjectEntry, path: string): string {
  return relativePath(entry.folder, path);
}

function relativePath(folder: vscode.WorkspaceFolder, path: string): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : folder.uri.path + '/';
  return path.startsWith(base) ? path.slice(base.length) : path;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Files named manage.py the editor's file index lists at most; more, and the folder is walked. */
const MAX_INDEXED_MANAGE_PY = 1000;

/**
 * The projects of a workspace folder from the editor's file index (a search outside the extension
 * host, much faster than listing thousands of folders one round trip at a time), filtered by the
 * walk's own rules (projectsAmong); undefined when the index finds none or too many (a virtual
 * file system may have no index): the caller walks the folder then.
 */
async function projectsFromFileIndex(f: FolderState, token: { readonly aborted: boolean }): Promise<DjangoProject[] | undefined> {
  const skipped = [...SKIPPED_FOLDERS].map((n) => `**/${n}/**`).concat('**/.*/**');
  let uris: vscode.Uri[];
  try {
    uris = await vscode.workspace.findFiles(new vscode.RelativePattern(f.folder, '**/manage.py'), `{${skipped.join(',')}}`, MAX_INDEXED_MANAGE_PY);
  } catch {
    return undefined;
  }
  if (token.aborted || uris.length === 0 || uris.length >= MAX_INDEXED_MANAGE_PY) return undefined;
  const paths = uris.flatMap((u) => {
    const p = f.fs.toPath(u);
    return p === undefined ? [] : [p];
  });
  const found = await projectsAmong(f.fs, f.folder.uri.path, paths);
  return found.length > 0 ? found : undefined;
}
