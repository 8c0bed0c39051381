/**
 * Expressions. Every evaluation counts against the step budget and the nesting limit, so hostile
 * or huge input ends as unknown instead of hanging the host.
 */
import type { CompFor, Expr, FPart, Literal, Span } from '../ast';
import { capResult } from '../charge';
import { dictSet, iterate, makeSet } from '../containers';
import { convertField, FormatError, formatValue } from '../format';
import { mergeValues, numValue, truthy } from '../valueOps';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  pyTuple,
  strValue,
  TRUE,
  typeName,
  unknown,
  type Frame,
  type PyDict,
  type PyUnknown,
  type PyValue,
} from '../values';
import { clip, MAX_ITERATIONS, type Evaluator } from './evaluator';
import { setName } from './names';

/** Evaluates an expression (one step, one level of the nesting limit). */
export async function evalExpr(ip: Evaluator, e: Expr, frame: Frame): Promise<PyValue> {
  ip.step();
  if (++ip.depth > ip.limits.maxDepth) {
    ip.depth--;
    return unknown(`the expression is too complex (nested deeper than ${ip.limits.maxDepth})`, ip.rangeOf(e, frame.module));
  }
  try {
    return await evalInner(ip, e, frame);
  } finally {
    ip.depth--;
  }
}

async function evalInner(ip: Evaluator, e: Expr, frame: Frame): Promise<PyValue> {
  switch (e.t) {
    case 'Name':
      return ip.lookup(e.id, frame, e);
    case 'Const':
      return literalValue(e.value);
    case 'Attr': {
      const obj = await ip.evalExpr(e.obj, frame);
      return ip.getAttr(obj, e.attr, frame, e);
    }
    case 'Call':
      return ip.evalCall(e, frame);
    case 'BinOp': {
      const l = await ip.evalExpr(e.left, frame);
      const r = await ip.evalExpr(e.right, frame);
      return ip.binaryOp(e.op, l, r, frame, e);
    }
    case 'Subscript': {
      const obj = await ip.evalExpr(e.obj, frame);
      if (e.index.t === 'Slice') {
        const lo = e.index.lower ? await ip.evalExpr(e.index.lower, frame) : NONE;
        const hi = e.index.upper ? await ip.evalExpr(e.index.upper, frame) : NONE;
        const st = e.index.step ? await ip.evalExpr(e.index.step, frame) : NONE;
        return ip.getSlice(obj, lo, hi, st, frame, e);
      }
      const key = await ip.evalExpr(e.index, frame);
      return ip.getItem(obj, key, frame, e);
    }
    case 'FString':
      return evalFString(ip, e.parts, frame, e);
    case 'Concat': {
      let out = '';
      for (const p of e.parts) {
        const v = await ip.evalExpr(p, frame);
        if (v.kind === 'unknown') return v;
        if (v.kind !== 'str') return ip.raise('SyntaxError', 'cannot mix bytes and nonbytes literals');
        out += v.value;
      }
      return strValue(out);
    }
    case 'BoolOp': {
      const l = await ip.evalExpr(e.left, frame);
      const t = truthy(l);
      if (t !== true && t !== false) {
        // `X or default` with X unknown: the result is unknown either way.
        return unknown(t.reason, t.range);
      }
      if (e.op === 'and') return t ? ip.evalExpr(e.right, frame) : l;
      return t ? l : ip.evalExpr(e.right, frame);
    }
    case 'Not': {
      const t = truthy(await ip.evalExpr(e.operand, frame));
      return typeof t === 'boolean' ? pyBool(!t) : t;
    }
    case 'Unary': {
      const v = await ip.evalExpr(e.operand, frame);
      if (v.kind === 'unknown') return v;
      if (v.kind === 'int' || v.kind === 'bool') {
        const n = numValue(v);
        return e.op === '-' ? pyInt(-n) : e.op === '+' ? pyInt(n) : pyInt(~n);
      }
      if (v.kind === 'float' && e.op !== '~') return pyFloat(e.op === '-' ? -v.value : v.value);
      return ip.raise('TypeError', `bad operand type for unary ${e.op}: '${typeName(v)}'`);
    }
    case 'Compare':
      return evalCompare(ip, e, frame);
    case 'IfExp': {
      const t = truthy(await ip.evalExpr(e.test, frame));
      if (t === true) return ip.evalExpr(e.body, frame);
      if (t === false) return ip.evalExpr(e.orelse, frame);
      const reason = `depends on \`${ip.textOf(e.test, frame.module)}\`, which is unknown: ${clip(t.reason)}`;
      const a = await ip.evalExpr(e.body, frame);
      const b = await ip.evalExpr(e.orelse, frame);
      const m = mergeValues(a, b, reason, new Map());
      return m.kind === 'unknown' && !m.range ? unknown(m.reason, ip.rangeOf(e, frame.module)) : m;
    }
    case 'List':
    case 'Tuple':
    case 'Set': {
      const items: PyValue[] = [];
      for (const el of e.elts) {
        if (el.t === 'Starred') {
          const v = await ip.evalExpr(el.value, frame);
          const it = iterate(v);
          if (isUnknown(it)) {
            if (e.t === 'List') return { kind: 'list', items, poisoned: it.reason };
            return it;
          }
          for (const x of it) items.push(x);
        } else items.push(await ip.evalExpr(el, frame));
      }
      if (e.t === 'List') return pyList(items);
      if (e.t === 'Tuple') return pyTuple(items);
      return makeSet(items, false);
    }
    case 'Dict': {
      const d: PyDict = { kind: 'dict', entries: new Map() };
      for (let i = 0; i < e.keys.length; i++) {
        const k = e.keys[i];
        if (k === null) {
          await ip.dictUpdate(d, await ip.evalExpr(e.values[i], frame), null, frame);
          continue;
        }
        const key = await ip.evalExpr(k, frame);
        const value = await ip.evalExpr(e.values[i], frame);
        dictSet(d, key, value);
      }
      return d;
    }
    case 'Comp':
      return evalComp(ip, e, frame);
    case 'Lambda':
      return ip.makeFunction('<lambda>', e.params, null, e.body, frame);
    case 'NamedExpr': {
      const v = await ip.evalExpr(e.value, frame);
      setName(e.target, v, frame, ip.rangeOf(e.value, frame.module));
      return v;
    }
    case 'Starred':
      return ip.raise('SyntaxError', "can't use starred expression here");
    case 'Slice':
      return ip.raise('SyntaxError', 'invalid slice');
    case 'Bad':
      return unknown(e.reason, ip.rangeOf(e, frame.module));
  }
}

async function evalFString(ip: Evaluator, parts: FPart[], frame: Frame, site: Span): Promise<PyValue> {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    let v = await ip.evalExpr(p.expr, frame);
    if (v.kind === 'unknown') return v;
    let spec = '';
    if (p.spec) {
      const s = await evalFString(ip, p.spec, frame, site);
      if (s.kind !== 'str') return s;
      spec = s.value;
    }
    let conversion = p.conversion;
    if (p.selfDoc !== null) {
      out += p.selfDoc;
      if (!conversion && !p.spec) conversion = 'r';
    }
    v = convertField(v, conversion);
    const r = formatValue(v, spec);
    if (r instanceof FormatError) return ip.raise(r.type, r.message);
    if (typeof r !== 'string') return unknown(r.reason, r.range ?? ip.rangeOf(site, frame.module));
    out += r;
  }
  return capResult(ip.budget, strValue(out), () => ip.rangeOf(site, frame.module));
}

async function evalCompare(ip: Evaluator, e: Expr & { t: 'Compare' }, frame: Frame): Promise<PyValue> {
  let left = await ip.evalExpr(e.left, frame);
  let pending: PyUnknown | null = null;
  for (let i = 0; i < e.ops.length; i++) {
    const right = await ip.evalExpr(e.rights[i], frame);
    const r = ip.compare(e.ops[i], left, right, frame);
    if (r === false) return FALSE;
    if (r !== true && !pending) pending = r;
    left = right;
  }
  return pending ? unknown(pending.reason, pending.range ?? ip.rangeOf(e, frame.module)) : TRUE;
}

async function evalComp(ip: Evaluator, e: Expr & { t: 'Comp' }, frame: Frame): Promise<PyValue> {
  // A comprehension has its own scope (its loop variable does not leak, as in Python 3), which
  // closes over the enclosing function but never over a class body.
  const inner: Frame = { module: frame.module, locals: new Map(), globalDecl: null, closure: frame.locals && !frame.isClass ? frame : frame.closure, isClass: false };
  const out: PyValue[] = [];
  const d: PyDict | null = e.kind === 'dict' ? { kind: 'dict', entries: new Map() } : null;
  let count = 0;
  const origin = ip.rangeOf(e, frame.module);
  const loop = async (g: number, f: Frame): Promise<PyUnknown | null> => {
    const gen: CompFor = e.gens[g];
    // The first iterable is evaluated in the enclosing scope, like Python.
    const iterable = await ip.evalExpr(gen.iter, g === 0 ? frame : f);
    const items = iterate(iterable);
    if (isUnknown(items)) return items;
    // Known to be too long before running a single iteration.
    if (count + items.length > MAX_ITERATIONS && !gen.ifs.length) return unknown(`the comprehension produces more than ${MAX_ITERATIONS} items`);
    for (const item of items) {
      if (++count > MAX_ITERATIONS) return unknown(`the comprehension produces more than ${MAX_ITERATIONS} items`);
      await ip.assign(gen.target, item, f, gen.iter);
      let keep = true;
      for (const cond of gen.ifs) {
        const t = truthy(await ip.evalExpr(cond, f));
        if (t === false) {
          keep = false;
          break;
        }
        if (t !== true) return unknown(`the filter \`${ip.textOf(cond, frame.module)}\` is unknown: ${t.reason}`, origin);
      }
      if (!keep) continue;
      if (g + 1 < e.gens.length) {
        const r = await loop(g + 1, f);
        if (r) return r;
        continue;
      }
      if (d) dictSet(d, await ip.evalExpr(e.elt, f), await ip.evalExpr(e.value as Expr, f));
      else out.push(await ip.evalExpr(e.elt, f));
    }
    return null;
  };
  const failed = await loop(0, inner);
  if (failed) return unknown(failed.reason, failed.range ?? origin);
  if (d) return d;
  if (e.kind === 'set') return makeSet(out, false);
  return pyList(out);
}

const literalCache = new WeakMap<Literal, PyValue>();
function literalValue(l: Literal): PyValue {
  let v = literalCache.get(l);
  if (v) return v;
  switch (l.k) {
    case 'none':
      v = NONE;
      break;
    case 'bool':
      v = pyBool(l.v);
      break;
    case 'int':
      v = pyInt(l.v);
      break;
    case 'float':
      v = pyFloat(l.v);
      break;
    case 'str':
      v = strValue(l.v);
      break;
    default:
      v = unknown('Ellipsis');
  }
  literalCache.set(l, v);
  return v;
}
