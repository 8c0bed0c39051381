/**
 * What the media index may read: MEDIA_ROOT and nothing else. A symbolic link inside MEDIA_ROOT can
 * lead anywhere (`media/src -> ..`), and what a walk finds there would be listed as unused media
 * and offered for deletion; so every media operation reads through a ConfinedFileSystem whose only
 * root is MEDIA_ROOT (links are followed only when they stay inside; a port that cannot resolve
 * links may pass through none). Existence is answered with "unknown" rather than "missing" when the
 * answer was refused or the folder could not be read.
 */
import { normalize } from 'pathe';
import { ConfinedFileSystem } from '../confinedFileSystem';
import { normalizeStorageName } from '../media/urlMapping';
import type { DirEntry, FileSystem } from '../fileSystem';

/** `fs` confined to MEDIA_ROOT (itself when it already is exactly that). */
export function confineToMediaRoot(fs: FileSystem, mediaRoot: string): ConfinedFileSystem {
  if (fs instanceof ConfinedFileSystem) {
    const roots = fs.allowedRoots;
    const root = mediaRoot.length > 1 ? mediaRoot.replace(/\/+$/, '') : mediaRoot;
    if (roots.length === 1 && roots[0] === root) return fs;
  }
  return new ConfinedFileSystem(fs, { roots: [mediaRoot] });
}

/** What is known of a path: a file, a folder, nothing there, or unknown (unreadable, refused). */
export type Existence = 'file' | 'directory' | 'missing' | 'unknown';

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'FileNotFound', 'EntryNotFound', 'FileNotADirectory', 'EntryNotADirectory']);

/**
 * Whether `path` exists, read through `fs` (a confined one: a refused path is unknown). A port's
 * stat says "undefined" for a missing path and for one it may not see alike, so a path without a
 * stat is missing only when its nearest existing folder at or below `stopAt` can be listed (and
 * does not list the next name); a folder that cannot be read makes it unknown. `listings` caches
 * folder listings between calls of one run.
 */
export async function existenceOf(
  fs: ConfinedFileSystem,
  path: string,
  stopAt: string,
  listings: Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>> = new Map(),
): Promise<Existence> {
  // The answer is for this path as written: one with "..", "." or "//" in it is another path once links are followed.
  if (normalize(path) !== path || (await fs.denial(path))) return 'unknown';
  const st = await fs.stat(path);
  if (st) return st.type === 'file' ? 'file' : st.type === 'directory' ? 'directory' : 'unknown';
  let child = path;
  while (child.length > stopAt.length && child.includes('/')) {
    const folder = child.slice(0, child.lastIndexOf('/')) || '/';
    let listing = listings.get(folder);
    if (!listing) {
      listing = fs.readDirectory(folder).then(
        (entries) => new Set(entries.map((e) => e.name)),
        (e: unknown) => (MISSING_CODES.has(String((e as { code?: unknown } | null)?.code)) ? 'missing' : 'unknown'),
      );
      listings.set(folder, listing);
    }
    const names = await listing;
    if (names === 'unknown') return 'unknown';
    if (names !== 'missing') return names.has(child.slice(child.lastIndexOf('/') + 1)) ? 'unknown' : 'missing';
    child = folder;
  }
  return 'missing';
}

/** The names of the symbolic links among `list` that the confinement refuses (they lead out of MEDIA_ROOT). */
export async function linksLeadingOut(fs: ConfinedFileSystem, folder: string, list: readonly DirEntry[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const e of list) {
    if (!e.symlink || !e.name || e.name.includes('/') || e.name === '.' || e.name === '..') continue;
    if (await fs.denial(folder.endsWith('/') ? folder + e.name : `${folder}/${e.name}`)) out.add(e.name);
  }
  return out;
}

/**
 * Why `name` is not a storage name an operation may use as given, or undefined: it must already be
 * normalised — no "", "." or ".." segment, no leading or doubled "/", no backslash (a separator on
 * Windows), no NUL — so that the path built from it is the path that is checked and used.
 */
export function storageNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'not a name';
  if (name.includes('\0')) return 'the name holds a NUL character';
  if (name === '') return undefined;
  if (normalizeStorageName(name) !== name) return `"${name}" is not a plain path below MEDIA_ROOT`;
  return undefined;
}
