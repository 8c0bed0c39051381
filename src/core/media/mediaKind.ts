/** What kind of file a media file is, judged by its extension (the explorer's icon, hover preview). */
export type MediaKind = 'image' | 'svg' | 'video' | 'audio' | 'pdf' | 'document' | 'archive' | 'other';

const KINDS: Record<Exclude<MediaKind, 'other'>, string[]> = {
  image: [
    'png', 'apng', 'jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp', 'gif', 'webp', 'avif', 'bmp', 'ico',
    'cur', 'tif', 'tiff', 'heic', 'heif', 'jxl', 'psd', 'tga', 'dds', 'ktx', 'ktx2', 'jp2', 'j2c',
    'pnm', 'pbm', 'pgm', 'ppm', 'pam', 'pfm', 'icns',
  ],
  svg: ['svg', 'svgz'],
  video: ['mp4', 'm4v', 'webm', 'mov', 'qt', 'avi', 'mkv', 'ogv', 'mpg', 'mpeg', 'wmv', 'flv', '3gp', '3g2', 'm2ts'],
  audio: ['mp3', 'wav', 'ogg', 'oga', 'opus', 'flac', 'aac', 'm4a', 'wma', 'weba', 'mid', 'midi', 'aif', 'aiff'],
  pdf: ['pdf'],
  document: [
    'doc', 'docx', 'odt', 'rtf', 'txt', 'md', 'csv', 'tsv', 'xls', 'xlsx', 'ods', 'ppt', 'pptx', 'odp',
    'json', 'xml', 'html', 'htm', 'epub', 'pages', 'numbers', 'key',
  ],
  archive: ['zip', 'tar', 'gz', 'tgz', 'bz2', 'tbz2', 'xz', 'txz', '7z', 'rar', 'zst', 'lz', 'lzma'],
};

const BY_EXTENSION = new Map<string, MediaKind>();
for (const [kind, exts] of Object.entries(KINDS)) for (const ext of exts) BY_EXTENSION.set(ext, kind as MediaKind);

/**
 * Kind of a media file by the extension of its last path segment, case-insensitive. Leading dots
 * are not an extension (".png" is a hidden file without one, as Python's splitext says).
 */
export function mediaKindOf(name: string): MediaKind {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return 'other';
  return BY_EXTENSION.get(base.slice(dot + 1).toLowerCase()) ?? 'other';
}
