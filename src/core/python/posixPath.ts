/**
 * CPython's posixpath and pathlib (PurePosixPath) string semantics, reimplemented exactly: the
 * evaluator must produce the same strings Python would (normpath keeps a leading "//", pathlib
 * keeps "..", join restarts at an absolute component …).
 */

/** os.path.join */
export function ppJoin(a: string, ...rest: string[]): string {
  let path = a;
  // Tracked rather than read back from `path`: endsWith on a string built by += flattens it
  // each time, which makes joining many parts quadratic.
  let empty = a === '';
  let slash = a.endsWith('/');
  for (const b of rest) {
    if (b.startsWith('/')) path = b;
    else if (empty || slash) path += b;
    else path += '/' + b;
    if (b !== '') slash = b.endsWith('/');
    else if (!empty) slash = true;
    empty &&= b === '';
  }
  return path;
}

/** os.path.normpath */
export function ppNormpath(p: string): string {
  if (p === '') return '.';
  let initial = p.startsWith('/') ? 1 : 0;
  // POSIX allows one implementation-defined meaning for exactly two leading slashes.
  if (initial && p.startsWith('//') && !p.startsWith('///')) initial = 2;
  const out: string[] = [];
  for (const comp of p.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp !== '..' || (!initial && !out.length) || (out.length && out[out.length - 1] === '..')) out.push(comp);
    else if (out.length) out.pop();
  }
  const joined = '/'.repeat(initial) + out.join('/');
  return joined || '.';
}

/** os.path.isabs */
export function ppIsabs(p: string): boolean {
  return p.startsWith('/');
}

/** os.path.abspath, against the given working directory. */
export function ppAbspath(p: string, cwd: string): string {
  return ppNormpath(ppIsabs(p) ? p : ppJoin(cwd, p));
}

/** os.path.split */
export function ppSplit(p: string): [string, string] {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  const tail = p.slice(i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, tail];
}

/** os.path.dirname */
export function ppDirname(p: string): string {
  return ppSplit(p)[0];
}

/** os.path.basename */
export function ppBasename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** os.path.splitext */
export function ppSplitext(p: string): [string, string] {
  const sepIndex = p.lastIndexOf('/');
  const dotIndex = p.lastIndexOf('.');
  if (dotIndex > sepIndex) {
    // A leading dot (".bashrc") is part of the name, not an extension.
    for (let i = sepIndex + 1; i < dotIndex; i++) if (p[i] !== '.') return [p.slice(0, dotIndex), p.slice(dotIndex)];
  }
  return [p, ''];
}

/** os.path.relpath(path, start), both made absolute against cwd. */
export function ppRelpath(path: string, start: string, cwd: string): string {
  const a = ppAbspath(path, cwd).split('/').filter(Boolean);
  const b = ppAbspath(start, cwd).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const parts = [...Array(b.length - i).fill('..'), ...a.slice(i)];
  return parts.length ? parts.join('/') : '.';
}

/** os.path.commonpath for absolute or relative paths (ValueError cases return null). */
export function ppCommonpath(paths: string[]): string | null {
  if (!paths.length) return null;
  const abs = paths.map(ppIsabs);
  if (abs.some((x) => x !== abs[0])) return null;
  const split = paths.map((p) => p.split('/').filter((c) => c && c !== '.'));
  const first = split[0];
  let n = first.length;
  for (const s of split) {
    let i = 0;
    while (i < n && i < s.length && s[i] === first[i]) i++;
    n = i;
  }
  return (abs[0] ? '/' : '') + first.slice(0, n).join('/');
}

// ------------------------------------------------------------------ pathlib

/** A parsed PurePosixPath: root ("", "/" or "//") and the remaining parts. */
export interface ParsedPath {
  root: string;
  parts: string[];
}

/** Parses like PurePosixPath: drops "" and "." parts, keeps "..", keeps exactly two leading
 *  slashes as the root. */
function parsePath(p: string): ParsedPath {
  let root = '';
  if (p.startsWith('/')) root = p.startsWith('//') && !p.startsWith('///') ? '//' : '/';
  const parts = p.split('/').filter((c) => c !== '' && c !== '.');
  return { root, parts };
}

/** str() of a PurePosixPath. */
function formatPath(pp: ParsedPath): string {
  const s = pp.root + pp.parts.join('/');
  return s || '.';
}

/** PurePosixPath(*segments) as a string: joined with restart at absolute segments, normalised. */
export function pathlibJoin(segments: string[]): string {
  let root = '';
  let parts: string[] = [];
  for (const seg of segments) {
    const p = parsePath(seg);
    if (p.root) {
      root = p.root;
      parts = [...p.parts];
    } else for (const part of p.parts) parts.push(part);
  }
  return formatPath({ root, parts });
}

/** PurePath.parent */
export function pathParent(p: string): string {
  const pp = parsePath(p);
  if (!pp.parts.length) return formatPath(pp);
  return formatPath({ root: pp.root, parts: pp.parts.slice(0, -1) });
}

/** PurePath.parents as strings, nearest first. */
export function pathParents(p: string): string[] {
  const pp = parsePath(p);
  const out: string[] = [];
  for (let n = pp.parts.length - 1; n >= 0; n--) out.push(formatPath({ root: pp.root, parts: pp.parts.slice(0, n) }));
  return out;
}

/** PurePath.name */
export function pathName(p: string): string {
  const pp = parsePath(p);
  return pp.parts.length ? pp.parts[pp.parts.length - 1] : '';
}

/** PurePath.suffix */
export function pathSuffix(p: string): string {
  const name = pathName(p);
  const i = name.lastIndexOf('.');
  return i > 0 && i < name.length - 1 ? name.slice(i) : '';
}

/** PurePath.suffixes */
export function pathSuffixes(p: string): string[] {
  const name = pathName(p);
  if (name.endsWith('.')) return [];
  const trimmed = name.replace(/^\.+/, '');
  return trimmed
    .split('.')
    .slice(1)
    .map((s) => '.' + s);
}

/** PurePath.stem */
export function pathStem(p: string): string {
  const name = pathName(p);
  const i = name.lastIndexOf('.');
  return i > 0 && i < name.length - 1 ? name.slice(0, i) : name;
}

/** PurePath.parts */
export function pathParts(p: string): string[] {
  const pp = parsePath(p);
  return pp.root ? [pp.root, ...pp.parts] : pp.parts;
}
