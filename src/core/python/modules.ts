/**
 * The registry of modelled modules: the modules the evaluator models instead of evaluating
 * (standard library, libraries settings use, Django), by dotted name. Adding a model is one
 * entry in the table of its area (stdlib/modules.ts, libraries/modules.ts).
 */
import { DJANGO_MODULES, djangoFallback } from './libraries/django';
import { LIBRARY_MODULES } from './libraries/modules';
import { STDLIB, STDLIB_MODULES } from './stdlib/modules';
import type { ModuleFactory, PyModule, Runtime } from './values';

const MODELLED: ReadonlyMap<string, ModuleFactory> = new Map([...STDLIB_MODULES, ...LIBRARY_MODULES, ...DJANGO_MODULES]);

/** A modelled module by dotted name (built for this evaluation), or undefined when it is not modelled. */
export function createModelledModule(rt: Runtime, name: string): PyModule | undefined {
  const factory = MODELLED.get(name);
  return factory ? factory(rt, name) : djangoFallback(name);
}

/** True for top-level names whose import never fails in a Django project (stdlib, Django itself). */
export function isAlwaysImportable(top: string): boolean {
  return top === 'django' || STDLIB.has(top);
}
