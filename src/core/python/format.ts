/**
 * Python string formatting: format() / f-string format specs, `%` interpolation and str.format().
 * Float rounding follows Python (round-half-even on the exact binary value), not JS toFixed.
 */
import { DEFAULT_BUDGET } from './budget';
import { numValue } from './valueOps';
import { floatRepr, reprOf, strOf } from './valueText';
import { unknown, type PyUnknown, type PyValue } from './values';

/** A Python exception raised by formatting (the interpreter turns it into a real one). */
export class FormatError {
  constructor(
    readonly type: 'ValueError' | 'TypeError' | 'KeyError' | 'IndexError',
    readonly message: string,
  ) {}
}

/** A formatting result: text, unknown, or the exception Python would raise. */
export type FormatResult = string | PyUnknown | FormatError;

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

/** Wider fields (or longer precisions) than a str may be long are not built. */
const MAX_FORMAT_WIDTH = DEFAULT_BUDGET.maxStringLength;

function tooWide(): PyUnknown {
  return unknown(`a format width or precision over ${MAX_FORMAT_WIDTH} is too large to evaluate`);
}

function parseSpec(spec: string): Spec | null {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) return null;
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : ''),
    sign: m[3] ?? '-',
    alt: !!m[5],
    zero: !!m[6],
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : null,
    type: m[10] ?? '',
  };
}

function pad(body: string, sign: string, spec: Spec, defaultAlign: string): string {
  const align = spec.align || defaultAlign;
  const len = [...sign].length + [...body].length;
  const n = spec.width - len;
  if (n <= 0) return sign + body;
  const fill = spec.fill;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(n);
    case '^': {
      const left = Math.floor(n / 2);
      return fill.repeat(left) + sign + body + fill.repeat(n - left);
    }
    case '=':
      return sign + fill.repeat(n) + body;
    default:
      return fill.repeat(n) + sign + body;
  }
}

function group(intDigits: string, sep: string, every: number): string {
  if (!sep) return intDigits;
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    if (i && (intDigits.length - i) % every === 0) out += sep;
    out += intDigits[i];
  }
  return out;
}

/** Exact decimal digits of |x| (no sign) with the position of the decimal point. */
function exactDecimal(x: number): { digits: string; point: number } {
  const a = Math.abs(x);
  const s = a < 1e21 ? a.toFixed(100) : BigInt(a).toString();
  const dot = s.indexOf('.');
  if (dot < 0) return { digits: s, point: s.length };
  return { digits: s.slice(0, dot) + s.slice(dot + 1), point: dot };
}

/** Rounds a digit string to `keep` digits, half to even; returns the digits and a carry flag. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (keep < 0) return { digits: '', carry: false };
  if (keep >= digits.length) return { digits: digits.padEnd(keep, '0'), carry: false };
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  let up: boolean;
  if (rest[0] > '5') up = true;
  else if (rest[0] < '5') up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = kept.length > 0 && Number(kept[kept.length - 1]) % 2 === 1;
  if (!up) return { digits: kept, carry: false };
  const arr = kept.split('');
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === '9') {
      arr[i] = '0';
      i--;
    } else {
      arr[i] = String(Number(arr[i]) + 1);
      break;
    }
  }
  if (i < 0) return { digits: '1' + arr.join(''), carry: true };
  return { digits: arr.join(''), carry: false };
}

/** format(x, ".{p}f") without the sign. */
export function fixedDigits(x: number, p: number): string {
  const { digits, point } = exactDecimal(x);
  const r = roundDigits(digits, point + p);
  const all = r.digits;
  const intLen = point + (r.carry ? 1 : 0);
  const intPart = all.slice(0, intLen).replace(/^0+(?=\d)/, '') || '0';
  const frac = all.slice(intLen);
  return p > 0 ? intPart + '.' + frac : intPart;
}

/** Scientific notation with p digits after the point, Python style ("1.50e+03"). */
function sciDigits(x: number, p: number, upper: boolean): string {
  if (x === 0) return (p > 0 ? '0.' + '0'.repeat(p) : '0') + (upper ? 'E+00' : 'e+00');
  const { digits, point } = exactDecimal(x);
  const first = digits.search(/[1-9]/);
  let exp = point - first - 1;
  const r = roundDigits(digits.slice(first), p + 1);
  let d = r.digits;
  if (r.carry) {
    exp++;
    d = d.slice(0, p + 1);
  }
  const mant = p > 0 ? d[0] + '.' + d.slice(1) : d[0];
  return mant + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
}

function generalDigits(x: number, precision: number | null, alt: boolean, upper: boolean): string {
  let p = precision ?? 6;
  if (p === 0) p = 1;
  if (x === 0) return alt ? '0.' + '0'.repeat(p - 1) : '0';
  const sci = sciDigits(x, p - 1, false);
  const exp = Number(sci.slice(sci.indexOf('e') + 1));
  let out: string;
  if (exp >= -4 && exp < p) {
    out = fixedDigits(x, p - 1 - exp);
    if (!alt && out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    const [mant, e] = sci.split('e');
    const m = !alt && mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    out = m + 'e' + e;
  }
  return upper ? out.toUpperCase() : out;
}

/** format(value, spec) as Python computes it. */
export function formatValue(v: PyValue, specText: string): FormatResult {
  if (v.kind === 'unknown') return v;
  if (specText === '') return strOf(v);
  const spec = parseSpec(specText);
  if (!spec) return new FormatError('ValueError', `Invalid format specifier '${specText}'`);
  if (Math.max(spec.width, spec.precision ?? 0) > MAX_FORMAT_WIDTH) return tooWide();
  switch (v.kind) {
    case 'str': {
      if (spec.type && spec.type !== 's') return new FormatError('ValueError', `Unknown format code '${spec.type}' for object of type 'str'`);
      if (spec.sign !== '-' || spec.alt || spec.grouping) return new FormatError('ValueError', 'Sign not allowed in string format specifier');
      if (spec.align === '=') return new FormatError('ValueError', "'=' alignment not allowed in string format specifier");
      const body = spec.precision !== null ? [...v.value].slice(0, spec.precision).join('') : v.value;
      return pad(body, '', spec, '<');
    }
    case 'bool':
    case 'int':
    case 'float': {
      const x = numValue(v);
      const isFloat = v.kind === 'float';
      let t = spec.type;
      if (!isFloat && 'bcdoxXn'.includes(t) && t !== '') {
        if (spec.precision !== null) return new FormatError('ValueError', 'Precision not allowed in integer format specifier');
        const neg = x < 0;
        const a = Math.abs(x);
        let body: string;
        if (t === 'c') return pad(String.fromCodePoint(a), '', spec, '<');
        if (t === 'd' || t === 'n') body = group(String(a), spec.grouping, 3);
        else {
          const radix = t === 'b' ? 2 : t === 'o' ? 8 : 16;
          body = group(a.toString(radix), spec.grouping, 4);
          if (t === 'X') body = body.toUpperCase();
          if (spec.alt) body = (t === 'b' ? '0b' : t === 'o' ? '0o' : t === 'x' ? '0x' : '0X') + body;
        }
        const sign = neg ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
        return pad(body, sign, spec, '>');
      }
      if (!isFloat && t === '' && spec.precision === null) {
        const body = group(String(Math.abs(x)), spec.grouping, 3);
        const sign = x < 0 ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
        return pad(body, sign, spec, '>');
      }
      if (!isFloat && 'bcdoxXn'.includes(t)) return new FormatError('ValueError', `Unknown format code '${t}'`);
      if (isFloat && 'bcdoxX'.includes(t) && t !== '') return new FormatError('ValueError', `Unknown format code '${t}' for object of type 'float'`);
      if (!Number.isFinite(x)) {
        const s = Number.isNaN(x) ? 'nan' : 'inf';
        const sign = x < 0 ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
        return pad('EFG'.includes(t) && t ? s.toUpperCase() : s, sign, spec, '>');
      }
      const neg = x < 0 || Object.is(x, -0);
      const a = Math.abs(x);
      let body: string;
      if (t === '') {
        if (spec.precision !== null) return unknown('float formatting with a precision but no type is not evaluated');
        body = isFloat ? floatRepr(a) : String(a);
      } else if (t === 'f' || t === 'F') body = fixedDigits(a, spec.precision ?? 6);
      else if (t === 'e' || t === 'E') body = sciDigits(a, spec.precision ?? 6, t === 'E');
      else if (t === 'g' || t === 'G' || t === 'n') body = generalDigits(a, spec.precision, spec.alt, t === 'G');
      else if (t === '%') body = fixedDigits(a * 100, spec.precision ?? 6) + '%';
      else return new FormatError('ValueError', `Unknown format code '${t}'`);
      if (spec.grouping && /^\d/.test(body)) {
        const m = /^(\d+)(.*)$/s.exec(body);
        if (m) body = group(m[1], spec.grouping, 3) + m[2];
      }
      t = '';
      const sign = neg ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
      return pad(body, sign, spec, '>');
    }
    case 'none':
    case 'path':
    case 'list':
    case 'tuple':
    case 'dict':
    case 'set':
      return new FormatError('TypeError', `unsupported format string passed to ${v.kind === 'path' ? 'PosixPath' : v.kind === 'none' ? 'NoneType' : v.kind}.__format__`);
    default:
      return unknown(`formatting a ${v.kind} with a format spec is not evaluated`);
  }
}

/** Applies an f-string / str.format conversion (!s, !r, !a). */
export function convertField(v: PyValue, conversion: string | null): PyValue | PyUnknown {
  if (!conversion) return v;
  if (v.kind === 'unknown') return v;
  const s = conversion === 's' ? strOf(v) : reprOf(v);
  if (typeof s !== 'string') return s;
  if (conversion === 'a' && /[^\x00-\x7f]/.test(s)) return unknown('ascii() conversion is not evaluated');
  return { kind: 'str', value: s };
}

// ------------------------------------------------------------------ % formatting

/** `fmt % args` for str. */
export function percentFormat(fmt: string, args: PyValue): FormatResult {
  if (args.kind === 'unknown') return args;
  const mapping = args.kind === 'dict' ? args : null;
  const positional = args.kind === 'tuple' ? args.items : [args];
  let argIndex = 0;
  let usedMapping = false;
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    let key: string | null = null;
    if (fmt[i] === '(') {
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth) {
        if (fmt[j] === '(') depth++;
        else if (fmt[j] === ')') depth--;
        j++;
      }
      if (depth) return new FormatError('ValueError', 'incomplete format key');
      key = fmt.slice(i + 1, j - 1);
      i = j;
    }
    let flags = '';
    while ('#0- +'.includes(fmt[i]) && i < fmt.length) flags += fmt[i++];
    let width = '';
    if (fmt[i] === '*') return unknown('% formatting with a * width is not evaluated');
    while (/\d/.test(fmt[i] ?? '')) width += fmt[i++];
    let precision: string | null = null;
    if (fmt[i] === '.') {
      i++;
      precision = '';
      if (fmt[i] === '*') return unknown('% formatting with a * precision is not evaluated');
      while (/\d/.test(fmt[i] ?? '')) precision += fmt[i++];
    }
    while ('hlL'.includes(fmt[i]) && i < fmt.length) i++;
    if (Math.max(Number(width || 0), Number(precision || 0)) > MAX_FORMAT_WIDTH) return tooWide();
    const type = fmt[i++];
    if (type === undefined) return new FormatError('ValueError', 'incomplete format');
    if (type === '%' && key === null) {
      out += '%';
      continue;
    }
    let value: PyValue;
    if (key !== null) {
      if (!mapping) return new FormatError('TypeError', 'format requires a mapping');
      usedMapping = true;
      const e = mapping.entries.get('s:' + key);
      if (mapping.poisoned) return unknown(mapping.poisoned);
      if (!e) return new FormatError('KeyError', `'${key}'`);
      value = e.value;
    } else {
      if (args.kind !== 'tuple' && argIndex > 0) return new FormatError('TypeError', 'not enough arguments for format string');
      if (argIndex >= positional.length) return new FormatError('TypeError', 'not enough arguments for format string');
      value = positional[argIndex++];
    }
    if (value.kind === 'unknown') return value;
    const r = percentOne(value, type, flags, width, precision);
    if (typeof r !== 'string') return r;
    out += r;
  }
  if (!usedMapping && !mapping && args.kind === 'tuple' && argIndex < positional.length) {
    return new FormatError('TypeError', 'not all arguments converted during string formatting');
  }
  if (!usedMapping && !mapping && args.kind !== 'tuple' && argIndex === 0) {
    return new FormatError('TypeError', 'not all arguments converted during string formatting');
  }
  return out;
}

function percentOne(v: PyValue, type: string, flags: string, width: string, precision: string | null): FormatResult {
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-';
  const spec = (): string => {
    if (!width) return '';
    if (zero && 'diouxXeEfFgG'.includes(type)) return '0=';
    return left ? ' <' : ' >';
  };
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      const s = type === 's' ? strOf(v) : reprOf(v);
      if (typeof s !== 'string') return s;
      const body = precision !== null ? [...s].slice(0, Number(precision || 0)).join('') : s;
      const w = Number(width || 0);
      const n = w - [...body].length;
      return n > 0 ? (left ? body + ' '.repeat(n) : ' '.repeat(n) + body) : body;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      if (v.kind !== 'int' && v.kind !== 'bool' && v.kind !== 'float') {
        return new FormatError('TypeError', `%${type} format: a real number is required, not ${v.kind}`);
      }
      if (v.kind === 'float' && 'oxX'.includes(type)) return new FormatError('TypeError', `%${type} format: an integer is required, not float`);
      const n = Math.trunc(numValue(v));
      const t = type === 'i' || type === 'u' ? 'd' : type;
      const s = `${spec()}${sign === '-' ? '' : sign}${flags.includes('#') ? '#' : ''}${width}${t}`;
      return formatValue({ kind: 'int', value: n }, s);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (v.kind !== 'int' && v.kind !== 'bool' && v.kind !== 'float') return new FormatError('TypeError', 'must be real number, not ' + v.kind);
      const s = `${spec()}${sign === '-' ? '' : sign}${flags.includes('#') ? '#' : ''}${width}.${precision === null ? 6 : Number(precision || 0)}${type}`;
      return formatValue({ kind: 'float', value: numValue(v) }, s);
    }
    case 'c': {
      if (v.kind === 'str' && [...v.value].length === 1) return v.value;
      if (v.kind === 'int') return String.fromCodePoint(v.value);
      return new FormatError('TypeError', '%c requires an int or a unicode character');
    }
    default:
      return new FormatError('ValueError', `unsupported format character '${type}'`);
  }
}

// ------------------------------------------------------------------ str.format

/** Field lookup used by str.format for `{0.attr}` / `{0[key]}`. */
export type FieldAccess = (base: PyValue, accessor: { attr: string } | { index: string }) => PyValue | FormatError;

/** `fmt.format(*args, **kwargs)`. */
export function strFormat(fmt: string, args: PyValue[], kwargs: Map<string, PyValue>, access: FieldAccess, depth = 0): FormatResult {
  if (depth > 2) return new FormatError('ValueError', 'Max string recursion exceeded');
  let out = '';
  let auto = 0;
  let mode: 'auto' | 'manual' | null = null;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      return new FormatError('ValueError', "Single '}' encountered in format string");
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // Find the matching close brace (the spec may hold nested fields).
    let j = i + 1;
    let nest = 1;
    let inBracket = false;
    while (j < fmt.length) {
      const d = fmt[j];
      if (d === '[') inBracket = true;
      else if (d === ']') inBracket = false;
      else if (!inBracket && d === '{') nest++;
      else if (!inBracket && d === '}') {
        nest--;
        if (!nest) break;
      }
      j++;
    }
    if (nest) return new FormatError('ValueError', "expected '}' before end of string");
    const field = fmt.slice(i + 1, j);
    i = j + 1;
    // Split field into name, conversion and spec.
    let k = 0;
    let bracket = false;
    while (k < field.length) {
      const d = field[k];
      if (d === '[') bracket = true;
      else if (d === ']') bracket = false;
      else if (!bracket && (d === '!' || d === ':')) break;
      k++;
    }
    const name = field.slice(0, k);
    let conversion: string | null = null;
    let spec = '';
    if (field[k] === '!') {
      conversion = field[k + 1] ?? '';
      if (!'sra'.includes(conversion) || !conversion) return new FormatError('ValueError', 'Unknown conversion specifier ' + conversion);
      k += 2;
      if (k < field.length && field[k] !== ':') return new FormatError('ValueError', "expected ':' after conversion specifier");
    }
    if (field[k] === ':') spec = field.slice(k + 1);
    // First part of the name: index, keyword or automatic numbering.
    const m = /^([^.[]*)(.*)$/s.exec(name) as RegExpExecArray;
    const first = m[1];
    let value: PyValue;
    if (first === '') {
      if (mode === 'manual') return new FormatError('ValueError', 'cannot switch from manual field specification to automatic field numbering');
      mode = 'auto';
      if (auto >= args.length) return new FormatError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      value = args[auto++];
    } else if (/^\d+$/.test(first)) {
      if (mode === 'auto') return new FormatError('ValueError', 'cannot switch from automatic field numbering to manual field specification');
      mode = 'manual';
      const n = Number(first);
      if (n >= args.length) return new FormatError('IndexError', `Replacement index ${n} out of range for positional args tuple`);
      value = args[n];
    } else {
      const v = kwargs.get(first);
      if (!v) return new FormatError('KeyError', `'${first}'`);
      value = v;
    }
    let rest = m[2];
    while (rest) {
      let acc: { attr: string } | { index: string };
      const am = /^\.([^.[]+)/.exec(rest);
      if (am) {
        acc = { attr: am[1] };
        rest = rest.slice(am[0].length);
      } else {
        const im = /^\[([^\]]+)\]/.exec(rest);
        if (!im) return new FormatError('ValueError', 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
        acc = { index: im[1] };
        rest = rest.slice(im[0].length);
      }
      if (value.kind === 'unknown') return value;
      const r = access(value, acc);
      if (r instanceof FormatError) return r;
      value = r;
    }
    if (spec.includes('{')) {
      const s = strFormat(spec, args, kwargs, access, depth + 1);
      if (typeof s !== 'string') return s;
      spec = s;
    }
    const converted = convertField(value, conversion);
    const s = formatValue(converted, spec);
    if (typeof s !== 'string') return s;
    out += s;
  }
  return out;
}
