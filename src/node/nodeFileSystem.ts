import { closeSync, fstatSync, lstatSync, openSync, promises as fsp, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import type { DirEntry, FileStat, FileSystem, FileType } from '../core/fileSystem';

function typeOf(s: { isFile(): boolean; isDirectory(): boolean }): FileType {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

/** How NodeFileSystem reaches the disk. */
export interface NodeFileSystemOptions {
  /**
   * Use node:fs's synchronous calls behind the async port. A one-shot process such as the CLI walks
   * thousands of folders and files one await after another; each asynchronous call is a round trip
   * through libuv's thread pool (~4 per file read), so for it the synchronous calls are several
   * times faster.
   *
   * `'while-fast'`, for code sharing the event loop with other work (the editor's extension host):
   * synchronous calls where they cannot wait on a network, for as long as each one is quick. On a
   * local disk a synchronous stat costs the loop a few microseconds where an asynchronous one costs
   * it tens (measured in the extension host: ~0.4 s of a large project's first analysis went to
   * issuing and settling them); the callers give the loop a turn every few milliseconds of work
   * (YieldingFileSystem). A call that can hang (a network mount whose server is gone) must never
   * block the loop, so a call is synchronous only when:
   * - its folder, and every folder above it, was found, asynchronously, to be on a local file
   *   system (Linux `statfs` types of local disks and memory: LOCAL_FILE_SYSTEMS) and reached
   *   through no link, and the folder's listing is known;
   * - the path is a regular file of that listing or absent from it (a folder or a link may be a
   *   mount point or lead to one: asynchronous), or is itself a folder found to be local;
   * - no call was slower than SLOW_CALL_MS yet (the first slow one ends synchronous calls).
   * Elsewhere (other systems, folders not looked at yet) calls are asynchronous, as by default.
   */
  synchronous?: boolean | 'while-fast';
  /** What counts as a slow call for 'while-fast' (default SLOW_CALL_MS). */
  slowCallMs?: number;
  /** The `statfs` types 'while-fast' takes for local (default LOCAL_FILE_SYSTEMS). */
  localTypes?: ReadonlySet<number>;
}

/** A synchronous call slower than this switches a 'while-fast' file system to asynchronous calls. */
export const SLOW_CALL_MS = 20;

/**
 * Linux `statfs` types of file systems on a local device or in memory: ext2/3/4, xfs, btrfs,
 * tmpfs, overlay (containers), zfs, f2fs, reiserfs, jfs, ramfs, bcachefs.
 */
export const LOCAL_FILE_SYSTEMS: ReadonlySet<number> = new Set([
  0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010, 0x52654973, 0x3153464a, 0x858458f6, 0xca451a4e,
]);

/** Folders with more entries than this keep no listing (MEDIA_ROOT may hold 100,000 files). */
const MAX_LISTED = 10_000;

/** What a 'while-fast' file system knows of a folder: whether it is local, and its entries. */
interface FolderFacts {
  local?: boolean;
  entries?: Map<string, 'file' | 'directory' | 'other' | 'link'>;
  /** Settles once what was asked about the folder is known. */
  learnt: Promise<void>;
  /** Its entries are being read or were. */
  listing?: boolean;
}

/** The core's FileSystem port over node:fs, for the CLI, unit tests and benchmarks. */
export class NodeFileSystem implements FileSystem {
  private syncCalls: boolean;
  private readonly whileFast: boolean;
  private readonly slowCallMs: number;

  private readonly folders = new Map<string, FolderFacts>();
  private readonly localTypes: ReadonlySet<number>;

  constructor(options: NodeFileSystemOptions = {}) {
    this.syncCalls = options.synchronous === true || options.synchronous === 'while-fast';
    this.whileFast = options.synchronous === 'while-fast';
    this.slowCallMs = options.slowCallMs ?? SLOW_CALL_MS;
    this.localTypes = options.localTypes ?? LOCAL_FILE_SYSTEMS;
  }

  /** Whether a stat or read of `path` is synchronous now (the first time, starts finding out about its folder). */
  synchronousFor(path: string): boolean {
    if (!this.syncCalls) return false;
    if (!this.whileFast) return true;
    if (this.folders.get(path)?.local === true) return true;
    const folder = this.learn(parentOf(path), true);
    if (folder.local !== true || !folder.entries) return false;
    const kind = folder.entries.get(path.slice(path.lastIndexOf('/') + 1));
    return kind === undefined || kind === 'file';
  }

  /** Whether listing `dir` may be synchronous now. */
  private syncListing(dir: string): boolean {
    if (!this.syncCalls) return false;
    return !this.whileFast || this.learn(dir, false).local === true;
  }

  /** What is known of a folder; the first time, finds out asynchronously (its type; its entries when `list`). */
  private learn(dir: string, list: boolean): FolderFacts {
    let f = this.folders.get(dir);
    if (!f) {
      const facts: FolderFacts = { learnt: Promise.resolve() };
      this.folders.set(dir, facts);
      f = facts;
      // Opening a path looks up every folder on the way: all of them must be local, and none a
      // link (statfs follows one: a link in a network folder to a local one looks local).
      const above = dir === '/' ? Promise.resolve(true) : this.learnLocal(parentOf(dir));
      // A plain folder (no link) listed in a local folder is its own real path: no need to ask.
      const parent = dir === '/' ? undefined : this.folders.get(parentOf(dir));
      const plain = parent?.local === true && parent.entries?.get(dir.slice(dir.lastIndexOf('/') + 1)) === 'directory';
      const type = Promise.all([fsp.statfs(dir), plain ? dir : fsp.realpath(dir), above]).then(
        ([s, real, localAbove]) => void (facts.local = localAbove && real === dir && this.localTypes.has(Number(s.type))),
        () => void (facts.local = false),
      );
      facts.learnt = type;
    }
    if (list && !f.listing) {
      const facts = f;
      facts.listing = true;
      const listing = fsp.readdir(dir, { withFileTypes: true }).then((entries) => this.remember(facts, entries), () => undefined);
      facts.learnt = Promise.all([facts.learnt, listing]).then(() => undefined);
    }
    return f;
  }

  /** Whether `dir` and every folder above it are local (finding out once). */
  private async learnLocal(dir: string): Promise<boolean> {
    const facts = this.learn(dir, false);
    await facts.learnt;
    return facts.local === true;
  }

  private remember(facts: FolderFacts, entries: readonly Dirent[]): void {
    if (entries.length > MAX_LISTED) return;
    facts.entries = new Map(entries.map((e) => [e.name, e.isSymbolicLink() ? 'link' : typeOf(e)]));
  }

  /** Whether calls are synchronous now (a 'while-fast' one stops after a slow call). */
  get synchronous(): boolean {
    return this.syncCalls;
  }

  /** Settles once what this file system set out to learn about folder `dir` is known. */
  async learnt(dir: string): Promise<void> {
    await this.folders.get(dir)?.learnt;
  }

  /** `f`, a synchronous call, timed when only quick ones may be made. */
  private timed<T>(f: () => T): T {
    if (!this.whileFast) return f();
    const started = performance.now();
    try {
      return f();
    } finally {
      if (performance.now() - started > this.slowCallMs) this.syncCalls = false;
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const sync = this.synchronousFor(path);
      const l: Stats | undefined = sync ? this.timed(() => lstatSync(path, { throwIfNoEntry: false })) : await fsp.lstat(path);
      if (!l) return undefined;
      if (!l.isSymbolicLink()) return { type: typeOf(l), size: l.isFile() ? l.size : 0, mtime: l.mtimeMs };
      // A link may lead anywhere: followed synchronously only where every call may be.
      const s: Stats | undefined = sync && !this.whileFast ? statSync(path, { throwIfNoEntry: false }) : await fsp.stat(path);
      if (!s) return undefined;
      return { type: typeOf(s), size: s.isFile() ? s.size : 0, mtime: s.mtimeMs, symlink: true };
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.synchronousFor(path) ? this.timed(() => readFileSync(path)) : fsp.readFile(path);
  }

  async readFileHead(path: string, length: number, size?: number): Promise<Uint8Array> {
    // The size only sizes the first read (readHead goes on to the end): a stat the caller just made
    // saves a system call per file.
    if (this.synchronousFor(path)) {
      const fd = this.timed(() => openSync(path, 'r'));
      try {
        return await readHead(size ?? fstatSync(fd).size, length, async (buf, at) => this.timed(() => readSync(fd, buf, at, buf.length - at, at)));
      } finally {
        closeSync(fd);
      }
    }
    const handle = await fsp.open(path, 'r');
    try {
      return await readHead(size ?? (await handle.stat()).size, length, async (buf, at) => (await handle.read(buf, at, buf.length - at, at)).bytesRead);
    } finally {
      await handle.close();
    }
  }

  async realpath(path: string): Promise<string | undefined> {
    try {
      // Every folder on the way, and any link, may be a mount: synchronous only where every call may be.
      return this.syncCalls && !this.whileFast ? realpathSync.native(path) : await fsp.realpath(path);
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const entries: Dirent[] = this.syncListing(path) ? this.timed(() => readdirSync(path, { withFileTypes: true })) : await fsp.readdir(path, { withFileTypes: true });
    const folder = this.whileFast ? this.folders.get(path) : undefined;
    if (folder) {
      folder.listing = true;
      this.remember(folder, entries);
    }
    const out: DirEntry[] = [];
    for (const e of entries) {
      if (e.isSymbolicLink()) {
        const target = await this.stat(`${path.replace(/\/$/, '')}/${e.name}`);
        out.push({ name: e.name, type: target?.type ?? 'other', symlink: true });
      } else {
        out.push({ name: e.name, type: typeOf(e) });
      }
    }
    return out;
  }
}

/** The folder holding an absolute POSIX path ("/" for "/a"). */
function parentOf(path: string): string {
  return path.slice(0, Math.max(1, path.lastIndexOf('/')));
}

/**
 * Reads up to `length` bytes from the start of a file through `read` (bytes read into `buf` at `at`).
 * The buffer starts at the size the file reports (plus one byte, to see it is longer) and grows
 * only if more comes: callers ask for large caps (a confinement's byte limit) on small files, and
 * special files report size 0 however much they return.
 */
async function readHead(size: number, length: number, read: (buf: Uint8Array, at: number) => Promise<number>): Promise<Uint8Array> {
  let buf = new Uint8Array(Math.min(length, Math.max(size + 1, 4096)));
  let n = 0;
  while (n < length) {
    if (n === buf.length) {
      const bigger = new Uint8Array(Math.min(length, buf.length * 2));
      bigger.set(buf);
      buf = bigger;
    }
    const got = await read(buf, n);
    if (got === 0) break;
    n += got;
    // A read that stopped short at the size the file had when opened is at its end: no second call
    // to be told so (one system call per file, not two).
    if (n >= size && n < buf.length) break;
  }
  return buf.subarray(0, n);
}
