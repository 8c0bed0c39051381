import type { FileSystem } from '../fileSystem';
import type { MediaReference, SourceRange } from '../model';
import type { MediaExclude } from './exclude';
import { compareNames } from './compareNames';
import type { StorageNameMention } from './storageNameMentions';
import { confineToMediaRoot, existenceOf } from './mediaRootGuard';
import { walkMediaFiles, type MediaWalkLimits, type MediaWalkSummary, type WalkedMediaFile } from './walkMediaFiles';

/** A place that names a media file: a URL-form reference or a bare storage-name mention. */
export interface MediaUse {
  readonly range: SourceRange;
  /** As written (a URL form) or the storage name (a mention). */
  readonly text: string;
  readonly kind: 'reference' | 'mention';
}

/** A file under MEDIA_ROOT nothing in the scanned sources names. */
export interface UnusedMediaFile {
  readonly storageName: string;
  readonly path: string;
}

/** A storage name that references point at but MEDIA_ROOT does not hold. */
export interface MissingMediaFile {
  readonly storageName: string;
  /** Where it would be. */
  readonly path: string;
  /** The path exists but is a folder. */
  readonly isFolder: boolean;
  readonly uses: MediaUse[];
}

/** The result of findUnusedMedia. */
export interface MediaUsageReport {
  /** Sorted by storage name; at most `maxListed`. */
  unused: UnusedMediaFile[];
  /** All unused files, listed or not. */
  unusedCount: number;
  /** Files some reference or mention names. */
  usedCount: number;
  /** Sorted by storage name; at most `maxListed`. */
  missing: MissingMediaFile[];
  missingCount: number;
  /** Distinct referenced names not checked because of maxMissingChecks. */
  uncheckedReferences: number;
  /** Distinct referenced names whose existence is unknown (a folder on the way cannot be read, or
   *  the path leads out of MEDIA_ROOT): not reported as missing. */
  unknownReferences: number;
  walk: MediaWalkSummary;
  /** The token was aborted: the report is partial and should not be shown as a result. */
  aborted: boolean;
}

/** Inputs of findUnusedMedia. */
export interface MediaUsageInput {
  /** Absolute MEDIA_ROOT. */
  mediaRoot: string;
  /** URL-form references (collectMediaReferences) of the project. */
  references: readonly MediaReference[];
  /** Bare storage-name mentions (collectStorageNameMentions): code and fixtures. */
  mentions?: readonly StorageNameMention[];
  exclude?: MediaExclude;
}

/** Options of findUnusedMedia. */
export interface MediaUsageOptions {
  token?: { readonly aborted: boolean };
  /** Running count of files looked at. */
  onProgress?: (filesScanned: number) => void;
  limits?: Partial<MediaWalkLimits>;
  /** Longest lists returned (counts stay exact). */
  maxListed?: number;
  /** Distinct referenced names that the walk did not see and that are stat'ed to tell "missing". */
  maxMissingChecks?: number;
}

const DEFAULT_MAX_LISTED = 10_000;
const DEFAULT_MAX_MISSING_CHECKS = 5_000;

function key(storageName: string): string {
  // macOS stores names decomposed (NFD) while templates are typed composed (NFC).
  return storageName.normalize('NFC');
}

/**
 * Unused and missing media, from what the sources say: walks MEDIA_ROOT once (bounded, cancellable,
 * see walkMediaFiles) and keeps only the files no reference or mention names, so memory grows with
 * the unused files, not with the tree. A referenced name the walk did not see is stat'ed: missing
 * when nothing or a folder is there (an excluded file such as ".gitkeep" exists and is not missing),
 * unknown — never missing — when a folder on the way cannot be read or the path leads out of
 * MEDIA_ROOT. Every read stays inside MEDIA_ROOT (confineToMediaRoot).
 * Uploads named only by database rows are invisible to this and show as unused; callers must say so.
 */
export async function findUnusedMedia(
  fs: FileSystem,
  input: MediaUsageInput,
  options: MediaUsageOptions = {},
): Promise<MediaUsageReport> {
  const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
  const uses = new Map<string, MediaUse[]>();
  const target = new Map<string, string>();
  const addUse = (name: string, use: MediaUse, path: string | null): void => {
    const k = key(name);
    let list = uses.get(k);
    if (!list) {
      list = [];
      uses.set(k, list);
    }
    list.push(use);
    if (path && !target.has(k)) target.set(k, path);
  };
  for (const r of input.references) {
    if (r.storageName) addUse(r.storageName, { range: r.range, text: r.text, kind: 'reference' }, r.target);
  }
  // Mentions only mark files as used; a bare string that names nothing is not a broken reference
  // (it may be a static file, a default that is created later, or not a file at all).
  const mentioned = new Set<string>();
  for (const m of input.mentions ?? []) mentioned.add(key(m.storageName));

  const seen = new Set<string>();
  const unused: UnusedMediaFile[] = [];
  let unusedCount = 0;
  let usedCount = 0;
  let scanned = 0;
  const onFiles = (files: WalkedMediaFile[]): void => {
    for (const f of files) {
      const k = key(f.storageName);
      if (uses.has(k) || mentioned.has(k)) {
        usedCount++;
        if (uses.has(k)) seen.add(k);
        continue;
      }
      unusedCount++;
      unused.push(f);
      // Keep the list bounded while walking: the smallest names win, like the final sort.
      if (unused.length > maxListed * 2) trim(unused, maxListed);
    }
    scanned += files.length;
    options.onProgress?.(scanned);
  };
  const walk = await walkMediaFiles(fs, input.mediaRoot, {
    onFiles,
    ...(input.exclude ? { exclude: input.exclude } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  trim(unused, maxListed);

  const missing: MissingMediaFile[] = [];
  let missingCount = 0;
  let unchecked = 0;
  let unknown = 0;
  let checks = 0;
  const media = confineToMediaRoot(fs, input.mediaRoot);
  const listings = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
  const maxChecks = options.maxMissingChecks ?? DEFAULT_MAX_MISSING_CHECKS;
  const names = [...uses.keys()].filter((k) => !seen.has(k) && target.has(k)).sort(compareNames);
  for (const k of names) {
    if (options.token?.aborted) break;
    if (checks >= maxChecks) {
      unchecked++;
      continue;
    }
    checks++;
    const path = target.get(k)!;
    const state = await existenceOf(media, path, input.mediaRoot, listings);
    if (state === 'file') continue;
    if (state === 'unknown') {
      unknown++;
      continue;
    }
    missingCount++;
    if (missing.length < maxListed) {
      const list = uses.get(k)!;
      list.sort((a, b) => (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column));
      missing.push({ storageName: k, path, isFolder: state === 'directory', uses: list });
    }
  }
  return {
    unused,
    unusedCount,
    usedCount,
    missing,
    missingCount,
    uncheckedReferences: unchecked,
    unknownReferences: unknown,
    walk,
    aborted: walk.aborted || options.token?.aborted === true,
  };
}

function trim(list: UnusedMediaFile[], max: number): void {
  list.sort((a, b) => compareNames(a.storageName, b.storageName));
  if (list.length > max) list.length = max;
}

/** Every use of one storage name among references and mentions, in file order (for "Find References"). */
export function usesOfStorageName(
  storageName: string,
  references: readonly MediaReference[],
  mentions: readonly StorageNameMention[] = [],
): MediaUse[] {
  const k = key(storageName);
  const out: MediaUse[] = [];
  for (const r of references) if (r.storageName && key(r.storageName) === k) out.push({ range: r.range, text: r.text, kind: 'reference' });
  for (const m of mentions) if (m.storageName === k) out.push({ range: m.range, text: m.storageName, kind: 'mention' });
  // A URL in a Python string is found both as a reference and (if it is also a bare name) not as a
  // mention, but the same range must never be listed twice.
  const unique = new Map<string, MediaUse>();
  for (const u of out) unique.set(`${u.range.file}:${u.range.line}:${u.range.column}`, u);
  return [...unique.values()].sort((a, b) =>
    a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column,
  );
}
