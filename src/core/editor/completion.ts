import type { FileSystem, FileType } from '../fileSystem';
import type { ReferenceLanguage } from '../media/findMediaReferences';
import { mediaKindOf } from '../media/mediaKind';
import { effectiveMediaUrl, filepathToUri, normalizeStorageName, splitUrl, storageNameToPath } from '../media/urlMapping';
import type { EditorMediaContext } from './mediaContext';

/** Where the caret is, for media completion: after a media prefix inside a path, or where one may start. */
export type MediaCompletionContext =
  | {
      kind: 'path';
      /** The folder being completed, as a storage name ("" is MEDIA_ROOT itself). */
      folderName: string;
      /** Its absolute path. */
      folderPath: string;
      /** What was typed of the current segment, percent-decoded (the filter). */
      typed: string;
      /** 1-based columns of the current segment: typed part up to the caret, and to the segment's end. */
      start: number;
      caret: number;
      end: number;
    }
  | {
      kind: 'prefix';
      /** Prefixes worth offering here: the literal MEDIA_URL, and in templates `{{ MEDIA_URL }}`. */
      prefixes: string[];
      start: number;
      caret: number;
      end: number;
    };

/** Characters that end a URL being typed, looking back from the caret. */
const STOP = new Set([...'"\'` \t()<>[]{},=|;']);

const VARIABLE_PREFIX = /\{\{-?[ \t]*(?:settings\.)?MEDIA_URL[ \t]*(?:\|[ \t]*(?:safe|escape|e|force_escape|iriencode|string)[ \t]*)*-?\}\}$/;
const TAG_PREFIX = /\{%-?[ \t]*get_media_prefix[ \t]*-?%\}$/;
/** HTML attributes that hold a URL, where typing the opening quote may start a media URL. */
const URL_ATTRIBUTE = /(?:src|href|srcset|poster|url|image|img|icon|background|content|data-[\w-]*)[ \t]*=[ \t]*$/i;
const TEMPLATE_LANGUAGES = new Set<ReferenceLanguage>(['django-html', 'jinja']);
const HTML_LIKE = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja', 'markdown', 'text']);
/** Looking further back (or ahead) than this on one line is never needed: bounded work on minified files. */
const MAX_LOOKBACK = 1024;

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/** The literal text a URL under MEDIA_URL starts with ("/media/", "//cdn.example.com/media/"). */
function literalNeedle(mediaUrl: string): { needle: string; absolute: boolean } | undefined {
  const eff = effectiveMediaUrl(mediaUrl);
  const parts = splitUrl(eff);
  if (!parts) return undefined;
  if (parts.host === null) return { needle: parts.path, absolute: false };
  const from = eff.indexOf('//');
  const cut = eff.slice(from).search(/[?#]/);
  return { needle: cut < 0 ? eff.slice(from) : eff.slice(from, from + cut), absolute: true };
}

/** Length of `run`'s start that spells the needle (scheme optional for an absolute one), or -1. */
function matchNeedle(run: string, needle: string, absolute: boolean): number {
  let skip = 0;
  if (absolute) {
    const m = /^https?:/i.exec(run);
    if (m) skip = m[0].length;
  }
  const head = run.slice(skip, skip + needle.length);
  if (head.length < needle.length) return -1;
  // The host is case-insensitive, the path is not.
  if (absolute) {
    const hostEnd = needle.indexOf('/', 2);
    const hostLen = hostEnd < 0 ? needle.length : hostEnd;
    if (head.slice(0, hostLen).toLowerCase() !== needle.slice(0, hostLen).toLowerCase() || head.slice(hostLen) !== needle.slice(hostLen)) return -1;
  } else if (head !== needle) {
    return -1;
  }
  return skip + needle.length;
}

/** May a literal URL start after `prev` in this language (the scanner's rules, seen from the caret)? */
function literalMayStart(language: ReferenceLanguage, line: string, runStart: number): boolean {
  const prev = line[runStart - 1];
  if (language === 'python' || language === 'javascript') return isQuote(prev);
  if (language === 'css') return isQuote(prev) || /\([ \t]*$/.test(line.slice(Math.max(0, runStart - 64), runStart));
  return prev !== '}' && prev !== ')' && prev !== ']' && prev !== '|';
}

function decode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * What to complete at the caret of one line (1-based `column`): a folder's entries after a media
 * prefix — `{{ MEDIA_URL }}`, `{% get_media_prefix %}`, `{{ P }}` bound by `{% get_media_prefix
 * as P %}`, the literal MEDIA_URL path ("/media/") or absolute MEDIA_URL — or the prefix itself right
 * after an opening quote of a URL attribute (templates, HTML), `url(` (CSS), or a partly typed literal
 * prefix. undefined elsewhere, inside a query or fragment, for a path leaving MEDIA_ROOT, and when
 * MEDIA_ROOT is not a local folder.
 */
export function mediaCompletionContext(
  lineText: string,
  column: number,
  language: ReferenceLanguage,
  ctx: EditorMediaContext,
  prefixVariables: readonly string[] = [],
): MediaCompletionContext | undefined {
  if (ctx.mediaUrl === null || ctx.root.kind !== 'local') return undefined;
  const caret = Math.min(column - 1, lineText.length);
  const floor = Math.max(0, caret - MAX_LOOKBACK);
  let runStart = caret;
  while (runStart > floor && !STOP.has(lineText[runStart - 1]!)) runStart--;
  let end = caret;
  const ceiling = Math.min(lineText.length, caret + MAX_LOOKBACK);
  while (end < ceiling && !STOP.has(lineText[end]!) && lineText[end] !== '/' && lineText[end] !== '?' && lineText[end] !== '#') end++;
  const run = lineText.slice(runStart, caret);
  const prev = lineText[runStart - 1];

  let rel: string | undefined;
  let relStart = runStart;
  if (prev === '}') {
    const before = lineText.slice(Math.max(0, runStart - 256), runStart);
    const variable = prefixVariables.length > 0 ? new RegExp(`\\{\\{-?[ \\t]*(?:${prefixVariables.join('|')})[ \\t]*-?\\}\\}$`) : undefined;
    if (VARIABLE_PREFIX.test(before) || TAG_PREFIX.test(before) || variable?.test(before)) rel = run;
    else return undefined;
  } else {
    const lit = literalNeedle(ctx.mediaUrl);
    // MEDIA_URL "/" would turn every root-relative URL into a media path: only the tags count then.
    if (!lit || lit.needle === '/' || !literalMayStart(language, lineText, runStart)) return undefined;
    const used = matchNeedle(run, lit.needle, lit.absolute);
    if (used >= 0) {
      rel = run.slice(used);
      relStart = runStart + used;
    } else {
      const prefixes = prefixOffers(run, lit, ctx.mediaUrl, language, lineText, runStart);
      return prefixes.length > 0 ? { kind: 'prefix', prefixes, start: runStart + 1, caret: caret + 1, end: end + 1 } : undefined;
    }
  }
  if (/[?#]/.test(rel)) return undefined;
  const slash = rel.lastIndexOf('/');
  const folderDecoded = decode(rel.slice(0, slash + 1));
  if (folderDecoded === undefined || folderDecoded.includes('\0')) return undefined;
  const folderName = normalizeStorageName(folderDecoded);
  if (folderName === undefined) return undefined;
  const folderPath = storageNameToPath(ctx.root.mediaRoot, folderName);
  if (folderPath === null) return undefined;
  const typedRaw = rel.slice(slash + 1);
  const typed = decode(typedRaw) ?? typedRaw;
  const start = relStart + slash + 1;
  return { kind: 'path', folderName, folderPath, typed, start: start + 1, caret: caret + 1, end: end + 1 };
}

function prefixOffers(
  run: string,
  lit: { needle: string; absolute: boolean },
  mediaUrl: string,
  language: ReferenceLanguage,
  line: string,
  runStart: number,
): string[] {
  const prev = line[runStart - 1];
  const eff = effectiveMediaUrl(mediaUrl);
  const literal = lit.absolute ? eff.slice(0, eff.search(/[?#]|$/)) : lit.needle;
  const out: string[] = [];
  if (run === '') {
    // An empty run only counts right after the opening quote of a URL attribute or CSS url(.
    const before = line.slice(Math.max(0, runStart - 65), runStart - 1);
    const urlPlace = (HTML_LIKE.has(language) && isQuote(prev) && URL_ATTRIBUTE.test(before)) ||
      (language === 'css' && (prev === '(' || (isQuote(prev) && /url\([ \t]*$/i.test(before))));
    if (!urlPlace) return out;
    out.push(literal);
    if (TEMPLATE_LANGUAGES.has(language) && isQuote(prev)) out.push('{{ MEDIA_URL }}');
    return out;
  }
  if (run.length < literal.length && literal.toLowerCase().startsWith(run.toLowerCase())) out.push(literal);
  return out;
}

/** One folder's entries as listed (unsorted: sorting 100,000 names costs more than a keystroke may). */
export interface FolderListing {
  readonly names: readonly string[];
  readonly types: readonly FileType[];
  /** Lower-cased names, for the prefix filter and the order. */
  readonly lower: readonly string[];
  /** The folder held more entries than are kept. */
  readonly truncated: boolean;
}

/** A completion candidate. */
export interface CompletionCandidate {
  name: string;
  type: FileType;
  /** The name as it is written in a URL (percent-encoded where needed). */
  insert: string;
  /** "Folder", "Image", "PDF document"… */
  detail: string;
}

const KIND_DETAIL: Record<string, string> = {
  image: 'Image', svg: 'SVG image', video: 'Video', audio: 'Audio', pdf: 'PDF document', document: 'Document', archive: 'Archive', other: 'File',
};

/** Entries kept per folder listing; a folder with more is truncated (the first ones the port gave). */
export const MAX_LISTED_ENTRIES = 500_000;

/** Keeps a raw directory listing for completion (names lower-cased once). */
export function toFolderListing(entries: ReadonlyArray<{ name: string; type: FileType }>): FolderListing {
  const kept = entries.length > MAX_LISTED_ENTRIES ? entries.slice(0, MAX_LISTED_ENTRIES) : entries;
  return {
    names: kept.map((e) => e.name),
    types: kept.map((e) => e.type),
    lower: kept.map((e) => e.name.toLowerCase()),
    truncated: kept.length < entries.length,
  };
}

/** Completion order: folders first, then by name case-insensitively (exact name breaks ties). */
function compareEntries(l: FolderListing, a: number, b: number): number {
  const d = (l.types[a] === 'directory' ? 0 : 1) - (l.types[b] === 'directory' ? 0 : 1);
  if (d !== 0) return d;
  const la = l.lower[a]!;
  const lb = l.lower[b]!;
  if (la !== lb) return la < lb ? -1 : 1;
  const na = l.names[a]!;
  const nb = l.names[b]!;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * The first `cap` of `matches` in completion order, sorted. A bounded max-heap keeps the smallest
 * ones in one pass: with many matches most are rejected by one comparison with the heap's top, so
 * a 100,000-entry folder costs about 100,000 comparisons instead of a full sort's 1.7 million.
 */
function smallest(l: FolderListing, matches: number[], cap: number): number[] {
  if (matches.length <= cap) return matches.sort((a, b) => compareEntries(l, a, b));
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareEntries(l, heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const a = 2 * i + 1;
      const b = a + 1;
      let m = i;
      if (a < heap.length && compareEntries(l, heap[a]!, heap[m]!) > 0) m = a;
      if (b < heap.length && compareEntries(l, heap[b]!, heap[m]!) > 0) m = b;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const x of matches) {
    if (heap.length < cap) {
      heap.push(x);
      up(heap.length - 1);
    } else if (compareEntries(l, x, heap[0]!) < 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((a, b) => compareEntries(l, a, b));
}

/**
 * The entries whose name starts with what was typed (case-insensitive), folders first then by name,
 * at most `cap`; `incomplete` when more match (the editor asks again as the user types). Dot files
 * only when the typed text starts with ".".
 */
export function completionCandidates(listing: FolderListing, typed: string, cap: number): { candidates: CompletionCandidate[]; incomplete: boolean } {
  const want = typed.toLowerCase();
  const dotted = want.startsWith('.');
  const matches: number[] = [];
  for (let i = 0; i < listing.names.length; i++) {
    const lower = listing.lower[i]!;
    if (want && !lower.startsWith(want)) continue;
    if (!dotted && lower.startsWith('.')) continue;
    if (listing.types[i] === 'other') continue;
    matches.push(i);
  }
  const candidates = smallest(listing, matches, cap).map((i): CompletionCandidate => {
    const name = listing.names[i]!;
    const type = listing.types[i]!;
    return { name, type, insert: filepathToUri(name), detail: type === 'directory' ? 'Folder' : KIND_DETAIL[mediaKindOf(name)]! };
  });
  return { candidates, incomplete: listing.truncated || matches.length > cap };
}

/**
 * Folder listings for completion, kept while the folder's modification time stays the same (adding
 * or removing an entry changes it), so typing in the same folder lists it once. A file system that
 * reports no modification time gets a short time-to-live instead. Concurrent requests share one read.
 */
export class FolderListingCache {
  private readonly entries = new Map<string, { mtime: number; at: number; listing: FolderListing }>();
  private readonly pending = new Map<string, Promise<FolderListing | undefined>>();

  constructor(
    private readonly fs: FileSystem,
    private readonly now: () => number,
    private readonly options: { capacity: number; ttlMs: number } = { capacity: 32, ttlMs: 2000 },
  ) {}

  /** The sorted listing of a folder; undefined when it is not a readable folder. */
  list(path: string): Promise<FolderListing | undefined> {
    const running = this.pending.get(path);
    if (running) return running;
    const p = this.load(path).finally(() => this.pending.delete(path));
    this.pending.set(path, p);
    return p;
  }

  private async load(path: string): Promise<FolderListing | undefined> {
    const st = await this.fs.stat(path);
    if (!st || st.type !== 'directory') {
      this.entries.delete(path);
      return undefined;
    }
    const hit = this.entries.get(path);
    const now = this.now();
    if (hit && hit.mtime === st.mtime && (st.mtime !== 0 || now - hit.at < this.options.ttlMs)) {
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit.listing;
    }
    let raw;
    try {
      raw = await this.fs.readDirectory(path);
    } catch {
      return undefined;
    }
    const listing = toFolderListing(raw);
    this.entries.delete(path);
    this.entries.set(path, { mtime: st.mtime, at: now, listing });
    while (this.entries.size > this.options.capacity) this.entries.delete(this.entries.keys().next().value!);
    return listing;
  }
}
