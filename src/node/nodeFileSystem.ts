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
   * synchronous calls for as long as each one is quick, then asynchronous ones for good. On a local
   * disk a synchronous stat costs the loop a few microseconds where an asynchronous one costs it
   * tens (measured in the extension host: ~0.4 s of a large project's first analysis went to
   * issuing and settling them); the callers give the loop a turn every few milliseconds of work
   * (YieldingFileSystem). A disk that answers slowly (a network mount) must not block the loop:
   * the first call slower than SLOW_CALL_MS ends the synchronous calls.
   */
  synchronous?: boolean | 'while-fast';
  /** What counts as a slow call for 'while-fast' (default SLOW_CALL_MS). */
  slowCallMs?: number;
}

/** A synchronous call slower than this switches a 'while-fast' file system to asynchronous calls. */
export const SLOW_CALL_MS = 20;

/** The core's FileSystem port over node:fs, for the CLI, unit tests and benchmarks. */
export class NodeFileSystem implements FileSystem {
  private syncCalls: boolean;
  private readonly whileFast: boolean;
  private readonly slowCallMs: number;

  constructor(options: NodeFileSystemOptions = {}) {
    this.syncCalls = options.synchronous === true || options.synchronous === 'while-fast';
    this.whileFast = options.synchronous === 'while-fast';
    this.slowCallMs = options.slowCallMs ?? SLOW_CALL_MS;
  }

  /** Whether calls are synchronous now (a 'while-fast' one stops after a slow call). */
  get synchronous(): boolean {
    return this.syncCalls;
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
      const l: Stats | undefined = this.syncCalls ? this.timed(() => lstatSync(path, { throwIfNoEntry: false })) : await fsp.lstat(path);
      if (!l) return undefined;
      if (!l.isSymbolicLink()) return { type: typeOf(l), size: l.isFile() ? l.size : 0, mtime: l.mtimeMs };
      const s: Stats | undefined = this.syncCalls ? this.timed(() => statSync(path, { throwIfNoEntry: false })) : await fsp.stat(path);
      if (!s) return undefined;
      return { type: typeOf(s), size: s.isFile() ? s.size : 0, mtime: s.mtimeMs, symlink: true };
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.syncCalls ? this.timed(() => readFileSync(path)) : fsp.readFile(path);
  }

  async readFileHead(path: string, length: number): Promise<Uint8Array> {
    if (this.syncCalls) {
      const fd = this.timed(() => openSync(path, 'r'));
      try {
        return await readHead(fstatSync(fd).size, length, async (buf, at) => this.timed(() => readSync(fd, buf, at, buf.length - at, at)));
      } finally {
        closeSync(fd);
      }
    }
    const handle = await fsp.open(path, 'r');
    try {
      return await readHead((await handle.stat()).size, length, async (buf, at) => (await handle.read(buf, at, buf.length - at, at)).bytesRead);
    } finally {
      await handle.close();
    }
  }

  async realpath(path: string): Promise<string | undefined> {
    try {
      return this.syncCalls ? this.timed(() => realpathSync.native(path)) : await fsp.realpath(path);
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const entries: Dirent[] = this.syncCalls ? this.timed(() => readdirSync(path, { withFileTypes: true })) : await fsp.readdir(path, { withFileTypes: true });
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
