/**
 * The namespace of a module as an object: what globals(), vars() and sys.modules[__name__].__dict__
 * return. Writes through it land in the module's globals, like in Python.
 */
import { raise, raiseKey } from './exceptions';
import { FALSE, NONE, strValue, TRUE, unknown, type CallContext, type ModuleState, type PyBuiltin, type PyDict, type PyObject, type PyValue } from './values';

/** The module namespace as an object (globals(), vars(), sys.modules[__name__]). */
export function namespaceObject(state: ModuleState): PyObject {
  return { kind: 'object', type: NAMESPACE_TYPE, data: state };
}

const NAMESPACE_TYPE = {
  name: 'namespace',
  getitem(self: PyObject, key: PyValue): PyValue {
    const st = self.data as ModuleState;
    if (key.kind === 'unknown') return key;
    if (key.kind !== 'str') return raise('KeyError', String(key.kind));
    const b = st.globals.get(key.value);
    if (b) return b.value;
    if (st.opaque.length) return unknown(`${key.value} may be set by ${st.opaque[0].description}`);
    return raiseKey(key);
  },
  setitem(self: PyObject, key: PyValue, value: PyValue, ctx: CallContext): void {
    const st = self.data as ModuleState;
    if (key.kind === 'str') {
      const origin = ctx.range ?? { file: st.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
      st.globals.set(key.value, { value, origin });
      return;
    }
    ctx.rt.opaqueWrite(ctx.frame, ctx.range, `a write to globals() with ${key.kind === 'unknown' ? 'an unknown name' : 'a non-string name'}`);
  },
  contains(self: PyObject, item: PyValue): PyValue {
    const st = self.data as ModuleState;
    if (item.kind !== 'str') return unknown('membership test on the module namespace');
    if (st.globals.has(item.value)) return TRUE;
    return st.opaque.length ? unknown(`${item.value} may be set by ${st.opaque[0].description}`) : FALSE;
  },
  iterate(self: PyObject): PyValue[] {
    return [...(self.data as ModuleState).globals.keys()].map((k) => strValue(k));
  },
  getattr(self: PyObject, name: string, ctx: CallContext): PyValue | undefined {
    const st = self.data as ModuleState;
    const rt = ctx.rt;
    if (name === 'update') {
      const impl: PyBuiltin['impl'] = async (c, args, kwargs) => {
        const other = args[1];
        const d: PyDict = { kind: 'dict', entries: new Map() };
        await rt.dictUpdate(d, other ?? null, kwargs, c.frame);
        if (d.poisoned) {
          rt.opaqueWrite(c.frame, c.range, `${c.calleeText}(…) with contents that are not known`);
          return NONE;
        }
        const origin = c.range ?? { file: st.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
        for (const e of d.entries.values()) {
          if (e.key.kind === 'str') st.globals.set(e.key.value, { value: e.value, origin });
        }
        return NONE;
      };
      return { kind: 'builtin', name: 'update', impl, self };
    }
    if (name === 'get') {
      return {
        kind: 'builtin',
        name: 'get',
        impl: (_c, args) => {
          const key = args[1];
          if (!key || key.kind !== 'str') return unknown('globals().get with an unknown key');
          const b = st.globals.get(key.value);
          return b ? b.value : (args[2] ?? NONE);
        },
        self,
      };
    }
    if (name === 'setdefault' || name === '__setitem__') {
      return {
        kind: 'builtin',
        name,
        impl: (c, args) => {
          const key = args[1];
          const value = args[2] ?? NONE;
          if (!key || key.kind !== 'str') {
            rt.opaqueWrite(c.frame, c.range, `globals().${name} with an unknown name`);
            return NONE;
          }
          const b = st.globals.get(key.value);
          if (b && name === 'setdefault') return b.value;
          st.globals.set(key.value, { value, origin: c.range ?? { file: st.file, line: 1, column: 1, endLine: 1, endColumn: 1 } });
          return value;
        },
        self,
      };
    }
    return undefined;
  },
};

