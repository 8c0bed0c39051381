import { join } from 'pathe';
import { MAX_TEXT_FILE_BYTES, type FileSystem } from '../fileSystem';
import type { AnalysisNote, AnalysisOptions, DjangoProject, EffectiveSettings, MediaServing, MediaServingSummary, ProjectModel, SettingsModuleSource, SettingValue, PyJson } from '../model';
import { BudgetWaitsFileSystem } from '../python/budgetWaits';
import { AnalysisBudget, evaluateModule, resolveModuleFile, ParseCache, SyntaxTrees } from '../python';
import { textImportCandidates } from '../python/interpreter/deferral';
import { packageOfFile } from '../python/interpreter/moduleFiles';
import type { ParseSlices } from '../python/parse/parseModule';
import type { AstStore } from '../python/astStore';
import type { EvaluationHost, ModuleEvaluation } from '../python';
import { findMediaServing } from '../urls';
import { SettingsReader, computeEffectiveSettings } from '../settings/effectiveSettings';
import { findSettingsCandidates } from './settingsModule';
import { settingsObjectValues } from '../settings/settingsObject';

// The URLconf is evaluated twice (DEBUG on and off), importing every module its includes reach (views,
// forms, models: hundreds in a large project). The cache must hold all of them, or the second pass
// re-parses every one (an LRU smaller than the set read in order misses on each access).
const PARSED_MODULES = 4096;

/** State kept between analyses of the same workspace (parsed files), so re-analysis is fast. */
export class AnalysisCache {
  readonly parse = new ParseCache(PARSED_MODULES);
  /** With `keepSyntaxTrees`: the lezer tree of every module parsed (whose text passes the test, when
   *  it is one), for the checks of the same run (CheckOptions.syntaxTrees), until its owner clears it. */
  readonly trees: SyntaxTrees | undefined;

  /** `parseSlices`: parse modules in slices, leaving the event loop turns (ParseCache.slices).
   *  `store`: parsed modules kept from one run to the next (ParseCache.store). */
  constructor(options: { keepSyntaxTrees?: boolean | ((source: string) => boolean); parseSlices?: ParseSlices; store?: AstStore } = {}) {
    const keep = options.keepSyntaxTrees;
    if (options.parseSlices) this.parse.slices = options.parseSlices;
    if (options.store) this.parse.store = options.store;
    this.trees = keep ? new SyntaxTrees(PARSED_MODULES, typeof keep === 'function' ? keep : undefined) : undefined;
    if (this.trees) this.parse.trees = this.trees;
    if (this.trees && options.store) this.trees.store = options.store;
  }
}

const UNKNOWN_MODULE_REASON = 'no settings module: ';

/**
 * Computes the ProjectModel of one Django project: chooses the settings module as Django would,
 * evaluates it statically, derives the effective values, and follows ROOT_URLCONF to find what
 * serves media in development. Never executes project code; never throws on bad input.
 * `settingsOnly` skips the URLconf (media serving is then unknown, "still being analysed") and the
 * search for other settings modules (settingsCandidates is then empty).
 */
export async function analyzeProject(
  fs: FileSystem,
  project: DjangoProject,
  options: AnalysisOptions & { cache?: AnalysisCache; settingsOnly?: boolean; prefetch?: boolean; evaluateEveryImport?: boolean } = {},
): Promise<ProjectModel> {
  const cache = options.cache ?? new AnalysisCache();
  const explicitEnv = Object.entries(options.env ?? {});
  const notes: AnalysisNote[] = [];
  const filesRead = new Set<string>([project.managePy]);
  const deferralOnly = new Set<string>();
  /** Files the manage.py and settings evaluations loaded as modules. */
  const loadedElsewhere = new Set<string>();
  // One budget for manage.py, the settings and the URLconf: a hostile project cannot multiply it.
  const budget = new AnalysisBudget();
  const evaluationFs = new BudgetWaitsFileSystem(fs, budget);
  const prefetch = options.prefetch ? importPrefetcher(fs, cache.parse, [project.root]) : undefined;
  const newHost = (): EvaluationHost => ({
    fs: evaluationFs,
    env: new Map(explicitEnv),
    sysPath: [project.root],
    cwd: project.root,
    cache: cache.parse,
    budget,
    ...(prefetch ? { prefetch } : {}),
  });

  // 1. manage.py runs before Django reads its settings: what it puts in os.environ (the settings
  // module, and every variable of a .env it loads) is the environment the settings see.
  const manageHost = newHost();
  let manage: ModuleEvaluation | undefined;
  if (await isFile(fs, project.managePy)) {
    manage = await evaluateModule(manageHost, project.managePy, '__main__', { asMain: true });
    manage.filesRead.forEach((f) => filesRead.add(f));
    manage.loadedFiles.forEach((f) => loadedElsewhere.add(f));
  }

  // 2. The settings module, in Django's order of precedence.
  let settingsModule: string | null = null;
  let source: SettingsModuleSource = 'none';
  let whyNoModule = '';
  if (options.settingsModule) {
    settingsModule = options.settingsModule;
    source = 'user';
  } else if (options.env?.['DJANGO_SETTINGS_MODULE']) {
    settingsModule = options.env['DJANGO_SETTINGS_MODULE'];
    source = 'environment';
  } else {
    const chosen = manageHost.env.get('DJANGO_SETTINGS_MODULE');
    if (chosen) {
      settingsModule = chosen;
      source = 'manage.py';
    } else {
      whyNoModule = 'manage.py does not set DJANGO_SETTINGS_MODULE in a way that can be read statically; choose the settings module';
      notes.push({ severity: 'warning', message: whyNoModule, range: manageRange(project) });
    }
  }

  // The quick model is read by the status bar and hovers only: the chooser's list waits for the full one.
  const candidatesPromise = options.settingsOnly ? Promise.resolve([]) : findSettingsCandidates(fs, project.root);

  // 3. Evaluate it, in the environment manage.py left.
  const host: EvaluationHost = {
    ...newHost(),
    env: new Map(manageHost.env),
    ...(manage ? { envUnknown: manage.unknownEnv, envAllUnknown: manage.envAllUnknown } : {}),
  };
  let evaluation: ModuleEvaluation | undefined;
  let settingsFile: string | null = null;
  if (settingsModule) {
    host.env.set('DJANGO_SETTINGS_MODULE', settingsModule);
    settingsFile = (await resolveModuleFile(host, settingsModule)) ?? null;
    if (!settingsFile) {
      whyNoModule = `settings module "${settingsModule}" was not found under ${project.root}`;
      notes.push({ severity: 'warning', message: whyNoModule });
      for (const probe of moduleProbes(project.root, settingsModule)) filesRead.add(probe);
    } else {
      evaluation = await evaluateModule(host, settingsFile, settingsModule);
      evaluation.filesRead.forEach((f) => filesRead.add(f));
      evaluation.loadedFiles.forEach((f) => loadedElsewhere.add(f));
      for (const n of evaluation.notes) notes.push(n);
    }
  }

  const reader = evaluation ? new SettingsReader(evaluation) : undefined;
  const settings = reader ? computeEffectiveSettings(reader, project.root) : allUnknown(UNKNOWN_MODULE_REASON + whyNoModule);

  // 4. What serves media in development.
  let mediaServing: MediaServing[] = [];
  let mediaServingSummary: MediaServingSummary = { inDebug: null, now: null, reason: whyNoModule ? UNKNOWN_MODULE_REASON + whyNoModule : 'the settings were not evaluated' };
  if (options.settingsOnly && evaluation) {
    // The editor's first, quick model: the URLconf (every view, form and model it imports) comes after.
    mediaServingSummary = { inDebug: null, now: null, reason: 'the URLconf is still being analysed' };
  } else if (evaluation && settings.ROOT_URLCONF.known && settings.ROOT_URLCONF.value) {
    const urls = await findMediaServing({
      host,
      rootUrlconf: settings.ROOT_URLCONF.value,
      settings: settingsObjectValues(evaluation, settings),
      mediaUrl: settings.MEDIA_URL.known ? settings.MEDIA_URL.value : null,
      mediaRoot: settings.MEDIA_ROOT.known ? settings.MEDIA_ROOT.value : null,
      staticRoot: settings.STATIC_ROOT.known ? settings.STATIC_ROOT.value : null,
      debug: settings.DEBUG.known ? Boolean(settings.DEBUG.value) : null,
      ...(options.evaluateEveryImport ? { evaluateEveryImport: true } : {}),
    });
    mediaServing = urls.serving;
    mediaServingSummary = urls.summary;
    urls.filesRead.forEach((f: string) => filesRead.add(f));
    urls.deferralOnly.forEach((f: string) => deferralOnly.add(f));
    for (const n of urls.notes) notes.push(n);
  } else if (evaluation && !settings.ROOT_URLCONF.known) {
    notes.push({ severity: 'warning', message: `ROOT_URLCONF is unknown (${settings.ROOT_URLCONF.reason}); media serving was not analysed` });
    mediaServingSummary = { inDebug: null, now: null, reason: `ROOT_URLCONF is unknown: ${settings.ROOT_URLCONF.reason}`, ...(settings.ROOT_URLCONF.origin ? { range: settings.ROOT_URLCONF.origin } : {}) };
  } else if (evaluation) {
    // No ROOT_URLCONF: Django has no URLconf to route a request through, so nothing is served.
    mediaServingSummary = { inDebug: false, now: false };
  }

  const model: ProjectModel = {
    project,
    settingsModule,
    settingsModuleSource: source,
    settingsFile,
    settingsCandidates: await candidatesPromise,
    settings,
    raw: (name: string): SettingValue<PyJson> | undefined => reader?.get(name),
    pyKind: (name: string): string | undefined => reader?.binding(name)?.value.kind,
    environment: host.env,
    mediaServing,
    mediaServingSummary,
    filesRead: [...filesRead].sort(),
    deferralOnly: new Set([...deferralOnly].filter((f) => !loadedElsewhere.has(f))),
    notes,
  };
  model.fingerprint = fingerprintOf(model, evaluation ? [...evaluation.globals.keys()].sort() : [], evaluation?.opaqueWrites ?? []);
  return model;
}

/**
 * The model's fingerprint: its values, and every top-level name of the settings module with its
 * value, kind and origin (what `raw` and `pyKind` answer; a name not assigned answers the same for
 * every model), and the writes the evaluator could not follow.
 */
function fingerprintOf(model: ProjectModel, names: readonly string[], opaque: readonly unknown[]): string {
  const { raw, pyKind, fingerprint: _, environment, ...plain } = model;
  return JSON.stringify([plain, [...environment].sort(), names.map((n) => [n, raw(n), pyKind?.(n)]), opaque]);
}

/** Files the import hints may start reading in one analysis. */
const MAX_PREFETCHED_FILES = 20_000;
/** Hinted files being stat'ed or read at once. */
const PREFETCHES_IN_FLIGHT = 32;

/**
 * Starts reading the files a module's imports may load (EvaluationHost.prefetch), through the
 * analysis' own file system, whose snapshot then answers the evaluation; and, from each file read,
 * the files its own imports and include('…') strings may load, found in its text without parsing
 * (the URLconf imports hundreds of modules one after another, each a round trip in the editor).
 */
function importPrefetcher(fs: FileSystem, parsed: ParseCache, sysPath: readonly string[]): (paths: readonly string[]) => void {
  const seen = new Set<string>();
  const queue: string[] = [];
  let inFlight = 0;
  const fetch = async (p: string): Promise<void> => {
    const st = await fs.stat(p);
    if (st?.type !== 'file' || st.size > MAX_TEXT_FILE_BYTES) return;
    const text = parsed.get(p, st.size, st.mtime)?.source ?? new TextDecoder().decode(await fs.readFile(p));
    const pkg = packageOfFile(p, sysPath);
    if (pkg !== undefined) hint(textImportCandidates(text, pkg, sysPath));
  };
  const pump = (): void => {
    while (inFlight < PREFETCHES_IN_FLIGHT && queue.length > 0) {
      inFlight++;
      void fetch(queue.shift() as string)
        .catch(() => undefined)
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };
  const hint = (paths: readonly string[]): void => {
    for (const p of paths) {
      if (seen.size >= MAX_PREFETCHED_FILES || seen.has(p)) continue;
      seen.add(p);
      queue.push(p);
    }
    pump();
  };
  return hint;
}

async function isFile(fs: FileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path))?.type === 'file';
  } catch {
    return false;
  }
}

function allUnknown(reason: string): EffectiveSettings {
  const u = { known: false as const, value: null, reason };
  return {
    DEBUG: u, MEDIA_ROOT: u, MEDIA_URL: u, STATIC_URL: u, STATIC_ROOT: u, STATICFILES_DIRS: u,
    DEFAULT_STORAGE: u, FORCE_SCRIPT_NAME: u, ROOT_URLCONF: u, INSTALLED_APPS: u,
  };
}

function manageRange(project: DjangoProject) {
  return { file: project.managePy, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Where a module would live, so that creating it later invalidates the model. */
function moduleProbes(root: string, dotted: string): string[] {
  const rel = dotted.split('.').join('/');
  return [join(root, rel + '.py'), join(root, rel, '__init__.py')];
}
