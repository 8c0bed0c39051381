/**
 * Diagnostics: one rule per file in ./rules, each with a stable code, a default severity, the
 * Django id it mirrors (if any) and optional quick fixes expressed as text edits. The CLI and the
 * editor both call `runChecks` and show the same codes and messages.
 */
import type { FileSystem } from '../fileSystem';
import type { ProjectModel } from '../model';
import { CheckContext } from './context';
import { resolveDjangoVersion } from './djangoVersion';
import { RULES } from './rules';
import type { CheckOptions, Finding, RuleInfo, Severity } from './types';

export type { CancellationFlag, CheckOptions, Finding, QuickFix, RuleInfo, RuleInput, Severity, SeverityOverride, TextEdit, TextRange } from './types';
export { applyTextEdits } from './textEdits';
export { resolveDjangoVersion, parseVersion, formatVersion, type ResolvedVersion } from './djangoVersion';
export { CheckContext, type FileFacts } from './context';
export type { WorkspaceFiles } from './workspaceFiles';

/** Every rule: the registry generated from the files in ./rules (one rule per file). */
export { RULES } from './rules';

/** The rules' static descriptions (the SARIF rule list, the editor's change planner). */
export const RULE_INFO: readonly RuleInfo[] = RULES.map(({ run: _run, ...info }) => info);

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Orders severities from the most to the least severe (negative when `a` is more severe). */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/**
 * Runs every rule on one project and returns its findings, sorted by file, position and code.
 * Severity overrides apply per code ("ignore" drops it, and the rule is not even run). Unknown
 * values never produce a finding; a rule that fails on unexpected input is skipped, never fatal.
 */
export async function runChecks(fs: FileSystem, model: ProjectModel, options: CheckOptions = {}): Promise<Finding[]> {
  const version = await resolveDjangoVersion(fs, model.project.root, options.djangoVersion);
  const ctx = new CheckContext(fs, model, version, options.token);
  if (options.syntaxTrees) ctx.syntaxTrees = options.syntaxTrees;
  if (options.prefilter === false) ctx.prefilter = false;
  if (options.mediaReferences) ctx.knowReferences(options.mediaReferences);
  if (options.staticReferences) ctx.staticReferences = options.staticReferences;
  if (options.pythonWithoutRuleWords) ctx.pythonWithoutRuleWords = new Set(options.pythonWithoutRuleWords);
  if (options.texts) ctx.knowTexts(options.texts);
  return runChecksIn(ctx, options);
}

/**
 * `runChecks` on a context the caller prepared: the editor reuses file lists between runs and
 * narrows a run to the files that changed. `codes`, when given, limits the rules that run.
 */
export async function runChecksIn(
  ctx: CheckContext,
  options: Pick<CheckOptions, 'severity'> & { codes?: ReadonlySet<string> } = {},
): Promise<Finding[]> {
  const overrides = options.severity ?? {};
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (ctx.token?.aborted) return [];
    if (options.codes && !options.codes.has(rule.code)) continue;
    const override = overrides[rule.code];
    if (override === 'ignore') continue;
    let raw;
    try {
      raw = await rule.run(ctx);
    } catch {
      continue; // a bug or hostile input in one rule must not hide the others
    }
    for (const f of raw) {
      const finding: Finding = {
        code: rule.code,
        severity: override ?? f.severity ?? rule.defaultSeverity,
        message: f.message,
        range: f.range,
        djangoCheck: f.djangoCheck === undefined ? rule.djangoCheck : f.djangoCheck,
        fixes: f.fixes ?? [],
      };
      if (f.related?.length) finding.related = f.related;
      findings.push(finding);
    }
  }
  return settleDjangoChecks(findings).sort(compareFindings);
}

/**
 * The Django ids of findings that together make one run (the editor may run the rules in steps):
 * Django 4.2–5.0 fail while loading settings that combine STORAGES with a legacy storage setting,
 * so no system check and no other runtime error is ever reached and no other finding claims an id.
 * Mutates and returns `findings`.
 */
export function settleDjangoChecks(findings: Finding[]): Finding[] {
  if (findings.some((f) => f.djangoCheck === 'runtime.storages-mutually-exclusive')) {
    for (const f of findings) if (f.djangoCheck !== 'runtime.storages-mutually-exclusive') f.djangoCheck = null;
  }
  return findings;
}

/** The order of a run's findings: by file, position, code and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : 0) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
