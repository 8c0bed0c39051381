/**
 * Which modules the evaluator models instead of evaluating (stdlib and known libraries).
 */
import { alwaysImportable, createLibraryModule } from './libraries';
import { createStdlibModule } from './stdlib';
import type { PyModule, Runtime } from './values';

/** A modelled module by dotted name, or undefined when it is not modelled. */
export function createModelledModule(rt: Runtime, name: string): PyModule | undefined {
  return createStdlibModule(rt, name) ?? createLibraryModule(rt, name);
}

/** True for top-level names whose import never fails (stdlib, Django). */
export function isAlwaysImportable(top: string): boolean {
  return alwaysImportable(top);
}
