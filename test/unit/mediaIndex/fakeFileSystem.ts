import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';

type Node =
  | { kind: 'file'; size: number; mtime: number; text?: string }
  | { kind: 'dir'; mtime: number }
  | { kind: 'link'; target: string };

/**
 * An in-memory FileSystem port for the media index tests: files with a size and a modification
 * time (content optional), folders, symbolic links, folders that refuse to be read, and counters of
 * what was asked, so tests can tell that a listing did not stat every entry.
 */
export class FakeFileSystem implements FileSystem {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir', mtime: 0 }]]);
  private readonly children = new Map<string, Set<string>>([['/', new Set()]]);
  readonly denied = new Set<string>();
  stats = 0;
  listings = 0;

  private add(path: string, node: Node): void {
    const parts = path.split('/').filter(Boolean);
    let parent = '/';
    for (let i = 0; i < parts.length; i++) {
      const p = `/${parts.slice(0, i + 1).join('/')}`;
      if (i < parts.length - 1 && !this.nodes.has(p)) {
        this.nodes.set(p, { kind: 'dir', mtime: 0 });
        this.children.set(p, new Set());
      }
      this.children.get(parent)!.add(parts[i]!);
      parent = p;
    }
    this.nodes.set(path, node);
    if (node.kind === 'dir' && !this.children.has(path)) this.children.set(path, new Set());
  }

  file(path: string, options: { size?: number; mtime?: number; text?: string } = {}): this {
    const size = options.text !== undefined ? new TextEncoder().encode(options.text).length : options.size ?? 0;
    this.add(path, { kind: 'file', size, mtime: options.mtime ?? 0, ...(options.text !== undefined ? { text: options.text } : {}) });
    return this;
  }

  dir(path: string): this {
    this.add(path, { kind: 'dir', mtime: 0 });
    return this;
  }

  link(path: string, target: string): this {
    this.add(path, { kind: 'link', target });
    return this;
  }

  remove(path: string): this {
    this.nodes.delete(path);
    const slash = path.lastIndexOf('/');
    this.children.get(path.slice(0, slash) || '/')?.delete(path.slice(slash + 1));
    return this;
  }

  private resolve(path: string, hops = 0): { path: string; node: Node } | undefined {
    if (hops > 40) return undefined;
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

  async stat(path: string): Promise<FileStat | undefined> {
    this.stats++;
    const r = this.resolve(path);
    if (!r) return undefined;
    const symlink = this.nodes.get(path)?.kind === 'link' ? true : undefined;
    if (r.node.kind === 'file') return { type: 'file', size: r.node.size, mtime: r.node.mtime, ...(symlink ? { symlink } : {}) };
    if (r.node.kind === 'dir') return { type: 'directory', size: 0, mtime: r.node.mtime, ...(symlink ? { symlink } : {}) };
    return undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    const r = this.resolve(path);
    if (!r || r.node.kind !== 'file') throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return new TextEncoder().encode(r.node.text ?? '\0'.repeat(r.node.size));
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    this.listings++;
    if (this.denied.has(path)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    const r = this.resolve(path);
    if (!r || r.node.kind !== 'dir') throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    const out: DirEntry[] = [];
    const base = r.path === '/' ? '' : r.path;
    // Reverse insertion order: callers must not depend on the port's order.
    for (const name of [...(this.children.get(r.path) ?? [])].reverse()) {
      const p = `${base}/${name}`;
      const node = this.nodes.get(p);
      if (!node) continue;
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
