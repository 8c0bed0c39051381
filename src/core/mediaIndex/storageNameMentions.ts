import { readTextFiles, MAX_TEXT_FILE_BYTES, type FileSystem } from '../fileSystem';
import type { SourceRange } from '../model';
import { DEFAULT_COLLECT_LIMITS, mediaKindOf, normalizeStorageName, type CollectLimits } from '../media';
import { cleanPath, SKIPPED_SOURCE_FOLDERS, walkProjectFiles } from '../project/walkProjectFiles';

/**
 * A storage name written as a bare string ("avatars/default.svg"), not as a URL: a FileField default
 * in models.py, a data migration, a value in a Django fixture. URL forms are found by the media core's
 * collectMediaReferences; these are the other way code names an uploaded file.
 */
export interface StorageNameMention {
  /** Normalised (no "./", no ".."), NFC. */
  readonly storageName: string;
  /** The string's content (quotes excluded). */
  readonly range: SourceRange;
}

/** The syntaxes mentions are read from. */
export type MentionSyntax = 'python' | 'json' | 'yaml' | 'xml';

/** At most this many mentions per text: bounded work on generated files. */
const MAX_MENTIONS_PER_TEXT = 50_000;
const MAX_VALUE_LENGTH = 1024;

class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/**
 * The storage name a string may be, or undefined. Only strings that look like a file under MEDIA_ROOT
 * count: relative, no URL scheme, no template or format code, and with a media file extension (or a
 * "/" and an extension). That keeps module paths ("django.contrib.auth") and prose out.
 */
export function asStorageName(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_VALUE_LENGTH) return undefined;
  if (/[\u0000-\u001f{}<>]|%\(|:\/\//.test(value)) return undefined;
  if (/^[/\\~]/.test(value) || /^[A-Za-z]:[\\/]/.test(value)) return undefined;
  const name = normalizeStorageName(value);
  if (!name) return undefined;
  const hasExtension = /\.[A-Za-z0-9]{1,10}$/.test(name);
  if (mediaKindOf(name) === 'other' && !(hasExtension && name.includes('/'))) return undefined;
  return name.normalize('NFC');
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** String literals of Python source, skipping comments; f-strings with fields, bytes and escapes are left out. */
function pythonStrings(text: string, push: (start: number, end: number, value: string) => boolean): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c !== 34 && c !== 39) {
      i++;
      continue;
    }
    // Prefix letters right before the quote (r, b, u, f, rb, br, fr, rf), if they start a token.
    let p = i;
    while (p > 0 && p > i - 2 && /[rRbBuUfF]/.test(text[p - 1]!)) p--;
    if (p > 0 && isIdentChar(text.charCodeAt(p - 1))) p = i;
    const prefix = text.slice(p, i).toLowerCase();
    const quote = text[i]!;
    const triple = text.startsWith(quote.repeat(3), i);
    const open = triple ? 3 : 1;
    let j = i + open;
    let end = -1;
    let escaped = false;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 92 /* \ */) {
        escaped = true;
        j += 2;
        continue;
      }
      if (!triple && d === 10) break; // unterminated: resume after the line
      if (text[j] === quote && (!triple || text.startsWith(quote.repeat(3), j))) {
        end = j;
        break;
      }
      j++;
    }
    if (end < 0) {
      i = j + 1;
      continue;
    }
    const value = text.slice(i + open, end);
    const raw = prefix.includes('r');
    const usable = !prefix.includes('b') && !(prefix.includes('f') && value.includes('{')) && (raw || !escaped);
    if (usable && !push(i + open, end, value)) return;
    i = end + open;
  }
}

/** Every double-quoted JSON string (keys too: they never look like a file name). */
function jsonStrings(text: string, push: (start: number, end: number, value: string) => boolean): void {
  const n = text.length;
  let i = text.indexOf('"');
  while (i >= 0 && i < n) {
    let j = i + 1;
    let escaped = false;
    while (j < n && text.charCodeAt(j) !== 34) {
      if (text.charCodeAt(j) === 92) {
        escaped = true;
        j++;
      }
      j++;
    }
    if (j >= n) return;
    let value: string | undefined = text.slice(i + 1, j);
    if (escaped) {
      try {
        const parsed: unknown = JSON.parse(text.slice(i, j + 1));
        value = typeof parsed === 'string' ? parsed : undefined;
      } catch {
        value = undefined;
      }
    }
    if (value !== undefined && !push(i + 1, j, value)) return;
    i = text.indexOf('"', j + 1);
  }
}

/** Scalar values of block YAML (`key: value`, `- value`), plain or quoted, one per line. */
function yamlStrings(text: string, push: (start: number, end: number, value: string) => boolean): void {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const m = /^(\s*(?:-\s+)?(?:(?:"[^"]*"|'[^']*'|[^'"#:\s][^:#]*?)\s*:\s+|-\s+))(.*)$/.exec(line);
    if (m) {
      const at = lineStart + m[1]!.length;
      const rest = m[2]!;
      const q = rest[0];
      if (q === '"' || q === "'") {
        let close = rest.indexOf(q, 1);
        // In single quotes YAML writes a quote as two.
        while (q === "'" && close > 0 && rest[close + 1] === "'") close = rest.indexOf(q, close + 2);
        if (close > 0) {
          let value = rest.slice(1, close);
          if (q === "'") value = value.replace(/''/g, "'");
          if ((q === "'" || !value.includes('\\')) && !push(at + 1, at + close, value)) return;
        }
      } else if (rest && !/^[&*!|>{[@`%]/.test(rest)) {
        const value = rest.replace(/\s+#.*$/, '').trimEnd();
        if (value && !push(at, at + value.length, value)) return;
      }
    }
    lineStart = lineEnd + 1;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content of Django's XML serializer `<field …>value</field>` elements. */
function xmlStrings(text: string, push: (start: number, end: number, value: string) => boolean): void {
  const re = /<field\b[^>]*>([^<]*)<\/field>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const content = m[1]!;
    const start = m.index + m[0].indexOf('>') + 1;
    const value = content.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
      if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16) % 0x110000);
      if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10) % 0x110000);
      return ENTITIES[e]!;
    });
    if (!push(start, start + content.length, value.trim())) return;
  }
}

/**
 * Strings in a text that look like storage names (see asStorageName), with where they are written.
 * Python: string literals outside comments. JSON fixtures: every string. YAML fixtures: block
 * scalars. XML fixtures: `<field>` contents. At most MAX_MENTIONS_PER_TEXT results.
 */
export function findStorageNameMentions(text: string, syntax: MentionSyntax, file: string): StorageNameMention[] {
  const out: StorageNameMention[] = [];
  let lines: Lines | undefined;
  const push = (start: number, end: number, value: string): boolean => {
    const storageName = asStorageName(value);
    if (storageName === undefined) return true;
    lines ??= new Lines(text);
    const a = lines.at(start);
    const b = lines.at(end);
    out.push({ storageName, range: { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column } });
    return out.length < MAX_MENTIONS_PER_TEXT;
  };
  if (syntax === 'python') pythonStrings(text, push);
  else if (syntax === 'json') jsonStrings(text, push);
  else if (syntax === 'yaml') yamlStrings(text, push);
  else xmlStrings(text, push);
  return out;
}

/** Bounds of one mentions walk: the reference walk's, and mentions found in total. */
export interface MentionLimits extends CollectLimits {
  maxMentions: number;
}

/** Default bounds (the media core's reference walk's). */
const DEFAULT_MENTION_LIMITS: Readonly<MentionLimits> = { ...DEFAULT_COLLECT_LIMITS, maxMentions: 500_000 };

/** What collectStorageNameMentions needs. */
export interface MentionContext {
  /** Absolute MEDIA_ROOT: never walked (uploads are not code). */
  mediaRoot?: string | null;
  staticRoot?: string | null;
  /** FIXTURE_DIRS as absolute folders: their JSON/YAML/XML files are fixtures too. */
  fixtureDirs?: string[];
  /** Absolute folders or files to skip. */
  exclude?: string[];
  limits?: Partial<MentionLimits>;
}

// Fixtures are data dumps and may be far larger than any source file.
const MAX_FIXTURE_BYTES = 32 * 1024 * 1024;
const FIXTURE_SYNTAX: Record<string, MentionSyntax> = { json: 'json', yaml: 'yaml', yml: 'yaml', xml: 'xml' };

/**
 * Storage-name mentions in a project: every Python file, and the JSON/YAML/XML files of Django
 * fixture folders (any folder named "fixtures", and FIXTURE_DIRS). Skips what the reference walk
 * skips (dot folders, virtualenvs, node_modules, __pycache__, build output, MEDIA_ROOT, STATIC_ROOT).
 * Bounded by `limits`; a symlinked folder is entered but no symlink inside it; unreadable entries are
 * skipped. When `token` is aborted it returns what it found so far. Results are in path order.
 */
export async function collectStorageNameMentions(
  fs: FileSystem,
  folder: string,
  ctx: MentionContext,
  token?: { readonly aborted: boolean },
): Promise<StorageNameMention[]> {
  const limits = { ...DEFAULT_MENTION_LIMITS, ...ctx.limits };
  const fixtureDirs = new Set((ctx.fixtureDirs ?? []).map(cleanPath));
  // A folder's state is "inside a fixtures folder".
  const { files } = await walkProjectFiles<MentionSyntax, boolean>(fs, folder, {
    folderState: (path, name, inFixtures) =>
      inFixtures === undefined ? fixtureDirs.has(path) : inFixtures || name === 'fixtures' || fixtureDirs.has(path),
    classify: (name, _path, inFixtures) => {
      const dot = name.lastIndexOf('.');
      const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
      return ext === 'py' ? 'python' : inFixtures ? FIXTURE_SYNTAX[ext] : undefined;
    },
    exclude: [...(ctx.exclude ?? []), ctx.mediaRoot ?? '', ctx.staticRoot ?? ''],
    skippedFolders: SKIPPED_SOURCE_FOLDERS,
    limits,
    token,
  });
  let found = 0;
  const perFile = await readTextFiles(
    fs,
    files,
    (text, f) => {
      const mentions = findStorageNameMentions(text, f.kind, f.path);
      found += mentions.length;
      return mentions;
    },
    {
      maxBytes: limits.maxBytes,
      maxFileBytes: (f) => (f.kind === 'python' ? MAX_TEXT_FILE_BYTES : MAX_FIXTURE_BYTES),
      token,
      enough: () => found >= limits.maxMentions,
    },
  );
  const out: StorageNameMention[] = [];
  for (const list of perFile) {
    for (const m of list) {
      if (out.length >= limits.maxMentions) return out;
      out.push(m);
    }
  }
  return out;
}
