/**
 * FileSystem wrappers for the editor's check runs. The open documents come in through a lookup
 * function, so unit tests drive them with plain objects.
 */
import { join } from 'pathe';
import type { DirEntry, FileStat, FileSystem } from '../fileSystem';

/** Where an open editor buffer stands. */
export interface BufferState {
  version: number;
  isDirty: boolean;
}

/** An open editor buffer as the checks may see it. */
export interface OpenBuffer extends BufferState {
  text: string;
}

/** What a check run read for a file: the buffer at that version, or the file on disk. */
export type ServedContent = number | 'disk';

const encoder = new TextEncoder();

/**
 * Serves unsaved editor buffers instead of the files on disk, so that template findings follow
 * what the user is typing, and records what each read returned: a quick fix computed from that
 * text is offered only while the text is still the same. Files the project model was built from
 * are always read from disk — the model's ranges point into the saved file, and mixing the two
 * would put fixes at the wrong offsets.
 */
export class OverlayFileSystem implements FileSystem {
  private readonly servedContent = new Map<string, ServedContent>();

  constructor(
    private readonly inner: FileSystem,
    private readonly bufferOf: (path: string) => OpenBuffer | undefined,
    private readonly diskOnly: (path: string) => boolean,
  ) {}

  /** What each file read so far was served from. */
  get served(): ReadonlyMap<string, ServedContent> {
    return this.servedContent;
  }

  private dirtyBuffer(path: string): OpenBuffer | undefined {
    if (this.diskOnly(path)) return undefined;
    const b = this.bufferOf(path);
    return b?.isDirty ? b : undefined;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const b = this.dirtyBuffer(path);
    if (!b) return this.inner.stat(path);
    const onDisk = await this.inner.stat(path);
    return { type: 'file', size: encoder.encode(b.text).length, mtime: onDisk?.mtime ?? 0 };
  }

  async readFile(path: string): Promise<Uint8Array> {
    const b = this.dirtyBuffer(path);
    if (b) {
      this.servedContent.set(path, b.version);
      return encoder.encode(b.text);
    }
    const data = await this.inner.readFile(path);
    if (!this.servedContent.has(path)) this.servedContent.set(path, 'disk');
    return data;
  }

  readDirectory(path: string): Promise<DirEntry[]> {
    return this.inner.readDirectory(path);
  }
}

/** True when a fix computed from content `served` may still be applied to a file whose buffer is `now`. */
export function stillCurrent(served: ServedContent | undefined, now: BufferState | undefined): boolean {
  if (!now || !now.isDirty) return served === undefined || served === 'disk' || !now || now.version === served;
  return typeof served === 'number' && served === now.version;
}

/** Names kept in every listing: the walks decide from them to skip a folder (a virtualenv). */
const MARKER_NAMES = new Set(['pyvenv.cfg']);

/**
 * Lists only the entries on the way to `targets`, so that the core's project walks — with all
 * their rules about which folders count — visit exactly those files and nothing else. A check run
 * through it over a template that changed costs a handful of directory reads instead of a walk of
 * the whole project.
 */
export class PathFilterFileSystem implements FileSystem {
  private readonly targets: readonly string[];

  constructor(
    private readonly inner: FileSystem,
    targets: Iterable<string>,
  ) {
    this.targets = [...targets];
  }

  stat(path: string): Promise<FileStat | undefined> {
    return this.inner.stat(path);
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }

  async readDirectory(dir: string): Promise<DirEntry[]> {
    const entries = await this.inner.readDirectory(dir);
    return entries.filter((e) => {
      if (MARKER_NAMES.has(e.name)) return true;
      const p = join(dir, e.name);
      return this.targets.some((t) => t === p || t.startsWith(p + '/'));
    });
  }
}

/** Cached file contents beyond this many bytes are dropped (all at once: rare, and simple). */
const MAX_CACHED_BYTES = 32 * 1024 * 1024;

/**
 * Remembers what the file system answered between check runs, until a file event says otherwise.
 * In VS Code every call is a round trip to the file system provider, and the checks ask one
 * question after another: a run that mostly asks again what the previous run asked is then CPU
 * work only. Only paths the caller's file events cover are remembered (`cacheable`); answers for
 * other paths — above the workspace folder, or excluded from watching — are always fresh.
 */
export class CachingFileSystem implements FileSystem {
  private readonly stats = new Map<string, Promise<FileStat | undefined>>();
  private readonly files = new Map<string, Promise<Uint8Array>>();
  private readonly dirs = new Map<string, Promise<DirEntry[]>>();
  private bytes = 0;

  /**
   * `options.contents: false` remembers stats and folder listings only: the CLI's single run, where
   * every walk lists the same folders but holding every source read would only grow the process.
   */
  /** Forwarded from the inner file system when it has them (a confining one always does). */
  readonly denial?: (path: string) => Promise<string | undefined>;
  readonly realpath?: (path: string) => Promise<string | undefined>;
  readonly readFileHead?: (path: string, length: number) => Promise<Uint8Array>;

  constructor(
    private readonly inner: FileSystem,
    private readonly cacheable: (path: string) => boolean,
    private readonly options: { contents?: boolean } = {},
  ) {
    if (inner.denial) this.denial = (p) => inner.denial!(p);
    if (inner.realpath) this.realpath = (p) => inner.realpath!(p);
    if (inner.readFileHead) this.readFileHead = (p, n) => inner.readFileHead!(p, n);
  }

  stat(path: string): Promise<FileStat | undefined> {
    if (!this.cacheable(path)) return this.inner.stat(path);
    let p = this.stats.get(path);
    if (!p) {
      p = this.inner.stat(path);
      this.stats.set(path, p);
    }
    return p;
  }

  readFile(path: string): Promise<Uint8Array> {
    if (!this.cacheable(path) || this.options.contents === false) return this.inner.readFile(path);
    let p = this.files.get(path);
    if (!p) {
      p = this.inner.readFile(path);
      this.files.set(path, p);
      p.then(
        (data) => {
          this.bytes += data.length;
          if (this.bytes > MAX_CACHED_BYTES) {
            this.files.clear();
            this.bytes = 0;
          }
        },
        () => this.forget(this.files, path, p!),
      );
    }
    return p;
  }

  readDirectory(path: string): Promise<DirEntry[]> {
    if (!this.cacheable(path)) return this.inner.readDirectory(path);
    let p = this.dirs.get(path);
    if (!p) {
      const listing = this.inner.readDirectory(path);
      this.dirs.set(path, (p = listing));
      // A folder that does not exist is an answer the file events keep current (its creation
      // makes it stale), and the finders ask for hundreds of them on every run (an app without
      // static/<prefix>/): each would be a failed round trip. Any other failure is not kept.
      listing.catch(async () => {
        if ((await this.stat(path).catch(() => null)) !== undefined) this.forget(this.dirs, path, listing);
      });
    }
    return p;
  }

  /**
   * Forgets what a file event makes stale: the path itself; for a creation or deletion also
   * everything below it (a folder event stands for its content) and its folder's listing.
   */
  invalidate(path: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.stats.delete(path);
    this.files.delete(path);
    this.dirs.delete(path);
    if (kind === 'changed') return;
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const m of [this.stats, this.files, this.dirs] as Array<Map<string, unknown>>) {
      for (const k of [...m.keys()]) if (k.startsWith(prefix)) m.delete(k);
    }
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    this.dirs.delete(parent);
  }

  /** True when answers for `path` are remembered. */
  covers(path: string): boolean {
    return this.cacheable(path);
  }

  /** Forgets everything. */
  clear(): void {
    this.stats.clear();
    this.files.clear();
    this.dirs.clear();
    this.bytes = 0;
  }

  private forget<T>(m: Map<string, Promise<T>>, path: string, p: Promise<T>): void {
    // A failed read is not an answer to keep (the file may be readable a moment later).
    if (m.get(path) === p) m.delete(path);
  }
}
