import { join, basename } from 'pathe';
import type { FileSystem } from '../fileSystem';
import type { DjangoProject } from '../model';
import { SKIPPED_FOLDERS } from './walkProjectFiles';

export interface FindProjectsOptions {
  /** How many folder levels below `folder` to look (0 = only the folder itself). Default 4. */
  maxDepth?: number;
  /** Stop after visiting this many folders (a safety net for enormous workspaces). Default 5,000. */
  maxFolders?: number;
  token?: { readonly aborted: boolean };
}

/** How many folders are read at once. */
const READ_BATCH = 32;

/**
 * Finds every Django project (a folder holding manage.py) under `folder`, breadth-first, bounded in
 * depth and folder count, skipping dependency and cache folders, virtualenvs (pyvenv.cfg) and
 * symlinked folders (so loops cannot trap it). Sorted by path.
 */
export async function findDjangoProjects(
  fs: FileSystem,
  folder: string,
  options: FindProjectsOptions = {},
): Promise<DjangoProject[]> {
  const maxDepth = options.maxDepth ?? 4;
  const maxFolders = options.maxFolders ?? 5000;
  const found: DjangoProject[] = [];
  let queue: string[] = [folder];
  let visited = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    // The folders of one level are read a batch at a time: in the editor each read is a round trip
    // to the workbench, and thousands of them one after another took seconds on large projects.
    for (let i = 0; i < queue.length; i += READ_BATCH) {
      if (options.token?.aborted) return sortProjects(found);
      const batch = queue.slice(i, Math.min(i + READ_BATCH, i + maxFolders - visited));
      visited += batch.length;
      const listings = await Promise.all(batch.map((dir) => listOrSkip(fs, dir)));
      batch.forEach((dir, k) => {
        const entries = listings[k];
        if (!entries) return; // unreadable folder: skip quietly
        if (entries.some((e) => e.name === 'pyvenv.cfg')) return;
        const manage = entries.find((e) => e.name === 'manage.py' && e.type === 'file');
        if (manage) found.push({ root: dir, managePy: join(dir, 'manage.py'), name: basename(dir) });
        for (const e of entries) {
          if (e.type !== 'directory' || e.symlink) continue;
          if (SKIPPED_FOLDERS.has(e.name) || e.name.startsWith('.')) continue;
          next.push(join(dir, e.name));
        }
      });
      if (visited >= maxFolders) return sortProjects(found);
    }
    queue = next;
  }
  return sortProjects(found);
}

async function listOrSkip(fs: FileSystem, dir: string) {
  try {
    return await fs.readDirectory(dir);
  } catch {
    return undefined;
  }
}

function sortProjects(projects: DjangoProject[]): DjangoProject[] {
  return projects.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}
