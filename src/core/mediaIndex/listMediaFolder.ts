import type { DirEntry, FileStat, FileSystem, FileType } from '../fileSystem';
import { compareNameKeys } from './compareNames';
import { confineToMediaRoot, linksLeadingOut, storageNameProblem } from './mediaRootGuard';
import type { MediaExclude } from './exclude';

/** How the explorer orders a folder; folders always come before files. */
export type MediaSortOrder = 'name' | 'size' | 'modified';

/** One entry of a media folder. */
export interface MediaEntry {
  /** The name as the file system port reported it. */
  readonly name: string;
  /** Absolute POSIX path. */
  readonly path: string;
  /** Path relative to MEDIA_ROOT with "/" separators: what a FileField stores. */
  readonly storageName: string;
  readonly type: FileType;
  readonly symlink: boolean;
  /** A symbolic link that leads out of MEDIA_ROOT (or that the port cannot resolve): shown, never
   *  listed into, stat'ed, renamed or deleted. */
  readonly linkOutside: boolean;
  /** The port could not decode the name (it holds U+FFFD): the name on disk is not valid UTF-8, so
   *  this path may not reach the file. */
  readonly undecodable: boolean;
  /** undefined until stat'ed (statMediaEntries); null when the stat failed. */
  stat?: FileStat | null;
}

/** The folder an entry lives in: shared by its entries, so a 100,000-entry folder holds no path strings. */
interface FolderRef {
  readonly path: string;
  readonly storageName: string;
}

// A class rather than object literals: paths are derived on demand, which keeps a large listing small
// (one small object per entry, no per-entry path strings until a page is shown).
class ListedEntry implements MediaEntry {
  stat?: FileStat | null;
  private lower: string | undefined;
  constructor(
    readonly name: string,
    readonly type: FileType,
    readonly symlink: boolean,
    private readonly folder: FolderRef,
    readonly linkOutside = false,
  ) {}
  get path(): string {
    return this.folder.path.endsWith('/') ? this.folder.path + this.name : `${this.folder.path}/${this.name}`;
  }
  get storageName(): string {
    return this.folder.storageName ? `${this.folder.storageName}/${this.name}` : this.name;
  }
  get undecodable(): boolean {
    return this.name.includes('\uFFFD');
  }
  /** The lower-cased name, computed on the first comparison and kept. */
  get sortKey(): string {
    return (this.lower ??= this.name.toLowerCase());
  }
}

/** A folder of MEDIA_ROOT: filtered, ordered, shown a page at a time. */
export interface MediaFolderListing {
  readonly path: string;
  /** "" for MEDIA_ROOT itself. */
  readonly storageName: string;
  /** Entries after exclusion. */
  readonly total: number;
  /** Entries hidden by the exclude patterns. */
  readonly excluded: number;
  /** The order actually used. */
  readonly sortedBy: MediaSortOrder;
  /** Why the requested order was not used, in words for the user. */
  readonly sortNote?: string;
  /** Why the folder could not be read (total is then 0). */
  readonly error?: string;
  /** The first `n` entries in order. Only as much is sorted as is asked for: the first page of a
   *  100,000-entry folder costs about one comparison per entry, not a full sort. */
  page(n: number): readonly MediaEntry[];
  /** Every entry in order (sorts the whole folder). */
  all(): readonly MediaEntry[];
  /** The position of the entry called `name` in the order, or -1: how far to page to reveal it. */
  positionOf(name: string): number;
  /** The entry called `name`, if listed. */
  find(name: string): MediaEntry | undefined;
}

/** Options of listMediaFolder. */
export interface ListMediaFolderOptions {
  sort?: MediaSortOrder;
  exclude?: MediaExclude;
  /** Sorting by size or date needs a stat of every entry; larger folders stay sorted by name. */
  maxStatsForSort?: number;
  /** Stats in flight at once. */
  concurrency?: number;
  token?: { readonly aborted: boolean };
}

/** Above this many entries a folder is sorted by name only (a stat per entry would take seconds). */
const MAX_STATS_FOR_SORT = 20_000;
const DEFAULT_CONCURRENCY = 32;

/** Joins MEDIA_ROOT and a storage name ("" is MEDIA_ROOT). */
export function mediaPath(mediaRoot: string, storageName: string): string {
  if (!storageName) return mediaRoot;
  return mediaRoot.endsWith('/') ? `${mediaRoot}${storageName}` : `${mediaRoot}/${storageName}`;
}

/** The folder holding a storage name ("" for a top-level entry). */
export function parentStorageName(storageName: string): string {
  const slash = storageName.lastIndexOf('/');
  return slash < 0 ? '' : storageName.slice(0, slash);
}

function errorText(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'NoPermissions') return 'permission denied';
  if (code === 'ENOENT' || code === 'FileNotFound' || code === 'EntryNotFound') return 'the folder does not exist';
  if (code === 'ENOTDIR' || code === 'FileNotADirectory' || code === 'EntryNotADirectory') return 'not a folder';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EOUTSIDE') return `not read: ${(e as { reason?: unknown }).reason ?? 'outside MEDIA_ROOT'}`;
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/**
 * Reads one folder of MEDIA_ROOT through the port: drops excluded entries, sorts folders first and
 * then by the requested order (name: natural and case-insensitive; size: largest first; modified:
 * newest first; ties by name). Only the order by size or date stats entries, and only for folders up
 * to `maxStatsForSort` entries; a larger one is sorted by name with `sortNote` saying why. An
 * unreadable folder yields `error` and no entries. Reads only inside MEDIA_ROOT (confineToMediaRoot):
 * a link leading out of it is listed with `linkOutside` and never stat'ed or listed into. Never throws.
 */
export async function listMediaFolder(
  port: FileSystem,
  mediaRoot: string,
  storageName: string,
  options: ListMediaFolderOptions = {},
): Promise<MediaFolderListing> {
  const fs = confineToMediaRoot(port, mediaRoot);
  const path = mediaPath(mediaRoot, storageName);
  const requested = options.sort ?? 'name';
  const problem = storageNameProblem(storageName);
  if (problem) return new LazyListing(path, storageName, [], 0, requested, { error: problem });
  let raw: DirEntry[];
  try {
    raw = await fs.readDirectory(path);
  } catch (e) {
    return new LazyListing(path, storageName, [], 0, requested, { error: errorText(e) });
  }
  const exclude = options.exclude && !options.exclude.empty ? options.exclude : undefined;
  const folder: FolderRef = { path, storageName };
  const outside = await linksLeadingOut(fs, path, raw);
  const entries: MediaEntry[] = [];
  let excluded = 0;
  for (const e of raw) {
    if (!e.name || e.name === '.' || e.name === '..' || e.name.includes('/')) continue;
    if (exclude?.matchesEntry(storageName, e.name, e.type === 'directory')) {
      excluded++;
      continue;
    }
    entries.push(new ListedEntry(e.name, e.type, e.symlink === true, folder, outside.has(e.name)));
  }
  let sortedBy = requested;
  let sortNote: string | undefined;
  if (requested !== 'name') {
    const max = options.maxStatsForSort ?? MAX_STATS_FOR_SORT;
    if (entries.length > max) {
      sortedBy = 'name';
      sortNote = `${entries.length.toLocaleString('en-US')} entries: sorted by name (sorting by ${requested === 'size' ? 'size' : 'date'} would read every entry's details; the limit is ${max.toLocaleString('en-US')})`;
    } else {
      await statMediaEntries(fs, entries, options);
      if (options.token?.aborted) sortedBy = 'name';
    }
  }
  return new LazyListing(path, storageName, entries, excluded, sortedBy, sortNote === undefined ? {} : { sortNote });
}

/** The comparison behind every order: folders first, then by `order`, ties by natural name order. */
function comparatorOf(order: MediaSortOrder): (a: MediaEntry, b: MediaEntry) => number {
  // Lower-cased names are computed once per listed entry, not per comparison.
  const key = (e: MediaEntry): string => (e instanceof ListedEntry ? e.sortKey : e.name.toLowerCase());
  return (a, b) => {
    const da = a.type === 'directory' ? 0 : 1;
    const db = b.type === 'directory' ? 0 : 1;
    if (da !== db) return da - db;
    if (order === 'size' && da === 1) {
      const s = (b.stat ? b.stat.size : -1) - (a.stat ? a.stat.size : -1);
      if (s !== 0) return s;
    } else if (order === 'modified') {
      const ma = a.stat ? a.stat.mtime : -Infinity;
      const mb = b.stat ? b.stat.mtime : -Infinity;
      if (ma !== mb) return mb > ma ? 1 : -1;
    }
    return compareNameKeys(key(a), key(b), a.name, b.name);
  };
}

/**
 * A listing sorted on demand: `items[0, sorted)` is in final order; the rest is unordered. Asking for
 * a small page picks its entries with a bounded max-heap (about one comparison per remaining entry);
 * asking for a large part sorts the remainder outright.
 */
class LazyListing implements MediaFolderListing {
  private sorted = 0;
  private readonly compare: (a: MediaEntry, b: MediaEntry) => number;

  constructor(
    readonly path: string,
    readonly storageName: string,
    private readonly items: MediaEntry[],
    readonly excluded: number,
    readonly sortedBy: MediaSortOrder,
    notes: { sortNote?: string; error?: string } = {},
  ) {
    this.compare = comparatorOf(sortedBy);
    if (notes.sortNote !== undefined) this.sortNote = notes.sortNote;
    if (notes.error !== undefined) this.error = notes.error;
  }

  readonly sortNote?: string;
  readonly error?: string;

  get total(): number {
    return this.items.length;
  }

  page(n: number): readonly MediaEntry[] {
    const want = Math.max(0, Math.min(Math.floor(n), this.items.length));
    this.ensureSorted(want);
    return this.items.slice(0, want);
  }

  all(): readonly MediaEntry[] {
    return this.page(this.items.length);
  }

  find(name: string): MediaEntry | undefined {
    return this.items.find((e) => e.name === name);
  }

  positionOf(name: string): number {
    const target = this.find(name);
    if (!target) return -1;
    // The order is total, so the position is the number of entries before it: one pass, no sort.
    let before = 0;
    for (const e of this.items) if (e !== target && this.compare(e, target) < 0) before++;
    return before;
  }

  private ensureSorted(n: number): void {
    if (n <= this.sorted) return;
    const items = this.items;
    const rest = items.length - this.sorted;
    const k = n - this.sorted;
    if (k * 8 >= rest) {
      const tail = items.slice(this.sorted).sort(this.compare);
      for (let i = 0; i < tail.length; i++) items[this.sorted + i] = tail[i]!;
      this.sorted = items.length;
      return;
    }
    // Max-heap of the k smallest seen so far; its top is the largest of them.
    const heap: MediaEntry[] = [];
    const cmp = this.compare;
    const up = (i: number): void => {
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (cmp(heap[i]!, heap[p]!) <= 0) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l;
        if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (let i = this.sorted; i < items.length; i++) {
      const e = items[i]!;
      if (heap.length < k) {
        heap.push(e);
        up(heap.length - 1);
      } else if (cmp(e, heap[0]!) < 0) {
        heap[0] = e;
        down(0);
      }
    }
    const picked = new Set(heap);
    heap.sort(cmp);
    const others = items.slice(this.sorted).filter((e) => !picked.has(e));
    for (let i = 0; i < heap.length; i++) items[this.sorted + i] = heap[i]!;
    for (let i = 0; i < others.length; i++) items[this.sorted + heap.length + i] = others[i]!;
    this.sorted += heap.length;
  }
}

/**
 * Fills `stat` of the given entries that have none yet (a page about to be shown), a few at a time.
 * A failed stat leaves null. Stops early when the token is aborted.
 */
export async function statMediaEntries(
  fs: FileSystem,
  entries: readonly MediaEntry[],
  options: { concurrency?: number; token?: { readonly aborted: boolean } } = {},
): Promise<void> {
  for (const e of entries) if (e.linkOutside && e.stat === undefined) e.stat = null;
  const todo = entries.filter((e) => e.stat === undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !options.token?.aborted) {
      const e = todo[next++]!;
      let st: FileStat | undefined;
      try {
        st = await fs.stat(e.path);
      } catch {
        st = undefined; // ports should not throw here; a bad one must not stop the page
      }
      e.stat = st ?? null;
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, todo.length));
  await Promise.all(Array.from({ length: n }, worker));
}

/** The first `shown` entries and how many are left for "Show more…". */
export function pageOfListing(listing: MediaFolderListing, shown: number): { entries: readonly MediaEntry[]; remaining: number } {
  const entries = listing.page(shown);
  return { entries, remaining: listing.total - entries.length };
}
