/**
 * enum: classes deriving from Enum, IntEnum, StrEnum (and `str`/`int` mixins) get their members
 * when the class statement completes, like EnumType does: every public name of the body that is
 * not a function or descriptor becomes a member with `.name` and `.value`; `Cls(value)`,
 * `Cls["NAME"]` and iteration find them. Members of plain enums compare by identity; members of
 * str/int enums also equal their value.
 */
import { bindArgs } from '../builtins/args';
import { isProperty } from '../builtins/property';
import { hashKey, pyEquals, truthy } from '../valueOps';
import { reprOf } from '../valueText';
import {
  dictFromEntries,
  pyInt,
  strValue,
  unknown,
  type ClassMeta,
  type ObjectType,
  type PyClass,
  type PyModule,
  type PyObject,
  type PyValue,
} from '../values';
import { fn, mod } from './shared';
import { identity } from './small';

/** The data type a member also is: none for plain enums. */
type Mixin = 'str' | 'int' | null;

interface EnumInfo {
  members: PyObject[];
  mixin: Mixin;
  /** StrEnum's str() is the value; other mixins' str() changed between Python versions. */
  strIsValue: boolean;
}

interface MemberData {
  cls: PyClass;
  name: string;
  value: PyValue;
}

const infos = new WeakMap<PyClass, EnumInfo>();

function infoOf(cls: PyClass): EnumInfo | undefined {
  return infos.get(cls);
}

const MEMBER: ObjectType = {
  name: 'enum member',
  getattr(self, name) {
    const d = self.data as MemberData;
    if (name === 'name' || name === '_name_') return strValue(d.name);
    if (name === 'value' || name === '_value_') return d.value;
    if (name === '__class__') return d.cls;
    return unknown(`${d.cls.name}.${d.name}.${name} is not evaluated`);
  },
  equals(self, other) {
    if (other === self) return true;
    const d = self.data as MemberData;
    if (other.kind === 'object' && other.type === MEMBER) return false;
    if (!infoOf(d.cls)?.mixin) return other.kind === 'unknown' ? other : false;
    return pyEquals(d.value, other);
  },
  hash(self) {
    const d = self.data as MemberData;
    return infoOf(d.cls)?.mixin ? hashKey(d.value) : `o:enum:${d.cls.name}.${d.name}`;
  },
  str(self) {
    const d = self.data as MemberData;
    const info = infoOf(d.cls);
    if (!info?.mixin) return `${d.cls.name}.${d.name}`;
    if (info.strIsValue && d.value.kind === 'str') return d.value.value;
    return unknown(`str() of a member of ${d.cls.name} (an enum with a ${info.mixin} mixin) differs between Python versions`);
  },
  asNumber(self) {
    const d = self.data as MemberData;
    return infoOf(d.cls)?.mixin === 'int' ? d.value : undefined;
  },
  truthy(self) {
    const d = self.data as MemberData;
    return infoOf(d.cls)?.mixin ? truthy(d.value) : true;
  },
  binop(self, op, other, reflected, ctx) {
    const d = self.data as MemberData;
    if (!infoOf(d.cls)?.mixin) return undefined;
    const [a, b] = reflected ? [other, d.value] : [d.value, other];
    return ctx.rt.binaryOp(op, a, b, ctx.frame, null);
  },
  toJson(self) {
    const d = self.data as MemberData;
    if (!infoOf(d.cls)?.mixin) return { known: false, value: null, reason: `${d.cls.name}.${d.name} is an Enum member, not a value` };
    const v = d.value;
    if (v.kind === 'str' || v.kind === 'int') return { known: true, value: v.value };
    return { known: false, value: null, reason: `the value of ${d.cls.name}.${d.name}` };
  },
};

/** The value of a member of a str/int enum (which also is that value), for ordering. */
export function enumMixinValue(v: PyValue): PyValue | undefined {
  if (v.kind !== 'object' || v.type !== MEMBER) return undefined;
  const d = v.data as MemberData;
  return infoOf(d.cls)?.mixin ? d.value : undefined;
}

function isDescriptor(v: PyValue): boolean {
  return v.kind === 'function' || v.kind === 'builtin' || v.kind === 'class' || isProperty(v);
}

const AUTO: ObjectType = { name: 'enum.auto' };

function mixinOf(cls: PyClass, otherBases: PyValue[]): Mixin | 'unsupported' {
  let mixin: Mixin = null;
  for (const b of [cls, ...cls.bases]) {
    const inherited = infoOf(b)?.mixin;
    if (inherited) mixin = inherited;
  }
  for (const b of otherBases) {
    if (b.kind === 'builtin' && (b.typeName === 'str' || b.typeName === 'int')) mixin = b.typeName;
    else return 'unsupported';
  }
  return mixin;
}

function enumMeta(kind: 'Enum' | 'IntEnum' | 'StrEnum' | 'Flag' | 'IntFlag'): ClassMeta {
  return {
    name: `enum.${kind}`,
    created(cls, ctx, otherBases) {
      const base = cls.bases.find((b) => infos.has(b));
      if (base && infos.get(base)!.members.length) return ctx.rt.raise('TypeError', `${cls.name}: cannot extend enumeration '${base.name}'`);
      const mixin = mixinOf(cls, otherBases);
      if (mixin === 'unsupported') return unknown(`the enum ${cls.name} mixes in a type that is not evaluated`, ctx.range);
      cls.opaqueBase = false;
      const info: EnumInfo = { members: [], mixin, strIsValue: kind === 'StrEnum' };
      infos.set(cls, info);
      let autoNext = 1;
      for (const [name, value] of [...cls.attrs]) {
        if (name.startsWith('_') || isDescriptor(value)) continue;
        let v = value;
        if (v.kind === 'object' && v.type === AUTO) {
          if (kind === 'StrEnum') v = strValue(name.toLowerCase());
          else if (kind === 'Flag' || kind === 'IntFlag') return unknown(`auto() values of the flag ${cls.name} are not evaluated`, ctx.range);
          else v = pyInt(autoNext);
        }
        if (v.kind === 'unknown') return unknown(`the member ${cls.name}.${name} is unknown: ${v.reason}`, ctx.range);
        if (mixin === 'str' && v.kind !== 'str') return unknown(`the member ${cls.name}.${name} is not a str value`, ctx.range);
        if (mixin === 'int' && v.kind !== 'int') return unknown(`the member ${cls.name}.${name} is not an int value`, ctx.range);
        if (v.kind === 'int') autoNext = v.value + 1;
        // A value seen before makes an alias of the earlier member.
        const alias = info.members.find((m) => pyEquals((m.data as MemberData).value, v) === true);
        const member = alias ?? { kind: 'object', type: MEMBER, data: { cls, name, value: v } satisfies MemberData };
        if (!alias) info.members.push(member);
        cls.attrs.set(name, member);
      }
      cls.attrs.set('__members__', dictFromEntries(info.members.map((m) => [(m.data as MemberData).name, m])));
      return cls;
    },
    call(cls, ctx, args, kwargs) {
      const info = infoOf(cls);
      if (!info) return unknown(`${cls.name}() is not evaluated`, ctx.range);
      const [value] = bindArgs(ctx, cls.name, args, kwargs, ['value'], 1) as [PyValue];
      if (value.kind === 'unknown') return value;
      if (value.kind === 'object' && value.type === MEMBER && (value.data as MemberData).cls === cls) return value;
      for (const m of info.members) {
        const eq = pyEquals((m.data as MemberData).value, value);
        if (eq === true) return m;
        if (eq !== false) return eq;
      }
      const text = reprOf(value);
      return ctx.rt.raise('ValueError', `${typeof text === 'string' ? text : '…'} is not a valid ${cls.name}`);
    },
    getitem(cls, key, ctx) {
      const info = infoOf(cls);
      if (!info) return unknown(`${cls.name}[…] is not evaluated`, ctx.range);
      if (key.kind === 'unknown') return key;
      const m = key.kind === 'str' ? cls.attrs.get(key.value) : undefined;
      if (m && m.kind === 'object' && m.type === MEMBER) return m;
      return ctx.rt.raiseKey(key);
    },
    iterate(cls) {
      return infoOf(cls)?.members.slice() ?? unknown(`iterating ${cls.name} is not evaluated`);
    },
  };
}

function enumBase(kind: 'Enum' | 'IntEnum' | 'StrEnum' | 'Flag' | 'IntFlag'): PyClass {
  const meta = enumMeta(kind);
  return { kind: 'class', name: kind, bases: [], attrs: new Map(), mro: [kind, 'Enum', 'object'], isException: false, meta };
}

/** The enum module: Enum, IntEnum, StrEnum, Flag, IntFlag, auto and unique. */
export function enumModule(): PyModule {
  const enumClass = enumBase('Enum');
  const intEnum = enumBase('IntEnum');
  const strEnum = enumBase('StrEnum');
  infos.set(intEnum, { members: [], mixin: 'int', strIsValue: false });
  infos.set(strEnum, { members: [], mixin: 'str', strIsValue: true });
  const flag = enumBase('Flag');
  const intFlag = enumBase('IntFlag');
  infos.set(intFlag, { members: [], mixin: 'int', strIsValue: false });
  return mod('enum', {
    Enum: enumClass,
    IntEnum: intEnum,
    StrEnum: strEnum,
    Flag: flag,
    IntFlag: intFlag,
    auto: fn('auto', () => ({ kind: 'object', type: AUTO, data: null })),
    unique: identity(),
    verify: fn('verify', () => identity()),
  });
}

