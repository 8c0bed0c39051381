import * as vscode from 'vscode';
import { findMediaReferences, normalizeStorageName } from '../../core/media';
import { referenceAt, referenceLanguageOf } from '../../core/editor';
import {
  collectProjectMediaUses,
  findStorageNameMentions,
  findUnusedMedia,
  templateMediaSnippet,
  usesOfStorageName,
  type MediaSortOrder,
  type MediaUse,
  type MentionSyntax,
  type TemplatePrefixStyle,
} from '../../core/mediaIndex';
import type { ProjectModels } from '../projectModels';
import { resolveProject } from '../projectPicker';
import { toRange } from '../sourceLinks';
import { MediaAuditProvider, MissingNode, UnusedNode, type AuditResult } from './mediaAudit';
import { pickMediaFile } from './mediaSearch';
import { readMediaTreeConfig } from './mediaTreeConfig';
import { FileNode, FolderNode, MoreNode, ProjectNode, targetUri, type MediaNode, type MediaTarget, type MediaTreeProvider } from './mediaTreeProvider';

/** The questions commands ask; replaceable so tests can answer them (never shown in tests). */
export interface MediaTreePrompts {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}

/** The real prompts. */
export const windowPrompts: MediaTreePrompts = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
};

/** Everything a command needs. */
export interface MediaCommandContext {
  readonly models: ProjectModels;
  readonly provider: MediaTreeProvider;
  readonly audit: MediaAuditProvider;
  readonly view: vscode.TreeView<MediaNode>;
  readonly log: vscode.LogOutputChannel;
  prompts: MediaTreePrompts;
}

/** What the scan command resolves to (for tests and callers). */
export interface ScanSummary {
  cancelled: boolean;
  results: AuditResult[];
}

const VIEW_ID = 'djangoMedia.mediaFiles';
const AUDIT_VIEW_ID = 'djangoMedia.mediaAudit';

function isTarget(arg: unknown): arg is MediaTarget {
  return arg instanceof FileNode || arg instanceof FolderNode || arg instanceof UnusedNode || arg instanceof MissingNode;
}

function say(message: string): void {
  void vscode.window.showInformationMessage(`Django Media: ${message}`);
}

/**
 * Resolves what a command acts on: a node of either view, a project node (its MEDIA_ROOT), a Uri
 * under a MEDIA_ROOT, else the view's selection, else a file picked in the media search.
 */
async function resolveTarget(ctx: MediaCommandContext, arg: unknown, purpose: string, allowFolders: boolean): Promise<MediaTarget | undefined> {
  if (isTarget(arg)) return arg;
  if (arg instanceof ProjectNode) return { project: arg.project, storageName: '', isFolder: true };
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg) ? vscode.Uri.parse(arg) : undefined;
  if (uri) {
    const t = await ctx.provider.locate(uri);
    if (!t) say(`${uri.fsPath || uri.path} is not under the MEDIA_ROOT of a project.`);
    return t;
  }
  const selected = ctx.view.selection[0];
  if (selected && isTarget(selected) && (allowFolders || !selected.isFolder)) return selected;
  const projects = await ctx.provider.allProjects();
  return pickMediaFile(projects, `Django Media: ${purpose}`);
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied ${what}: ${text}`, 4000);
}

function urlOrSay(t: MediaTarget): string | undefined {
  const url = t.project.urlOf(t.storageName);
  if (url === undefined) say(`MEDIA_URL of ${t.project.name} is unknown, so the URL of ${t.storageName} is too.`);
  return url;
}

/** Checks a new file or folder name typed by the user (one or more path segments, nothing escaping). */
function nameProblem(value: string, allowNested: boolean): string | undefined {
  const v = value.trim();
  if (!v) return 'Type a name';
  if (/[\\\0]/.test(v)) return 'A name cannot contain "\\" or NUL';
  if (!allowNested && v.includes('/')) return 'A name cannot contain "/"';
  if (v.split('/').some((s) => s === '.' || s === '..')) return '"." and ".." are not allowed';
  if (normalizeStorageName(v) === undefined || normalizeStorageName(v) === '') return 'Not a valid name';
  return undefined;
}

function joinName(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

function mentionSyntaxOf(doc: vscode.TextDocument): MentionSyntax | undefined {
  const id = doc.languageId;
  if (id === 'python') return 'python';
  if (id === 'json' || id === 'jsonc') return 'json';
  if (id === 'yaml') return 'yaml';
  if (id === 'xml') return 'xml';
  return undefined;
}

/** Registers every command of the Media explorer. */
export function registerMediaTreeCommands(ctx: MediaCommandContext): vscode.Disposable {
  const { provider, audit } = ctx;
  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        ctx.log.error(`${id}: ${text}`);
        void vscode.window.showErrorMessage(`Django Media: ${text}`);
        return undefined;
      }
    });

  /** Shows a target in the Media Files view (loading and paging folders on the way). */
  const reveal = async (t: MediaTarget): Promise<boolean> => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    // The view must have listed its top level before VS Code can walk down to the node.
    await provider.getChildren(undefined);
    const node = await provider.nodeOf(t);
    if (!node) {
      say(`${t.storageName} is not in MEDIA_ROOT (${t.project.mediaRoot ?? 'none'}).`);
      return false;
    }
    await ctx.view.reveal(node, { select: true, focus: true, expand: t.isFolder });
    return true;
  };

  /** The watcher reports a change made here as well; listing the folder now makes the view follow at once. */
  const refreshParentOf = async (t: MediaTarget, isParent = false): Promise<void> => {
    const folder = isParent ? t.storageName : t.storageName.slice(0, Math.max(0, t.storageName.lastIndexOf('/')));
    await provider.relist(t.project, folder);
  };

  const scan = async (): Promise<ScanSummary> => {
    const projects = (await provider.allProjects());
    const results: AuditResult[] = [];
    let cancelled = false;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Django Media: unused and missing media', cancellable: true },
      async (progress, cancel) => {
        const token = { aborted: false };
        const sub = cancel.onCancellationRequested(() => (token.aborted = true));
        try {
          for (const p of projects) {
            if (token.aborted) break;
            const started = Date.now();
            if (p.mediaRoot === undefined || !p.model) {
              const why = p.location?.kind === 'remote' ? `media is stored in ${p.location.service}` : p.location?.kind === 'unknown' ? p.location.reason : 'no local MEDIA_ROOT';
              results.push({ project: p, report: undefined, skipped: `Not scanned: ${why}`, ms: 0 });
              continue;
            }
            const st = await p.entry.fs.stat(p.mediaRoot);
            if (st?.type !== 'directory') {
              results.push({ project: p, report: undefined, skipped: `Not scanned: MEDIA_ROOT (${p.mediaRoot}) does not exist`, ms: 0 });
              continue;
            }
            progress.report({ message: `${p.name}: reading templates, code and fixtures…` });
            const uses = await collectProjectMediaUses(p.entry.fs, p.model, p.mediaRoot, { token });
            if (token.aborted) break;
            let last = 0;
            const report = await findUnusedMedia(
              p.entry.fs,
              { mediaRoot: p.mediaRoot, references: uses.references, mentions: uses.mentions, exclude: readMediaTreeConfig(p.entry.rootUri).exclude },
              {
                token,
                onProgress: (n) => {
                  const now = Date.now();
                  if (now - last < 250) return;
                  last = now;
                  progress.report({ message: `${p.name}: ${n.toLocaleString('en-US')} files looked at…` });
                },
              },
            );
            if (report.aborted) break;
            const ms = Date.now() - started;
            ctx.log.info(`[${p.name}] unused media scan: ${report.walk.files} files, ${report.unusedCount} unused, ${report.missingCount} missing, ${uses.references.length} references, ${uses.mentions.length} mentions, ${ms} ms`);
            results.push({ project: p, report, ms });
          }
        } finally {
          sub.dispose();
          cancelled = token.aborted;
        }
      },
    );
    if (cancelled) {
      say('the scan was cancelled; the previous results (if any) are kept.');
      return { cancelled, results };
    }
    audit.setResults(results);
    await vscode.commands.executeCommand(`${AUDIT_VIEW_ID}.focus`);
    return { cancelled, results };
  };

  const findReferences = async (arg: unknown): Promise<MediaUse[] | undefined> => {
    const t = await resolveTarget(ctx, arg, 'Find References to Media File', false);
    if (!t || !t.project.model) return undefined;
    const p = t.project;
    const uses = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Finding references to ${t.storageName}`, cancellable: true },
      async (_progress, cancel) => {
        const token = { aborted: false };
        const sub = cancel.onCancellationRequested(() => (token.aborted = true));
        try {
          const all = await collectProjectMediaUses(p.entry.fs, p.model!, p.mediaRoot ?? null, { token });
          return token.aborted ? undefined : usesOfStorageName(t.storageName, all.references, all.mentions);
        } finally {
          sub.dispose();
        }
      },
    );
    if (!uses) return undefined;
    if (uses.length === 0) {
      say(`nothing in the templates, code or fixtures of ${p.name} names ${t.storageName} (a database row may still point at it).`);
      return uses;
    }
    const locations = uses.map((u) => new vscode.Location(p.entry.fs.toUri(u.range.file), toRange(u.range)));
    await vscode.commands.executeCommand('editor.action.showReferences', locations[0]!.uri, locations[0]!.range.start, locations);
    return uses;
  };

  const revealFromEditor = async (arg: unknown): Promise<MediaTarget | undefined> => {
    if (arg instanceof vscode.Uri && !(vscode.window.activeTextEditor?.document.uri.toString() === arg.toString())) {
      const t = await provider.locate(arg);
      if (t) await reveal(t);
      return t;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      say('open a template or source file and put the cursor on a media URL.');
      return undefined;
    }
    const doc = editor.document;
    const entry = await ctx.models.projectFor(doc.uri);
    const projects = await provider.allProjects();
    const p = projects.find((x) => x.key === entry?.key) ?? (projects.length === 1 ? projects[0] : undefined);
    if (!p?.model) {
      say('this file does not belong to a Django project with known media settings.');
      return undefined;
    }
    const pos = editor.selection.active;
    const path = p.entry.fs.toPath(doc.uri) ?? doc.uri.path;
    const text = doc.getText();
    let storageName: string | undefined;
    if (p.mediaUrl !== null) {
      const refs = findMediaReferences(text, referenceLanguageOf(doc.languageId, path), { file: path, mediaUrl: p.mediaUrl, mediaRoot: p.mediaRoot ?? null });
      storageName = referenceAt(refs, pos.line + 1, pos.character + 1)?.storageName ?? undefined;
    }
    const syntax = mentionSyntaxOf(doc);
    if (!storageName && syntax) {
      storageName = findStorageNameMentions(text, syntax, path).find((m) => toRange(m.range).contains(pos))?.storageName;
    }
    if (!storageName) {
      say('there is no media URL or stored file name at the cursor.');
      return undefined;
    }
    const t: MediaTarget = { project: p, storageName, isFolder: false };
    return (await reveal(t)) ? t : undefined;
  };

  return vscode.Disposable.from(
    reg('djangoMedia.mediaTree.refresh', () => provider.refresh()),
    reg('djangoMedia.mediaTree.showMore', (node) => {
      if (node instanceof MoreNode) provider.showMore(node);
    }),
    reg('djangoMedia.mediaTree.sortBy', async (order?: unknown) => {
      let choice: MediaSortOrder | undefined = order === 'name' || order === 'size' || order === 'modified' ? order : undefined;
      if (!choice) {
        const items: Array<vscode.QuickPickItem & { order: MediaSortOrder }> = [
          { label: 'Name', description: 'natural order, folders first', order: 'name' },
          { label: 'Size', description: 'largest first', order: 'size' },
          { label: 'Date Modified', description: 'newest first', order: 'modified' },
        ];
        for (const i of items) if (i.order === provider.sort) i.label = `$(check) ${i.label}`;
        choice = (await vscode.window.showQuickPick(items, { title: 'Django Media: sort media files by' }))?.order;
      }
      if (choice) await provider.setSort(choice);
      return provider.sort;
    }),
    reg('djangoMedia.mediaTree.search', async () => {
      const projects = await provider.allProjects();
      const t = await pickMediaFile(projects, 'Django Media: Search Media Files', {
        reveal: (x) => void reveal(x),
        copyUrl: (x) => {
          const url = urlOrSay(x);
          if (url) void copy(url, 'media URL');
        },
      });
      if (t) {
        const uri = targetUri(t);
        if (uri) await vscode.commands.executeCommand('vscode.open', uri);
      }
      return t;
    }),
    reg('djangoMedia.mediaTree.open', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Open Media File', false);
      const uri = t && targetUri(t);
      // vscode.open picks the editor by file type: images open in VS Code's image preview.
      if (uri && !t.isFolder) await vscode.commands.executeCommand('vscode.open', uri);
      return uri;
    }),
    reg('djangoMedia.mediaTree.revealInExplorer', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Reveal in Explorer View', true);
      const uri = t && targetUri(t);
      if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
    }),
    reg('djangoMedia.mediaTree.revealInOS', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Reveal in File Manager', true);
      const uri = t && targetUri(t);
      if (uri) await vscode.commands.executeCommand('revealFileInOS', uri);
    }),
    reg('djangoMedia.mediaTree.copyUrl', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Copy Media URL', false);
      const url = t && urlOrSay(t);
      if (url) await copy(url, 'media URL');
      return url;
    }),
    ...(['media-url-variable', 'media-prefix-tag'] as TemplatePrefixStyle[]).map((style) =>
      reg(style === 'media-url-variable' ? 'djangoMedia.mediaTree.copyMediaUrlSnippet' : 'djangoMedia.mediaTree.copyMediaPrefixSnippet', async (arg) => {
        const t = await resolveTarget(ctx, arg, 'Copy Template Snippet', false);
        if (!t) return undefined;
        const snippet = templateMediaSnippet(t.storageName, style);
        await copy(snippet, 'template snippet');
        return snippet;
      }),
    ),
    reg('djangoMedia.mediaTree.copyStorageName', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Copy Storage Name', true);
      if (!t) return undefined;
      await copy(t.storageName, 'storage name');
      return t.storageName;
    }),
    reg('djangoMedia.mediaTree.insertUrl', async (arg) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        say('open an editor first: the URL is inserted at its cursor.');
        return undefined;
      }
      const t = await resolveTarget(ctx, arg, 'Insert Media URL at Cursor', false);
      const url = t && urlOrSay(t);
      if (!url) return undefined;
      await editor.edit((b) => {
        for (const s of editor.selections) b.replace(s, url);
      });
      return url;
    }),
    reg('djangoMedia.mediaTree.newFolder', async (arg) => {
      let t: MediaTarget | undefined = isTarget(arg) || arg instanceof ProjectNode ? await resolveTarget(ctx, arg, 'New Folder', true) : undefined;
      if (!t) {
        const sel = ctx.view.selection[0];
        if (sel && isTarget(sel)) t = sel;
      }
      if (!t) {
        const entry = await resolveProject(ctx.models, undefined, 'New Folder');
        const p = entry && (await provider.allProjects()).find((x) => x.key === entry.key);
        if (!p?.mediaRoot) {
          if (p) say(`${p.name} has no local MEDIA_ROOT.`);
          return undefined;
        }
        t = { project: p, storageName: '', isFolder: true };
      }
      const parent = t.isFolder ? t.storageName : t.storageName.slice(0, Math.max(0, t.storageName.lastIndexOf('/')));
      const name = await ctx.prompts.input({
        title: 'Django Media: New Folder',
        prompt: `New folder in ${parent ? parent : 'MEDIA_ROOT'} (use "/" for nested folders)`,
        validateInput: (v) => nameProblem(v, true),
      });
      if (!name || nameProblem(name, true)) return undefined;
      const storageName = joinName(parent, normalizeStorageName(name.trim())!);
      const uri = t.project.uriOf(storageName)!;
      if (await t.project.entry.fs.stat(t.project.pathOf(storageName)!)) {
        say(`${storageName} already exists.`);
        return undefined;
      }
      await vscode.workspace.fs.createDirectory(uri);
      await refreshParentOf({ project: t.project, storageName: parent, isFolder: true }, true);
      return uri;
    }),
    reg('djangoMedia.mediaTree.rename', async (arg) => {
      const t = await resolveTarget(ctx, arg, 'Rename', true);
      if (!t || t.storageName === '') return undefined;
      const slash = t.storageName.lastIndexOf('/');
      const folder = slash < 0 ? '' : t.storageName.slice(0, slash);
      const old = t.storageName.slice(slash + 1);
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
      const from = targetUri(t)!;
      const to = t.project.uriOf(target)!;
      // A WorkspaceEdit, so that Undo in VS Code can take it back.
      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(from, to, { overwrite: false });
      const ok = await vscode.workspace.applyEdit(edit);
      if (!ok) {
        say(`could not rename ${t.storageName} to ${target} (does it exist already?).`);
        return undefined;
      }
      audit.forget(t.project, t.storageName);
      await refreshParentOf(t);
      return to;
    }),
    reg('djangoMedia.mediaTree.delete', async (arg, many) => {
      const picked = Array.isArray(many) && many.length > 1 ? many.filter(isTarget) : [await resolveTarget(ctx, arg, 'Delete', true)];
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
        const uri = targetUri(t)!;
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
        audit.forget(t.project, t.storageName);
      }
      for (const t of targets) await refreshParentOf(t);
      return true;
    }),
    reg('djangoMedia.mediaTree.findReferences', (arg) => findReferences(arg)),
    reg('djangoMedia.revealInMediaExplorer', (arg) => revealFromEditor(arg)),
    reg('djangoMedia.findUnusedMedia', () => scan()),
    reg('djangoMedia.mediaTree.createMediaRoot', async (arg) => {
      const entry = await resolveProject(ctx.models, typeof arg === 'string' ? arg : undefined, 'Create Media Folder');
      if (!entry) return undefined;
      const p = (await provider.allProjects()).find((x) => x.key === entry.key);
      if (!p) return undefined;
      if (p.mediaRoot === undefined) {
        const why = p.location?.kind === 'unknown' ? p.location.reason : p.location?.kind === 'remote' ? `media is stored in ${p.location.service}` : 'MEDIA_ROOT is not known';
        say(`there is no MEDIA_ROOT folder to create for ${p.name}: ${why}`);
        return undefined;
      }
      const uri = p.uriOf('')!;
      await vscode.workspace.fs.createDirectory(uri);
      provider.refresh();
      return uri;
    }),
    reg('djangoMedia.mediaTree.openSettingsFile', async (arg) => {
      const entry = await resolveProject(ctx.models, typeof arg === 'string' ? arg : undefined, 'Open Settings File');
      if (!entry) return undefined;
      const model = await ctx.models.model(entry);
      const origin = model?.settings.MEDIA_ROOT.origin;
      const file = origin?.file ?? model?.settingsFile ?? entry.project.managePy;
      const uri = entry.fs.toUri(file);
      await vscode.window.showTextDocument(uri, origin ? { selection: toRange(origin) } : {});
      return uri;
    }),
  );
}
