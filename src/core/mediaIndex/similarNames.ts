/**
 * "Did you mean": the existing files of a folder whose names are closest to a name that is not
 * there (a typo, a changed extension, a case mismatch). Bounded: a folder of any size costs at most
 * MAX_NAMES_COMPARED comparisons, each a banded edit distance on names of capped length.
 */
import type { ConfinedFileSystem } from '../confinedFileSystem';
import { existenceOf } from './mediaRootGuard';

/** Names of one folder compared at most: the rest of a huge folder is not looked at. */
export const MAX_NAMES_COMPARED = 20_000;
/** Names longer than this are never suggested (nor compared). */
const MAX_NAME_LENGTH = 255;
/** Suggestions returned by default. */
const DEFAULT_LIMIT = 3;

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Three rows of the distance table, reused between calls (names are at most MAX_NAME_LENGTH long). */
let rows = [new Int32Array(MAX_NAME_LENGTH + 2), new Int32Array(MAX_NAME_LENGTH + 2), new Int32Array(MAX_NAME_LENGTH + 2)];

/**
 * Edit distance (insertions, deletions, substitutions and swaps of neighbours) when it is at most
 * `max`, else max + 1. Only a band of 2·max + 1 cells per row is computed.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const inf = max + 1;
  if (b.length + 2 > rows[0]!.length) rows = rows.map(() => new Int32Array(b.length + 2));
  let [prev2, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : inf;
  for (let i = 1; i <= a.length; i++) {
    row.fill(inf, 0, b.length + 1);
    if (i <= max) row[0] = i;
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    let best = row[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d < inf ? d : inf;
      if (d < best) best = d;
    }
    if (best > max) return inf;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[b.length]!, inf);
}

/**
 * The names among `names` closest to `wanted`, best first: case-insensitive edit distance within
 * about a third of the name (at most 8), or a shared start of at least 4 characters and 60% of
 * `wanted`'s stem ("report.pdf" → "report-2024.pdf"); ties go to the longer shared start, then to
 * alphabetical order. `wanted` itself is never suggested; at most MAX_NAMES_COMPARED names are read.
 */
export function closestNames(wanted: string, names: Iterable<string>, limit = DEFAULT_LIMIT): string[] {
  const w = wanted.toLowerCase();
  const wStem = stem(w);
  const max = Math.min(8, Math.max(2, Math.ceil(wStem.length / 3)));
  const minPrefix = Math.max(4, Math.ceil(wStem.length * 0.6));
  const scored: Array<{ name: string; distance: number; prefix: number }> = [];
  let compared = 0;
  for (const name of names) {
    if (++compared > MAX_NAMES_COMPARED) break;
    if (name === wanted || name.length > MAX_NAME_LENGTH || name.length === 0) continue;
    const n = name.toLowerCase();
    const prefix = commonPrefix(wStem, stem(n));
    const distance = boundedEditDistance(w, n, max);
    if (distance > max && prefix < minPrefix) continue;
    scored.push({ name, distance, prefix });
  }
  scored.sort((x, y) => x.distance - y.distance || y.prefix - x.prefix || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}

/** A file suggested in place of a missing one. */
export interface SimilarFile {
  /** The file's name in the folder. */
  name: string;
  /** Its absolute path. */
  path: string;
}

/** Folder listings as existenceOf caches them (names, or why there are none). */
export type FolderNames = Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>;

/**
 * Files in the folder of the missing `path` whose names are closest to its name, read through
 * `media` (confined to MEDIA_ROOT): nothing outside MEDIA_ROOT is listed or suggested, a link leading
 * out of it is never a suggestion, and an unreadable folder gives none. `listings` is the cache that
 * existenceOf filled while finding the file missing: the folder is then not read again.
 */
export async function similarFiles(
  media: ConfinedFileSystem,
  path: string,
  mediaRoot: string,
  listings: FolderNames = new Map(),
  limit = DEFAULT_LIMIT,
): Promise<SimilarFile[]> {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash) || '/';
  const root = mediaRoot.replace(/\/+$/, '');
  if (slash < 0 || (folder !== root && !folder.startsWith(`${root}/`))) return [];
  if (await media.denial(folder)) return [];
  let listing = listings.get(folder);
  if (!listing) {
    listing = media.readDirectory(folder).then((entries) => new Set(entries.map((e) => e.name)), () => 'unknown' as const);
    listings.set(folder, listing);
  }
  const names = await listing;
  if (names === 'missing' || names === 'unknown') return [];
  // Hidden files (.DS_Store, .gitkeep) are never what a page meant to load.
  const visible = (function* () {
    for (const name of names) if (!name.startsWith('.')) yield name;
  })();
  const out: SimilarFile[] = [];
  // Ranked by name first, checked after: only the few chosen names are stat'ed through the guard
  // (a folder or a link out of MEDIA_ROOT is dropped there).
  for (const name of closestNames(path.slice(slash + 1), visible, limit * 2)) {
    const candidate = `${folder === '/' ? '' : folder}/${name}`;
    if ((await existenceOf(media, candidate, root, listings)) !== 'file') continue;
    out.push({ name, path: candidate });
    if (out.length >= limit) break;
  }
  return out;
}
