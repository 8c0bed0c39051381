import { Minimatch } from 'minimatch';
import { readTextFiles, type FileSystem } from '../fileSystem';
import type { MediaReference } from '../model';
import { cleanPath, SKIPPED_SOURCE_FOLDERS, walkProjectFiles } from '../project/walkProjectFiles';
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

// Django's app template folders: "templates" for the Django backend, "jinja2" for the Jinja2 backend.
const TEMPLATE_DIR_NAMES = new Set(['templates', 'jinja2']);
// These extensions only count as references holders inside template folders (elsewhere they are
// docs, coverage reports, vendored pages, data files).
const TEMPLATE_ONLY = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja', 'text']);

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
  return scanProjectTexts(fs, folder, ctx, (text, language, file) =>
    findMediaReferences(text, language, { file, mediaUrl: ctx.mediaUrl, mediaRoot: ctx.mediaRoot, staticUrl: ctx.staticUrl ?? null }), token);
}

/** What decides which files the walk of a context reads: its bounds, what it skips, its template folders. */
function walkOf(ctx: Omit<CollectContext, 'mediaUrl'>) {
  const limits = { ...DEFAULT_COLLECT_LIMITS, ...ctx.limits };
  const skipExact: string[] = [];
  const patterns: string[] = [];
  for (const ex of ctx.exclude ?? []) {
    if (!ex) continue;
    if (ex.startsWith('/') || /^[A-Za-z]:[\\/]/.test(ex)) skipExact.push(ex.replace(/\\/g, '/'));
    else patterns.push(ex);
  }
  if (ctx.mediaRoot) skipExact.push(ctx.mediaRoot);
  if (ctx.staticRoot) skipExact.push(ctx.staticRoot);
  const templateDirs = new Set((ctx.templateDirs ?? []).map(cleanPath));
  return { limits, skipExact, patterns, templateDirs };
}

/** True when the walks of two contexts read the same files (one walk may then serve both). */
export function sameWalk(a: Omit<CollectContext, 'mediaUrl'>, b: Omit<CollectContext, 'mediaUrl'>): boolean {
  const key = (ctx: Omit<CollectContext, 'mediaUrl'>) => {
    const w = walkOf(ctx);
    return JSON.stringify([w.limits, [...new Set(w.skipExact)].sort(), [...new Set(w.patterns)].sort(), [...w.templateDirs].sort()]);
  };
  return key(a) === key(b);
}

/**
 * The bounded walk of {@link collectMediaReferences} (same folders, files, skips and limits), with
 * another scanner applied to each text file read: the static files' references use it too.
 */
export async function scanProjectTexts<T>(
  fs: FileSystem,
  folder: string,
  ctx: Omit<CollectContext, 'mediaUrl'>,
  scanText: (text: string, language: ReferenceLanguage, file: string) => T[],
  token?: { readonly aborted: boolean },
): Promise<T[]> {
  const { limits, skipExact, patterns, templateDirs } = walkOf(ctx);
  const root = cleanPath(folder);
  const globs = patterns.map((g) => new Minimatch(g, { dot: true }));

  // 1. Walk the folders; a folder's state is "inside a template folder".
  const { files } = await walkProjectFiles<ReferenceLanguage, boolean>(fs, root, {
    folderState: (path, name, inTemplates) =>
      inTemplates === undefined ? templateDirs.has(path) : inTemplates || TEMPLATE_DIR_NAMES.has(name) || templateDirs.has(path),
    classify: (_name, path, inTemplates) => {
      const language = languageOfFile(path);
      if (!language || (TEMPLATE_ONLY.has(language) && !inTemplates)) return undefined;
      return language === 'html' ? 'django-html' : language;
    },
    exclude: skipExact,
    isExcluded:
      globs.length === 0
        ? undefined
        : (path, isDirectory) => {
            const rel = path.slice(root.length + (root.endsWith('/') ? 0 : 1));
            return globs.some((g) => g.match(rel) || (isDirectory && g.match(`${rel}/`)));
          },
    skippedFolders: SKIPPED_SOURCE_FOLDERS,
    limits,
    token,
  });

  // 2. Read and scan a few files at a time; results land in path order.
  const perFile = await readTextFiles(
    fs,
    files,
    (text, f) => scanText(text, f.kind, f.path),
    { maxBytes: limits.maxBytes, token },
  );
  return perFile.flat();
}
