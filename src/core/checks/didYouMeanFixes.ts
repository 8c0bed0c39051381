import type { ConfinedFileSystem } from '../confinedFileSystem';
import { referenceFileNameSpan } from '../media/referenceFileName';
import { filepathToUri } from '../media/urlMapping';
import { similarFiles, type FolderNames } from '../mediaIndex/similarNames';
import type { MediaReference } from '../model';
import type { QuickFix } from './types';

/**
 * Quick fixes for a reference to a missing file: replace the file name as written in the reference
 * with one of the closest existing names of the same folder (best first).
 * `media` is confined to MEDIA_ROOT, so only files inside it are ever suggested; `listings` is the
 * run's cache of folder listings (the one existenceOf filled).
 */
export async function didYouMeanFixes(media: ConfinedFileSystem, ref: MediaReference, mediaRoot: string, listings?: FolderNames): Promise<QuickFix[]> {
  if (!ref.target) return [];
  const span = referenceFileNameSpan(ref);
  if (!span) return [];
  const found = await similarFiles(media, ref.target, mediaRoot, listings);
  // Never preferred: a guess must not be applied by "fix all" or on save.
  return found.map((f) => ({
    title: `Did you mean "${f.name}"? Replace "${span.text}" with it`,
    edits: [{
      file: ref.range.file,
      range: { line: ref.range.line, column: span.column, endLine: ref.range.line, endColumn: span.endColumn },
      newText: filepathToUri(f.name),
    }],
  }));
}
