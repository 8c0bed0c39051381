import * as vscode from 'vscode';
import type { ProjectModel } from '../../core/model';
import { storageNameToUrl } from '../../core/media';
import { normalize } from 'pathe';
import type { ConfinedFileSystem } from '../../core/confinedFileSystem';
import { checkWritePath, type WriteCheck } from '../../core/writeGuard';
import { confineToMediaRoot, mediaPath, mediaStorageLocation, storageNameProblem, type MediaFolderListing, type MediaStorageLocation } from '../../core/mediaIndex';
import type { ProjectEntry } from '../projectModels';

/** A folder of MEDIA_ROOT the view has listed: its listing and how much of it is shown. */
export interface FolderState {
  listing?: MediaFolderListing;
  loading?: Promise<MediaFolderListing>;
  /** Entries shown (grows with "Show more…"). */
  shown: number;
  /** Bytes read so far to put image dimensions in this folder's descriptions. */
  dimensionBytes?: number;
}

/**
 * One Django project as the Media explorer sees it: where its media lives (from the latest model)
 * and the folders the view has listed so far. Owns the project's single MEDIA_ROOT watcher.
 */
export class ProjectMedia implements vscode.Disposable {
  model: ProjectModel | undefined;
  location: MediaStorageLocation | undefined;
  /** Why there is no model. */
  error: string | undefined;
  readonly folders = new Map<string, FolderState>();
  watcher: vscode.Disposable | undefined;
  /** Folders (storage names) changed on disk since the last refresh. */
  readonly dirty = new Set<string>();
  private confined: ConfinedFileSystem | undefined;

  constructor(readonly entry: ProjectEntry) {}

  get key(): string {
    return this.entry.key;
  }

  get name(): string {
    return this.entry.project.name;
  }

  /** Absolute MEDIA_ROOT when media is stored locally. */
  get mediaRoot(): string | undefined {
    return this.location?.kind === 'local' ? this.location.mediaRoot : undefined;
  }

  /**
   * The project's file system confined to MEDIA_ROOT: every read of the explorer goes through it,
   * so no link leads a listing, a stat or a scan out of MEDIA_ROOT.
   */
  get mediaFs(): ConfinedFileSystem | undefined {
    const root = this.mediaRoot;
    if (root === undefined) return undefined;
    if (this.confined?.allowedRoots[0] !== normalize(root).replace(/(.)\/+$/, '$1')) this.confined = confineToMediaRoot(this.entry.fs, root);
    return this.confined;
  }

  /**
   * Whether a file or folder of MEDIA_ROOT may be created, renamed or deleted (the one write guard,
   * rooted at MEDIA_ROOT): the normalised path, or why not.
   */
  async writable(storageName: string, options: { allowRoot?: boolean } = {}): Promise<WriteCheck> {
    const root = this.mediaRoot;
    if (root === undefined) return { ok: false, reason: 'the project has no local MEDIA_ROOT' };
    const problem = storageNameProblem(storageName);
    if (problem) return { ok: false, reason: problem };
    return checkWritePath(this.entry.fs, root, mediaPath(root, storageName), options);
  }

  get mediaUrl(): string | null {
    const s = this.model?.settings.MEDIA_URL;
    return s?.known ? s.value : null;
  }

  /** Adopts a new model; true when where media lives changed (listings and watcher must go). */
  update(model: ProjectModel | undefined, error: string | undefined): boolean {
    const before = this.mediaRoot;
    const beforeKind = this.location?.kind;
    this.model = model;
    this.error = error;
    this.location = model ? mediaStorageLocation(model) : undefined;
    const changed = before !== this.mediaRoot || beforeKind !== this.location?.kind;
    if (changed) this.reset();
    return changed;
  }

  /** Forgets every listing and stops watching. */
  reset(): void {
    this.folders.clear();
    this.dirty.clear();
    this.watcher?.dispose();
    this.watcher = undefined;
  }

  pathOf(storageName: string): string | undefined {
    const root = this.mediaRoot;
    return root === undefined ? undefined : mediaPath(root, storageName);
  }

  uriOf(storageName: string): vscode.Uri | undefined {
    const path = this.pathOf(storageName);
    return path === undefined ? undefined : this.entry.fs.toUri(path);
  }

  /** The URL Django's storage.url() gives the file, or undefined when MEDIA_URL is unknown. */
  urlOf(storageName: string): string | undefined {
    const url = this.mediaUrl;
    return url === null ? undefined : storageNameToUrl(url, storageName);
  }

  /**
   * The storage name of a Uri under MEDIA_ROOT ("" for MEDIA_ROOT itself), else undefined. The path
   * is taken as written: one that needs normalising (`media/../manage.py`, `media//x`), or holds a
   * NUL or a backslash, names nothing here — it could be another file once links are followed.
   */
  storageNameOf(uri: vscode.Uri): string | undefined {
    const root = this.mediaRoot;
    const raw = this.entry.fs.toPath(uri);
    if (root === undefined || raw === undefined) return undefined;
    const path = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
    const r = root.length > 1 ? root.replace(/\/+$/, '') : root;
    if (path === r) return '';
    const prefix = r === '/' ? '/' : `${r}/`;
    if (!path.startsWith(prefix)) return undefined;
    const name = path.slice(prefix.length);
    return storageNameProblem(name) ? undefined : name;
  }

  dispose(): void {
    this.reset();
  }
}
