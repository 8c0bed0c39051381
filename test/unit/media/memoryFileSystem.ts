import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';

type Node = { kind: 'file'; data: Uint8Array } | { kind: 'dir' } | { kind: 'link'; target: string };

/**
 * An in-memory FileSystem port for tests: files, folders, symbolic links (absolute targets),
 * paths that fail with "permission denied", and a log of what was read.
 */
export class MemoryFileSystem implements FileSystem {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir' }]]);
  readonly denied = new Set<string>();
  readonly reads: string[] = [];
  readonly listed: string[] = [];
  readFileHead?: (path: string, length: number) => Promise<Uint8Array>;

  constructor(options: { ranged?: boolean } = {}) {
    if (options.ranged !== false) {
      this.readFileHead = async (path, length) => {
        const data = await this.readFile(path);
        return data.subarray(0, length);
      };
    }
  }

  private ensureParents(path: string): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join('/')}`;
      if (!this.nodes.has(dir)) this.nodes.set(dir, { kind: 'dir' });
    }
  }

  /** Adds a file (text is UTF-8 encoded), creating its folders. */
  file(path: string, content: string | Uint8Array): this {
    this.ensureParents(path);
    this.nodes.set(path, { kind: 'file', data: typeof content === 'string' ? new TextEncoder().encode(content) : content });
    return this;
  }

  dir(path: string): this {
    this.ensureParents(path);
    this.nodes.set(path, { kind: 'dir' });
    return this;
  }

  link(path: string, target: string): this {
    this.ensureParents(path);
    this.nodes.set(path, { kind: 'link', target });
    return this;
  }

  /** Follows links component by component; undefined for a missing path or a link loop. */
  private resolve(path: string): { path: string; node: Node } | undefined {
    let parts = path.split('/').filter(Boolean);
    let current = '';
    for (let hops = 0, i = 0; i < parts.length; i++) {
      const next = `${current}/${parts[i]}`;
      const node = this.nodes.get(next);
      if (!node) return undefined;
      if (node.kind === 'link') {
        if (++hops > 40) return undefined; // ELOOP
        parts = [...node.target.split('/').filter(Boolean), ...parts.slice(i + 1)];
        current = '';
        i = -1;
        continue;
      }
      current = next;
    }
    const node = this.nodes.get(current || '/');
    return node ? { path: current || '/', node } : undefined;
  }

  private check(path: string): void {
    if (this.denied.has(path)) throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const r = this.resolve(path);
    if (!r) return undefined;
    const symlink = this.nodes.get(path)?.kind === 'link' ? true : undefined;
    if (r.node.kind === 'file') return { type: 'file', size: r.node.data.length, mtime: 0, symlink };
    return { type: 'directory', size: 0, mtime: 0, symlink };
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.check(path);
    const r = this.resolve(path);
    if (!r || r.node.kind !== 'file') throw new Error(`ENOENT: ${path}`);
    this.reads.push(path);
    return r.node.data;
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    this.check(path);
    const r = this.resolve(path);
    if (!r || r.node.kind !== 'dir') throw new Error(`ENOTDIR: ${path}`);
    this.listed.push(path);
    const prefix = r.path === '/' ? '/' : `${r.path}/`;
    const out: DirEntry[] = [];
    // Deliberately not sorted: callers must not depend on the port's order.
    for (const [p, node] of [...this.nodes].reverse()) {
      if (!p.startsWith(prefix) || p === prefix || p.slice(prefix.length).includes('/')) continue;
      const name = p.slice(prefix.length);
      if (node.kind === 'link') {
        const t = this.resolve(p);
        out.push({ name, type: t ? (t.node.kind === 'file' ? 'file' : 'directory') : 'other', symlink: true });
      } else {
        out.push({ name, type: node.kind === 'file' ? 'file' : 'directory' });
      }
    }
    return out;
  }
}
