/**
 * Python semantics that several builtins share: slice indices, ordering and sorting, str.split
 * and strip, int()/float() parsing and round().
 */
import { fixedDigits } from '../format';
import { numValue } from '../valueOps';
import { typeName, unknown, type CallContext, type PyUnknown, type PyValue } from '../values';

/** CPython's slice index adjustment; a string is the TypeError/ValueError message. */
export function sliceIndices(len: number, lo: PyValue, hi: PyValue, st: PyValue): { start: number; stop: number; step: number } | string {
  const intOf = (v: PyValue): number | null | string => {
    if (v.kind === 'none') return null;
    if (v.kind === 'int' || v.kind === 'bool') return numValue(v);
    return 'slice indices must be integers or None or have an __index__ method';
  };
  const s = intOf(st);
  if (typeof s === 'string') return s;
  const step = s ?? 1;
  if (step === 0) return 'slice step cannot be zero';
  const a = intOf(lo);
  const b = intOf(hi);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  const adjust = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    let x = v;
    if (x < 0) {
      x += len;
      if (x < 0) x = step < 0 ? -1 : 0;
    } else if (x >= len) x = step < 0 ? len - 1 : len;
    return x;
  };
  return { start: adjust(a, step < 0 ? len - 1 : 0), stop: adjust(b, step < 0 ? -1 : len), step };
}

/** Ordering for sorted()/min()/max(): negative, zero or positive; unknown/TypeError otherwise. */
export function compareValues(ctx: CallContext, a: PyValue, b: PyValue): number | PyUnknown {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  const num = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
  if (num(a) && num(b)) return numValue(a as never) - numValue(b as never);
  if (a.kind === 'str' && b.kind === 'str') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === 'path' && b.kind === 'path') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if ((a.kind === 'tuple' && b.kind === 'tuple') || (a.kind === 'list' && b.kind === 'list')) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(ctx, a.items[i], b.items[i]);
      if (typeof c !== 'number' || c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  return ctx.rt.raise('TypeError', `'<' not supported between instances of '${typeName(b)}' and '${typeName(a)}'`);
}

/** sorted(items, key=…, reverse=…) with Python's ordering; unknown when an order depends on an
 * unknown.
 */
export async function sortValues(ctx: CallContext, items: PyValue[], key: PyValue | undefined, reverse: boolean): Promise<PyValue[] | PyUnknown> {
  const keyed: { k: PyValue; v: PyValue }[] = [];
  for (const v of items) {
    const k = key && key.kind !== 'none' ? await ctx.rt.callValue(key, [v], null, ctx.frame, null) : v;
    if (k.kind === 'unknown') return k;
    keyed.push({ k, v });
  }
  let failure: PyUnknown | null = null;
  keyed.sort((x, y) => {
    const c = compareValues(ctx, x.k, y.k);
    if (typeof c !== 'number') {
      failure ??= c;
      return 0;
    }
    return reverse ? -c : c;
  });
  if (failure) return failure;
  return keyed.map((x) => x.v);
}

const WS = ' \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
/** True for a character str.split() and str.strip() treat as whitespace. */
export function isWs(c: string): boolean {
  return WS.includes(c);
}

// Every character of WS is in the BMP, so a class of them needs no surrogate handling; the
// regular expressions keep long strings from being spread into arrays of characters.
const WS_CLASS = `[${WS.replace(/[\]\\^-]/g, '\\$&')}]`;
const WS_RUN = new RegExp(`${WS_CLASS}+`);
const WS_LEAD = new RegExp(`^${WS_CLASS}+`);
const WS_TRAIL = new RegExp(`${WS_CLASS}+$`);

/** str.strip / lstrip / rstrip of `chars` (whitespace when null). */
export function stripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === null) {
    let out = left ? s.replace(WS_LEAD, '') : s;
    if (right) out = out.replace(WS_TRAIL, '');
    return out;
  }
  const test = chars === null ? isWs : (c: string): boolean => chars.includes(c);
  const arr = [...s];
  let a = 0;
  let b = arr.length;
  if (left) while (a < b && test(arr[a])) a++;
  if (right) while (b > a && test(arr[b - 1])) b--;
  return arr.slice(a, b).join('');
}

const WS_CODES = new Set([...WS].map((c) => c.charCodeAt(0)));

/** How many parts str.split would return (without building them). */
export function countSplitParts(s: string, sep: string | null, maxsplit: number): number {
  let n = 0;
  if (sep === null) {
    let inWord = false;
    for (let i = 0; i < s.length; i++) {
      const word = !WS_CODES.has(s.charCodeAt(i));
      if (word && !inWord) n++;
      inWord = word;
    }
  } else {
    n = 1;
    for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) n++;
  }
  return maxsplit >= 0 ? Math.min(n, maxsplit + 1) : n;
}

/** str.split / str.rsplit with Python's whitespace and maxsplit rules. */
export function splitStr(s: string, sep: string | null, maxsplit: number, fromRight: boolean): string[] {
  if (sep === null && maxsplit < 0) return s.split(WS_RUN).filter((w) => w !== '');
  if (sep === null) {
    const out: string[] = [];
    const chars = [...s];
    if (!fromRight) {
      let i = 0;
      while (i < chars.length) {
        while (i < chars.length && isWs(chars[i])) i++;
        if (i >= chars.length) break;
        if (maxsplit >= 0 && out.length >= maxsplit) {
          out.push(stripChars(chars.slice(i).join(''), null, false, true));
          break;
        }
        let j = i;
        while (j < chars.length && !isWs(chars[j])) j++;
        out.push(chars.slice(i, j).join(''));
        i = j;
      }
      return out;
    }
    let i = chars.length;
    while (i > 0) {
      while (i > 0 && isWs(chars[i - 1])) i--;
      if (i <= 0) break;
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(stripChars(chars.slice(0, i).join(''), null, true, false));
        break;
      }
      let j = i;
      while (j > 0 && !isWs(chars[j - 1])) j--;
      out.push(chars.slice(j, i).join(''));
      i = j;
    }
    return out.reverse();
  }
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length - 1 <= maxsplit) return parts;
  if (!fromRight) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
}

/** int(x) / int(x, base) semantics for strings; null when invalid. */
export function parseIntStr(text: string, base: number): number | null | PyUnknown {
  let s = stripChars(text, null, true, true);
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([xXoObB])/.exec(s);
  if (prefix) {
    const pb = { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'];
    if (b === 0 || b === pb) {
      b = pb;
      s = s.slice(2);
      if (s.startsWith('_')) s = s.slice(1);
    }
  } else if (b === 0) {
    if (/^0+(_?0)*$/.test(s)) return 0;
    if (s.startsWith('0')) return null;
    b = 10;
  }
  if (!s || !/^[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(s)) return null;
  s = s.replace(/_/g, '');
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  const lower = s.toLowerCase();
  for (const c of lower) if (!digits.includes(c)) return null;
  // More digits than 2**53 has in base 2 cannot be a safe integer (and the BigInt loop below is
  // quadratic in the number of digits: int("9" * 1_000_000) must not take minutes).
  if (lower.replace(/^0+/, '').length > 53) return unknown('an integer too large to evaluate exactly');
  let big = 0n;
  for (const c of lower) big = big * BigInt(b) + BigInt(digits.indexOf(c));
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return unknown('an integer too large to evaluate exactly');
  return sign * Number(big);
}

/** float(str) semantics; null when invalid. */
export function parseFloatStr(text: string): number | null {
  const s = stripChars(text, null, true, true).toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(s);
  if (m) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)(e[+-]?\d(_?\d)*)?$/.test(s)) return null;
  return Number(s.replace(/_/g, ''));
}

/** Python's round() for floats: exact, half to even. */
export function pyRound(x: number, nd: number): number {
  if (!Number.isFinite(x)) return x;
  if (nd < 0) {
    const f = 10 ** -nd;
    return pyRound(x / f, 0) * f;
  }
  const s = fixedDigits(Math.abs(x), nd);
  const v = Number(s);
  return x < 0 ? -v : v;
}
