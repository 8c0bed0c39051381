/**
 * django-environ: Env (with its casts and schemes), Env.read_env, environ.Path and the URL parsers
 * as unknown where they build dicts from a URL.
 */
import { bindArgs, builtin, needStr, withAttrs, type Kw } from '../builtins/args';
import { fspathOf } from '../builtins/files';
import { refusedReason } from '../confinement';
import { dictSet } from '../containers';
import { parseEnvironFile } from '../envFiles';
import { EXC } from '../exceptions';
import { ppDirname, ppJoin } from '../posixPath';
import { jsonLoads } from '../stdlib/json';
import { mod } from '../stdlib/shared';
import { pyEquals, truthy } from '../valueOps';
import { strOf } from '../valueText';
import {
  FALSE,
  NONE,
  pyBool,
  pyList,
  pyTuple,
  strValue,
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
} from '../values';
import { abs, bt, callerDir, isType } from './shared';

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
  const splittable = (): string => {
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
    if (cast.kind === 'list') parts = splittable().split(',');
    else parts = stripChar(stripChar(splittable(), '('), ')').split(',');
    const out: PyValue[] = [];
    for (const p of parts.filter((x) => x)) out.push(inner ? await rt.callValue(inner, [strValue(p)], null, ctx.frame, null) : strValue(p));
    return cast.kind === 'list' ? pyList(out) : pyTuple(out);
  }
  if (cast.kind === 'dict') return unknown('django-environ dict casts with per-key rules are not evaluated', ctx.range);
  if (isType(cast, 'dict')) {
    const d: PyDict = { kind: 'dict', entries: new Map() };
    for (const item of splittable().split(',').filter((x) => x)) {
      const i = item.indexOf('=');
      if (i < 0) return rt.raise('ValueError', 'dictionary update sequence element has length 1; 2 is required');
      if (item.indexOf('=', i + 1) >= 0) return unknown(`how django-environ splits ${JSON.stringify(item)} depends on its version`, ctx.range);
      dictSet(d, strValue(item.slice(0, i)), strValue(item.slice(i + 1)));
    }
    return d;
  }
  if (isType(cast, 'list')) return pyList(splittable().split(',').filter((x) => x).map(strValue));
  if (isType(cast, 'tuple')) return pyTuple(stripChar(stripChar(splittable(), '('), ')').split(',').filter((x) => x).map(strValue));
  if (isType(cast, 'float')) {
    const s = splittable();
    // django-environ drops every character but digits, "," and "." ("-" too before 0.5), then
    // treats the last separator as the decimal point.
    if (s.includes('-')) return unknown(`how django-environ reads ${JSON.stringify(s)} as a float depends on its version`, ctx.range);
    const parts = s.replace(/[^\d,.]/g, '').split(/[,.]/);
    const cleaned = parts.length === 1 ? parts[0] : parts.slice(0, -1).join('') + '.' + parts[parts.length - 1];
    return rt.callValue(bt('float'), [strValue(cleaned)], null, ctx.frame, null);
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
  } else value = strValue(raw);
  // "$OTHER" proxies another variable.
  if (value.kind === 'str' && value.value.startsWith('$')) {
    if (depth > 10) return unknown('django-environ proxy variables nest too deeply', ctx.range);
    return environGet(ctx, env, strValue(stripChar(value.value, '$')), cast, dflt, parseDefault, depth + 1);
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
      return unknown(`${name}: django-environ >= 0.5 returns ${String(strOf(parsed))} (cast like the default), older releases return the string ${JSON.stringify(strOf(value))}`, ctx.range);
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
        return strValue(r.value.replace(/(\\r)?\\n/g, '\n'));
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
    const why = await rt.refusal(path);
    if (why) {
      rt.envAllUnknown ??= `Env.read_env() of ${refusedReason(path, why)}`;
      return unknown(refusedReason(path, why), ctx.range);
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
      const s = v.kind === 'unknown' ? v : strOf(v);
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
    return strValue(p);
  },
  getattr(self, name) {
    const root = self.data as string;
    if (name === 'root') return strValue(root);
    if (name === 'path') return { kind: 'builtin', name, impl: (c, args, kwargs) => makeEnvironPath(c, [strValue(root), ...args.slice(1)], kwargs), self };
    if (name === 'file') return unknown('environ.Path.file() opens a file at runtime');
    if (name === 'find' || name === 'rfind') {
      return { kind: 'builtin', name, impl: (c, args) => c.rt.callValue(c.rt.getAttr(strValue(root), name, c.frame, null), args.slice(1), null, c.frame, null), self };
    }
    return undefined;
  },
  getitem(self, key, ctx) {
    return ctx.rt.getItem(strValue(self.data as string), key, ctx.frame, null);
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

/** environ: Env (and FileAwareEnv), Path, ImproperlyConfigured and NoValue. */
export function environModule(rt: Runtime): PyModule {
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
    Path: builtin('Path', (ctx, args, kwargs) => makeEnvironPath(ctx, args.length ? args : [strValue('')], kwargs)),
    ImproperlyConfigured: EXC.ImproperlyConfigured,
    NoValue: NOTSET,
  });
}
