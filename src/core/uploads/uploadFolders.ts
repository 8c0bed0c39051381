import type { UploadTo } from './types';

/**
 * Where a field's uploads land, as folders of storage names (relative to the storage's root, POSIX
 * separators). Django joins `upload_to` (after strftime) with the file name, or takes a callable's
 * return value, and the storage normalises the result (os.path.normpath) — so the folder of a new
 * upload is fixed by upload_to while the file name is not (get_valid_name, the "_AbC1234" suffix of
 * get_available_name). Matching is therefore on folders: a name matches when its folder is one the
 * field writes to.
 */

// What each strftime directive expands to (C library conventions; names are locale-dependent, so
// they match any run of characters without a "/"). Directives missing here (%c, %x, %X, %r:
// locale-dependent and may contain "/"; glibc flags such as %-d) make the match unknown.
const DIRECTIVES: Record<string, string> = {
  Y: '\\d{4}',
  G: '\\d{4}',
  m: '\\d{2}',
  d: '\\d{2}',
  H: '\\d{2}',
  I: '\\d{2}',
  M: '\\d{2}',
  S: '\\d{2}',
  y: '\\d{2}',
  C: '\\d{2}',
  g: '\\d{2}',
  U: '\\d{2}',
  W: '\\d{2}',
  V: '\\d{2}',
  j: '\\d{3}',
  f: '\\d{6}',
  w: '\\d',
  u: '\\d',
  e: '[ \\d]\\d',
  s: '\\d+',
  F: '\\d{4}-\\d{2}-\\d{2}',
  T: '\\d{2}:\\d{2}:\\d{2}',
  R: '\\d{2}:\\d{2}',
  D: '\\d{2}/\\d{2}/\\d{2}',
  z: '(?:[+-]\\d{4})?',
  Z: '[^/]*',
  a: '[^/]+',
  A: '[^/]+',
  b: '[^/]+',
  B: '[^/]+',
  h: '[^/]+',
  p: '[^/]+',
  '%': '%',
};

/** True when the string holds a strftime directive (anything but "%%"). */
export function hasStrftime(value: string): boolean {
  return /%(?!%)./s.test(value.replace(/%%/g, ''));
}

/** Removes "." segments and repeated "/" (the part of os.path.normpath a pattern can be checked for). */
function normalizeSlashes(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  const out = (path.startsWith('/') ? '/' : '') + segments.join('/');
  return segments.length > 0 && path.endsWith('/') ? `${out}/` : out;
}

/** The folder part ("photos/") of a literal prefix: up to and including its last "/"; "" when it has none. */
function folderOfPrefix(prefix: string): string {
  const norm = normalizeSlashes(prefix);
  const i = norm.lastIndexOf('/');
  return i < 0 ? '' : norm.slice(0, i + 1);
}

/** The UploadTo of a string upload_to: strftime detected, `folder` the literal part before the first directive. */
export function stringUploadTo(value: string): Extract<UploadTo, { kind: 'string' }> {
  const strftime = hasStrftime(value);
  let folder: string;
  if (strftime) {
    const first = /%(?!%)/.exec(value.replace(/%%/g, '\0\0'))!.index;
    folder = folderOfPrefix(value.slice(0, first).replace(/%%/g, '%'));
  } else {
    const dir = normalizeSlashes(value.replace(/%%/g, '%')).replace(/\/$/, '');
    folder = dir === '' ? '' : `${dir}/`;
  }
  return { kind: 'string', value, strftime, folder };
}

/** A callable's pattern cut into literal text and `{expression}` placeholders. */
function patternParts(pattern: string): Array<{ literal: string } | { placeholder: string }> | undefined {
  const out: Array<{ literal: string } | { placeholder: string }> = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) out.push({ literal: pattern.slice(last, m.index) });
    out.push({ placeholder: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < pattern.length) out.push({ literal: pattern.slice(last) });
  return out.some((p) => 'literal' in p && /[{}]/.test(p.literal)) ? undefined : out;
}

/**
 * The folder of a callable's returned pattern: its literal prefix up to the last "/" before the
 * first placeholder ("avatars/{instance.pk}/{filename}" → "avatars/"); null when the pattern starts
 * with a placeholder (nothing literal).
 */
export function callableFolder(pattern: string): string | null {
  const parts = patternParts(pattern);
  if (!parts || parts.length === 0) return parts ? '' : null;
  const first = parts[0]!;
  return 'literal' in first ? folderOfPrefix(first.literal) : null;
}

/**
 * The folder new uploads of a field go to ("photos/", "" for the storage's root); null when
 * unknown, or when it would leave the storage (an absolute or ".." path, which Django refuses).
 */
export function uploadFolderOf(uploadTo: UploadTo): string | null {
  const folder = uploadTo.kind === 'none' ? '' : uploadTo.kind === 'unknown' ? null : uploadTo.folder;
  return folder !== null && (folder.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(folder)) ? null : folder;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression for the folder a strftime string expands to; undefined for directives it cannot expand. */
function strftimeFolderRegex(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '%') {
      out += escape(c);
      continue;
    }
    const d = value[++i];
    const re = d === undefined ? undefined : DIRECTIVES[d];
    if (re === undefined) return undefined;
    out += re;
  }
  return out;
}

/** The folder of a storage name ("a/b/c.png" → "a/b", "c.png" → ""). */
function folderOfName(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

/**
 * Whether a stored file could have been written by a field with this upload_to: its folder is the
 * one upload_to makes ("photos/2024/05/x.png" for "photos/%Y/%m/"; "avatars/7/a.png" for a callable
 * returning f"avatars/{instance.pk}/{filename}"). null when it cannot be told: an unknown upload_to,
 * a callable whose result is not known or has no literal "/" (a placeholder may hold a whole path;
 * placeholders after the last literal "/" are taken to hold no "/"), an absolute or ".." path, a
 * locale-dependent directive.
 */
export function matchesUploadTo(uploadTo: UploadTo, storageName: string): boolean | null {
  const folder = folderOfName(storageName);
  switch (uploadTo.kind) {
    case 'none':
      return folder === '';
    case 'unknown':
      return null;
    case 'string': {
      const dir = normalizeSlashes(uploadTo.value).replace(/\/$/, '');
      if (dir.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(dir)) return null;
      const re = uploadTo.strftime ? strftimeFolderRegex(dir) : escape(dir.replace(/%%/g, '%'));
      return re === undefined ? null : new RegExp(`^${re}$`, 's').test(folder);
    }
    case 'callable': {
      if (uploadTo.pattern === null) return uploadTo.folder === null ? null : storageName.startsWith(uploadTo.folder);
      const re = callableFolderRegex(uploadTo.pattern);
      return re === undefined ? null : re.test(folder === '' ? '/' : `/${folder}/`);
    }
  }
}

/**
 * The folder part of a callable's pattern (up to its last literal "/") as a regular expression
 * over "/<folder>/": a placeholder matches anything, and a placeholder right after a "/" may also
 * be empty (normpath then drops its folder level).
 */
function callableFolderRegex(pattern: string): RegExp | undefined {
  const parts = patternParts(pattern)?.map((p) => ('literal' in p ? { literal: p.literal.replace(/\/(\.?\/)+/g, '/') } : p));
  if (!parts) return undefined;
  // Keep the parts before the last literal "/": the rest is the file name.
  let cut = -1;
  for (let i = parts.length - 1; i >= 0 && cut < 0; i--) {
    const p = parts[i]!;
    if ('literal' in p && p.literal.includes('/')) cut = i;
  }
  let dirParts: typeof parts;
  // Without a literal "/", a placeholder may hold the whole path: its folder cannot be told.
  if (cut < 0 && parts.some((p) => 'placeholder' in p)) return undefined;
  if (cut < 0) dirParts = [];
  else {
    const p = parts[cut] as { literal: string };
    const head = p.literal.slice(0, p.literal.lastIndexOf('/'));
    dirParts = [...parts.slice(0, cut), ...(head ? [{ literal: head }] : [])];
  }
  const first = dirParts[0];
  if (first && 'literal' in first && (first.literal.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(first.literal))) return undefined;
  let re = '/';
  dirParts.forEach((p, i) => {
    const next = dirParts[i + 1];
    if ('literal' in p) re += escape(p.literal);
    else if (re.endsWith('/') && (!next || ('literal' in next && next.literal.startsWith('/')))) re = `${re.slice(0, -1)}(?:/.*)?`;
    else re += '.*';
  });
  if (!re.endsWith('/')) re += '/';
  return new RegExp(`^${re}$`, 's');
}
