import { normalize } from 'pathe';
import type { DirEntry, FileSystem } from '../fileSystem';

// Dependencies, caches and build output: never a project's own sources.
const DEPENDENCY_AND_BUILD_FOLDERS = ['node_modules', 'bower_components', '__pycache__', 'site-packages', 'dist', 'build'];

/**
 * Folders project discovery and the checks' workspace walk never enter: dependencies, caches, build
 * output, VCS data, virtualenvs by their usual names. (Every walk skips dot-folders anyway.)
 */
export const SKIPPED_FOLDERS = new Set([
  ...DEPENDENCY_AND_BUILD_FOLDERS, 'venv', 'env',
  '.git', '.hg', '.svn', '.tox', '.nox', '.venv', '.env', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.idea',
  '.vscode', '.cache', '.direnv',
]);

/**
 * Folders the source walks (media references, storage-name mentions) never enter: dependencies,
 * caches, build output and coverage reports (whose .html pages are not templates). Unlike
 * SKIPPED_FOLDERS it does not skip "venv"/"env" by name: there only pyvenv.cfg marks a virtualenv.
 */
export const SKIPPED_SOURCE_FOLDERS: ReadonlySet<string> = new Set([...DEPENDENCY_AND_BUILD_FOLDERS, 'htmlcov']);

/** Bounds of one walk. A bound that stops the walk makes the result `truncated`. */
export interface WalkBounds {
  /** Folder depth below the walked folder (0: only its own files). */
  maxDepth: number;
  /** Directory entries looked at in total (files and folders, kept or not). */
  maxEntries: number;
  /** Files kept at most. */
  maxFiles: number;
  /** Folders listed at most (unreadable ones included). */
  maxFolders: number;
}

/** How walkProjectFiles decides what to enter and what to keep. */
export interface WalkOptions<K, S> {
  /** Whether a file is kept and how: its kind, or undefined to leave it out. `folder` is its folder's state. */
  classify(name: string, path: string, folder: S): K | undefined;
  /** The state of a folder ("inside templates/"…), computed once when the folder is entered; `parent`
   *  is undefined for the walked folder itself. Without it every folder's state is undefined. */
  folderState?(path: string, name: string, parent: S | undefined): S;
  /** Absolute folders or files never walked (the walked folder itself is never excluded). */
  exclude?: Iterable<string>;
  /** Further exclusion (globs…), asked after the cheap checks; `path` is absolute. */
  isExcluded?(path: string, isDirectory: boolean): boolean;
  /** Folder names never entered; SKIPPED_FOLDERS by default. Dot-folders are never entered either. */
  skippedFolders?: ReadonlySet<string>;
  limits?: Partial<WalkBounds>;
  /** "depth-first" (the default) or "breadth-first" (shallow files first when a bound cuts the walk short). */
  order?: 'depth-first' | 'breadth-first';
  /** "once" (the default): a symlinked folder is entered, but no symlink inside it, so a loop is
   *  followed at most once. "never": symlinked folders are not entered. */
  followSymlinks?: 'once' | 'never';
  /** When it becomes aborted the walk stops (truncated) with what it kept so far. */
  token?: { readonly aborted: boolean };
}

/** A kept file. */
export interface WalkedFile<K> {
  path: string;
  kind: K;
}

/** What a walk kept, in path order, and whether a bound or the token cut it short. */
export interface WalkResult<K> {
  files: WalkedFile<K>[];
  truncated: boolean;
}

interface Folder<S> {
  path: string;
  depth: number;
  state: S;
  viaSymlink: boolean;
}

const UNBOUNDED: WalkBounds = { maxDepth: Infinity, maxEntries: Infinity, maxFiles: Infinity, maxFolders: Infinity };

/** A path normalised by pathe, without a trailing "/" (except the root "/"). */
export function cleanPath(path: string): string {
  const n = normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Folder listings asked for ahead of the walk's turn. */
const LIST_AHEAD = 16;

function byName(a: DirEntry, b: DirEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The files of a project folder that `classify` keeps, found by one bounded walk with names sorted
 * (the result does not depend on the port's order). Skips dot-folders, `skippedFolders`,
 * virtualenvs (a folder below the walked one holding pyvenv.cfg), `exclude` and `isExcluded`;
 * symlinked folders per `followSymlinks`; unreadable or vanished folders quietly.
 */
export async function walkProjectFiles<K, S = undefined>(
  fs: FileSystem,
  folder: string,
  options: WalkOptions<K, S>,
): Promise<WalkResult<K>> {
  const limits = { ...UNBOUNDED, ...options.limits };
  const skipped = options.skippedFolders ?? SKIPPED_FOLDERS;
  const exclude = new Set<string>();
  for (const ex of options.exclude ?? []) if (ex) exclude.add(cleanPath(ex));
  const excluded = (path: string, isDirectory: boolean): boolean =>
    exclude.has(path) || (options.isExcluded !== undefined && options.isExcluded(path, isDirectory));
  const stateOf = (path: string, name: string, parent: S | undefined): S =>
    options.folderState ? options.folderState(path, name, parent) : (undefined as S);
  const breadthFirst = options.order === 'breadth-first';
  const followOnce = options.followSymlinks !== 'never';

  const root = cleanPath(folder);
  const rootName = root.slice(root.lastIndexOf('/') + 1);
  const pending: Folder<S>[] = [{ path: root, depth: 0, state: stateOf(root, rootName, undefined), viaSymlink: false }];
  let head = 0; // breadth-first: the next folder to list; depth-first pops from the end
  // The next folders' listings are asked for ahead of their turn (in VS Code each is a round trip);
  // they are still taken in the walk's own order, so what it finds and where it stops are the same.
  const listings = new Map<Folder<S>, Promise<DirEntry[] | null>>();
  const list = (f: Folder<S>): Promise<DirEntry[] | null> => {
    let p = listings.get(f);
    if (!p) {
      p = fs.readDirectory(f.path).then(
        (l) => l,
        () => null, // permission denied, vanished: nothing to report
      );
      listings.set(f, p);
    }
    return p;
  };
  const listAhead = () => {
    if (breadthFirst) for (let k = head; k < Math.min(pending.length, head + LIST_AHEAD); k++) void list(pending[k]!);
    else for (let k = pending.length - 1; k >= Math.max(0, pending.length - LIST_AHEAD); k--) void list(pending[k]!);
  };
  const files: WalkedFile<K>[] = [];
  let entries = 0;
  let folders = 0;
  let truncated = false;
  walk: for (;;) {
    const dir = breadthFirst ? pending[head++] : pending.pop();
    if (!dir) break;
    if (options.token?.aborted || ++folders > limits.maxFolders) {
      truncated = true;
      break;
    }
    const listed = list(dir);
    listAhead();
    const entriesOf = await listed;
    listings.delete(dir);
    if (!entriesOf) continue;
    if (dir.depth > 0 && entriesOf.some((e) => e.name === 'pyvenv.cfg' && e.type === 'file')) continue;
    entriesOf.sort(byName);
    const subfolders: Folder<S>[] = [];
    for (const e of entriesOf) {
      if (++entries > limits.maxEntries) {
        truncated = true;
        break walk;
      }
      const path = dir.path === '/' ? `/${e.name}` : `${dir.path}/${e.name}`;
      if (e.type === 'directory') {
        if (e.name.startsWith('.') || skipped.has(e.name)) continue;
        if (e.symlink && (dir.viaSymlink || !followOnce)) continue;
        if (excluded(path, true)) continue;
        if (dir.depth + 1 > limits.maxDepth) {
          truncated = true;
          continue;
        }
        subfolders.push({ path, depth: dir.depth + 1, state: stateOf(path, e.name, dir.state), viaSymlink: dir.viaSymlink || e.symlink === true });
      } else if (e.type === 'file') {
        const kind = options.classify(e.name, path, dir.state);
        if (kind === undefined || excluded(path, false)) continue;
        if (files.length >= limits.maxFiles) {
          truncated = true;
          break walk;
        }
        files.push({ path, kind });
      }
    }
    if (breadthFirst) for (const sub of subfolders) pending.push(sub);
    else for (let k = subfolders.length - 1; k >= 0; k--) pending.push(subfolders[k]!);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, truncated };
}
