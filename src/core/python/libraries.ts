/**
 * Models of the third-party libraries settings use to read their environment: django-environ,
 * python-decouple, python-dotenv, django-split-settings, and the few Django helpers settings
 * call. Each follows the library's own rules (django-environ does not cast defaults, decouple
 * does; python-dotenv and django-environ parse .env files differently), and reads files only
 * through the interpreter (so they are recorded in filesRead).
 */
import { bindArgs, builtin, firstUnknown, needStr, withAttrs } from './builtins/args';
import { fspathOf } from './builtins/files';
import { BUILTINS } from './builtins/functions';
import { dictSet, iterate } from './containers';
import { expandDotenvValue, iniGet, parseDecoupleEnv, parseDotenv, parseEnvironFile, parseIni, type DecoupleEntry, type IniFile } from './envFiles';
import { EXC } from './exceptions';
import { ppAbspath, ppDirname, ppJoin } from './posixPath';
import { jsonLoads, STDLIB } from './stdlib';
import { pyEquals, truthy } from './valueOps';
import { pyToStr } from './valueText';
import {
  dictFromEntries,
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyList,
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

const bt = (name: string): PyBuiltin => BUILTINS.get(name) as PyBuiltin;
const isType = (v: PyValue | undefined, name: string): boolean => !!v && v.kind === 'builtin' && v.typeName === name;

/** The folder of the module whose code made the call (library "caller path" magic). */
function callerDir(ctx: CallContext): string {
  return ppDirname(ctx.frame.module.file);
}

function abs(rt: Runtime, p: string): string {
  return ppAbspath(p, rt.host.cwd);
}

// ------------------------------------------------------------------ django-environ

const NOTSET: PyObject = { kind: 'object', type: { name: 'environ.NoValue' }, data: null };

interface EnvData {
  scheme: Map<string, PyValue>;
}

const TRUE_STRINGS = ['true', 'on', 'ok', 'y', 'yes', '1'];

/** Env.parse_value */
async function environParse(ctx: CallContext, value: PyValue, cast: PyValue | null): Promise<PyValue> {
  if (!cast || cast.kind === 'none') return value;
  if (value.kind === 'unknown') return value;
  const rt = ctx.rt;
  const strValue = (): string => {
    if (value.kind !== 'str') return rt.raise('AttributeError', `'${typeName(value)}' object has no attribute 'split'`);
    return value.value;
  };
  if (isType(cast, 'bool')) {
    const asInt = await tryCall(ctx, bt('int'), value);
    if (asInt) return pyBool(asInt.kind === 'int' ? asInt.value !== 0 : false);
    if (value.kind !== 'str') return rt.raise('AttributeError', `'${typeName(value)}' object has no attribute 'lower'`);
    const lower = value.value.toLowerCase();
    // Newer releases strip whitespace before comparing; 0.4 did not.
    if (TRUE_STRINGS.includes(lower.trim()) !== TRUE_STRINGS.includes(lower)) {
      return unknown(`how django-environ reads ${JSON.stringify(value.value)} as a bool depends on its version`, ctx.range);
    }
    return pyBool(TRUE_STRINGS.includes(lower));
  }
  if (cast.kind === 'list' || cast.kind === 'tuple') {
    const inner = cast.items[0];
    let parts: string[];
    if (cast.kind === 'list') parts = strValue().split(',');
    else parts = stripChar(stripChar(strValue(), '('), ')').split(',');
    const out: PyValue[] = [];
    for (const p of parts.filter((x) => x)) out.push(inner ? await rt.callValue(inner, [pyStr(p)], null, ctx.frame, null) : pyStr(p));
    return cast.kind === 'list' ? pyList(out) : pyTuple(out);
  }
  if (cast.kind === 'dict') return unknown('django-environ dict casts with per-key rules are not evaluated', ctx.range);
  if (isType(cast, 'dict')) {
    const d: PyDict = { kind: 'dict', entries: new Map() };
    for (const item of strValue().split(',').filter((x) => x)) {
      const i = item.indexOf('=');
      if (i < 0) return rt.raise('ValueError', 'dictionary update sequence element has length 1; 2 is required');
      if (item.indexOf('=', i + 1) >= 0) return unknown(`how django-environ splits ${JSON.stringify(item)} depends on its version`, ctx.range);
      dictSet(d, pyStr(item.slice(0, i)), pyStr(item.slice(i + 1)));
    }
    return d;
  }
  if (isType(cast, 'list')) return pyList(strValue().split(',').filter((x) => x).map(pyStr));
  if (isType(cast, 'tuple')) return pyTuple(stripChar(stripChar(strValue(), '('), ')').split(',').filter((x) => x).map(pyStr));
  if (isType(cast, 'float')) {
    const s = strValue();
    // django-environ drops every character but digits, "," and "." ("-" too before 0.5), then
    // treats the last separator as the decimal point.
    if (s.includes('-')) return unknown(`how django-environ reads ${JSON.stringify(s)} as a float depends on its version`, ctx.range);
    const parts = s.replace(/[^\d,.]/g, '').split(/[,.]/);
    const cleaned = parts.length === 1 ? parts[0] : parts.slice(0, -1).join('') + '.' + parts[parts.length - 1];
    return rt.callValue(bt('float'), [pyStr(cleaned)], null, ctx.frame, null);
  }
  return rt.callValue(cast, [value], null, ctx.frame, null);
}

function stripChar(s: string, c: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === c) a++;
  while (b > a && s[b - 1] === c) b--;
  return s.slice(a, b);
}

async function tryCall(ctx: CallContext, f: PyValue, v: PyValue): Promise<PyValue | null> {
  try {
    return await ctx.rt.callValue(f, [v], null, ctx.frame, null);
  } catch (e) {
    if ((e as { cls?: { name?: string } })?.cls?.name === 'ValueError' || (e as { cls?: { name?: string } })?.cls?.name === 'TypeError') return null;
    throw e;
  }
}

/** Env.get_value */
async function environGet(ctx: CallContext, env: EnvData, varName: PyValue, castIn: PyValue | null, defaultIn: PyValue, parseDefault: boolean, depth = 0): Promise<PyValue> {
  const rt = ctx.rt;
  if (varName.kind === 'unknown') return varName;
  const name = needStr(ctx, varName, 'var');
  let cast: PyValue | null = castIn && castIn.kind !== 'none' ? castIn : null;
  let dflt = defaultIn;
  const info = env.scheme.get(name);
  if (info) {
    if (info.kind === 'tuple' && info.items.length === 2) {
      cast ??= info.items[0];
      if (dflt === NOTSET) dflt = info.items[1];
    } else cast ??= info;
  }
  let value: PyValue;
  const raw = rt.envGet(name);
  if (raw === undefined) {
    if (dflt === NOTSET) return rt.raise('ImproperlyConfigured', `Set the ${name} environment variable`);
    if (dflt.kind === 'function' || dflt.kind === 'builtin') return unknown('a callable default is handled differently by django-environ versions', ctx.range);
    value = dflt;
  } else if (typeof raw !== 'string') {
    if (dflt === NOTSET) await rt.maybeRaise('ImproperlyConfigured', `environment variable ${name} is not set`);
    return unknown(`environment variable ${name} is unknown: ${raw.reason}`, ctx.range);
  } else value = pyStr(raw);
  // "$OTHER" proxies another variable.
  if (value.kind === 'str' && value.value.startsWith('$')) {
    if (depth > 10) return unknown('django-environ proxy variables nest too deeply', ctx.range);
    return environGet(ctx, env, pyStr(stripChar(value.value, '$')), cast, dflt, parseDefault, depth + 1);
  }
  let smart = false;
  if (!cast && dflt !== NOTSET && dflt.kind !== 'none' && dflt.kind !== 'function' && dflt.kind !== 'builtin') {
    // smart_cast (django-environ >= 0.5): the type of the default.
    smart = true;
    const t = dflt.kind === 'path' ? null : bt(typeName(dflt));
    if (t) cast = t;
    else if (dflt.kind === 'path') cast = builtin('PosixPath', (_c, args) => (args[0] && args[0].kind === 'str' ? { kind: 'path', value: args[0].value, pure: false } : unknown('path cast')));
    else return unknown(`django-environ casts to the type of a ${typeName(dflt)} default, which is not evaluated`, ctx.range);
  }
  if (dflt.kind === 'none' && value.kind === 'str' && value.value === '') {
    return unknown(`${name} is set to "" with a None default: django-environ versions differ (None or "")`, ctx.range);
  }
  const differs = pyEquals(value, dflt);
  if (typeof differs !== 'boolean') return differs;
  if (!differs || (parseDefault && value.kind !== 'none')) {
    const parsed = await environParse(ctx, value, cast);
    if (smart && parsed.kind !== 'unknown' && pyEquals(parsed, value) !== true) {
      // Before 0.5 there was no smart cast: the raw string came back.
      return unknown(`${name}: django-environ >= 0.5 returns ${String(pyToStr(parsed))} (cast like the default), older releases return the string ${JSON.stringify(pyToStr(value))}`, ctx.range);
    }
    return parsed;
  }
  return value;
}

function envMethod(rt: Runtime, self: PyObject, name: string): PyBuiltin | undefined {
  const env = self.data as EnvData;
  const m = (impl: BuiltinImpl): PyBuiltin => ({ kind: 'builtin', name, impl, self });
  const typed = (cast: PyValue | null) =>
    m(async (c, args, kwargs) => {
      const [, v, d] = bindArgs(c, name, args, kwargs, ['self', 'var', 'default', 'multiline', 'choices'], 2);
      const r = await environGet(c, env, v as PyValue, cast, d ?? NOTSET, false);
      if (name === 'str' && kwargs?.get('multiline') && truthy(kwargs.get('multiline') as PyValue) === true && r.kind === 'str') {
        return pyStr(r.value.replace(/(\\r)?\\n/g, '\n'));
      }
      return r;
    });
  switch (name) {
    case 'str':
      return typed(bt('str'));
    case 'bool':
      return typed(bt('bool'));
    case 'int':
      return typed(bt('int'));
    case 'float':
      return typed(bt('float'));
    case 'json':
      return typed(builtin('json.loads', (c, a) => jsonLoadsValue(c, a[0])));
    case 'list':
    case 'tuple':
      return m(async (c, args, kwargs) => {
        const [, v, cast, d] = bindArgs(c, name, args, kwargs, ['self', 'var', 'cast', 'default'], 2);
        const container = cast && cast.kind !== 'none' ? (name === 'list' ? pyList([cast]) : pyTuple([cast])) : bt(name);
        return environGet(c, env, v as PyValue, container, d ?? NOTSET, false);
      });
    case 'dict':
      return m(async (c, args, kwargs) => {
        const [, v, cast, d] = bindArgs(c, name, args, kwargs, ['self', 'var', 'cast', 'default'], 2);
        return environGet(c, env, v as PyValue, cast ?? bt('dict'), d ?? NOTSET, false);
      });
    case 'path':
      return m(async (c, args, kwargs) => {
        const rest = new Map(kwargs ?? []);
        const kwDefault = rest.get('default');
        rest.delete('default');
        const [, v, d] = bindArgs(c, name, args.slice(0, 3), kwDefault ? new Map([['default', kwDefault]]) : null, ['self', 'var', 'default'], 2);
        const r = await environGet(c, env, v as PyValue, null, d ?? NOTSET, false);
        if (r.kind === 'unknown') return r;
        return makeEnvironPath(c, [r], rest.size ? rest : null);
      });
    case 'url':
    case 'db_url':
    case 'db':
    case 'cache_url':
    case 'cache':
    case 'email_url':
    case 'email':
    case 'search_url':
    case 'channels_url':
    case 'channels':
    case 'bytes':
      return m((c) => unknown(`env.${name}() is not evaluated`, c.range));
    case 'get_value':
      return m(async (c, args, kwargs) => {
        const [, v, cast, d, pd] = bindArgs(c, name, args, kwargs, ['self', 'var', 'cast', 'default', 'parse_default'], 2);
        return environGet(c, env, v as PyValue, cast ?? null, d ?? NOTSET, !!pd && truthy(pd) === true);
      });
    case 'read_env':
      return readEnvBuiltin(rt);
  }
  return undefined;
}

async function jsonLoadsValue(c: CallContext, v: PyValue | undefined): Promise<PyValue> {
  if (!v || v.kind === 'unknown') return v ?? NONE;
  const r = jsonLoads(needStr(c, v, 'json'));
  if ('message' in r) return c.rt.raise('JSONDecodeError', (r as { message: string }).message);
  return r as PyValue;
}

const ENV_TYPE: ObjectType = {
  name: 'environ.Env',
  async call(self, ctx, args, kwargs) {
    const [v, cast, d, pd] = bindArgs(ctx, 'Env', args, kwargs, ['var', 'cast', 'default', 'parse_default'], 1);
    return environGet(ctx, self.data as EnvData, v as PyValue, cast ?? null, d ?? NOTSET, !!pd && truthy(pd) === true);
  },
  getattr(self, name, ctx) {
    if (name === 'NOTSET') return NOTSET;
    if (name === 'ENVIRON') return (ctx.rt.modelledModule('os') as PyModule).attrs?.get('environ');
    return envMethod(ctx.rt, self, name);
  },
  contains(_self, item, ctx) {
    if (item.kind !== 'str') return item.kind === 'unknown' ? item : FALSE;
    const v = ctx.rt.envGet(item.value);
    return v === undefined ? FALSE : typeof v === 'string' ? TRUE : v;
  },
};

function readEnvBuiltin(rt: Runtime): PyBuiltin {
  return builtin('read_env', async (ctx, args, kwargs) => {
    // Works as Env.read_env(path) and env.read_env(path): drop a bound receiver.
    const a = args[0] && args[0].kind === 'object' && args[0].type === ENV_TYPE ? args.slice(1) : args;
    const overrides = new Map<string, PyValue>();
    let envFile: PyValue | undefined = a[0];
    let overwrite: PyValue | undefined = a[1];
    let parseComments: PyValue | undefined = a[2];
    for (const [k, v] of kwargs ?? []) {
      if (k === 'env_file') envFile = v;
      else if (k === 'overwrite') overwrite = v;
      else if (k === 'parse_comments') parseComments = v;
      else if (k !== 'encoding') overrides.set(k, v);
    }
    let path: string;
    if (!envFile || envFile.kind === 'none') {
      path = ppJoin(callerDir(ctx), '.env');
      if (!(await rt.exists(path))) return NONE;
    } else {
      if (envFile.kind === 'unknown') {
        rt.envAllUnknown ??= `Env.read_env() of a file that is not known (${envFile.reason})`;
        return NONE;
      }
      const p = fspathOf(envFile);
      if (p === null) return unknown('Env.read_env() of a stream is not evaluated', ctx.range);
      path = abs(rt, p);
    }
    const text = await rt.readText(path);
    if (text === undefined) return NONE;
    const doOverwrite = overwrite ? truthy(overwrite) : false;
    if (typeof doOverwrite !== 'boolean') {
      rt.envAllUnknown ??= `Env.read_env(overwrite=…) with an unknown flag`;
      return NONE;
    }
    const values = new Map<string, string | PyUnknown>();
    for (const [k, v] of overrides) {
      const s = v.kind === 'unknown' ? v : pyToStr(v);
      values.set(k, s);
    }
    for (const e of parseEnvironFile(text, !!parseComments && truthy(parseComments) === true)) {
      values.set(e.key, e.versionDependent ? unknown(`the value of ${e.key} in ${path} depends on the django-environ version (${e.versionDependent})`) : e.value);
    }
    for (const [k, v] of values) {
      if (doOverwrite) rt.envSet(k, v);
      else rt.envSetDefault(k, v);
    }
    return NONE;
  });
}

// environ.Path ---------------------------------------------------------

function pathJoinAbs(rt: Runtime, base: string, parts: string[]): string {
  return abs(rt, ppJoin(base, ...parts));
}

async function makeEnvironPath(ctx: CallContext, args: PyValue[], kwargs: Kw): Promise<PyValue> {
  const rt = ctx.rt;
  const parts: string[] = [];
  for (const a of args) {
    if (a.kind === 'unknown') return a;
    const s = fspathOf(a);
    if (s === null) return rt.raise('TypeError', `expected str, bytes or os.PathLike object, not ${typeName(a)}`);
    parts.push(s);
  }
  let start = parts[0] ?? '';
  const isFile = kwargs?.get('is_file');
  if (isFile && truthy(isFile) === true) start = ppDirname(start);
  const root = pathJoinAbs(rt, start, parts.slice(1));
  const required = kwargs?.get('required');
  if (required && truthy(required) === true && !(await rt.exists(root))) return rt.raise('ImproperlyConfigured', `Create required path: ${root}`);
  return { kind: 'object', type: ENV_PATH_TYPE, data: root };
}

const ENV_PATH_TYPE: ObjectType = {
  name: 'environ.Path',
  async call(self, ctx, args, kwargs) {
    const parts: string[] = [];
    for (const a of args) {
      if (a.kind === 'unknown') return a;
      const s = fspathOf(a);
      if (s === null) return ctx.rt.raise('TypeError', `expected str, bytes or os.PathLike object, not ${typeName(a)}`);
      parts.push(s);
    }
    const p = pathJoinAbs(ctx.rt, self.data as string, parts);
    const required = kwargs?.get('required');
    if (required && truthy(required) === true && !(await ctx.rt.exists(p))) return ctx.rt.raise('ImproperlyConfigured', `Create required path: ${p}`);
    return pyStr(p);
  },
  getattr(self, name) {
    const root = self.data as string;
    if (name === 'root') return pyStr(root);
    if (name === 'path') return { kind: 'builtin', name, impl: (c, args, kwargs) => makeEnvironPath(c, [pyStr(root), ...args.slice(1)], kwargs), self };
    if (name === 'file') return unknown('environ.Path.file() opens a file at runtime');
    if (name === 'find' || name === 'rfind') {
      return { kind: 'builtin', name, impl: (c, args) => c.rt.callValue(c.rt.getAttr(pyStr(root), name, c.frame, null), args.slice(1), null, c.frame, null), self };
    }
    return undefined;
  },
  getitem(self, key, ctx) {
    return ctx.rt.getItem(pyStr(self.data as string), key, ctx.frame, null);
  },
  str: (self) => self.data as string,
  fspath: (self) => self.data as string,
  equals(self, other) {
    if (other.kind === 'object' && other.type === ENV_PATH_TYPE) return self.data === other.data;
    // Comparing with a str raises AttributeError before django-environ 0.5.
    return unknown('comparing an environ.Path with another type depends on the django-environ version');
  },
  binop(self, op, other, reflected, ctx) {
    const root = self.data as string;
    if (reflected) return undefined;
    if (op === '-') {
      if (other.kind === 'int') return { kind: 'object', type: ENV_PATH_TYPE, data: pathJoinAbs(ctx.rt, root, ['../'.repeat(other.value)]) };
      if (other.kind === 'str' && root.endsWith(other.value)) {
        // environ.Path uses str.rstrip here, which strips a set of characters.
        let end = root.length;
        while (end > 0 && other.value.includes(root[end - 1])) end--;
        return { kind: 'object', type: ENV_PATH_TYPE, data: pathJoinAbs(ctx.rt, root.slice(0, end), []) };
      }
      return ctx.rt.raise('TypeError', `unsupported operand type(s) for -: 'Path' and '${typeName(other)}'`);
    }
    if (op === '+') {
      const s = other.kind === 'object' && other.type === ENV_PATH_TYPE ? (other.data as string) : fspathOf(other);
      if (s === null) return undefined;
      return { kind: 'object', type: ENV_PATH_TYPE, data: pathJoinAbs(ctx.rt, root, [s]) };
    }
    return undefined;
  },
  contains(self, item) {
    if (!(item.kind === 'object' && item.type === ENV_PATH_TYPE)) return unknown('environ.Path membership of a non-Path');
    const base = (self.data as string).length > 1 ? (self.data as string).replace(/\/?$/, '/') : (self.data as string);
    return pyBool((item.data as string).startsWith(base));
  },
  toJson: (self) => ({ known: true, value: self.data as string }),
};

function environModule(rt: Runtime): PyModule {
  const Env = withAttrs(
    builtin('Env', (_ctx, args, kwargs) => {
      const scheme = new Map<string, PyValue>(kwargs ?? []);
      void args;
      return { kind: 'object', type: ENV_TYPE, data: { scheme } as EnvData };
    }),
    { read_env: readEnvBuiltin(rt), NOTSET },
  );
  return mod('environ', {
    Env,
    FileAwareEnv: Env,
    Path: builtin('Path', (ctx, args, kwargs) => makeEnvironPath(ctx, args.length ? args : [pyStr('')], kwargs)),
    ImproperlyConfigured: EXC.ImproperlyConfigured,
    NoValue: NOTSET,
  });
}

// ------------------------------------------------------------------ python-decouple

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
  if (typeof fromEnv === 'string') value = pyStr(fromEnv);
  else if (fromEnv !== undefined) return unknown(`environment variable ${option} is unknown: ${fromEnv.reason}`, ctx.range);
  else {
    const fromRepo = repoLookup(repo, option);
    if (typeof fromRepo === 'string') value = pyStr(fromRepo);
    else if (fromRepo) return unknown(fromRepo.reason, ctx.range);
    else {
      if (!dflt || dflt === UNDEFINED) return rt.raise('UndefinedValueError', `${option} not found. Declare it as envvar or define a default value.`);
      value = dflt;
    }
  }
  if (!cast || cast === UNDEFINED) return value;
  if (value.kind === 'unknown') return value;
  if (isType(cast, 'bool')) {
    const s = pyToStr(value);
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
      out.push(await ctx.rt.callValue(d.cast, [pyStr(stripped)], null, ctx.frame, null));
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
    return ctx.rt.raise('ValueError', `Value not in list: ${String(pyToStr(v))}`);
  },
};

function decoupleModule(rt: Runtime): PyModule {
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

// ------------------------------------------------------------------ python-dotenv

async function findDotenv(ctx: CallContext, filename: string, usecwd: boolean): Promise<string> {
  const rt = ctx.rt;
  let dir = usecwd ? rt.host.cwd : callerDir(ctx);
  for (let guard = 0; guard < 200; guard++) {
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

function dotenvModule(rt: Runtime): PyModule {
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
      return pyStr(found);
    }),
    dotenv_values: builtin('dotenv_values', async (ctx, args, kwargs) => {
      const [p, stream, , interpolate] = bindArgs(ctx, 'dotenv_values', args, kwargs, ['dotenv_path', 'stream', 'verbose', 'interpolate', 'encoding']);
      if (stream && stream.kind !== 'none') return unknown('dotenv_values(stream=…) is not evaluated', ctx.range);
      const path = await resolvePath(ctx, p);
      if (typeof path !== 'string') return unknown(path.reason, ctx.range);
      const values = path ? await dotenvValues(ctx, path, true, !interpolate || truthy(interpolate) !== false) : null;
      return dictFromEntries([...(values ?? new Map())].map(([k, v]) => [k, v === null ? NONE : typeof v === 'string' ? pyStr(v) : v]));
    }),
    get_key: builtin('get_key', async (ctx, args) => {
      const path = await resolvePath(ctx, args[0]);
      if (typeof path !== 'string') return path;
      const key = args[1] && args[1].kind === 'str' ? args[1].value : null;
      if (key === null) return unknown('get_key of an unknown key', ctx.range);
      const values = path ? await dotenvValues(ctx, path, true, true) : null;
      const v = values?.get(key);
      return v === undefined || v === null ? NONE : typeof v === 'string' ? pyStr(v) : v;
    }),
    // django-dotenv installs a different package under the same import name.
    read_dotenv: builtin('read_dotenv', (ctx) => {
      rt.envAllUnknown ??= 'dotenv.read_dotenv() (django-dotenv), which is not evaluated';
      return unknown('dotenv.read_dotenv() (django-dotenv) is not evaluated', ctx.range);
    }),
  });
}

// ------------------------------------------------------------------ django-split-settings

const OPTIONAL_TYPE: ObjectType = { name: 'split_settings.optional', str: (self) => self.data as string };

function splitSettingsModule(rt: Runtime): PyModule {
  return mod('split_settings.tools', {
    optional: builtin('optional', (ctx, args) => {
      const v = args[0];
      if (!v || v.kind !== 'str') return unknown('optional() of an unknown file name', ctx.range);
      return { kind: 'object', type: OPTIONAL_TYPE, data: v.value };
    }),
    include: builtin('include', async (ctx, args, kwargs) => {
      const scope = kwargs?.get('scope');
      if (scope && !(scope.kind === 'object' && scope.type.name === 'namespace')) {
        rt.opaqueWrite(ctx.frame, ctx.range, 'include(…, scope=…) into a namespace that is not known');
        return NONE;
      }
      const base = callerDir(ctx);
      for (const a of args) {
        const optional = a.kind === 'object' && a.type === OPTIONAL_TYPE;
        const pattern = optional ? (a.data as string) : a.kind === 'str' ? a.value : null;
        if (pattern === null) {
          rt.opaqueWrite(ctx.frame, ctx.range, 'include() of a file that is not known');
          continue;
        }
        const full = ppJoin(base, pattern);
        const files = await globFiles(rt, full);
        if (files === null) {
          rt.opaqueWrite(ctx.frame, ctx.range, `include(${JSON.stringify(pattern)}) with a pattern that is not evaluated`);
          continue;
        }
        if (!files.length && !optional) return rt.raise('OSError', `No such file: ${full}`);
        for (const f of files) await rt.includeFile(f, ctx.frame);
      }
      return NONE;
    }),
  });
}

/** Files matching a split-settings pattern (only "*" in the last component is supported). */
async function globFiles(rt: Runtime, pattern: string): Promise<string[] | null> {
  if (!/[*?[]/.test(pattern)) return (await rt.exists(pattern, 'file')) ? [pattern] : [];
  const dir = ppDirname(pattern);
  const namePattern = pattern.slice(dir.length + 1);
  if (/[*?[]/.test(dir) || /[?[]/.test(namePattern)) return null;
  let entries;
  try {
    entries = await rt.host.fs.readDirectory(dir);
  } catch {
    return [];
  }
  rt.filesRead.add(dir);
  const re = new RegExp('^' + namePattern.split('*').map((s) => s.replace(/[.+^${}()|\\]/g, '\\$&')).join('[^/]*') + '$');
  return entries
    .filter((e) => e.type === 'file' && re.test(e.name) && !(namePattern.startsWith('*') && e.name.startsWith('.')))
    .map((e) => ppJoin(dir, e.name))
    .sort();
}

// ------------------------------------------------------------------ django

function djangoModule(name: string): PyModule | undefined {
  const returnsArg = (n: string, index: number): PyBuiltin => builtin(n, (_c, args) => args[index] ?? NONE);
  switch (name) {
    case 'django.utils.translation':
      return mod(name, {
        gettext_lazy: returnsArg('gettext_lazy', 0),
        gettext: returnsArg('gettext', 0),
        ugettext_lazy: returnsArg('ugettext_lazy', 0),
        ugettext: returnsArg('ugettext', 0),
        gettext_noop: returnsArg('gettext_noop', 0),
        ugettext_noop: returnsArg('ugettext_noop', 0),
        pgettext_lazy: returnsArg('pgettext_lazy', 1),
        pgettext: returnsArg('pgettext', 1),
        ngettext: builtin('ngettext', (c) => unknown('ngettext() depends on a count', c.range)),
        ngettext_lazy: builtin('ngettext_lazy', (c) => unknown('ngettext_lazy() depends on a count', c.range)),
      });
    case 'django.core.management.utils':
      return mod(name, {
        get_random_secret_key: builtin('get_random_secret_key', (c) => unknown('get_random_secret_key() returns a new random key at runtime', c.range)),
      });
    case 'django.core.exceptions':
      return mod(name, { ImproperlyConfigured: EXC.ImproperlyConfigured }, (n) => (n.endsWith('Error') || n.startsWith('Suspicious') || n.endsWith('Exception') ? { ...EXC.Exception, name: n, bases: [EXC.Exception], mro: [n, ...EXC.Exception.mro] } : undefined));
    case 'django.conf':
      return mod(name, {
        settings: unknown('django.conf.settings is not available while settings are evaluated', undefined, 'django.conf.settings'),
      });
  }
  if (name === 'django' || name.startsWith('django.')) return { kind: 'module', name };
  return undefined;
}

/** Builds a modelled third-party module, or undefined. */
export function createLibraryModule(rt: Runtime, name: string): PyModule | undefined {
  switch (name) {
    case 'environ':
      return environModule(rt);
    case 'decouple':
      return decoupleModule(rt);
    case 'dotenv':
      return dotenvModule(rt);
    case 'split_settings':
      return mod('split_settings', {});
    case 'split_settings.tools':
      return splitSettingsModule(rt);
  }
  return djangoModule(name);
}

/** Modules whose import cannot fail in a Django project (stdlib, Django itself). */
export function alwaysImportable(top: string): boolean {
  return top === 'django' || STDLIB.has(top);
}
