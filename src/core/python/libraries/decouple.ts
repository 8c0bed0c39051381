/**
 * python-decouple: config() reading settings.ini or .env (found upwards from the caller, like
 * decouple's AutoConfig), Csv, Choices and the cast rules, which also cast defaults.
 */
import { bindArgs, builtin, firstUnknown, needStr, type Kw } from '../builtins/args';
import { fspathOf } from '../builtins/files';
import { refusedReason } from '../confinement';
import { iterate } from '../containers';
import { iniGet, parseDecoupleEnv, parseIni, type DecoupleEntry, type IniFile } from '../envFiles';
import { EXC } from '../exceptions';
import { ppDirname, ppJoin } from '../posixPath';
import { mod } from '../stdlib/shared';
import { pyEquals } from '../valueOps';
import { strOf } from '../valueText';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyList,
  strValue,
  TRUE,
  unknown,
  type CallContext,
  type ObjectType,
  type PyModule,
  type PyObject,
  type PyUnknown,
  type PyValue,
  type Runtime,
} from '../values';
import { abs, bt, callerDir, isType } from './shared';

interface Repo {
  kind: 'env' | 'ini' | 'empty';
  path: string | null;
  env?: Map<string, DecoupleEntry>;
  ini?: IniFile;
  error?: string;
}

interface AutoConfigData {
  searchPath: string | null;
  repo: Repo | null;
  fixed: boolean;
}

const UNDEFINED: PyObject = { kind: 'object', type: { name: 'decouple.Undefined' }, data: null };

async function findDecoupleRepo(rt: Runtime, start: string): Promise<Repo> {
  let path = abs(rt, start);
  for (let guard = 0; guard < 200; guard++) {
    // The search stops where the project ends; a search that starts outside it is unknown.
    const why = await rt.refusal(path);
    if (why && guard === 0) return { kind: 'empty', path, error: refusedReason(path, why) };
    if (why) break;
    for (const name of ['settings.ini', '.env']) {
      const f = ppJoin(path, name);
      if (await rt.exists(f, 'file')) return loadRepo(rt, name === '.env' ? 'env' : 'ini', f);
    }
    const parent = ppDirname(path);
    if (!parent || parent === '/' || parent === path) break;
    path = parent;
  }
  return { kind: 'empty', path: null };
}

async function loadRepo(rt: Runtime, kind: 'env' | 'ini', file: string): Promise<Repo> {
  const text = await rt.readText(file);
  if (text === undefined) return { kind, path: file, error: `${file} cannot be read` };
  if (kind === 'env') return { kind, path: file, env: parseDecoupleEnv(text) };
  const ini = parseIni(text);
  if (ini.error) return { kind, path: file, error: `configparser would fail on ${file}: ${ini.error}` };
  return { kind, path: file, ini };
}

function repoLookup(repo: Repo, key: string): string | PyUnknown | undefined {
  if (repo.error) return unknown(repo.error);
  if (repo.kind === 'env') {
    const e = repo.env?.get(key);
    if (!e) return undefined;
    return e.versionDependent ? unknown(`the value of ${key} in ${repo.path} depends on the python-decouple version (quote handling)`) : e.value;
  }
  if (repo.kind === 'ini') {
    const r = iniGet(repo.ini as IniFile, 'settings', key);
    if (!r) return undefined;
    if ('error' in r) return unknown(`configparser would raise for ${key}: ${r.error}`);
    return r.value;
  }
  return undefined;
}

const DECOUPLE_BOOLEANS: Record<string, boolean> = { '1': true, yes: true, true: true, on: true, '0': false, no: false, false: false, off: false, '': false };

async function decoupleGet(ctx: CallContext, repo: Repo, args: PyValue[], kwargs: Kw): Promise<PyValue> {
  const rt = ctx.rt;
  const [opt, dflt, cast] = bindArgs(ctx, 'config', args, kwargs, ['option', 'default', 'cast'], 1) as [PyValue, PyValue | undefined, PyValue | undefined];
  if (opt.kind === 'unknown') return opt;
  const option = needStr(ctx, opt, 'option');
  let value: PyValue;
  const fromEnv = rt.envGet(option);
  if (typeof fromEnv === 'string') value = strValue(fromEnv);
  else if (fromEnv !== undefined) return unknown(`environment variable ${option} is unknown: ${fromEnv.reason}`, ctx.range);
  else {
    const fromRepo = repoLookup(repo, option);
    if (typeof fromRepo === 'string') value = strValue(fromRepo);
    else if (fromRepo) return unknown(fromRepo.reason, ctx.range);
    else {
      if (!dflt || dflt === UNDEFINED) return rt.raise('UndefinedValueError', `${option} not found. Declare it as envvar or define a default value.`);
      value = dflt;
    }
  }
  if (!cast || cast === UNDEFINED) return value;
  if (value.kind === 'unknown') return value;
  if (isType(cast, 'bool')) {
    const s = strOf(value);
    if (typeof s !== 'string') return s;
    const key = s.toLowerCase();
    if (key in DECOUPLE_BOOLEANS) return pyBool(DECOUPLE_BOOLEANS[key]);
    // Newer releases also accept y/n/t/f.
    if (['y', 't', 'n', 'f'].includes(key)) return unknown(`whether python-decouple accepts ${JSON.stringify(s)} as a boolean depends on its version`, ctx.range);
    return rt.raise('ValueError', `Not a boolean: ${s}`);
  }
  return rt.callValue(cast, [value], null, ctx.frame, null);
}

const AUTOCONFIG_TYPE: ObjectType = {
  name: 'decouple.AutoConfig',
  async call(self, ctx, args, kwargs) {
    const d = self.data as AutoConfigData;
    if (!d.repo) d.repo = await findDecoupleRepo(ctx.rt, d.searchPath ?? callerDir(ctx));
    return decoupleGet(ctx, d.repo, args, kwargs);
  },
  getattr(self, name) {
    if (name === 'get' || name === '__call__') {
      return {
        kind: 'builtin',
        name,
        impl: (c, args, kwargs) => (AUTOCONFIG_TYPE.call as NonNullable<ObjectType['call']>)(self, c, args.slice(1), kwargs),
        self,
      };
    }
    return undefined;
  },
};

const REPO_TYPE: ObjectType = { name: 'decouple.Repository' };

const CSV_TYPE: ObjectType = {
  name: 'decouple.Csv',
  async call(self, ctx, args) {
    const d = self.data as { cast: PyValue; delimiter: string; strip: string | null; post: PyValue };
    const v = args[0] ?? NONE;
    if (v.kind === 'unknown') return v;
    if (v.kind === 'none') return ctx.rt.callValue(d.post, [], null, ctx.frame, null);
    const s = needStr(ctx, v, 'Csv value');
    // decouple splits with shlex: quotes, escapes and "#" comments change the result.
    if (/["'\\#]/.test(s)) return unknown(`Csv() of a value with quotes, backslashes or "#" (shlex rules) is not evaluated`, ctx.range);
    const tokens: string[] = [];
    let cur = '';
    for (const c of s) {
      if (d.delimiter.includes(c)) {
        if (cur) tokens.push(cur);
        cur = '';
      } else cur += c;
    }
    if (cur) tokens.push(cur);
    const out: PyValue[] = [];
    for (const t of tokens) {
      const stripped = d.strip === null ? t.trim() : stripSet(t, d.strip);
      out.push(await ctx.rt.callValue(d.cast, [strValue(stripped)], null, ctx.frame, null));
    }
    return ctx.rt.callValue(d.post, [pyList(out)], null, ctx.frame, null);
  },
};

function stripSet(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a])) a++;
  while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

const CHOICES_TYPE: ObjectType = {
  name: 'decouple.Choices',
  async call(self, ctx, args) {
    const d = self.data as { cast: PyValue; valid: PyValue[] };
    const v = await ctx.rt.callValue(d.cast, [args[0] ?? NONE], null, ctx.frame, null);
    if (v.kind === 'unknown') return v;
    for (const x of d.valid) {
      const eq = pyEquals(x, v);
      if (eq === true) return v;
      if (eq !== false) return eq;
    }
    return ctx.rt.raise('ValueError', `Value not in list: ${String(strOf(v))}`);
  },
};

/** decouple: config, AutoConfig, Config, RepositoryEnv/Ini, Csv, Choices, undefined. */
export function decoupleModule(rt: Runtime): PyModule {
  const shared: PyObject = { kind: 'object', type: AUTOCONFIG_TYPE, data: { searchPath: null, repo: null, fixed: false } as AutoConfigData };
  const repoCtor = (kind: 'env' | 'ini') =>
    builtin(kind === 'env' ? 'RepositoryEnv' : 'RepositoryIni', async (ctx, args) => {
      const p = args[0] ? fspathOf(args[0]) : null;
      if (p === null) return unknown('a decouple repository of an unknown file', ctx.range);
      const file = abs(rt, p);
      const repo = await loadRepo(rt, kind, file);
      if (!repo.error && !(await rt.exists(file, 'file'))) return rt.raise('FileNotFoundError', `[Errno 2] No such file or directory: '${p}'`);
      return { kind: 'object', type: REPO_TYPE, data: repo };
    });
  return mod('decouple', {
    config: shared,
    AutoConfig: builtin('AutoConfig', (ctx, args, kwargs) => {
      const [sp] = bindArgs(ctx, 'AutoConfig', args, kwargs, ['search_path']);
      if (sp && sp.kind === 'unknown') return unknown(`AutoConfig(search_path=…) with an unknown path: ${sp.reason}`, ctx.range);
      const p = sp && sp.kind !== 'none' ? fspathOf(sp) : null;
      return { kind: 'object', type: AUTOCONFIG_TYPE, data: { searchPath: p || null, repo: null, fixed: false } as AutoConfigData };
    }),
    Config: builtin('Config', (ctx, args) => {
      const r = args[0];
      if (!r || r.kind !== 'object' || r.type !== REPO_TYPE) return unknown('decouple.Config of a repository that is not known', ctx.range);
      return { kind: 'object', type: AUTOCONFIG_TYPE, data: { searchPath: null, repo: r.data as Repo, fixed: true } as AutoConfigData };
    }),
    RepositoryEnv: repoCtor('env'),
    RepositoryIni: repoCtor('ini'),
    RepositoryEmpty: builtin('RepositoryEmpty', () => ({ kind: 'object', type: REPO_TYPE, data: { kind: 'empty', path: null } as Repo })),
    Csv: builtin('Csv', (ctx, args, kwargs) => {
      const [cast, delim, strip, post] = bindArgs(ctx, 'Csv', args, kwargs, ['cast', 'delimiter', 'strip', 'post_process']);
      const u = firstUnknown(cast, delim, strip, post);
      if (u) return u;
      return {
        kind: 'object',
        type: CSV_TYPE,
        data: {
          cast: cast ?? bt('str'),
          delimiter: delim ? needStr(ctx, delim, 'delimiter') : ',',
          strip: strip ? needStr(ctx, strip, 'strip') : null,
          post: post ?? bt('list'),
        },
      };
    }),
    Choices: builtin('Choices', (ctx, args, kwargs) => {
      const [flat, cast, choices] = bindArgs(ctx, 'Choices', args, kwargs, ['flat', 'cast', 'choices']);
      const valid: PyValue[] = [];
      if (flat && flat.kind !== 'none') {
        const items = iterate(flat);
        if (isUnknown(items)) return items;
        valid.push(...items);
      }
      if (choices && choices.kind !== 'none') {
        const items = iterate(choices);
        if (isUnknown(items)) return items;
        for (const it of items) {
          const pair = iterate(it);
          if (isUnknown(pair)) return pair;
          valid.push(pair[0]);
        }
      }
      return { kind: 'object', type: CHOICES_TYPE, data: { cast: cast ?? bt('str'), valid } };
    }),
    UndefinedValueError: EXC.UndefinedValueError,
    undefined: UNDEFINED,
    Undefined: builtin('Undefined', () => UNDEFINED),
    strtobool: builtin('strtobool', (ctx, args) => {
      const v = args[0];
      if (!v || v.kind === 'unknown') return v ?? NONE;
      if (v.kind === 'bool') return v;
      const s = needStr(ctx, v, 'value').toLowerCase();
      if (['y', 'yes', 't', 'true', 'on', '1'].includes(s)) return TRUE;
      if (['n', 'no', 'f', 'false', 'off', '0'].includes(s)) return FALSE;
      return ctx.rt.raise('ValueError', `Invalid truth value: ${s}`);
    }),
  });
}
