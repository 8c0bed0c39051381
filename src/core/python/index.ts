/**
 * The Python evaluator's public API: evaluate a project module statically (never running Python)
 * and read its top-level names with their origins; unknown values carry the reason.
 */
import type { SettingValue, PyJson } from '../model';
import { Interpreter } from './interpreter/interpreter';
import { findModule } from './interpreter/moduleFiles';
import type { EvaluationHost, ModuleEvaluation } from './types';
import type { PyValue } from './values';
import { toPyJson as valueToJson } from './valueText';

export type { Binding, EvaluationHost, EvaluationLimits, EvaluationNote, ModuleEvaluation, OpaqueWrite } from './types';
export { DEFAULT_LIMITS } from './types';
export { DEFERRED_MODULE, isDeferred } from './deferred';
export { deferralClosure, deferralFilesRead, deferralFactsUnchanged } from './interpreter/deferral';
export { AnalysisBudget, BudgetExhausted, DEFAULT_BUDGET, type BudgetLimits } from './budget';
export { ParseCache } from './parseCache';
export { SyntaxTrees } from './syntaxTrees';
export type { PyValue, PyUnknown, PyObject, ObjectType, PyModule, PyBuiltin, PyDict, PyList, PyTuple, PyStr, PyPath, BuiltinImpl } from './values';
export type { CallContext, Runtime } from './values';
export { unknown, strValue, pyBool, pyInt, pyFloat, pyList, pyTuple, dictFromEntries, NONE } from './values';
export { builtin, bindArgs } from './builtins/args';

/** Evaluates `file` as module `moduleName` (as `__main__` with asMain) and returns its globals. */
export async function evaluateModule(host: EvaluationHost, file: string, moduleName: string, options?: { asMain?: boolean }): Promise<ModuleEvaluation> {
  const rt = new Interpreter(host);
  return rt.evaluate(file, moduleName, !!options?.asMain);
}

/** "a.b.c" -> <sysPath>/a/b/c.py or <sysPath>/a/b/c/__init__.py (packages need __init__.py… but also accept namespace packages); undefined if not in the project. */
export async function resolveModuleFile(host: EvaluationHost, dottedName: string): Promise<string | undefined> {
  const found = await findModule(
    host.sysPath,
    dottedName,
    (p) => host.fs.stat(p).catch(() => undefined),
    () => undefined,
  );
  return found?.file ?? undefined;
}

/** A value as JSON (pathlib paths -> strings), or unknown with the reason (also if any part is unknown). */
export function toPyJson(value: PyValue): SettingValue<PyJson> {
  return valueToJson(value);
}
