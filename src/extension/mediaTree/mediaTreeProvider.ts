import * as vscode from 'vscode';
import { mediaKindOf, readImageInfo, type ImageInfo } from '../../core/media';
import {
  formatBytes,
  isFileSystemBackend,
  listMediaFolder,
  parentStorageName,
  statMediaEntries,
  type MediaEntry,
  type MediaExclude,
  type MediaSortOrder,
} from '../../core/mediaIndex';
import type { ProjectEntry, ProjectModels } from '../projectModels';
import { readMediaTreeConfig, type MediaTreeConfig } from './mediaTreeConfig';
import { ProjectMedia, type FolderState } from './projectMedia';

/** What a command acts on: a file or folder under a project's MEDIA_ROOT. */
export interface MediaTarget {
  readonly project: ProjectMedia;
  /** "" for MEDIA_ROOT itself. */
  readonly storageName: string;
  readonly isFolder: boolean;
}

/** A project (shown only when the workspace has several). */
export class ProjectNode {
  readonly kind = 'project';
  constructor(readonly project: ProjectMedia) {}
}

/** A folder under MEDIA_ROOT. */
export class FolderNode implements MediaTarget {
  readonly kind = 'folder';
  readonly isFolder = true;
  constructor(
    readonly project: ProjectMedia,
    public entry: MediaEntry,
  ) {}
  get storageName(): string {
    return this.entry.storageName;
  }
}

/** A file under MEDIA_ROOT. */
export class FileNode implements MediaTarget {
  readonly kind = 'file';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    public entry: MediaEntry,
  ) {}
  get storageName(): string {
    return this.entry.storageName;
  }
}

/** "Show more…" at the end of a folder shown in part. */
export class MoreNode {
  readonly kind = 'more';
  constructor(
    readonly project: ProjectMedia,
    readonly folder: string,
    readonly shown: number,
    readonly total: number,
    readonly note: string | undefined,
  ) {}
}

/** A line of information (remote storage, an unreadable folder, an empty MEDIA_ROOT). */
export class InfoNode {
  readonly kind = 'info';
  constructor(
    readonly id: string,
    readonly label: string,
    readonly options: { description?: string; tooltip?: string; icon?: string; command?: vscode.Command } = {},
  ) {}
}

export type MediaNode = ProjectNode | FolderNode | FileNode | MoreNode | InfoNode;

/** The welcome state, as the `djangoMedia.mediaTree.state` context key (package.json's viewsWelcome reads it). */
export type MediaTreeState = 'loading' | 'noProject' | 'noMedia' | 'media' | 'remote' | 'multi';

/** Why a single project shows no files, as `djangoMedia.mediaTree.reason` (one welcome text each). */
export type MediaTreeReason = 'missing' | 'unknown' | 'failed' | 'memory' | 'notFolder';

/** The Uri of a target, when its project stores media locally. */
export function targetUri(t: MediaTarget): vscode.Uri | undefined {
  return t.project.uriOf(t.storageName);
}

const SORT_KEY = 'djangoMedia.mediaTree.sortOrder';
const STATE_CONTEXT = 'djangoMedia.mediaTree.state';
const REASON_CONTEXT = 'djangoMedia.mediaTree.reason';
const OPEN_COMMAND = 'djangoMedia.mediaTree.open';
const SHOW_MORE_COMMAND = 'djangoMedia.mediaTree.showMore';
const CREATE_ROOT_COMMAND = 'djangoMedia.mediaTree.createMediaRoot';
/** Changes on disk are coalesced for this long, and never held back longer than MAX_WAIT_MS. */
const DEBOUNCE_MS = 100;
const MAX_WAIT_MS = 500;
/** Thumbnails load the whole image in the workbench: larger files keep the theme's icon. */
const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;
/** Without a ranged read (vscode.workspace.fs has none) dimensions cost a whole read: descriptions
 *  only read small images; the tooltip reads any image the media core accepts. */
const DESCRIPTION_DIMENSIONS_MAX_BYTES = 2 * 1024 * 1024;
/** VS Code asks for every item of a page at once, seen or not: a folder's descriptions read at most
 *  this much (a page of large photos would otherwise read hundreds of megabytes). */
const DESCRIPTION_DIMENSIONS_BUDGET_BYTES = 24 * 1024 * 1024;
const DIMENSION_READS_AT_ONCE = 2;
/** Entries stat'ed before a folder is shown: about a screenful. */
const STATS_BEFORE_SHOWING = 60;

function isImage(name: string): boolean {
  const kind = mediaKindOf(name);
  return kind === 'image' || kind === 'svg';
}

/**
 * The "Media Files" view: MEDIA_ROOT of each project, folder by folder, a page at a time. Listing
 * happens only when a folder is expanded; one watcher per MEDIA_ROOT (created when the view first
 * lists it) marks changed folders, which are listed again after a short debounce, and only those.
 */
export class MediaTreeProvider implements vscode.TreeDataProvider<MediaNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<MediaNode | MediaNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<MediaTreeState>();
  /** Fires when the welcome state changes (tests wait on it). */
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly projects = new Map<string, ProjectMedia>();
  private readonly projectNodes = new Map<string, ProjectNode>();
  /** Folder and file nodes by project key and storage name: the same object for the same entry,
   *  as VS Code requires for refreshes and reveal. */
  private readonly nodes = new Map<string, FolderNode | FileNode>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private config: MediaTreeConfig;
  private readonly excludes = new Map<string, MediaExclude>();
  private sortOrder: MediaSortOrder;
  private state: MediaTreeState = 'loading';
  private reasonKind: MediaTreeReason | '' = '';
  private reasonText: string | undefined;
  private single: ProjectMedia | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstDirtyAt = 0;
  private disposed = false;
  /** Image dimensions by path, tagged with the size and time they were read at. */
  private readonly dimensions = new Map<string, { stamp: string; info: ImageInfo | undefined }>();
  private readonly dimensionQueue: FileNode[] = [];
  private dimensionReads = 0;
  private pendingItemUpdates = new Set<MediaNode>();
  private updateTimer: ReturnType<typeof setTimeout> | undefined;
  /** How many MEDIA_ROOT watchers were created (tests check there is one per project). */
  watchersCreated = 0;
  /** The view, for its message and description. */
  view: vscode.TreeView<MediaNode> | undefined;

  constructor(
    private readonly models: ProjectModels,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
  ) {
    this.config = readMediaTreeConfig();
    for (const p of this.config.problems) log.warn(p);
    const saved = memento.get<string>(SORT_KEY);
    this.sortOrder = saved === 'size' || saved === 'modified' ? saved : 'name';
    this.subscriptions.push(models.onDidChange((e) => this.onModelChanged(e.entry)));
  }

  get sort(): MediaSortOrder {
    return this.sortOrder;
  }

  get currentState(): MediaTreeState {
    return this.state;
  }

  /** Changes the order of every folder (listings are read again when next shown). */
  async setSort(order: MediaSortOrder): Promise<void> {
    this.sortOrder = order;
    await this.memento.update(SORT_KEY, order);
    this.updateDescription();
    this.relistAll();
  }

  /** Re-reads the settings; `listing` when exclude or page size changed. */
  reloadConfig(listing: boolean): void {
    this.config = readMediaTreeConfig();
    this.excludes.clear();
    for (const p of this.config.problems) this.log.warn(p);
    if (listing) this.relistAll();
    else this.emitter.fire(undefined);
  }

  /** Forgets every listing and shows the view again (the "Refresh" button). */
  refresh(): void {
    this.relistAll();
  }

  private relistAll(): void {
    for (const p of this.projects.values()) {
      for (const f of p.folders.values()) {
        f.listing = undefined;
        f.loading = undefined;
        f.dimensionBytes = 0;
      }
    }
    this.emitter.fire(undefined);
  }

  updateDescription(): void {
    if (!this.view) return;
    this.view.description = this.sortOrder === 'name' ? undefined : `by ${this.sortOrder === 'size' ? 'size' : 'date modified'}`;
  }

  /**
   * Sets the welcome state. With nothing to show, `why` picks the welcome text (VS Code hides the
   * welcome view while the view has a message, so the reason goes to the log and `reason`, not to
   * the message); `note` is a message above a non-empty tree.
   */
  private setState(state: MediaTreeState, why?: { kind: MediaTreeReason; text: string }, note?: string): void {
    if (this.view) this.view.message = note;
    const reasonKind = why?.kind ?? '';
    if (why && why.text !== this.reasonText) this.log.info(`Media explorer: ${why.text}`);
    this.reasonText = why?.text;
    if (state === this.state && reasonKind === this.reasonKind) return;
    this.state = state;
    this.reasonKind = reasonKind;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, state);
    void vscode.commands.executeCommand('setContext', REASON_CONTEXT, reasonKind);
    this.stateEmitter.fire(state);
  }

  /** Why the view shows its welcome instead of files (single project), in words. */
  get reason(): string | undefined {
    return this.reasonText;
  }

  // --- projects --------------------------------------------------------------------------------

  /** Every project as the view knows it (discovering and analysing as needed). */
  async allProjects(): Promise<ProjectMedia[]> {
    const entries = await this.models.projects();
    this.prune(entries);
    return Promise.all(entries.map((e) => this.loadProject(e)));
  }

  /** The project holding a Uri under its MEDIA_ROOT, with the storage name. */
  async locate(uri: vscode.Uri): Promise<MediaTarget | undefined> {
    for (const p of await this.allProjects()) {
      const storageName = p.storageNameOf(uri);
      if (storageName === undefined) continue;
      const st = p.pathOf(storageName) === undefined ? undefined : await p.entry.fs.stat(p.pathOf(storageName)!);
      return { project: p, storageName, isFolder: st?.type === 'directory' };
    }
    return undefined;
  }

  private projectOf(entry: ProjectEntry): ProjectMedia {
    let p = this.projects.get(entry.key);
    if (!p) {
      p = new ProjectMedia(entry);
      this.projects.set(entry.key, p);
    }
    return p;
  }

  private async loadProject(entry: ProjectEntry): Promise<ProjectMedia> {
    const p = this.projectOf(entry);
    const model = await this.models.model(entry);
    if (model !== p.model && p.update(model, model ? undefined : this.models.errorOf(entry) ?? 'the analysis failed')) this.dropNodes(p, undefined);
    return p;
  }

  /** The exclude patterns that apply to a project (the setting is resource-scoped). */
  private excludeOf(p: ProjectMedia): MediaExclude {
    let ex = this.excludes.get(p.key);
    if (!ex) {
      const c = readMediaTreeConfig(p.entry.rootUri);
      for (const problem of c.problems) this.log.warn(`[${p.name}] ${problem}`);
      ex = c.exclude;
      this.excludes.set(p.key, ex);
    }
    return ex;
  }

  private prune(entries: ProjectEntry[]): void {
    const keys = new Set(entries.map((e) => e.key));
    for (const [key, p] of this.projects) {
      if (keys.has(key)) continue;
      p.dispose();
      this.projects.delete(key);
      this.projectNodes.delete(key);
      this.dropNodes(p, undefined);
    }
  }

  private onModelChanged(entry: ProjectEntry | undefined): void {
    if (this.disposed) return;
    if (!entry) {
      this.emitter.fire(undefined);
      return;
    }
    const p = this.projects.get(entry.key);
    if (!p) return;
    const model = this.models.peek(entry);
    if (model === p.model) return;
    if (p.update(model, model ? undefined : this.models.errorOf(entry))) this.dropNodes(p, undefined);
    this.fireFolder(p, '');
  }

  // --- tree data -------------------------------------------------------------------------------

  async getChildren(node?: MediaNode): Promise<MediaNode[]> {
    if (this.disposed) return [];
    try {
      if (!node) return await this.topLevel();
      if (node.kind === 'project') return await this.rootChildren(node.project, false);
      if (node.kind === 'folder') return await this.folderChildren(node.project, node.storageName);
      return [];
    } catch (e) {
      this.log.error(`Media explorer: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [new InfoNode('error', `Could not list this folder: ${e instanceof Error ? e.message : String(e)}`, { icon: 'error' })];
    }
  }

  private async topLevel(): Promise<MediaNode[]> {
    const projects = await this.allProjects();
    if (projects.length === 0) {
      this.single = undefined;
      this.setState('noProject');
      return [];
    }
    if (projects.length === 1) {
      this.single = projects[0];
      return this.rootChildren(projects[0]!, true);
    }
    this.single = undefined;
    this.setState('multi');
    return projects.map((p) => {
      let n = this.projectNodes.get(p.key);
      if (!n) {
        n = new ProjectNode(p);
        this.projectNodes.set(p.key, n);
      }
      return n;
    });
  }

  /** What MEDIA_ROOT holds, or why there is nothing to show. With one project, "nothing" is the
   *  welcome view (an empty list) chosen by the kind of reason. */
  private async rootChildren(p: ProjectMedia, single: boolean): Promise<MediaNode[]> {
    const id = (s: string) => `${p.key}#${s}`;
    const nothing = (kind: MediaTreeReason, reason: string, create = false): MediaNode[] => {
      if (single) {
        this.setState('noMedia', { kind, text: reason });
        return [];
      }
      return [new InfoNode(id('reason'), reason, {
        icon: 'info',
        tooltip: reason,
        ...(create ? { command: { command: CREATE_ROOT_COMMAND, title: 'Create Media Folder', arguments: [p.key] } } : {}),
      })];
    };
    if (!p.model) return nothing('failed', `The settings of ${p.name} could not be analysed: ${p.error ?? 'unknown error'}`);
    const loc = p.location!;
    if (loc.kind === 'unknown') return nothing('unknown', loc.reason);
    if (loc.kind === 'memory') return nothing('memory', `The default storage is ${loc.backend}: uploads are kept in memory and never written to disk.`);
    if (loc.kind === 'remote') {
      if (single) this.setState('remote');
      const nodes: MediaNode[] = [
        new InfoNode(id('remote'), `Media is stored in ${loc.service}`, {
          description: loc.backend,
          tooltip: `The default storage backend is ${loc.backend}: uploaded files are not on this disk, so they are not listed here.`,
          icon: 'cloud',
        }),
      ];
      for (const f of loc.facts) {
        nodes.push(new InfoNode(id(`fact:${f.label}`), `${f.label}: ${f.value}`, { description: f.setting, icon: 'symbol-property' }));
      }
      if (loc.mediaUrl !== null) nodes.push(new InfoNode(id('url'), `MEDIA_URL: ${loc.mediaUrl}`, { icon: 'link' }));
      return nodes;
    }
    const st = await p.entry.fs.stat(loc.mediaRoot);
    if (!st) return nothing('missing', `MEDIA_ROOT (${loc.mediaRoot}) does not exist yet: Django creates it at the first upload.`, true);
    if (st.type !== 'directory') return nothing('notFolder', `MEDIA_ROOT (${loc.mediaRoot}) is not a folder.`);
    if (single) this.setState('media', undefined, isFileSystemBackend(loc.backend) ? undefined : `The default storage is ${loc.backend}; this view shows MEDIA_ROOT.`);
    const children = await this.folderChildren(p, '');
    if (children.length === 0) {
      const hidden = p.folders.get('')?.listing?.excluded ?? 0;
      return [new InfoNode(id('empty'), 'MEDIA_ROOT is empty', {
        description: hidden ? `${hidden} hidden by djangoMedia.mediaTree.exclude` : 'uploads will appear here',
        tooltip: loc.mediaRoot,
        icon: 'info',
      })];
    }
    return children;
  }

  private async folderChildren(p: ProjectMedia, storageName: string): Promise<MediaNode[]> {
    const root = p.mediaRoot;
    if (root === undefined) return [];
    this.ensureWatcher(p);
    let state = p.folders.get(storageName);
    if (!state) {
      state = { shown: this.config.pageSize };
      p.folders.set(storageName, state);
    }
    const listing = await this.listingOf(p, state, storageName);
    if (listing.error) {
      return [new InfoNode(`${p.key}#error:${storageName}`, `Cannot read this folder: ${listing.error}`, { icon: 'warning', tooltip: listing.path })];
    }
    const page = listing.page(state.shown);
    // Sizes for what fits on a screen before showing the folder; the rest of the page is stat'ed
    // right after and its items updated, so a large page does not hold the first entries back.
    const unknown = page.filter((e) => e.stat === undefined);
    await statMediaEntries(p.entry.fs, unknown.slice(0, STATS_BEFORE_SHOWING));
    const nodes: MediaNode[] = page.map((e) => this.nodeFor(p, e));
    if (unknown.length > STATS_BEFORE_SHOWING) {
      const later = unknown.slice(STATS_BEFORE_SHOWING);
      void statMediaEntries(p.entry.fs, later).then(() => {
        for (const e of later) {
          const n = this.nodes.get(`${p.key}#${e.storageName}`);
          if (n && n.entry === e) this.scheduleItemUpdate(n);
        }
      });
    }
    if (listing.total > page.length) nodes.push(new MoreNode(p, storageName, page.length, listing.total, listing.sortNote));
    return nodes;
  }

  private listingOf(p: ProjectMedia, state: FolderState, storageName: string) {
    if (state.listing) return Promise.resolve(state.listing);
    if (!state.loading) {
      const loading = listMediaFolder(p.entry.fs, p.mediaRoot!, storageName, { sort: this.sortOrder, exclude: this.excludeOf(p) });
      state.loading = loading;
      void loading.then((l) => {
        if (state.loading === loading) {
          state.listing = l;
          state.loading = undefined;
        }
      });
    }
    return state.loading;
  }

  private nodeFor(p: ProjectMedia, entry: MediaEntry): FolderNode | FileNode {
    const key = `${p.key}#${entry.storageName}`;
    const isDir = entry.type === 'directory';
    const existing = this.nodes.get(key);
    if (existing && existing.kind === (isDir ? 'folder' : 'file')) {
      existing.entry = entry;
      return existing;
    }
    const node = isDir ? new FolderNode(p, entry) : new FileNode(p, entry);
    this.nodes.set(key, node);
    return node;
  }

  /** Forgets the nodes of a project under `under` (a storage name; all of them when undefined). */
  private dropNodes(p: ProjectMedia, under: string | undefined): void {
    const prefix = `${p.key}#${under ? `${under}/` : ''}`;
    for (const key of [...this.nodes.keys()]) if (key.startsWith(prefix)) this.nodes.delete(key);
  }

  getTreeItem(node: MediaNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project': {
        const p = node.project;
        const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `project:${p.key}`;
        item.description = p.mediaUrl ?? 'MEDIA_URL unknown';
        item.iconPath = new vscode.ThemeIcon(p.location?.kind === 'remote' ? 'cloud' : 'root-folder');
        item.contextValue = p.mediaRoot !== undefined ? 'djangoMedia.root' : 'djangoMedia.project';
        item.tooltip = `${p.entry.project.root}\nMEDIA_ROOT: ${p.mediaRoot ?? '(none)'}\nMEDIA_URL: ${p.mediaUrl ?? 'unknown'}`;
        if (p.mediaRoot !== undefined) item.resourceUri = p.uriOf('');
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(node.entry.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `folder:${node.project.key}#${node.storageName}`;
        item.resourceUri = targetUri(node);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'djangoMedia.folder';
        const notes = [node.entry.symlink ? 'symbolic link' : '', node.entry.undecodable ? 'name is not valid UTF-8' : ''].filter(Boolean);
        if (notes.length) item.description = notes.join(' · ');
        return item;
      }
      case 'file':
        return this.fileItem(node);
      case 'more': {
        const item = new vscode.TreeItem(`Show more… (${node.shown.toLocaleString('en-US')} of ${node.total.toLocaleString('en-US')})`, vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.project.key}#${node.folder}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'djangoMedia.more';
        item.tooltip = node.note ?? `Shows the next ${this.config.pageSize} entries`;
        if (node.note) item.description = 'sorted by name';
        item.command = { command: SHOW_MORE_COMMAND, title: 'Show More', arguments: [node] };
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `info:${node.id}`;
        item.contextValue = 'djangoMedia.info';
        if (node.options.description) item.description = node.options.description;
        if (node.options.tooltip) item.tooltip = node.options.tooltip;
        if (node.options.icon) item.iconPath = new vscode.ThemeIcon(node.options.icon);
        if (node.options.command) item.command = node.options.command;
        return item;
      }
    }
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const e = node.entry;
    const uri = targetUri(node)!;
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.None);
    item.id = `file:${node.project.key}#${node.storageName}`;
    item.resourceUri = uri;
    const image = isImage(e.name);
    const size = e.stat ? e.stat.size : undefined;
    item.iconPath = this.config.thumbnails && image && size !== undefined && size > 0 && size <= THUMBNAIL_MAX_BYTES ? uri : vscode.ThemeIcon.File;
    item.contextValue = image ? 'djangoMedia.file.image' : 'djangoMedia.file';
    const parts: string[] = [];
    if (size !== undefined) parts.push(formatBytes(size));
    if (image && size !== undefined) {
      const dims = this.cachedDimensions(e);
      if (dims) parts.push(`${dims.width}×${dims.height}`);
      else if (dims === undefined && size <= DESCRIPTION_DIMENSIONS_MAX_BYTES) this.queueDimensions(node, size);
    }
    if (e.stat === null) parts.push(e.undecodable ? 'name is not valid UTF-8' : 'cannot be read');
    if (e.symlink) parts.push('symbolic link');
    item.description = parts.join(' · ');
    if (!e.undecodable) item.command = { command: OPEN_COMMAND, title: 'Open', arguments: [node] };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: MediaNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'file' && node.kind !== 'folder') return item;
    const p = node.project;
    const e = node.entry;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(node.storageName)}**\n\n`);
    const url = p.urlOf(node.storageName);
    if (node.kind === 'file') {
      md.appendMarkdown(`URL: \`${url ?? 'unknown (MEDIA_URL is unknown)'}\`\n\n`);
      if (e.stat) md.appendMarkdown(`Size: ${formatBytes(e.stat.size)} (${e.stat.size.toLocaleString('en-US')} bytes)\n\n`);
      if (isImage(e.name) && e.stat && !token.isCancellationRequested) {
        const dims = await this.readDimensions(node);
        if (dims) md.appendMarkdown(`Dimensions: ${dims.width} × ${dims.height} px (${dims.type})\n\n`);
      }
    } else if (url) {
      md.appendMarkdown(`URL prefix: \`${url}/\`\n\n`);
    }
    if (e.stat) md.appendMarkdown(`Modified: ${new Date(e.stat.mtime).toLocaleString()}\n\n`);
    if (e.symlink) md.appendMarkdown('Symbolic link\n\n');
    if (e.undecodable) md.appendMarkdown('The name on disk is not valid UTF-8: VS Code cannot open it by this name.\n\n');
    item.tooltip = md;
    return item;
  }

  getParent(node: MediaNode): MediaNode | undefined {
    if (node.kind === 'project' || node.kind === 'info') return undefined;
    const p = node.project;
    // "Show more…" sits inside the folder it pages; entries sit inside their parent folder.
    const parent = node.kind === 'more' ? node.folder : parentStorageName(node.storageName);
    if (parent === '') return this.single === p ? undefined : this.projectNodes.get(p.key);
    return this.nodes.get(`${p.key}#${parent}`);
  }

  // --- paging and reveal -----------------------------------------------------------------------

  /** "Show more…": the next page of that folder. */
  showMore(node: MoreNode): void {
    const state = node.project.folders.get(node.folder);
    if (!state) return;
    state.shown += this.config.pageSize;
    this.fireFolder(node.project, node.folder);
  }

  /**
   * The node of a target, loading every folder on the way and paging each far enough to hold the
   * next step (a file far down a 100,000-entry folder is shown without listing it all).
   */
  async nodeOf(target: MediaTarget): Promise<FolderNode | FileNode | ProjectNode | undefined> {
    const p = target.project;
    if (p.mediaRoot === undefined) return undefined;
    if (target.storageName === '') return this.projectNodes.get(p.key);
    const parts = target.storageName.split('/');
    let folder = '';
    let node: FolderNode | FileNode | undefined;
    for (const name of parts) {
      let state = p.folders.get(folder);
      if (!state) {
        state = { shown: this.config.pageSize };
        p.folders.set(folder, state);
      }
      const listing = await this.listingOf(p, state, folder);
      const pos = listing.positionOf(name);
      if (pos < 0) return undefined;
      if (pos >= state.shown) state.shown = Math.ceil((pos + 1) / this.config.pageSize) * this.config.pageSize;
      const page = listing.page(state.shown);
      await statMediaEntries(p.entry.fs, page.slice(Math.max(0, pos - this.config.pageSize), pos + 1));
      node = this.nodeFor(p, listing.find(name)!);
      folder = folder ? `${folder}/${name}` : name;
    }
    return node;
  }

  // --- watching --------------------------------------------------------------------------------

  private ensureWatcher(p: ProjectMedia): void {
    if (p.watcher || p.mediaRoot === undefined) return;
    const base = p.uriOf('')!;
    // One recursive watcher per MEDIA_ROOT, never one per file or folder.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '**/*'));
    this.watchersCreated++;
    const on = (uri: vscode.Uri) => this.onDiskChange(p, uri);
    p.watcher = vscode.Disposable.from(watcher, watcher.onDidCreate(on), watcher.onDidDelete(on), watcher.onDidChange(on));
  }

  private onDiskChange(p: ProjectMedia, uri: vscode.Uri): void {
    if (this.disposed) return;
    const name = p.storageNameOf(uri);
    if (name === undefined || name === '') {
      if (name === '') this.fireFolder(p, '');
      return;
    }
    // The nearest folder the view has listed: a file in a new sub-folder must make the sub-folder
    // appear in its listed parent.
    let folder = parentStorageName(name);
    while (folder !== '' && !p.folders.get(folder)?.listing) folder = parentStorageName(folder);
    if (!p.folders.get(folder)?.listing) return;
    p.dirty.add(folder);
    this.dimensions.delete(p.pathOf(name)!);
    const now = Date.now();
    if (this.timer === undefined) this.firstDirtyAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstDirtyAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.flushDirty(), wait);
  }

  private async flushDirty(): Promise<void> {
    this.timer = undefined;
    for (const p of this.projects.values()) {
      const folders = [...p.dirty];
      p.dirty.clear();
      for (const folder of folders) await this.relist(p, folder);
    }
  }

  /** Lists a folder again if the view has listed it (after a change made from a command), and shows it. */
  async relist(p: ProjectMedia, folder: string): Promise<void> {
    const state = p.folders.get(folder);
    if (!state?.listing || p.mediaRoot === undefined) {
      if (folder === '') this.fireFolder(p, '');
      return;
    }
    state.listing = await listMediaFolder(p.entry.fs, p.mediaRoot, folder, { sort: this.sortOrder, exclude: this.excludeOf(p) });
    state.loading = undefined;
    state.dimensionBytes = 0;
    // Sub-folders that are gone take their listings and nodes with them.
    for (const known of [...p.folders.keys()]) {
      if (known === '' || parentStorageName(known) !== folder) continue;
      if (state.listing.find(known.slice(folder ? folder.length + 1 : 0))) continue;
      for (const k of [...p.folders.keys()]) if (k === known || k.startsWith(`${known}/`)) p.folders.delete(k);
      this.dropNodes(p, known);
    }
    this.fireFolder(p, folder);
  }

  /** Tells VS Code that a folder's children changed. */
  private fireFolder(p: ProjectMedia, folder: string): void {
    if (this.disposed) return;
    if (folder === '') {
      const n = this.projectNodes.get(p.key);
      this.emitter.fire(this.single === p || !n ? undefined : n);
      return;
    }
    const node = this.nodes.get(`${p.key}#${folder}`);
    if (node) this.emitter.fire(node);
  }

  // --- image dimensions ------------------------------------------------------------------------

  private stampOf(e: MediaEntry): string {
    return e.stat ? `${e.stat.size}:${e.stat.mtime}` : '';
  }

  /** Known dimensions, null when the file is known not to have readable ones, undefined when not read yet. */
  private cachedDimensions(e: MediaEntry): ImageInfo | null | undefined {
    const c = this.dimensions.get(e.path);
    if (!c || c.stamp !== this.stampOf(e)) return undefined;
    return c.info ?? null;
  }

  private async readDimensions(node: FileNode): Promise<ImageInfo | undefined> {
    const e = node.entry;
    const cached = this.cachedDimensions(e);
    if (cached !== undefined) return cached ?? undefined;
    const info = await readImageInfo(node.project.entry.fs, e.path);
    this.dimensions.set(e.path, { stamp: this.stampOf(e), info });
    return info;
  }

  private queueDimensions(node: FileNode, size: number): void {
    if (this.dimensionQueue.includes(node)) return;
    const folder = node.project.folders.get(parentStorageName(node.storageName));
    if (!folder || (folder.dimensionBytes ?? 0) + size > DESCRIPTION_DIMENSIONS_BUDGET_BYTES) return;
    folder.dimensionBytes = (folder.dimensionBytes ?? 0) + size;
    this.dimensionQueue.push(node);
    this.pumpDimensions();
  }

  private pumpDimensions(): void {
    while (this.dimensionReads < DIMENSION_READS_AT_ONCE && this.dimensionQueue.length > 0 && !this.disposed) {
      const node = this.dimensionQueue.shift()!;
      this.dimensionReads++;
      void this.readDimensions(node)
        .then((info) => {
          if (info) this.scheduleItemUpdate(node);
        })
        .catch(() => undefined)
        .finally(() => {
          this.dimensionReads--;
          this.pumpDimensions();
        });
    }
  }

  /** Item updates (dimensions read) are sent in batches, not one event per image. */
  private scheduleItemUpdate(node: MediaNode): void {
    this.pendingItemUpdates.add(node);
    this.updateTimer ??= setTimeout(() => {
      this.updateTimer = undefined;
      const nodes = [...this.pendingItemUpdates];
      this.pendingItemUpdates = new Set();
      if (!this.disposed && nodes.length > 0) this.emitter.fire(nodes);
    }, 50);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.updateTimer !== undefined) clearTimeout(this.updateTimer);
    for (const p of this.projects.values()) p.dispose();
    this.projects.clear();
    this.nodes.clear();
    this.dimensionQueue.length = 0;
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
    this.stateEmitter.dispose();
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
