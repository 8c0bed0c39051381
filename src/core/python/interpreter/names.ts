/**
 * Name resolution: locals, enclosing function scopes (never class bodies, like Python), module
 * globals, builtins. A name that is not found is a NameError, unless code that cannot be followed
 * may have defined it: then it is unknown.
 */
import type { SourceRange } from '../../model';
import type { Span } from '../ast';
import { BUILTINS } from '../builtins/functions';
import { unknown, type Binding, type Frame, type PyValue } from '../values';
import type { Evaluator } from './evaluator';
import { isDeferred } from '../deferred';

/** The value of a name as Python resolves it at this point (LEGB). */
export function lookup(ip: Evaluator, name: string, frame: Frame, span: Span | null): PyValue {
  if (frame.locals && !frame.globalDecl?.has(name)) {
    const b = frame.locals.get(name);
    if (b) return b.value;
  }
  for (let f = frame.closure; f; f = f.closure) {
    if (f.locals && !f.isClass) {
      const b = f.locals.get(name);
      if (b) return b.value;
    }
  }
  const g = frame.module.globals.get(name);
  if (g) return g.value;
  const bi = BUILTINS.get(name);
  if (bi) return bi;
  if (frame.module.opaque.length) {
    // A deferred module's star import is named first: the caller must see the name may come from it.
    const w = frame.module.opaque.find((o) => isDeferred(o.description)) ?? frame.module.opaque[0];
    return unknown(`${name} may be defined by ${w.description}, which cannot be followed`, span ? ip.rangeOf(span, frame.module) : undefined);
  }
  return ip.raise('NameError', `name '${name}' is not defined`);
}

/** Binds a name in the frame (the module globals at module level or for `global` names). */
export function setName(name: string, value: PyValue, frame: Frame, origin: SourceRange): void {
  const b: Binding = { value, origin };
  if (frame.locals && !frame.globalDecl?.has(name)) frame.locals.set(name, b);
  else frame.module.globals.set(name, b);
}

/** `del name` (NameError when it is not bound). */
export function deleteName(ip: Evaluator, name: string, frame: Frame): void {
  if (frame.locals && !frame.globalDecl?.has(name)) {
    if (!frame.locals.delete(name)) ip.raise('NameError', `name '${name}' is not defined`);
  } else if (!frame.module.globals.delete(name)) ip.raise('NameError', `name '${name}' is not defined`);
}
