import { Minimatch } from 'minimatch';
import { normalize } from 'pathe';
import { readTextFile, MAX_TEXT_FILE_BYTES, type DirEntry, type FileSystem } from '../fileSystem';
import type { MediaReference } from '../model';
import { findMediaReferences, languageOfFile, type ReferenceLanguage } from './findMediaReferences';

/** Bounds of one workspace walk; the defaults keep a large monorepo to a few seconds. */
export interface CollectLimits {
  /** Text files read at most. */
  maxFiles: number;
  /** Folder depth below the walked folder. */
  maxDepth: number;
  /** Directory entries looked at in total (files and folders, read or not). */
  maxEntries: number;
  /** Bytes of text read in total. */
  maxBytes: number;
}

/** Default walk bounds. */
export const DEFAULT_COLLECT_LIMITS: Readonly<CollectLimits> = {
  maxFiles: 20_000,
  maxDepth: 24,
  maxEntries: 300_000,
  maxBytes: 256 * 1024 * 1024,
};

/** What collectMediaReferences needs: the effective media settings and what to leave out. */
export interface CollectContext {
  /** Effective MEDIA_URL. */
  mediaUrl: string;
  /** Absolute MEDIA_ROOT (skipped by the walk), or null when unknown. */
  mediaRoot: string | null;
  /** Absolute paths of folders or files to skip, or glob patterns (minimatch, dotfiles included)
   *  matched against paths relative to the walked folder. The walked folder itself is never skipped. */
  exclude?: string[];
  /** Effective STATIC_URL: literal URLs under it are not media. */
  staticUrl?: string | null;
  /** Absolute STATIC_ROOT (collected static files), skipped by the walk. */
  staticRoot?: string | null;
  /** TEMPLATES[…]['DIRS']: folders whose .html/.txt files are templates even if not named "templates". */
  templateDirs?: string[];
  limits?: Partial<CollectLimits>;
}

// Folders that never hold a project's own templates or sources. Folders starting with "." (.git,
// .venv, .tox, .mypy_cache…) are skipped as well.
const SKIPPED_DIRS = new Set(['node_modules', 'bower_components', '__pycache__', 'site-packages', 'dist', 'build', 'htmlcov']);
// Django's app template folders: "templates" for the Django backend, "jinja2" for the Jinja2 backend.
const TEMPLATE_DIR_NAMES = new Set(['templates', 'jinja2']);
// These extensions only count as references holders inside template folders (elsewhere they are
// docs, coverage reports, vendored pages, data files).
const TEMPLATE_ONLY = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja', 'text']);
const CONCURRENT_READS = 8;

interface Dir {
  path: string;
  depth: number;
  inTemplates: boolean;
  viaSymlink: boolean;
}

interface TextFile {
  path: string;
  language: ReferenceLanguage;
}

function clean(path: string): string {
  const n = normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function childPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * Every media reference in the text files of a workspace folder, ordered by file path then
 * position: Django templates (.html/.htm/.jinja/.j2/.txt inside "templates" or "jinja2" folders or
 * templateDirs), Python, CSS/SCSS/Less, JS/TS and Markdown anywhere. Skips node_modules, VCS and
 * other dot folders, virtualenvs (any folder holding pyvenv.cfg), __pycache__, dist/build,
 * MEDIA_ROOT, STATIC_ROOT and `exclude`. Bounded by `limits` (files, depth, entries, bytes); files
 * over 2 MB or binary are skipped; a symlinked folder is entered, but no symlink inside it, so a
 * loop is followed at most once; unreadable folders and files are skipped quietly. When `token`
 * becomes aborted the walk stops and returns what it found so far (the caller should discard it).
 */
export async function collectMediaReferences(
  fs: FileSystem,
  folder: string,
  ctx: CollectContext,
  token?: { readonly aborted: boolean },
): Promise<MediaReference[]> {
  const limits = { ...DEFAULT_COLLECT_LIMITS, ...ctx.limits };
  const root = clean(folder);
  const skipExact = new Set<string>();
  const globs: Minimatch[] = [];
  for (const ex of ctx.exclude ?? []) {
    if (!ex) continue;
    if (ex.startsWith('/') || /^[A-Za-z]:[\\/]/.test(ex)) skipExact.add(clean(ex.replace(/\\/g, '/')));
    else globs.push(new Minimatch(ex, { dot: true }));
  }
  if (ctx.mediaRoot) skipExact.add(clean(ctx.mediaRoot));
  if (ctx.staticRoot) skipExact.add(clean(ctx.staticRoot));
  skipExact.delete(root);
  const templateDirs = new Set((ctx.templateDirs ?? []).map(clean));
  const excluded = (path: string, isDir: boolean): boolean => {
    if (skipExact.has(path)) return true;
    if (globs.length === 0) return false;
    const rel = path.slice(root.length + (root.endsWith('/') ? 0 : 1));
    return globs.some((g) => g.match(rel) || (isDir && g.match(`${rel}/`)));
  };

  // 1. Walk the folders (depth first, names sorted: the result does not depend on the port's order).
  const files: TextFile[] = [];
  let entries = 0;
  const stack: Dir[] = [{ path: root, depth: 0, inTemplates: templateDirs.has(root), viaSymlink: false }];
  walk: while (stack.length > 0) {
    if (token?.aborted) break;
    const dir = stack.pop()!;
    let list: DirEntry[];
    try {
      list = await fs.readDirectory(dir.path);
    } catch {
      continue; // permission denied, vanished: nothing to report
    }
    if (dir.depth > 0 && list.some((e) => e.name === 'pyvenv.cfg' && e.type === 'file')) continue;
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Dir[] = [];
    for (const e of list) {
      if (++entries > limits.maxEntries) break walk;
      const path = childPath(dir.path, e.name);
      if (e.type === 'directory') {
        if (dir.depth + 1 > limits.maxDepth || e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        if (e.symlink && dir.viaSymlink) continue;
        if (excluded(path, true)) continue;
        subdirs.push({
          path,
          depth: dir.depth + 1,
          inTemplates: dir.inTemplates || TEMPLATE_DIR_NAMES.has(e.name) || templateDirs.has(path),
          viaSymlink: dir.viaSymlink || e.symlink === true,
        });
      } else if (e.type === 'file') {
        const language = languageOfFile(path);
        if (!language || (TEMPLATE_ONLY.has(language) && !dir.inTemplates)) continue;
        if (excluded(path, false)) continue;
        files.push({ path, language: language === 'html' ? 'django-html' : language });
        if (files.length >= limits.maxFiles) break walk;
      }
    }
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]!);
  }

  // 2. Read and scan a few files at a time; results land in path order.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const perFile: MediaReference[][] = new Array(files.length);
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !token?.aborted && bytes < limits.maxBytes) {
      const n = next++;
      const f = files[n]!;
      const text = await readTextFile(fs, f.path, MAX_TEXT_FILE_BYTES);
      if (text === undefined) continue;
      bytes += text.length;
      perFile[n] = findMediaReferences(text, f.language, {
        file: f.path,
        mediaUrl: ctx.mediaUrl,
        mediaRoot: ctx.mediaRoot,
        staticUrl: ctx.staticUrl ?? null,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, worker));
  const out: MediaReference[] = [];
  for (const refs of perFile) if (refs) out.push(...refs);
  return out;
}
