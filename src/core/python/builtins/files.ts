/**
 * open() and the file objects it returns: only reading, of files inside the project (through
 * the Runtime, so they are recorded), and os.fspath() of path-like values.
 */
import { NONE, pyList, strValue, unknown, type BuiltinImpl, type CallContext, type ObjectType, type PyBuiltin, type PyValue } from '../values';
import { firstUnknown } from './args';

const FILE_TYPE: ObjectType = {
  name: 'file',
  getattr(self, name) {
    const { text, binary } = self.data as FileData;
    const method = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
    if (binary && name.startsWith('read')) return method((ctx) => unknown('bytes read from a binary file are not evaluated', ctx.range));
    switch (name) {
      case 'read':
        return method(() => strValue(text));
      case 'readlines':
        return method(() => pyList(linesOf(text).map(strValue)));
      case 'readline':
        return method(() => strValue(linesOf(text)[0] ?? ''));
      case 'close':
      case '__enter__':
      case '__exit__':
        return method(() => NONE);
      default:
        return undefined;
    }
  },
  iterate(self) {
    const { text, binary } = self.data as FileData;
    return binary ? unknown('bytes read from a binary file are not evaluated') : linesOf(text).map(strValue);
  },
};

/** An open file: its text (UTF-8) and whether it was opened in binary mode. */
interface FileData {
  text: string;
  path: string;
  binary: boolean;
}

function linesOf(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out.length && out[out.length - 1] === '' ? out.slice(0, -1) : out;
}

/** open(file, mode): a readable file object for a text file in the project, unknown otherwise. */
export async function openFile(ctx: CallContext, file: PyValue | undefined, mode: PyValue | undefined): Promise<PyValue> {
  const u = firstUnknown(file, mode);
  if (u) return u;
  const m = mode && mode.kind === 'str' ? mode.value : 'r';
  if (/[wax+]/.test(m)) return unknown('files opened for writing are not evaluated', ctx.range);
  const p = file ? fspathOf(file) : null;
  if (p === null) return unknown('open() of something that is not a path', ctx.range);
  const abs = p.startsWith('/') ? p : ctx.rt.host.cwd.replace(/\/$/, '') + '/' + p;
  const text = await ctx.rt.readText(abs);
  if (text === undefined) {
    const st = await ctx.rt.stat(abs);
    if (st) return unknown(`${abs} cannot be read`, ctx.range);
    return ctx.rt.raise('FileNotFoundError', `[Errno 2] No such file or directory: '${p}'`);
  }
  const data: FileData = { text, path: abs, binary: m.includes('b') };
  return { kind: 'object', type: FILE_TYPE, data };
}

/** os.fspath(): str, pathlib paths and objects with __fspath__ (environ.Path). */
export function fspathOf(v: PyValue): string | null {
  if (v.kind === 'str' || v.kind === 'path') return v.value;
  if (v.kind === 'object' && v.type.fspath) return v.type.fspath(v);
  return null;
}

/** The text content of a file object (binary ones decoded as UTF-8, as json.load and
 *  tomllib.load decode them), or null. */
export function fileText(v: PyValue): string | null {
  return v.kind === 'object' && v.type === FILE_TYPE ? (v.data as FileData).text : null;
}
