import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RuleInfo, Severity } from '../core/checks';
import { RULE_INFO, formatVersion, type ResolvedVersion } from '../core/checks';
import type { InspectDiagnostic } from '../core/inspect';
import { relativeTo, toInspectDiagnostic } from '../core/inspect';
import type { ProjectModel } from '../core/model';
import { showControlCharacters } from '../core/showControlCharacters';
import { jsonText } from './jsonText';

/** One project's check results. */
export interface CheckedProject {
  model: ProjectModel;
  version: ResolvedVersion;
  findings: Finding[];
}

/** Counts per severity. */
function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;
}

/**
 * Compiler-style lines `path:line:col: severity code message` (paths relative to `cwd`) and a summary
 * line. Control characters in paths and messages are shown as escapes: one finding is one line.
 */
export function formatCheckText(results: readonly CheckedProject[], cwd: string): string {
  const lines: string[] = [];
  const all: Finding[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const path = relative(cwd, f.range.file).split('\\').join('/') || f.range.file;
      lines.push(`${path}:${f.range.line}:${f.range.column}: ${f.severity} ${f.code} ${f.message}`);
      all.push(f);
    }
  }
  const c = countBySeverity(all);
  const projects = plural(results.length, 'Django project');
  if (results.length === 0) lines.push('No Django project (manage.py) found.');
  else if (all.length === 0) lines.push(`No problems found in ${projects}.`);
  else {
    const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.information, 'information')];
    if (c.hint) parts.push(plural(c.hint, 'hint'));
    lines.push(`${parts.join(', ')} in ${projects}.`);
  }
  return lines.map(showControlCharacters).join('\n');
}

/** The `check --format json` document: the contract's Diagnostic objects per project, plus a summary. */
export function formatCheckJson(results: readonly CheckedProject[], base: string): string {
  const all = results.flatMap((r) => r.findings);
  const doc = {
    schemaVersion: 1,
    projects: results.map((r) => ({
      root: relativeTo(base, r.model.project.root),
      managePy: relativeTo(base, r.model.project.managePy),
      settingsModule: r.model.settingsModule,
      djangoVersion: formatVersion(r.version.version),
      diagnostics: r.findings.map((f): InspectDiagnostic & { fixable: boolean } => ({ ...toInspectDiagnostic(base, f), fixable: f.fixes.length > 0 })),
    })),
    summary: countBySeverity(all),
  };
  return jsonText(doc);
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** FNV-1a, 64 bits, hex: a stable fingerprint that does not depend on line numbers. */
function fingerprint(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function ruleName(code: string): string {
  return code
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function helpText(r: RuleInfo): string {
  return [
    r.description,
    r.djangoCheck ? `Django: ${r.djangoCheck}${r.versions ? ` (${r.versions})` : ''}.` : 'Django does not report this.',
    r.fix ? `Quick fix: ${r.fix}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function uriOf(base: string, file: string): string {
  return relativeTo(base, file).split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0: every rule in tool.driver.rules (id, help text, default level, Django id), every
 * finding as a result with ruleId, level, location (relative to %SRCROOT%), a line-independent
 * partialFingerprints entry, and its quick fixes as SARIF fixes.
 */
export function formatCheckSarif(
  results: readonly CheckedProject[],
  base: string,
  lineText: (file: string, line: number) => string,
  toolVersion: string,
): string {
  const rules = RULE_INFO.map((r) => ({
    id: r.code,
    name: ruleName(r.code),
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    help: { text: helpText(r) },
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    properties: { djangoCheck: r.djangoCheck, ...(r.versions ? { djangoVersions: r.versions } : {}) },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => {
      const uri = uriOf(base, f.range.file);
      const key = `${f.code}\0${uri}\0${lineText(f.range.file, f.range.line).trim()}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const result: Record<string, unknown> = {
        ruleId: f.code,
        ruleIndex: index.get(f.code) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              region: { startLine: f.range.line, startColumn: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn },
            },
          },
        ],
        partialFingerprints: { 'primaryLocationLineHash/v1': `${fingerprint(key)}:${n}` },
        properties: { djangoCheck: f.djangoCheck, project: relativeTo(base, r.model.project.root) },
      };
      if (f.related?.length) {
        result['relatedLocations'] = f.related.map((rel, id) => ({
          id,
          message: { text: rel.message },
          physicalLocation: {
            artifactLocation: { uri: uriOf(base, rel.range.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: rel.range.line, startColumn: rel.range.column, endLine: rel.range.endLine, endColumn: rel.range.endColumn },
          },
        }));
      }
      const textFixes = f.fixes.filter((x) => x.edits.length > 0);
      if (textFixes.length) {
        result['fixes'] = textFixes.map((x) => {
          const byFile = new Map<string, typeof x.edits>();
          for (const e of x.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
          return {
            description: { text: x.title },
            artifactChanges: [...byFile].map(([file, edits]) => ({
              artifactLocation: { uri: uriOf(base, file), uriBaseId: '%SRCROOT%' },
              replacements: edits.map((e) => ({
                deletedRegion: { startLine: e.range.line, startColumn: e.range.column, endLine: e.range.endLine, endColumn: e.range.endColumn },
                insertedContent: { text: e.newText },
              })),
            })),
          };
        });
      }
      return result;
    }),
  );
  const baseUri = pathToFileURL(base.endsWith('/') ? base : base + '/').href;
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'django-media', version: toolVersion, semanticVersion: toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: baseUri } },
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return jsonText(doc);
}
