/**
 * str() and repr() of values as CPython writes them, and the JSON view of a value that callers
 * of the evaluator read.
 */
import type { PyJson, SettingValue } from '../model';
import { DEFAULT_BUDGET, MAX_VISITED } from './budget';
import { typeName, unknown, type PyUnknown, type PyValue } from './values';

// ------------------------------------------------------------------ str() and repr()

/** Python's repr() of a float (shortest round-trip, exponent outside 1e-4 … 1e16). */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      out = intPart + '.' + (frac || '0');
    } else {
      out = '0.' + '0'.repeat(-exp - 1) + digits;
    }
  } else {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out = m + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  return neg ? '-' + out : out;
}

/** Python's repr() of a str. */
export function strRepr(s: string): string {
  // Printable ASCII without quotes or backslashes needs no escaping (the common case, and a
  // long string is escaped character by character otherwise).
  if (/^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0xa0)) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      out += cp <= 0xff ? '\\x' + cp.toString(16).padStart(2, '0') : cp <= 0xffff ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

/** Python str(); unknown for values whose text cannot be known (addresses, unordered sets). */
export function strOf(v: PyValue): string | PyUnknown {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'path':
      return v.value;
    case 'object':
      if (v.type.str) return v.type.str(v);
      return unknown(`str() of a ${v.type.name} object is not evaluated`);
    default:
      return reprOf(v);
  }
}

/** Python repr(). */
export function reprOf(v: PyValue, depth = 0, left = { n: DEFAULT_BUDGET.maxStringLength }): string | PyUnknown {
  if (depth > 100) return unknown('value nested too deeply to print');
  left.n -= v.kind === 'str' || v.kind === 'path' ? v.value.length + 3 : 3;
  if (left.n < 0) return unknown('the value is too large to print');
  switch (v.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'int':
      return String(v.value);
    case 'float':
      return floatRepr(v.value);
    case 'str':
      return strRepr(v.value);
    case 'path':
      return `${v.pure ? 'PurePosixPath' : 'PosixPath'}(${strRepr(v.value)})`;
    case 'list':
    case 'tuple': {
      if (v.kind === 'list' && v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const it of v.items) {
        const r = reprOf(it, depth + 1, left);
        if (typeof r !== 'string') return r;
        parts.push(r);
      }
      if (v.kind === 'list') return '[' + parts.join(', ') + ']';
      return '(' + parts.join(', ') + (parts.length === 1 ? ',)' : ')');
    }
    case 'dict': {
      if (v.poisoned) return unknown(v.poisoned);
      const parts: string[] = [];
      for (const e of v.entries.values()) {
        const k = reprOf(e.key, depth + 1, left);
        if (typeof k !== 'string') return k;
        const val = reprOf(e.value, depth + 1, left);
        if (typeof val !== 'string') return val;
        parts.push(k + ': ' + val);
      }
      return '{' + parts.join(', ') + '}';
    }
    case 'set': {
      if (v.poisoned) return unknown(v.poisoned);
      if (v.entries.size > 1) return unknown('the printed order of a set is not defined');
      const inner = [...v.entries.values()].map((e) => reprOf(e, depth + 1, left));
      const bad = inner.find((x) => typeof x !== 'string');
      if (bad !== undefined) return bad;
      const body = inner.length ? '{' + inner.join(', ') + '}' : '';
      return v.frozen ? `frozenset(${body})` : body || 'set()';
    }
    case 'unknown':
      return v;
    case 'object':
      if (v.type.str) {
        const s = v.type.str(v);
        return typeof s === 'string' && v.type.name === 'environ.Path' ? `<Path:${s}>` : s;
      }
      return unknown(`the text of a ${v.type.name} object is not evaluated`);
    case 'builtin':
      if (v.typeName) return `<class '${v.typeName}'>`;
      return unknown(`the text of ${v.name} is not evaluated`);
    case 'class':
      return unknown(`the text of class ${v.name} is not evaluated`);
    default:
      return unknown(`the text of a ${v.kind} is not evaluated`);
  }
}

// ------------------------------------------------------------------ JSON view

/** A value as JSON (pathlib paths -> strings), or unknown with the reason (also if any part is unknown). */
export function toPyJson(value: PyValue): SettingValue<PyJson> {
  const r = jsonOf(value, 0, { n: MAX_VISITED });
  if (r instanceof Unknown) {
    const out: SettingValue<PyJson> = { known: false, value: null, reason: r.u.reason };
    if (r.u.range) out.origin = r.u.range;
    return out;
  }
  return { known: true, value: r };
}

class Unknown {
  constructor(readonly u: PyUnknown) {}
}

function jsonOf(v: PyValue, depth: number, left: { n: number }): PyJson | Unknown {
  if (depth > 64) return new Unknown(unknown('the value is nested too deeply'));
  left.n -= v.kind === 'str' || v.kind === 'path' ? v.value.length + 3 : 3;
  if (left.n < 0) return new Unknown(unknown('the value is too large to show'));
  switch (v.kind) {
    case 'none':
      return null;
    case 'bool':
      return v.value;
    case 'int':
      return v.value;
    case 'float':
      return Number.isFinite(v.value) ? v.value : new Unknown(unknown(`the float ${floatRepr(v.value)} has no JSON form`));
    case 'str':
    case 'path':
      return v.value;
    case 'list':
    case 'tuple': {
      if (v.kind === 'list' && v.poisoned) return new Unknown(unknown(v.poisoned));
      const out: PyJson[] = [];
      for (const it of v.items) {
        const j = jsonOf(it, depth + 1, left);
        if (j instanceof Unknown) return j;
        out.push(j);
      }
      return out;
    }
    case 'dict': {
      if (v.poisoned) return new Unknown(unknown(v.poisoned));
      const out: { [k: string]: PyJson } = {};
      for (const e of v.entries.values()) {
        if (e.key.kind !== 'str') {
          if (e.key.kind === 'unknown') return new Unknown(e.key);
          return new Unknown(unknown(`a dict with a ${typeName(e.key)} key has no JSON form`));
        }
        const j = jsonOf(e.value, depth + 1, left);
        if (j instanceof Unknown) return j;
        out[e.key.value] = j;
      }
      return out;
    }
    case 'set':
      if (v.poisoned) return new Unknown(unknown(v.poisoned));
      return new Unknown(unknown('a set has no defined order'));
    case 'unknown':
      return new Unknown(v);
    case 'object':
      if (v.type.toJson) {
        const j = v.type.toJson(v);
        return j.known ? j.value : new Unknown(unknown(j.reason, j.origin));
      }
      return new Unknown(unknown(`a ${v.type.name} object`));
    case 'function':
      return new Unknown(unknown(`the function ${v.name}`));
    case 'builtin':
      return new Unknown(unknown(v.typeName ? `the type ${v.typeName}` : `the function ${v.name}`));
    case 'class':
      return new Unknown(unknown(`the class ${v.name}`));
    case 'module':
      return new Unknown(unknown(`the module ${v.name}`));
  }
}
