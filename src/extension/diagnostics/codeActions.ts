import * as vscode from 'vscode';
import type { QuickFix } from '../../core/checks';
import { stillCurrent } from '../../core/diagnostics/checkFileSystems';
import { checkWritePath, fixPathDenial } from '../../core/writeGuard';
import { CREATE_FOLDERS_COMMAND } from '../commandIds';
import { DIAGNOSTIC_SOURCE, toWorkspaceEdit } from './convert';
import { bufferState, type DiagnosticsManager, type PublishedFinding } from './diagnosticsManager';

/**
 * Where the findings with fixes can be: settings, models, views and URLconfs (Python), templates,
 * nginx configurations and compose files, .gitignore. Never "*": the provider answers only for
 * documents that have Django Media diagnostics, but VS Code asks every provider of a language.
 */
export const FIX_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'html' },
  { language: 'django-html' },
  { language: 'django-txt' },
  { language: 'jinja' },
  { language: 'jinja-html' },
  { language: 'jinja2' },
  { language: 'nginx' },
  { language: 'yaml' },
  { language: 'dockercompose' },
  { language: 'ignore' },
  // VS Code opens *.conf as "properties" and unknown names as plain text: only deployment files.
  { language: 'properties', pattern: '**/*.{conf,nginx,vhost,template}' },
  { language: 'plaintext', pattern: '**/{nginx*,*.conf,*.nginx,*.vhost,*.conf.template,*compose*.yml,*compose*.yaml,.gitignore}' },
  { pattern: '**/.gitignore' },
];

/** Turns the fixes of Django Media findings into quick fixes: text edits as undoable WorkspaceEdits. */
export class FindingCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly manager: DiagnosticsManager) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const published = this.manager.findingFor(document.uri, diagnostic);
      if (!published) continue;
      for (const fix of published.finding.fixes) {
        if (!isCurrent(published, fix)) continue;
        // The write guard: a fix may only change files inside the workspace folder. Answered at once (an
        // async provider holds the lightbulb back); links are followed by the checks' confined reads.
        if (fixPathDenial(published.entry.folder.uri.path, fix)) continue;
        actions.push(toCodeAction(published, fix, diagnostic));
      }
    }
    return actions;
  }
}

/** A fix is offered only while every file it edits still has the text the check read. */
function isCurrent(p: PublishedFinding, fix: QuickFix): boolean {
  return fix.edits.every((e) => stillCurrent(p.served.get(e.file), bufferState(p.entry.fs.toUri(e.file))));
}

function toCodeAction(p: PublishedFinding, fix: QuickFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.isPreferred === true;
  if (fix.edits.length > 0 || (fix.createFiles?.length ?? 0) > 0) action.edit = toWorkspaceEdit(p.entry, fix);
  if (fix.createFolders?.length) {
    // Run as a command after any edit: the title (from the rule) says that it creates the folder.
    action.command = { title: fix.title, command: CREATE_FOLDERS_COMMAND, arguments: [p.entry.key, fix.createFolders] };
  }
  return action;
}

/** Creates the folders of a fix through vscode.workspace.fs, then re-runs the checks they concern. */
export function registerCreateFoldersCommand(manager: DiagnosticsManager, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CREATE_FOLDERS_COMMAND, async (projectKey: unknown, folders: unknown) => {
    const entry = typeof projectKey === 'string' ? manager.entryOf(projectKey) : undefined;
    if (!entry || !Array.isArray(folders) || !folders.every((f) => typeof f === 'string' && f.startsWith('/'))) return false;
    for (const folder of folders as string[]) {
      const check = await checkWritePath(entry.fs, entry.folder.uri.path, folder);
      if (!check.ok || check.path !== folder) {
        log.warn(`[${entry.project.name}] the folder ${folder} is not created: ${check.ok ? 'not a normalised path' : check.reason}`);
        return false;
      }
    }
    try {
      for (const folder of folders as string[]) {
        await vscode.workspace.fs.createDirectory(entry.fs.toUri(folder));
        log.info(`[${entry.project.name}] created the folder ${folder}`);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`Django Media could not create the folder: ${message}`);
      return false;
    } finally {
      manager.foldersCreated(entry.key, folders as string[], 'folder created');
    }
    return true;
  });
}
