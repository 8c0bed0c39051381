import { dirname, join, relative } from 'pathe';
import type { FileSystem } from '../fileSystem';
import { readTextFile } from '../fileSystem';
import { SKIPPED_FOLDERS, walkProjectFiles } from './walkProjectFiles';

/** Folders never searched for settings modules. */
const CANDIDATE_SKIPPED_FOLDERS: ReadonlySet<string> = new Set([...SKIPPED_FOLDERS, 'migrations', 'node_modules']);
/** Folders listed at most while looking for settings modules. */
const MAX_CANDIDATE_FOLDERS = 5000;

/** Files that name a settings module for tools (pytest-django, tox, setup.cfg). */
const TOOL_CONFIG_FILES = ['pytest.ini', 'setup.cfg', 'tox.ini', 'pyproject.toml'];

/**
 * Settings modules a user might choose for a project: modules named `settings`, modules inside a
 * `settings` package, and modules that tool configuration names (DJANGO_SETTINGS_MODULE = x).
 * Dotted names relative to the folder of manage.py (which is on sys.path), sorted, unique.
 */
export async function findSettingsCandidates(fs: FileSystem, root: string, maxDepth = 3): Promise<string[]> {
  const found = new Set<string>();
  // One bounded walk (its listings asked for ahead of their turn); the state of a folder is
  // whether it is a `settings` package.
  const { files } = await walkProjectFiles<'module' | 'package', boolean>(fs, root, {
    folderState: (path) => path !== root && /(^|\/)settings$/.test(path),
    classify: (name, _path, inSettingsPackage) => {
      if (!name.endsWith('.py')) return undefined;
      const stem = name.slice(0, -3);
      if (stem === 'settings' || (inSettingsPackage && stem !== '__init__' && !stem.startsWith('_'))) return 'module';
      return inSettingsPackage && stem === '__init__' ? 'package' : undefined;
    },
    skippedFolders: CANDIDATE_SKIPPED_FOLDERS,
    followSymlinks: 'never',
    limits: { maxDepth, maxFolders: MAX_CANDIDATE_FOLDERS },
  });
  for (const f of files) found.add(toModule(relative(root, f.kind === 'module' ? f.path : dirname(f.path))));
  for (const name of TOOL_CONFIG_FILES) {
    const text = await readTextFile(fs, join(root, name), 256 * 1024);
    if (!text) continue;
    for (const m of text.matchAll(/DJANGO_SETTINGS_MODULE\s*[=:]\s*["']?([A-Za-z_][\w.]*)/g)) {
      if (m[1]) found.add(m[1]);
    }
  }
  return [...found].sort();
}

function toModule(relPath: string): string {
  return relPath.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}
