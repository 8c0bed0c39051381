/**
 * Named tuples: `class P(typing.NamedTuple)` with annotated fields and defaults, and
 * collections.namedtuple(name, fields, defaults=…). Instances are tuples that also answer their
 * field names as attributes (see PyTuple.named).
 */
import { bindArgs } from '../builtins/args';
import { iterate } from '../containers';
import {
  dictFromEntries,
  isUnknown,
  NONE,
  pyTuple,
  strValue,
  unknown,
  type CallContext,
  type ClassMeta,
  type NamedTupleInfo,
  type PyClass,
  type PyTuple,
  type PyValue,
} from '../values';
import { fn } from './shared';

interface TupleClass {
  fields: string[];
  defaults: Map<string, PyValue>;
  info: NamedTupleInfo;
}

const classes = new WeakMap<PyClass, TupleClass>();

/** Builds an instance of a named tuple type from call arguments, like the generated __new__. */
function construct(cls: PyClass, t: TupleClass, ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue {
  const bound = bindArgs(ctx, cls.name, args, kwargs, t.fields);
  const items: PyValue[] = [];
  for (let i = 0; i < t.fields.length; i++) {
    const v = bound[i] ?? t.defaults.get(t.fields[i]);
    if (v === undefined) return ctx.rt.raise('TypeError', `${cls.name}.__new__() missing 1 required positional argument: '${t.fields[i]}'`);
    items.push(v);
  }
  return namedTuple(items, t.info);
}

/** A tuple with field names. */
export function namedTuple(items: PyValue[], info: NamedTupleInfo): PyTuple {
  const t = pyTuple(items);
  t.named = info;
  return t;
}

/** Attributes of a named tuple instance: fields, _fields, _asdict(), _replace(). */
export function namedTupleAttr(self: PyTuple, name: string, ctx: CallContext): PyValue | undefined {
  const info = self.named;
  if (!info) return undefined;
  const i = info.fields.indexOf(name);
  if (i >= 0) return self.items[i];
  if (name === '_fields') return pyTuple(info.fields.map(strValue));
  if (name === '_asdict') return fn('_asdict', () => dictFromEntries(info.fields.map((f, j): [string, PyValue] => [f, self.items[j]])));
  if (name === '_replace') {
    return fn('_replace', (c, args, kwargs) => {
      if (args.length) return c.rt.raise('TypeError', '_replace() takes 1 positional argument');
      const items = self.items.slice();
      for (const [k, v] of kwargs ?? []) {
        const j = info.fields.indexOf(k);
        if (j < 0) return c.rt.raise('ValueError', `Got unexpected field names: ['${k}']`);
        items[j] = v;
      }
      return namedTuple(items, info);
    });
  }
  return info.attr?.(self, name, ctx);
}

function tupleClass(name: string, fields: string[], defaults: Map<string, PyValue>): TupleClass {
  return { fields, defaults, info: { typeName: name, fields } };
}

/** The metaclass behaviour of typing.NamedTuple subclasses. */
const NAMED_TUPLE_META: ClassMeta = {
  name: 'typing.NamedTuple',
  created(cls, ctx, otherBases, annotated) {
    if (otherBases.length || cls.bases.some((b) => b.meta !== NAMED_TUPLE_META)) return unknown(`the named tuple ${cls.name} has bases that are not evaluated`, ctx.range);
    const inherited = cls.bases.map((b) => classes.get(b)).find(Boolean);
    if (inherited && annotated.length) return ctx.rt.raise('TypeError', 'can only inherit from a NamedTuple type and Generic');
    const fields = inherited?.fields ?? annotated;
    const defaults = new Map(inherited?.defaults ?? []);
    let seenDefault = false;
    for (const f of fields) {
      const d = cls.attrs.get(f);
      if (d && !inherited) {
        defaults.set(f, d);
        seenDefault = true;
        cls.attrs.delete(f);
      } else if (seenDefault && !defaults.has(f)) {
        return ctx.rt.raise('TypeError', `Non-default namedtuple field ${f} cannot follow default field`);
      }
    }
    cls.opaqueBase = false;
    classes.set(cls, tupleClass(cls.name, fields, defaults));
    cls.attrs.set('_fields', pyTuple(fields.map(strValue)));
    return cls;
  },
  call(cls, ctx, args, kwargs) {
    const t = classes.get(cls);
    if (!t) return ctx.rt.raise('TypeError', `type '${cls.name}' is not an acceptable base type`);
    return construct(cls, t, ctx, args, kwargs);
  },
};

/** typing.NamedTuple: a base class (the functional form NamedTuple("P", [("x", int)]) is not evaluated). */
export const NAMED_TUPLE_BASE: PyClass = { kind: 'class', name: 'NamedTuple', bases: [], attrs: new Map(), mro: ['NamedTuple', 'tuple', 'object'], isException: false, meta: NAMED_TUPLE_META };

/** collections.namedtuple(typename, field_names, *, rename=False, defaults=None, module=None). */
export const NAMEDTUPLE_FACTORY = fn('namedtuple', (ctx, args, kwargs) => {
  const [typename, fieldNames, rename, defaults] = bindArgs(ctx, 'namedtuple', args, kwargs, ['typename', 'field_names', 'rename', 'defaults', 'module'], 2);
  if (!typename || typename.kind !== 'str') return unknown('namedtuple() with a name that is not known', ctx.range);
  if (rename && rename.kind !== 'none' && !(rename.kind === 'bool' && !rename.value)) return unknown('namedtuple(rename=True) is not evaluated', ctx.range);
  let fields: string[];
  if (fieldNames?.kind === 'str') fields = fieldNames.value.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  else {
    const items = iterate(fieldNames ?? NONE);
    if (isUnknown(items)) return items;
    if (items.some((i) => i.kind !== 'str')) return unknown('namedtuple() field names that are not known strings', ctx.range);
    fields = items.map((i) => (i as { value: string }).value);
  }
  if (fields.some((f) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(f)) || new Set(fields).size !== fields.length) return unknown('namedtuple() with unusual field names is not evaluated', ctx.range);
  const defaultMap = new Map<string, PyValue>();
  if (defaults && defaults.kind !== 'none') {
    const ds = iterate(defaults);
    if (isUnknown(ds)) return ds;
    if (ds.length > fields.length) return ctx.rt.raise('TypeError', 'Got more default values than field names');
    ds.forEach((d, i) => defaultMap.set(fields[fields.length - ds.length + i], d));
  }
  const cls: PyClass = { kind: 'class', name: typename.value, bases: [], attrs: new Map(), mro: [typename.value, 'tuple', 'object'], isException: false, meta: NAMED_TUPLE_META };
  classes.set(cls, tupleClass(typename.value, fields, defaultMap));
  cls.attrs.set('_fields', pyTuple(fields.map(strValue)));
  return cls;
});
