import { imageSize } from 'image-size';
import type { FileSystem } from '../fileSystem';
import { mediaKindOf } from './mediaKind';

/** Dimensions of an image as a browser displays it, and its format as image-size names it ("png", "jpg", "svg"…). */
export interface ImageInfo {
  width: number;
  height: number;
  type: string;
}

// Most formats put their size in the first few hundred bytes. JPEG puts it after the EXIF/ICC
// segments (usually well under 64 KB, sometimes more), so a failed first attempt is retried once on a
// larger head before giving up.
const FIRST_HEAD_BYTES = 64 * 1024;
const SECOND_HEAD_BYTES = 1024 * 1024;
/** Without a ranged read the whole file is read, so only files up to this size are tried. */
const WHOLE_FILE_CAP = 8 * 1024 * 1024;

function measure(bytes: Uint8Array): ImageInfo | undefined {
  let r;
  try {
    r = imageSize(bytes);
  } catch {
    return undefined; // unsupported, corrupt or cut off inside the header
  }
  const { width, height } = r;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return undefined;
  // EXIF orientations 5-8 rotate by 90°: browsers (image-orientation: from-image) show the image
  // with width and height swapped, and that is what a user compares against.
  const rotated = r.orientation !== undefined && r.orientation >= 5 && r.orientation <= 8;
  return { width: rotated ? height : width, height: rotated ? width : height, type: r.type ?? 'unknown' };
}

async function head(fs: FileSystem, path: string, length: number, size: number): Promise<Uint8Array | undefined> {
  try {
    if (fs.readFileHead) return await fs.readFileHead(path, length);
    if (size > WHOLE_FILE_CAP) return undefined;
    const all = await fs.readFile(path);
    return all.length > length ? all.subarray(0, length) : all;
  } catch {
    return undefined;
  }
}

/**
 * Image dimensions read from the file's header only: a bounded head read through the port's
 * readFileHead when it has one, else a whole read of files up to 8 MB. undefined for files that
 * are not images by extension, missing, unreadable, corrupt, or too large to read without a
 * ranged read. Never throws.
 */
export async function readImageInfo(fs: FileSystem, path: string): Promise<ImageInfo | undefined> {
  const kind = mediaKindOf(path);
  if (kind !== 'image' && kind !== 'svg') return undefined;
  const st = await fs.stat(path);
  if (!st || st.type !== 'file' || st.size === 0) return undefined;
  const first = await head(fs, path, FIRST_HEAD_BYTES, st.size);
  if (!first) return undefined;
  const info = measure(first);
  if (info || st.size <= first.length || first.length < FIRST_HEAD_BYTES) return info;
  const second = await head(fs, path, SECOND_HEAD_BYTES, st.size);
  return second ? measure(second) : undefined;
}
