/**
 * What the standard-library models share: building module and function values, and resolving
 * path arguments against the working directory Django would have (the folder of manage.py).
 * Models are built lazily (when the evaluated code imports them), never at load time.
 */
import { builtin } from '../builtins/args';
import { fspathOf } from '../builtins/files';
import { refusedReason } from '../confinement';
import { ppAbspath, ppDirname, ppJoin } from '../posixPath';
import {
  strValue,
  typeName,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ModuleFactory,
  type PyBuiltin,
  type PyModule,
  type PyUnknown,
  type PyValue,
  type Runtime,
} from '../values';

/** A modelled module with fixed attributes and, optionally, attributes created on first access. */
export function mod(name: string, attrs: Record<string, PyValue>, lazy?: (n: string) => PyValue | undefined): PyModule {
  const m: PyModule = { kind: 'module', name, attrs: new Map(Object.entries(attrs)) };
  if (lazy) m.lazy = lazy;
  return m;
}

/** A builtin function value of a modelled module. */
export function fn(name: string, impl: BuiltinImpl): PyBuiltin {
  return builtin(name, impl);
}

/** A builtin whose every call is unknown for the given reason. */
export function unknownFn(name: string, reason: string): PyBuiltin {
  return builtin(name, (ctx) => unknown(reason, ctx.range));
}

/** A builtin about the files under a path that is never evaluated (folder listings): a path the
 *  analysis may not read says so rather than the general reason. */
export function unknownForPath(name: string, reason: string): PyBuiltin {
  return builtin(name, async (ctx, args) => {
    const why = await refusalOf(ctx, args[0] ?? strValue('.'));
    return unknown(why ?? reason, ctx.range);
  });
}

/** The refusal reason for a path-like value (relative to the working directory), if refused. */
export async function refusalOf(ctx: CallContext, v: PyValue): Promise<string | undefined> {
  const s = fspathOf(v);
  if (s === null) return undefined;
  const p = absOf(ctx.rt, s);
  const why = await ctx.rt.refusal(p);
  return why ? refusedReason(p, why) : undefined;
}

/** A path-like argument as a string; unknown passes through; TypeError otherwise. */
export function pathArg(ctx: CallContext, v: PyValue | undefined, fname: string): string | PyUnknown {
  if (!v) return ctx.rt.raise('TypeError', `${fname}() missing a path argument`);
  if (v.kind === 'unknown') return v;
  const s = fspathOf(v);
  if (s === null) return ctx.rt.raise('TypeError', `expected str, bytes or os.PathLike object, not ${typeName(v)}`);
  return s;
}

/** os.path.abspath(p) against the working directory Django would have. */
export function absOf(rt: Runtime, p: string): string {
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
export async function realpath(rt: Runtime, p: string, strict: boolean, ctx: CallContext): Promise<string | PyUnknown> {
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
export function expanduser(rt: Runtime, p: string, ctx: CallContext): string | PyUnknown {
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

/** A table of module factories from [names, factory] rows (several names may share a factory). */
export function moduleTable(rows: [string[], ModuleFactory][]): ReadonlyMap<string, ModuleFactory> {
  return new Map(rows.flatMap(([names, factory]) => names.map((n): [string, ModuleFactory] => [n, factory])));
}
