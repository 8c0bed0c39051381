/**
 * The one check before anything is written for the user: a quick fix's edits and new files, and
 * the Media explorer's new folder, rename, delete and drop. A workspace can be hostile — a symbolic
 * link inside MEDIA_ROOT to the project's sources, a fix computed for a file that an import or a
 * `.gitignore` above the folder brought in, a command argument such as `media/../manage.py` — so a
 * write may only land on a path that is inside its root once normalised and once every link is
 * followed (ConfinedFileSystem decides that; a port without `realpath` may pass through no link).
 */
import { normalize } from 'pathe';
import { ConfinedFileSystem, isWithin } from './confinedFileSystem';
import type { FileSystem } from './fileSystem';

/** The answer of checkWritePath: the normalised path to use, or why not. */
export type WriteCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Options of checkWritePath. */
export interface WriteCheckOptions {
  /** The root itself may be the target (creating MEDIA_ROOT); never for rename or delete. */
  allowRoot?: boolean;
}

function clean(path: string): string {
  const n = normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/**
 * Whether `path` may be created, changed, renamed or deleted under `root`, and the normalised path
 * to use when it may: an absolute POSIX path without NUL or backslash (a separator on Windows),
 * inside `root` after normalisation, and inside it after following links — the path itself when it
 * exists, else its nearest existing folder (a name listed in its folder that cannot be stat'ed is a
 * dangling link or unreadable, and a write would follow it: refused).
 */
export async function checkWritePath(fs: FileSystem, root: string, path: unknown, options: WriteCheckOptions = {}): Promise<WriteCheck> {
  const lexical = checkWritePathText(root, path, options);
  if (!lexical.ok) return lexical;
  const r = clean(root);
  const p = lexical.path;
  const confined = new ConfinedFileSystem(fs, { roots: [r] });
  for (let at = p; ; at = at.slice(0, at.lastIndexOf('/')) || '/') {
    if (await fs.stat(at)) {
      const why = await confined.denial(at);
      return why ? { ok: false, reason: why } : { ok: true, path: p };
    }
    if (at === r || !isWithin(r, at)) return { ok: true, path: p };
    const parent = at.slice(0, at.lastIndexOf('/')) || '/';
    const name = at.slice(at.lastIndexOf('/') + 1);
    let listed = false;
    try {
      listed = (await fs.readDirectory(parent)).some((e) => e.name === name);
    } catch {
      // The parent is missing (checked next round) or unreadable (its stat or denial says so).
    }
    if (listed) return { ok: false, reason: `${at} is a link that leads nowhere or cannot be read` };
  }
}

/**
 * The part of checkWritePath that needs no file system (for callers that must answer at once): an
 * absolute path without NUL or backslash, inside `root` once normalised. Links are not followed.
 */
export function checkWritePathText(root: string, path: unknown, options: WriteCheckOptions = {}): WriteCheck {
  if (typeof path !== 'string' || !path.startsWith('/')) return { ok: false, reason: 'not an absolute path' };
  if (/[\0\\]/.test(path)) return { ok: false, reason: 'the path holds a NUL or a backslash' };
  const r = clean(root);
  const p = clean(path);
  if (!isWithin(r, p)) return { ok: false, reason: `outside ${r}` };
  if (p === r && !options.allowRoot) return { ok: false, reason: `${r} itself` };
  return { ok: true, path: p };
}

/** A fix's writes: the files it edits, the files and folders it creates. */
export interface FixWrites {
  edits: ReadonlyArray<{ file: string }>;
  createFiles?: ReadonlyArray<{ path: string }>;
  createFolders?: readonly string[];
}

function writesOf(fix: FixWrites): Set<string> {
  return new Set([...fix.edits.map((e) => e.file), ...(fix.createFiles ?? []).map((f) => f.path), ...(fix.createFolders ?? [])]);
}

/** Why a fix may not be applied under `root` (the workspace folder), or undefined when every write it makes may. */
export async function fixWriteDenial(fs: FileSystem, root: string, fix: FixWrites): Promise<string | undefined> {
  for (const path of writesOf(fix)) {
    const c = await checkWritePath(fs, root, path);
    if (!c.ok) return `${path}: ${c.reason}`;
    if (c.path !== path) return `${path}: not a normalised path`;
  }
  return undefined;
}

/** fixWriteDenial without following links (checkWritePathText), for an answer that cannot wait. */
export function fixPathDenial(root: string, fix: FixWrites): string | undefined {
  for (const path of writesOf(fix)) {
    const c = checkWritePathText(root, path);
    if (!c.ok) return `${path}: ${c.reason}`;
    if (c.path !== path) return `${path}: not a normalised path`;
  }
  return undefined;
}
