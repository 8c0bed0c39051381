import * as vscode from 'vscode';
import { normalizeStorageName } from '../../../core/media';
import { parentStorageName } from '../../../core/mediaIndex';
import { resolveProject } from '../../projectPicker';
import { isMediaTarget, MissingNode, ProjectNode, type MediaTarget } from '../mediaNodes';
import type { ProjectMedia } from '../projectMedia';
import { nameProblem, relistParentOf, resolveTarget, say, type MediaCommandContext } from './commandContext';

// The commands that change MEDIA_ROOT: new folder, rename, delete, create MEDIA_ROOT itself.

/** The Uri to write for a storage name, when the write guard allows it (else says why and gives undefined). */
async function writableUri(p: ProjectMedia, storageName: string, action: 'create' | 'rename' | 'delete'): Promise<vscode.Uri | undefined> {
  const check = await p.writable(storageName);
  if (check.ok) return p.entry.fs.toUri(check.path);
  say(`${storageName || 'MEDIA_ROOT'} is not ${action === 'create' ? 'created' : action === 'rename' ? 'renamed' : 'deleted'}: ${check.reason}.`);
  return undefined;
}

function joinName(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** Where "New Folder" creates: the node it was run on, else the selection, else MEDIA_ROOT of a project the user picks. */
async function newFolderPlace(ctx: MediaCommandContext, arg: unknown): Promise<MediaTarget | undefined> {
  if (isMediaTarget(arg) || arg instanceof ProjectNode) {
    const t = await resolveTarget(ctx, arg, 'New Folder', true);
    if (t) return t;
  }
  const sel = ctx.view.selection[0];
  if (sel && isMediaTarget(sel)) return sel;
  const entry = await resolveProject(ctx.models, undefined, 'New Folder');
  const p = entry && (await ctx.provider.allProjects()).find((x) => x.key === entry.key);
  if (!p?.mediaRoot) {
    if (p) say(`${p.name} has no local MEDIA_ROOT.`);
    return undefined;
  }
  return { project: p, storageName: '', isFolder: true };
}

export async function newFolder(ctx: MediaCommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const t = await newFolderPlace(ctx, arg);
  if (!t) return undefined;
  const parent = t.isFolder ? t.storageName : parentStorageName(t.storageName);
  const name = await ctx.prompts.input({
    title: 'Django Media: New Folder',
    prompt: `New folder in ${parent ? parent : 'MEDIA_ROOT'} (use "/" for nested folders)`,
    validateInput: (v) => nameProblem(v, true),
  });
  if (!name || nameProblem(name, true)) return undefined;
  const storageName = joinName(parent, normalizeStorageName(name.trim())!);
  const uri = await writableUri(t.project, storageName, 'create');
  if (!uri) return undefined;
  if (await t.project.entry.fs.stat(t.project.pathOf(storageName)!)) {
    say(`${storageName} already exists.`);
    return undefined;
  }
  await vscode.workspace.fs.createDirectory(uri);
  await ctx.provider.relist(t.project, parent);
  return uri;
}

export async function rename(ctx: MediaCommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const t = await resolveTarget(ctx, arg, 'Rename', true);
  if (!t || t.storageName === '') return undefined;
  const folder = parentStorageName(t.storageName);
  const old = t.storageName.slice(t.storageName.lastIndexOf('/') + 1);
  const dot = old.lastIndexOf('.');
  const name = await ctx.prompts.input({
    title: `Django Media: Rename ${old}`,
    prompt: 'New name. Templates, code and database rows that name the old one are not changed.',
    value: old,
    valueSelection: [0, !t.isFolder && dot > 0 ? dot : old.length],
    validateInput: (v) => nameProblem(v, false) ?? (v.trim() === old ? 'Type a different name' : undefined),
  });
  if (!name || nameProblem(name, false) || name.trim() === old) return undefined;
  const target = joinName(folder, name.trim());
  const from = await writableUri(t.project, t.storageName, 'rename');
  const to = from && (await writableUri(t.project, target, 'create'));
  if (!from || !to) return undefined;
  // A WorkspaceEdit, so that Undo in VS Code can take it back.
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(from, to, { overwrite: false });
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    say(`could not rename ${t.storageName} to ${target} (does it exist already?).`);
    return undefined;
  }
  ctx.audit.forget(t.project, t.storageName);
  await relistParentOf(ctx, t);
  return to;
}

/** Deletes the node it was run on, or every selected node when several are (VS Code passes them as `many`). */
export async function deleteMedia(ctx: MediaCommandContext, arg: unknown, many: unknown): Promise<boolean> {
  const picked = Array.isArray(many) && many.length > 1 ? many.filter(isMediaTarget) : [await resolveTarget(ctx, arg, 'Delete', true)];
  const targets = picked.filter((t): t is MediaTarget => !!t && t.storageName !== '' && !(t instanceof MissingNode));
  if (targets.length === 0) return false;
  const names = targets.map((t) => t.storageName);
  const what = targets.length === 1 ? `"${names[0]}"` : `${targets.length} items`;
  const folders = targets.some((t) => t.isFolder);
  const ok = await ctx.prompts.confirm(
    `Delete ${what} from MEDIA_ROOT?`,
    `${targets.length > 1 ? `${names.slice(0, 10).join('\n')}${names.length > 10 ? '\n…' : ''}\n\n` : ''}${folders ? 'Folders are deleted with everything in them. ' : ''}They go to the trash when the file system has one. A database row that still names ${targets.length === 1 ? 'it' : 'them'} will point at a missing file.`,
    'Move to Trash',
  );
  if (!ok) return false;
  for (const t of targets) {
    if (!(await deleteOne(ctx, t))) return false;
    ctx.audit.forget(t.project, t.storageName);
  }
  for (const t of targets) await relistParentOf(ctx, t);
  return true;
}

/** Moves a target to the trash, or deletes it for good if the user agrees; false when they do not. */
async function deleteOne(ctx: MediaCommandContext, t: MediaTarget): Promise<boolean> {
  const uri = await writableUri(t.project, t.storageName, 'delete');
  if (!uri) return false;
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
  } catch (e) {
    // Remote and virtual file systems often have no trash: ask again before deleting for good.
    const permanently = await ctx.prompts.confirm(
      `${t.storageName} cannot be moved to the trash here (${e instanceof Error ? e.message : String(e)}). Delete it permanently?`,
      'This cannot be undone.',
      'Delete Permanently',
    );
    if (!permanently) return false;
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  }
  return true;
}

/** Creates MEDIA_ROOT of a project (the welcome view's button when it does not exist yet). */
export async function createMediaRoot(ctx: MediaCommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const entry = await resolveProject(ctx.models, typeof arg === 'string' ? arg : undefined, 'Create Media Folder');
  if (!entry) return undefined;
  const p = (await ctx.provider.allProjects()).find((x) => x.key === entry.key);
  if (!p) return undefined;
  if (p.mediaRoot === undefined) {
    const why = p.location?.kind === 'unknown' ? p.location.reason : p.location?.kind === 'remote' ? `media is stored in ${p.location.service}` : 'MEDIA_ROOT is not known';
    say(`there is no MEDIA_ROOT folder to create for ${p.name}: ${why}`);
    return undefined;
  }
  const check = await p.writable('', { allowRoot: true });
  if (!check.ok) {
    say(`MEDIA_ROOT of ${p.name} is not created: ${check.reason}.`);
    return undefined;
  }
  const uri = p.entry.fs.toUri(check.path);
  await vscode.workspace.fs.createDirectory(uri);
  ctx.provider.refresh();
  return uri;
}
