/**
 * The findings of every project, merged per file for the Problems panel. A run replaces the
 * findings of the codes (and files) it re-ran and reports which files' lists changed, so that
 * only those are published again.
 */
import type { Finding, Severity, SeverityOverride } from '../checks';

/** What a run re-ran: codes over the whole project, or codes narrowed to some files. */
export interface ReplaceScope {
  codes: ReadonlySet<string>;
  /** When set, only findings in these files were re-computed. */
  files?: ReadonlySet<string>;
}

function findingKey(f: Finding): string {
  const r = f.range;
  return `${r.file}\0${r.line}:${r.column}-${r.endLine}:${r.endColumn}\0${f.code}\0${f.severity}\0${f.message}\0${JSON.stringify(f.fixes)}\0${JSON.stringify(f.related ?? [])}`;
}

/** Findings per project; answers "what is there to show for this file". */
export class FindingStore {
  private readonly byProject = new Map<string, Finding[]>();

  /** The findings of one project (sorted as the core sorts them). */
  findingsOf(project: string): readonly Finding[] {
    return this.byProject.get(project) ?? [];
  }

  /** Projects with findings. */
  projects(): string[] {
    return [...this.byProject.keys()];
  }

  /**
   * Replaces the project's findings within `scope` by `fresh` (findings outside the scope are
   * ignored) and returns the files whose findings changed.
   */
  replace(project: string, fresh: readonly Finding[], scope: ReplaceScope): Set<string> {
    const inScope = (f: Finding) => scope.codes.has(f.code) && (!scope.files || scope.files.has(f.range.file));
    const old = this.byProject.get(project) ?? [];
    const kept = old.filter((f) => !inScope(f));
    const added = fresh.filter(inScope);
    return this.set(project, [...kept, ...added]);
  }

  /** Sets all findings of a project (a full run) and returns the files whose findings changed. */
  set(project: string, findings: readonly Finding[]): Set<string> {
    const old = this.byProject.get(project) ?? [];
    const next = [...findings].sort(compareFindings);
    if (next.length) this.byProject.set(project, next);
    else this.byProject.delete(project);
    return changedFiles(old, next);
  }

  /** Drops a project; returns the files it had findings in. */
  delete(project: string): Set<string> {
    const old = this.byProject.get(project) ?? [];
    this.byProject.delete(project);
    return new Set(old.map((f) => f.range.file));
  }

  /** Every project's findings in `file`, without duplicates (nested projects scan the same files). */
  findingsIn(file: string): Array<{ project: string; finding: Finding }> {
    const out: Array<{ project: string; finding: Finding }> = [];
    const seen = new Set<string>();
    for (const [project, findings] of this.byProject) {
      for (const finding of findings) {
        if (finding.range.file !== file) continue;
        const key = findingKey(finding);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ project, finding });
      }
    }
    return out.sort((a, b) => compareFindings(a.finding, b.finding));
  }

  /** True when the project has a finding in `path` or below it (a deleted folder). */
  hasFindingsUnder(project: string, path: string): boolean {
    const prefix = path.endsWith('/') ? path : path + '/';
    return (this.byProject.get(project) ?? []).some((f) => f.range.file === path || f.range.file.startsWith(prefix));
  }
}

function changedFiles(old: readonly Finding[], next: readonly Finding[]): Set<string> {
  const group = (list: readonly Finding[]) => {
    const m = new Map<string, string[]>();
    for (const f of list) {
      const k = m.get(f.range.file);
      if (k) k.push(findingKey(f));
      else m.set(f.range.file, [findingKey(f)]);
    }
    return m;
  };
  const a = group(old);
  const b = group(next);
  const out = new Set<string>();
  for (const file of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(file) ?? [];
    const y = b.get(file) ?? [];
    if (x.length !== y.length || x.some((k, i) => k !== y[i])) out.add(file);
  }
  return out;
}

function compareFindings(a: Finding, b: Finding): number {
  const ra = a.range;
  const rb = b.range;
  return (
    (ra.file < rb.file ? -1 : ra.file > rb.file ? 1 : 0) ||
    ra.line - rb.line ||
    ra.column - rb.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** The level a finding is shown at: the user's per-code setting, else the rule's own; undefined when ignored. */
export function effectiveSeverity(f: Finding, overrides: Readonly<Record<string, SeverityOverride>>): Severity | undefined {
  const o = overrides[f.code];
  if (o === 'ignore') return undefined;
  return o ?? f.severity;
}
