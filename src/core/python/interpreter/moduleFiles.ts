/** Where a dotted module name is on sys.path, as CPython's path finder looks for it. */
import type { FileStat } from '../../fileSystem';
import { ppJoin } from '../posixPath';

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
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(dotted)) return undefined;
  const rel = dotted.split('.').join('/');
  let namespace = false;
  for (const dir of dirs) {
    const base = ppJoin(dir, rel);
    const init = base + '/__init__.py';
    probe(init);
    if ((await stat(init))?.type === 'file') return { file: init, isPackage: true };
    const py = base + '.py';
    probe(py);
    if ((await stat(py))?.type === 'file') return { file: py, isPackage: false };
    if ((await stat(base))?.type === 'directory') namespace = true;
  }
  return namespace ? { file: null, isPackage: true } : undefined;
}
