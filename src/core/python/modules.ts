/**
 * Which modules the evaluator models instead of evaluating (stdlib and known libraries).
 */
import type { Interpreter } from './interpreter';
import { alwaysImportable, createLibraryModule } from './libraries';
import { createStdlibModule } from './stdlib';
import type { PyModule } from './values';

/** A modelled module by dotted name, or undefined when it is not modelled. */
export function createModelledModule(rt: Interpreter, name: string): PyModule | undefined {
  return createStdlibModule(rt, name) ?? createLibraryModule(rt, name);
}

/** True for top-level names whose import never fails (stdlib, Django). */
export function isAlwaysImportable(top: string): boolean {
  return alwaysImportable(top);
}
