import type { InspectProject, InspectValue } from '../core/inspect';
import type { ProjectModel } from '../core/model';
import { showControlCharacters } from '../core/showControlCharacters';

function show(v: InspectValue<unknown>): string {
  if (!v.known) return `unknown — ${v.reason}`;
  return JSON.stringify(v.value);
}

function answer(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

function serves(v: boolean | null): string {
  return v === null ? 'unknown whether it serves media' : v ? 'serves media' : 'does not serve media';
}

function where(v: InspectValue<unknown>): string {
  return v.file ? `${v.file}:${v.line}` : v.known ? 'Django default' : '';
}

const SOURCE_LABEL: Record<ProjectModel['settingsModuleSource'], string> = {
  user: 'given with --settings',
  environment: 'DJANGO_SETTINGS_MODULE from --env',
  'manage.py': 'set by manage.py',
  none: 'not determined',
};

/**
 * A readable summary of one project for the terminal. Paths, values, reasons and notes come from the
 * project: control characters in them are shown as escapes, so no forged line or colour reaches a log.
 */
export function formatProjectText(p: InspectProject, model: ProjectModel): string {
  const lines: string[] = [];
  lines.push(`Django project ${p.root === '.' ? '(this folder)' : p.root}  —  ${p.managePy}`);
  lines.push(`  settings module   ${p.settingsModule ?? '(none)'}  (${SOURCE_LABEL[model.settingsModuleSource]})${p.settingsFile ? `  ${p.settingsFile}` : ''}`);
  const names = Object.keys(p.settings) as Array<keyof InspectProject['settings']>;
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const v = p.settings[name] as InspectValue<unknown>;
    const w = where(v);
    lines.push(`  ${name.padEnd(width)}  ${show(v)}${w ? `   (${w})` : ''}`);
  }
  const summary = p.mediaServingSummary;
  const at = summary.file ? `  (stopped at ${summary.file}:${summary.line})` : '';
  lines.push(`  Media served in development: with DEBUG on: ${answer(summary.inDebug)}; as configured: ${answer(summary.now)}`);
  if (summary.reason !== undefined) lines.push(`    unknown because ${summary.reason}${at}`);
  if (p.mediaServing.length === 0) {
    lines.push(summary.inDebug === null ? '    no place that serves files was found in the part of the URLconf that could be read' : '    nothing in the URLconf serves files');
  }
  for (const m of p.mediaServing) {
    lines.push(
      `    ${m.file}:${m.line}  ${m.kind} ${m.prefix ?? '(prefix unknown)'} -> ${m.documentRoot}` +
        `  with DEBUG on: ${serves(m.servesMediaInDebug)};` +
        ` as configured: ${serves(m.servesMediaNow)}`,
    );
  }
  const media = p.references.filter((r) => r.kind === 'media');
  const missing = media.filter((r) => r.target && !r.exists);
  lines.push(`  Media references: ${media.length}${missing.length ? ` (${missing.length} to files not in MEDIA_ROOT)` : ''}`);
  for (const r of missing.slice(0, 20)) lines.push(`    ${r.file}:${r.line}:${r.column}  ${r.text}  — not found`);
  if (missing.length > 20) lines.push(`    … and ${missing.length - 20} more`);
  const statics = p.references.length - media.length;
  if (statics > 0) lines.push(`  Static references: ${statics} (${p.references.filter((r) => r.kind === 'static' && r.target).length} found by the staticfiles finders)`);
  lines.push(`  Diagnostics: ${p.diagnostics.length === 0 ? 'none' : p.diagnostics.length}`);
  for (const d of p.diagnostics.slice(0, 50)) lines.push(`    ${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
  if (p.diagnostics.length > 50) lines.push(`    … and ${p.diagnostics.length - 50} more (django-media check lists them all)`);
  if (model.notes.length) {
    lines.push('  Notes:');
    for (const n of model.notes.slice(0, 30)) {
      const at = n.range ? `${n.range.file.startsWith(model.project.root) ? n.range.file.slice(model.project.root.length + 1) : n.range.file}:${n.range.line}: ` : '';
      lines.push(`    ${at}${n.message}`);
    }
    if (model.notes.length > 30) lines.push(`    … and ${model.notes.length - 30} more`);
  }
  return lines.map(showControlCharacters).join('\n');
}
