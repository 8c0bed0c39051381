import { showControlCharacters } from '../showControlCharacters';

/*
 * Markdown from project data. Hovers are MarkdownStrings with command links enabled, and the media
 * settings document can be previewed, so a value from the project (a file name, a setting value, a
 * reason quoting one) must never become markup: not a link (least of all a `command:` one), not an
 * image (a remote one would be fetched), not HTML, not the end of the code span it sits in, and not a
 * new line (which could start a heading, a list or a fenced block). Every helper here first shows
 * control characters as escapes (`\n`), so the value stays on its line.
 */

/**
 * Every character that can start or end inline Markdown (CommonMark, GFM autolinks, VS Code's
 * `$(icon)`). A colon only before `//`: that is what makes a bare URL a link, and `path:line` stays as written.
 */
const MARKUP = /[\\`*_{}[\]()#+\-.!|<>~@&$]|:(?=\/\/)/g;

/**
 * The characters without which no link, image, HTML tag, autolink or code span can start: brackets,
 * angle brackets, backticks, the backslash, and the pieces of bare URLs and e-mail addresses.
 */
const LINKS_AND_HTML = /[\\`[\]<>]|:(?=\/\/)|(?<=\bwww)\.|@/gi;

/**
 * Text shown literally in inline Markdown: every character Markdown could read as markup is
 * backslash-escaped, control characters are shown as escapes. For hovers, where the source is never seen.
 */
export function escapeMarkdown(text: string): string {
  return showControlCharacters(text.replace(MARKUP, '\\$&'));
}

/**
 * Text that stays readable in Markdown source yet renders no link, image, HTML, autolink or code
 * span: only the characters that could start one are escaped (emphasis characters are not, so
 * `MEDIA_ROOT` stays as written). For documents that are read as source more than previewed.
 */
export function escapeMarkdownLinks(text: string): string {
  return showControlCharacters(text.replace(LINKS_AND_HTML, '\\$&'));
}

/**
 * A code span showing `text` literally: the fence is one backtick longer than the longest run of
 * backticks inside, padded when the text starts or ends with one, and control characters are shown
 * as escapes so that the span cannot be cut by a new line.
 */
export function inlineCode(text: string): string {
  const shown = showControlCharacters(text);
  if (shown === '') return '` `';
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts and ends with a blank loses one of each: pad those too, so they survive.
  const pad = /^[`\s]|[`\s]$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** Characters that would end a link destination or a size suffix, or read as markup: percent-encoded (a Uri allows it). */
function encodeDestination(dest: string): string {
  return showControlCharacters(dest).replace(/[\s()<>[\]|\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A link whose label is project text and whose destination the extension built (a `command:` Uri of
 * one of its own commands, a file Uri). The label is escaped, the destination cannot end early, and
 * the title is quoted.
 */
export function markdownLink(label: string, destination: string, title?: string): string {
  const t = title === undefined ? '' : ` "${showControlCharacters(title).replace(/["\\]/g, '\\$&')}"`;
  return `[${escapeMarkdown(label)}](${encodeDestination(destination)}${t})`;
}

/** Sources fetched from the network when rendered (or inline data): never an image source in a hover. */
const REMOTE_SOURCE = /^(?:(?:https?|ftps?|data|blob|wss?):|[\\/]{2})/i;

/**
 * True when an image with this source would be fetched from the network: http(s), ftp, data and
 * blob URLs, and protocol-relative or UNC-like `//host` / `\\host` sources. A URL parser drops
 * blanks and control characters around and inside the scheme, so they are dropped before the test.
 */
export function isRemoteImageSource(src: string): boolean {
  return REMOTE_SOURCE.test(src.replace(/^[\u0000-\u0020]+|[\t\n\r]/g, ''));
}

/**
 * A Markdown image with VS Code's size suffix; width 0 leaves the width to the height. Characters that
 * would end the destination (blanks, parentheses, "|") are percent-encoded, which a Uri allows.
 * undefined for a remote source (http, https, protocol-relative, data): a hover never fetches one.
 */
export function markdownImage(src: string, alt: string, width: number, height: number): string | undefined {
  if (isRemoteImageSource(src)) return undefined;
  const size = [width > 0 ? `width=${Math.round(width)}` : '', height > 0 ? `height=${Math.round(height)}` : ''].filter(Boolean).join(',');
  return `![${showControlCharacters(alt).replace(/[\\[\]`<>]/g, '\\$&')}](${encodeDestination(src)}${size ? `|${size}` : ''})`;
}

/**
 * A file's modification time for a hover, "2026-12-07 16:33" in local time. Written out by hand:
 * the first locale-aware format (Intl.DateTimeFormat) loads ICU's date data, 20–40 ms spent in the
 * first hover of a session.
 */
export function modifiedAt(mtime: number): string {
  const d = new Date(mtime);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
