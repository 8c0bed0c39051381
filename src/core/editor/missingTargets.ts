import type { FileSystem } from '../fileSystem';
import { confineToMediaRoot, existenceOf } from '../mediaIndex/mediaRootGuard';
import type { MediaReference } from '../model';
import type { FolderListing } from './completion';
import type { EditorMediaContext } from './mediaContext';

/** The names of a cached listing as a set, built once per listing. */
const nameSets = new WeakMap<FolderListing, ReadonlySet<string>>();

function namesOf(listing: FolderListing): ReadonlySet<string> {
  let names = nameSets.get(listing);
  if (!names) {
    names = new Set(listing.names);
    nameSets.set(listing, names);
  }
  return names;
}

/** Folders listed at most per call: the references of further folders are not judged (kept as they were). */
export const MAX_FOLDERS_LISTED = 64;

/**
 * The targets among `refs` that are known to be missing from MEDIA_ROOT (never one that is unknown:
 * an unreadable folder, a link out of MEDIA_ROOT). Each folder is listed once through MEDIA_ROOT's
 * guard, so a document of many references costs one listing per folder, not one stat per reference;
 * a name absent from its listing is confirmed as the checks confirm it. `list` supplies cached
 * listings (completion's, kept per folder version), so that a huge folder is not read on every edit.
 */
export async function missingTargets(
  fs: FileSystem,
  ctx: EditorMediaContext,
  refs: readonly MediaReference[],
  token?: { readonly aborted: boolean },
  list?: (folder: string) => Promise<FolderListing | undefined>,
): Promise<Set<string>> {
  const missing = new Set<string>();
  if (ctx.root.kind !== 'local') return missing;
  const root = ctx.root.mediaRoot;
  const media = confineToMediaRoot(fs, root);
  const listings = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
  const guarded = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
  const judged = new Set<string>();
  for (const ref of refs) {
    const target = ref.target;
    if (target === null || judged.has(target) || token?.aborted) continue;
    const folder = target.slice(0, target.lastIndexOf('/')) || '/';
    if (!listings.has(folder) && listings.size >= MAX_FOLDERS_LISTED) continue;
    judged.add(target);
    let listing = listings.get(folder);
    if (!listing) {
      listing = list
        ? list(folder).then((l) => (l ? namesOf(l) : 'unknown' as const), () => 'unknown' as const)
        : media.readDirectory(folder).then((entries) => new Set(entries.map((e) => e.name)), () => 'unknown' as const);
      listings.set(folder, listing);
    }
    const names = await listing;
    if (names !== 'unknown' && names !== 'missing' && names.has(target.slice(target.lastIndexOf('/') + 1))) continue;
    // Not listed, or the folder could not be read: the guard's answer decides (a missing folder too).
    if ((await existenceOf(media, target, root, guarded)) === 'missing') missing.add(target);
  }
  return missing;
}
