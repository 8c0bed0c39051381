/**
 * django-configurations: settings are the upper-case attributes of the class named by
 * DJANGO_CONFIGURATION (a subclass of configurations.Configuration in the settings module),
 * copied onto the module after it is imported. `values.*Value(default)` attributes resolve from
 * the environment variable DJANGO_<NAME> (environ_prefix + the attribute name) with the library's
 * own conversions, else from their default. What the library does that is not modelled (setup
 * hooks, DOTENV files, URL values) makes the affected settings unknown.
 */
import { bindArgs, needStr } from '../builtins/args';
import { isProperty } from '../builtins/property';
import { PyException } from '../exceptions';
import { expanduser, mod } from '../stdlib/shared';
import { truthy } from '../valueOps';
import {
  FALSE,
  NONE,
  pyFloat,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  TRUE,
  unknown,
  type CallContext,
  type ClassMeta,
  type Frame,
  type ModuleState,
  type ObjectType,
  type PyClass,
  type PyModule,
  type PyValue,
  type Runtime,
} from '../values';
import { makeSet } from '../containers';

type ValueKind = 'Value' | 'BooleanValue' | 'IntegerValue' | 'PositiveIntegerValue' | 'FloatValue' | 'ListValue' | 'TupleValue' | 'SetValue' | 'PathValue' | 'SecretValue';

interface ValueData {
  kind: ValueKind | string;
  default: PyValue;
  environ: boolean;
  environName: string | null;
  environPrefix: string | null;
  environRequired: boolean;
  separator: string;
  checkExists: boolean;
  /** Set for Value types this model does not convert (DatabaseURLValue …). */
  unsupported: boolean;
}

const MODELLED = new Set<string>(['Value', 'BooleanValue', 'IntegerValue', 'PositiveIntegerValue', 'FloatValue', 'ListValue', 'TupleValue', 'SetValue', 'PathValue', 'SecretValue']);

const VALUE_TYPE: ObjectType = {
  name: 'configurations.values.Value',
  // Used in the class body before setup: the value is not known yet.
  binop: (self, _op, _o, _r, ctx) => unknown(`a ${(self.data as ValueData).kind} before the configuration is set up`, ctx.range),
  str: (self) => unknown(`a ${(self.data as ValueData).kind} before the configuration is set up`),
  toJson: (self) => ({ known: false, value: null, reason: `a ${(self.data as ValueData).kind} that is not set up` }),
};

/** The environment variable a Value reads for attribute `name`. */
function environNames(d: ValueData, name: string): string[] {
  if (d.environName === null) return [d.environPrefix ? `${d.environPrefix}_${name.toUpperCase()}` : name.toUpperCase()];
  // With an explicit environ_name, whether the prefix is added has varied: accept a value only
  // when no candidate is ambiguous.
  return d.environPrefix ? [`${d.environPrefix}_${d.environName}`, d.environName] : [d.environName];
}

/** Value.to_python for the modelled types. */
function toPython(ctx: CallContext, d: ValueData, text: string, name: string): PyValue {
  switch (d.kind) {
    case 'BooleanValue': {
      const v = text.toLowerCase();
      if (['yes', 'y', 'true', '1'].includes(v)) return TRUE;
      if (['no', 'n', 'false', '0', ''].includes(v)) return FALSE;
      return ctx.rt.raise('ValueError', `Cannot interpret boolean value ${JSON.stringify(text)}`);
    }
    case 'IntegerValue':
    case 'PositiveIntegerValue': {
      if (!/^\s*[+-]?\d+\s*$/.test(text)) return ctx.rt.raise('ValueError', `Cannot interpret integer value ${JSON.stringify(text)}`);
      const n = Number(text.trim());
      if (d.kind === 'PositiveIntegerValue' && n < 0) return ctx.rt.raise('ValueError', `Cannot interpret positive integer value ${JSON.stringify(text)}`);
      return pyInt(n);
    }
    case 'FloatValue': {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) return unknown(`${name}: float conversion of ${JSON.stringify(text)} is not evaluated`);
      return pyFloat(n);
    }
    case 'ListValue':
    case 'TupleValue':
    case 'SetValue': {
      const items = text.split(d.separator).map((s) => s.trim()).filter(Boolean).map(strValue);
      return d.kind === 'ListValue' ? pyList(items) : d.kind === 'TupleValue' ? pyTuple(items) : makeSet(items, false);
    }
    default:
      return strValue(text);
  }
}

/** Value.setup(name): the environment variable when set, else the default (not converted). */
async function setupValue(ctx: CallContext, d: ValueData, name: string): Promise<PyValue> {
  if (d.unsupported) return unknown(`${name} is a ${d.kind}, which is not evaluated`, ctx.range);
  let value = d.default;
  if (d.environ) {
    const names = environNames(d, name);
    const found: [string, string][] = [];
    for (const n of names) {
      const v = ctx.rt.envGet(n);
      if (v !== undefined && typeof v !== 'string') return unknown(`${name} comes from the environment variable ${n}, which is unknown: ${v.reason}`, ctx.range);
      if (typeof v === 'string') found.push([n, v]);
    }
    if (found.length && names.length > 1) return unknown(`${name}: which of ${names.join(', ')} django-configurations reads depends on its version`, ctx.range);
    if (found.length) value = toPython(ctx, d, found[0][1], name);
    else if (d.environRequired || d.kind === 'SecretValue') {
      return ctx.rt.raise('ValueError', `Value '${name}' is required to be set as the environment variable '${names[0]}'`);
    }
  }
  if (d.kind === 'PathValue' && value.kind === 'str') {
    const p = expanduser(ctx.rt, value.value, ctx);
    if (typeof p !== 'string') return p;
    if (d.checkExists && !(await ctx.rt.exists(p.startsWith('/') ? p : `${ctx.rt.host.cwd}/${p}`))) return ctx.rt.raise('ValueError', `Path '${p}' does not exist.`);
    value = strValue(p);
  }
  return value;
}

function valueClass(kind: string): PyValue {
  const impl = async (ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): Promise<PyValue> => {
    const known = ['default', 'environ', 'environ_name', 'environ_prefix', 'environ_required', 'late_binding', 'separator', 'check_exists', 'converter'];
    const extra = [...(kwargs?.keys() ?? [])].filter((k) => !known.includes(k));
    if (extra.length) return unknown(`${kind}(${extra.join(', ')}=…) is not evaluated`, ctx.range);
    const [def, environ, environName, environPrefix, environRequired, lateBinding, separator, checkExists, converter] = bindArgs(ctx, kind, args.slice(0, 1), kwargs, known);
    for (const v of [def, environ, environName, environPrefix, environRequired, lateBinding, separator, checkExists]) if (v?.kind === 'unknown') return v;
    const flag = (v: PyValue | undefined, dflt: boolean): boolean => (v === undefined ? dflt : truthy(v) === true);
    const d: ValueData = {
      kind,
      default: def ?? NONE,
      environ: flag(environ, true),
      environName: environName && environName.kind !== 'none' ? needStr(ctx, environName, 'environ_name') : null,
      environPrefix: environPrefix === undefined ? 'DJANGO' : environPrefix.kind === 'none' ? null : needStr(ctx, environPrefix, 'environ_prefix') || null,
      environRequired: flag(environRequired, false),
      separator: separator ? needStr(ctx, separator, 'separator') : ',',
      checkExists: flag(checkExists, true),
      unsupported: !MODELLED.has(kind) || (converter !== undefined && converter.kind !== 'none') || args.length > 1,
    };
    if (kind === 'SecretValue' && d.default.kind !== 'none') return ctx.rt.raise('ValueError', 'Secret values are only allowed to be set as environment variables');
    // Value.__new__ resolves at once when nothing is left to the attribute name.
    if (!flag(lateBinding, false) && ((d.environ && d.environName) || (!d.environ && truthy(d.default) === true))) return setupValue(ctx, d, d.environName ?? '');
    return { kind: 'object', type: VALUE_TYPE, data: d };
  };
  return { kind: 'builtin', name: kind, impl, typeName: kind };
}

const SETUP_HOOKS = ['setup', 'pre_setup', 'post_setup'];

/** Configuration subclasses are recorded so that the importer step can find them. */
const CONFIGURATION_META: ClassMeta = {
  name: 'configurations.Configuration',
  created(cls, ctx) {
    cls.opaqueBase = false;
    ctx.rt.afterSettingsImport('configurations', (settings) => applyConfiguration(ctx.rt, settings));
    return cls;
  },
};

function classChain(c: PyClass): PyClass[] {
  const out: PyClass[] = [];
  const walk = (k: PyClass): void => {
    if (out.includes(k)) return;
    out.push(k);
    k.bases.forEach(walk);
  };
  walk(c);
  return out;
}

/** The importer: copies the chosen configuration's upper-case attributes onto the settings module. */
async function applyConfiguration(rt: Runtime, settings: ModuleState): Promise<void> {
  const frame: Frame = { module: settings, locals: null, globalDecl: null, closure: null, isClass: false };
  const at = { file: settings.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const ctx: CallContext = { rt, frame, range: at, calleeText: 'configurations.importer' };
  // The importer replaces what the module defines: when its result is not known, no
  // module-level setting may be reported either.
  const allUnknown = (description: string, range = at): void => {
    for (const [k, b] of settings.globals) if (isSettingName(k)) settings.globals.set(k, { value: unknown(`${k} is decided by ${description}`, range), origin: b.origin });
    rt.opaqueWrite(frame, range, description);
  };
  const fail = (why: string): void => {
    rt.note('warning', `django-configurations would raise ${why}; Django would fail to start. The settings are treated as unknown.`, at);
    allUnknown(`django-configurations, which raises ${why}`);
  };
  const name = rt.envGet('DJANGO_CONFIGURATION');
  if (name === undefined) return fail('ImproperlyConfigured: Configuration cannot be imported, environment variable DJANGO_CONFIGURATION is undefined.');
  if (typeof name !== 'string') return allUnknown(`the configuration class named by DJANGO_CONFIGURATION, which is unknown (${name.reason})`);
  const binding = settings.globals.get(name);
  const cls = binding?.value;
  if (!cls || cls.kind !== 'class' || cls.meta !== CONFIGURATION_META) {
    if (cls && cls.kind === 'unknown') return allUnknown(`the configuration class ${name}, which is unknown (${cls.reason})`);
    return fail(`ImproperlyConfigured: Couldn't find configuration '${name}' in module '${settings.name}'`);
  }
  const origin = binding.origin;
  const chain = classChain(cls).filter((c) => c.name !== 'Configuration' || c.attrs.size > 0);
  const hook = chain.find((c) => SETUP_HOOKS.some((h) => c.attrs.has(h)));
  if (hook) return allUnknown(`the setup hooks of the configuration class ${hook.name}, which are not evaluated`, origin);
  const names = new Set<string>();
  for (const c of chain) for (const k of c.attrs.keys()) if (isSettingName(k)) names.add(k);
  const dotenv = chain.map((c) => c.attrs.get('DOTENV')).find((v) => v !== undefined);
  const dotenvReason = dotenv && dotenv.kind !== 'none' ? `the DOTENV file of ${name}, which is not read` : null;
  for (const n of [...names].sort()) {
    let v: PyValue | undefined;
    for (const c of chain) if ((v = c.attrs.get(n)) !== undefined) break;
    if (v === undefined) continue;
    if (v.kind === 'object' && v.type === VALUE_TYPE) {
      const d = v.data as ValueData;
      if (dotenvReason && d.environ) v = unknown(`${n} may come from ${dotenvReason}`, origin);
      else {
        try {
          v = await setupValue(ctx, d, n);
        } catch (e) {
          if (!(e instanceof PyException)) throw e;
          rt.note('warning', `${name}.${n} raises ${e.cls.name}: ${e.message} when django-configurations sets it up; Django would fail to start. ${n} is treated as unknown.`, origin);
          v = unknown(`${n} raises ${e.cls.name}: ${e.message}`, origin);
        }
      }
    } else if (v.kind === 'function' || isProperty(v)) {
      v = unknown(`${n} is a method or property of the configuration class, which is not evaluated`, origin);
    }
    settings.globals.set(n, { value: v, origin });
  }
}

/** str.isupper(): what Django and the importer copy from a module or class. */
function isSettingName(k: string): boolean {
  return k === k.toUpperCase() && /[A-Z]/.test(k);
}

const CONFIGURATION: PyClass = { kind: 'class', name: 'Configuration', bases: [], attrs: new Map(), mro: ['Configuration', 'object'], isException: false, meta: CONFIGURATION_META };

/** configurations.values. */
function valuesModule(): PyModule {
  const kinds = [...MODELLED, 'DecimalValue', 'DictValue', 'EmailValue', 'URLValue', 'IPValue', 'RegexValue', 'DatabaseURLValue', 'CacheURLValue', 'EmailURLValue', 'SearchURLValue', 'BackendsValue', 'SingleNestedListValue', 'SingleNestedTupleValue'];
  return mod('configurations.values', Object.fromEntries(kinds.map((k) => [k, valueClass(k)])));
}

/** The `configurations` package and its `values` module. */
export function configurationsModule(rt: Runtime, name: string): PyModule {
  if (name === 'configurations.values') return valuesModule();
  return mod('configurations', { Configuration: CONFIGURATION }, (n) => (n === 'values' ? rt.modelledModule('configurations.values') : undefined));
}
