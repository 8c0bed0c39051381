import * as vscode from 'vscode';
import { isFileSystemBackend, parentStorageName, type MediaSortOrder } from '../../core/mediaIndex';
import { MEDIA_TREE_COMMANDS } from '../commandIds';
import type { ProjectEntry, ProjectModels } from '../projectModels';
import { FolderListings } from './folderListings';
import { ImageDimensions } from './imageDimensions';
import { MediaProjects } from './mediaProjects';
import { MediaRootWatchers } from './mediaRootWatchers';
import { InfoNode, MediaNodeCache, MoreNode, type FileNode, type FolderNode, type MediaNode, type MediaTarget, type ProjectNode } from './mediaNodes';
import { readMediaTreeConfig, type MediaTreeConfig } from './mediaTreeConfig';
import { mediaEntryTooltip, mediaTreeItem } from './mediaTreeItems';
import type { ProjectMedia } from './projectMedia';
import { SortPreference } from './sortPreference';
import { WelcomeState, type MediaTreeReason, type MediaTreeState } from './welcomeState';

/** Item updates (dimensions read, sizes stat'ed) are sent together after this long, not one event per item. */
const ITEM_UPDATE_DELAY_MS = 50;

/**
 * The "Media Files" view: MEDIA_ROOT of each project, folder by folder, a page at a time. Listing
 * happens only when a folder is expanded (FolderListings); one watcher per MEDIA_ROOT
 * (MediaRootWatchers) has changed folders listed again, and only those.
 */
export class MediaTreeProvider implements vscode.TreeDataProvider<MediaNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<MediaNode | MediaNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private config: MediaTreeConfig;
  private readonly sortPreference: SortPreference;
  private readonly welcome: WelcomeState;
  private readonly projects: MediaProjects;
  private readonly nodes = new MediaNodeCache();
  private readonly listings: FolderListings;
  private readonly watchers: MediaRootWatchers;
  private readonly dimensions = new ImageDimensions((node) => this.scheduleItemUpdate(node));
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The project shown without a project node (the workspace has only one). */
  private single: ProjectMedia | undefined;
  private pendingItemUpdates = new Set<MediaNode>();
  private updateTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** The view, for its message and description. */
  view: vscode.TreeView<MediaNode> | undefined;

  constructor(
    models: ProjectModels,
    private readonly log: vscode.LogOutputChannel,
    memento: vscode.Memento,
  ) {
    this.config = readMediaTreeConfig();
    for (const p of this.config.problems) log.warn(p);
    this.sortPreference = new SortPreference(memento);
    this.welcome = new WelcomeState(log, () => this.view);
    this.listings = new FolderListings(log, this.sortPreference, () => this.config.pageSize);
    this.projects = new MediaProjects(models, {
      relocated: (p) => this.nodes.drop(p, undefined),
      removed: (p) => this.nodes.dropProject(p),
    });
    this.watchers = new MediaRootWatchers({
      rootChanged: (p) => this.fireFolder(p, ''),
      entryChanged: (_p, path) => this.dimensions.forget(path),
      folderChanged: (p, folder) => this.relist(p, folder),
    });
    this.subscriptions.push(models.onDidChange((e) => this.onModelChanged(e.entry)));
  }

  get sort(): MediaSortOrder {
    return this.sortPreference.order;
  }

  get currentState(): MediaTreeState {
    return this.welcome.current;
  }

  /** Why the view shows its welcome instead of files (single project), in words. */
  get reason(): string | undefined {
    return this.welcome.reason;
  }

  /** Fires when the welcome state changes (tests wait on it). */
  get onDidChangeState(): vscode.Event<MediaTreeState> {
    return this.welcome.onDidChange;
  }

  /** How many MEDIA_ROOT watchers were created (tests check there is one per project). */
  get watchersCreated(): number {
    return this.watchers.created;
  }

  /** Changes the order of every folder (listings are read again when next shown). */
  async setSort(order: MediaSortOrder): Promise<void> {
    await this.sortPreference.set(order);
    this.updateDescription();
    this.relistAll();
  }

  /** Re-reads the settings; `listing` when exclude or page size changed. */
  reloadConfig(listing: boolean): void {
    this.config = readMediaTreeConfig();
    this.listings.forgetSettings();
    for (const p of this.config.problems) this.log.warn(p);
    if (listing) this.relistAll();
    else this.emitter.fire(undefined);
  }

  /** Forgets every listing and shows the view again (the "Refresh" button). */
  refresh(): void {
    this.relistAll();
  }

  private relistAll(): void {
    this.listings.forgetListings(this.projects.known());
    this.emitter.fire(undefined);
  }

  updateDescription(): void {
    if (this.view) this.view.description = this.sortPreference.description;
  }

  /** Every project as the view knows it (discovering and analysing as needed). */
  allProjects(): Promise<ProjectMedia[]> {
    return this.projects.all();
  }

  /** The project holding a Uri under its MEDIA_ROOT, with the storage name. */
  locate(uri: vscode.Uri): Promise<MediaTarget | undefined> {
    return this.projects.locate(uri);
  }

  private onModelChanged(entry: ProjectEntry | undefined): void {
    if (this.disposed) return;
    if (!entry) {
      this.emitter.fire(undefined);
      return;
    }
    const p = this.projects.adoptLatest(entry);
    if (p) this.fireFolder(p, '');
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
      this.welcome.set('noProject');
      return [];
    }
    if (projects.length === 1) {
      this.single = projects[0];
      return this.rootChildren(projects[0]!, true);
    }
    this.single = undefined;
    this.welcome.set('multi');
    return projects.map((p) => this.nodes.projectNode(p));
  }

  /** What MEDIA_ROOT holds, or why there is nothing to show. With one project, "nothing" is the
   *  welcome view (an empty list) chosen by the kind of reason. */
  private async rootChildren(p: ProjectMedia, single: boolean): Promise<MediaNode[]> {
    const id = (s: string) => `${p.key}#${s}`;
    const nothing = (kind: MediaTreeReason, reason: string, create = false): MediaNode[] => {
      if (single) {
        this.welcome.set('noMedia', { kind, text: reason });
        return [];
      }
      return [new InfoNode(id('reason'), reason, {
        icon: 'info',
        tooltip: reason,
        ...(create ? { command: { command: MEDIA_TREE_COMMANDS.createMediaRoot, title: 'Create Media Folder', arguments: [p.key] } } : {}),
      })];
    };
    if (!p.model) return nothing('failed', `The settings of ${p.name} could not be analysed: ${p.error ?? 'unknown error'}`);
    const loc = p.location!;
    if (loc.kind === 'unknown') return nothing('unknown', loc.reason);
    if (loc.kind === 'memory') return nothing('memory', `The default storage is ${loc.backend}: uploads are kept in memory and never written to disk.`);
    if (loc.kind === 'remote') {
      if (single) this.welcome.set('remote');
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
    if (single) this.welcome.set('media', undefined, isFileSystemBackend(loc.backend) ? undefined : `The default storage is ${loc.backend}; this view shows MEDIA_ROOT.`);
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
    if (p.mediaRoot === undefined) return [];
    this.watchers.ensure(p);
    const { listing, page, later } = await this.listings.shownPage(p, storageName);
    if (listing.error) {
      return [new InfoNode(`${p.key}#error:${storageName}`, `Cannot read this folder: ${listing.error}`, { icon: 'warning', tooltip: listing.path })];
    }
    const nodes: MediaNode[] = page.map((e) => this.nodes.entryNode(p, e));
    void later?.then((entries) => {
      for (const e of entries) {
        const n = this.nodes.get(p, e.storageName);
        if (n && n.entry === e) this.scheduleItemUpdate(n);
      }
    });
    if (listing.total > page.length) nodes.push(new MoreNode(p, storageName, page.length, listing.total, listing.sortNote));
    return nodes;
  }

  getTreeItem(node: MediaNode): vscode.TreeItem {
    return mediaTreeItem(node, this.config, this.dimensions);
  }

  async resolveTreeItem(item: vscode.TreeItem, node: MediaNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind === 'file' || node.kind === 'folder') item.tooltip = await mediaEntryTooltip(node, this.dimensions, token);
    return item;
  }

  getParent(node: MediaNode): MediaNode | undefined {
    if (node.kind === 'project' || node.kind === 'info') return undefined;
    const p = node.project;
    // "Show more…" sits inside the folder it pages; entries sit inside their parent folder.
    const parent = node.kind === 'more' ? node.folder : parentStorageName(node.storageName);
    if (parent === '') return this.single === p ? undefined : this.nodes.shownProjectNode(p);
    return this.nodes.get(p, parent);
  }

  // --- paging, reveal and changes ------------------------------------------------------------

  /** "Show more…": the next page of that folder. */
  showMore(node: MoreNode): void {
    if (this.listings.showMore(node.project, node.folder)) this.fireFolder(node.project, node.folder);
  }

  /** The node of a target, loading every folder on the way and paging each far enough to hold the next step. */
  async nodeOf(target: MediaTarget): Promise<FolderNode | FileNode | ProjectNode | undefined> {
    const p = target.project;
    if (p.mediaRoot === undefined) return undefined;
    if (target.storageName === '') return this.nodes.shownProjectNode(p);
    let folder = '';
    let node: FolderNode | FileNode | undefined;
    for (const name of target.storageName.split('/')) {
      const entry = await this.listings.pageTo(p, folder, name);
      if (!entry) return undefined;
      node = this.nodes.entryNode(p, entry);
      folder = folder ? `${folder}/${name}` : name;
    }
    return node;
  }

  /** Lists a folder again if the view has listed it (after a change made from a command), and shows it. */
  async relist(p: ProjectMedia, folder: string): Promise<void> {
    const gone = await this.listings.relist(p, folder);
    if (gone === undefined && folder !== '') return;
    for (const known of gone ?? []) this.nodes.drop(p, known);
    this.fireFolder(p, folder);
  }

  /** Tells VS Code that a folder's children changed. */
  private fireFolder(p: ProjectMedia, folder: string): void {
    if (this.disposed) return;
    if (folder === '') {
      const n = this.nodes.shownProjectNode(p);
      this.emitter.fire(this.single === p || !n ? undefined : n);
      return;
    }
    const node = this.nodes.get(p, folder);
    if (node) this.emitter.fire(node);
  }

  /** Item updates are sent in batches, not one event per image. */
  private scheduleItemUpdate(node: MediaNode): void {
    this.pendingItemUpdates.add(node);
    this.updateTimer ??= setTimeout(() => {
      this.updateTimer = undefined;
      const nodes = [...this.pendingItemUpdates];
      this.pendingItemUpdates = new Set();
      if (!this.disposed && nodes.length > 0) this.emitter.fire(nodes);
    }, ITEM_UPDATE_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.updateTimer !== undefined) clearTimeout(this.updateTimer);
    this.watchers.dispose();
    this.projects.dispose();
    this.nodes.clear();
    this.dimensions.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
    this.welcome.dispose();
  }
}
