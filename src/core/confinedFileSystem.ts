/**
 * The one place that decides what the analysis may read. A workspace can be hostile (a cloned
 * repository, a pull request checked in CI): settings code may name any path (`open("/etc/passwd")`,
 * a `..` chain, a symlink to `/proc/self/pagemap`), and whatever it reads can end up in hovers, CLI
 * output and CI logs. Every reader of the core — evaluator, URLconf walk, project walks, checks —
 * goes through a ConfinedFileSystem, which allows:
 *  - paths inside one of its roots (the workspace folder, the folder of manage.py) after links are
 *    resolved (with the port's `realpath`; a port without one may not pass through any link);
 *  - the extra files the user named (configured env files), exactly;
 *  - with `gitIgnoreFiles`, git's ignore rules above the roots: `.git` (a stat: where the work tree
 *    starts), `.gitignore` and `.git/info/exclude` in the roots' ancestor folders, never through a
 *    link — "are uploads committed?" needs the rules of the repository the project sits in;
 *  - regular files only, read up to a byte cap counted on the bytes actually read (a special file
 *    reports size 0 and never ends).
 * Anything else behaves as missing for `stat`, and rejects with an OutsideProjectError for reads, so
 * that callers that must say "unknown" (rather than "does not exist") can tell the two apart with
 * `denial()`.
 */
import { normalize } from 'pathe';
import { MAX_TEXT_FILE_BYTES, type DirEntry, type FileStat, type FileSystem } from './fileSystem';

/** A read refused because the path is outside the project, a link out of it, or not a regular file. */
export class OutsideProjectError extends Error {
  readonly code = 'EOUTSIDE';
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

/** What a ConfinedFileSystem allows. */
export interface Confinement {
  /** Absolute POSIX folders whose contents may be read (the workspace folder, the project root). */
  roots: readonly string[];
  /** Absolute paths of single files outside the roots that may be read (user-configured env files). */
  files?: readonly string[];
  /** Bytes a single read may return; larger files are refused. Default: 8 × MAX_TEXT_FILE_BYTES. */
  maxFileBytes?: number;
  /** Also allow git's ignore files in the roots' ancestor folders (see the module comment). */
  gitIgnoreFiles?: boolean;
  /**
   * The tree does not change while this file system is used (one CLI run): each path is stat'ed and
   * each real path resolved at most once, a path's real path being its folder's plus its own name
   * unless the path itself is a link. Never for a long-lived file system: a link created later
   * would be resolved with the old answer. Needs a port whose `stat` reports `symlink`.
   */
  unchangingTree?: boolean;
}

const GIT_IGNORE_NAMES = ['/.git', '/.gitignore', '/.git/info/exclude'];

/** The reason given for everything outside the roots. */
export const OUTSIDE_PROJECT = 'outside the project';

/** True when `path` is `root` or below it (both normalised, absolute). */
export function isWithin(root: string, path: string): boolean {
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function clean(path: string): string {
  const n = normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** A FileSystem that reads only what a Confinement allows; see the module comment. */
export class ConfinedFileSystem implements FileSystem {
  private readonly roots: string[];
  private readonly files: Set<string>;
  private readonly maxFileBytes: number;
  private readonly gitIgnoreFiles: boolean;
  private realRoots: Promise<string[]> | undefined;
  /** With `unchangingTree`: what the inner port answered, per normalised path. */
  private readonly memo: { stats: Map<string, Promise<FileStat | undefined>>; reals: Map<string, Promise<string | undefined>> } | undefined;

  constructor(private readonly inner: FileSystem, confinement: Confinement) {
    this.roots = confinement.roots.map(clean);
    this.files = new Set((confinement.files ?? []).map(clean));
    this.maxFileBytes = confinement.maxFileBytes ?? 8 * MAX_TEXT_FILE_BYTES;
    this.gitIgnoreFiles = confinement.gitIgnoreFiles ?? false;
    this.memo = confinement.unchangingTree ? { stats: new Map(), reals: new Map() } : undefined;
  }

  private innerStat(p: string): Promise<FileStat | undefined> {
    if (!this.memo) return this.inner.stat(p);
    let st = this.memo.stats.get(p);
    if (!st) this.memo.stats.set(p, (st = this.inner.stat(p)));
    return st;
  }

  /** The inner port's real path of the normalised path `p` (only called when it has realpath). */
  private innerRealpath(p: string): Promise<string | undefined> {
    const realpath = (q: string) => this.inner.realpath!(q);
    if (!this.memo) return realpath(p);
    let real = this.memo.reals.get(p);
    if (!real) {
      real = (async () => {
        if (p === '/') return realpath(p);
        const st = await this.innerStat(p);
        if (!st) return undefined;
        if (st.symlink) return realpath(p);
        const cut = p.lastIndexOf('/');
        const folder = await this.innerRealpath(p.slice(0, cut) || '/');
        if (folder === undefined) return undefined;
        return `${folder === '/' ? '' : folder}/${p.slice(cut + 1)}`;
      })();
      this.memo.reals.set(p, real);
    }
    return real;
  }

  /** The confinement's roots, normalised. */
  get allowedRoots(): readonly string[] {
    return this.roots;
  }

  /**
   * Why `path` may not be read, or undefined when it may (whether or not it exists). Callers that
   * would otherwise report "missing" use it to report an unknown with this reason instead.
   */
  async denial(path: string): Promise<string | undefined> {
    if (!path.startsWith('/')) return 'not an absolute path';
    const p = clean(path);
    if (this.files.has(p)) return undefined;
    const root = this.roots.find((r) => isWithin(r, p));
    if (!root) return this.isAncestorGitFile(p) && !(await this.passesThroughLink(p)) ? undefined : OUTSIDE_PROJECT;
    if (this.inner.realpath) {
      const real = await this.innerRealpath(p);
      if (real === undefined) return undefined; // does not exist (or a dangling link): reads fail anyway
      const realRoots = await this.resolvedRoots();
      return realRoots.some((r) => isWithin(r, real)) || this.files.has(real) ? undefined : `${OUTSIDE_PROJECT} (a symbolic link leads out of it)`;
    }
    // No way to resolve links here: refuse any path that passes through one below the root.
    const parts = p.slice(root.length).split('/').filter(Boolean);
    let current = root;
    for (const part of parts) {
      current = current === '/' ? `/${part}` : `${current}/${part}`;
      const st = await this.innerStat(current);
      if (!st) return undefined;
      if (st.symlink) return `${OUTSIDE_PROJECT} (a symbolic link that cannot be resolved here)`;
    }
    return undefined;
  }

  // Every operation works on the normalised path it checked: with `l -> /etc/x`, the raw path
  // "l/../passwd" would reach /etc/passwd while its normalised form "passwd" looks inside.
  private isAncestorGitFile(p: string): boolean {
    if (!this.gitIgnoreFiles) return false;
    const name = GIT_IGNORE_NAMES.find((n) => p.endsWith(n));
    if (!name) return false;
    const dir = p.slice(0, -name.length) || '/';
    return this.roots.some((r) => isWithin(dir, r));
  }

  /** True when `p` is not its own real path (some component is a link). */
  private async passesThroughLink(p: string): Promise<boolean> {
    if (this.inner.realpath) {
      const real = await this.innerRealpath(p);
      return real !== undefined && real !== p;
    }
    let current = '';
    for (const part of p.split('/').filter(Boolean)) {
      current += `/${part}`;
      const st = await this.innerStat(current);
      if (!st) return false;
      if (st.symlink) return true;
    }
    return false;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    if (await this.denial(path)) return undefined;
    return this.innerStat(clean(path));
  }

  async readFile(raw: string): Promise<Uint8Array> {
    const { path, size } = await this.checkReadable(raw);
    if (this.inner.readFileHead) {
      // Counted on the bytes read: /proc files and devices report size 0 and never end.
      const bytes = await this.inner.readFileHead(path, this.maxFileBytes + 1, size);
      if (bytes.length > this.maxFileBytes) throw new OutsideProjectError(path, `larger than ${this.maxFileBytes} bytes`);
      return bytes;
    }
    const bytes = await this.inner.readFile(path);
    if (bytes.length > this.maxFileBytes) throw new OutsideProjectError(path, `larger than ${this.maxFileBytes} bytes`);
    return bytes;
  }

  async readFileHead(raw: string, length: number): Promise<Uint8Array> {
    const { path, size } = await this.checkReadable(raw);
    const n = Math.min(length, this.maxFileBytes);
    if (this.inner.readFileHead) return this.inner.readFileHead(path, n, size);
    return (await this.inner.readFile(path)).subarray(0, n);
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const why = await this.denial(path);
    if (why) throw new OutsideProjectError(path, why);
    return this.inner.readDirectory(clean(path));
  }

  async realpath(path: string): Promise<string | undefined> {
    if (await this.denial(path)) return undefined;
    return this.inner.realpath ? this.innerRealpath(clean(path)) : clean(path);
  }

  /** The normalised path and its size when it may be read as a file; rejects otherwise. */
  private async checkReadable(raw: string): Promise<{ path: string; size: number }> {
    const why = await this.denial(raw);
    if (why) throw new OutsideProjectError(raw, why);
    const path = clean(raw);
    const st = await this.innerStat(path);
    if (!st) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    if (st.type !== 'file') throw new OutsideProjectError(path, st.type === 'directory' ? 'a folder, not a file' : 'not a regular file');
    if (st.size > this.maxFileBytes) throw new OutsideProjectError(path, `larger than ${this.maxFileBytes} bytes`);
    return { path, size: st.size };
  }

  private resolvedRoots(): Promise<string[]> {
    this.realRoots ??= Promise.all(this.roots.map(async (r) => (this.inner.realpath ? await this.innerRealpath(r) : undefined) ?? r));
    return this.realRoots;
  }
}
