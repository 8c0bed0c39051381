import * as vscode from 'vscode';
import { Minimatch } from 'minimatch';

/** Paths (relative to the folder) that `files.watcherExclude` keeps out of the folder's file events. */
function watcherExclusions(folder: vscode.WorkspaceFolder): (relative: string) => boolean {
  const config = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('watcherExclude') ?? {};
  const patterns = Object.entries(config)
    .filter(([, on]) => on === true)
    .map(([glob]) => new Minimatch(glob.replace(/^\.\//, ''), { dot: true }));
  return (relative) => patterns.some((m) => m.match(relative) || m.match(relative + '/'));
}

/**
 * What the folder's file events cover, and so what a cache over the folder may remember: paths
 * inside it that `files.watcherExclude` does not exclude.
 */
export function coveredByFileEvents(folder: vscode.WorkspaceFolder): (path: string) => boolean {
  const base = folder.uri.path.replace(/\/+$/, '');
  const excluded = watcherExclusions(folder);
  return (p) => p.startsWith(base + '/') && !excluded(p.slice(base.length + 1));
}
