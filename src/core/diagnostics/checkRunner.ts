/**
 * Runs the core's checks for the editor, as narrowly as a change allows. The scheduler in
 * src/extension/diagnostics/diagnosticsManager.ts decides what to run; this module runs it
 * against the core's CheckContext, reusing what earlier runs of the same project computed (the
 * list of project files, media references, parsed Python modules) until a change makes it stale.
 */
import { CheckContext, runChecksIn, type CancellationFlag, type FileFacts, type Finding, type ResolvedVersion, type SeverityOverride, type WorkspaceFiles } from '../checks';
import { parsePySource, type PySource } from '../checks/pySource';
import { parsePythonTreeInSlices } from '../python/parse/parseModule';
import { EDITOR_PARSE_SLICES } from '../python/parse/slices';
import type { FileSystem } from '../fileSystem';
import type { MediaReference, ProjectModel } from '../model';
import { PathFilterFileSystem } from './checkFileSystems';
import { MentionMemo } from '../checks/prefilter';

/** Work between two turns of the extension host's event loop during a check run. */
const EDITOR_YIELD_MS = 20;
/** A parse ahead of a save: its bound, and how many are kept (open modules). */
const AHEAD_TIME_LIMIT_MS = 2000;
const MAX_AHEAD = 16;

/** What the runs of one project share until a change invalidates it. */
export class ProjectCaches {
  /** The project's files, by kind (one bounded walk). */
  workspace?: Promise<WorkspaceFiles>;
  /** Media references of the project's templates and sources. */
  references?: Promise<MediaReference[]>;
  /** Python modules other than the model's own files, read and parsed. */
  readonly python = new Map<string, Promise<PySource | undefined>>();
  readonly pythonText = new Map<string, Promise<string | undefined>>();
  /**
   * Other files' text (templates, deployment files), for paths the owner's file events cover: a
   * save of one module then reads no template again. The owner calls `forgetText` on every change
   * of a file on disk it hears of (a save, a file event), and a file with unsaved changes is read
   * from its buffer past what is kept here (RunInput.keepsText).
   */
  readonly otherText = new Map<string, Promise<string | undefined>>();
  /** The parse of a module before it was saved, until its new text is parsed (reusing what is unchanged). */
  readonly earlierPython = new Map<string, Promise<PySource | undefined>>();
  /**
   * Parses of open modules' buffers made ahead of their save (`parseAhead`), the few latest: the
   * save's run then parses only what changed since, even for a module no run had parsed.
   */
  readonly ahead = new Map<string, Promise<PySource | undefined>>();
  /** What facts derived from the cached modules are memoised on (CheckContext.derivations): replaced whenever a module or a list is forgotten. */
  derivations: object = {};
  /**
   * What the scanning rules computed from each module's text (CheckContext.fileFacts): kept when
   * a module is forgotten, since each fact is taken again only while its text is the same.
   */
  readonly fileFacts: FileFacts = new Map();
  /** Which names each module mentions (CheckContext.mentions), kept the same way. */
  readonly mentions = new MentionMemo();
  /**
   * The modules of `pythonText` whose text has none of the words the scans test first
   * (CheckContext.pythonWithoutRuleWords): a run after a save skips them unread. A module leaves it
   * whenever its text is forgotten.
   */
  readonly pythonWithoutRuleWords = new Set<string>();

  /** Forgets the file lists (a file was created or deleted, or the model changed). */
  forgetLists(): void {
    this.derivations = {};
    this.workspace = undefined;
    this.references = undefined;
  }

  /** Forgets the Python modules (one was saved, created or deleted). */
  forgetPython(): void {
    this.derivations = {};
    this.python.clear();
    this.pythonText.clear();
    this.pythonWithoutRuleWords.clear();
    this.earlierPython.clear();
  }

  /** Forgets one Python module (saved in place; the others are unchanged). */
  forgetPythonFile(path: string): void {
    this.derivations = {};
    const parsed = this.python.get(path);
    if (parsed) this.earlierPython.set(path, parsed);
    this.python.delete(path);
    this.pythonText.delete(path);
    this.pythonWithoutRuleWords.delete(path);
  }

  /**
   * Parses an open module's buffer text ahead of its save, in slices that leave the event loop
   * turns, from the latest parse of it there is. Only speeds up the save's run: a run reparses
   * from whatever earlier parse it is given, and gives the tree a parse from scratch gives.
   */
  parseAhead(path: string, text: string): Promise<PySource | undefined> {
    const base = this.ahead.get(path) ?? this.python.get(path) ?? this.earlierPython.get(path);
    const parsed = Promise.resolve(base?.catch(() => undefined))
      .then((earlier) => parsedFrom(path, text, earlier, AHEAD_TIME_LIMIT_MS))
      // The parser failed: the save's run parses the module itself.
      .catch(() => undefined);
    this.ahead.delete(path);
    this.ahead.set(path, parsed);
    while (this.ahead.size > MAX_AHEAD) this.ahead.delete(this.ahead.keys().next().value!);
    return parsed;
  }

  /** Drops the parse made ahead for `path` (its buffer was closed). */
  forgetAhead(path: string): void {
    this.ahead.delete(path);
  }

  /** Forgets the text of a file other than a Python module, or of everything under a folder. */
  forgetText(path: string): void {
    if (this.otherText.delete(path)) return;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const k of [...this.otherText.keys()]) if (k.startsWith(prefix)) this.otherText.delete(k);
  }

  /** Forgets everything (the parses made ahead stay: they are of buffers, not of the disk). */
  clear(): void {
    this.forgetLists();
    this.forgetPython();
    this.otherText.clear();
    this.fileFacts.clear();
    this.mentions.clear();
  }
}

interface ListSources {
  workspace: () => Promise<WorkspaceFiles>;
  references: () => Promise<MediaReference[]>;
}

/** Files read at once ahead of the rules that scan the project. */
const READ_AHEAD = 16;

/** A CheckContext whose file lists and Python modules come from the project's caches. */
class EditorCheckContext extends CheckContext {
  private lists?: ListSources;
  private readingAhead = false;
  /**
   * Reads the files the scanning rules go through (modules, templates) a few at a time as soon as
   * the list is known. The rules ask for them one after another, and in VS Code each read is a
   * round trip: on a large project most of a first run was spent waiting for them.
   */
  readAhead = false;
  /** Which other files' text may be kept across runs (RunInput.keepsText). */
  keepsText?: (path: string) => boolean;

  constructor(
    fs: FileSystem,
    model: ProjectModel,
    version: ResolvedVersion,
    token: CancellationFlag,
    private readonly caches: ProjectCaches,
  ) {
    super(fs, model, version, token);
    // Cached answers resolve without yielding: give the extension host a turn between files.
    this.yieldEveryMs = EDITOR_YIELD_MS;
    this.derivations = caches.derivations;
    this.fileFacts = caches.fileFacts;
    this.mentions = caches.mentions;
    this.pythonWithoutRuleWords = caches.pythonWithoutRuleWords;
  }

  use(lists: ListSources): this {
    this.lists = lists;
    return this;
  }

  override workspace(): Promise<WorkspaceFiles> {
    const files = this.lists ? this.lists.workspace() : super.workspace();
    if (this.readAhead && !this.readingAhead) {
      this.readingAhead = true;
      // Only what no earlier run kept (after a save, the saved module alone).
      const unread = (p: string) => !this.caches.pythonText.has(p) && !this.caches.otherText.has(p);
      void files.then((f) => this.readAll([...f.python.filter((p) => !p.includes('/migrations/')), ...f.templates].filter(unread)), () => undefined);
    }
    return files;
  }

  private async readAll(paths: readonly string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < paths.length && !this.token?.aborted) await this.text(paths[next++]!);
    };
    await Promise.all(Array.from({ length: READ_AHEAD }, worker));
  }

  override references(): Promise<MediaReference[]> {
    return this.lists ? this.lists.references() : super.references();
  }

  /** The walk of this context's own file system. */
  ownWorkspace(): Promise<WorkspaceFiles> {
    return super.workspace();
  }

  /** The references found through this context's own file system. */
  ownReferences(): Promise<MediaReference[]> {
    return super.references();
  }

  override text(path: string): Promise<string | undefined> {
    const kept = this.sharable(path) ? this.caches.pythonText : this.keepsText?.(path) ? this.caches.otherText : undefined;
    if (!kept) return super.text(path);
    let p = kept.get(path);
    if (!p) {
      p = super.text(path);
      kept.set(path, p);
    }
    return p;
  }

  override python(path: string): Promise<PySource | undefined> {
    if (!this.sharable(path)) return super.python(path);
    let p = this.caches.python.get(path);
    if (!p) {
      // An open module's latest parse is the one made of its buffer, or else the one before its save.
      const ahead = this.caches.ahead.get(path);
      const earlier = ahead ?? this.caches.earlierPython.get(path);
      this.caches.earlierPython.delete(path);
      p = this.parse(path, earlier);
      this.caches.python.set(path, p);
      if (ahead) this.caches.ahead.set(path, p);
    }
    return p;
  }

  /**
   * The module's text parsed, in slices that leave the extension host's event loop turns, reusing
   * what an earlier parse of it (before its save, or of its buffer) shares with it.
   */
  private async parse(path: string, earlier: Promise<PySource | undefined> | undefined): Promise<PySource | undefined> {
    const [text, before] = await Promise.all([this.text(path), earlier?.catch(() => undefined)]);
    if (text === undefined) return undefined;
    const known = this.syntaxTrees?.get(path, text);
    return known ? parsePySource(path, text, known) : parsedFrom(path, text, before);
  }

  // Views, forms and settings are parsed once for many template runs. A module changes only on
  // save: the model's own files then bring a full run (fresh caches), the others a Python run that
  // clears them first.
  private sharable(path: string): boolean {
    return path.endsWith('.py');
  }
}

/**
 * `text` of `path` parsed in the editor's slices, reusing what `earlier` (a parse of an earlier text,
 * or of this very one) shares with it; undefined past `timeLimitMs` of parsing.
 */
async function parsedFrom(path: string, text: string, earlier: PySource | undefined, timeLimitMs = Infinity): Promise<PySource | undefined> {
  if (earlier?.text === text && earlier.file === path) return earlier;
  const tree = await parsePythonTreeInSlices(text, earlier && { source: earlier.text, tree: earlier.tree }, EDITOR_PARSE_SLICES, timeLimitMs);
  return tree && parsePySource(path, text, tree);
}

/** What to run: project-wide codes, and per-file codes narrowed to `files`. */
export interface RunScope {
  wide: ReadonlySet<string>;
  perFile: ReadonlySet<string>;
  files: ReadonlySet<string>;
}

/** Findings of one run, per part. */
export interface RunResult {
  /** Findings of the project-wide codes. */
  wide: Finding[];
  /** Findings of the per-file codes in `scope.files`. */
  perFile: Finding[];
  /** The token was set while running: the result is partial and must be dropped. */
  aborted: boolean;
}

/** Inputs of `runEditorChecks`. */
export interface RunInput {
  fs: FileSystem;
  model: ProjectModel;
  version: ResolvedVersion;
  scope: RunScope;
  caches: ProjectCaches;
  /** Per-code severities; "ignore" codes are not run. */
  severity: Record<string, SeverityOverride>;
  token: CancellationFlag;
  /**
   * Files other than Python modules whose text may be kept in `caches` across runs: those whose
   * changes the caller reports through `caches.forgetText`. None without it.
   */
  keepsText?: (path: string) => boolean;
}

/**
 * Runs the scope's checks. Project-wide codes see the whole project (file lists from the caches);
 * per-file codes see only `scope.files` for what they scan, but the whole project for what they
 * consult (views rendering a template, the settings) — so their findings in those files are what
 * a full run would report there.
 */
export async function runEditorChecks(input: RunInput): Promise<RunResult> {
  const { fs, model, version, scope, caches, severity, token, keepsText } = input;
  const make = (f: FileSystem) => {
    const ctx = new EditorCheckContext(f, model, version, token, caches);
    if (keepsText) ctx.keepsText = keepsText;
    return ctx;
  };
  const fullList = (ctx: EditorCheckContext) => (caches.workspace ??= ctx.ownWorkspace());
  const result: RunResult = { wide: [], perFile: [], aborted: false };

  if (scope.wide.size > 0) {
    const ctx = make(fs);
    ctx.readAhead = true;
    ctx.use({ workspace: () => fullList(ctx), references: () => (caches.references ??= ctx.ownReferences()) });
    result.wide = await runChecksIn(ctx, { severity, codes: scope.wide });
  }

  if (scope.perFile.size > 0 && scope.files.size > 0 && !token.aborted) {
    const whole = make(fs);
    const narrow = make(new PathFilterFileSystem(fs, scope.files));
    narrow.projectFs = fs;
    let narrowReferences: Promise<MediaReference[]> | undefined;
    narrow.use({
      workspace: async () => {
        const [all, mine] = await Promise.all([fullList(whole), narrow.ownWorkspace()]);
        return { ...all, templates: mine.templates };
      },
      references: () => (narrowReferences ??= narrow.ownReferences()),
    });
    const found = await runChecksIn(narrow, { severity, codes: scope.perFile });
    result.perFile = found.filter((f) => scope.files.has(f.range.file));
    if (narrowReferences && caches.references && !token.aborted) {
      // Keep the project's reference list current: the changed files' references replace theirs.
      const before = caches.references;
      const mine = narrowReferences;
      caches.references = Promise.all([before, mine]).then(([all, fresh]) =>
        [...all.filter((r) => !scope.files.has(r.range.file)), ...fresh].sort(byPosition),
      );
    }
  }
  result.aborted = token.aborted;
  return result;
}

function byPosition(a: MediaReference, b: MediaReference): number {
  return (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : 0) || a.range.line - b.range.line || a.range.column - b.range.column;
}
