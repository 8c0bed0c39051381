/**
 * tomllib (Python 3.11+) and its backport tomli: load() of a file opened in binary mode and
 * loads() of a str, through smol-toml. Dates and times become unknown (datetime objects are not
 * evaluated); integers beyond 2**53 too.
 */
// smol-toml ships ESM types only; its package exports a CommonJS build for require(), which
// is what this CommonJS output and the esbuild bundles load.
// @ts-expect-error TS1479: CommonJS importing a package typed as ESM
import { parse, TomlDate, TomlError } from 'smol-toml';
import { bindArgs } from '../builtins/args';
import { fileText } from '../builtins/files';
import { EXC } from '../exceptions';
import { dictFromEntries, pyBool, pyFloat, pyInt, pyList, strValue, unknown, type CallContext, type PyModule, type PyValue } from '../values';
import { fn, mod } from './shared';

function toPy(v: unknown): PyValue {
  if (typeof v === 'string') return strValue(v);
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'bigint') return unknown('an integer too large to evaluate exactly');
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) && Number.isSafeInteger(v) ? pyInt(v) : pyFloat(v);
  if (v instanceof TomlDate) return unknown('TOML dates and times are datetime objects, which are not evaluated');
  if (Array.isArray(v)) return pyList(v.map(toPy));
  return dictFromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]): [string, PyValue] => [k, toPy(x)]));
}

function loads(ctx: CallContext, text: string): PyValue {
  let data: unknown;
  try {
    data = parse(text, { integersAsBigInt: 'asNeeded' });
  } catch (e) {
    if (e instanceof TomlError) return ctx.rt.raise('TOMLDecodeError', e.message.split('\n')[0]);
    return unknown('the TOML document could not be read', ctx.range);
  }
  return toPy(data);
}

/** tomllib / tomli. */
export function tomllibModule(name: string): PyModule {
  return mod(name, {
    load: fn('load', (ctx, args, kwargs) => {
      const [f, parseFloat] = bindArgs(ctx, 'load', args, kwargs, ['fp', 'parse_float'], 1) as [PyValue, PyValue | undefined];
      if (f.kind === 'unknown') return f;
      if (parseFloat) return unknown('tomllib.load(parse_float=…) is not evaluated', ctx.range);
      const text = fileText(f);
      if (text === null) return unknown(`${name}.load() of something that is not a file read by the settings`, ctx.range);
      return loads(ctx, text);
    }),
    loads: fn('loads', (ctx, args, kwargs) => {
      const [s, parseFloat] = bindArgs(ctx, 'loads', args, kwargs, ['s', 'parse_float'], 1) as [PyValue, PyValue | undefined];
      if (s.kind === 'unknown') return s;
      if (parseFloat) return unknown('tomllib.loads(parse_float=…) is not evaluated', ctx.range);
      if (s.kind !== 'str') return ctx.rt.raise('TypeError', `Expected str object, not '${s.kind}'`);
      return loads(ctx, s.value);
    }),
    TOMLDecodeError: EXC.TOMLDecodeError,
  });
}
