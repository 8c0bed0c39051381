/**
 * Models of the standard library that settings use: os / os.path, pathlib, sys, tempfile, socket,
 * json, ast.literal_eval, importlib, contextlib, functools, configparser, distutils.util.strtobool.
 * Everything that depends on the machine at runtime (hostnames, temp folders, the command line)
 * is unknown with a reason. Models are built lazily (at import time of the evaluated code), never
 * at load time of this file, to keep the module graph free of initialisation cycles.
 */
import type { Expr } from './ast';
import { bindArgs, builtin, firstUnknown, needStr, withAttrs } from './builtins/args';
import { fileText, fspathOf } from './builtins/files';
import { BUILTINS } from './builtins/functions';
import { dictSet, iterate, makeSet } from './containers';
import { parseModule } from './convert';
import { iniGet, parseIni, type IniFile } from './envFiles';
import { EXC } from './exceptions';
import {
  pathlibJoin,
  pathName,
  pathParent,
  pathParents,
  pathParts,
  pathStem,
  pathSuffix,
  pathSuffixes,
  ppAbspath,
  ppBasename,
  ppCommonpath,
  ppDirname,
  ppIsabs,
  ppJoin,
  ppNormpath,
  ppRelpath,
  ppSplit,
  ppSplitext,
} from './posixPath';
import { truthy } from './valueOps';
import { floatRepr, strRepr } from './valueText';
import {
  dictFromEntries,
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyDict,
  pyFloat,
  pyInt,
  pyList,
  pyPath,
  pyStr,
  pyTuple,
  TRUE,
  typeName,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyDict,
  type PyModule,
  type PyObject,
  type PyPath,
  type PyUnknown,
  type PyValue,
  type Runtime,
} from './values';

type Kw = Map<string, PyValue> | null;

function mod(name: string, attrs: Record<string, PyValue>, lazy?: (n: string) => PyValue | undefined): PyModule {
  const m: PyModule = { kind: 'module', name, attrs: new Map(Object.entries(attrs)) };
  if (lazy) m.lazy = lazy;
  return m;
}

function fn(name: string, impl: BuiltinImpl): PyBuiltin {
  return builtin(name, impl);
}

/** A builtin whose every call is unknown for the given reason. */
function unknownFn(name: string, reason: string): PyBuiltin {
  return builtin(name, (ctx) => unknown(reason, ctx.range));
}

/** A path-like argument as a string; unknown passes through; TypeError otherwise. */
function pathArg(ctx: CallContext, v: PyValue | undefined, fname: string): string | PyUnknown {
  if (!v) return ctx.rt.raise('TypeError', `${fname}() missing a path argument`);
  if (v.kind === 'unknown') return v;
  const s = fspathOf(v);
  if (s === null) return ctx.rt.raise('TypeError', `expected str, bytes or os.PathLike object, not ${typeName(v)}`);
  return s;
}

function absOf(rt: Runtime, p: string): string {
  return ppAbspath(p, rt.host.cwd);
}

/** True for paths strictly inside the project (below the working directory or a sys.path entry):
 *  only those are checked for symbolic links; the project's own location is taken as given. */
function insideProject(rt: Runtime, p: string): boolean {
  const roots = [rt.host.cwd, ...rt.host.sysPath];
  return roots.some((r) => p.startsWith(r.replace(/\/$/, '') + '/'));
}

/** os.path.realpath / Path.resolve: symlinks inside the project make the result unknown (their
 *  targets cannot be read through the FileSystem port). */
async function realpath(rt: Runtime, p: string, strict: boolean, ctx: CallContext): Promise<string | PyUnknown> {
  const raw = p.startsWith('/') ? p : ppJoin(rt.host.cwd, p);
  let cur = '';
  for (const comp of raw.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp === '..') {
      cur = ppDirname(cur || '/');
      if (cur === '/') cur = '';
      continue;
    }
    cur = cur + '/' + comp;
    if (insideProject(rt, cur)) {
      const st = await rt.stat(cur);
      if (st?.symlink) return unknown(`${cur} is a symbolic link, whose target cannot be read statically`, ctx.range);
    }
  }
  const out = cur || '/';
  if (strict) {
    const st = await rt.stat(out);
    rt.filesRead.add(out);
    if (!st) {
      if (insideProject(rt, out)) return rt.raise('FileNotFoundError', `[Errno 2] No such file or directory: '${out}'`);
      return unknown(`whether ${out} exists cannot be checked`, ctx.range);
    }
  }
  return out;
}

/** ~ expansion with HOME from the evaluated environment (unknown without it). */
function expanduser(rt: Runtime, p: string, ctx: CallContext): string | PyUnknown {
  if (!p.startsWith('~')) return p;
  let i = p.indexOf('/', 1);
  if (i < 0) i = p.length;
  if (i !== 1) return unknown(`the home folder of user ${p.slice(1, i)} is not known`, ctx.range);
  const home = rt.envGet('HOME');
  if (home === undefined) return unknown('the home folder (~) is not known: HOME is not set in the environment used for analysis', ctx.range);
  if (typeof home !== 'string') return home;
  const h = home.replace(/\/+$/, '');
  return h + p.slice(i) || '/';
}

// ------------------------------------------------------------------ pathlib

function makePath(pure: boolean, segs: string[]): PyPath {
  return pyPath(pathlibJoin(segs), pure);
}

async function pathCtor(ctx: CallContext, args: PyValue[], pure: boolean): Promise<PyValue> {
  const segs: string[] = [];
  for (const a of args) {
    const s = pathArg(ctx, a, 'Path');
    if (typeof s !== 'string') return s;
    segs.push(s);
  }
  return makePath(pure, segs);
}

const PARENTS_TYPE: ObjectType = {
  name: 'PosixPath.parents',
  getitem(self, key, ctx) {
    const d = self.data as { list: string[]; pure: boolean };
    if (key.kind === 'unknown') return key;
    if (key.kind !== 'int') return ctx.rt.raise('TypeError', 'parents indices must be integers');
    const i = key.value < 0 ? d.list.length + key.value : key.value;
    if (i < 0 || i >= d.list.length) return ctx.rt.raise('IndexError', String(key.value));
    return pyPath(d.list[i], d.pure);
  },
  iterate(self) {
    const d = self.data as { list: string[]; pure: boolean };
    return d.list.map((p) => pyPath(p, d.pure));
  },
};

/** Attributes and methods of pathlib paths. */
export function pathAttr(rt: Runtime, p: PyPath, name: string): PyValue | undefined {
  const m = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self: p });
  const v = p.value;
  switch (name) {
    case 'parent':
      return pyPath(pathParent(v), p.pure);
    case 'parents':
      return { kind: 'object', type: PARENTS_TYPE, data: { list: pathParents(v), pure: p.pure } };
    case 'name':
      return pyStr(pathName(v));
    case 'stem':
      return pyStr(pathStem(v));
    case 'suffix':
      return pyStr(pathSuffix(v));
    case 'suffixes':
      return pyList(pathSuffixes(v).map(pyStr));
    case 'parts':
      return pyTuple(pathParts(v).map(pyStr));
    case 'root':
      return pyStr(v.startsWith('//') && !v.startsWith('///') ? '//' : v.startsWith('/') ? '/' : '');
    case 'anchor':
      return pyStr(v.startsWith('//') && !v.startsWith('///') ? '//' : v.startsWith('/') ? '/' : '');
    case 'drive':
      return pyStr('');
    case 'as_posix':
    case '__str__':
    case '__fspath__':
      return m(() => pyStr(v));
    case 'is_absolute':
      return m(() => pyBool(v.startsWith('/')));
    case 'joinpath':
      return m((c, args) => {
        const segs = [v];
        for (const a of args.slice(1)) {
          const s = pathArg(c, a, 'joinpath');
          if (typeof s !== 'string') return s;
          segs.push(s);
        }
        return makePath(p.pure, segs);
      });
    case 'with_name':
    case 'with_stem':
    case 'with_suffix':
      return m((c, args) => {
        const [, arg] = args;
        if (arg && arg.kind === 'unknown') return arg;
        const s = needStr(c, arg, name);
        const nm = pathName(v);
        if (!nm) return c.rt.raise('ValueError', `${strRepr(v)} has an empty name`);
        let newName: string;
        if (name === 'with_name') newName = s;
        else if (name === 'with_stem') newName = s + pathSuffix(v);
        else {
          if (s && (!s.startsWith('.') || s === '.')) return c.rt.raise('ValueError', `Invalid suffix '${s}'`);
          newName = pathStem(v) + s;
        }
        return makePath(p.pure, [pathParent(v), newName]);
      });
    case 'relative_to':
    case 'is_relative_to':
      return m((c, args) => {
        const other = pathArg(c, args[1], name);
        if (typeof other !== 'string') return other;
        const a = pathParts(v);
        const b = pathParts(pathlibJoin([other]));
        const ok = b.length <= a.length && b.every((x, i) => x === a[i]);
        if (name === 'is_relative_to') return pyBool(ok);
        if (!ok) return c.rt.raise('ValueError', `${strRepr(v)} is not in the subpath of ${strRepr(other)}`);
        return makePath(p.pure, [a.slice(b.length).join('/') || '.']);
      });
    case 'match':
      return m((c) => unknown('Path.match is not evaluated', c.range));
  }
  if (p.pure) return undefined;
  switch (name) {
    case 'resolve':
      return m(async (c, args, kwargs) => {
        const [, strictV] = bindArgs(c, 'resolve', args, kwargs, ['self', 'strict']);
        const strict = strictV ? truthy(strictV) : false;
        if (typeof strict !== 'boolean') return strict;
        const r = await realpath(rt, v, strict, c);
        return typeof r === 'string' ? pyPath(r) : r;
      });
    case 'absolute':
      return m(() => (v.startsWith('/') ? p : makePath(false, [rt.host.cwd, v])));
    case 'expanduser':
      return m((c) => {
        const r = expanduser(rt, v, c);
        return typeof r === 'string' ? makePath(false, [r]) : r;
      });
    case 'exists':
    case 'is_file':
    case 'is_dir':
      return m(async () => pyBool(await rt.exists(absOf(rt, v), name === 'exists' ? undefined : name === 'is_file' ? 'file' : 'directory')));
    case 'is_symlink':
      return m(async (c) => {
        const abs = absOf(rt, v);
        rt.filesRead.add(abs);
        const st = await rt.stat(abs);
        if (!st) return FALSE;
        return st.symlink === undefined ? unknown('whether the path is a symbolic link is not known', c.range) : pyBool(st.symlink);
      });
    case 'mkdir':
      return m((c, args, kwargs) => {
        const [, , parents, existOk] = bindArgs(c, 'mkdir', args, kwargs, ['self', 'mode', 'parents', 'exist_ok']);
        void parents;
        void existOk;
        markCreated(rt, absOf(rt, v));
        return NONE;
      });
    case 'read_text':
      return m(async (c) => {
        const text = await rt.readText(absOf(rt, v));
        if (text === undefined) return rt.raise('FileNotFoundError', `[Errno 2] No such file or directory: '${v}'`);
        void c;
        return pyStr(text);
      });
    case 'open':
      return m(async (c) => {
        const open = BUILTINS.get('open') as PyBuiltin;
        return open.impl(c, [p], null);
      });
    case 'home':
      return m((c) => {
        const r = expanduser(rt, '~', c);
        return typeof r === 'string' ? pyPath(r) : r;
      });
    case 'cwd':
      return m(() => pyPath(rt.host.cwd));
    case 'stat':
    case 'iterdir':
    case 'glob':
    case 'rglob':
    case 'samefile':
    case 'owner':
    case 'group':
      return m((c) => unknown(`Path.${name}() is not evaluated`, c.range));
    case 'touch':
    case 'unlink':
    case 'rmdir':
    case 'chmod':
    case 'write_text':
      return m(() => NONE);
  }
  return undefined;
}

function markCreated(rt: Runtime, abs: string): void {
  let cur = abs;
  while (cur && cur !== '/' && !rt.createdDirs.has(cur)) {
    rt.createdDirs.add(cur);
    cur = ppDirname(cur);
  }
}

function pathlibModule(): PyModule {
  const pathType = (name: string, pure: boolean): PyBuiltin => {
    const b = builtin(name, (ctx, args) => pathCtor(ctx, args, pure), name);
    return withAttrs(b, {
      cwd: fn('cwd', (ctx) => pyPath(ctx.rt.host.cwd)),
      home: fn('home', (ctx) => {
        const r = expanduser(ctx.rt, '~', ctx);
        return typeof r === 'string' ? pyPath(r) : r;
      }),
    });
  };
  return mod('pathlib', {
    Path: pathType('Path', false),
    PosixPath: pathType('PosixPath', false),
    PurePath: pathType('PurePath', true),
    PurePosixPath: pathType('PurePosixPath', true),
    WindowsPath: unknownFn('WindowsPath', 'Windows paths are not evaluated'),
    PureWindowsPath: unknownFn('PureWindowsPath', 'Windows paths are not evaluated'),
  });
}

// ------------------------------------------------------------------ os.environ

const ENVIRON_TYPE: ObjectType = {
  name: 'os._Environ',
  getitem(_self, key, ctx) {
    if (key.kind === 'unknown') return key;
    const k = needStr(ctx, key, 'environ key');
    const v = ctx.rt.envGet(k);
    if (v === undefined) return ctx.rt.raiseKey(key);
    if (typeof v !== 'string') {
      void ctx.rt.maybeRaise('KeyError', `environment variable ${k} is not set`);
      return unknown(v.reason, ctx.range);
    }
    return pyStr(v);
  },
  setitem(_self, key, value, ctx) {
    if (key.kind === 'unknown') {
      ctx.rt.envAllUnknown ??= key.reason;
      return;
    }
    const k = needStr(ctx, key, 'environ key');
    if (value.kind === 'unknown') ctx.rt.envSet(k, value);
    else ctx.rt.envSet(k, needStr(ctx, value, 'environ value'));
  },
  delitem(_self, key, ctx) {
    if (key.kind !== 'str') return;
    if (ctx.rt.envGet(key.value) === undefined) ctx.rt.raiseKey(key);
    ctx.rt.envDelete(key.value);
  },
  contains(_self, item, ctx) {
    if (item.kind === 'unknown') return item;
    if (item.kind !== 'str') return FALSE;
    const v = ctx.rt.envGet(item.value);
    if (v === undefined) return FALSE;
    return typeof v === 'string' ? TRUE : unknown(v.reason);
  },
  iterate(_self, ctx) {
    if (ctx?.rt.envAllUnknown) return unknown(`the environment may have been changed by ${ctx.rt.envAllUnknown}`);
    if (ctx?.rt.envUnknown.size) return unknown('some environment variables are unknown');
    return ctx ? [...ctx.rt.host.env.keys()].map(pyStr) : unknown('the environment');
  },
  getattr(self, name, ctx) {
    const rt = ctx.rt;
    const m = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
    switch (name) {
      case 'get':
        return m((c, args, kwargs) => {
          const [, key, dflt] = bindArgs(c, 'get', args, kwargs, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          return envLookup(c, key, dflt ?? NONE);
        });
      case 'setdefault':
        return m((c, args) => {
          const [, key, dflt] = bindArgs(c, 'setdefault', args, null, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          if (key.kind === 'unknown') {
            rt.envAllUnknown ??= key.reason;
            return key;
          }
          const k = needStr(c, key, 'key');
          const value = dflt ?? NONE;
          if (value.kind !== 'unknown' && value.kind !== 'str') {
            if (rt.envGet(k) === undefined) return c.rt.raise('TypeError', `str expected, not ${typeName(value)}`);
          }
          rt.envSetDefault(k, value.kind === 'unknown' ? value : (value as { value: string }).value);
          const now = rt.envGet(k);
          return now === undefined ? NONE : typeof now === 'string' ? pyStr(now) : now;
        });
      case 'pop':
        return m((c, args) => {
          const [, key, dflt] = bindArgs(c, 'pop', args, null, ['self', 'key', 'default'], 2) as [PyValue, PyValue, PyValue | undefined];
          if (key.kind === 'unknown') return key;
          const k = needStr(c, key, 'key');
          const v = rt.envGet(k);
          if (v === undefined) return dflt ?? c.rt.raiseKey(key);
          rt.envDelete(k);
          return typeof v === 'string' ? pyStr(v) : v;
        });
      case 'keys':
      case 'values':
      case 'items':
      case 'copy':
        return m((c) => {
          const keys = ENVIRON_TYPE.iterate?.(self, c);
          if (!keys || isUnknown(keys)) return keys ?? unknown('the environment');
          const entries = [...rt.host.env.entries()];
          if (name === 'keys') return pyList(entries.map(([k]) => pyStr(k)));
          if (name === 'values') return pyList(entries.map(([, v]) => pyStr(v)));
          if (name === 'items') return pyList(entries.map(([k, v]) => pyTuple([pyStr(k), pyStr(v)])));
          return dictFromEntries(entries.map(([k, v]) => [k, pyStr(v)]));
        });
      case 'update':
        return m(async (c, args, kwargs) => {
          const d: PyDict = pyDict();
          await rt.dictUpdate(d, args[1] ?? null, kwargs, c.frame);
          if (d.poisoned) {
            rt.envAllUnknown ??= d.poisoned;
            return NONE;
          }
          for (const e of d.entries.values()) {
            if (e.key.kind !== 'str') continue;
            if (e.value.kind === 'unknown') rt.envSet(e.key.value, e.value);
            else rt.envSet(e.key.value, needStr(c, e.value, 'environ value'));
          }
          return NONE;
        });
      case 'clear':
        return m(() => {
          rt.host.env.clear();
          rt.envUnknown.clear();
          rt.envAllUnknown = null;
          return NONE;
        });
    }
    return undefined;
  },
  truthy() {
    return unknown('whether the environment is empty is not evaluated');
  },
};

/** os.environ.get / os.getenv. */
function envLookup(c: CallContext, key: PyValue, dflt: PyValue): PyValue {
  if (key.kind === 'unknown') return key;
  const k = needStr(c, key, 'key');
  const v = c.rt.envGet(k);
  if (v === undefined) return dflt;
  if (typeof v !== 'string') return unknown(`environment variable ${k} is unknown: ${v.reason}`, c.range);
  return pyStr(v);
}

// ------------------------------------------------------------------ os, os.path

function osPathModule(name: string): PyModule {
  const str1 = (fname: string, f: (p: string, ctx: CallContext) => string | PyValue): PyBuiltin =>
    fn(fname, (ctx, args) => {
      const [a] = bindArgs(ctx, fname, args, null, ['path'], 1);
      const p = pathArg(ctx, a, fname);
      if (typeof p !== 'string') return p;
      const r = f(p, ctx);
      return typeof r === 'string' ? pyStr(r) : r;
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
      return pyStr(ppJoin(parts[0], ...parts.slice(1)));
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
      return pyTuple([pyStr(h), pyStr(t)]);
    }),
    splitext: fn('splitext', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'splitext');
      if (typeof p !== 'string') return p;
      const [h, t] = ppSplitext(p);
      return pyTuple([pyStr(h), pyStr(t)]);
    }),
    splitdrive: fn('splitdrive', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'splitdrive');
      return typeof p === 'string' ? pyTuple([pyStr(''), pyStr(p)]) : p;
    }),
    relpath: fn('relpath', (ctx, args, kwargs) => {
      const [a, b] = bindArgs(ctx, 'relpath', args, kwargs, ['path', 'start'], 1);
      const p = pathArg(ctx, a, 'relpath');
      if (typeof p !== 'string') return p;
      const s = b && b.kind !== 'none' ? pathArg(ctx, b, 'relpath') : ctx.rt.host.cwd;
      if (typeof s !== 'string') return s;
      return pyStr(ppRelpath(p, s, ctx.rt.host.cwd));
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
      return r === null ? ctx.rt.raise('ValueError', "Can't mix absolute and relative paths") : pyStr(r);
    }),
    realpath: fn('realpath', async (ctx, args, kwargs) => {
      const [a, strictV] = bindArgs(ctx, 'realpath', args, kwargs, ['path', 'strict']);
      const p = pathArg(ctx, a, 'realpath');
      if (typeof p !== 'string') return p;
      const strict = strictV ? truthy(strictV) === true : false;
      const r = await realpath(ctx.rt, p, strict, ctx);
      return typeof r === 'string' ? pyStr(r) : r;
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
    sep: pyStr('/'),
    pardir: pyStr('..'),
    curdir: pyStr('.'),
    extsep: pyStr('.'),
    altsep: NONE,
    pathsep: pyStr(':'),
    devnull: pyStr('/dev/null'),
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

function osModule(rt: Runtime): PyModule {
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
    getcwd: fn('getcwd', (ctx) => pyStr(ctx.rt.host.cwd)),
    fspath: fn('fspath', (ctx, args) => {
      const p = pathArg(ctx, args[0], 'fspath');
      return typeof p === 'string' ? pyStr(p) : p;
    }),
    makedirs: makedirs('makedirs'),
    mkdir: makedirs('mkdir'),
    sep: pyStr('/'),
    pardir: pyStr('..'),
    curdir: pyStr('.'),
    extsep: pyStr('.'),
    altsep: NONE,
    pathsep: pyStr(':'),
    linesep: pyStr('\n'),
    devnull: pyStr('/dev/null'),
    name: unknown('os.name depends on the operating system Django runs on'),
    chdir: fn('chdir', (ctx) => {
      ctx.rt.note('warning', 'os.chdir() changes the working directory at runtime; relative paths after it are evaluated against the project folder.', ctx.range);
      return NONE;
    }),
    listdir: unknownFn('listdir', 'folder listings (os.listdir) are not evaluated'),
    scandir: unknownFn('scandir', 'folder listings (os.scandir) are not evaluated'),
    walk: unknownFn('walk', 'folder walks (os.walk) are not evaluated'),
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

// ------------------------------------------------------------------ sys

const SYS_MODULES_TYPE: ObjectType = {
  name: 'sys.modules',
  getitem(_self, key, ctx) {
    if (key.kind !== 'str') return unknown('sys.modules with an unknown name', ctx.range);
    if (key.value === ctx.frame.module.name) return ctx.frame.module.value;
    const m = ctx.rt.modelledModule(key.value);
    return m ?? unknown(`sys.modules[${strRepr(key.value)}] is not evaluated`, ctx.range);
  },
  contains() {
    return unknown('the contents of sys.modules are not known statically');
  },
};

function sysModule(rt: Runtime): PyModule {
  return mod('sys', {
    argv: unknown('the command line (sys.argv) is not known statically'),
    orig_argv: unknown('the command line (sys.argv) is not known statically'),
    path: rt.sysPath,
    modules: { kind: 'object', type: SYS_MODULES_TYPE, data: null },
    platform: unknown('sys.platform depends on the operating system Django runs on'),
    version: unknown('the Python version is not known statically'),
    version_info: unknown('the Python version is not known statically'),
    executable: unknown('the Python executable is not known statically'),
    prefix: unknown('the Python installation is not known statically'),
    base_prefix: unknown('the Python installation is not known statically'),
    implementation: unknown('the Python implementation is not known statically'),
    maxsize: unknown('sys.maxsize is not evaluated'),
    stdout: unknown('sys.stdout is not evaluated', undefined, 'sys.stdout'),
    stderr: unknown('sys.stderr is not evaluated', undefined, 'sys.stderr'),
    stdin: unknown('sys.stdin is not evaluated', undefined, 'sys.stdin'),
    flags: unknown('sys.flags is not evaluated'),
    dont_write_bytecode: FALSE,
    exit: fn('exit', (ctx, args) => ctx.rt.raise('SystemExit', args[0] && args[0].kind === 'str' ? args[0].value : '')),
    getdefaultencoding: fn('getdefaultencoding', () => pyStr('utf-8')),
    getfilesystemencoding: fn('getfilesystemencoding', () => pyStr('utf-8')),
    setrecursionlimit: fn('setrecursionlimit', () => NONE),
    getrecursionlimit: fn('getrecursionlimit', () => pyInt(1000)),
    gettrace: unknownFn('gettrace', 'whether a debugger is attached is not known'),
    _getframe: unknownFn('_getframe', 'stack frames are not evaluated'),
  });
}

// ------------------------------------------------------------------ json

class JsonError {
  constructor(readonly message: string) {}
}

/** json.loads with Python's types (ints stay ints, NaN/Infinity accepted). */
export function jsonLoads(s: string): PyValue | JsonError {
  let i = 0;
  const ws = (): void => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++;
  };
  const fail = (msg: string): never => {
    throw new JsonError(`${msg}: line 1 column ${i + 1} (char ${i})`);
  };
  const value = (depth: number): PyValue => {
    if (depth > 200) fail('Nesting too deep');
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      const d = pyDict();
      ws();
      if (s[i] === '}') {
        i++;
        return d;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail('Expecting property name enclosed in double quotes');
        const k = str();
        ws();
        if (s[i] !== ':') fail("Expecting ':' delimiter");
        i++;
        const v = value(depth + 1);
        d.entries.set('s:' + k, { key: pyStr(k), value: v });
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return d;
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === '[') {
      i++;
      const items: PyValue[] = [];
      ws();
      if (s[i] === ']') {
        i++;
        return pyList(items);
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return pyList(items);
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === '"') return pyStr(str());
    for (const [lit, v] of [
      ['true', TRUE],
      ['false', FALSE],
      ['null', NONE],
      ['NaN', pyFloat(NaN)],
      ['Infinity', pyFloat(Infinity)],
      ['-Infinity', pyFloat(-Infinity)],
    ] as [string, PyValue][]) {
      if (s.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) return fail('Expecting value');
    i += m[0].length;
    if (m[2] || m[3]) return pyFloat(Number(m[0]));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? pyInt(n) : unknown('an integer too large to evaluate exactly');
  };
  const str = (): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= s.length) fail('Unterminated string starting at');
      const c = s[i++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = s[i++];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (map[e] !== undefined) out += map[e];
        else if (e === 'u') {
          const hex = s.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else fail('Invalid \\escape');
      } else if (c < ' ') fail('Invalid control character at');
      else out += c;
    }
  };
  try {
    const v = value(0);
    ws();
    if (i < s.length) fail('Extra data');
    return v;
  } catch (e) {
    if (e instanceof JsonError) return e;
    throw e;
  }
}

function jsonDumps(v: PyValue, depth = 0): string | PyUnknown | null {
  if (depth > 100) return unknown('value nested too deeply');
  switch (v.kind) {
    case 'none':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isFinite(v.value) ? floatRepr(v.value) : Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? 'Infinity' : '-Infinity';
    case 'str':
      return '"' + v.value.replace(/[\\"\u0000-\u001f\u007f-\uffff]/g, (c) => ({ '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '"';
    case 'list':
    case 'tuple': {
      if (v.kind === 'list' && v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const it of v.items) {
        const r = jsonDumps(it, depth + 1);
        if (typeof r !== 'string') return r;
        parts.push(r);
      }
      return '[' + parts.join(', ') + ']';
    }
    case 'dict': {
      if (v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const e of v.entries.values()) {
        if (e.key.kind !== 'str') return unknown('json.dumps with non-string keys is not evaluated');
        const val = jsonDumps(e.value, depth + 1);
        if (typeof val !== 'string') return val;
        parts.push(jsonDumps(e.key) + ': ' + val);
      }
      return '{' + parts.join(', ') + '}';
    }
    case 'unknown':
      return v;
    default:
      return null;
  }
}

function jsonModule(): PyModule {
  const loads = (ctx: CallContext, text: string): PyValue => {
    const r = jsonLoads(text);
    if (r instanceof JsonError) return ctx.rt.raise('JSONDecodeError', r.message);
    return r;
  };
  return mod('json', {
    loads: fn('loads', (ctx, args) => {
      const [s] = bindArgs(ctx, 'loads', args.slice(0, 1), null, ['s'], 1) as [PyValue];
      if (s.kind === 'unknown') return s;
      return loads(ctx, needStr(ctx, s, 'the JSON object'));
    }),
    load: fn('load', (ctx, args) => {
      const [f] = bindArgs(ctx, 'load', args.slice(0, 1), null, ['fp'], 1) as [PyValue];
      if (f.kind === 'unknown') return f;
      const text = fileText(f);
      if (text === null) return unknown('json.load() of something that is not a file read by the settings', ctx.range);
      return loads(ctx, text);
    }),
    dumps: fn('dumps', (ctx, args, kwargs) => {
      if (kwargs && kwargs.size) return unknown('json.dumps with options is not evaluated', ctx.range);
      const r = jsonDumps(args[0] ?? NONE);
      if (r === null) return ctx.rt.raise('TypeError', `Object of type ${typeName(args[0] ?? NONE)} is not JSON serializable`);
      return typeof r === 'string' ? pyStr(r) : r;
    }),
    JSONDecodeError: EXC.JSONDecodeError,
  });
}

// ------------------------------------------------------------------ ast.literal_eval

function literalEval(ctx: CallContext, text: string): PyValue {
  const ast = parseModule(text.trim());
  const bad = (): never => ctx.rt.raise('ValueError', 'malformed node or string');
  if (ast.failure || ast.syntaxErrors.length || ast.body.length !== 1 || ast.body[0].t !== 'Expr') {
    if (ast.syntaxErrors.length || ast.failure) return ctx.rt.raise('SyntaxError', 'invalid syntax');
    return bad();
  }
  const ev = (e: Expr): PyValue => {
    switch (e.t) {
      case 'Const': {
        const l = e.value;
        if (l.k === 'none') return NONE;
        if (l.k === 'bool') return pyBool(l.v);
        if (l.k === 'int') return pyInt(l.v);
        if (l.k === 'float') return pyFloat(l.v);
        if (l.k === 'str') return pyStr(l.v);
        return bad();
      }
      case 'Unary': {
        const v = ev(e.operand);
        if (v.kind === 'int') return pyInt(e.op === '-' ? -v.value : v.value);
        if (v.kind === 'float') return pyFloat(e.op === '-' ? -v.value : v.value);
        return bad();
      }
      case 'List':
        return pyList(e.elts.map(ev));
      case 'Tuple':
        return pyTuple(e.elts.map(ev));
      case 'Set':
        return makeSet(e.elts.map(ev), false);
      case 'Dict': {
        const d = pyDict();
        e.keys.forEach((k, i) => {
          if (!k) bad();
          dictSet(d, ev(k as Expr), ev(e.values[i]));
        });
        return d;
      }
      default:
        return bad();
    }
  };
  return ev(ast.body[0].value);
}

// ------------------------------------------------------------------ configparser

const CONFIG_TYPE: ObjectType = {
  name: 'configparser.ConfigParser',
  getattr(self, name, ctx) {
    const d = self.data as { ini: IniFile | null; raw: boolean; unknownReason: string | null };
    const rt = ctx.rt;
    const m = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
    const lookup = (c: CallContext, args: PyValue[], kwargs: Kw, conv: (s: string) => PyValue): PyValue => {
      const [, sec, opt, , , , fallback] = bindArgs(c, name, args, kwargs, ['self', 'section', 'option', 'raw', 'vars', '_', 'fallback'], 3);
      const u = firstUnknown(sec, opt);
      if (u) return u;
      if (d.unknownReason) return unknown(d.unknownReason, c.range);
      const ini = d.ini as IniFile;
      const r = iniGet(ini, needStr(c, sec, 'section'), needStr(c, opt, 'option'));
      if (!r) {
        if (fallback) return fallback;
        if (!ini.sections.has((sec as { value: string }).value)) return c.rt.raise('KeyError', `No section: ${strRepr((sec as { value: string }).value)}`);
        return c.rt.raise('KeyError', `No option ${strRepr((opt as { value: string }).value)} in section: ${strRepr((sec as { value: string }).value)}`);
      }
      if ('error' in r) return unknown(`configparser would raise: ${r.error}`, c.range);
      return conv(r.value);
    };
    switch (name) {
      case 'read':
        return m(async (c, args) => {
          const paths = args[1] && (args[1].kind === 'list' || args[1].kind === 'tuple') ? args[1].items : [args[1] ?? NONE];
          const read: PyValue[] = [];
          for (const pv of paths) {
            const p = pathArg(c, pv, 'read');
            if (typeof p !== 'string') {
              d.unknownReason = p.reason;
              continue;
            }
            const text = await rt.readText(absOf(rt, p));
            if (text === undefined) continue;
            const ini = parseIni(text);
            if (ini.error) {
              d.unknownReason = `configparser would fail on ${p}: ${ini.error}`;
              continue;
            }
            d.ini = mergeIni(d.ini, ini);
            read.push(pyStr(p));
          }
          return pyList(read);
        });
      case 'get':
        return m((c, a, k) => lookup(c, a, k, pyStr));
      case 'getboolean':
        return m((c, a, k) =>
          lookup(c, a, k, (s) => {
            const v = s.toLowerCase();
            if (['1', 'yes', 'true', 'on'].includes(v)) return TRUE;
            if (['0', 'no', 'false', 'off'].includes(v)) return FALSE;
            return c.rt.raise('ValueError', `Not a boolean: ${s}`);
          }),
        );
      case 'getint':
        return m((c, a, k) => lookup(c, a, k, (s) => (/^\s*[+-]?\d+\s*$/.test(s) ? pyInt(Number(s)) : c.rt.raise('ValueError', `invalid literal for int() with base 10: ${strRepr(s)}`))));
      case 'has_section':
        return m((c, a) => (d.unknownReason ? unknown(d.unknownReason) : pyBool(!!d.ini?.sections.has(needStr(c, a[1], 'section')))));
      case 'has_option':
        return m((c, a) => (d.unknownReason ? unknown(d.unknownReason) : pyBool(!!d.ini && iniGet(d.ini, needStr(c, a[1], 'section'), needStr(c, a[2], 'option')) !== null)));
      case 'sections':
        return m(() => (d.unknownReason ? unknown(d.unknownReason) : pyList([...(d.ini?.sections.keys() ?? [])].map(pyStr))));
    }
    return undefined;
  },
  getitem(self, key, ctx) {
    const d = self.data as { ini: IniFile | null; unknownReason: string | null };
    if (key.kind === 'unknown') return key;
    if (d.unknownReason) return unknown(d.unknownReason, ctx.range);
    const sec = needStr(ctx, key, 'section');
    const ini = d.ini;
    if (!ini || (!ini.sections.has(sec) && sec !== 'DEFAULT')) return ctx.rt.raise('KeyError', strRepr(sec));
    const out = pyDict();
    const names = new Set([...ini.defaults.keys(), ...(ini.sections.get(sec)?.keys() ?? [])]);
    for (const n of names) {
      const r = iniGet(ini, sec, n);
      if (r && 'value' in r) out.entries.set('s:' + n, { key: pyStr(n), value: pyStr(r.value) });
      else out.entries.set('s:' + n, { key: pyStr(n), value: unknown(`configparser would raise for ${n}`) });
    }
    return out;
  },
};

function mergeIni(a: IniFile | null, b: IniFile): IniFile {
  if (!a) return b;
  for (const [k, v] of b.defaults) a.defaults.set(k, v);
  for (const [s, opts] of b.sections) {
    const cur = a.sections.get(s) ?? new Map<string, string>();
    for (const [k, v] of opts) cur.set(k, v);
    a.sections.set(s, cur);
  }
  return a;
}

function configparserModule(): PyModule {
  const ctor = (raw: boolean) =>
    fn('ConfigParser', (ctx, args, kwargs) => {
      if ((kwargs && kwargs.size) || args.length) return unknown('configparser options are not evaluated', ctx.range);
      return { kind: 'object', type: CONFIG_TYPE, data: { ini: null, raw, unknownReason: raw ? 'RawConfigParser is not evaluated' : null } };
    });
  return mod('configparser', {
    ConfigParser: ctor(false),
    SafeConfigParser: ctor(false),
    RawConfigParser: ctor(true),
    NoSectionError: EXC.KeyError,
    NoOptionError: EXC.KeyError,
    Error: EXC.Exception,
  });
}

// ------------------------------------------------------------------ small modules

const SUPPRESS_TYPE: ObjectType = { name: 'contextlib.suppress' };

/** distutils.util.strtobool: 1 or 0, ValueError otherwise. */
function strtobool(ctx: CallContext, v: PyValue | undefined): PyValue {
  if (v && v.kind === 'unknown') return v;
  const s = needStr(ctx, v, 'strtobool() argument').toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(s)) return pyInt(1);
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(s)) return pyInt(0);
  return ctx.rt.raise('ValueError', `invalid truth value ${strRepr(s)}`);
}

const identity = (): PyBuiltin => builtin('identity-decorator', (_c, args) => args[0] ?? NONE);

function functoolsModule(): PyModule {
  const cacheDecorator = fn('lru_cache', (_c, args) => (args[0] && (args[0].kind === 'function' || args[0].kind === 'builtin') ? args[0] : identity()));
  return mod('functools', {
    lru_cache: cacheDecorator,
    cache: identity(),
    cached_property: identity(),
    wraps: fn('wraps', () => identity()),
    partial: fn('partial', (ctx, args, kwargs) => {
      const [f, ...bound] = args;
      if (!f) return ctx.rt.raise('TypeError', 'partial() missing function');
      const boundKw = kwargs;
      return builtin('partial', (c, more, moreKw) => {
        const kw = boundKw || moreKw ? new Map([...(boundKw ?? []), ...(moreKw ?? [])]) : null;
        return c.rt.callValue(f, [...bound, ...more], kw, c.frame, null);
      });
    }),
    reduce: fn('reduce', async (ctx, args) => {
      const [f, it, init] = args;
      const items = iterate(it ?? NONE);
      if (isUnknown(items)) return items;
      let acc = init ?? items.shift();
      if (acc === undefined) return ctx.rt.raise('TypeError', 'reduce() of empty iterable with no initial value');
      for (const x of items) acc = await ctx.rt.callValue(f, [acc, x], null, ctx.frame, null);
      return acc;
    }),
  });
}

/** Top-level standard-library names: importing them never fails. */
export const STDLIB = new Set(
  (
    '__future__ abc argparse array ast asyncio base64 binascii bisect builtins calendar codecs collections colorsys concurrent configparser contextlib contextvars copy csv ctypes ' +
    'dataclasses datetime decimal difflib dis distutils email encodings enum errno faulthandler fcntl filecmp fnmatch fractions ftplib functools gc getopt getpass gettext glob ' +
    'graphlib gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes ' +
    'multiprocessing netrc numbers operator optparse os pathlib pickle pkgutil platform plistlib posixpath pprint profile queue quopri random re reprlib resource sched secrets ' +
    'select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics string stringprep struct subprocess sys sysconfig tarfile tempfile ' +
    'textwrap threading time timeit token tokenize tomllib traceback types typing unicodedata unittest urllib uuid warnings weakref xml xmlrpc zipfile zipimport zlib zoneinfo'
  ).split(' '),
);

/** Builds a modelled standard-library module, or undefined. */
export function createStdlibModule(rt: Runtime, name: string): PyModule | undefined {
  switch (name) {
    case 'os':
      return osModule(rt);
    case 'os.path':
    case 'posixpath':
      return osPathModule(name);
    case 'pathlib':
      return pathlibModule();
    case 'sys':
      return sysModule(rt);
    case 'json':
      return jsonModule();
    case 'configparser':
      return configparserModule();
    case 'tempfile':
      return mod('tempfile', {
        mkdtemp: unknownFn('mkdtemp', 'tempfile.mkdtemp() creates a new random folder at runtime'),
        mkstemp: unknownFn('mkstemp', 'tempfile.mkstemp() creates a new random file at runtime'),
        gettempdir: unknownFn('gettempdir', 'the temporary folder depends on the machine (TMPDIR)'),
        NamedTemporaryFile: unknownFn('NamedTemporaryFile', 'temporary files are created at runtime'),
        TemporaryDirectory: unknownFn('TemporaryDirectory', 'temporary folders are created at runtime'),
        gettempprefix: fn('gettempprefix', () => pyStr('tmp')),
      });
    case 'socket':
      return mod('socket', {
        gethostname: unknownFn('gethostname', 'socket.gethostname() depends on the machine Django runs on'),
        gethostbyname: unknownFn('gethostbyname', 'socket.gethostbyname() resolves names at runtime'),
        gethostbyname_ex: unknownFn('gethostbyname_ex', 'socket.gethostbyname_ex() resolves names at runtime'),
        getfqdn: unknownFn('getfqdn', 'socket.getfqdn() depends on the machine Django runs on'),
      });
    case 'platform':
      return mod('platform', {}, (n) => unknownFn(n, `platform.${n}() depends on the machine Django runs on`));
    case 'getpass':
      return mod('getpass', { getuser: unknownFn('getuser', 'getpass.getuser() depends on the machine Django runs on') });
    case 'distutils':
      return mod('distutils', {});
    case 'distutils.util':
      return mod('distutils.util', { strtobool: fn('strtobool', (ctx, args) => strtobool(ctx, args[0])) });
    case 'ast':
      return mod('ast', {
        literal_eval: fn('literal_eval', (ctx, args) => {
          const [s] = args;
          if (!s || s.kind === 'unknown') return s ?? NONE;
          if (s.kind !== 'str') return unknown('ast.literal_eval of a node is not evaluated', ctx.range);
          return literalEval(ctx, s.value);
        }),
      });
    case 'importlib':
      return mod('importlib', {
        import_module: fn('import_module', async (ctx, args, kwargs) => {
          const [n, pkg] = bindArgs(ctx, 'import_module', args, kwargs, ['name', 'package'], 1) as [PyValue, PyValue | undefined];
          const u = firstUnknown(n, pkg);
          if (u) return unknown(`importlib.import_module() of a module name that is unknown: ${u.reason}`, ctx.range);
          let name = needStr(ctx, n, 'name');
          if (name.startsWith('.')) {
            if (!pkg || pkg.kind !== 'str') return ctx.rt.raise('TypeError', "the 'package' argument is required to perform a relative import");
            const level = name.length - name.replace(/^\.+/, '').length;
            const base = pkg.value.split('.');
            name = [...base.slice(0, base.length - (level - 1)), name.slice(level)].filter(Boolean).join('.');
          }
          return ctx.rt.importByName(name, ctx);
        }),
        reload: fn('reload', (_c, args) => args[0] ?? NONE),
      });
    case 'importlib.util':
      return mod('importlib.util', {
        find_spec: unknownFn('find_spec', 'whether a package is installed is not known statically'),
      });
    case 'contextlib':
      return mod('contextlib', {
        suppress: fn('suppress', (ctx, args) => {
          const classes = args.filter((a) => a.kind === 'class');
          if (classes.length !== args.length) return unknown('suppress() of exceptions that are not known', ctx.range);
          return { kind: 'object', type: SUPPRESS_TYPE, data: classes };
        }),
        contextmanager: identity(),
      });
    case 'functools':
      return functoolsModule();
    case 'string':
      return mod('string', {
        ascii_letters: pyStr('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        ascii_lowercase: pyStr('abcdefghijklmnopqrstuvwxyz'),
        ascii_uppercase: pyStr('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        digits: pyStr('0123456789'),
        hexdigits: pyStr('0123456789abcdefABCDEF'),
        octdigits: pyStr('01234567'),
        punctuation: pyStr('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'),
        whitespace: pyStr(' \t\n\r\x0b\x0c'),
      });
    case 'typing':
      return mod('typing', { TYPE_CHECKING: FALSE }, (n) => unknown(`typing.${n} is not evaluated`, undefined, `typing.${n}`));
    case 'secrets':
    case 'random':
    case 'uuid':
      return mod(name, {}, (n) => unknownFn(n, `${name}.${n}() is random at runtime`));
  }
  return undefined;
}
