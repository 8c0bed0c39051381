/**
 * The in-memory FileSystem port of the unit tests: absolute POSIX paths, folders implied by what
 * they contain (or created empty with mkdir), symbolic links (real ones with link(), resolved on
 * every access so loops are real, or markers with markSymlink()), paths that fail with "permission
 * denied", modification times (a folder's changes when an entry is added or removed, as on disk),
 * lazy contents (a file given by size allocates its NUL bytes only when read), a gate that holds
 * folder listings back, and counters and logs to assert how often the core touched the disk.
 */
import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';

/** A file holds its bytes, or only a size: NUL bytes made when read, so 100,000 files cost nothing. */
type Node = { kind: 'file'; data: Uint8Array | number; mtime: number } | { kind: 'dir'; mtime: number } | { kind: 'link'; target: string };

/** A file by its content (text is UTF-8 encoded), or by size (NUL bytes) and modification time. */
export type FileContent = string | Uint8Array | { text?: string | Uint8Array; size?: number; mtime?: number };

export interface MemoryFileSystemOptions {
  /** Offer readFileHead (true by default). */
  ranged?: boolean;
  /** List folders in reverse order of creation instead of by name, so callers cannot depend on the order. */
  unsorted?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class MemoryFileSystem implements FileSystem {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir', mtime: 0 }]]);
  private readonly children = new Map<string, Set<string>>([['/', new Set()]]);
  private readonly marked = new Set<string>();
  private readonly unsorted: boolean;
  private clock = 1_000;
  /** Paths whose readFile / readDirectory fail with EACCES. */
  readonly denied = new Set<string>();
  /** Number of stat / readFile / readDirectory calls (for cache tests). */
  readonly calls = { stat: 0, readFile: 0, readDirectory: 0 };
  /** The files read successfully, in order. */
  readonly reads: string[] = [];
  /** Every folder listing asked for, in order. */
  readonly listed: string[] = [];
  /** Every request in order, as "stat <path>", "read <path>" (failed ones too) or "dir <path>". */
  readonly log: string[] = [];
  /** Folders report modification time 0, as a file system without folder mtimes does. */
  noFolderMtimes = false;
  /** While set, folder listings wait for it (to test requests that overlap). */
  gate: Promise<void> | undefined;
  readFileHead?: (path: string, length: number) => Promise<Uint8Array>;

  /** `files`: path -> content, written in order. Paths must be absolute. */
  constructor(files: Record<string, string | Uint8Array> = {}, options: MemoryFileSystemOptions = {}) {
    this.unsorted = options.unsorted ?? false;
    if (options.ranged !== false) this.readFileHead = async (path, length) => bytesOf(this.open(path), length);
    for (const [p, c] of Object.entries(files)) this.write(p, c);
  }

  /** Number of stat calls. */
  get stats(): number {
    return this.calls.stat;
  }

  /** Number of readDirectory calls. */
  get listings(): number {
    return this.calls.readDirectory;
  }

  /** Creates or replaces a file (and its parent folders), modified at `mtime` (0 by default). */
  file(path: string, content: FileContent = {}): this {
    const { text, size = 0, mtime = 0 } = typeof content === 'string' || content instanceof Uint8Array ? { text: content } : content;
    const data = typeof text === 'string' ? encoder.encode(text) : text ?? size;
    this.add(normalize(path), { kind: 'file', data, mtime });
    return this;
  }

  /** Creates or replaces a file (and its parent folders); bumps its mtime. */
  write(path: string, content: string | Uint8Array): this {
    const data = typeof content === 'string' ? encoder.encode(content) : content;
    this.add(normalize(path), { kind: 'file', data, mtime: ++this.clock });
    return this;
  }

  /** Creates an empty folder (and its parents). */
  mkdir(path: string): this {
    const p = normalize(path);
    if (this.nodes.get(p)?.kind !== 'dir') this.add(p, { kind: 'dir', mtime: 0 });
    return this;
  }

  /** Creates a symbolic link to an absolute target. */
  link(path: string, target: string): this {
    this.add(normalize(path), { kind: 'link', target });
    return this;
  }

  /** Marks an existing file or folder as being a symbolic link (its type stays the target's). */
  markSymlink(path: string): this {
    this.marked.add(normalize(path));
    return this;
  }

  /** Deletes a file, folder or link (not what a folder contains). */
  remove(path: string): this {
    const p = normalize(path);
    this.nodes.delete(p);
    if (this.children.get(parentOf(p))?.delete(p.slice(p.lastIndexOf('/') + 1))) this.touch(parentOf(p));
    return this;
  }

  /** A file's text, without counting as a read; undefined when there is no such file. */
  text(path: string): string | undefined {
    const node = this.nodes.get(normalize(path));
    return node?.kind === 'file' ? decoder.decode(bytesOf(node.data)) : undefined;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    this.calls.stat++;
    this.log.push(`stat ${path}`);
    const p = normalize(path);
    const r = this.resolve(p);
    if (!r || r.node.kind === 'link') return undefined;
    // As lstat: the last component is a link, wherever links above it lead.
    const parent = p === '/' ? undefined : this.resolve(parentOf(p));
    const own = parent ? this.nodes.get(`${parent.path === '/' ? '' : parent.path}${p.slice(p.lastIndexOf('/'))}`) : undefined;
    const symlink = this.marked.has(p) || this.nodes.get(p)?.kind === 'link' || own?.kind === 'link' ? { symlink: true } : {};
    if (r.node.kind === 'file') return { type: 'file', size: sizeOf(r.node.data), mtime: r.node.mtime, ...symlink };
    return { type: 'directory', size: 0, mtime: this.noFolderMtimes ? 0 : r.node.mtime, ...symlink };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return bytesOf(this.open(path));
  }

  async realpath(path: string): Promise<string | undefined> {
    const r = this.resolve(normalize(path));
    return r && r.node.kind !== 'link' ? r.path : undefined;
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    if (this.gate) await this.gate;
    this.calls.readDirectory++;
    this.listed.push(path);
    this.log.push(`dir ${path}`);
    const p = normalize(path);
    this.check(p, 'scandir');
    const r = this.resolve(p);
    if (!r) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    if (r.node.kind !== 'dir') throw Object.assign(new Error(`ENOTDIR: ${path}`), { code: 'ENOTDIR' });
    const base = r.path === '/' ? '' : r.path;
    const names = [...(this.children.get(r.path) ?? [])];
    const out: DirEntry[] = [];
    for (const name of this.unsorted ? names.reverse() : names.sort((a, b) => (a < b ? -1 : 1))) {
      const child = `${base}/${name}`;
      const node = this.nodes.get(child);
      if (!node) continue;
      if (node.kind === 'link') {
        const t = this.resolve(child);
        out.push({ name, type: t ? (t.node.kind === 'file' ? 'file' : 'directory') : 'other', symlink: true });
      } else {
        out.push({ name, type: node.kind === 'file' ? 'file' : 'directory', ...(this.marked.has(child) ? { symlink: true } : {}) });
      }
    }
    return out;
  }

  /** Counts and logs a read; the file's stored content (bytes or size). */
  private open(path: string): Uint8Array | number {
    this.calls.readFile++;
    this.log.push(`read ${path}`);
    const p = normalize(path);
    this.check(p, 'open');
    const r = this.resolve(p);
    if (!r || r.node.kind !== 'file') throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    this.reads.push(path);
    return r.node.data;
  }

  private check(path: string, syscall: string): void {
    if (this.denied.has(path)) throw Object.assign(new Error(`EACCES: permission denied, ${syscall} '${path}'`), { code: 'EACCES' });
  }

  /** Adds a node, creating its missing parent folders. */
  private add(path: string, node: Node): void {
    const parts = path.split('/').filter(Boolean);
    let parent = '/';
    for (let i = 0; i < parts.length; i++) {
      const p = `/${parts.slice(0, i + 1).join('/')}`;
      if (i < parts.length - 1 && !this.nodes.has(p)) this.nodes.set(p, { kind: 'dir', mtime: 0 });
      if (!this.children.has(p) && i < parts.length - 1) this.children.set(p, new Set());
      const siblings = this.children.get(parent)!;
      if (!siblings.has(parts[i]!)) {
        siblings.add(parts[i]!);
        this.touch(parent);
      }
      parent = p;
    }
    this.nodes.set(path, node);
    if (node.kind === 'dir' && !this.children.has(path)) this.children.set(path, new Set());
  }

  /** A folder's modification time moves when an entry is added to it or removed from it. */
  private touch(folder: string): void {
    const node = this.nodes.get(folder);
    if (node?.kind === 'dir') node.mtime = ++this.clock;
  }

  /** Follows links component by component; undefined for a missing path or a link loop. */
  private resolve(path: string, hops = 0): { path: string; node: Node } | undefined {
    if (hops > 40) return undefined; // ELOOP
    const parts = path.split('/').filter(Boolean);
    let current = '';
    for (let i = 0; i < parts.length; i++) {
      const next = `${current}/${parts[i]}`;
      const node = this.nodes.get(next);
      if (!node) return undefined;
      if (node.kind === 'link') {
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? `${node.target}/${rest}` : node.target, hops + 1);
      }
      current = next;
    }
    const node = this.nodes.get(current || '/');
    return node ? { path: current || '/', node } : undefined;
  }
}

function normalize(p: string): string {
  if (!p.startsWith('/')) throw new Error(`MemoryFileSystem needs absolute paths: ${p}`);
  const out = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return out || '/';
}

function parentOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

function sizeOf(data: Uint8Array | number): number {
  return typeof data === 'number' ? data : data.length;
}

/** The bytes (the first `length` of them): stored ones, or NUL bytes for a file given by size. */
function bytesOf(data: Uint8Array | number, length = Infinity): Uint8Array {
  if (typeof data === 'number') return new Uint8Array(Math.min(data, length));
  return length < data.length ? data.subarray(0, length) : data;
}
