import { join, relative } from 'pathe';
import type { FileSystem } from '../fileSystem';
import { readTextFile } from '../fileSystem';
import { SKIPPED_FOLDERS } from './walkProjectFiles';

/** Files that name a settings module for tools (pytest-django, tox, setup.cfg). */
const TOOL_CONFIG_FILES = ['pytest.ini', 'setup.cfg', 'tox.ini', 'pyproject.toml'];

/**
 * Settings modules a user might choose for a project: modules named `settings`, modules inside a
 * `settings` package, and modules that tool configuration names (DJANGO_SETTINGS_MODULE = x).
 * Dotted names relative to the folder of manage.py (which is on sys.path), sorted, unique.
 */
export async function findSettingsCandidates(fs: FileSystem, root: string, maxDepth = 3): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      return;
    }
    if (entries.some((e) => e.name === 'pyvenv.cfg')) return;
    const inSettingsPackage = dir !== root && /(^|\/)settings$/.test(dir);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.type === 'file' && e.name.endsWith('.py')) {
        const stem = e.name.slice(0, -3);
        if (stem === 'settings' || (inSettingsPackage && stem !== '__init__' && !stem.startsWith('_'))) {
          found.add(toModule(relative(root, path)));
        } else if (inSettingsPackage && stem === '__init__') {
          found.add(toModule(relative(root, dir)));
        }
      } else if (e.type === 'directory' && !e.symlink && depth < maxDepth) {
        if (SKIPPED_FOLDERS.has(e.name) || e.name.startsWith('.') || e.name === 'migrations' || e.name === 'node_modules') continue;
        await walk(path, depth + 1);
      }
    }
  };
  await walk(root, 0);
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
