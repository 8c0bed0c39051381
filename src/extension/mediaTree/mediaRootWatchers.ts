import * as vscode from 'vscode';
import { parentStorageName } from '../../core/mediaIndex';
import type { ProjectMedia } from './projectMedia';

/** Changes on disk are coalesced for this long, and never held back longer than MAX_WAIT_MS. */
const DEBOUNCE_MS = 100;
const MAX_WAIT_MS = 500;

/** What the view does about changes on disk. */
export interface MediaChangeHandler {
  /** MEDIA_ROOT itself was created, deleted or changed. */
  rootChanged(p: ProjectMedia): void;
  /** A file or folder changed: what was read from it is stale. */
  entryChanged(p: ProjectMedia, path: string): void;
  /** A folder the view has listed changed (called after the debounce). */
  folderChanged(p: ProjectMedia, folder: string): Promise<void>;
}

/**
 * One recursive watcher per MEDIA_ROOT (created when the view first lists it, never one per file or
 * folder): changes mark the nearest folder the view has listed, and the marked folders are handed
 * on together after a short debounce.
 */
export class MediaRootWatchers implements vscode.Disposable {
  /** How many MEDIA_ROOT watchers were created (tests check there is one per project). */
  created = 0;
  private readonly marked = new Set<ProjectMedia>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstDirtyAt = 0;
  private disposed = false;

  constructor(private readonly handler: MediaChangeHandler) {}

  /** Starts watching a project's MEDIA_ROOT, unless it is watched already or not local. */
  ensure(p: ProjectMedia): void {
    if (p.watcher || p.mediaRoot === undefined) return;
    const base = p.uriOf('')!;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '**/*'));
    this.created++;
    const on = (uri: vscode.Uri) => this.onDiskChange(p, uri);
    p.watcher = vscode.Disposable.from(watcher, watcher.onDidCreate(on), watcher.onDidDelete(on), watcher.onDidChange(on));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.marked.clear();
  }

  private onDiskChange(p: ProjectMedia, uri: vscode.Uri): void {
    if (this.disposed) return;
    const name = p.storageNameOf(uri);
    if (name === undefined || name === '') {
      if (name === '') this.handler.rootChanged(p);
      return;
    }
    // The nearest folder the view has listed: a file in a new sub-folder must make the sub-folder
    // appear in its listed parent.
    let folder = parentStorageName(name);
    while (folder !== '' && !p.folders.get(folder)?.listing) folder = parentStorageName(folder);
    if (!p.folders.get(folder)?.listing) return;
    p.dirty.add(folder);
    this.marked.add(p);
    this.handler.entryChanged(p, p.pathOf(name)!);
    const now = Date.now();
    if (this.timer === undefined) this.firstDirtyAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstDirtyAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const projects = [...this.marked];
    this.marked.clear();
    for (const p of projects) {
      const folders = [...p.dirty];
      p.dirty.clear();
      for (const folder of folders) await this.handler.folderChanged(p, folder);
    }
  }
}
