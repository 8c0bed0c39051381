/**
 * pathlib: PurePath/Path values (PyPath), their attributes and methods, and the pathlib module.
 */
import { bindArgs, builtin, needStr, withAttrs } from '../builtins/args';
import { BUILTINS } from '../builtins/functions';
import { pathlibJoin, pathName, pathParent, pathParents, pathParts, pathStem, pathSuffix, pathSuffixes, ppDirname } from '../posixPath';
import { truthy } from '../valueOps';
import { strRepr } from '../valueText';
import {
  FALSE,
  NONE,
  pyBool,
  pyList,
  pyPath,
  pyTuple,
  strValue,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyModule,
  type PyPath,
  type PyValue,
  type Runtime,
} from '../values';
import { absOf, expanduser, fn, mod, pathArg, realpath, refusalOf, unknownFn } from './shared';

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
      return strValue(pathName(v));
    case 'stem':
      return strValue(pathStem(v));
    case 'suffix':
      return strValue(pathSuffix(v));
    case 'suffixes':
      return pyList(pathSuffixes(v).map(strValue));
    case 'parts':
      return pyTuple(pathParts(v).map(strValue));
    case 'root':
      return strValue(v.startsWith('//') && !v.startsWith('///') ? '//' : v.startsWith('/') ? '/' : '');
    case 'anchor':
      return strValue(v.startsWith('//') && !v.startsWith('///') ? '//' : v.startsWith('/') ? '/' : '');
    case 'drive':
      return strValue('');
    case 'as_posix':
    case '__str__':
    case '__fspath__':
      return m(() => strValue(v));
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
        return strValue(text);
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
      return m(async (c) => unknown((await refusalOf(c, p)) ?? `Path.${name}() is not evaluated`, c.range));
    case 'touch':
    case 'unlink':
    case 'rmdir':
    case 'chmod':
    case 'write_text':
      return m(() => NONE);
  }
  return undefined;
}

/** Records that `abs` and its missing parents now exist (os.makedirs, Path.mkdir(parents=True)). */
export function markCreated(rt: Runtime, abs: string): void {
  let cur = abs;
  while (cur && cur !== '/' && !rt.createdDirs.has(cur)) {
    rt.createdDirs.add(cur);
    cur = ppDirname(cur);
  }
}

/** pathlib: Path, PosixPath, PurePath, PurePosixPath. */
export function pathlibModule(): PyModule {
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
