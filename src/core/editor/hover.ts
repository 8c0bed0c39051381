import { dirname } from 'pathe';
import { formatBytes } from '../media/formatBytes';
import type { FileSystem } from '../fileSystem';
import { describeSkippedPreview, imagePreviewVerdict, type ImagePreviewVerdict } from '../media/imagePreview';
import { mediaKindOf, type MediaKind } from '../media/mediaKind';
import { readImageInfo, type ImageInfo } from '../media/readImageInfo';
import { storageNameToPath } from '../media/urlMapping';
import { confineToMediaRoot, existenceOf } from '../mediaIndex/mediaRootGuard';
import { similarFiles, type FolderNames, type SimilarFile } from '../mediaIndex/similarNames';
import type { MediaReference, ProjectModel, PyJson, SettingValue, SourceRange } from '../model';
import { remoteStorageUrl, type EditorMediaContext, type RemoteUrl } from './mediaContext';
import { showControlCharacters } from '../showControlCharacters';
import { escapeMarkdown, inlineCode, markdownImage } from './markdown';
import type { EditorSettingName, SettingMention } from './settingAt';

/** The user's bounds for previews (djangoMedia.hover.*). */
export interface PreviewOptions {
  /** Largest width of an embedded image, in CSS pixels. */
  maxWidth: number;
  maxHeight: number;
  /** Images larger than this (bytes) are not embedded: decoding them would stall the hover. */
  maxImageBytes: number;
}

/** Defaults of the djangoMedia.hover.* settings. */
export const DEFAULT_PREVIEW_OPTIONS: Readonly<PreviewOptions> = { maxWidth: 300, maxHeight: 150, maxImageBytes: 10 * 1024 * 1024 };

/** What a hover over a media reference shows, before it becomes Markdown. */
export type MediaHover =
  | {
      kind: 'file';
      storageName: string;
      path: string;
      mediaKind: MediaKind;
      size: number;
      mtime: number;
      /** Dimensions from the header, when the file is an image whose header could be read. */
      image?: ImageInfo;
      /**
       * Embedded image and its displayed size; why it is not embedded (over maxImageBytes, over the pixel
       * caps, dimensions unknown in a large file); 'none' for other kinds.
       */
      preview: { kind: 'embed'; width: number; height: number } | Exclude<ImagePreviewVerdict, { kind: 'embed' }> | { kind: 'none' };
    }
  | { kind: 'folder'; storageName: string; path: string }
  /** `similar`: the closest existing files of the same folder ("did you mean"), best first. */
  | { kind: 'missing'; storageName: string; path: string; folder: string; similar: SimilarFile[] }
  | { kind: 'remote'; storageName: string; backend: string; url: RemoteUrl }
  /** No file can be named: the URL leaves MEDIA_ROOT, or MEDIA_ROOT is unknown or unset. */
  | { kind: 'unmapped'; storageName: string | null; reason: string };

/**
 * Image dimensions cached by path, size and modification time: the header is read once per
 * version of a file, however often it is hovered. Bounded (least recently used out).
 */
export class ImageInfoCache {
  private readonly entries = new Map<string, { size: number; mtime: number; info: ImageInfo | undefined }>();

  constructor(private readonly capacity = 256) {}

  /** The image's dimensions, reading its header only when this version of the file was not seen. */
  async get(fs: FileSystem, path: string, size: number, mtime: number): Promise<ImageInfo | undefined> {
    const hit = this.entries.get(path);
    if (hit && hit.size === size && hit.mtime === mtime) {
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit.info;
    }
    const info = await readImageInfo(fs, path);
    this.entries.delete(path);
    this.entries.set(path, { size, mtime, info });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return info;
  }
}

/** The displayed size of an image inside the bounds, aspect ratio kept, never enlarged. */
export function fitImage(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Looks the reference's file up (one stat, plus the image header when not cached) and describes it. */
export async function describeMediaReference(
  fs: FileSystem,
  ref: MediaReference,
  ctx: EditorMediaContext,
  options: PreviewOptions,
  images: ImageInfoCache,
): Promise<MediaHover> {
  const name = ref.storageName;
  if (name === null) {
    return { kind: 'unmapped', storageName: null, reason: 'This URL names no file under MEDIA_ROOT: it would leave MEDIA_ROOT, or its percent-escapes are invalid.' };
  }
  const root = ctx.root;
  if (root.kind === 'remote') return { kind: 'remote', storageName: name, backend: root.backend, url: remoteStorageUrl(ctx.model, root.backend, name) };
  if (root.kind === 'unknown') return { kind: 'unmapped', storageName: name, reason: `MEDIA_ROOT is unknown: ${root.reason}` };
  if (root.kind === 'unset') {
    return { kind: 'unmapped', storageName: name, reason: 'MEDIA_ROOT is not set (Django\'s default ""), so uploads have no folder of their own.' };
  }
  const path = ref.target ?? storageNameToPath(root.mediaRoot, name);
  if (path === null) return { kind: 'unmapped', storageName: name, reason: 'This name would leave MEDIA_ROOT.' };
  // Through MEDIA_ROOT's guard: a link out of it is not previewed, and a folder that cannot be read
  // is "cannot tell", not "missing".
  const media = confineToMediaRoot(fs, root.mediaRoot);
  const st = await media.stat(path);
  if (!st) {
    const listings: FolderNames = new Map();
    if ((await existenceOf(media, path, root.mediaRoot, listings)) === 'missing') {
      return { kind: 'missing', storageName: name, path, folder: dirname(path), similar: await similarFiles(media, path, root.mediaRoot, listings) };
    }
    return { kind: 'unmapped', storageName: name, reason: 'Whether this file exists is unknown: a folder on the way cannot be read, or a symbolic link leads out of MEDIA_ROOT.' };
  }
  if (st.type === 'directory') return { kind: 'folder', storageName: name, path };
  const mediaKind = mediaKindOf(path);
  if (mediaKind !== 'image' && mediaKind !== 'svg') {
    return { kind: 'file', storageName: name, path, mediaKind, size: st.size, mtime: st.mtime, preview: { kind: 'none' } };
  }
  // The header is cheap to read (bounded), so the dimensions are shown even when the picture is not.
  const image = await images.get(media, path, st.size, st.mtime);
  const base = { kind: 'file', storageName: name, path, mediaKind, size: st.size, mtime: st.mtime, ...(image ? { image } : {}) } as const;
  const verdict = imagePreviewVerdict(st.size, image, options.maxImageBytes);
  if (verdict.kind !== 'embed') return { ...base, preview: verdict };
  // Without dimensions (an unusual format, a small file) the height bound alone keeps the hover small.
  const shown = image ? fitImage(image.width, image.height, options.maxWidth, options.maxHeight) : { width: 0, height: Math.min(options.maxHeight, 128) };
  return { ...base, preview: { kind: 'embed', ...shown } };
}

/** An action link under a hover. */
export type HoverAction = 'open' | 'revealInMediaExplorer' | 'revealInExplorer';

/** What the adapter supplies to turn a hover into Markdown: links, Uris, times, paths for people. */
export interface HoverRenderer {
  /** The Uri string of a file, for a Markdown image (the adapter's file Uri of the path). */
  imageSrc(path: string): string;
  /** A path for people (relative to the workspace folder when inside it). */
  displayPath(path: string): string;
  /** A Markdown link performing the action on `path`, or undefined when it is unavailable. */
  actionLink(action: HoverAction, path: string, label: string): string | undefined;
  /** A Markdown link opening a source range. */
  sourceLink(range: SourceRange, label: string): string;
  formatTime(mtime: number): string;
}

const KIND_LABEL: Record<MediaKind, string> = {
  image: 'Image',
  svg: 'SVG image',
  video: 'Video',
  audio: 'Audio',
  pdf: 'PDF document',
  document: 'Document',
  archive: 'Archive',
  other: 'File',
};

export { formatBytes };

/** The kind of a media file in words ("PNG image", "PDF document"). */
export function describeKind(kind: MediaKind, image?: ImageInfo): string {
  if (kind === 'image' && image && image.type !== 'unknown') return `${image.type.toUpperCase()} image`;
  return KIND_LABEL[kind];
}

function actions(r: HoverRenderer, path: string, list: Array<[HoverAction, string]>): string {
  return list.map(([a, label]) => r.actionLink(a, path, label)).filter((l): l is string => l !== undefined).join(' · ');
}

/**
 * The hover as Markdown. The image is a Markdown image of the file's Uri with VS Code's size suffix
 * (`![alt](uri|width=W,height=H)`), not raw HTML: VS Code maps the Uris of Markdown images to ones the
 * workbench can load (remote and web workbenches cannot load a raw <img src="file:…">, measured in
 * code-server). An SVG is an image too, never inlined markup.
 */
export function renderMediaHover(h: MediaHover, r: HoverRenderer, options: PreviewOptions): string {
  const parts: string[] = [];
  switch (h.kind) {
    case 'file': {
      const image = h.preview.kind === 'embed' ? markdownImage(r.imageSrc(h.path), h.storageName, h.preview.width, h.preview.height) : undefined;
      if (image) parts.push(image);
      const facts = [describeKind(h.mediaKind, h.image)];
      if (h.image) facts.push(`${h.image.width} × ${h.image.height} px`);
      facts.push(formatBytes(h.size));
      // Three short lines under the picture: VS Code caps a hover at about 250 px before it scrolls.
      const lines = [
        `**${escapeMarkdown(h.storageName)}** — ${facts.join(', ')}`,
        `${inlineCode(r.displayPath(h.path))} · modified ${escapeMarkdown(r.formatTime(h.mtime))}`,
      ];
      const links = actions(r, h.path, [['open', 'Open'], ['revealInMediaExplorer', 'Reveal in Media explorer'], ['revealInExplorer', 'Reveal in Explorer']]);
      if (links) lines.push(links);
      parts.push(lines.join('  \n'));
      if (h.preview.kind === 'too-large') {
        parts.push(`*No preview: ${formatBytes(h.size)} is over the ${formatBytes(options.maxImageBytes)} limit (\`djangoMedia.hover.maxImageBytes\`).*`);
      } else if (h.preview.kind !== 'embed' && h.preview.kind !== 'none') {
        parts.push(`*No preview: ${describeSkippedPreview(h.preview, h.size)}.*`);
      }
      break;
    }
    case 'folder': {
      parts.push(`**${escapeMarkdown(h.storageName)}/** — a folder under MEDIA_ROOT, not a file  \n${inlineCode(r.displayPath(h.path))}`);
      const links = actions(r, h.path, [['revealInMediaExplorer', 'Reveal in Media explorer'], ['revealInExplorer', 'Reveal in Explorer']]);
      if (links) parts.push(links);
      break;
    }
    case 'missing':
      parts.push(`**Not found in MEDIA_ROOT:** ${inlineCode(h.storageName)}  \nLooked in ${inlineCode(withSlash(r.displayPath(h.folder)))}`);
      if (h.similar.length > 0) parts.push(`Did you mean ${h.similar.map((f) => r.actionLink('open', f.path, f.name) ?? inlineCode(f.name)).join(' · ')}?`);
      break;
    case 'remote': {
      parts.push(`${inlineCode(h.storageName)} is kept by the default storage ${inlineCode(h.backend)}, not under MEDIA_ROOT.`);
      if (h.url.kind === 'url') parts.push(`Django would produce ${inlineCode(h.url.url)} (from ${inlineCode(h.url.setting)}).`);
      else if (h.url.kind === 'signed') parts.push(`Django would produce a signed URL, different on every request: ${escapeMarkdown(h.url.reason)}.`);
      else parts.push(`Django's URL for it is not known statically: ${escapeMarkdown(h.url.reason)}.`);
      break;
    }
    case 'unmapped':
      parts.push(h.storageName !== null ? `${inlineCode(h.storageName)}: ${escapeMarkdown(h.reason)}` : escapeMarkdown(h.reason));
      break;
  }
  return parts.join('\n\n');
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

/** A Python-like rendering of a setting's value ('/media/', None, a list of paths). */
export function formatSettingValue(value: PyJson): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  // As Python's repr: control characters as escapes, so that a value shows on one line.
  if (typeof value === 'string') return `'${showControlCharacters(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
  if (Array.isArray(value)) return `[${value.map(formatSettingValue).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${formatSettingValue(k)}: ${formatSettingValue(v)}`).join(', ')}}`;
}

const VALUE_LIMIT = 400;

/** The effective value of a setting and where it was decided, as the hover shows it. */
export function renderSettingHover(
  model: ProjectModel,
  mention: Pick<SettingMention, 'name' | 'form'>,
  r: Pick<HoverRenderer, 'displayPath' | 'sourceLink'>,
  here?: { file: string; line: number; read: boolean },
): string {
  const name: EditorSettingName = mention.name;
  const v = model.settings[name] as SettingValue<PyJson>;
  const parts: string[] = [];
  const module = model.settingsModule ? ` of ${inlineCode(model.settingsModule)}` : '';
  if (v.known) {
    let shown = formatSettingValue(v.value);
    if (shown.length > VALUE_LIMIT) shown = `${shown.slice(0, VALUE_LIMIT)}…`;
    let line = `**${name}** = ${inlineCode(shown)}`;
    if ((name === 'MEDIA_ROOT' || name === 'STATIC_ROOT') && typeof v.value === 'string' && v.value !== '') {
      const rel = r.displayPath(v.value);
      if (rel !== v.value) line += ` (${inlineCode(rel)})`;
    }
    parts.push(line);
  } else {
    parts.push(`**${name}** is unknown: ${escapeMarkdown(v.reason)}`);
  }
  if (mention.form === 'template-tag') {
    parts.push(`${inlineCode(`{% get_${name === 'MEDIA_URL' ? 'media' : 'static'}_prefix %}`)} renders the effective ${name}.`);
  } else if (mention.form === 'template-variable') {
    parts.push(name === 'MEDIA_URL'
      ? `${inlineCode('{{ MEDIA_URL }}')} comes from the \`django.template.context_processors.media\` context processor.`
      : `${inlineCode('{{ STATIC_URL }}')} comes from the \`django.template.context_processors.static\` context processor.`);
  }
  if (v.origin) {
    let line = `Set in ${r.sourceLink(v.origin, `${r.displayPath(v.origin.file)}:${v.origin.line}`)}${module}`;
    if (here && mention.form === 'assignment' && here.read && (v.origin.file !== here.file || v.origin.line !== here.line)) {
      line += ' — not by this assignment';
    }
    parts.push(line);
  } else if (v.known) {
    parts.push(`Django's default: not set by the settings${module}`);
  }
  if (here && mention.form === 'assignment' && !here.read) {
    parts.push(`*This file is not part of the settings module${module}: the value above is the one Django uses.*`);
  }
  return parts.join('\n\n');
}
