import { join } from 'pathe';
import { ConfinedFileSystem } from '../confinedFileSystem';
import type { FileSystem } from '../fileSystem';
import type { StaticSource } from '../staticfiles/finders';

/** The caret inside the quoted name of `{% static '…` (or Jinja's `static('…`). */
export interface StaticCompletionContext {
  /** The folder part typed so far ("img/"), "" at the top. */
  folder: string;
  /** The current segment typed so far (the filter). */
  typed: string;
  /** 1-based columns: start of the current segment, the caret, and the end of the segment. */
  start: number;
  caret: number;
  end: number;
}

const OPEN_NAME = /(?:\{%-?[ \t]*static[ \t]+|\{\{-?[ \t]*static[ \t]*\([ \t]*)(["'])([^"'\n]*)$/;

/** Where static name completion applies on a line (1-based caret column), or undefined. */
export function staticCompletionContext(lineText: string, caret: number): StaticCompletionContext | undefined {
  const before = lineText.slice(Math.max(0, caret - 1 - 1024), caret - 1);
  const m = OPEN_NAME.exec(before);
  if (!m) return undefined;
  const typedName = m[2]!;
  const slash = typedName.lastIndexOf('/');
  const folder = typedName.slice(0, slash + 1);
  const typed = typedName.slice(slash + 1);
  const rest = lineText.slice(caret - 1);
  const stop = rest.search(/["'/\s]/);
  const end = caret + (stop < 0 ? rest.length : stop);
  return { folder, typed, start: caret - typed.length, caret, end };
}

/** One offered name segment: a file or a folder, from the first finder location holding it. */
export interface StaticCompletionItem {
  /** The segment ("logo.png", "img"). */
  label: string;
  isFolder: boolean;
  /** The full static name ("img/logo.png"). */
  name: string;
  /** The file or folder it comes from (the first location that has it; later ones are shadowed). */
  path: string;
  /** Where it comes from, in words ("STATICFILES_DIRS[0]", "app shop"). */
  from: string;
}

/** Entries listed per folder at most (a huge vendored folder stays cheap). */
const MAX_ENTRIES_PER_FOLDER = 1000;

/**
 * The names under `folder` across every finder location, in search order: a name offered once,
 * from the first location that has it (the one the finders return). A prefixed STATICFILES_DIRS
 * entry contributes its prefix as a folder. Each folder is read through its own confinement.
 */
export async function staticCompletionItems(fs: FileSystem, sources: readonly StaticSource[], folder: string): Promise<StaticCompletionItem[]> {
  const items = new Map<string, StaticCompletionItem>();
  for (const source of sources) {
    if (source.kind !== 'folder') continue;
    const from = source.finder === 'AppDirectoriesFinder' ? `app ${source.app ?? '?'}` : `STATICFILES_DIRS[${source.dirsIndex ?? '?'}]`;
    let dir: string;
    if (source.prefix !== null) {
      const pre = `${source.prefix}/`;
      if (!folder.startsWith(pre)) {
        if (pre.startsWith(folder)) {
          const label = pre.slice(folder.length).split('/')[0]!;
          if (label && !items.has(label)) items.set(label, { label, isFolder: true, name: folder + label, path: source.folder, from });
        }
        continue;
      }
      dir = join(source.folder, folder.slice(pre.length));
    } else {
      dir = folder ? join(source.folder, folder) : source.folder;
    }
    let entries;
    try {
      entries = await new ConfinedFileSystem(fs, { roots: [source.folder] }).readDirectory(dir);
    } catch {
      continue; // missing or unreadable: nothing to offer from here
    }
    for (const e of entries.slice(0, MAX_ENTRIES_PER_FOLDER)) {
      if (items.has(e.name) || e.name.startsWith('.') || (e.type !== 'file' && e.type !== 'directory')) continue;
      items.set(e.name, { label: e.name, isFolder: e.type === 'directory', name: folder + e.name, path: join(dir, e.name), from });
    }
  }
  return [...items.values()].sort((a, b) => (a.isFolder !== b.isFolder ? (a.isFolder ? -1 : 1) : a.label.localeCompare(b.label)));
}
