/**
 * json.loads / json.dumps with Python's types (ints stay ints, NaN and Infinity accepted).
 */
import { bindArgs, needStr } from '../builtins/args';
import { fileText } from '../builtins/files';
import { EXC } from '../exceptions';
import { floatRepr } from '../valueText';
import {
  FALSE,
  NONE,
  pyDict,
  pyFloat,
  pyInt,
  pyList,
  strValue,
  TRUE,
  typeName,
  unknown,
  type CallContext,
  type PyModule,
  type PyUnknown,
  type PyValue,
} from '../values';
import { fn, mod } from './shared';

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
        d.entries.set('s:' + k, { key: strValue(k), value: v });
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
    if (c === '"') return strValue(str());
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

/** json: loads (of text the code read) and dumps. */
export function jsonModule(): PyModule {
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
      return typeof r === 'string' ? strValue(r) : r;
    }),
    JSONDecodeError: EXC.JSONDecodeError,
  });
}
