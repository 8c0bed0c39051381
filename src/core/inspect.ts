import { relative } from 'pathe';
import type { FileSystem } from './fileSystem';
import type { AnalysisOptions, MediaReference, MediaServing, MediaServingSummary, ProjectModel, SettingValue } from './model';
import { findDjangoProjects } from './project/findProjects';
import { analyzeProject, AnalysisCache } from './project/analyzeProject';
import { runChecks } from './checks';
import { rulesMayParse } from './checks/prefilter';
import type { CheckOptions, Finding } from './checks';
import { isRemoteStorage } from './settings/effectiveSettings';
import { templateDirsOf } from './settings/templateDirs';
import { collectMediaAndStaticReferences, staticInspectReferences } from './staticfiles/inspectStatic';
import { checkReferenceContext } from './checks/context';
import { collectStaticReferences } from './staticfiles/projectStatic';
import type { StaticReference } from './staticfiles/references';
import type { AstStore } from './python/astStore';

/** The `django-media inspect --json` document (shared/contracts/cli-inspect.md, schemaVersion 1). */
export interface InspectReport {
  schemaVersion: 1;
  projects: InspectProject[];
}

export interface InspectValue<T> {
  value: T | null;
  known: boolean;
  reason?: string;
  file?: string;
  line?: number;
}

export interface InspectDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  djangoCheck: string | null;
}

export interface InspectProject {
  root: string;
  managePy: string;
  settingsModule: string | null;
  settingsFile: string | null;
  settings: {
    DEBUG: InspectValue<boolean>;
    MEDIA_ROOT: InspectValue<string>;
    MEDIA_URL: InspectValue<string>;
    STATIC_URL: InspectValue<string | null>;
    STATIC_ROOT: InspectValue<string | null>;
    STATICFILES_DIRS: InspectValue<Array<string | [string, string]>>;
    DEFAULT_STORAGE: InspectValue<string>;
  };
  mediaServing: Array<{
    file: string;
    line: number;
    kind: MediaServing['kind'];
    prefix: string | null;
    documentRoot: MediaServing['documentRoot'];
    /** null: the analysis cannot tell (then `reason` says why). */
    servesMediaInDebug: boolean | null;
    servesMediaNow: boolean | null;
    reason?: string;
  }>;
  /** The project's answer to "does runserver serve media?"; null = unknown, with the reason and
   *  where the analysis stopped. */
  mediaServingSummary: { inDebug: boolean | null; now: boolean | null; reason?: string; file?: string; line?: number };
  /** Media and static references, by file then position. */
  references: InspectReference[];
  diagnostics: InspectDiagnostic[];
}

/** One reference of `inspect --json`: `kind` says whether MEDIA_URL or the staticfiles finders resolve it. */
export interface InspectReference {
  kind: 'media' | 'static';
  file: string;
  line: number;
  column: number;
  text: string;
  /** media: the file under MEDIA_ROOT; static: the path the finders return (first match), null when none in the workspace. */
  target: string | null;
  /** static: null when the finders cannot tell (unknown settings, or an app outside the workspace may hold it). */
  exists: boolean | null;
}

/** A path relative to the inspected folder, "/"-separated, "." for the folder itself. */
export function relativeTo(base: string, path: string): string {
  return relative(base, path) || '.';
}

/** A finding as the contract's Diagnostic object (paths relative to the inspected folder). */
export function toInspectDiagnostic(base: string, f: Finding): InspectDiagnostic {
  return {
    file: relativeTo(base, f.range.file),
    line: f.range.line,
    column: f.range.column,
    endLine: f.range.endLine,
    endColumn: f.range.endColumn,
    code: f.code,
    severity: f.severity,
    message: f.message,
    djangoCheck: f.djangoCheck,
  };
}

/** Everything `inspect` reports for one project, given its model; `checks` configures the diagnostics. */
async function inspectProject(fs: FileSystem, base: string, model: ProjectModel, checks: CheckOptions = {}): Promise<InspectProject> {
  const rel = (p: string) => relativeTo(base, p);
  const value = <T>(v: SettingValue<T>): InspectValue<T> => {
    const out: InspectValue<T> = { value: v.known ? (v.spelling ?? v.value) : null, known: v.known };
    if (!v.known) out.reason = v.reason;
    if (v.origin) {
      out.file = rel(v.origin.file);
      out.line = v.origin.line;
    }
    return out;
  };
  const s = model.settings;
  const references: InspectProject['references'] = [];
  let statics: StaticReference[] | undefined;
  let mediaReferences: MediaReference[] | undefined;
  let pythonWithoutRuleWords: ReadonlySet<string> | undefined;
  let texts: ReadonlyMap<string, string> | undefined;
  if (s.MEDIA_URL.known) {
    // An unknown default storage may be remote too: no local target is claimed then.
    const remote = !s.DEFAULT_STORAGE.known || isRemoteStorage(s.DEFAULT_STORAGE.value);
    const { media: refs, statics: found, checkMedia, pythonWithoutRuleWords: skippable, texts: read } = await collectMediaAndStaticReferences(fs, model, {
      mediaUrl: s.MEDIA_URL.value,
      // A remote default storage has no local files to map references to.
      mediaRoot: s.MEDIA_ROOT.known && !remote ? s.MEDIA_ROOT.value : null,
      ...(s.STATIC_URL.known && s.STATIC_URL.value ? { staticUrl: s.STATIC_URL.value } : {}),
      ...(s.STATIC_ROOT.known && s.STATIC_ROOT.value ? { staticRoot: s.STATIC_ROOT.value } : {}),
      templateDirs: templateDirsOf(model),
      exclude: [s.MEDIA_ROOT.known ? s.MEDIA_ROOT.value : '', s.STATIC_ROOT.known ? s.STATIC_ROOT.value ?? '' : ''].filter(Boolean),
    }, checkReferenceContext(model));
    statics = found;
    // The checks below look for the same media references in the same texts: one walk for both.
    mediaReferences = checkMedia;
    pythonWithoutRuleWords = skippable;
    texts = read;
    for (const r of refs) {
      const st = r.target ? await fs.stat(r.target) : undefined;
      references.push({
        kind: 'media',
        file: rel(r.range.file),
        line: r.range.line,
        column: r.range.column,
        text: r.text,
        target: r.target,
        exists: st?.type === 'file',
      });
    }
  }
  // One walk for the static references too, handed on to the checks below.
  statics ??= await collectStaticReferences(fs, model);
  references.push(...(await staticInspectReferences(fs, model, rel, statics)));
  references.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return {
    root: rel(model.project.root),
    managePy: rel(model.project.managePy),
    settingsModule: model.settingsModule,
    settingsFile: model.settingsFile ? rel(model.settingsFile) : null,
    settings: {
      DEBUG: value(s.DEBUG),
      MEDIA_ROOT: value(s.MEDIA_ROOT),
      MEDIA_URL: value(s.MEDIA_URL),
      STATIC_URL: value(s.STATIC_URL),
      STATIC_ROOT: value(s.STATIC_ROOT),
      STATICFILES_DIRS: value(s.STATICFILES_DIRS),
      DEFAULT_STORAGE: value(s.DEFAULT_STORAGE),
    },
    mediaServing: model.mediaServing.map((m) => ({
      file: rel(m.range.file),
      line: m.range.line,
      kind: m.kind,
      prefix: m.prefix,
      documentRoot: m.documentRoot,
      servesMediaInDebug: m.servesMediaInDebug,
      servesMediaNow: m.servesMediaNow,
      ...(m.reason !== undefined ? { reason: m.reason } : {}),
    })),
    mediaServingSummary: inspectSummary(model.mediaServingSummary, rel),
    references,
    diagnostics: (await runChecks(fs, model, { ...checks, staticReferences: statics, ...(mediaReferences ? { mediaReferences } : {}), ...(pythonWithoutRuleWords ? { pythonWithoutRuleWords } : {}), ...(texts ? { texts } : {}) })).map((f) => toInspectDiagnostic(base, f)),
  };
}

function inspectSummary(s: MediaServingSummary, rel: (p: string) => string): InspectProject['mediaServingSummary'] {
  const out: InspectProject['mediaServingSummary'] = { inDebug: s.inDebug, now: s.now };
  if (s.reason !== undefined) out.reason = s.reason;
  if (s.range) {
    out.file = rel(s.range.file);
    out.line = s.range.line;
  }
  return out;
}

/**
 * Finds every Django project under `base` and computes its model (one shared parse cache; `cache`
 * when given, whose syntax trees the caller may hand to the checks and then clear).
 */
export async function analyzeWorkspace(fs: FileSystem, base: string, options: AnalysisOptions = {}, cache = new AnalysisCache()): Promise<ProjectModel[]> {
  const models: ProjectModel[] = [];
  for (const project of await findDjangoProjects(fs, base)) {
    models.push(await analyzeProject(fs, project, { ...options, cache }));
  }
  // The models keep their evaluations, and through them the parse cache: hundreds of modules the
  // URLconf imported in a large project. Nothing analyses these projects again, so let them go.
  cache.parse.clear();
  return models;
}

/** One project of {@link inspectWorkspace} with the model it was computed from (for text output). */
export interface InspectedProject {
  model: ProjectModel;
  report: InspectProject;
}

/** {@link inspectWorkspace}'s projects, sorted by root, each with its model. */
export async function inspectWorkspaceProjects(
  fs: FileSystem,
  base: string,
  options: AnalysisOptions = {},
  checks: CheckOptions = {},
  store?: AstStore,
): Promise<InspectedProject[]> {
  // The rules scan modules the URLconf imported (views, forms, models): parsed once for both.
  const cache = new AnalysisCache({ keepSyntaxTrees: checks.syntaxTrees !== null && rulesMayParse, ...(store ? { store } : {}) });
  const models = await analyzeWorkspace(fs, base, options, cache);
  const out = await inspectModels(fs, base, models, { ...checks, syntaxTrees: checks.syntaxTrees ?? cache.trees ?? null });
  cache.trees?.clear();
  return out;
}

/**
 * {@link inspectWorkspaceProjects} for models already analysed (sorted by root); `checks.syntaxTrees`
 * may hold the trees their analysis parsed (AnalysisCache with keepSyntaxTrees).
 */
export async function inspectModels(fs: FileSystem, base: string, models: readonly ProjectModel[], checks: CheckOptions = {}): Promise<InspectedProject[]> {
  const out: InspectedProject[] = [];
  for (const model of models) out.push({ model, report: await inspectProject(fs, base, model, checks) });
  return out.sort((a, b) => (a.report.root < b.report.root ? -1 : a.report.root > b.report.root ? 1 : 0));
}

/**
 * The `inspect --json` document for every Django project under `base`; `checks` configures the
 * diagnostics; `store`, parsed modules kept between runs (the CLI's). Reads the project only through
 * `fs`; never writes into it; never executes project code.
 */
export async function inspectWorkspace(fs: FileSystem, base: string, options: AnalysisOptions = {}, checks: CheckOptions = {}, store?: AstStore): Promise<InspectReport> {
  const projects = await inspectWorkspaceProjects(fs, base, options, checks, store);
  return { schemaVersion: 1, projects: projects.map((p) => p.report) };
}
