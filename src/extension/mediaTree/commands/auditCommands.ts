import * as vscode from 'vscode';
import { formatBytes, mediaPath, parentStorageName } from '../../../core/mediaIndex';
import { GroupNode, MissingRowNode, OrphanNode } from '../mediaNodes';
import type { ProjectMedia } from '../projectMedia';
import { copy, say, type MediaCommandContext } from './commandContext';

// The commands of the database-backed lists of "Unused & Missing": orphans to the trash, a row's pk.

/** What "Move to Trash" did (for tests and callers). */
export interface TrashSummary {
  moved: string[];
  failed: Array<{ name: string; reason: string }>;
}

/** The orphans a command runs on: the "Orphans" heading (all listed), the selection, or one orphan. */
function orphansOf(ctx: MediaCommandContext, arg: unknown, many: unknown): OrphanNode[] {
  if (arg instanceof GroupNode && arg.group === 'orphans') return ctx.audit.orphansOf(arg.result.project);
  if (Array.isArray(many) && many.length > 1) return many.filter((n): n is OrphanNode => n instanceof OrphanNode);
  if (arg instanceof OrphanNode) return [arg];
  const selected = ctx.audit.view?.selection.filter((n): n is OrphanNode => n instanceof OrphanNode) ?? [];
  return selected;
}

/**
 * Moves orphans, and the thumbnails made from them, to the trash after a confirmation that gives
 * their count and size. Never deletes for good: where the file system has no trash, nothing is
 * deleted and the reason is shown. A file changed since the scan (another upload under the same
 * name) is left alone, and so is every file of a result that is out of date.
 */
export async function moveOrphansToTrash(ctx: MediaCommandContext, arg: unknown, many: unknown): Promise<TrashSummary | undefined> {
  const orphans = orphansOf(ctx, arg, many);
  if (orphans.length === 0) {
    say('select orphans in the "Unused & Missing" view first (after a scan that read the database).');
    return undefined;
  }
  const project = orphans[0]!.project;
  const result = ctx.audit.current?.find((r) => r.project === project);
  if (!result?.uploads?.database.read || result.stale) {
    say(`the scan of ${project.name} is out of date or did not read the database: run "Find Unused and Missing Media Files" again first.`);
    return undefined;
  }
  const fs = project.mediaFs;
  const root = project.mediaRoot;
  if (!fs || root === undefined) return undefined;
  // Thumbnails go with their original; their sizes are read now (the scan stat'ed only originals).
  const files = new Map<string, { bytes: number; mtime: number | undefined }>();
  for (const o of orphans.filter((n) => n.project === project)) {
    files.set(o.file.name, { bytes: o.file.bytes, mtime: o.file.mtime });
    for (const t of o.file.renditions ?? []) {
      const st = await fs.stat(mediaPath(root, t));
      if (st?.type === 'file') files.set(t, { bytes: st.size, mtime: undefined });
    }
  }
  const names = [...files.keys()];
  const bytes = [...files.values()].reduce((s, f) => s + f.bytes, 0);
  const what = names.length === 1 ? `"${names[0]}"` : `${names.length.toLocaleString('en-US')} orphaned files`;
  const ok = await ctx.prompts.confirm(
    `Move ${what} (${formatBytes(bytes)}) to the trash?`,
    `${names.length > 1 ? `${names.slice(0, 10).join('\n')}${names.length > 10 ? `\n… and ${(names.length - 10).toLocaleString('en-US')} more` : ''}\n\n` : ''}No database row, template, code or fixture of ${project.name} named ${names.length === 1 ? 'it' : 'them'} when the scan ran. ${names.length === 1 ? 'It goes' : 'They go'} to the trash and can be restored from there; nothing is deleted for good.`,
    'Move to Trash',
  );
  if (!ok) return undefined;
  const summary: TrashSummary = { moved: [], failed: [] };
  for (const [name, scanned] of files) {
    const check = await project.writable(name);
    if (!check.ok) {
      summary.failed.push({ name, reason: check.reason });
      continue;
    }
    if (scanned.mtime !== undefined) {
      const st = await fs.stat(check.path);
      if (!st || st.type !== 'file' || st.mtime !== scanned.mtime) {
        summary.failed.push({ name, reason: st ? 'changed since the scan' : 'no longer there' });
        continue;
      }
    }
    try {
      await vscode.workspace.fs.delete(project.entry.fs.toUri(check.path), { recursive: false, useTrash: true });
      summary.moved.push(name);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      summary.failed.push({ name, reason });
      // A file system without a trash refuses every file alike: the rest are not tried.
      if (summary.moved.length === 0 && /trash/i.test(reason)) {
        for (const rest of [...files.keys()].slice(summary.failed.length)) summary.failed.push({ name: rest, reason });
        break;
      }
    }
  }
  await afterTrash(ctx, project, summary);
  return summary;
}

async function afterTrash(ctx: MediaCommandContext, project: ProjectMedia, summary: TrashSummary): Promise<void> {
  for (const name of summary.moved) ctx.audit.forget(project, name);
  for (const folder of new Set(summary.moved.map(parentStorageName))) await ctx.provider.relist(project, folder);
  const moved = `${summary.moved.length.toLocaleString('en-US')} file${summary.moved.length === 1 ? '' : 's'} moved to the trash`;
  if (summary.failed.length === 0) {
    vscode.window.setStatusBarMessage(`$(trash) Django Media: ${moved}`, 5000);
    return;
  }
  const first = summary.failed[0]!;
  ctx.log.warn(`move to trash: ${summary.failed.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
  say(`${moved}; ${summary.failed.length.toLocaleString('en-US')} not moved (nothing was deleted for good): ${first.name}: ${first.reason}${summary.failed.length > 1 ? ' …' : ''}`);
}

/** Copies the primary key of a row whose file is missing. */
export async function copyPk(_ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  if (!(arg instanceof MissingRowNode)) return undefined;
  await copy(arg.row.pk, `pk of ${arg.row.model}`);
  return arg.row.pk;
}
