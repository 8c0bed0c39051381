/**
 * Where `django.contrib.staticfiles` looks for a static file, in the order its finders do:
 * STATICFILES_FINDERS (default: FileSystemFinder over STATICFILES_DIRS, then AppDirectoriesFinder
 * over each installed app's `static/` folder in INSTALLED_APPS order); the first match wins.
 *
 * An app that is not a folder of the workspace (site-packages, a path the evaluator cannot see) is
 * "not in this workspace": a name it could hold is unknown, never missing. Django's own contrib
 * apps are known: only admin and gis ship static files, under "admin/" and "gis/".
 */
import { dirname, join } from 'pathe';
import { ConfinedFileSystem } from '../confinedFileSystem';
import { readTextFile, type DirEntry, type FileSystem } from '../fileSystem';
import { existenceOf } from '../mediaIndex/mediaRootGuard';
import type { ProjectModel } from '../model';

/** The two finders Django ships that look in folders. */
export type FolderFinder = 'FileSystemFinder' | 'AppDirectoriesFinder';

const FINDERS_MODULE = 'django.contrib.staticfiles.finders.';
/** Django's default STATICFILES_FINDERS. */
export const DEFAULT_FINDERS = [`${FINDERS_MODULE}FileSystemFinder`, `${FINDERS_MODULE}AppDirectoriesFinder`];

/** Static files of Django's contrib apps (identical in 3.2 and 5.2): the app and the namespace of its names. */
const CONTRIB_STATIC: Record<string, string> = { admin: 'admin/', gis: 'gis/' };

/** One place a finder looks, in search order. */
export type StaticSource =
  | {
      kind: 'folder';
      finder: FolderFinder;
      /** Absolute folder. */
      folder: string;
      /** The prefix of a (prefix, path) STATICFILES_DIRS entry: names under "prefix/" map into the folder. */
      prefix: string | null;
      /** The INSTALLED_APPS entry, for an app's static folder. */
      app?: string;
      /** Index in STATICFILES_DIRS, for its entries. */
      dirsIndex?: number;
    }
  | {
      /** A finder or app whose files are not in this workspace: names it could hold are unknown. */
      kind: 'outside';
      what: string;
      reason: string;
      /** The names it can hold start with one of these; undefined: any name. */
      namespaces?: readonly string[];
    };

/** The finders' search order for a project, or why it cannot be known. */
export type StaticFinders = { known: true; sources: StaticSource[] } | { known: false; reason: string };

/** A dotted Python name. */
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The folder of a module importable from the project root (sys.path[0]), and its source file. */
async function findModule(fs: FileSystem, root: string, dotted: string): Promise<{ dir: string; file?: string } | undefined> {
  if (!DOTTED.test(dotted)) return undefined;
  const base = join(root, ...dotted.split('.'));
  const init = join(base, '__init__.py');
  if ((await fs.stat(init))?.type === 'file') return { dir: base, file: init };
  if ((await fs.stat(`${base}.py`))?.type === 'file') return { dir: dirname(base), file: `${base}.py` };
  if ((await fs.stat(base))?.type === 'directory') return { dir: base }; // a namespace package
  return undefined;
}

/** The literal `name = '…'` of `class <cls>` in a module's source; undefined when absent, not literal, or `path` is overridden. */
function appConfigName(source: string, cls: string): string | undefined {
  const head = new RegExp(`^([ \\t]*)class[ \\t]+${cls}\\b[^\\n]*:[ \\t]*$`, 'm').exec(source);
  if (!head) return undefined;
  const indent = head[1]!.length;
  const body: string[] = [];
  for (const line of source.slice(head.index + head[0].length + 1).split('\n')) {
    if (line.trim() !== '' && line.length - line.trimStart().length <= indent) break;
    body.push(line);
  }
  const text = body.join('\n');
  if (/^[ \t]+path[ \t]*[:=]/m.test(text)) return undefined; // a custom AppConfig.path
  return /^[ \t]+name[ \t]*(?::[^=\n]*)?=[ \t]*['"]([A-Za-z0-9_.]+)['"][ \t]*(#.*)?$/m.exec(text)?.[1];
}

/**
 * The static folder of one INSTALLED_APPS entry (a module, or an AppConfig class path as Django's
 * AppConfig.create reads it), or an 'outside' source when the app's files are not in the workspace.
 */
async function appSource(fs: FileSystem, root: string, entry: string): Promise<StaticSource | undefined> {
  const contrib = /^django\.contrib\.([a-z_]+)/.exec(entry);
  if (contrib || entry.startsWith('django.')) {
    const ns = contrib ? CONTRIB_STATIC[contrib[1]!] : undefined;
    return ns ? { kind: 'outside', what: entry, reason: `${entry} is installed outside this workspace`, namespaces: [ns] } : undefined;
  }
  const outside: StaticSource = { kind: 'outside', what: entry, reason: `the app ${entry} is not a folder of this workspace` };
  let module = await findModule(fs, root, entry);
  if (!module) {
    const dot = entry.lastIndexOf('.');
    if (dot < 0) return outside;
    const owner = await findModule(fs, root, entry.slice(0, dot));
    const source = owner?.file ? await readTextFile(fs, owner.file) : undefined;
    const name = source === undefined ? undefined : appConfigName(source, entry.slice(dot + 1));
    if (!name) return owner ? { ...outside, reason: `the app configuration ${entry} does not name its app with a literal` } : outside;
    if (/^django\./.test(name)) return appSource(fs, root, name);
    module = await findModule(fs, root, name);
    if (!module) return outside;
  }
  return { kind: 'folder', finder: 'AppDirectoriesFinder', folder: join(module.dir, 'static'), prefix: null, app: entry };
}

/**
 * The finders' sources for a project, in search order. Unknown when django.contrib.staticfiles is
 * not known to be installed (without it `{% static %}` only joins STATIC_URL) or a setting the
 * finders read is unknown.
 */
export async function staticFindersOf(fs: FileSystem, model: ProjectModel): Promise<StaticFinders> {
  const s = model.settings;
  if (!s.INSTALLED_APPS.known) return { known: false, reason: `INSTALLED_APPS is unknown (${s.INSTALLED_APPS.reason})` };
  const apps = s.INSTALLED_APPS.value;
  if (!apps.some((a) => a === 'django.contrib.staticfiles' || a.startsWith('django.contrib.staticfiles.'))) {
    return { known: false, reason: 'django.contrib.staticfiles is not in INSTALLED_APPS, so no finder looks for static files' };
  }
  const finders = model.raw('STATICFILES_FINDERS');
  let list: unknown = DEFAULT_FINDERS;
  if (finders) {
    if (!finders.known) return { known: false, reason: `STATICFILES_FINDERS is unknown (${finders.reason})` };
    list = finders.value;
  }
  if (!Array.isArray(list)) return { known: false, reason: 'STATICFILES_FINDERS is not a list' };
  const sources: StaticSource[] = [];
  for (const finder of list) {
    if (finder === `${FINDERS_MODULE}FileSystemFinder`) {
      if (!s.STATICFILES_DIRS.known) return { known: false, reason: `STATICFILES_DIRS is unknown (${s.STATICFILES_DIRS.reason})` };
      s.STATICFILES_DIRS.value.forEach((entry, dirsIndex) => {
        const [prefix, folder] = Array.isArray(entry) ? entry : [null, entry];
        sources.push({ kind: 'folder', finder: 'FileSystemFinder', folder, prefix, dirsIndex });
      });
    } else if (finder === `${FINDERS_MODULE}AppDirectoriesFinder`) {
      for (const app of apps) {
        const source = await appSource(fs, model.project.root, app);
        if (source) sources.push(source);
      }
    } else {
      const what = typeof finder === 'string' ? finder : String(finder);
      sources.push({ kind: 'outside', what, reason: `the finder ${what} is not modelled` });
    }
  }
  return { known: true, sources };
}

/** A static name as the finders take it: relative, no "." or ".." segment, no backslash. Undefined when Django would refuse it or it is not a plain name. */
export function staticNameProblem(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.startsWith('/')) return 'an absolute name (the finders only join relative names)';
  if (name.includes('\\') || name.includes('\0')) return 'a name with a backslash or NUL';
  if (name.split('/').some((seg) => seg === '..' || seg === '.')) return 'a name with "." or ".." segments';
  return undefined;
}

/** One folder that holds a name. */
export interface StaticMatch {
  path: string;
  type: 'file' | 'directory';
  source: Extract<StaticSource, { kind: 'folder' }>;
}

/** What the finders return for a name. */
export type StaticResolution =
  /** First match; `shadowed`: later matches it hides (only with `all`). */
  | { kind: 'found'; match: StaticMatch; shadowed: StaticMatch[] }
  /** No finder finds it; `searched`: the folders looked in. */
  | { kind: 'missing'; searched: Array<Extract<StaticSource, { kind: 'folder' }>> }
  /** A folder cannot be read, a link leads out of it, or a source outside the workspace could hold it. */
  | { kind: 'unknown'; reason: string; before?: StaticMatch };

/**
 * Looks names up in the finders' folders: each folder through its own confinement (a link out of
 * it is "unknown", never followed), folder listings cached for the lifetime of the object.
 */
export class StaticFileLookup {
  private readonly confined = new Map<string, ConfinedFileSystem>();
  private readonly listings = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
  private readonly folders = new Map<string, Promise<{ byName: Map<string, DirEntry>; lower: Set<string> } | 'missing' | 'unknown'>>();

  /**
   * `many`: many names will be looked up (links of a document, a project's references): answer
   * from cached folder listings rather than a confined stat per name and folder.
   */
  constructor(
    private readonly fs: FileSystem,
    readonly sources: readonly StaticSource[],
    private readonly many = false,
  ) {}

  /** The file system confined to one finder folder. */
  folderFs(folder: string): ConfinedFileSystem {
    let c = this.confined.get(folder);
    if (!c) {
      c = new ConfinedFileSystem(this.fs, { roots: [folder] });
      this.confined.set(folder, c);
    }
    return c;
  }

  /** The path `name` maps to in a folder source, or undefined when its prefix does not match. */
  static pathIn(source: Extract<StaticSource, { kind: 'folder' }>, name: string): string | undefined {
    let rest = name;
    if (source.prefix !== null) {
      if (!name.startsWith(`${source.prefix}/`)) return undefined;
      rest = name.slice(source.prefix.length + 1);
    }
    rest = rest.replace(/\/+/g, '/').replace(/\/$/, '');
    return rest === '' ? undefined : join(source.folder, rest);
  }

  /** {@link pathIn} for a name without "." or ".." segments, slashes already collapsed. */
  private plainPathIn(source: Extract<StaticSource, { kind: 'folder' }>, name: string): string | undefined {
    let rest = name;
    if (source.prefix !== null) {
      if (!name.startsWith(`${source.prefix}/`)) return undefined;
      rest = name.slice(source.prefix.length + 1);
    }
    if (rest === '') return undefined;
    let clean = this.cleanFolders.get(source.folder);
    if (clean === undefined) this.cleanFolders.set(source.folder, (clean = join(source.folder) === source.folder && source.folder.startsWith('/')));
    return !clean ? join(source.folder, rest) : source.folder === '/' ? `/${rest}` : `${source.folder}/${rest}`;
  }

  /** Folders already in normal form (joining a plain name to them is concatenating). */
  private readonly cleanFolders = new Map<string, boolean>();

  /** One folder's entries by name (cached), or why there are none. */
  private entries(root: string, dir: string): Promise<{ byName: Map<string, DirEntry>; lower: Set<string> } | 'missing' | 'unknown'> {
    let p = this.folders.get(dir);
    if (!p) {
      const fs = this.folderFs(root);
      p = fs.readDirectory(dir).then(
        (list) => ({ byName: new Map(list.map((e) => [e.name, e])), lower: new Set(list.map((e) => e.name.toLowerCase())) }),
        async () => ((await existenceOf(fs, dir, root, this.listings)) === 'missing' ? 'missing' as const : 'unknown' as const),
      );
      this.folders.set(dir, p);
    }
    return p;
  }

  /**
   * Whether `path` (inside the finder folder `root`) is a file, a folder, missing or unknown: from
   * cached folder listings (many names cost a few listings, not a stat each); a symbolic link on the
   * way is checked through the folder's confinement; a name that differs only in case is unknown
   * (a case-insensitive disk would find it).
   */
  private async existence(root: string, path: string): Promise<'file' | 'directory' | 'missing' | 'unknown'> {
    if (!this.many) {
      const st = await this.folderFs(root).stat(path);
      if (st) return st.type === 'other' ? 'unknown' : st.type;
    }
    const segments = path.slice(root.length + 1).split('/');
    let dir = root;
    for (let i = 0; i < segments.length; i++) {
      const listing = await this.entries(root, dir);
      if (listing === 'missing' || listing === 'unknown') return listing;
      const e = listing.byName.get(segments[i]!);
      if (!e) return listing.lower.has(segments[i]!.toLowerCase()) ? 'unknown' : 'missing';
      if (e.symlink || e.type === 'other') return existenceOf(this.folderFs(root), path, root, this.listings);
      if (i === segments.length - 1) return e.type;
      if (e.type !== 'directory') return 'missing';
      dir = `${dir}/${e.name}`;
    }
    return 'unknown';
  }

  /** Answers given, by name (a project's templates name the same few files again and again). */
  private readonly answers = new Map<string, Promise<StaticResolution>>();

  /**
   * What `finders.find(name)` returns (`all`: also every later match, which the first shadows).
   * Asked again for a name, the same answer (as its folder listings are kept, for this lookup's life).
   */
  find(name: string, all = false): Promise<StaticResolution> {
    const key = (all ? '*' : '1') + name;
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, (answer = this.findNow(name, all)));
    return answer;
  }

  private async findNow(name: string, all: boolean): Promise<StaticResolution> {
    let first: StaticMatch | undefined;
    const shadowed: StaticMatch[] = [];
    const searched: Array<Extract<StaticSource, { kind: 'folder' }>> = [];
    // A plain name (no "." or ".." segment) maps to each folder by concatenation: no join per folder
    // (a template's names times an app's 170 static folders made the joins most of a large run).
    const plain = staticNameProblem(name) === undefined ? name.replace(/\/+/g, '/').replace(/\/$/, '') : null;
    for (const source of this.sources) {
      if (source.kind === 'outside') {
        if (source.namespaces && !source.namespaces.some((ns) => name.startsWith(ns))) continue;
        if (first) break; // nothing after the first match changes the answer
        return { kind: 'unknown', reason: source.reason };
      }
      const path = plain === null ? StaticFileLookup.pathIn(source, name) : this.plainPathIn(source, plain);
      if (path === undefined) continue;
      searched.push(source);
      const state = await this.existence(source.folder, path);
      if (state === 'unknown' || state === 'missing') {
        if (state === 'unknown' && !first) return { kind: 'unknown', reason: `whether ${source.folder} holds it cannot be read (a folder is unreadable or a symbolic link leads out of it)` };
        continue;
      }
      const match: StaticMatch = { path, type: state, source };
      if (!first) {
        first = match;
        if (!all) break;
      } else {
        shadowed.push(match);
      }
    }
    if (first) return { kind: 'found', match: first, shadowed };
    return { kind: 'missing', searched };
  }
}

/**
 * The file the finders return for each distinct name among `names` (first match, files only), each
 * name looked up once; names that are not found, unknown, or not plain names are absent.
 */
export async function resolveStaticFiles(lookup: StaticFileLookup, names: Iterable<string | null>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const name of names) {
    if (name === null || seen.has(name) || staticNameProblem(name)) continue;
    seen.add(name);
    const found = await lookup.find(name);
    if (found.kind === 'found' && found.match.type === 'file') out.set(name, found.match.path);
  }
  return out;
}
