import type { RenditionLibrary } from './types';

/**
 * Where the thumbnail libraries write the files they derive from an upload, as their settings say
 * (the defaults when the settings are not known).
 */
export interface RenditionFolders {
  /** easy-thumbnails THUMBNAIL_BASEDIR: a folder above the original's path ("" by default). */
  easyThumbnailsBasedir: string;
  /** easy-thumbnails THUMBNAIL_SUBDIR: a folder below the original's folder ("" by default). */
  easyThumbnailsSubdir: string;
  /** easy-thumbnails THUMBNAIL_PREFIX: put before the file name ("" by default). */
  easyThumbnailsPrefix: string;
  /** django-imagekit IMAGEKIT_CACHEFILE_DIR ("CACHE/images"). */
  imagekitCacheDir: string;
  /** sorl-thumbnail THUMBNAIL_PREFIX ("cache/"). */
  sorlPrefix: string;
}

/** The libraries' defaults. */
export const DEFAULT_RENDITION_FOLDERS: Readonly<RenditionFolders> = {
  easyThumbnailsBasedir: '',
  easyThumbnailsSubdir: '',
  easyThumbnailsPrefix: '',
  imagekitCacheDir: 'CACHE/images',
  sorlPrefix: 'cache/',
};

/** The names a rendition can be tied to: files and the names rows point at. */
export interface RenditionOrigin {
  /** A storage name that exists or that a row names. */
  has(name: string): boolean;
  /** The known name whose path without extension is `stem`. */
  byStem(stem: string): string | undefined;
}

/** What a file is, when a thumbnail library made it. */
export type RenditionOf =
  /** Derived from `original`, which exists or is named by a row. */
  | { kind: 'original'; library: RenditionLibrary; original: string }
  /** In a cache whose names cannot be traced back (sorl-thumbnail hashes them). */
  | { kind: 'cache'; library: RenditionLibrary; folder: string };

// easy-thumbnails' default namer: "<source file name>.<WxH>[_option…][@2x].<ext>".
const EASY_THUMBNAIL = /^(.+\.[^.]+)\.\d+x\d+(?:_[\w,-]*)*(?:@\d+(?:\.\d+)?x)?\.[A-Za-z0-9]+$/;

function slashed(folder: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f ? `${f}/` : '';
}

/**
 * Which original `name` was derived from, when one of `libraries` names its files that way and the
 * original is known; undefined for an ordinary file (and for a rendition whose original is gone:
 * nothing points at it any more). Reads nothing: names only.
 */
export function renditionOriginOf(
  name: string,
  libraries: ReadonlySet<RenditionLibrary>,
  folders: Partial<RenditionFolders> | undefined,
  known: RenditionOrigin,
): RenditionOf | undefined {
  const f = { ...DEFAULT_RENDITION_FOLDERS, ...folders };
  if (libraries.has('sorl-thumbnail')) {
    const prefix = slashed(f.sorlPrefix);
    if (prefix && name.startsWith(prefix)) return { kind: 'cache', library: 'sorl-thumbnail', folder: prefix };
  }
  if (libraries.has('imagekit')) {
    const dir = slashed(f.imagekitCacheDir);
    if (dir && name.startsWith(dir)) {
      // "CACHE/images/<original without extension>/<hash>.<ext>"
      const rest = name.slice(dir.length);
      const slash = rest.lastIndexOf('/');
      const original = slash > 0 ? known.byStem(rest.slice(0, slash)) : undefined;
      if (original) return { kind: 'original', library: 'imagekit', original };
    }
  }
  if (libraries.has('easy-thumbnails')) {
    const slash = name.lastIndexOf('/');
    const m = EASY_THUMBNAIL.exec(name.slice(slash + 1));
    if (m) {
      const folder = slash < 0 ? '' : name.slice(0, slash + 1);
      // Where the settings put thumbnails now, then next to the original (the default, and where
      // thumbnails made before THUMBNAIL_SUBDIR/BASEDIR were set still are).
      for (const original of [easyThumbnailOriginal(folder, m[1]!, f), folder + m[1]!]) {
        if (original !== undefined && original !== name && known.has(original)) return { kind: 'original', library: 'easy-thumbnails', original };
      }
    }
  }
  return undefined;
}

/** The original of an easy-thumbnails file `file` in `folder` under the configured prefix, basedir and subdir. */
function easyThumbnailOriginal(folder: string, file: string, f: RenditionFolders): string | undefined {
  if (f.easyThumbnailsPrefix) {
    if (!file.startsWith(f.easyThumbnailsPrefix)) return undefined;
    file = file.slice(f.easyThumbnailsPrefix.length);
  }
  const base = slashed(f.easyThumbnailsBasedir);
  if (base) {
    if (!folder.startsWith(base)) return undefined;
    folder = folder.slice(base.length);
  }
  const sub = slashed(f.easyThumbnailsSubdir);
  if (sub) {
    if (!folder.endsWith(sub)) return undefined;
    folder = folder.slice(0, folder.length - sub.length);
  }
  return folder + file;
}
