import * as vscode from 'vscode';
import type { ProjectEntry, ProjectModels } from './projectModels';
import { relativeToFolder } from './projectModels';

/**
 * The project a command is about: the one named by `arg` (a root as Uri string or path, from a link
 * or a test), else the active editor's, else the only one, else the user's pick. Undefined (with a
 * message) when the workspace has none or the user cancels.
 */
export async function resolveProject(models: ProjectModels, arg: unknown, purpose: string): Promise<ProjectEntry | undefined> {
  const all = await models.projects();
  if (typeof arg === 'string' && arg !== '') {
    const named = all.find((e) => e.key === arg || e.project.root === arg || e.project.managePy === arg);
    if (named) return named;
  }
  if (all.length === 0) {
    void vscode.window.showInformationMessage('Django Media: no Django project (a folder with manage.py) was found in this workspace.');
    return undefined;
  }
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri) {
    const active = await models.projectFor(uri);
    if (active) return active;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((entry) => ({ label: entry.project.name, description: `${entry.folder.name}: ${relativeToFolder(entry, entry.project.managePy)}`, entry })),
    { title: `Django Media: ${purpose}`, placeHolder: 'Which Django project?' },
  );
  return picked?.entry;
}
