/** Where a dotted module name is on sys.path, as CPython's path finder looks for it. */
import type { FileStat } from '../../fileSystem';
import { ppJoin } from '../posixPath';

/** A dotted module name (`a`, `a.b.c`). */
export const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Module names that are never looked up in the project (shadowing them is pathological). */
export const NEVER_LOCAL = new Set(['os', 'sys', 'pathlib', 'posixpath', 'json', 're', 'typing', 'logging', 'warnings', 'django', 'environ', 'decouple', 'dotenv', 'tempfile', 'socket', 'datetime', 'importlib', 'contextlib', 'functools', 'collections', 'distutils', 'ast', 'string', 'platform', 'getpass', 'secrets', 'random', 'subprocess', 'shutil', 'urllib', 'configparser', 'glob', 'io', 'copy', 'itertools', 'math', 'time', 'uuid', 'base64', 'hashlib', 'inspect', '__future__']);

/** Finds a module under the given sys.path folders: package __init__.py first, then module.py,
 *  then a namespace package (a folder without __init__.py), like CPython's FileFinder. */
export async function findModule(
  dirs: string[],
  dotted: string,
  stat: (p: string) => Promise<FileStat | undefined>,
  probe: (p: string) => void,
): Promise<{ file: string | null; isPackage: boolean } | undefined> {
  if (!DOTTED_NAME.test(dotted)) return undefined;
  const rel = dotted.split('.').join('/');
  let namespace = false;
  for (const dir of dirs) {
    const base = ppJoin(dir, rel);
    const init = base + '/__init__.py';
    const py = base + '.py';
    // Asked together (in the editor each is a round trip), decided in CPython's order.
    const [initSt, pySt, baseSt] = await Promise.all([stat(init), stat(py), stat(base)]);
    probe(init);
    if (initSt?.type === 'file') return { file: init, isPackage: true };
    probe(py);
    if (pySt?.type === 'file') return { file: py, isPackage: false };
    if (baseSt?.type === 'directory') namespace = true;
  }
  return namespace ? { file: null, isPackage: true } : undefined;
}

/** The files each of `modules` (dotted) may be under the sys.path folders: pkg/__init__.py, pkg.py. */
export function moduleFileCandidates(modules: Iterable<string>, sysPath: readonly string[]): string[] {
  const out: string[] = [];
  for (const dotted of modules) {
    if (!DOTTED_NAME.test(dotted) || NEVER_LOCAL.has(dotted.split('.')[0])) continue;
    const rel = dotted.split('.').join('/');
    for (const dir of sysPath) {
      if (!dir.startsWith('/')) continue;
      out.push(`${dir === '/' ? '' : dir}/${rel}/__init__.py`, `${dir === '/' ? '' : dir}/${rel}.py`);
    }
  }
  return out;
}

/** The package a module file under one of the sys.path folders belongs to ('' at the top). */
export function packageOfFile(file: string, sysPath: readonly string[]): string | undefined {
  for (const dir of sysPath) {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    if (!file.startsWith(prefix) || !file.endsWith('.py')) continue;
    const parts = file.slice(prefix.length, -3).split('/');
    parts.pop();
    return parts.join('.');
  }
  return undefined;
}
