import type { SyntaxNode } from '@lezer/common';
import { dirname, join, relative } from 'pathe';
import type { FileSystem } from '../fileSystem';
import { readTextFile } from '../fileSystem';
import type { EffectiveSettings, MediaReference, ProjectModel, PyJson, SettingValue, SourceRange } from '../model';
import { atLeast, type ResolvedVersion } from './djangoVersion';
import { type PySource, parsePySource, nodeAtRange, dottedName, elementsOf, nodeText } from './pySource';
import { listDeploymentFilesAbove, listWorkspaceFiles, type WorkspaceFiles } from './workspaceFiles';
import type { CancellationFlag } from './types';
import type { SyntaxTrees } from '../python/syntaxTrees';
import { MentionMemo, rulesMayParse, scanUse } from './prefilter';
import { findMediaReferences } from '../media/findMediaReferences';
import { scanProjectTexts } from '../media/collectMediaReferences';
import { findStaticReferences } from '../staticfiles/references';
import { staticReferenceContext } from '../staticfiles/projectStatic';
import type { CollectContext } from '../media/collectMediaReferences';
import type { StaticReference } from '../staticfiles/references';
import { templateDirsOf } from '../settings/templateDirs';
import { LoopTurns } from '../yieldingFileSystem';

/** Facts computed from one file's text, by kind and path (CheckContext.fromFile). */
export type FileFacts = Map<string, { text: string; inputs: string; value: Promise<unknown> }>;

/** The Python type of a setting's value, as far as it matters to Django's own comparisons. */
export type PyKind = 'str' | 'path' | 'list' | 'tuple' | 'set' | 'dict' | 'none' | 'bool' | 'int' | 'float' | 'other';

const KNOWN_KINDS = new Set(['str', 'path', 'list', 'tuple', 'set', 'dict', 'none', 'bool', 'int', 'float']);

const LOCAL_STORAGES = new Set([
  'django.core.files.storage.FileSystemStorage',
  'django.core.files.storage.filesystem.FileSystemStorage',
]);

// Module names of settings that describe a deployment rather than a developer's machine.
const PRODUCTION_MODULE = /(^|[._])(prod|production|live|deploy|deployment|staging|server|heroku|docker)([._]|$)/i;

/** True when the folder `child` is `parent` or lies inside it. */
export function isInside(child: string, parent: string): boolean {
  if (!parent || !child) return false;
  const p = parent.endsWith('/') ? parent.slice(0, -1) : parent;
  return child === p || child.startsWith(p + '/') || p === '';
}

/**
 * Everything a rule may read about one project, computed lazily and at most once per run:
 * sources and syntax trees, the workspace file list, media references, the git work tree.
 */
export class CheckContext {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly sources = new Map<string, Promise<PySource | undefined>>();
  private workspacePromise?: Promise<WorkspaceFiles>;
  private referencesPromise?: Promise<MediaReference[]>;
  private gitRootPromise?: Promise<string | null>;
  /**
   * Rules that scan the project's sources parse only the files a cheap text test says can matter
   * (a form rule parses a module only when it names a form or model that takes a file). The test
   * never changes what is found: turning it off (the parity test does) parses every candidate.
   */
  prefilter = true;
  /**
   * Scans give the event loop a turn between files once this many milliseconds of work have passed
   * (the editor: cached answers resolve without ever yielding, and the extension host must not block
   * for long); undefined never yields (the CLI).
   */
  yieldEveryMs?: number;
  /**
   * The whole project's file system when `fs` shows only some of its files (the editor's per-file
   * runs scan only the changed files, but what they consult — the staticfiles finders' folders —
   * must be seen whole, or every file outside the scan would look missing).
   */
  projectFs?: FileSystem;
  /** Trees already parsed this run, taken instead of parsing the same text again. */
  syntaxTrees?: SyntaxTrees;
  /**
   * Python modules whose text was found to have none of the words of rulesMayParse: those read by
   * `text` (added as they are read), and those the caller read in the same run (inspect's walk). The
   * editor keeps one set per project and removes a module whenever it forgets the module's text.
   */
  pythonWithoutRuleWords = new Set<string>();
  /**
   * What facts derived from the project's Python modules (model file fields, file forms, the
   * templates that render them) are memoised on: this context by default; the editor passes one
   * object for as long as its cached modules stay valid, so a template run does not derive them again.
   */
  derivations?: object;
  /**
   * What `fromFile` computed from one file's text. A fresh map per context by default; the editor
   * keeps one per project, so a run after a save computes again only for the saved file.
   */
  fileFacts: FileFacts = new Map();
  /** Which form and model names each module's text mentions (shared like `fileFacts`). */
  mentions = new MentionMemo();

  constructor(
    readonly fs: FileSystem,
    readonly model: ProjectModel,
    readonly version: ResolvedVersion,
    readonly token?: CancellationFlag,
  ) {}

  get settings(): EffectiveSettings {
    return this.model.settings;
  }

  get root(): string {
    return this.model.project.root;
  }

  /** True when the mirrored Django version is at least `min`. */
  since(min: string): boolean {
    return atLeast(this.version.version, min);
  }

  /** A setting as JSON (Django's default when unset), undefined when the name is not known at all. */
  raw(name: string): SettingValue<PyJson> | undefined {
    return this.model.raw(name);
  }

  /**
   * True when the settings module assigns `name` itself (Django's is_overridden), false when it
   * is Django's default, undefined when a write the evaluator could not follow may have set it.
   */
  isOverridden(name: string): boolean | undefined {
    const v = this.raw(name);
    if (!v) return false;
    if (!v.known && / may be set by /.test(v.reason)) return undefined;
    return v.origin !== undefined;
  }

  /**
   * Called by scans between files: a turn of the event loop to await when `yieldEveryMs` of work
   * have passed, else undefined. Scans await it only when there is one (`if (turn) await turn`): an
   * await of undefined still costs a tick of the microtask queue, thousands of times per run.
   */
  breathe(): Promise<void> | undefined {
    if (this.yieldEveryMs === undefined) return undefined;
    this.turns ??= new LoopTurns(this.yieldEveryMs);
    return this.turns.due();
  }

  private turns?: LoopTurns;

  /**
   * False when the module's text is known to have none of the words the scans of Python modules
   * test for before anything else (rulesMayParse: /render|View/ for views, /Form\b/ for forms,
   * /FileField|ImageField/ for models, /\.POST/ for bound forms): such a scan skips it unread.
   */
  mayHoldRuleWords(path: string): boolean {
    return !this.pythonWithoutRuleWords.has(path);
  }

  /** Texts read earlier in the same run through the same file system (CheckOptions.texts): `text` gives them. */
  knowTexts(texts: ReadonlyMap<string, string>): void {
    for (const [path, text] of texts) if (!this.texts.has(path)) this.texts.set(path, Promise.resolve(text));
  }

  /** The text of a file (cached); undefined when unreadable, binary or too large. */
  text(path: string): Promise<string | undefined> {
    let p = this.texts.get(path);
    if (!p) {
      p = readTextFile(this.fs, path);
      if (path.endsWith('.py')) {
        p = p.then((text) => {
          if (text !== undefined && !rulesMayParse(text)) this.pythonWithoutRuleWords.add(path);
          return text;
        });
      }
      this.texts.set(path, p);
    }
    return p;
  }

  /**
   * `compute()` for one file, remembered in `fileFacts` for as long as the file's text is `text` and
   * the other inputs of the computation, written as `inputs`, stay the same.
   */
  fromFile<T>(kind: string, file: string, text: string, inputs: string, compute: () => Promise<T>): Promise<T> {
    const key = kind + '\0' + file;
    const known = this.fileFacts.get(key);
    if (known && known.text === text && known.inputs === inputs) return known.value as Promise<T>;
    const value = compute();
    this.fileFacts.set(key, { text, inputs, value });
    return value;
  }

  /** A Python file parsed (cached). */
  python(path: string): Promise<PySource | undefined> {
    let p = this.sources.get(path);
    if (!p) {
      p = this.text(path).then((t) => {
        if (t === undefined) return undefined;
        const src = parsePySource(path, t, this.syntaxTrees?.get(path, t));
        this.syntaxTrees?.used(t, src.tree);
        return src;
      });
      this.sources.set(path, p);
    }
    return p;
  }

  /** The source and expression node of a setting's origin, when it is an expression in a readable file. */
  async originNode(origin: SourceRange | undefined): Promise<{ src: PySource; node: SyntaxNode } | undefined> {
    if (!origin) return undefined;
    const src = await this.python(origin.file);
    if (!src) return undefined;
    const node = nodeAtRange(src, origin);
    return node ? { src, node } : undefined;
  }

  /**
   * The Python type of a setting's value (str vs pathlib.Path matters: Django compares MEDIA_ROOT
   * and STATIC_ROOT with ==). From the evaluator when the model exposes it, else from the syntax of
   * the origin expression; undefined when neither tells.
   */
  async kindOf(name: string): Promise<PyKind | undefined> {
    const fromModel = this.model.pyKind?.(name);
    if (fromModel && KNOWN_KINDS.has(fromModel)) return fromModel as PyKind;
    const v = this.raw(name);
    if (!v || !v.known) return undefined;
    if (!v.origin) return kindOfJson(v.value);
    const at = await this.originNode(v.origin);
    return at ? syntaxKind(at.src, at.node) : undefined;
  }

  /** The settings module file's first line, for findings about a setting that is not assigned. */
  settingsFileRange(): SourceRange | undefined {
    const f = this.model.settingsFile;
    return f ? { file: f, line: 1, column: 1, endLine: 1, endColumn: 1 } : undefined;
  }

  /** Where a setting is shown: its origin, else the settings module's first line. */
  rangeFor(v: SettingValue<unknown> | undefined): SourceRange | undefined {
    return v?.origin ?? this.settingsFileRange();
  }

  /** "django.contrib.staticfiles" in INSTALLED_APPS (also as its AppConfig); undefined when unknown. */
  get staticfilesInstalled(): boolean | undefined {
    return this.appInstalled('django.contrib.staticfiles');
  }

  /** Whether an app module is in INSTALLED_APPS, by module name or AppConfig path; undefined when unknown. */
  appInstalled(module: string): boolean | undefined {
    const apps = this.settings.INSTALLED_APPS;
    if (!apps.known) return undefined;
    return apps.value.some((entry) => entry === module || entry.startsWith(module + '.apps.') || (entry.startsWith(module + '.') && /Config$/.test(entry)));
  }

  /**
   * The default (media) storage backend Django uses for the mirrored version: STORAGES["default"]
   * (Django ≥ 4.2), DEFAULT_FILE_STORAGE (before 5.1, when STORAGES is not set), else
   * FileSystemStorage. Undefined when unknown.
   */
  defaultStorageBackend(): string | undefined {
    const storagesSet = this.since('4.2') ? this.isOverridden('STORAGES') : false;
    if (storagesSet === undefined) return undefined;
    if (storagesSet) {
      const s = this.settings.DEFAULT_STORAGE;
      return s.known ? s.value : undefined;
    }
    if (!this.since('5.1')) {
      const legacy = this.isOverridden('DEFAULT_FILE_STORAGE');
      if (legacy === undefined) return undefined;
      if (legacy) {
        const v = this.raw('DEFAULT_FILE_STORAGE');
        return v && v.known && typeof v.value === 'string' ? v.value : undefined;
      }
    }
    return 'django.core.files.storage.FileSystemStorage';
  }

  /** Media is stored by FileSystemStorage under MEDIA_ROOT; undefined when the backend is unknown or custom. */
  get mediaStoredLocally(): boolean | undefined {
    const backend = this.defaultStorageBackend();
    if (backend === undefined) return undefined;
    if (LOCAL_STORAGES.has(backend)) return true;
    if (/(^|\.)(storages\.backends\.|S3|GoogleCloud|Azure|Cloudinary|Dropbox|Minio)/i.test(backend)) return false;
    return undefined;
  }

  /** The settings module looks like a deployment's (prod, live, staging...). */
  get looksLikeProduction(): boolean {
    return PRODUCTION_MODULE.test(this.model.settingsModule ?? '');
  }

  /** The project's files, one bounded walk (shared by every workspace rule). */
  workspace(): Promise<WorkspaceFiles> {
    if (!this.workspacePromise) {
      this.workspacePromise = (async () => {
        const s = this.settings;
        const exclude = [s.MEDIA_ROOT.known ? s.MEDIA_ROOT.value : '', s.STATIC_ROOT.known ? s.STATIC_ROOT.value ?? '' : ''];
        const inner = await listWorkspaceFiles(this.fs, this.root, exclude.filter((p) => p && p !== this.root), this.token);
        const above = await listDeploymentFilesAbove(this.fs, this.root, await this.gitRoot());
        return {
          ...inner,
          nginx: [...above.nginx, ...inner.nginx],
          compose: [...above.compose, ...inner.compose],
          dockerfiles: [...above.dockerfiles, ...inner.dockerfiles],
        };
      })();
    }
    return this.workspacePromise;
  }

  /** Media references in the project's templates and sources (the media core's bounded walk). */
  references(): Promise<MediaReference[]> {
    if (!this.referencesPromise) {
      const collect = checkReferenceContext(this.model);
      this.referencesPromise = collect ? this.walkForReferences(collect) : Promise.resolve([]);
    }
    return this.referencesPromise;
  }

  /**
   * The media references of `collect` (collectMediaReferences' walk and results). What the walk
   * reads serves the rules after it: the templates and modules their scans read are kept for them
   * (`text`), the modules without any of their words noted, and, unless the caller gave them, the
   * static references found in the same texts (the static rules' walk would read the same files).
   */
  private async walkForReferences(collect: CollectContext): Promise<MediaReference[]> {
    const findStatics = this.staticReferences === undefined;
    const found = await scanProjectTexts<{ media: MediaReference } | { static: StaticReference }>(
      this.fs,
      this.root,
      collect,
      (text, language, file) => {
        const use = scanUse(file, language, text);
        if (use === 'keep' && !this.texts.has(file)) this.texts.set(file, Promise.resolve(text));
        else if (use === 'wordless') this.pythonWithoutRuleWords.add(file);
        const media = findMediaReferences(text, language, { file, mediaUrl: collect.mediaUrl, mediaRoot: collect.mediaRoot, staticUrl: collect.staticUrl ?? null });
        const out: Array<{ media: MediaReference } | { static: StaticReference }> = media.map((r) => ({ media: r }));
        if (findStatics) for (const r of findStaticReferences(text, language, staticReferenceContext(this.model, file))) out.push({ static: r });
        return out;
      },
      this.token,
    );
    // Per file in the walk's order, as each walk of its own gives them.
    if (findStatics && this.staticReferences === undefined && !this.token?.aborted) this.staticReferences = found.flatMap((f) => ('static' in f ? [f.static] : []));
    return found.flatMap((f) => ('media' in f ? [f.media] : []));
  }

  /** The project's static references, when the caller found them (CheckOptions.staticReferences); else the static rules walk for them. */
  staticReferences?: StaticReference[];

  /** The media references of {@link checkReferenceContext}, found by the caller (inspect, in its own walk of the same texts). */
  knowReferences(refs: MediaReference[]): void {
    this.referencesPromise = Promise.resolve(refs);
  }

  /** The top folder of the git work tree holding the project (a `.git` folder or file), or null. */
  gitRoot(): Promise<string | null> {
    if (!this.gitRootPromise) {
      this.gitRootPromise = (async () => {
        let dir = this.root;
        for (let i = 0; i < 64; i++) {
          if (await this.fs.stat(join(dir, '.git'))) return dir;
          const parent = dirname(dir);
          if (parent === dir) return null;
          dir = parent;
        }
        return null;
      })();
    }
    return this.gitRootPromise;
  }

  /** The dotted module name of a Python file under the project root (its sys.path entry). */
  moduleNameOf(file: string): string | undefined {
    const rel = relative(this.root, file);
    if (rel.startsWith('..') || !rel.endsWith('.py')) return undefined;
    const parts = rel.slice(0, -3).split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    return parts.every((p: string) => /^[A-Za-z_]\w*$/.test(p)) ? parts.join('.') : undefined;
  }

  /**
   * Whether the app owning `module` ("shop.gallery.models" -> app "shop.gallery") is installed;
   * also matches a shorter dotted suffix, for projects that put an apps folder on sys.path.
   */
  appOfModuleInstalled(appModule: string): boolean | undefined {
    const parts = appModule.split('.');
    let result: boolean | undefined = false;
    for (let i = 0; i < parts.length; i++) {
      const r = this.appInstalled(parts.slice(i).join('.'));
      if (r === undefined) return undefined;
      if (r) return true;
      result = r;
    }
    return result;
  }
}

function kindOfJson(v: PyJson): PyKind {
  if (v === null) return 'none';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

const STR_CALLS = new Set([
  'str', 'os.path.join', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.path.dirname', 'os.path.expanduser',
  'path.join', 'join', 'dirname', 'abspath', 'realpath', 'normpath', 'os.fspath', 'os.getcwd', 'fspath',
]);
const PATH_CALLS = new Set(['Path', 'pathlib.Path', 'PurePath', 'PosixPath', 'pathlib.PurePath']);

/** The type an expression evaluates to, from its syntax alone; undefined when syntax cannot tell. */
export function syntaxKind(src: PySource, node: SyntaxNode): PyKind | undefined {
  switch (node.name) {
    case 'String':
    case 'FormatString':
    case 'ContinuedString':
      return 'str';
    case 'ArrayExpression':
    case 'ArrayComprehensionExpression':
      return 'list';
    case 'TupleExpression':
      return 'tuple';
    case 'SetExpression':
    case 'SetComprehensionExpression':
      return 'set';
    case 'DictionaryExpression':
    case 'DictionaryComprehensionExpression':
      return 'dict';
    case 'None':
      return 'none';
    case 'Boolean':
      return 'bool';
    case 'ParenthesizedExpression': {
      const inner = elementsOf(node);
      return inner.length === 1 ? syntaxKind(src, inner[0]!) : undefined;
    }
    case 'CallExpression': {
      const callee = node.firstChild ? dottedName(src, node.firstChild) : undefined;
      if (!callee) {
        // Path(...).resolve() and friends
        const c = node.firstChild;
        if (c?.name === 'MemberExpression' && /\.(resolve|absolute|joinpath|expanduser|with_name|with_suffix)$/.test(nodeText(src, c))) {
          const obj = c.firstChild;
          return obj ? syntaxKind(src, obj) : undefined;
        }
        return undefined;
      }
      if (STR_CALLS.has(callee)) return 'str';
      if (PATH_CALLS.has(callee)) return 'path';
      if (/\.(resolve|absolute|joinpath|expanduser)$/.test(callee)) return undefined;
      return undefined;
    }
    case 'BinaryExpression': {
      // `a / "b"` only evaluates for pathlib paths (str / str is a TypeError).
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'ArithOp' && nodeText(src, c) === '/') return 'path';
        if (c.name === 'ArithOp' && nodeText(src, c) === '+') {
          const left = node.firstChild;
          return left ? syntaxKind(src, left) : undefined;
        }
      }
      return undefined;
    }
    case 'MemberExpression': {
      const prop = node.lastChild;
      if (prop && /^(parent|parents)$/.test(nodeText(src, prop))) return 'path';
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What the checks look for media references with (CheckContext.references): the effective media
 * and static settings, and TEMPLATES' DIRS, whose files are templates whatever their folder's name
 * (as for `inspect` and the editor's references). Undefined when MEDIA_URL is unknown: no literal
 * URL can then be told to be media.
 */
export function checkReferenceContext(model: ProjectModel): CollectContext | undefined {
  const s = model.settings;
  if (!s.MEDIA_URL.known) return undefined;
  return {
    mediaUrl: s.MEDIA_URL.value,
    mediaRoot: s.MEDIA_ROOT.known && s.MEDIA_ROOT.value ? s.MEDIA_ROOT.value : null,
    staticUrl: s.STATIC_URL.known ? s.STATIC_URL.value : null,
    staticRoot: s.STATIC_ROOT.known ? s.STATIC_ROOT.value : null,
    templateDirs: templateDirsOf(model),
  };
}
