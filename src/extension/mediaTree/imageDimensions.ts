import type * as vscode from 'vscode';
import { readImageInfo, type ImageInfo } from '../../core/media';
import { parentStorageName, type MediaEntry } from '../../core/mediaIndex';
import type { FileNode } from './mediaNodes';

/** Without a ranged read (vscode.workspace.fs has none) dimensions cost a whole read, which
 *  readImageInfo does up to 8 MB: descriptions read what it reads (an animated GIF is often a few
 *  megabytes), bounded by the folder's budget below, so a row shows what its tooltip shows. */
const DESCRIPTION_DIMENSIONS_MAX_BYTES = 8 * 1024 * 1024;
/** VS Code asks for every item of a page at once, seen or not: a folder's descriptions read at most
 *  this much (a page of large photos would otherwise read hundreds of megabytes). */
const DESCRIPTION_DIMENSIONS_BUDGET_BYTES = 24 * 1024 * 1024;
const DIMENSION_READS_AT_ONCE = 2;

/**
 * Image dimensions for the view: read on demand for tooltips, and in the background (a few reads at
 * a time, within a budget per folder) for descriptions; cached by path and tagged with the size and
 * time they were read at.
 */
export class ImageDimensions implements vscode.Disposable {
  private readonly cache = new Map<string, { stamp: string; info: ImageInfo | undefined }>();
  private readonly queue: FileNode[] = [];
  private reads = 0;
  private disposed = false;

  /** `onRead` is told when a read found dimensions (the item's description can show them). */
  constructor(private readonly onRead: (node: FileNode) => void) {}

  /** Known dimensions for a description; when not read yet, queues a read if the image is small
   *  enough and its folder's budget allows. */
  forDescription(node: FileNode, size: number): ImageInfo | undefined {
    const known = this.cached(node.entry);
    if (known === undefined && size <= DESCRIPTION_DIMENSIONS_MAX_BYTES) this.enqueue(node, size);
    return known ?? undefined;
  }

  /** The dimensions of an image, read now unless known; `onRead` is told of new ones (a tooltip's
   *  read then shows in the row too). */
  async read(node: FileNode): Promise<ImageInfo | undefined> {
    const e = node.entry;
    const cached = this.cached(e);
    if (cached !== undefined) return cached ?? undefined;
    const fs = node.project.mediaFs;
    const info = fs && !e.linkOutside ? await readImageInfo(fs, e.path) : undefined;
    this.cache.set(e.path, { stamp: stampOf(e), info });
    if (info && !this.disposed) this.onRead(node);
    return info;
  }

  /** Forgets what was read from a path (it changed on disk). */
  forget(path: string): void {
    this.cache.delete(path);
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
  }

  /** Known dimensions, null when the file is known not to have readable ones, undefined when not read yet. */
  private cached(e: MediaEntry): ImageInfo | null | undefined {
    const c = this.cache.get(e.path);
    if (!c || c.stamp !== stampOf(e)) return undefined;
    return c.info ?? null;
  }

  private enqueue(node: FileNode, size: number): void {
    if (this.queue.includes(node)) return;
    const folder = node.project.folders.get(parentStorageName(node.storageName));
    if (!folder || (folder.dimensionBytes ?? 0) + size > DESCRIPTION_DIMENSIONS_BUDGET_BYTES) return;
    folder.dimensionBytes = (folder.dimensionBytes ?? 0) + size;
    this.queue.push(node);
    this.pump();
  }

  private pump(): void {
    while (this.reads < DIMENSION_READS_AT_ONCE && this.queue.length > 0 && !this.disposed) {
      const node = this.queue.shift()!;
      this.reads++;
      void this.read(node)
        .catch(() => undefined)
        .finally(() => {
          this.reads--;
          this.pump();
        });
    }
  }
}

function stampOf(e: MediaEntry): string {
  return e.stat ? `${e.stat.size}:${e.stat.mtime}` : '';
}
