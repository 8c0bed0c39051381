import * as vscode from 'vscode';
import { normalizeStorageName } from '../../../core/media';
import { parentStorageName, storageNameProblem } from '../../../core/mediaIndex';
import { FOCUS_MEDIA_FILES_VIEW_COMMAND } from '../../commandIds';
import type { ProjectEntry, ProjectModels } from '../../projectModels';
import type { ProjectModel } from '../../../core/model';
import type { ProjectUploadsAudit, ProjectUploadsAuditOptions } from '../../../core/uploads/projectUploadsAudit';
import type { MediaAuditProvider } from '../mediaAudit';
import { isMediaTarget, ProjectNode, type MediaNode, type MediaTarget } from '../mediaNodes';
import { pickMediaFile } from '../mediaSearch';
import type { MediaTreeProvider } from '../mediaTreeProvider';

/** The questions commands ask; replaceable so tests can answer them (never shown in tests). */
export interface MediaTreePrompts {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** The media search (a quick pick over MEDIA_ROOT); the real one when absent. */
  pickFile?: typeof pickMediaFile;
}

/** The real prompts. */
export const windowPrompts: MediaTreePrompts = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
  pickFile: pickMediaFile,
};

/** Everything a command needs. */
export interface MediaCommandContext {
  readonly models: ProjectModels;
  readonly provider: MediaTreeProvider;
  readonly audit: MediaAuditProvider;
  readonly view: vscode.TreeView<MediaNode>;
  readonly log: vscode.LogOutputChannel;
  prompts: MediaTreePrompts;
  /** Runs the uploads audit of a project (auditProjectUploads with this host's parts, loaded lazily);
   *  undefined: only the reference-only scan runs. */
  readonly uploadsAudit: UploadsAuditRunner | undefined;
}

/** auditProjectUploads with the host's parts, for one project (the project's files read through `fs`). */
export type UploadsAuditRunner = (entry: ProjectEntry, model: ProjectModel, options: ProjectUploadsAuditOptions) => Promise<ProjectUploadsAudit>;

/** A command of the Media explorer: the context, then the arguments VS Code passes. */
export type MediaCommand = (ctx: MediaCommandContext, ...args: unknown[]) => unknown;

export function say(message: string): void {
  void vscode.window.showInformationMessage(`Django Media: ${message}`);
}

/**
 * Resolves what a command acts on: a node of either view, a project node (its MEDIA_ROOT), a Uri
 * under a MEDIA_ROOT, else the view's selection, else a file picked in the media search.
 */
export async function resolveTarget(ctx: MediaCommandContext, arg: unknown, purpose: string, allowFolders: boolean): Promise<MediaTarget | undefined> {
  if (isMediaTarget(arg)) return usable(arg);
  if (arg instanceof ProjectNode) return { project: arg.project, storageName: '', isFolder: true };
  const uri = uriArgument(arg);
  if (uri) {
    const t = await ctx.provider.locate(uri);
    if (!t) say(`${uri.fsPath || uri.path} is not under the MEDIA_ROOT of a project (or leads out of it through a symbolic link).`);
    return t;
  }
  if (typeof arg === 'string') {
    // A name that is neither a Uri nor an absolute path is refused rather than guessed at.
    say(`"${arg.slice(0, 200)}" is not a Uri or an absolute path under MEDIA_ROOT.`);
    return undefined;
  }
  const selected = ctx.view.selection[0];
  if (selected && isMediaTarget(selected) && (allowFolders || !selected.isFolder)) return selected;
  const projects = await ctx.provider.allProjects();
  return (ctx.prompts.pickFile ?? pickMediaFile)(projects, `Django Media: ${purpose}`);
}

/**
 * A Uri from a command argument: a Uri, a string holding one, or an absolute path (taken on the
 * file system of the first workspace folder). Other extensions and keybindings pass any of these.
 */
function uriArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string' || arg.length > 4096) return undefined;
  if (/^[a-z][\w+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg)) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  if (arg.startsWith('/')) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    return base ? base.with({ path: arg, query: '', fragment: '' }) : vscode.Uri.file(arg);
  }
  return undefined;
}

/** A node of the views, unless its name is not a plain storage name or it is a link out of MEDIA_ROOT. */
function usable(t: MediaTarget): MediaTarget | undefined {
  const entry = (t as { entry?: { linkOutside?: boolean } }).entry;
  if (entry?.linkOutside || storageNameProblem(t.storageName)) {
    say(`${t.storageName} leads out of MEDIA_ROOT; the explorer does not act on it.`);
    return undefined;
  }
  return t;
}

/**
 * Shows a target in the Media Files view (loading and paging folders on the way), selected; the
 * view takes the focus unless `focus` is false (a file just opened keeps it).
 */
export async function reveal(ctx: MediaCommandContext, t: MediaTarget, focus = true): Promise<boolean> {
  if (focus) await vscode.commands.executeCommand(FOCUS_MEDIA_FILES_VIEW_COMMAND);
  // The view must have listed its top level before VS Code can walk down to the node.
  await ctx.provider.getChildren(undefined);
  const node = await ctx.provider.nodeOf(t);
  if (!node) {
    say(`${t.storageName} is not in MEDIA_ROOT (${t.project.mediaRoot ?? 'none'}).`);
    return false;
  }
  await ctx.view.reveal(node, { select: true, focus, expand: t.isFolder });
  return true;
}

/** The watcher reports a change made here as well; listing the parent folder now makes the view follow at once. */
export async function relistParentOf(ctx: MediaCommandContext, t: MediaTarget): Promise<void> {
  await ctx.provider.relist(t.project, parentStorageName(t.storageName));
}

export async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied ${what}: ${text}`, 4000);
}

/** The URL of a target, or undefined (saying why) when MEDIA_URL is unknown. */
export function urlOrSay(t: MediaTarget): string | undefined {
  const url = t.project.urlOf(t.storageName);
  if (url === undefined) say(`MEDIA_URL of ${t.project.name} is unknown, so the URL of ${t.storageName} is too.`);
  return url;
}

/** Checks a new file or folder name typed by the user (one or more path segments, nothing escaping). */
export function nameProblem(value: string, allowNested: boolean): string | undefined {
  const v = value.trim();
  if (!v) return 'Type a name';
  if (/[\\\0]/.test(v)) return 'A name cannot contain "\\" or NUL';
  if (!allowNested && v.includes('/')) return 'A name cannot contain "/"';
  if (v.split('/').some((s) => s === '.' || s === '..')) return '"." and ".." are not allowed';
  if (normalizeStorageName(v) === undefined || normalizeStorageName(v) === '') return 'Not a valid name';
  return undefined;
}
