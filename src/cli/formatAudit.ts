import { relativeTo } from '../core/inspect';
import { formatBytes } from '../core/mediaIndex';
import { showControlCharacters } from '../core/showControlCharacters';
import type { ProjectUploadsAudit } from '../core/uploads/projectUploadsAudit';
import { uploadToText } from '../core/uploads/uploadToText';
import { jsonText } from './jsonText';

/** One project's audit as the CLI reports it. */
export interface AuditedProject {
  /** Folder of manage.py, absolute. */
  root: string;
  audit: ProjectUploadsAudit;
}

/** The `audit --json` document (docs/cli-audit.md). */
export function formatAuditJson(projects: readonly AuditedProject[], base: string): string {
  return jsonText({
    schemaVersion: 1,
    projects: projects.map((p) => {
      const a = p.audit;
      if (a.kind === 'skipped') {
        return {
          root: relativeTo(base, p.root),
          database: { read: false, engine: 'unknown', reason: `not audited: ${a.reason}` },
          fields: [],
          orphans: [],
          missingFiles: [],
          outsideUploadFolders: [],
        };
      }
      const r = a.report;
      return {
        root: relativeTo(base, p.root),
        database: { read: r.database.read, engine: r.database.engine, ...(r.database.reason !== undefined ? { reason: r.database.reason } : {}) },
        fields: r.fields.map((f) => ({
          app: f.app,
          model: f.model,
          table: f.table,
          column: f.column,
          field: f.field,
          uploadTo: uploadToText(f.uploadTo),
          file: relativeTo(base, f.range.file),
          line: f.range.line,
        })),
        orphans: r.orphans.map((o) => ({ name: o.name, bytes: o.bytes })),
        ...(r.orphansNotListed !== undefined ? { orphansNotListed: r.orphansNotListed } : {}),
        missingFiles: r.missingFiles.map((m) => ({ app: m.app, model: m.model, field: m.field, pk: m.pk, name: m.name })),
        outsideUploadFolders: r.outsideUploadFolders.map((o) => ({ name: o.name })),
      };
    }),
  });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function count(n: number, listed: number): string {
  return listed < n ? `${n.toLocaleString('en-US')}, first ${listed.toLocaleString('en-US')} listed` : n.toLocaleString('en-US');
}

/** The audit for a terminal: one block per project. Names come from the project: control characters are escaped. */
export function formatAuditText(projects: readonly AuditedProject[], base: string): string {
  if (projects.length === 0) return 'No Django project (manage.py) found.';
  const blocks = projects.map((p) => {
    const root = relativeTo(base, p.root);
    const lines = [`Django project ${root === '.' ? '(this folder)' : root}`];
    const a = p.audit;
    if (a.kind === 'skipped') {
      lines.push(`  not audited: ${a.reason}`);
      return lines;
    }
    const r = a.report;
    const db = r.database;
    lines.push(db.read ? `  database          ${db.engine}, read` : `  database          not read: ${db.reason ?? 'unknown reason'} — reference-only mode: no file is called an orphan`);
    lines.push(`  MEDIA_ROOT        ${a.mediaRoot}  (${r.counts.files.toLocaleString('en-US')} files, ${r.counts.rows.toLocaleString('en-US')} rows read)`);
    lines.push(`  file fields (${r.fields.length})`);
    for (const [i, f] of r.fields.entries()) {
      const n = r.perField[i]!;
      const ut = uploadToText(f.uploadTo);
      const numbers = [n.rows !== null ? plural(n.rows, 'row') : null, n.files !== null ? plural(n.files, 'file') : null, n.missing ? `${n.missing.toLocaleString('en-US')} missing` : null]
        .filter(Boolean)
        .join(', ');
      lines.push(`    ${f.app}.${f.model}.${f.field}  ${f.table}.${f.column}  upload_to ${ut === '' ? '(MEDIA_ROOT)' : JSON.stringify(ut)}${f.storage.kind === 'custom' ? `  storage ${f.storage.expression}` : ''}  ${relativeTo(base, f.range.file)}:${f.range.line}${numbers ? `  [${numbers}]` : ''}`);
    }
    if (db.read && r.orphansNotListed !== undefined) lines.push(`  orphans           not listed: ${r.orphansNotListed}`);
    else if (db.read) {
      const bytes = r.orphans.reduce((s, o) => s + o.bytes, 0);
      lines.push(`  orphans (${count(r.counts.orphans, r.orphans.length)}${r.orphans.length ? `, ${formatBytes(bytes)} listed` : ''}): files no row, template or code names`);
      for (const o of r.orphans) lines.push(`    ${o.name}  ${formatBytes(o.bytes)}${o.renditions ? `  (+${o.renditions.length} thumbnail${o.renditions.length === 1 ? '' : 's'})` : ''}`);
    }
    lines.push(`  rows with missing files (${count(r.counts.missingFiles, r.missingFiles.length)})`);
    for (const m of r.missingFiles) lines.push(`    ${m.app}.${m.model}.${m.field} pk=${m.pk}  ${m.name}`);
    lines.push(`  outside every upload folder (${count(r.counts.outsideUploadFolders, r.outsideUploadFolders.length)})`);
    for (const o of r.outsideUploadFolders) lines.push(`    ${o.name}`);
    for (const c of r.renditionCaches) lines.push(`  ${c.library} cache ${c.folder}: ${c.files.toLocaleString('en-US')} files, not listed as orphans`);
    for (const n of r.notes) lines.push(`  note: ${n}`);
    return lines;
  });
  return blocks.map((b) => b.map(showControlCharacters).join('\n')).join('\n\n');
}
