import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import type { ProjectModel } from '../../../src/core/model';

const encoder = new TextEncoder();

/**
 * An in-memory FileSystem for the editor tests: files with a settable modification time, folders,
 * and counters of what was stat'ed, read and listed (to prove caching and "no stat per entry").
 */
export class TestFileSystem implements FileSystem {
  readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  readonly folders = new Map<string, number>([['/', 1]]);
  stats = 0;
  reads = 0;
  /** Every path read (whole or head), in order. */
  readPaths: string[] = [];
  listings = 0;
  /** Folder mtimes follow entry changes unless frozen (a file system without mtimes reports 0). */
  noMtime = false;
  /** Resolves pending directory reads only when called (to test the listing budget). */
  gate: Promise<void> | undefined;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.write(p, c);
  }

  write(path: string, content: string | Uint8Array, mtime = 1000): this {
    this.files.set(path, { data: typeof content === 'string' ? encoder.encode(content) : content, mtime });
    this.touchParents(path);
    return this;
  }

  mkdir(path: string): this {
    if (!this.folders.has(path)) {
      this.folders.set(path, 1);
      this.touchParents(path);
    }
    return this;
  }

  remove(path: string): void {
    this.files.delete(path);
    this.touchParents(path);
  }

  private touchParents(path: string): void {
    let p = path.slice(0, path.lastIndexOf('/')) || '/';
    const first = p;
    for (;;) {
      const old = this.folders.get(p);
      // Like a real file system: only the direct parent's mtime changes when an entry is added.
      this.folders.set(p, p === first ? (old ?? 1) + 1 : (old ?? 1));
      if (p === '/') break;
      p = p.slice(0, p.lastIndexOf('/')) || '/';
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    this.stats++;
    const f = this.files.get(path);
    if (f) return { type: 'file', size: f.data.length, mtime: f.mtime };
    const d = this.folders.get(path);
    if (d !== undefined) return { type: 'directory', size: 0, mtime: this.noMtime ? 0 : d };
    return undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.reads++;
    this.readPaths.push(path);
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT ${path}`);
    return f.data;
  }

  async readFileHead(path: string, length: number): Promise<Uint8Array> {
    return (await this.readFile(path)).subarray(0, length);
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    if (this.gate) await this.gate;
    this.listings++;
    if (!this.folders.has(path)) throw new Error(`ENOTDIR ${path}`);
    const prefix = path === '/' ? '/' : `${path}/`;
    const out: DirEntry[] = [];
    for (const p of this.files.keys()) if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push({ name: p.slice(prefix.length), type: 'file' });
    for (const p of this.folders.keys()) if (p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push({ name: p.slice(prefix.length), type: 'directory' });
    return out.reverse(); // callers must not rely on the port's order
  }
}

function bytes(...parts: Array<number[] | string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A PNG header (signature + IHDR) of the given size, padded to `total` bytes. */
export function png(width: number, height: number, total = 100): Uint8Array {
  const head = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 6, 0, 0, 0], [0, 0, 0, 0]);
  const out = new Uint8Array(Math.max(total, head.length));
  out.set(head);
  return out;
}

/** manage.py selecting a settings module. */
export function managePy(module: string): string {
  return `import os\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;
}

/** Analyses the project whose manage.py is in `root`. */
export function analyze(fs: FileSystem, root = '/ws'): Promise<ProjectModel> {
  return analyzeProject(fs, { root, managePy: `${root}/manage.py`, name: root.slice(root.lastIndexOf('/') + 1) });
}

/** A project at /ws with the given settings module text (site/settings.py) plus more files. */
export function project(settings: string, files: Record<string, string | Uint8Array> = {}): TestFileSystem {
  return new TestFileSystem({
    '/ws/manage.py': managePy('site.settings'),
    '/ws/site/__init__.py': '',
    '/ws/site/settings.py': settings,
    ...files,
  });
}
