/**
 * The methods of str (s.lower(), s.split(), s.format() …). Methods receive their receiver as
 * args[0], so the same implementation serves `s.lower()` and `str.lower(s)`.
 */
import { refuseItems, refuseStr } from '../charge';
import { iterate } from '../containers';
import { FormatError, strFormat } from '../format';
import { hashKey, truthy } from '../valueOps';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  TRUE,
  typeName,
  unknown,
  type CallContext,
  type PyUnknown,
  type PyValue,
} from '../values';
import { bindArgs, firstUnknown, methods, needInt, needStr, type Kw } from './args';
import { countSplitParts, isWs, sliceIndices, splitStr, stripChars } from './common';
import { isPyExceptionOf } from './functions';

function strOrUnknown(ctx: CallContext, v: PyValue | undefined, what: string): string | PyUnknown {
  if (v && v.kind === 'unknown') return v;
  return needStr(ctx, v, what);
}

/** The methods of str, by name. */
export const STR_METHODS = methods({
  lower: (_c, s) => strValue((s as { value: string }).value.toLowerCase()),
  upper: (_c, s) => strValue((s as { value: string }).value.toUpperCase()),
  casefold: (_c, s) => strValue((s as { value: string }).value.toLowerCase()),
  swapcase: (_c, s) => strValue([...(s as { value: string }).value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
  strip: (c, s, a) => stripMethod(c, s, a, true, true),
  lstrip: (c, s, a) => stripMethod(c, s, a, true, false),
  rstrip: (c, s, a) => stripMethod(c, s, a, false, true),
  split: (c, s, a, k) => splitMethod(c, s, a, k, false),
  rsplit: (c, s, a, k) => splitMethod(c, s, a, k, true),
  splitlines: (c, s, a, k) => {
    const [keep] = bindArgs(c, 'splitlines', a, k, ['keepends']);
    const text = (s as { value: string }).value;
    const parts = text.split(/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])/);
    const tooMany = refuseItems(c, parts.length / 2);
    if (tooMany) return tooMany;
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const line = parts[i] + (keep && truthy(keep) === true ? (parts[i + 1] ?? '') : '');
      if (i + 1 < parts.length || parts[i] !== '') out.push(line);
    }
    return pyList(out.map(strValue));
  },
  join: (c, s, a) => {
    const [it] = bindArgs(c, 'join', a, null, ['iterable'], 1) as [PyValue];
    const items = iterate(it);
    if (isUnknown(items)) return items;
    const parts: string[] = [];
    for (const v of items) {
      if (v.kind === 'unknown') return v;
      if (v.kind !== 'str') return c.rt.raise('TypeError', `sequence item ${parts.length}: expected str instance, ${typeName(v)} found`);
      parts.push(v.value);
    }
    const sep = (s as { value: string }).value;
    const tooLong = refuseStr(c, parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1));
    if (tooLong) return tooLong;
    return strValue(parts.join(sep));
  },
  startswith: (c, s, a) => affix(c, s, a, 'startswith'),
  endswith: (c, s, a) => affix(c, s, a, 'endswith'),
  replace: (c, s, a, k) => {
    const [o, n, cnt] = bindArgs(c, 'replace', a, k, ['old', 'new', 'count'], 2) as [PyValue, PyValue, PyValue | undefined];
    const u = firstUnknown(o, n, cnt);
    if (u) return u;
    const old = needStr(c, o, 'replace() argument 1');
    const nw = needStr(c, n, 'replace() argument 2');
    let count = cnt ? needInt(c, cnt, 'count') : -1;
    const text = (s as { value: string }).value;
    // What the result can grow to is checked before it is built (twenty rounds of
    // X = X.replace("a", "aa") would otherwise outgrow the heap).
    const growth = Math.max(0, nw.length - old.length);
    const most = old === '' ? text.length + 1 : Math.floor(text.length / old.length);
    const tooLong = refuseStr(c, text.length + growth * (count < 0 ? most : Math.min(count, most)));
    if (tooLong) return tooLong;
    if (old === '') {
      const chars = [...text];
      let out = '';
      for (let i = 0; i <= chars.length; i++) {
        if (count !== 0) {
          out += nw;
          count--;
        }
        if (i < chars.length) out += chars[i];
      }
      return strValue(out);
    }
    if (count < 0) return strValue(text.split(old).join(nw));
    let out = '';
    let rest = text;
    while (count-- > 0) {
      const i = rest.indexOf(old);
      if (i < 0) break;
      out += rest.slice(0, i) + nw;
      rest = rest.slice(i + old.length);
    }
    return strValue(out + rest);
  },
  format: (c, s, a, k) => {
    const r = strFormat((s as { value: string }).value, a, k ?? new Map(), (base, acc) => fieldAccess(c, base, acc));
    if (r instanceof FormatError) return c.rt.raise(r.type, r.message);
    return typeof r === 'string' ? strValue(r) : unknown(r.reason, r.range ?? c.range);
  },
  format_map: (c, s, a) => {
    const [m] = bindArgs(c, 'format_map', a, null, ['mapping'], 1) as [PyValue];
    if (m.kind === 'unknown') return m;
    if (m.kind !== 'dict') return unknown('format_map with a non-dict mapping is not evaluated', c.range);
    const kw = new Map<string, PyValue>();
    for (const e of m.entries.values()) if (e.key.kind === 'str') kw.set(e.key.value, e.value);
    const r = strFormat((s as { value: string }).value, [], kw, (base, acc) => fieldAccess(c, base, acc));
    if (r instanceof FormatError) return c.rt.raise(r.type, r.message);
    return typeof r === 'string' ? strValue(r) : r;
  },
  find: (c, s, a) => findMethod(c, s, a, false, false),
  rfind: (c, s, a) => findMethod(c, s, a, true, false),
  index: (c, s, a) => findMethod(c, s, a, false, true),
  rindex: (c, s, a) => findMethod(c, s, a, true, true),
  count: (c, s, a) => {
    const [sub] = bindArgs(c, 'count', a, null, ['sub', 'start', 'end'], 1) as [PyValue];
    if (sub.kind === 'unknown') return sub;
    const t = needStr(c, sub, 'count() argument');
    const text = (s as { value: string }).value;
    if (t === '') return pyInt([...text].length + 1);
    return pyInt(text.split(t).length - 1);
  },
  // Python's isdigit also accepts superscript, subscript and circled digits.
  isdigit: (_c, s) => pyBool(/^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u.test((s as { value: string }).value)),
  isdecimal: (_c, s) => pyBool(/^\p{Nd}+$/u.test((s as { value: string }).value)),
  isnumeric: (_c, s) => pyBool(/^\p{N}+$/u.test((s as { value: string }).value)),
  isalpha: (_c, s) => pyBool(/^\p{L}+$/u.test((s as { value: string }).value)),
  isalnum: (_c, s) => pyBool(/^[\p{L}\p{N}]+$/u.test((s as { value: string }).value)),
  isspace: (_c, s) => pyBool((s as { value: string }).value.length > 0 && [...(s as { value: string }).value].every(isWs)),
  islower: (_c, s) => {
    const v = (s as { value: string }).value;
    return pyBool(/\p{Ll}/u.test(v) && !/\p{Lu}|\p{Lt}/u.test(v));
  },
  isupper: (_c, s) => {
    const v = (s as { value: string }).value;
    return pyBool(/\p{Lu}/u.test(v) && !/\p{Ll}|\p{Lt}/u.test(v));
  },
  isidentifier: (_c, s) => pyBool(/^[\p{L}_][\p{L}\p{N}_]*$/u.test((s as { value: string }).value)),
  title: (_c, s) => strValue((s as { value: string }).value.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())),
  capitalize: (_c, s) => {
    const v = (s as { value: string }).value;
    return strValue(v ? v[0].toUpperCase() + v.slice(1).toLowerCase() : v);
  },
  zfill: (c, s, a) => {
    const [w] = bindArgs(c, 'zfill', a, null, ['width'], 1) as [PyValue];
    if (w.kind === 'unknown') return w;
    const width = needInt(c, w, 'width');
    const v = (s as { value: string }).value;
    const tooLong = width > v.length ? refuseStr(c, width) : null;
    if (tooLong) return tooLong;
    const sign = v.startsWith('-') || v.startsWith('+') ? v[0] : '';
    const body = sign ? v.slice(1) : v;
    return strValue(sign + body.padStart(Math.max(0, width - sign.length), '0'));
  },
  center: (c, s, a) => justify(c, s, a, 'center'),
  ljust: (c, s, a) => justify(c, s, a, 'ljust'),
  rjust: (c, s, a) => justify(c, s, a, 'rjust'),
  partition: (c, s, a) => partition(c, s, a, false),
  rpartition: (c, s, a) => partition(c, s, a, true),
  removeprefix: (c, s, a) => {
    const p = strOrUnknown(c, a[0], 'removeprefix() argument');
    if (typeof p !== 'string') return p;
    const v = (s as { value: string }).value;
    return strValue(p && v.startsWith(p) ? v.slice(p.length) : v);
  },
  removesuffix: (c, s, a) => {
    const p = strOrUnknown(c, a[0], 'removesuffix() argument');
    if (typeof p !== 'string') return p;
    const v = (s as { value: string }).value;
    return strValue(p && v.endsWith(p) ? v.slice(0, -p.length) : v);
  },
  encode: (c) => unknown('bytes values are not evaluated', c.range),
  expandtabs: (c) => unknown('str.expandtabs is not evaluated', c.range),
  __len__: (_c, s) => pyInt([...(s as { value: string }).value].length),
});

function stripMethod(c: CallContext, s: PyValue, a: PyValue[], left: boolean, right: boolean): PyValue {
  const [chars] = bindArgs(c, 'strip', a, null, ['chars']);
  if (chars && chars.kind === 'unknown') return chars;
  const cs = chars && chars.kind !== 'none' ? needStr(c, chars, 'strip arg') : null;
  return strValue(stripChars((s as { value: string }).value, cs, left, right));
}

function splitMethod(c: CallContext, s: PyValue, a: PyValue[], k: Kw, fromRight: boolean): PyValue {
  const [sepV, maxV] = bindArgs(c, 'split', a, k, ['sep', 'maxsplit']);
  const u = firstUnknown(sepV, maxV);
  if (u) return u;
  const sep = sepV && sepV.kind !== 'none' ? needStr(c, sepV, 'must be str or None') : null;
  if (sep === '') return c.rt.raise('ValueError', 'empty separator');
  const max = maxV ? needInt(c, maxV, 'maxsplit') : -1;
  const text = (s as { value: string }).value;
  // Counted before the parts are built: a long string may split into more than a list may hold.
  const tooMany = text.length > c.rt.budget.limits.maxItems ? refuseItems(c, countSplitParts(text, sep, max)) : null;
  if (tooMany) return tooMany;
  const parts = splitStr(text, sep, max, fromRight);
  return refuseItems(c, parts.length) ?? pyList(parts.map(strValue));
}

function affix(c: CallContext, s: PyValue, a: PyValue[], which: 'startswith' | 'endswith'): PyValue {
  const [p, startV, endV] = bindArgs(c, which, a, null, ['prefix', 'start', 'end'], 1) as [PyValue, PyValue | undefined, PyValue | undefined];
  const u = firstUnknown(p, startV, endV);
  if (u) return u;
  let text = (s as { value: string }).value;
  if (startV || endV) {
    const idx = sliceIndices(text.length, startV ?? NONE, endV ?? NONE, NONE);
    if (typeof idx === 'string') return c.rt.raise('TypeError', idx);
    text = text.slice(idx.start, Math.max(idx.start, idx.stop));
  }
  const options = p.kind === 'tuple' ? p.items : [p];
  for (const o of options) {
    if (o.kind === 'unknown') return o;
    if (o.kind !== 'str') return c.rt.raise('TypeError', `${which} first arg must be str or a tuple of str, not ${typeName(o)}`);
    if (which === 'startswith' ? text.startsWith(o.value) : text.endsWith(o.value)) return TRUE;
  }
  return FALSE;
}

function findMethod(c: CallContext, s: PyValue, a: PyValue[], fromRight: boolean, raiseIfMissing: boolean): PyValue {
  const [sub] = bindArgs(c, 'find', a, null, ['sub', 'start', 'end'], 1) as [PyValue];
  if (sub.kind === 'unknown') return sub;
  const t = needStr(c, sub, 'find() argument');
  const text = (s as { value: string }).value;
  if (a.length > 1) return unknown('str.find with start/end is not evaluated', c.range);
  const i = fromRight ? text.lastIndexOf(t) : text.indexOf(t);
  if (i < 0 && raiseIfMissing) return c.rt.raise('ValueError', 'substring not found');
  // Code-point index, like Python.
  return pyInt(i < 0 ? -1 : [...text.slice(0, i)].length);
}

function justify(c: CallContext, s: PyValue, a: PyValue[], which: string): PyValue {
  const [w, f] = bindArgs(c, which, a, null, ['width', 'fillchar'], 1) as [PyValue, PyValue | undefined];
  const u = firstUnknown(w, f);
  if (u) return u;
  const width = needInt(c, w, 'width');
  const fill = f ? needStr(c, f, 'fillchar') : ' ';
  const v = (s as { value: string }).value;
  const n = width - [...v].length;
  if (n <= 0) return strValue(v);
  const tooLong = refuseStr(c, v.length + n * fill.length);
  if (tooLong) return tooLong;
  if (which === 'ljust') return strValue(v + fill.repeat(n));
  if (which === 'rjust') return strValue(fill.repeat(n) + v);
  // CPython centers with the extra fill on the right unless both lengths are odd.
  const left = Math.floor(n / 2) + (n & width & 1);
  return strValue(fill.repeat(left) + v + fill.repeat(n - left));
}

function partition(c: CallContext, s: PyValue, a: PyValue[], fromRight: boolean): PyValue {
  const [sepV] = bindArgs(c, 'partition', a, null, ['sep'], 1) as [PyValue];
  if (sepV.kind === 'unknown') return sepV;
  const sep = needStr(c, sepV, 'sep');
  if (!sep) return c.rt.raise('ValueError', 'empty separator');
  const v = (s as { value: string }).value;
  const i = fromRight ? v.lastIndexOf(sep) : v.indexOf(sep);
  if (i < 0) return pyTuple(fromRight ? [strValue(''), strValue(''), strValue(v)] : [strValue(v), strValue(''), strValue('')]);
  return pyTuple([strValue(v.slice(0, i)), strValue(sep), strValue(v.slice(i + sep.length))]);
}

function fieldAccess(c: CallContext, base: PyValue, acc: { attr: string } | { index: string }): PyValue | FormatError {
  try {
    if ('attr' in acc) return c.rt.getAttr(base, acc.attr, c.frame, null);
    const key: PyValue = /^\d+$/.test(acc.index) ? { kind: 'int', value: Number(acc.index) } : strValue(acc.index);
    if (base.kind === 'dict') {
      const k = hashKey(key) as string;
      const e = base.entries.get(k);
      if (!e) return new FormatError('KeyError', `'${acc.index}'`);
      return e.value;
    }
    if ((base.kind === 'list' || base.kind === 'tuple') && key.kind === 'int') {
      const v = base.items[key.value];
      return v ?? new FormatError('IndexError', 'list index out of range');
    }
    return unknown('format field indexing is not evaluated for this value');
  } catch (e) {
    if (isPyExceptionOf(e, 'AttributeError')) return new FormatError('TypeError', `attribute ${'attr' in acc ? acc.attr : ''} not found`);
    throw e;
  }
}
