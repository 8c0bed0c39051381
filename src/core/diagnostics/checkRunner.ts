/**
 * Runs the core's checks for the editor, as narrowly as a change allows. The scheduler in
 * src/extension/diagnostics/diagnosticsManager.ts decides what to run; this module runs it
 * against the core's CheckContext, reusing what earlier runs of the same project computed (the
 * list of project files, media references, parsed Python modules) until a change makes it stale.
 */
import { CheckContext, runChecksIn, type CancellationFlag, type FileFacts, type Finding, type ResolvedVersion, type SeverityOverride, type WorkspaceFiles } from '../checks';
import { parsePySource, type PySource } from '../checks/pySource';
import type { FileSystem } from '../fileSystem';
import type { MediaReference, ProjectModel } from '../model';
import { PathFilterFileSystem } from './checkFileSystems';
import { MentionMemo } from '../checks/prefilter';

/** Work between two turns of the extension host's event loop during a check run. */
const EDITOR_YIELD_MS = 20;

/** What the runs of one project share until a change invalidates it. */
export class ProjectCaches {
  /** The project's files, by kind (one bounded walk). */
  workspace?: Promise<WorkspaceFiles>;
  /** Media references of the project's templates and sources. */
  references?: Promise<MediaReference[]>;
  /** Python modules other than the model's own files, read and parsed. */
  readonly python = new Map<string, Promise<PySource | undefined>>();
  readonly pythonText = new Map<string, Promise<string | undefined>>();
  /** The parse of a module before it was saved, until its new text is parsed (reusing what is unchanged). */
  readonly earlierPython = new Map<string, Promise<PySource | undefined>>();
  /** What facts derived from the cached modules are memoised on (CheckContext.derivations): replaced whenever a module or a list is forgotten. */
  derivations: object = {};
  /**
   * What the scanning rules computed from each module's text (CheckContext.fileFacts): kept when
   * a module is forgotten, since each fact is taken again only while its text is the same.
   */
  readonly fileFacts: FileFacts = new Map();
  /** Which names each module mentions (CheckContext.mentions), kept the same way. */
  readonly mentions = new MentionMemo();

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
    this.earlierPython.clear();
  }

  /** Forgets one Python module (saved in place; the others are unchanged). */
  forgetPythonFile(path: string): void {
    this.derivations = {};
    const parsed = this.python.get(path);
    if (parsed) this.earlierPython.set(path, parsed);
    this.python.delete(path);
    this.pythonText.delete(path);
  }

  /** Forgets everything. */
  clear(): void {
    this.forgetLists();
    this.forgetPython();
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
  }

  use(lists: ListSources): this {
    this.lists = lists;
    return this;
  }

  override workspace(): Promise<WorkspaceFiles> {
    const files = this.lists ? this.lists.workspace() : super.workspace();
    if (this.readAhead && !this.readingAhead) {
      this.readingAhead = true;
      void files.then((f) => this.readAll([...f.python.filter((p) => !p.includes('/migrations/')), ...f.templates]), () => undefined);
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
    if (!this.sharable(path)) return super.text(path);
    let p = this.caches.pythonText.get(path);
    if (!p) {
      p = super.text(path);
      this.caches.pythonText.set(path, p);
    }
    return p;
  }

  override python(path: string): Promise<PySource | undefined> {
    if (!this.sharable(path)) return super.python(path);
    let p = this.caches.python.get(path);
    if (!p) {
      const earlier = this.caches.earlierPython.get(path);
      this.caches.earlierPython.delete(path);
      p = earlier ? this.reparse(path, earlier) : super.python(path);
      this.caches.python.set(path, p);
    }
    return p;
  }

  /** The module's text parsed, reusing what its parse before the save shares with it. */
  private async reparse(path: string, earlier: Promise<PySource | undefined>): Promise<PySource | undefined> {
    const [text, before] = await Promise.all([this.text(path), earlier.catch(() => undefined)]);
    if (text === undefined) return undefined;
    return parsePySource(path, text, this.syntaxTrees?.get(path, text), before && { source: before.text, tree: before.tree });
  }

  // Views, forms and settings are parsed once for many template runs. A module changes only on
  // save: the model's own files then bring a full run (fresh caches), the others a Python run that
  // clears them first.
  private sharable(path: string): boolean {
    return path.endsWith('.py');
  }
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
}

/**
 * Runs the scope's checks. Project-wide codes see the whole project (file lists from the caches);
 * per-file codes see only `scope.files` for what they scan, but the whole project for what they
 * consult (views rendering a template, the settings) — so their findings in those files are what
 * a full run would report there.
 */
export async function runEditorChecks(input: RunInput): Promise<RunResult> {
  const { fs, model, version, scope, caches, severity, token } = input;
  const make = (f: FileSystem) => new EditorCheckContext(f, model, version, token, caches);
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
