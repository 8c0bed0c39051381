/**
 * Thumbnails in the editor's gutter, next to media URLs: which references get one (the first image
 * reference of each line in or near the visible lines, a bounded number), and which file each shows
 * (a local image inside MEDIA_ROOT, through its guard, within the hover's byte and pixel caps).
 */
import type { FileSystem } from '../fileSystem';
import type { ReferenceLanguage } from '../media/findMediaReferences';
import { imagePreviewVerdict } from '../media/imagePreview';
import { mediaKindOf } from '../media/mediaKind';
import { confineToMediaRoot } from '../mediaIndex/mediaRootGuard';
import type { MediaReference } from '../model';
import type { ImageInfoCache } from './hover';
import type { EditorMediaContext } from './mediaContext';

/** Where gutter thumbnails are shown: template languages, every served language, or nowhere. */
export type GutterThumbnailsMode = 'templates' | 'all' | 'off';

/** The values of `djangoMedia.editor.gutterThumbnails`, the default first. */
export const GUTTER_THUMBNAILS_MODES: readonly GutterThumbnailsMode[] = ['templates', 'all', 'off'];

/** Most thumbnails one editor shows at once, whatever the size of the document. */
export const MAX_GUTTER_THUMBNAILS = 100;
/** Lines above and below the visible ones that get thumbnails too, so that a short scroll shows them at once. */
export const GUTTER_MARGIN_LINES = 40;

const TEMPLATE_LANGUAGES = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja']);

/** Whether a document of this reference language gets gutter thumbnails under `mode`. */
export function gutterThumbnailsApply(mode: GutterThumbnailsMode, language: ReferenceLanguage): boolean {
  return mode === 'all' || (mode === 'templates' && TEMPLATE_LANGUAGES.has(language));
}

/** A 1-based, inclusive range of lines. */
export interface LineSpan {
  start: number;
  end: number;
}

/**
 * The references that may get a thumbnail: those naming an image file (by its name), the first on
 * each line, within `visible` widened by GUTTER_MARGIN_LINES, at most `cap` of them, from the
 * top first. `refs` are sorted by position (as a document scan returns them); the search
 * is binary, so a 10,000-line document costs only what its visible part holds.
 */
export function gutterCandidates(refs: readonly MediaReference[], visible: readonly LineSpan[], cap = MAX_GUTTER_THUMBNAILS): MediaReference[] {
  const out: MediaReference[] = [];
  const lines = new Set<number>();
  for (const span of visible) {
    const from = Math.max(1, span.start - GUTTER_MARGIN_LINES);
    const to = span.end + GUTTER_MARGIN_LINES;
    // The first reference on line `from` or after.
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid]!.range.line < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < refs.length && refs[i]!.range.line <= to && out.length < cap; i++) {
      const ref = refs[i]!;
      if (lines.has(ref.range.line) || ref.target === null) continue;
      const kind = mediaKindOf(ref.target);
      if (kind !== 'image' && kind !== 'svg') continue;
      lines.add(ref.range.line);
      out.push(ref);
    }
  }
  return out;
}

/**
 * The file a reference's thumbnail shows, or undefined: only a file inside a local MEDIA_ROOT (read
 * through its guard, so never a link out of it), an image by its name, and within the caps of hover
 * previews (`maxImageBytes`, and the pixel caps by the dimensions its header declares).
 */
export async function gutterThumbnailFile(
  fs: FileSystem,
  ctx: EditorMediaContext,
  ref: MediaReference,
  maxImageBytes: number,
  images: ImageInfoCache,
): Promise<string | undefined> {
  if (ctx.root.kind !== 'local' || ref.target === null) return undefined;
  const kind = mediaKindOf(ref.target);
  if (kind !== 'image' && kind !== 'svg') return undefined;
  const media = confineToMediaRoot(fs, ctx.root.mediaRoot);
  const st = await media.stat(ref.target);
  if (!st || st.type !== 'file') return undefined;
  const image = await images.get(media, ref.target, st.size, st.mtime);
  return imagePreviewVerdict(st.size, image, maxImageBytes).kind === 'embed' ? ref.target : undefined;
}
