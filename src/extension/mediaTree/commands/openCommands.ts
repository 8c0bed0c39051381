import * as vscode from 'vscode';
import { findMediaReferences } from '../../../core/media';
import { referenceAt, referenceLanguageOf } from '../../../core/editor';
import { findStorageNameMentions, type MentionSyntax } from '../../../core/mediaIndex';
import { resolveProject } from '../../projectPicker';
import { toRange } from '../../sourceLinks';
import { targetUri, type MediaTarget } from '../mediaNodes';
import { resolveTarget, reveal, say, type MediaCommandContext } from './commandContext';

// The commands that open a media file or show it somewhere: an editor, the Explorer, the file
// manager, the Media Files view (from a URL in an editor); and the settings file that sets MEDIA_ROOT.

export async function open(ctx: MediaCommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const t = await resolveTarget(ctx, arg, 'Open Media File', false);
  const uri = t && targetUri(t);
  // vscode.open picks the editor by file type: images open in VS Code's image preview.
  if (uri && !t.isFolder) await vscode.commands.executeCommand('vscode.open', uri);
  return uri;
}

export async function revealInExplorer(ctx: MediaCommandContext, arg: unknown): Promise<void> {
  const t = await resolveTarget(ctx, arg, 'Reveal in Explorer View', true);
  const uri = t && targetUri(t);
  if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
}

export async function revealInOS(ctx: MediaCommandContext, arg: unknown): Promise<void> {
  const t = await resolveTarget(ctx, arg, 'Reveal in File Manager', true);
  const uri = t && targetUri(t);
  if (uri) await vscode.commands.executeCommand('revealFileInOS', uri);
}

function mentionSyntaxOf(doc: vscode.TextDocument): MentionSyntax | undefined {
  const id = doc.languageId;
  if (id === 'python') return 'python';
  if (id === 'json' || id === 'jsonc') return 'json';
  if (id === 'yaml') return 'yaml';
  if (id === 'xml') return 'xml';
  return undefined;
}

/** Shows in the Media Files view the file a Uri names, or the one named at the cursor of the active editor. */
export async function revealInMediaExplorer(ctx: MediaCommandContext, arg: unknown): Promise<MediaTarget | undefined> {
  if (arg instanceof vscode.Uri && !(vscode.window.activeTextEditor?.document.uri.toString() === arg.toString())) {
    const t = await ctx.provider.locate(arg);
    if (t) await reveal(ctx, t);
    return t;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    say('open a template or source file and put the cursor on a media URL.');
    return undefined;
  }
  const doc = editor.document;
  const entry = await ctx.models.projectFor(doc.uri);
  const projects = await ctx.provider.allProjects();
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
  return (await reveal(ctx, t)) ? t : undefined;
}

/** Opens the settings file at the line that sets MEDIA_ROOT (else the settings module, else manage.py). */
export async function openSettingsFile(ctx: MediaCommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const entry = await resolveProject(ctx.models, typeof arg === 'string' ? arg : undefined, 'Open Settings File');
  if (!entry) return undefined;
  const model = await ctx.models.model(entry);
  const origin = model?.settings.MEDIA_ROOT.origin;
  const file = origin?.file ?? model?.settingsFile ?? entry.project.managePy;
  const uri = entry.fs.toUri(file);
  await vscode.window.showTextDocument(uri, origin ? { selection: toRange(origin) } : {});
  return uri;
}
