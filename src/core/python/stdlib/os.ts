/**
 * os and os.path (posixpath): path arithmetic, file checks through the Runtime, and the parts of
 * os that depend on the machine as unknown.
 */
import { bindArgs } from '../builtins/args';
import { fspathOf } from '../builtins/files';
import { iterate } from '../containers';
import { ppBasename, ppCommonpath, ppDirname, ppIsabs, ppJoin, ppNormpath, ppRelpath, ppSplit, ppSplitext } from '../posixPath';
import { truthy } from '../valueOps';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyTuple,
  strValue,
  unknown,
  type CallContext,
  type PyBuiltin,
  type PyModule,
  type PyObject,
  type PyUnknown,
  type PyValue,
  type Runtime,
} from '../values';
import { ENVIRON_TYPE, envLookup } from './environ';
import { markCreated } from './pathlib';
import { absOf, expanduser, fn, mod, pathArg, realpath, unknownFn, unknownForPath } from './shared';

/** os.path / posixpath under `name`. */
export function osPathModule(name: string): PyModule {
  const str1 = (fname: string, f: (p: string, ctx: CallContext) => string | PyValue): PyBuiltin =>
    fn(fname, (ctx, args) => {
      const [a] = bindArgs(ctx, fname, args, null, ['path'], 1);
      const p = pathArg(ctx, a, fname);
      if (typeof p !== 'string') return p;
      const r = f(p, ctx);
      return typeof r === 'string' ? strValue(r) : r;
    });
  const probe = (fname: string, kind: 'file' | 'directory' | undefined): PyBuiltin =>
    fn(fname, async (ctx, args) => {
      const [a] = bindArgs(ctx, fname, args, null, ['path'], 1);
      if (a && a.kind !== 'unknown' && fspathOf(a) === null) return FALSE;
      const p = pathArg(ctx, a, fname);
      if (typeof p !== 'string') return p;
      return pyBool(await ctx.rt.exists(absOf(ctx.rt, p), kind));
    });
  return mod(name, {
    join: fn('join', (ctx, args) => {
      if (!args.length) return ctx.rt.raise('TypeError', 'join() missing 1 required positional argument');
      const parts: string[] = [];
      for (const a of args) {
        const p = pathArg(ctx, a, 'join');
        if (typeof p !== 'string') return p;
        parts.push(p);
      }
      return strValue(ppJoin(parts[0], ...parts.slice(1)));
    }),
    dirname: str1('dirname', ppDirname),
    basename: str1('basename', ppBasename),
    abspath: str1('abspath', (p, ctx) => absOf(ctx.rt, p)),
    normpath: str1('normpath', ppNormpath),
    normcase: str1('normcase', (p) => p),
    isabs: fn('isabs', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'isabs');
      return typeof p === 'string' ? pyBool(ppIsabs(p)) : p;
    }),
    expanduser: str1('expanduser', (p, ctx) => expanduser(ctx.rt, p, ctx)),
    expandvars: str1('expandvars', (p, ctx) => expandvars(ctx, p)),
    split: fn('split', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'split');
      if (typeof p !== 'string') return p;
      const [h, t] = ppSplit(p);
      return pyTuple([strValue(h), strValue(t)]);
    }),
    splitext: fn('splitext', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'splitext');
      if (typeof p !== 'string') return p;
      const [h, t] = ppSplitext(p);
      return pyTuple([strValue(h), strValue(t)]);
    }),
    splitdrive: fn('splitdrive', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'splitdrive');
      return typeof p === 'string' ? pyTuple([strValue(''), strValue(p)]) : p;
    }),
    relpath: fn('relpath', (ctx, args, kwargs) => {
      const [a, b] = bindArgs(ctx, 'relpath', args, kwargs, ['path', 'start'], 1);
      const p = pathArg(ctx, a, 'relpath');
      if (typeof p !== 'string') return p;
      const s = b && b.kind !== 'none' ? pathArg(ctx, b, 'relpath') : ctx.rt.host.cwd;
      if (typeof s !== 'string') return s;
      return strValue(ppRelpath(p, s, ctx.rt.host.cwd));
    }),
    commonpath: fn('commonpath', (ctx, args) => {
      const items = iterate(args[0] ?? NONE);
      if (isUnknown(items)) return items;
      const strs: string[] = [];
      for (const i of items) {
        const p = pathArg(ctx, i, 'commonpath');
        if (typeof p !== 'string') return p;
        strs.push(p);
      }
      const r = ppCommonpath(strs);
      return r === null ? ctx.rt.raise('ValueError', "Can't mix absolute and relative paths") : strValue(r);
    }),
    realpath: fn('realpath', async (ctx, args, kwargs) => {
      const [a, strictV] = bindArgs(ctx, 'realpath', args, kwargs, ['path', 'strict']);
      const p = pathArg(ctx, a, 'realpath');
      if (typeof p !== 'string') return p;
      const strict = strictV ? truthy(strictV) === true : false;
      const r = await realpath(ctx.rt, p, strict, ctx);
      return typeof r === 'string' ? strValue(r) : r;
    }),
    exists: probe('exists', undefined),
    lexists: probe('lexists', undefined),
    isfile: probe('isfile', 'file'),
    isdir: probe('isdir', 'directory'),
    islink: fn('islink', async (ctx, args) => {
      const p = pathArg(ctx, args[0], 'islink');
      if (typeof p !== 'string') return p;
      const abs = absOf(ctx.rt, p);
      ctx.rt.filesRead.add(abs);
      const st = await ctx.rt.stat(abs);
      return pyBool(!!st?.symlink);
    }),
    getsize: unknownFn('getsize', 'file sizes are not evaluated'),
    getmtime: unknownFn('getmtime', 'file times are not evaluated'),
    sep: strValue('/'),
    pardir: strValue('..'),
    curdir: strValue('.'),
    extsep: strValue('.'),
    altsep: NONE,
    pathsep: strValue(':'),
    devnull: strValue('/dev/null'),
  });
}

function expandvars(ctx: CallContext, p: string): string | PyUnknown {
  if (!p.includes('$')) return p;
  let failed: PyUnknown | null = null;
  const out = p.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = ctx.rt.envGet(key);
    if (v === undefined) return m;
    if (typeof v !== 'string') {
      failed ??= v;
      return m;
    }
    return v;
  });
  return failed ?? out;
}

/** os: environ, getenv, path, getcwd, makedirs …; what depends on the machine is unknown. */
export function osModule(rt: Runtime): PyModule {
  const environ: PyObject = { kind: 'object', type: ENVIRON_TYPE, data: null };
  const makedirs = (fname: string): PyBuiltin =>
    fn(fname, async (ctx, args, kwargs) => {
      const [a, , existOk] = bindArgs(ctx, fname, args, kwargs, ['name', 'mode', 'exist_ok'], 1);
      const p = pathArg(ctx, a, fname);
      if (typeof p !== 'string') return NONE;
      const abs = absOf(ctx.rt, p);
      // exist_ok may be unknown: then assume it does not raise.
      const mayRaise = !existOk || truthy(existOk) === false;
      if (mayRaise && (await ctx.rt.stat(abs))) return ctx.rt.raise('FileExistsError', `[Errno 17] File exists: '${p}'`);
      markCreated(ctx.rt, abs);
      return NONE;
    });
  const os = mod('os', {
    environ,
    getenv: fn('getenv', (ctx, args, kwargs) => {
      const [key, dflt] = bindArgs(ctx, 'getenv', args, kwargs, ['key', 'default'], 1) as [PyValue, PyValue | undefined];
      return envLookup(ctx, key, dflt ?? NONE);
    }),
    putenv: fn('putenv', () => NONE),
    unsetenv: fn('unsetenv', () => NONE),
    getcwd: fn('getcwd', (ctx) => strValue(ctx.rt.host.cwd)),
    fspath: fn('fspath', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'fspath');
      return typeof p === 'string' ? strValue(p) : p;
    }),
    makedirs: makedirs('makedirs'),
    mkdir: makedirs('mkdir'),
    sep: strValue('/'),
    pardir: strValue('..'),
    curdir: strValue('.'),
    extsep: strValue('.'),
    altsep: NONE,
    pathsep: strValue(':'),
    linesep: strValue('\n'),
    devnull: strValue('/dev/null'),
    name: unknown('os.name depends on the operating system Django runs on'),
    chdir: fn('chdir', (ctx) => {
      ctx.rt.note('warning', 'os.chdir() changes the working directory at runtime; relative paths after it are evaluated against the project folder.', ctx.range);
      return NONE;
    }),
    listdir: unknownForPath('listdir', 'folder listings (os.listdir) are not evaluated'),
    scandir: unknownForPath('scandir', 'folder listings (os.scandir) are not evaluated'),
    walk: unknownForPath('walk', 'folder walks (os.walk) are not evaluated'),
    cpu_count: unknownFn('cpu_count', 'os.cpu_count() depends on the machine'),
    getpid: unknownFn('getpid', 'process ids are not known statically'),
    getuid: unknownFn('getuid', 'os.getuid() depends on the machine'),
    getlogin: unknownFn('getlogin', 'os.getlogin() depends on the machine'),
    uname: unknownFn('uname', 'os.uname() depends on the machine'),
    urandom: unknownFn('urandom', 'random bytes are not known statically'),
    system: unknownFn('system', 'shell commands are not run'),
    popen: unknownFn('popen', 'shell commands are not run'),
    access: unknownFn('access', 'file permissions are not evaluated'),
    stat: unknownFn('stat', 'os.stat() is not evaluated'),
    umask: unknownFn('umask', 'os.umask() is not evaluated'),
    remove: fn('remove', () => NONE),
    unlink: fn('unlink', () => NONE),
    rmdir: fn('rmdir', () => NONE),
    chmod: fn('chmod', () => NONE),
  });
  const path = rt.modelledModule('os.path') as PyModule;
  (os.attrs as Map<string, PyValue>).set('path', path);
  return os;
}
