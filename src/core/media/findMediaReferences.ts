import type { MediaReference, MediaReferenceForm } from '../model';
import {
  effectiveMediaUrl,
  parseMediaUrl,
  splitUrl,
  storageNameToPath,
  urlToStorageName,
  type MediaUrlPrefix,
} from './urlMapping';

/** What the scanner needs to know about the project a text belongs to. */
export interface ReferenceContext {
  /** The file the text comes from (absolute POSIX path); copied into every range. */
  file: string;
  /** Effective MEDIA_URL (script prefix applied), e.g. "/media/" or "https://cdn.example.com/media/". */
  mediaUrl: string;
  /** Absolute MEDIA_ROOT, or null when unknown: references are still found, with target null. */
  mediaRoot: string | null;
  /** Effective STATIC_URL. When it lies under MEDIA_URL's path, literal URLs under it are static files
   *  and are not reported. */
  staticUrl?: string | null;
}

/** The kind of text being scanned; decides the few syntax-specific rules. */
export type ReferenceLanguage = 'html' | 'django-html' | 'jinja' | 'python' | 'css' | 'javascript' | 'markdown' | 'text';

const EXT_LANGUAGE: Record<string, ReferenceLanguage> = {
  html: 'html', htm: 'html', djhtml: 'django-html',
  jinja: 'jinja', jinja2: 'jinja', j2: 'jinja',
  txt: 'text',
  py: 'python', pyi: 'python',
  css: 'css', scss: 'css', sass: 'css', less: 'css',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'javascript', tsx: 'javascript',
  mts: 'javascript', cts: 'javascript', vue: 'javascript', svelte: 'javascript',
  md: 'markdown', markdown: 'markdown',
};

/**
 * The scanning language of a file by its extension; undefined for files that do not hold media
 * references. An .html file inside a "templates" (or Jinja2 "jinja2") folder is a Django template.
 */
export function languageOfFile(path: string): ReferenceLanguage | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const lang = EXT_LANGUAGE[base.slice(dot + 1).toLowerCase()];
  if (lang === 'html' && /(^|\/)templates\//.test(path)) return 'django-html';
  return lang;
}

// Character classes, indexed by UTF-16 code unit (< 128; the rest is handled inline).
const PART = 0; // part of a URL
const END = 1; // ends a reference
const DYNAMIC = 2; // "{": template or f-string code inside the path
const BOUNDARY = 1; // (in BEFORE) may precede a literal URL

const CLASS = new Uint8Array(128);
for (const c of '"\'` \t\n\r\f\v)<>]}') CLASS[c.charCodeAt(0)] = END;
for (let c = 0; c < 32; c++) CLASS[c] = END;
CLASS[0x7b] = DYNAMIC;

const BEFORE = new Uint8Array(128);
for (const c of '"\'` \t\n\r\f\v(=>,[') BEFORE[c.charCodeAt(0)] = BOUNDARY;

function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function canPrecede(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  return c < 128 ? BEFORE[c] === BOUNDARY : isUnicodeSpace(c);
}

/** At most this many references are reported per text (the first ones): bounded work on hostile input. */
export const MAX_REFERENCES = 100_000;

/** No real media URL is longer; longer runs are skipped, not reported. */
const MAX_REFERENCE_LENGTH = 4096;

const HTML_LIKE = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja', 'markdown', 'text']);
const PROSE = new Set<ReferenceLanguage>(['markdown', 'text']);

/** Filters that leave MEDIA_URL's rendered value usable as a URL prefix. */
const NEUTRAL_FILTERS = new Set(['safe', 'escape', 'e', 'force_escape', 'iriencode', 'default', 'default_if_none', 'string']);

interface Found {
  start: number;
  end: number;
  form: MediaReferenceForm;
  url: string;
}

/** Scanner state shared by the passes over one text. */
class Scan {
  readonly found: Found[] = [];
  /** Where the last urlEnd() stopped looking, so that a failed scan is not repeated. */
  stoppedAt = 0;
  private readonly htmlLike: boolean;
  private readonly prose: boolean;

  constructor(
    readonly text: string,
    readonly language: ReferenceLanguage,
  ) {
    this.htmlLike = HTML_LIKE.has(language);
    this.prose = PROSE.has(language);
  }

  /**
   * End of the URL that starts at `from`: the first terminator; -1 when the path part runs into
   * template code ("{") or the run is implausibly long. "{" after "?" or "#" only ends it: a
   * cache-busting query does not change the file.
   */
  urlEnd(from: number): number {
    const text = this.text;
    const limit = Math.min(text.length, from + MAX_REFERENCE_LENGTH);
    let inQuery = false;
    let i = from;
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const k = CLASS[c];
        if (k === PART) {
          if (c === 0x3f || c === 0x23) inQuery = true; // ? #
          else if (c === 0x26 && this.htmlLike && isQuoteEntity(text, i)) break; // &quot; in an attribute
          continue;
        }
        if (k === DYNAMIC && !inQuery) {
          this.stoppedAt = i;
          return -1;
        }
        break;
      }
      if (isUnicodeSpace(c)) break;
    }
    this.stoppedAt = i;
    if (i === limit && limit < text.length) return -1;
    if (this.prose) {
      // In prose a sentence may end right after the URL: "see /media/a.png."
      while (i > from && '.,;:!?'.includes(text[i - 1]!)) i--;
    }
    return i;
  }

  /** Inside `{% static '…' %}` or Jinja's `{{ static('…') }}` on the same line: a static file. */
  insideStaticTag(i: number): boolean {
    if (!this.htmlLike) return false;
    const text = this.text;
    const stop = Math.max(0, i - 256);
    for (let k = i - 1; k >= stop; k--) {
      const c = text.charCodeAt(k);
      if (c === 0x0a) return false;
      // "%}" or "}}": the nearest tag closed before the URL
      if (c === 0x7d && (text.charCodeAt(k - 1) === 0x25 || text.charCodeAt(k - 1) === 0x7d)) return false;
      if (c === 0x7b) {
        const p = text.charCodeAt(k - 1) === 0x7b ? k - 1 : k;
        if (p === k && text.charCodeAt(k + 1) !== 0x25) continue;
        STATIC_TAG.lastIndex = p;
        return STATIC_TAG.test(text);
      }
    }
    return false;
  }

  private fences: number[] | undefined;
  private fence = 0;

  /**
   * May a literal URL start at `start`? In Python and JS only inside string literals; in CSS after
   * a quote or "url("; elsewhere after a boundary character, and in Markdown only where the
   * rendered page loads or links it: a link or image destination, a reference definition
   * ("[x]: /media/a.png") or raw HTML — not in code spans or fenced code blocks, which show text.
   * Literal starts are asked in increasing order.
   */
  literalMayStart(start: number): boolean {
    const text = this.text;
    const c = start > 0 ? text.charCodeAt(start - 1) : 0x0a;
    // In code, a URL outside a string literal is in a comment (or a regex): documentation.
    if (this.language === 'python' || this.language === 'javascript') return c === 0x22 || c === 0x27 || c === 0x60;
    if (this.language === 'css') {
      if (c === 0x22 || c === 0x27 || c === 0x28) return true;
      return text.charCodeAt(skipBlanksBack(text, start) - 1) === 0x28; // url( /media/a.png )
    }
    if (!canPrecede(text, start) && !(this.htmlLike && endsWithQuoteEntity(text, start))) return false;
    if (this.language !== 'markdown') return true;
    if (c === 0x60) return false; // `code span`
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      const k = skipBlanksBack(text, start);
      if (!(text.charCodeAt(k - 1) === 0x3a && text.charCodeAt(k - 2) === 0x5d)) return false; // "]:"
    }
    this.fences ??= fencedBlocks(text);
    const f = this.fences;
    while (this.fence < f.length && f[this.fence + 1]! <= start) this.fence += 2;
    return !(this.fence < f.length && f[this.fence]! <= start);
  }

  private passCount = 0;

  /** Starts one pass (one kind of reference); each pass finds references in increasing order. */
  beginPass(): void {
    this.passCount = 0;
  }

  /** The current pass found as many references as one text may report. */
  get passFull(): boolean {
    return this.passCount >= MAX_REFERENCES;
  }

  add(start: number, end: number, form: MediaReferenceForm, url: string): void {
    this.found.push({ start, end, form, url });
    this.passCount++;
  }
}

/** [start, end) offsets of Markdown fenced code blocks (``` or ~~~), flattened. */
function fencedBlocks(text: string): number[] {
  const out: number[] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})/gm;
  let open: { at: number; marker: string } | undefined;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const marker = m[1]!;
    if (!open) open = { at: m.index, marker };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length) {
      const eol = text.indexOf('\n', m.index);
      out.push(open.at, eol < 0 ? text.length : eol);
      open = undefined;
    }
  }
  if (open) out.push(open.at, text.length);
  return out;
}

const STATIC_TAG = /\{%-?[ \t]*static[ \t]|\{\{-?[ \t]*static[ \t]*\(/y;

function isQuoteEntity(text: string, i: number): boolean {
  return text.startsWith('&quot;', i) || text.startsWith('&#39;', i) || text.startsWith('&#x27;', i) || text.startsWith('&apos;', i);
}

/** `&quot;` (or another quote entity) right before `i`: an HTML-escaped quote in an attribute. */
function endsWithQuoteEntity(text: string, i: number): boolean {
  if (text.charCodeAt(i - 1) !== 0x3b) return false;
  return text.endsWith('&quot;', i) || text.endsWith('&#39;', i) || text.endsWith('&#x27;', i) || text.endsWith('&apos;', i);
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) break;
    i++;
  }
  return i;
}

function skipBlanksBack(text: string, i: number): number {
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== 0x20 && c !== 0x09) break;
    i--;
  }
  return i;
}

const FILTER = /\|[ \t]*([A-Za-z_][A-Za-z0-9_]*)(?:[ \t]*:[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_.]+))?[ \t]*/y;

/**
 * After a variable name inside `{{ … }}`: neutral filters, optional Jinja "-", then "}}".
 * Returns the index after "}}", or -1 (unknown filter, other expression, not closed).
 */
function variableTagEnd(text: string, i: number): number {
  i = skipBlanks(text, i);
  while (text.charCodeAt(i) === 0x7c) {
    FILTER.lastIndex = i;
    const m = FILTER.exec(text);
    if (!m || !NEUTRAL_FILTERS.has(m[1]!)) return -1;
    i = FILTER.lastIndex;
  }
  if (text.charCodeAt(i) === 0x2d) i++;
  return text.startsWith('}}', i) ? i + 2 : -1;
}

/** Before a name inside `{{ … }}` / `{% … %}`: index of the opening brace pair, or -1. */
function tagStart(text: string, nameStart: number, open: '{{' | '{%'): number {
  if (nameStart > 0 && (isWordChar(text.charCodeAt(nameStart - 1)) || text.charCodeAt(nameStart - 1) === 0x2e)) return -1;
  let i = skipBlanksBack(text, nameStart);
  if (text.charCodeAt(i - 1) === 0x2d) i--; // Jinja whitespace control "{{-"
  return i >= 2 && text.startsWith(open, i - 2) ? i - 2 : -1;
}

/** `{{ MEDIA_URL }}path` and `{{ settings.MEDIA_URL }}path` (the media context processor, Jinja globals). */
function scanMediaUrlVariable(scan: Scan, mediaUrl: string): void {
  const text = scan.text;
  const name = 'MEDIA_URL';
  scan.beginPass();
  for (let i = text.indexOf(name); i >= 0 && !scan.passFull; i = text.indexOf(name, i + name.length)) {
    if (isWordChar(text.charCodeAt(i + name.length))) continue;
    const nameStart = text.startsWith('settings.', i - 9) ? i - 9 : i;
    const start = tagStart(text, nameStart, '{{');
    if (start < 0) continue;
    const tagEnd = variableTagEnd(text, i + name.length);
    if (tagEnd < 0) continue;
    const end = scan.urlEnd(tagEnd);
    if (end <= tagEnd) continue; // nothing after the prefix, or a dynamic path
    scan.add(start, end, 'media-url-variable', mediaUrl + text.slice(tagEnd, end));
    i = end - name.length;
  }
}

const AS_NAME = /[ \t]+as[ \t]+([A-Za-z_][A-Za-z0-9_]*)/y;

/** `{% get_media_prefix %}path`; returns the variables bound by `{% get_media_prefix as P %}`. */
function scanMediaPrefixTag(scan: Scan, mediaUrl: string): Map<string, number> {
  const text = scan.text;
  const name = 'get_media_prefix';
  const bound = new Map<string, number>();
  scan.beginPass();
  for (let i = text.indexOf(name); i >= 0 && !scan.passFull; i = text.indexOf(name, i + name.length)) {
    if (isWordChar(text.charCodeAt(i + name.length))) continue;
    const start = tagStart(text, i, '{%');
    if (start < 0) continue;
    let k = i + name.length;
    AS_NAME.lastIndex = k;
    const as = AS_NAME.exec(text);
    if (as) k = AS_NAME.lastIndex;
    k = skipBlanks(text, k);
    if (text.charCodeAt(k) === 0x2d) k++;
    if (!text.startsWith('%}', k)) continue;
    const tagEnd = k + 2;
    if (as) {
      if (!bound.has(as[1]!)) bound.set(as[1]!, tagEnd);
      continue;
    }
    const end = scan.urlEnd(tagEnd);
    if (end <= tagEnd) continue;
    // The tag renders iri_to_uri(MEDIA_URL); the mapping decodes again, so the raw value is equivalent.
    scan.add(start, end, 'media-prefix-tag', mediaUrl + text.slice(tagEnd, end));
  }
  return bound;
}

/** `{{ P }}path` after `{% get_media_prefix as P %}` (from the binding to the end of the file). */
function scanMediaPrefixVariables(scan: Scan, mediaUrl: string, bound: Map<string, number>): void {
  const text = scan.text;
  const names = [...bound.keys()];
  const pattern = new RegExp(`\\{\\{-?[ \\t]*(${names.join('|')})(?![A-Za-z0-9_.])`, 'g');
  pattern.lastIndex = Math.min(...bound.values());
  scan.beginPass();
  for (let m = pattern.exec(text); m && !scan.passFull; m = pattern.exec(text)) {
    if (m.index < bound.get(m[1]!)!) continue;
    const tagEnd = variableTagEnd(text, m.index + m[0].length);
    if (tagEnd < 0) continue;
    const end = scan.urlEnd(tagEnd);
    if (end <= tagEnd) continue;
    scan.add(m.index, end, 'media-prefix-variable', mediaUrl + text.slice(tagEnd, end));
    pattern.lastIndex = end;
  }
}

/** The text a literal URL under `url` starts with: "/media/" or "//cdn.example.com/media/". */
function literalNeedle(url: string): string | undefined {
  const eff = effectiveMediaUrl(url);
  const parts = splitUrl(eff);
  if (!parts) return undefined;
  if (parts.host === null) return parts.path;
  const from = eff.indexOf('//');
  let to = eff.length;
  for (const c of '?#') {
    const k = eff.indexOf(c, from);
    if (k >= 0 && k < to) to = k;
  }
  return eff.slice(from, to);
}

/** Literal URLs: "/media/a.png" (path MEDIA_URL) or "https://cdn…/media/a.png", "//cdn…" (absolute). */
function scanLiteralUrls(scan: Scan, mediaUrl: string, media: MediaUrlPrefix, staticUrl: string | null | undefined): void {
  const text = scan.text;
  const needle = literalNeedle(mediaUrl);
  // MEDIA_URL "/" (unset) would make every root-relative link a media reference: only the explicit
  // template forms count then.
  if (!needle || needle === '/') return;
  const absolute = media.host !== null;
  let staticNeedle = staticUrl ? literalNeedle(staticUrl) : undefined;
  if (staticNeedle && !(staticNeedle.length > needle.length && staticNeedle.startsWith(needle))) staticNeedle = undefined;
  scan.beginPass();
  for (let i = text.indexOf(needle); i >= 0 && !scan.passFull; ) {
    let start = i;
    if (absolute) {
      if (i >= 6 && text.slice(i - 6, i).toLowerCase() === 'https:') start = i - 6;
      else if (i >= 5 && text.slice(i - 5, i).toLowerCase() === 'http:') start = i - 5;
    }
    let next = i + needle.length;
    if (scan.literalMayStart(start) && !(staticNeedle && text.startsWith(staticNeedle, i)) && !scan.insideStaticTag(start)) {
      const end = scan.urlEnd(i + needle.length);
      if (end > i + needle.length) {
        scan.add(start, end, absolute ? 'absolute-url' : 'url', text.slice(start, end));
        next = end;
      } else if (end < 0) {
        next = Math.max(next, scan.stoppedAt); // dynamic or too long: never rescan the same run
      }
    }
    i = text.indexOf(needle, next);
  }
}

/** Line/column of each start, in one forward pass (starts sorted). Lines end at \n, \r\n or \r. */
function toRanges(text: string, found: Found[], file: string): MediaReference['range'][] {
  const ranges: MediaReference['range'][] = [];
  const hasCR = text.indexOf('\r') >= 0;
  let line = 1;
  let lineStart = 0;
  let nextLF = text.indexOf('\n');
  let nextCR = hasCR ? text.indexOf('\r') : -1;
  for (const f of found) {
    for (;;) {
      const brk = nextCR >= 0 && (nextLF < 0 || nextCR < nextLF) ? nextCR : nextLF;
      if (brk < 0 || brk >= f.start) break;
      const crlf = brk === nextCR && nextLF === brk + 1;
      lineStart = brk + (crlf ? 2 : 1);
      line++;
      if (nextLF >= 0 && nextLF < lineStart) nextLF = text.indexOf('\n', lineStart);
      if (nextCR >= 0 && nextCR < lineStart) nextCR = text.indexOf('\r', lineStart);
    }
    const column = f.start - lineStart + 1;
    ranges.push({ file, line, column, endLine: line, endColumn: column + (f.end - f.start) });
  }
  return ranges;
}

/**
 * Every media reference in a text, in order:
 * - literal URLs under MEDIA_URL's path ("/media/a.png" in attributes, CSS url(), JS/Python strings,
 *   Markdown links and images), or, for an absolute MEDIA_URL, under its host ("https://cdn…/media/…",
 *   "http:" and "//cdn…" too); a literal must start after a quote, blank, "(", "=", ">", "," or "["
 *   (or an HTML quote entity like &quot;); in Python and JS only string literals count, in CSS
 *   quoted strings and url(…);
 *   in Markdown only link/image destinations, reference definitions and raw HTML count (code spans
 *   and fenced blocks show text, they load nothing);
 * - `{{ MEDIA_URL }}path` (also `{{MEDIA_URL}}`, `{{ settings.MEDIA_URL }}`, Jinja `{{- … -}}`,
 *   neutral filters like `|safe`), `{% get_media_prefix %}path`, and `{{ P }}path` after
 *   `{% get_media_prefix as P %}`.
 * Not media: `{% static %}` arguments, URLs under STATIC_URL, a literal when MEDIA_URL is "/".
 * A reference ends at a quote, blank, ")", "<", ">", "]", "}" or an HTML quote entity. A path
 * running into template code ("{{ x }}", "{% … %}", f-string "{x}", JS "${x}") names no single file
 * and is skipped; template code after "?" or "#" only ends the reference. Ranges: 1-based lines,
 * UTF-16 columns, endColumn exclusive. At most MAX_REFERENCES, the first ones. storageName and
 * target are null when the URL cannot be mapped (it would leave MEDIA_ROOT, invalid escapes);
 * target is also null when MEDIA_ROOT is unknown.
 */
export function findMediaReferences(text: string, language: ReferenceLanguage, ctx: ReferenceContext): MediaReference[] {
  const media = parseMediaUrl(ctx.mediaUrl);
  if (!media || text.length === 0) return [];
  const mediaUrl = effectiveMediaUrl(ctx.mediaUrl);
  const scan = new Scan(text, language);
  scanLiteralUrls(scan, mediaUrl, media, ctx.staticUrl);
  if (text.indexOf('{') >= 0) {
    scanMediaUrlVariable(scan, mediaUrl);
    const bound = scanMediaPrefixTag(scan, mediaUrl);
    if (bound.size > 0) scanMediaPrefixVariables(scan, mediaUrl, bound);
  }
  const found = scan.found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  for (const f of found) {
    if (kept.length === MAX_REFERENCES) break;
    if (kept.length === 0 || f.start >= kept[kept.length - 1]!.end) kept.push(f);
  }
  const ranges = toRanges(text, kept, ctx.file);
  return kept.map((f, n) => {
    const storageName = urlToStorageName(f.url, media);
    const target = storageName !== null && ctx.mediaRoot ? storageNameToPath(ctx.mediaRoot, storageName) : null;
    return { range: ranges[n]!, text: text.slice(f.start, f.end), form: f.form, storageName, target };
  });
}
