import { formatBytes } from './formatBytes';
import type { ImageInfo } from './readImageInfo';

/**
 * Largest picture a preview embeds, in pixels: a decoded image costs about 4 bytes a pixel whatever
 * its file size, and a few hundred kilobytes of PNG can declare 50,000 × 50,000.
 */
export const MAX_PREVIEW_PIXELS = 40_000_000;
/** Largest side of an embedded picture, in pixels. */
export const MAX_PREVIEW_SIDE = 10_000;
/**
 * Without dimensions a picture is embedded only when the whole file was looked at (readImageInfo reads
 * up to 1 MB of header): the header is then not merely out of reach but unreadable, and the file small.
 */
export const UNKNOWN_DIMENSIONS_MAX_BYTES = 1024 * 1024;

/** Whether an image file may be embedded in a hover, a completion detail or a thumbnail, and if not, why. */
export type ImagePreviewVerdict =
  | { kind: 'embed' }
  /** The file is over the byte cap. */
  | { kind: 'too-large'; maxBytes: number }
  /** The header declares more pixels than a preview decodes. */
  | { kind: 'too-many-pixels'; width: number; height: number }
  /** No dimensions could be read, and the file is too large to embed blind. */
  | { kind: 'unknown-dimensions' };

/**
 * Decides whether an image may be embedded: under the byte cap (`maxBytes`), and under the pixel caps
 * (at most MAX_PREVIEW_PIXELS in all and MAX_PREVIEW_SIDE a side) by the dimensions its header
 * declares; without dimensions only when it is small (UNKNOWN_DIMENSIONS_MAX_BYTES).
 */
export function imagePreviewVerdict(size: number, image: ImageInfo | undefined, maxBytes: number): ImagePreviewVerdict {
  if (size > maxBytes) return { kind: 'too-large', maxBytes };
  if (!image) return size <= UNKNOWN_DIMENSIONS_MAX_BYTES ? { kind: 'embed' } : { kind: 'unknown-dimensions' };
  const { width, height } = image;
  if (width > MAX_PREVIEW_SIDE || height > MAX_PREVIEW_SIDE || width * height > MAX_PREVIEW_PIXELS) {
    return { kind: 'too-many-pixels', width, height };
  }
  return { kind: 'embed' };
}

/** Why a preview was skipped, in a sentence ("50000 × 50000 px is over the preview limit of …"), or undefined when it was not. */
export function describeSkippedPreview(verdict: ImagePreviewVerdict, size: number): string | undefined {
  switch (verdict.kind) {
    case 'embed':
      return undefined;
    case 'too-large':
      return `${formatBytes(size)} is over the ${formatBytes(verdict.maxBytes)} limit`;
    case 'too-many-pixels':
      return `${verdict.width} × ${verdict.height} px is over the limit of ${MAX_PREVIEW_PIXELS / 1_000_000} megapixels and ${MAX_PREVIEW_SIDE.toLocaleString('en-US')} px a side`;
    case 'unknown-dimensions':
      return `the dimensions of this ${formatBytes(size)} image cannot be read from its header`;
  }
}
