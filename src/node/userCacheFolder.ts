/**
 * The folder of the user's own where the CLI keeps what it may reuse between runs (V8's code cache of
 * its bundle, the parsed modules of src/node/nodeAstStore.ts). A checked-out project must not be able
 * to plant anything there, so a folder is used only when it is owned by this user and writable by no
 * one else, and never when it lies inside a folder the run is pointed at. `DJANGO_MEDIA_CACHE_DIR`
 * chooses the folder; set empty, nothing is cached.
 */
import { mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';

function chosenFolder(): string | undefined {
  const chosen = process.env['DJANGO_MEDIA_CACHE_DIR'];
  if (chosen !== undefined) return chosen === '' ? undefined : resolve(chosen);
  if (process.platform === 'win32') return process.env['LOCALAPPDATA'] ? join(process.env['LOCALAPPDATA'], 'django-media', 'Cache') : undefined;
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache');
  return join(base, 'django-media');
}

/** True when only this user can have written `st` (always on Windows, which has no uids here). */
export function ownOnly(st: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}

/**
 * `p` with its links resolved: the real path of its nearest existing folder, and the rest of it
 * (a folder given through a link, or a cache folder below one, is compared where it really is).
 */
function real(p: string): string {
  const rest: string[] = [];
  let at = resolve(p);
  for (;;) {
    try {
      return join(realpathSync.native(at), ...rest.reverse());
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(p);
      rest.push(basename(at));
      at = up;
    }
  }
}

/** The folders this run reads: the current folder and every argument that names an existing one. */
function foldersOfThisRun(): string[] {
  const out = [real(process.cwd())];
  for (const a of process.argv.slice(2)) {
    if (a.startsWith('-')) continue;
    const p = resolve(a);
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) out.push(real(p));
  }
  return out;
}

function within(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The user's cache folder (made if need be) when a trustworthy one exists; see the module comment. */
export function userCacheFolder(): string | undefined {
  const folder = chosenFolder();
  if (!folder) return undefined;
  const where = real(folder);
  if (foldersOfThisRun().some((f) => within(f, where))) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return ownOnly(statSync(folder)) ? folder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The identity of a built file, for naming what is cached from it: its size, status-change time and
 * inode, which every build or install sets (npm gives installed files a fixed modification time; a
 * hash of the 900 KB bundle would cost more than the rest of the launcher).
 */
export function buildIdentity(file: string): string {
  const st = statSync(file);
  return `${st.size}-${Math.round(st.ctimeMs)}-${st.ino}`;
}
