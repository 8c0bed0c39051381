/**
 * configparser.ConfigParser over the INI reader of envFiles.ts (files read through the Runtime).
 */
import { bindArgs, firstUnknown, needStr, type Kw } from '../builtins/args';
import { refusedReason } from '../confinement';
import { iniGet, parseIni, type IniFile } from '../envFiles';
import { EXC } from '../exceptions';
import { strRepr } from '../valueText';
import {
  FALSE,
  NONE,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  strValue,
  TRUE,
  unknown,
  type BuiltinImpl,
  type CallContext,
  type ObjectType,
  type PyBuiltin,
  type PyModule,
  type PyValue,
} from '../values';
import { absOf, fn, mod, pathArg } from './shared';

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
            const why = await rt.refusal(absOf(rt, p));
            if (why) {
              d.unknownReason = refusedReason(absOf(rt, p), why);
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
            read.push(strValue(p));
          }
          return pyList(read);
        });
      case 'get':
        return m((c, a, k) => lookup(c, a, k, strValue));
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
        return m(() => (d.unknownReason ? unknown(d.unknownReason) : pyList([...(d.ini?.sections.keys() ?? [])].map(strValue))));
    }
    return undefined;
  },
  getitem(self, key, ctx) {
    const d = self.data as ParserData;
    if (key.kind === 'unknown') return key;
    if (d.unknownReason) return unknown(d.unknownReason, ctx.range);
    const sec = needStr(ctx, key, 'section');
    const ini = d.ini;
    if (sec !== 'DEFAULT' && !ini?.sections.has(sec)) return ctx.rt.raise('KeyError', strRepr(sec));
    return { kind: 'object', type: SECTION_TYPE, data: { parser: d, section: sec } satisfies SectionData };
  },
};

interface ParserData {
  ini: IniFile | null;
  raw: boolean;
  unknownReason: string | null;
}

interface SectionData {
  parser: ParserData;
  section: string;
}

const BOOLEAN_STATES: Record<string, boolean> = { '1': true, yes: true, true: true, on: true, '0': false, no: false, false: false, off: false };

function convert(ctx: CallContext, how: 'str' | 'boolean' | 'int' | 'float', s: string): PyValue {
  if (how === 'boolean') {
    const b = BOOLEAN_STATES[s.toLowerCase()];
    return b === undefined ? ctx.rt.raise('ValueError', `Not a boolean: ${s}`) : pyBool(b);
  }
  if (how === 'int') return /^\s*[+-]?\d+\s*$/.test(s) ? pyInt(Number(s)) : ctx.rt.raise('ValueError', `invalid literal for int() with base 10: ${strRepr(s)}`);
  if (how === 'float') return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? pyFloat(Number(s)) : unknown(`float(${strRepr(s)}) is not evaluated`);
  return strValue(s);
}

/** A section proxy (config["name"]): a mapping of the section's options, defaults included. */
const SECTION_TYPE: ObjectType = {
  name: 'configparser.SectionProxy',
  getattr(self, name) {
    const { parser, section } = self.data as SectionData;
    const how = name === 'get' ? 'str' : name === 'getboolean' ? 'boolean' : name === 'getint' ? 'int' : name === 'getfloat' ? 'float' : null;
    if (how) {
      return fn(name, (c, args, kwargs) => {
        const [opt, fallback, raw, vars] = bindArgs(c, name, args, kwargs, ['option', 'fallback', 'raw', 'vars', '_impl'], 1);
        if (opt?.kind === 'unknown') return opt;
        if (raw || vars) return unknown(`${name}(raw=…/vars=…) of a configparser section is not evaluated`, c.range);
        if (parser.unknownReason) return unknown(parser.unknownReason, c.range);
        const r = parser.ini ? iniGet(parser.ini, section, needStr(c, opt, 'option')) : null;
        if (!r) return fallback ?? NONE;
        if ('error' in r) return unknown(`configparser would raise: ${r.error}`, c.range);
        return convert(c, how, r.value);
      });
    }
    if (name === 'name') return strValue(section);
    return undefined;
  },
  getitem(self, key, ctx) {
    const { parser, section } = self.data as SectionData;
    if (key.kind === 'unknown') return key;
    if (parser.unknownReason) return unknown(parser.unknownReason, ctx.range);
    const opt = needStr(ctx, key, 'option');
    const r = parser.ini ? iniGet(parser.ini, section, opt) : null;
    if (!r) return ctx.rt.raise('KeyError', strRepr(opt));
    if ('error' in r) return unknown(`configparser would raise: ${r.error}`, ctx.range);
    return strValue(r.value);
  },
  contains(self, item) {
    const { parser, section } = self.data as SectionData;
    if (item.kind === 'unknown') return item;
    if (parser.unknownReason) return unknown(parser.unknownReason);
    return pyBool(item.kind === 'str' && !!parser.ini && iniGet(parser.ini, section, item.value) !== null);
  },
  iterate(self) {
    const { parser, section } = self.data as SectionData;
    if (parser.unknownReason) return unknown(parser.unknownReason);
    const ini = parser.ini;
    return [...new Set([...(ini?.sections.get(section)?.keys() ?? []), ...(ini?.defaults.keys() ?? [])])].map(strValue);
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

/** configparser: ConfigParser / RawConfigParser reading INI files through the Runtime. */
export function configparserModule(): PyModule {
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
