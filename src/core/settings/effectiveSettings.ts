import { isAbsolute, join, normalize } from 'pathe';
import type { Binding, ModuleEvaluation, PyValue } from '../python';
import { toPyJson } from '../python/valueText';
import type { EffectiveSettings, PyJson, SettingValue, SourceRange } from '../model';

/** Django's global_settings defaults for the settings the features read. */
const DJANGO_DEFAULTS: Record<string, PyJson> = {
  DEBUG: false,
  MEDIA_ROOT: '',
  MEDIA_URL: '',
  STATIC_URL: null,
  STATIC_ROOT: null,
  STATICFILES_DIRS: [],
  FORCE_SCRIPT_NAME: null,
  ROOT_URLCONF: null,
  INSTALLED_APPS: [],
  DEFAULT_FILE_STORAGE: 'django.core.files.storage.FileSystemStorage',
  STORAGES: {
    default: { BACKEND: 'django.core.files.storage.FileSystemStorage' },
    staticfiles: { BACKEND: 'django.contrib.staticfiles.storage.StaticFilesStorage' },
  },
  SECURE_CONTENT_TYPE_NOSNIFF: true,
};

export const FILE_SYSTEM_STORAGE = 'django.core.files.storage.FileSystemStorage';

/**
 * True for storage backends that keep files off the local disk (django-storages S3/GCS/Azure/…,
 * Cloudinary): their URLs do not come from MEDIA_URL and there are no local files to check.
 * Custom classes are assumed local (most subclass FileSystemStorage).
 */
export function isRemoteStorage(backend: string): boolean {
  return /^storages\.backends\.|(^|\.)(s3|s3boto3|gcloud|azure_storage|dropbox|ftp|sftpstorage)\b|cloudinary|google\.cloud|minio/i.test(backend);
}

/** Reads top-level names of an evaluated settings module, falling back to Django's defaults. */
export class SettingsReader {
  constructor(private readonly evaluation: Pick<ModuleEvaluation, 'globals' | 'opaqueWrites'>) {}

  /** The binding that decided `name`, if the settings code assigned it. */
  binding(name: string): Binding | undefined {
    return this.evaluation.globals.get(name);
  }

  /** True when the settings module assigns `name` (or may, through a write that was not followed). */
  isSet(name: string): boolean {
    return this.evaluation.globals.has(name);
  }

  /** The value as JSON, Django's default when unset, or unknown with the reason. */
  get(name: string): SettingValue<PyJson> | undefined {
    const b = this.evaluation.globals.get(name);
    if (b) {
      const v = toPyJson(b.value);
      return v.known ? { known: true, value: v.value, origin: b.origin } : { ...v, origin: v.origin ?? b.origin };
    }
    const opaque = this.evaluation.opaqueWrites[0];
    if (opaque) {
      return {
        known: false,
        value: null,
        reason: `${name} may be set by ${opaque.description} (line ${opaque.range.line}), which cannot be followed statically`,
        origin: opaque.range,
      };
    }
    if (name in DJANGO_DEFAULTS) return { known: true, value: DJANGO_DEFAULTS[name] ?? null };
    return undefined;
  }
}

function unknown(reason: string, origin?: SourceRange): SettingValue<never> {
  return origin ? { known: false, value: null, reason, origin } : { known: false, value: null, reason };
}

function known<T>(value: T, origin: SourceRange | undefined): SettingValue<T> {
  return origin ? { known: true, value, origin } : { known: true, value };
}

/** Maps a known value through `f`; unknowns pass through with their reason. */
function mapValue<T>(v: SettingValue<PyJson> | undefined, name: string, f: (value: PyJson) => T | Error): SettingValue<T> {
  if (!v) return unknown(`${name} is not defined`);
  if (!v.known) return v;
  const out = f(v.value);
  if (out instanceof Error) return unknown(`${name}: ${out.message}`, v.origin);
  return known(out, v.origin);
}

/**
 * os.path.abspath as FileSystemStorage applies it, with the process working directory being the
 * folder of manage.py (where runserver runs). "" stays "" (Django treats an unset root as the cwd,
 * which the checks report separately).
 */
export function absolutizeRoot(value: string, projectRoot: string): string {
  if (value === '') return '';
  const abs = isAbsolute(value) ? normalize(value) : normalize(join(projectRoot, value));
  return abs.length > 1 ? abs.replace(/\/+$/, '') : abs;
}

/**
 * A path setting as django.conf.settings spells it (os.path.join / str(Path) leave "a/../b/" as
 * is), made absolute by joining a relative one to the working directory Django would have.
 */
export function spellRoot(value: string, projectRoot: string): string {
  if (value === '' || isAbsolute(value)) return value;
  return projectRoot.replace(/\/+$/, '') + '/' + value;
}

/** `known` with Django's spelling beside the normalised value when they differ. */
function withSpelling<T>(v: SettingValue<T>, spelling: T): SettingValue<T> {
  if (!v.known || JSON.stringify(spelling) === JSON.stringify(v.value)) return v;
  return { ...v, spelling };
}

/**
 * Django's LazySettings._add_script_prefix: values starting with "/", "http://" or "https://" are
 * unchanged; anything else gets the script prefix, which django.setup() takes from FORCE_SCRIPT_NAME
 * ("/" when None) and set_script_prefix always ends with "/".
 */
export function addScriptPrefix(value: string, forceScriptName: string | null): string {
  if (value.startsWith('/') || value.startsWith('http://') || value.startsWith('https://')) return value;
  let prefix = forceScriptName ?? '/';
  if (!prefix.endsWith('/')) prefix += '/';
  return prefix + value;
}

function asString(value: PyJson, what: string): string | Error {
  return typeof value === 'string' ? value : new Error(`${what} is ${JSON.stringify(value)}, not a string`);
}

/** The effective values of the settings the features need, as django.conf.settings returns them. */
export function computeEffectiveSettings(reader: SettingsReader, projectRoot: string): EffectiveSettings {
  const FORCE_SCRIPT_NAME = mapValue(reader.get('FORCE_SCRIPT_NAME'), 'FORCE_SCRIPT_NAME', (v) =>
    v === null ? null : typeof v === 'string' ? v : new Error(`FORCE_SCRIPT_NAME is not a string`),
  );

  const prefixed = (name: 'MEDIA_URL' | 'STATIC_URL', nullable: boolean) => {
    const raw = reader.get(name);
    if (raw && raw.known && typeof raw.value === 'string' && !/^(\/|https?:\/\/)/.test(raw.value) && !FORCE_SCRIPT_NAME.known) {
      return unknown(
        `${name} "${raw.value}" gets the script prefix from FORCE_SCRIPT_NAME, which is unknown: ${FORCE_SCRIPT_NAME.reason}`,
        raw.origin,
      );
    }
    const fsn = FORCE_SCRIPT_NAME.known ? FORCE_SCRIPT_NAME.value : null;
    return mapValue(raw, name, (v) => {
      if (v === null && nullable) return null;
      const s = asString(v, name);
      return s instanceof Error ? s : addScriptPrefix(s, fsn);
    });
  };

  const root = (name: 'MEDIA_ROOT' | 'STATIC_ROOT', nullable: boolean) => {
    const raw = reader.get(name);
    const v = mapValue(raw, name, (x) => {
      if (x === null && nullable) return null;
      const s = asString(x, name);
      return s instanceof Error ? s : absolutizeRoot(s, projectRoot);
    });
    return raw?.known && typeof raw.value === 'string' ? withSpelling(v, spellRoot(raw.value, projectRoot)) : v;
  };

  const dirs = (f: (p: string) => string) =>
    mapValue(reader.get('STATICFILES_DIRS'), 'STATICFILES_DIRS', (v) => {
      // A bare string (the missing-trailing-comma mistake, staticfiles.E001) is reported as Django holds it.
      if (!Array.isArray(v)) return v as unknown as Array<string | [string, string]>;
      return v.map((entry) => {
        if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
          return [entry[0], f(entry[1])] as [string, string];
        }
        return typeof entry === 'string' ? f(entry) : (entry as unknown as string);
      });
    });
  const normalisedDirs = dirs((p) => absolutizeRoot(p, projectRoot));
  const spelledDirs = dirs((p) => spellRoot(p, projectRoot));
  const STATICFILES_DIRS = spelledDirs.known ? withSpelling(normalisedDirs, spelledDirs.value) : normalisedDirs;

  return {
    DEBUG: mapValue(reader.get('DEBUG'), 'DEBUG', (v) => v as boolean),
    MEDIA_ROOT: root('MEDIA_ROOT', false) as SettingValue<string>,
    MEDIA_URL: prefixed('MEDIA_URL', true) as SettingValue<string>,
    STATIC_URL: prefixed('STATIC_URL', true),
    STATIC_ROOT: root('STATIC_ROOT', true),
    STATICFILES_DIRS,
    DEFAULT_STORAGE: defaultStorage(reader),
    FORCE_SCRIPT_NAME,
    ROOT_URLCONF: mapValue(reader.get('ROOT_URLCONF'), 'ROOT_URLCONF', (v) =>
      v === null ? null : asString(v, 'ROOT_URLCONF'),
    ),
    INSTALLED_APPS: mapValue(reader.get('INSTALLED_APPS'), 'INSTALLED_APPS', (v) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : new Error('INSTALLED_APPS is not a list'),
    ),
  };
}

/**
 * The default (media) storage backend as the CLI contract defines it: STORAGES["default"]["BACKEND"],
 * else DEFAULT_FILE_STORAGE, else FileSystemStorage.
 */
function defaultStorage(reader: SettingsReader): SettingValue<string> {
  const storages = reader.binding('STORAGES');
  if (storages) {
    // Read STORAGES["default"]["BACKEND"] from the value itself: another entry (often "staticfiles")
    // may be unknown without making the default one unknown.
    const def = dictItem(storages.value, 'default');
    const backend = def && dictItem(def, 'BACKEND');
    if (backend) {
      const v = toPyJson(backend);
      if (!v.known) return { ...v, origin: v.origin ?? storages.origin };
      if (typeof v.value === 'string') return known(v.value, storages.origin);
    } else if (storages.value.kind !== 'dict') {
      const v = reader.get('STORAGES');
      if (v && !v.known) return v;
    } else if (storages.value.poisoned) {
      return unknown(`STORAGES: ${storages.value.poisoned}`, storages.origin);
    }
  }
  if (reader.isSet('DEFAULT_FILE_STORAGE')) {
    return mapValue(reader.get('DEFAULT_FILE_STORAGE'), 'DEFAULT_FILE_STORAGE', (v) => asString(v, 'DEFAULT_FILE_STORAGE'));
  }
  const opaque = reader.get('DEFAULT_FILE_STORAGE');
  if (opaque && !opaque.known) return opaque;
  return known(FILE_SYSTEM_STORAGE, undefined);
}

/** d[key] for a Python dict value with a str key; undefined when absent or not a dict. */
function dictItem(d: PyValue, key: string): PyValue | undefined {
  if (d.kind !== 'dict') return undefined;
  for (const entry of d.entries.values()) {
    if (entry.key.kind === 'str' && entry.key.value === key) return entry.value;
  }
  return undefined;
}
