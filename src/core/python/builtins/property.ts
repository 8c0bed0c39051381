/**
 * property objects: `@property` followed by `@name.setter` / `.getter` / `.deleter` in class
 * bodies. Instances of project classes are not evaluated, so a property is never read through an
 * instance; it only has to exist with the attributes class bodies use.
 */
import { NONE, type ObjectType, type PyObject, type PyValue } from '../values';
import { builtin } from './args';

interface PropertyData {
  fget: PyValue;
  fset: PyValue;
  fdel: PyValue;
}

const PROPERTY_TYPE: ObjectType = {
  name: 'property',
  getattr(self, name) {
    const d = self.data as PropertyData;
    if (name === 'fget' || name === 'fset' || name === 'fdel') return d[name];
    const slot = name === 'setter' ? 'fset' : name === 'getter' ? 'fget' : name === 'deleter' ? 'fdel' : null;
    if (!slot) return undefined;
    return builtin(name, (_c, args) => propertyObject({ ...d, [slot]: args[0] ?? NONE }));
  },
  call: (_self, ctx) => ctx.rt.raise('TypeError', "'property' object is not callable"),
  toJson: () => ({ known: false, value: null, reason: 'a property (instances of project classes are not evaluated)' }),
};

function propertyObject(d: PropertyData): PyObject {
  return { kind: 'object', type: PROPERTY_TYPE, data: d };
}

/** The builtin property(fget=None, fset=None, fdel=None, doc=None). */
export const PROPERTY = builtin(
  'property',
  (_c, args, kwargs) => propertyObject({ fget: args[0] ?? kwargs?.get('fget') ?? NONE, fset: args[1] ?? kwargs?.get('fset') ?? NONE, fdel: args[2] ?? kwargs?.get('fdel') ?? NONE }),
  'property',
);

/** True for property objects (a class attribute that is not a plain value). */
export function isProperty(v: PyValue): boolean {
  return v.kind === 'object' && v.type === PROPERTY_TYPE;
}


