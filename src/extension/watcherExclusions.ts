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
  // Asked for every read and stat of a check run; the globs' answer for a path never changes
  // (a new configuration makes a new function), so it is matched once.
  const known = new Map<string, boolean>();
  return (p) => {
    if (!p.startsWith(base + '/')) return false;
    let covered = known.get(p);
    if (covered === undefined) {
      covered = !excluded(p.slice(base.length + 1));
      if (known.size >= MAX_REMEMBERED) known.clear();
      known.set(p, covered);
    }
    return covered;
  };
}

/** Paths whose answer is remembered at most (a large project's modules and templates fit). */
const MAX_REMEMBERED = 50_000;
