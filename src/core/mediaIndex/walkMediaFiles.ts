import type { DirEntry, FileSystem } from '../fileSystem';
import type { MediaExclude } from './exclude';
import { mediaPath } from './listMediaFolder';
import { confineToMediaRoot, linksLeadingOut } from './mediaRootGuard';

/** A file found under MEDIA_ROOT. */
export interface WalkedMediaFile {
  /** Relative to MEDIA_ROOT, "/"-separated. */
  readonly storageName: string;
  readonly path: string;
  /** Reached through a symbolic link (the file or a folder above it). */
  readonly symlink: boolean;
  /** The name could not be decoded (not valid UTF-8): the path may not reach the file. */
  readonly undecodable: boolean;
}

/** Bounds of one walk of MEDIA_ROOT. */
export interface MediaWalkLimits {
  /** Directory entries looked at in total. */
  maxEntries: number;
  /** Folder depth below MEDIA_ROOT. */
  maxDepth: number;
}

/** Default bounds: a million entries is far beyond any media folder people browse, and still finite. */
const DEFAULT_MEDIA_WALK_LIMITS: Readonly<MediaWalkLimits> = { maxEntries: 1_000_000, maxDepth: 48 };

/** What a walk saw. */
export interface MediaWalkSummary {
  files: number;
  folders: number;
  /** Entries hidden by the exclude patterns (not descended into). */
  excluded: number;
  /** Storage names of folders that could not be read (the first 100), "" for MEDIA_ROOT itself. */
  unreadable: string[];
  /** Symlinked folders not walked: inside another symlinked folder, or listing the same names as a
   *  folder above them (a link back up the tree). */
  skippedLinks: number;
  /** Symbolic links (files or folders) that lead out of MEDIA_ROOT, or that the port cannot resolve:
   *  never walked, never reported as files. */
  linksOutside: number;
  /** Why the walk stopped before the end, in words; undefined when it saw everything. */
  truncated?: string;
  /** The token was aborted: the walk stopped early. */
  aborted: boolean;
}

/** Options of walkMediaFiles. */
export interface WalkMediaOptions {
  exclude?: MediaExclude;
  limits?: Partial<MediaWalkLimits>;
  token?: { readonly aborted: boolean };
  /** Receives files in batches, as folders are read (for incremental UIs). */
  onFiles?: (files: WalkedMediaFile[]) => void;
  /** Called after every folder with the running totals. */
  onProgress?: (summary: Readonly<MediaWalkSummary>) => void;
  /** Folders read at once. */
  concurrency?: number;
}

// Paths derived on demand: a scan of 200,000 files keeps only the names it reports.
class WalkedFile implements WalkedMediaFile {
  constructor(
    readonly storageName: string,
    private readonly mediaRoot: string,
    readonly symlink: boolean,
  ) {}
  get path(): string {
    return mediaPath(this.mediaRoot, this.storageName);
  }
  get undecodable(): boolean {
    return this.storageName.includes('\uFFFD');
  }
}

interface Pending {
  storageName: string;
  depth: number;
  viaSymlink: boolean;
  /** The folder itself is a symbolic link. */
  isLink: boolean;
  /** Listing signatures of the folders above it, MEDIA_ROOT first. */
  ancestors: string[];
}

/**
 * An order-independent fingerprint of a folder's entry names. The port cannot resolve a link's
 * target, so a symlinked folder whose names are exactly those of a folder above it is taken for a
 * link back up the tree (a loop) and not walked again.
 */
function signatureOf(list: readonly DirEntry[]): string {
  let sum = 0;
  let xor = 0;
  for (const e of list) {
    let h = 0x811c9dc5;
    for (let i = 0; i < e.name.length; i++) h = Math.imul(h ^ e.name.charCodeAt(i), 0x01000193);
    sum = (sum + h) | 0;
    xor ^= h;
  }
  return `${list.length}:${sum >>> 0}:${xor >>> 0}`;
}

const MAX_UNREADABLE_LISTED = 100;


/**
 * Walks every file under MEDIA_ROOT through the port, a few folders at a time, without stat'ing
 * files (the folder listing already says what is a file). Bounded: `maxEntries` entries and
 * `maxDepth` levels. A symlinked folder is entered, but no symlinked folder inside it, and not one
 * that lists exactly the names of a folder above it (a link back up): a loop is never walked twice.
 * Reads go through `confineToMediaRoot`: a link that leads out of MEDIA_ROOT is counted in
 * `linksOutside` and neither walked nor reported. Unreadable folders are listed in the summary and skipped.
 * Cancellable through `token`. The order of `onFiles` batches depends on timing; callers sort.
 */
export async function walkMediaFiles(port: FileSystem, mediaRoot: string, options: WalkMediaOptions = {}): Promise<MediaWalkSummary> {
  const fs = confineToMediaRoot(port, mediaRoot);
  const limits = { ...DEFAULT_MEDIA_WALK_LIMITS, ...options.limits };
  const exclude = options.exclude && !options.exclude.empty ? options.exclude : undefined;
  const summary: MediaWalkSummary = { files: 0, folders: 0, excluded: 0, unreadable: [], skippedLinks: 0, linksOutside: 0, aborted: false };
  const queue: Pending[] = [{ storageName: '', depth: 0, viaSymlink: false, isLink: false, ancestors: [] }];
  let entries = 0;
  let stop = false;
  let depthCut = 0;

  const visit = async (dir: Pending): Promise<void> => {
    let list: DirEntry[];
    try {
      list = await fs.readDirectory(mediaPath(mediaRoot, dir.storageName));
    } catch {
      if (summary.unreadable.length < MAX_UNREADABLE_LISTED) summary.unreadable.push(dir.storageName);
      return;
    }
    const signature = signatureOf(list);
    if (dir.isLink && dir.ancestors.includes(signature)) {
      summary.skippedLinks++;
      return;
    }
    summary.folders++;
    const ancestors = [...dir.ancestors, signature];
    const batch: WalkedMediaFile[] = [];
    const prefix = dir.storageName ? `${dir.storageName}/` : '';
    const outside = await linksLeadingOut(fs, mediaPath(mediaRoot, dir.storageName), list);
    for (const e of list) {
      if (stop) break;
      if (++entries > limits.maxEntries) {
        stop = true;
        summary.truncated = `stopped after ${limits.maxEntries.toLocaleString('en-US')} entries`;
        break;
      }
      if (!e.name || e.name === '.' || e.name === '..' || e.name.includes('/')) continue;
      const name = prefix + e.name;
      if (exclude?.matches(name, e.type === 'directory')) {
        summary.excluded++;
        continue;
      }
      if (outside.has(e.name)) {
        summary.linksOutside++;
        continue;
      }
      if (e.type === 'directory') {
        if (e.symlink && dir.viaSymlink) {
          summary.skippedLinks++;
          continue;
        }
        if (dir.depth + 1 > limits.maxDepth) {
          depthCut++;
          continue;
        }
        queue.push({ storageName: name, depth: dir.depth + 1, viaSymlink: dir.viaSymlink || e.symlink === true, isLink: e.symlink === true, ancestors });
      } else if (e.type === 'file') {
        batch.push(new WalkedFile(name, mediaRoot, dir.viaSymlink || e.symlink === true));
      }
    }
    summary.files += batch.length;
    if (batch.length > 0) options.onFiles?.(batch);
    options.onProgress?.(summary);
  };

  // A pool of workers over a shared queue: the queue grows as folders are read.
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (options.token?.aborted) {
        summary.aborted = true;
        stop = true;
      }
      while (!stop && active < (options.concurrency ?? 4) && queue.length > 0) {
        const dir = queue.pop()!;
        active++;
        // visit() only throws if a callback does; that must not leave the walk hanging.
        void visit(dir).catch(() => undefined).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0 && (stop || queue.length === 0)) resolve();
    };
    pump();
  });
  if (!summary.truncated && depthCut > 0) summary.truncated = `${depthCut} folder${depthCut === 1 ? '' : 's'} deeper than ${limits.maxDepth} levels not read`;
  return summary;
}
