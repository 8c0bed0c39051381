import { join, basename } from 'pathe';
import type { DirEntry, FileSystem } from '../fileSystem';
import type { DjangoProject } from '../model';
import { SKIPPED_FOLDERS } from './walkProjectFiles';

export interface FindProjectsOptions {
  /** How many folder levels below `folder` to look (0 = only the folder itself). Default 4. */
  maxDepth?: number;
  /** Stop after visiting this many folders (a safety net for enormous workspaces). Default 5,000. */
  maxFolders?: number;
  token?: { readonly aborted: boolean };
}

/** How many folder levels below a workspace folder projects are looked for. */
export const PROJECT_SEARCH_DEPTH = 4;

/** Folder listings in flight at once. */
const READ_AHEAD = 32;

/**
 * Finds every Django project (a folder holding manage.py) under `folder`, breadth-first, bounded in
 * depth and folder count, skipping dependency and cache folders, virtualenvs (pyvenv.cfg) and
 * symlinked folders (so loops cannot trap it). Sorted by path.
 */
export async function findDjangoProjects(
  fs: FileSystem,
  folder: string,
  options: FindProjectsOptions = {},
): Promise<DjangoProject[]> {
  const maxDepth = options.maxDepth ?? PROJECT_SEARCH_DEPTH;
  const maxFolders = options.maxFolders ?? 5000;
  const found: DjangoProject[] = [];
  // Breadth-first, one queue for every level. In the editor each read is a round trip to the
  // workbench: the next READ_AHEAD folders' listings are always in flight (a level waited for its
  // slowest batch before), and they are still taken in queue order.
  const queue: Array<{ dir: string; depth: number }> = [{ dir: folder, depth: 0 }];
  const listings: Array<Promise<DirEntry[] | undefined> | undefined> = [];
  const listing = (k: number) => (listings[k] ??= listOrSkip(fs, queue[k]!.dir));
  for (let i = 0; i < queue.length && i < maxFolders; i++) {
    if (options.token?.aborted) break;
    for (let k = i; k < Math.min(queue.length, i + READ_AHEAD, maxFolders); k++) void listing(k);
    const { dir, depth } = queue[i]!;
    const entries = await listing(i);
    listings[i] = undefined;
    if (!entries) continue; // unreadable folder: skip quietly
    if (entries.some((e) => e.name === 'pyvenv.cfg')) continue;
    const manage = entries.find((e) => e.name === 'manage.py' && e.type === 'file');
    if (manage) found.push({ root: dir, managePy: join(dir, 'manage.py'), name: basename(dir) });
    if (depth >= maxDepth) continue;
    for (const e of entries) {
      if (e.type !== 'directory' || e.symlink) continue;
      if (SKIPPED_FOLDERS.has(e.name) || e.name.startsWith('.')) continue;
      queue.push({ dir: join(dir, e.name), depth: depth + 1 });
    }
  }
  return sortProjects(found);
}

/**
 * The projects among `managePys` (paths of files named manage.py under `folder`, found by another
 * search such as the editor's file index) that {@link findDjangoProjects} would find: within the
 * depth, no folder on the way skipped by name, hidden, a symbolic link or a virtualenv (pyvenv.cfg),
 * and manage.py a file. Each folder on the way is asked about once. Sorted by path.
 */
export async function projectsAmong(fs: FileSystem, folder: string, managePys: readonly string[], options: { maxDepth?: number } = {}): Promise<DjangoProject[]> {
  const maxDepth = options.maxDepth ?? PROJECT_SEARCH_DEPTH;
  const root = folder.length > 1 ? folder.replace(/\/+$/, '') : folder;
  const entered = new Map<string, Promise<boolean>>();
  const isVenv = async (dir: string) => (await fs.stat(join(dir, 'pyvenv.cfg')).catch(() => undefined)) !== undefined;
  const enterable = (dir: string): Promise<boolean> => {
    let p = entered.get(dir);
    if (!p) {
      p = (async () => {
        if (dir === root) return !(await isVenv(dir));
        const parent = dir.slice(0, dir.lastIndexOf('/')) || '/';
        if (!(await enterable(parent))) return false;
        const st = await fs.stat(dir).catch(() => undefined);
        return st?.type === 'directory' && !st.symlink && !(await isVenv(dir));
      })();
      entered.set(dir, p);
    }
    return p;
  };
  const found: DjangoProject[] = [];
  await Promise.all(
    managePys.map(async (managePy) => {
      const dir = managePy.slice(0, managePy.lastIndexOf('/')) || '/';
      if (!managePy.endsWith('/manage.py') || (dir !== root && !dir.startsWith(root === '/' ? '/' : root + '/'))) return;
      const segments = dir === root ? [] : dir.slice(root === '/' ? 1 : root.length + 1).split('/');
      if (segments.length > maxDepth || segments.some((n) => SKIPPED_FOLDERS.has(n) || n.startsWith('.'))) return;
      if (!(await enterable(dir)) || (await fs.stat(managePy).catch(() => undefined))?.type !== 'file') return;
      found.push({ root: dir, managePy: join(dir, 'manage.py'), name: basename(dir) });
    }),
  );
  return sortProjects(found);
}

async function listOrSkip(fs: FileSystem, dir: string) {
  try {
    return await fs.readDirectory(dir);
  } catch {
    return undefined;
  }
}

function sortProjects(projects: DjangoProject[]): DjangoProject[] {
  return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/**
 * Of `known` (some of a folder's projects, found before the whole folder was searched), the one
 * that the search will say holds the file or folder at `path` (the deepest project whose root holds
 * it), when that is certain already: the deepest of them holding `path`, with no manage.py in a
 * folder between its root and `path`, nor in `path` when it is a folder (a project there, not yet
 * known, would be deeper). Undefined
 * when none of them holds it, or a folder on the way has a manage.py or cannot be asked about, or the
 * way is deeper than the search looks.
 */
export async function deepestKnownProject<T extends { readonly project: DjangoProject }>(
  path: string,
  known: readonly T[],
  isFile: (path: string) => Promise<boolean | undefined>,
): Promise<T | undefined> {
  let best: T | undefined;
  for (const k of known) if (holds(k.project.root, path) && (!best || k.project.root.length > best.project.root.length)) best = k;
  if (!best) return undefined;
  const root = best.project.root;
  let looked = 0;
  for (let dir = path; dir !== root && holds(root, dir); dir = parentFolder(dir)) {
    if (++looked > PROJECT_SEARCH_DEPTH + 1) return undefined;
    // A manage.py, or a folder that cannot tell: maybe a deeper project.
    if ((await isFile(join(dir, 'manage.py')).catch(() => undefined)) !== false) return undefined;
  }
  return best;
}

function holds(root: string, path: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

function parentFolder(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}
