import type { FileSystem } from '../fileSystem';
import { formatBytes } from '../media/formatBytes';
import { describeSkippedPreview, imagePreviewVerdict } from '../media/imagePreview';
import { mediaKindOf, type MediaKind } from '../media/mediaKind';
import type { ImageInfo } from '../media/readImageInfo';
import { StaticFileLookup, staticNameProblem, type StaticFinders, type StaticMatch, type StaticSource } from '../staticfiles/finders';
import type { StaticReference } from '../staticfiles/references';
import { describeKind, fitImage, type HoverRenderer, type ImageInfoCache, type PreviewOptions } from './hover';
import { escapeMarkdown, inlineCode, markdownImage } from './markdown';

/** What a hover over a static reference shows, before it becomes Markdown. */
export type StaticHover =
  | {
      kind: 'file';
      name: string;
      match: StaticMatch;
      /** Later matches the first one hides. */
      shadowed: StaticMatch[];
      mediaKind: MediaKind;
      size: number;
      mtime: number;
      image?: ImageInfo;
      preview: { kind: 'embed'; width: number; height: number } | { kind: 'skipped'; why: string } | { kind: 'none' };
    }
  | { kind: 'folder'; name: string; match: StaticMatch }
  | { kind: 'missing'; name: string; searched: Array<Extract<StaticSource, { kind: 'folder' }>> }
  | { kind: 'unknown'; name: string | null; reason: string };

/**
 * Resolves a static reference as the finders do (every match, to name what the first one shadows)
 * and reads what the hover shows: size and image header through the found folder's confinement.
 */
export async function describeStaticReference(
  fs: FileSystem,
  ref: Pick<StaticReference, 'name'>,
  finders: StaticFinders,
  options: PreviewOptions,
  images: ImageInfoCache,
): Promise<StaticHover> {
  const name = ref.name;
  if (name === null) return { kind: 'unknown', name, reason: 'This URL names no static file: it would leave STATIC_URL, or its percent-escapes are invalid.' };
  const problem = staticNameProblem(name);
  if (problem) return { kind: 'unknown', name, reason: `The finders do not look up ${problem}.` };
  if (!finders.known) return { kind: 'unknown', name, reason: `Where Django finds static files is unknown: ${finders.reason}.` };
  const lookup = new StaticFileLookup(fs, finders.sources);
  const found = await lookup.find(name, true);
  if (found.kind === 'unknown') return { kind: 'unknown', name, reason: `Not found in this workspace, and ${found.reason}, so it may be there.` };
  if (found.kind === 'missing') return { kind: 'missing', name, searched: found.searched };
  const match = found.match;
  if (match.type === 'directory') return { kind: 'folder', name, match };
  const folderFs = lookup.folderFs(match.source.folder);
  const st = await folderFs.stat(match.path);
  if (!st) return { kind: 'unknown', name, reason: 'The file cannot be read.' };
  const mediaKind = mediaKindOf(match.path);
  const base = { kind: 'file' as const, name, match, shadowed: found.shadowed, mediaKind, size: st.size, mtime: st.mtime };
  if (mediaKind !== 'image' && mediaKind !== 'svg') return { ...base, preview: { kind: 'none' } };
  const image = await images.get(folderFs, match.path, st.size, st.mtime);
  const verdict = imagePreviewVerdict(st.size, image, options.maxImageBytes);
  const withImage = { ...base, ...(image ? { image } : {}) };
  if (verdict.kind !== 'embed') return { ...withImage, preview: { kind: 'skipped', why: describeSkippedPreview(verdict, st.size) ?? '' } };
  const shown = image ? fitImage(image.width, image.height, options.maxWidth, options.maxHeight) : { width: 0, height: Math.min(options.maxHeight, 128) };
  return { ...withImage, preview: { kind: 'embed', ...shown } };
}

/** Which finder and folder a match came from, in words. */
function origin(source: Extract<StaticSource, { kind: 'folder' }>, r: Pick<HoverRenderer, 'displayPath'>): string {
  const folder = inlineCode(r.displayPath(source.folder));
  if (source.finder === 'AppDirectoriesFinder') return `AppDirectoriesFinder, app ${inlineCode(source.app ?? '?')} (${folder})`;
  const prefix = source.prefix !== null ? ` with prefix ${inlineCode(source.prefix)}` : '';
  return `FileSystemFinder, STATICFILES_DIRS[${source.dirsIndex ?? '?'}] ${folder}${prefix}`;
}

/** The hover as Markdown (an image as a Markdown image of the file's Uri, never raw HTML). */
export function renderStaticHover(h: StaticHover, r: HoverRenderer): string {
  const parts: string[] = [];
  switch (h.kind) {
    case 'file': {
      const image = h.preview.kind === 'embed' ? markdownImage(r.imageSrc(h.match.path), h.name, h.preview.width, h.preview.height) : undefined;
      if (image) parts.push(image);
      const facts = [describeKind(h.mediaKind, h.image)];
      if (h.image) facts.push(`${h.image.width} × ${h.image.height} px`);
      facts.push(formatBytes(h.size));
      const lines = [
        `**${escapeMarkdown(h.name)}** — static file, ${facts.join(', ')}`,
        `${inlineCode(r.displayPath(h.match.path))} · found by ${origin(h.match.source, r)}`,
      ];
      const open = r.actionLink('open', h.match.path, 'Open');
      if (open) lines.push(open);
      parts.push(lines.join('  \n'));
      if (h.shadowed.length > 0) {
        parts.push(`Shadows ${h.shadowed.map((m) => `${inlineCode(r.displayPath(m.path))} (${origin(m.source, r)})`).join(', ')}: the first match wins.`);
      }
      if (h.preview.kind === 'skipped' && h.preview.why) parts.push(`*No preview: ${escapeMarkdown(h.preview.why)}.*`);
      break;
    }
    case 'folder':
      parts.push(`**${escapeMarkdown(h.name)}/** — a folder, not a file  \n${inlineCode(r.displayPath(h.match.path))} · ${origin(h.match.source, r)}`);
      break;
    case 'missing': {
      const looked = h.searched.length === 0 ? 'No finder folder takes this name.' : `Looked in ${h.searched.map((s) => inlineCode(r.displayPath(s.folder))).join(', ')}.`;
      parts.push(`**Not found by the staticfiles finders:** ${inlineCode(h.name)}  \n${looked}`);
      break;
    }
    case 'unknown':
      parts.push(h.name !== null ? `${inlineCode(h.name)}: ${escapeMarkdown(h.reason)}` : escapeMarkdown(h.reason));
      break;
  }
  return parts.join('\n\n');
}
