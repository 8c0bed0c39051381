/**
 * The public contract of the Python evaluator (re-exported by ./index.ts).
 */
import type { FileSystem } from '../fileSystem';
import type { SourceRange } from '../model';
import type { AnalysisBudget } from './budget';
import type { ParseCache } from './parseCache';
import type { Binding, OpaqueWrite, PyValue, RuntimeHost } from './values';

export type { Binding, OpaqueWrite } from './values';

/** Bounds that keep hostile or huge inputs from hanging the host. */
export interface EvaluationLimits {
  /** Statements + expressions evaluated in one evaluation (all modules together). */
  maxSteps: number;
  /** Nesting of expression evaluation and calls. */
  maxDepth: number;
  /** Larger source files are not parsed. */
  maxFileBytes: number;
  /** Nesting of module imports. */
  maxImportDepth: number;
  /** Wall time of one evaluation (the module and what it imports), in milliseconds. */
  maxMillis: number;
}

/** Defaults for EvaluationLimits. */
export const DEFAULT_LIMITS: EvaluationLimits = {
  maxSteps: 200_000,
  maxDepth: 150,
  maxFileBytes: 2 * 1024 * 1024,
  maxImportDepth: 40,
  maxMillis: 5_000,
};

/**
 * A URLconf imports every view, form and model of the project (693 modules on a generated
 * 5,400-module project, 449 on netbox): 200,000 steps stopped it half-way, so media serving was
 * unknown on exactly the projects that most need it. The analysis budget (budget.ts) still bounds
 * the whole analysis.
 */
export const URLCONF_LIMITS: Partial<EvaluationLimits> = { maxSteps: 1_000_000, maxMillis: 15_000 };

/** What the evaluation runs against: files, the environment, the import path. */
export interface EvaluationHost extends RuntimeHost {
  fs: FileSystem;
  /** os.environ as the evaluated code sees it. Mutated by os.environ.setdefault/[]=, load_dotenv,
   *  environ.Env.read_env … (a loader never overrides a key that is already set, unless override=True). */
  env: Map<string, string>;
  /** The folders that play sys.path (the folder of manage.py). Imports resolve ONLY here; anything else
   *  is third-party: modelled (os, pathlib, environ, decouple, dotenv, …) or opaque. */
  sysPath: string[];
  /** The process working directory Django would have: the folder of manage.py. Used by
   *  os.path.abspath("rel"), Path("rel").resolve(), os.getcwd(), find_dotenv/load_dotenv/decouple search. */
  cwd: string;
  /** Modules supplied by the caller instead of being evaluated, e.g. "django.conf" -> { settings: <object> }. */
  providedModules?: Map<string, Map<string, PyValue>>;
  limits?: Partial<EvaluationLimits>;
  /** The budget of the whole analysis, shared by every evaluation and walk of it (one is made
   *  per evaluation when absent). */
  budget?: AnalysisBudget;
  /** Optional parse cache shared across evaluations (keyed by path+size+mtime) to make re-evaluation fast. */
  cache?: ParseCache;
  /** What the root module is. 'urlconf': only the root and the modules loaded by name (include())
   *  are URLconfs; an exception in a module they merely import (views, models) is not claimed to
   *  stop Django from starting. Default 'settings': every module the settings import is part of
   *  importing them. */
  role?: 'settings' | 'urlconf';
  /** Variables whose value is unknown before the evaluation starts (name -> reason): what an
   *  earlier evaluation (manage.py) left unknown in the same process environment. */
  envUnknown?: ReadonlyMap<string, string>;
  /** Set when code before this evaluation may have changed any variable (the reason). */
  envAllUnknown?: string | null;
  /**
   * Told the files a module just loaded may import (candidates, most do not exist), before it runs:
   * a host whose file system is slow to answer (the editor's round trips) starts reading them all
   * at once rather than one import after another. Reads only; what the evaluation then reads is
   * unchanged.
   */
  prefetch?: (paths: readonly string[]) => void;
  /**
   * With role 'urlconf': a module a URLconf imports (not a package, not loaded by name) whose text
   * passes this test, as does the text of every project module it may import (transitively, those not
   * evaluated yet), is not evaluated; its names are unknown with a reason that {@link isDeferred}
   * recognises, so the caller can tell whether the result depended on one (and evaluate again
   * without deferring when it did). Views, forms and models are most of what a URLconf imports.
   */
  deferModule?: (source: string) => boolean;
}

/** How a module may be deferred: the verdict when the analysis already knows it, and the test of
 *  its text (and of what it imports). */
export interface ModuleDeferral {
  known: boolean | undefined;
  /** Reads the module (unless what its text gave is remembered) and what it imports. */
  test(): Promise<boolean>;
}


/** Something the evaluation could not follow or that the user should know. */
export interface EvaluationNote {
  severity: 'info' | 'warning';
  message: string;
  range?: SourceRange;
}

/** The result of evaluating one module (and whatever it imported). */
export interface ModuleEvaluation {
  file: string;
  moduleName: string;
  globals: Map<string, Binding>;
  /** Every file read or probed (exists or not: a missing local.py created later must invalidate). */
  filesRead: string[];
  notes: EvaluationNote[];
  /** Writes the evaluator could not follow that may set ANY name (vars().update(x), globals()[k]=…,
   *  setattr(sys.modules[__name__]…), exec, a star import it could not evaluate). */
  opaqueWrites: OpaqueWrite[];
  /** Environment variables whose value became unknown during evaluation (key -> reason). */
  unknownEnv: Map<string, string>;
  /** Set when code that was not evaluated may have changed any variable (the reason). */
  envAllUnknown: string | null;
  /** Why the evaluation stopped before the end of the module (a limit of the budget was reached). */
  stopped?: string;
  /** The modules left unevaluated (EvaluationHost.deferModule). */
  deferredModules: string[];
  /** The files whose module was loaded (not only judged by a deferral decision). */
  loadedFiles: string[];
  /** The files of the modules left unevaluated (EvaluationHost.deferModule). */
  deferredFiles: string[];
  /** The globals of each project module this evaluation ran, by file. */
  moduleGlobals: Map<string, Map<string, Binding>>;
}
