import { filepathToUri, mediaKindOf } from '../media';

/** The two ways a Django template writes a media URL without hard-coding MEDIA_URL. */
export type TemplatePrefixStyle = 'media-url-variable' | 'media-prefix-tag';

/**
 * A template expression for a stored file: `{{ MEDIA_URL }}photos/a%20b.png` (needs the media
 * context processor) or `{% get_media_prefix %}photos/a%20b.png` (needs `{% load static %}`). The
 * name is quoted like Django's storage.url() does, so the result is the URL a browser requests.
 */
export function templateMediaSnippet(storageName: string, style: TemplatePrefixStyle): string {
  const path = filepathToUri(storageName).replace(/^\/+/, '');
  return style === 'media-url-variable' ? `{{ MEDIA_URL }}${path}` : `{% get_media_prefix %}${path}`;
}

/** What a dropped media file becomes in a document. */
export type DropFlavor = 'html' | 'markdown' | 'plain';

const HTML_LANGUAGES = new Set(['html', 'django-html', 'jinja-html', 'jinja', 'htmldjango', 'django-txt', 'twig', 'vue', 'svelte', 'php']);
const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'rst-markdown']);

/** The flavor of insertion that fits a VS Code language id. */
export function dropFlavorOf(languageId: string): DropFlavor {
  if (HTML_LANGUAGES.has(languageId)) return 'html';
  if (MARKDOWN_LANGUAGES.has(languageId)) return 'markdown';
  return 'plain';
}

/**
 * Escapes text for an HTML attribute or element inside a template. Braces become character references
 * too: a file named `{% debug %}.png` or a MEDIA_URL holding `{{ … }}` must not become template syntax
 * that Django or Jinja runs, and a browser reads `&#123;` as the same `{`.
 */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function baseName(storageName: string): string {
  return storageName.slice(storageName.lastIndexOf('/') + 1);
}

/** The file's name without extension, as a first guess at alternative text. */
function altText(storageName: string): string {
  const base = baseName(storageName);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).replace(/[-_]+/g, ' ').trim();
}

/**
 * The text a dropped media file inserts: an `<img>` (or `<video>`, `<audio>`, `<a>`) in HTML and
 * templates, an image or link in Markdown, the URL itself elsewhere. `url` must already be a URL
 * (storageNameToUrl, not a template snippet: its braces are escaped in HTML); it is attribute-escaped
 * for HTML and wrapped in <…> for Markdown when it holds spaces or parentheses.
 */
export function mediaDropText(flavor: DropFlavor, url: string, storageName: string): string {
  const kind = mediaKindOf(storageName);
  const isImage = kind === 'image' || kind === 'svg';
  if (flavor === 'html') {
    const src = escapeHtml(url);
    if (isImage) return `<img src="${src}" alt="${escapeHtml(altText(storageName))}">`;
    if (kind === 'video') return `<video src="${src}" controls></video>`;
    if (kind === 'audio') return `<audio src="${src}" controls></audio>`;
    return `<a href="${src}">${escapeHtml(baseName(storageName))}</a>`;
  }
  if (flavor === 'markdown') {
    const target = /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
    const label = (isImage ? altText(storageName) : baseName(storageName)).replace(/([[\]\\])/g, '\\$1');
    return isImage ? `![${label}](${target})` : `[${label}](${target})`;
  }
  return url;
}

export { formatBytes } from '../media/formatBytes';
