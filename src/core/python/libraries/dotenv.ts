/**
 * python-dotenv: load_dotenv / dotenv_values / find_dotenv, with its own parsing and ${VAR}
 * expansion rules; django-dotenv's read_dotenv as unknown.
 */
import { bindArgs, builtin, firstUnknown, needStr } from '../builtins/args';
import { fspathOf } from '../builtins/files';
import { refusedReason } from '../confinement';
import { expandDotenvValue, parseDotenv } from '../envFiles';
import { ppDirname, ppJoin } from '../posixPath';
import { mod } from '../stdlib/shared';
import { truthy } from '../valueOps';
import { dictFromEntries, FALSE, NONE, strValue, TRUE, unknown, type CallContext, type PyModule, type PyUnknown, type PyValue, type Runtime } from '../values';
import { abs, callerDir } from './shared';

async function findDotenv(ctx: CallContext, filename: string, usecwd: boolean): Promise<string> {
  const rt = ctx.rt;
  let dir = usecwd ? rt.host.cwd : callerDir(ctx);
  for (let guard = 0; guard < 200; guard++) {
    // The search stops where the project ends: folders above it are not the project's to read.
    if (await rt.refusal(dir)) break;
    const candidate = ppJoin(dir, filename);
    if (await rt.exists(candidate, 'file')) return candidate;
    const parent = ppDirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return '';
}

/** Reads a .env file with python-dotenv's rules and resolves ${VAR} references. */
async function dotenvValues(ctx: CallContext, path: string, override: boolean, interpolate: boolean): Promise<Map<string, string | null | PyUnknown> | null> {
  const rt = ctx.rt;
  const text = await rt.readText(path);
  if (text === undefined) return null;
  const out = new Map<string, string | null | PyUnknown>();
  for (const b of parseDotenv(text)) {
    if (b.versionDependent) {
      out.set(b.key, unknown(`the value of ${b.key} in ${path} depends on the python-dotenv version (inline comment rules)`));
      continue;
    }
    if (b.value === null || !interpolate) {
      out.set(b.key, b.value);
      continue;
    }
    let failed: PyUnknown | null = null;
    const lookup = (name: string): string | undefined => {
      const fromFile = out.get(name);
      const fromEnv = rt.envGet(name);
      const first = override ? fromFile : fromEnv;
      const second = override ? fromEnv : fromFile;
      for (const v of override ? [first, second] : [first, second]) {
        if (v === undefined) continue;
        if (v === null) return undefined;
        if (typeof v !== 'string') {
          failed ??= v;
          return '';
        }
        return v;
      }
      return undefined;
    };
    const expanded = expandDotenvValue(b.value, lookup);
    out.set(b.key, failed ? unknown(`${b.key} refers to a variable that is unknown: ${(failed as PyUnknown).reason}`) : expanded);
  }
  return out;
}

/** dotenv: load_dotenv, dotenv_values, find_dotenv, get_key, and django-dotenv's read_dotenv. */
export function dotenvModule(rt: Runtime): PyModule {
  const resolvePath = async (ctx: CallContext, p: PyValue | undefined): Promise<string | PyUnknown> => {
    if (!p || p.kind === 'none') return findDotenv(ctx, '.env', false);
    if (p.kind === 'unknown') return p;
    const s = fspathOf(p);
    if (s === null) return unknown('a .env path that is not a path', ctx.range);
    return s ? abs(rt, s) : '';
  };
  return mod('dotenv', {
    load_dotenv: builtin('load_dotenv', async (ctx, args, kwargs) => {
      const [p, stream, , override, interpolate] = bindArgs(ctx, 'load_dotenv', args, kwargs, ['dotenv_path', 'stream', 'verbose', 'override', 'interpolate', 'encoding']);
      if (stream && stream.kind !== 'none') {
        rt.envAllUnknown ??= 'load_dotenv(stream=…)';
        return unknown('load_dotenv(stream=…) is not evaluated', ctx.range);
      }
      const path = await resolvePath(ctx, p);
      if (typeof path !== 'string') {
        rt.envAllUnknown ??= `load_dotenv() of a file that is not known (${path.reason})`;
        return unknown(path.reason, ctx.range);
      }
      const ov = override ? truthy(override) : false;
      if (typeof ov !== 'boolean') {
        rt.envAllUnknown ??= 'load_dotenv(override=…) with an unknown flag';
        return ov;
      }
      const why = path ? await rt.refusal(path) : undefined;
      if (why) {
        rt.envAllUnknown ??= `load_dotenv() of ${refusedReason(path, why)}`;
        return unknown(refusedReason(path, why), ctx.range);
      }
      const values = path ? await dotenvValues(ctx, path, ov, !interpolate || truthy(interpolate) !== false) : null;
      if (!values || !values.size) return FALSE;
      for (const [k, v] of values) {
        if (v === null) continue;
        if (ov) rt.envSet(k, v);
        else rt.envSetDefault(k, v);
      }
      return TRUE;
    }),
    find_dotenv: builtin('find_dotenv', async (ctx, args, kwargs) => {
      const [fname, raiseIf, usecwd] = bindArgs(ctx, 'find_dotenv', args, kwargs, ['filename', 'raise_error_if_not_found', 'usecwd']);
      const u = firstUnknown(fname, raiseIf, usecwd);
      if (u) return u;
      const found = await findDotenv(ctx, fname ? needStr(ctx, fname, 'filename') : '.env', !!usecwd && truthy(usecwd) === true);
      if (!found && raiseIf && truthy(raiseIf) === true) return rt.raise('OSError', 'File not found');
      return strValue(found);
    }),
    dotenv_values: builtin('dotenv_values', async (ctx, args, kwargs) => {
      const [p, stream, , interpolate] = bindArgs(ctx, 'dotenv_values', args, kwargs, ['dotenv_path', 'stream', 'verbose', 'interpolate', 'encoding']);
      if (stream && stream.kind !== 'none') return unknown('dotenv_values(stream=…) is not evaluated', ctx.range);
      const path = await resolvePath(ctx, p);
      if (typeof path !== 'string') return unknown(path.reason, ctx.range);
      const values = path ? await dotenvValues(ctx, path, true, !interpolate || truthy(interpolate) !== false) : null;
      return dictFromEntries([...(values ?? new Map())].map(([k, v]) => [k, v === null ? NONE : typeof v === 'string' ? strValue(v) : v]));
    }),
    get_key: builtin('get_key', async (ctx, args) => {
      const path = await resolvePath(ctx, args[0]);
      if (typeof path !== 'string') return path;
      const key = args[1] && args[1].kind === 'str' ? args[1].value : null;
      if (key === null) return unknown('get_key of an unknown key', ctx.range);
      const values = path ? await dotenvValues(ctx, path, true, true) : null;
      const v = values?.get(key);
      return v === undefined || v === null ? NONE : typeof v === 'string' ? strValue(v) : v;
    }),
    // django-dotenv installs a different package under the same import name.
    read_dotenv: builtin('read_dotenv', (ctx) => {
      rt.envAllUnknown ??= 'dotenv.read_dotenv() (django-dotenv), which is not evaluated';
      return unknown('dotenv.read_dotenv() (django-dotenv) is not evaluated', ctx.range);
    }),
  });
}
