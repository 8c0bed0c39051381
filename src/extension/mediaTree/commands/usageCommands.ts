import * as vscode from 'vscode';
import { withAbortFlag } from '../../abortFlag';
import { collectProjectMediaUses, findUnusedMedia as scanUnusedMedia, usesOfStorageName, type MediaUse } from '../../../core/mediaIndex';
import { FOCUS_MEDIA_AUDIT_VIEW_COMMAND } from '../../commandIds';
import { toRange } from '../../sourceLinks';
import type { AuditResult } from '../mediaNodes';
import { readDatabaseConfig, readMediaTreeConfig } from '../mediaTreeConfig';
import type { UploadsAuditReport } from '../../../core/uploads/auditUploads';
import type { ProjectMedia } from '../projectMedia';
import { resolveTarget, say, type MediaCommandContext } from './commandContext';
import { projectReadFileSystem } from '../../projectModels';

// The commands that read the whole project for what names media: the unused and missing scan, and
// the references to one file.

/** What the scan command resolves to (for tests and callers). */
export interface ScanSummary {
  cancelled: boolean;
  results: AuditResult[];
}

type Progress = vscode.Progress<{ message?: string }>;

/** Scans every project for unused and missing media and shows the result in the "Unused & Missing" view. */
export async function findUnusedMedia(ctx: MediaCommandContext): Promise<ScanSummary> {
  const projects = await ctx.provider.allProjects();
  const results: AuditResult[] = [];
  let cancelled = false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Django Media: unused and missing media', cancellable: true },
    (progress, cancel) =>
      withAbortFlag(cancel, async (token) => {
        try {
          for (const p of projects) {
            if (token.aborted) break;
            const result = await scanProject(ctx, p, progress, token);
            if (!result) break;
            results.push(result);
          }
        } finally {
          cancelled = token.aborted;
        }
      }),
  );
  if (cancelled) {
    say('the scan was cancelled; the previous results (if any) are kept.');
    return { cancelled, results };
  }
  ctx.audit.setResults(results);
  await vscode.commands.executeCommand(FOCUS_MEDIA_AUDIT_VIEW_COMMAND);
  return { cancelled, results };
}

/** One project's scan, or why it was not scanned; undefined when the scan was cancelled. */
async function scanProject(ctx: MediaCommandContext, p: ProjectMedia, progress: Progress, token: { aborted: boolean }): Promise<AuditResult | undefined> {
  const started = Date.now();
  // What the scan reads, taken before it starts: a model adopted meanwhile makes the result out of date.
  const scanned = { model: p.model, mediaRoot: p.mediaRoot };
  if (p.mediaRoot === undefined || !p.model) {
    const why = p.location?.kind === 'remote' ? `media is stored in ${p.location.service}` : p.location?.kind === 'unknown' ? p.location.reason : 'no local MEDIA_ROOT';
    return { project: p, report: undefined, skipped: `Not scanned: ${why}`, ms: 0, ...scanned };
  }
  const st = await p.entry.fs.stat(p.mediaRoot);
  if (st?.type !== 'directory') {
    return { project: p, report: undefined, skipped: `Not scanned: MEDIA_ROOT (${p.mediaRoot}) does not exist`, ms: 0, ...scanned };
  }
  const exclude = readMediaTreeConfig(p.entry.rootUri).exclude;
  let last = 0;
  const throttled = (message: () => string): void => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    progress.report({ message: message() });
  };
  const uploads = ctx.uploadsAudit ? await auditUploadsOf(ctx, p, progress, token, throttled) : undefined;
  if (token.aborted) return undefined;
  if (uploads?.database.read) {
    const ms = Date.now() - started;
    const c = uploads.counts;
    ctx.log.info(`[${p.name}] uploads audit (${uploads.database.engine}): ${c.files} files, ${c.rows} rows, ${c.orphans} orphans, ${c.missingFiles} rows with missing files, ${c.outsideUploadFolders} outside upload folders, ${ms} ms`);
    return { project: p, report: undefined, uploads, ms, ...scanned };
  }
  progress.report({ message: `${p.name}: reading templates, code and fixtures…` });
  const uses = await collectProjectMediaUses(projectReadFileSystem(p.entry), p.model, p.mediaRoot, { token });
  if (token.aborted) return undefined;
  const report = await scanUnusedMedia(
    p.mediaFs!,
    { mediaRoot: p.mediaRoot, references: uses.references, mentions: uses.mentions, exclude },
    { token, onProgress: (n) => throttled(() => `${p.name}: ${n.toLocaleString('en-US')} files looked at…`) },
  );
  if (report.aborted) return undefined;
  const ms = Date.now() - started;
  ctx.log.info(`[${p.name}] unused media scan: ${report.walk.files} files, ${report.unusedCount} unused, ${report.missingCount} missing, ${uses.references.length} references, ${uses.mentions.length} mentions, ${ms} ms${uploads ? ` (database not read: ${uploads.database.reason ?? 'unknown reason'})` : ''}`);
  return { project: p, report, ms, ...scanned, ...(uploads ? { uploads } : {}) };
}

/** The uploads audit of one project (models, database, MEDIA_ROOT); undefined when it cannot run or was cancelled. */
async function auditUploadsOf(
  ctx: MediaCommandContext,
  p: ProjectMedia,
  progress: Progress,
  token: { aborted: boolean },
  throttled: (message: () => string) => void,
): Promise<UploadsAuditReport | undefined> {
  const database = readDatabaseConfig(p.entry.rootUri);
  if (database.ignored) ctx.log.warn(`[${p.name}] ${database.ignored}`);
  progress.report({ message: `${p.name}: reading the models and the database…` });
  const audited = await ctx.uploadsAudit!(p.entry, p.model!, {
    ...(database.url ? { databaseUrl: database.url } : {}),
    exclude: readMediaTreeConfig(p.entry.rootUri).exclude,
    mediaFs: p.mediaFs!,
    // The Models view shows each upload folder's size; beyond this many files it says "size not computed".
    maxSizeStats: 20_000,
    token,
    onProgress: (s) =>
      throttled(() =>
        'files' in s ? `${p.name}: ${s.files.toLocaleString('en-US')} files, ${s.rows.toLocaleString('en-US')} rows looked at…` : `${p.name}: reading the ${s.phase === 'sources' ? 'templates and code' : s.phase}…`,
      ),
  });
  if (audited.kind === 'skipped' || audited.report.aborted) return undefined;
  return audited.report;
}

/** Shows where templates, code and fixtures name a media file (the references peek). */
export async function findReferences(ctx: MediaCommandContext, arg: unknown): Promise<MediaUse[] | undefined> {
  const t = await resolveTarget(ctx, arg, 'Find References to Media File', false);
  if (!t || !t.project.model) return undefined;
  const p = t.project;
  const uses = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Finding references to ${t.storageName}`, cancellable: true },
    (_progress, cancel) =>
      withAbortFlag(cancel, async (token) => {
        const all = await collectProjectMediaUses(projectReadFileSystem(p.entry), p.model!, p.mediaRoot ?? null, { token });
        return token.aborted ? undefined : usesOfStorageName(t.storageName, all.references, all.mentions);
      }),
  );
  if (!uses) return undefined;
  if (uses.length === 0) {
    say(`nothing in the templates, code or fixtures of ${p.name} names ${t.storageName} (a database row may still point at it).`);
    return uses;
  }
  const locations = uses.map((u) => new vscode.Location(p.entry.fs.toUri(u.range.file), toRange(u.range)));
  await vscode.commands.executeCommand('editor.action.showReferences', locations[0]!.uri, locations[0]!.range.start, locations);
  return uses;
}
