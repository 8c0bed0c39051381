/**
 * An in-memory FileSystem port for unit tests: absolute POSIX paths, folders implied by the files
 * they contain (or created empty with mkdir), optional symlink markers, and counters to assert
 * how often the core touched the disk.
 */
import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';

interface Entry {
  data: Uint8Array;
  mtime: number;
}

const encoder = new TextEncoder();

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Entry>();
  private readonly dirs = new Set<string>(['/']);
  private readonly links = new Set<string>();
  private clock = 1_000;
  /** Number of stat / readFile / readDirectory calls (for cache tests). */
  readonly calls = { stat: 0, readFile: 0, readDirectory: 0 };

  /** `files`: path -> content. Paths must be absolute. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.write(p, c);
  }

  /** Creates or replaces a file (and its parent folders); bumps its mtime. */
  write(path: string, content: string | Uint8Array): this {
    const p = normalize(path);
    const data = typeof content === 'string' ? encoder.encode(content) : content;
    this.files.set(p, { data, mtime: ++this.clock });
    this.addParents(p);
    return this;
  }

  /** Creates an empty folder. */
  mkdir(path: string): this {
    const p = normalize(path);
    this.dirs.add(p);
    this.addParents(p);
    return this;
  }

  /** Deletes a file. */
  remove(path: string): this {
    this.files.delete(normalize(path));
    return this;
  }

  /** Marks an existing file or folder as being a symbolic link (its type stays the target's). */
  markSymlink(path: string): this {
    this.links.add(normalize(path));
    return this;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    this.calls.stat++;
    const p = normalize(path);
    const f = this.files.get(p);
    const symlink = this.links.has(p) ? { symlink: true } : {};
    if (f) return { type: 'file', size: f.data.length, mtime: f.mtime, ...symlink };
    if (this.dirs.has(p)) return { type: 'directory', size: 0, mtime: 0, ...symlink };
    return undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.calls.readFile++;
    const f = this.files.get(normalize(path));
    if (!f) throw new Error(`ENOENT: ${path}`);
    return f.data;
  }

  async readFileHead(path: string, length: number): Promise<Uint8Array> {
    const data = await this.readFile(path);
    return data.subarray(0, length);
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    this.calls.readDirectory++;
    const p = normalize(path);
    if (!this.dirs.has(p)) throw new Error(`ENOTDIR: ${path}`);
    const prefix = p === '/' ? '/' : p + '/';
    const out = new Map<string, DirEntry>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const name = rest.split('/')[0];
      out.set(name, { name, type: rest.includes('/') ? 'directory' : 'file' });
    }
    for (const d of this.dirs) {
      if (!d.startsWith(prefix) || d === p) continue;
      const name = d.slice(prefix.length).split('/')[0];
      if (!out.has(name)) out.set(name, { name, type: 'directory' });
    }
    return [...out.values()].map((e) => (this.links.has(prefix + e.name) ? { ...e, symlink: true } : e)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  private addParents(p: string): void {
    let cur = p;
    for (;;) {
      const i = cur.lastIndexOf('/');
      cur = i <= 0 ? '/' : cur.slice(0, i);
      this.dirs.add(cur);
      if (cur === '/') break;
    }
  }
}

function normalize(p: string): string {
  if (!p.startsWith('/')) throw new Error(`MemoryFileSystem needs absolute paths: ${p}`);
  const out = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return out || '/';
}
