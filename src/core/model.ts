/**
 * The data every feature reads: one ProjectModel per Django project, computed once by
 * `analyzeProject` (src/core/project/analyzeProject.ts) and cached by the caller.
 * All paths are absolute POSIX paths; lines and columns are 1-based, columns in UTF-16 code units.
 */

/** A span of source text. */
export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface KnownValue<T> {
  known: true;
  value: T;
  /** The value as django.conf.settings spells it, when that differs from `value` (paths: `value`
   *  is normalised, "a/../b/" -> "b", so that features compare like with like; reports show this). */
  spelling?: T;
  /** The expression whose value this is (the right-hand side of the assignment that decided it);
   *  absent for Django's defaults. */
  origin?: SourceRange;
}

export interface UnknownValue {
  known: false;
  value: null;
  /** Why the value cannot be determined statically, in words a user understands. */
  reason: string;
  origin?: SourceRange;
}

/** A setting's effective value, or an honest "unknown" with the reason. */
export type SettingValue<T> = KnownValue<T> | UnknownValue;

/** JSON-like view of a Python value (Path objects become strings). */
export type PyJson = null | boolean | number | string | PyJson[] | { [key: string]: PyJson };

/** A folder holding manage.py. */
export interface DjangoProject {
  /** Folder of manage.py. */
  root: string;
  managePy: string;
  /** Display name: the folder's name. */
  name: string;
}

export type SettingsModuleSource =
  | 'user' // --settings, the djangoMedia.settingsModule setting, the remembered choice
  | 'environment' // DJANGO_SETTINGS_MODULE among the explicit environment values
  | 'manage.py' // os.environ.setdefault in manage.py
  | 'none';

/** The settings the features need, as django.conf.settings would return them. */
export interface EffectiveSettings {
  DEBUG: SettingValue<boolean>;
  /** Absolute; relative values resolved against the project root; "" when unset. */
  MEDIA_ROOT: SettingValue<string>;
  /** With the script prefix applied ("" reads "/"). */
  MEDIA_URL: SettingValue<string>;
  STATIC_URL: SettingValue<string | null>;
  STATIC_ROOT: SettingValue<string | null>;
  STATICFILES_DIRS: SettingValue<Array<string | [string, string]>>;
  /** Dotted backend class of the default storage. */
  DEFAULT_STORAGE: SettingValue<string>;
  FORCE_SCRIPT_NAME: SettingValue<string | null>;
  ROOT_URLCONF: SettingValue<string | null>;
  INSTALLED_APPS: SettingValue<string[]>;
}

export type MediaServingKind = 'static()' | 'serve-view' | 'other';

/** A place in the URLconf tree that serves files in development. */
export interface MediaServing {
  range: SourceRange;
  kind: MediaServingKind;
  /** The URL prefix it serves ("/media/"), when known. */
  prefix: string | null;
  documentRoot: 'MEDIA_ROOT' | 'STATIC_ROOT' | 'other';
  /** Inside `if settings.DEBUG:` (or an equivalent guard). */
  debugOnly: boolean;
  /** With DEBUG forced on, a request under MEDIA_URL reaches a view serving MEDIA_ROOT through
   *  this place; null when the analysis cannot tell (then `reason` says why). */
  servesMediaInDebug: boolean | null;
  /** The same with DEBUG as configured; null when unknown. */
  servesMediaNow: boolean | null;
  /** Why one of the two is null. */
  reason?: string;
}

/**
 * The project's answer to "does runserver serve media?": true, false, or null when the analysis
 * cannot tell — never false for "could not follow the URLconf".
 */
export interface MediaServingSummary {
  /** With DEBUG forced on. */
  inDebug: boolean | null;
  /** With DEBUG as configured. */
  now: boolean | null;
  /** Why an answer is null (the first unknown one). */
  reason?: string;
  /** Where the analysis stopped, when an answer is null and a place is known. */
  range?: SourceRange;
}

/** How a media reference was written. */
export type MediaReferenceForm =
  | 'url' // a literal URL path under MEDIA_URL: "/media/a.png"
  | 'absolute-url' // a literal URL under an absolute MEDIA_URL: "https://cdn.example.com/media/a.png"
  | 'media-url-variable' // {{ MEDIA_URL }}a.png
  | 'media-prefix-tag' // {% get_media_prefix %}a.png
  | 'media-prefix-variable'; // {% get_media_prefix as P %} ... {{ P }}a.png

export interface MediaReference {
  /** Range of the whole reference as written (prefix included). */
  range: SourceRange;
  text: string;
  form: MediaReferenceForm;
  /** The storage name: the decoded path relative to MEDIA_ROOT ("products/mug.png"); null when it
   *  cannot be mapped (it would leave MEDIA_ROOT, or names no single file). */
  storageName: string | null;
  /** Absolute path of the file it names; null if not mappable or MEDIA_ROOT is unknown or remote. */
  target: string | null;
}

export interface AnalysisNote {
  severity: 'info' | 'warning';
  message: string;
  range?: SourceRange;
}

export interface ProjectModel {
  project: DjangoProject;
  settingsModule: string | null;
  settingsModuleSource: SettingsModuleSource;
  settingsFile: string | null;
  /** Settings modules found in the project (for a chooser), dotted names, sorted. */
  settingsCandidates: string[];
  settings: EffectiveSettings;
  /** Any top-level name of the evaluated settings module, as JSON, with its origin. */
  raw(name: string): SettingValue<PyJson> | undefined;
  /** The Python type of a top-level name's value ("str", "path", "list", "tuple", "set", "dict",
   *  "unknown", …), undefined when the settings code does not assign it. JSON loses str vs Path and
   *  list vs set, which Django's own comparisons (and so the checks) depend on. */
  pyKind?(name: string): string | undefined;
  /** The environment the settings code saw at the end (explicit values plus .env files it loaded). */
  environment: ReadonlyMap<string, string>;
  mediaServing: MediaServing[];
  /** Whether MEDIA_URL is served under runserver, three-valued (see MediaServingSummary). */
  mediaServingSummary: MediaServingSummary;
  /** Every file whose content the model depends on (settings modules, .env files, urls modules,
   *  manage.py); a change to any of them invalidates the model. */
filesRead: string[];
  /** Files of filesRead that the URLconf analysis read only to decide that modules could be left
   *  unevaluated: a change that keeps their imports and their verdict changes nothing (see
   *  deferralFactsUnchanged). */
  deferralOnly?: ReadonlySet<string>;
  /** What the analysis could not follow, with where. */
  notes: AnalysisNote[];
  /** Everything the checks can read of this model, as one string: two analyses with the same
   *  fingerprint give the same findings, so a re-analysis that changed nothing needs no full check
   *  run. Undefined when not computed (then every new model counts as changed). */
  fingerprint?: string;
}

/** Options a caller passes to the analysis. */
export interface AnalysisOptions {
  /** Overrides the settings module (like DJANGO_SETTINGS_MODULE given by the user). */
  settingsModule?: string;
  /** Explicit environment values; they win over values loaded from .env files. */
  env?: Record<string, string>;
}
