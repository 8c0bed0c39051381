import { parseArgs } from 'node:util';
import type { Severity, SeverityOverride } from '../core/checks';

export type CheckFormat = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'never';

export interface CliArgs {
  command: 'inspect' | 'check' | 'audit' | 'help' | 'version';
  path: string;
  settingsModule?: string;
  env: Record<string, string>;
  json: boolean;
  /** check: output format (text unless --format or --json says otherwise). */
  format: CheckFormat;
  /** check: the lowest severity that makes the exit status 1. */
  failOn: FailOn;
  /** The Django version to mirror (else the project's pinned version, else 5.2). */
  djangoVersion?: string;
  /** Per-code severity overrides (--severity CODE=LEVEL), like the editor's djangoMedia.diagnostics.severity. */
  severity: Record<string, SeverityOverride>;
  /** audit: a database URL to read the rows from (PostgreSQL opt-in; SQLite is otherwise read from the settings). */
  databaseUrl?: string;
  /** audit: exit 1 when rows point at missing files. */
  failOnMissing: boolean;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'];

export class UsageError extends Error {}

export const USAGE = `Usage: django-media <command> [PATH] [options]

Reads the Django projects under PATH (default: the current folder) statically — it never runs
project code and never writes into PATH — and reports their media settings.

Commands:
  inspect            MEDIA_ROOT, MEDIA_URL and the settings around them, what serves media in
                     development, and the media references in templates and code
  check              diagnostics only (the same codes and messages as the editor), like a compiler:
                     path:line:col: severity code message
  audit              uploads against the development database: files no row names (orphans),
                     rows whose file is missing, files outside every upload folder

Options:
  --settings MODULE  use this settings module, as DJANGO_SETTINGS_MODULE would
  --env NAME=VALUE   a value the evaluated code sees in os.environ (repeatable); the CLI's own
                     environment is never used, so results do not depend on the shell
  --json             print the JSON document (schemaVersion 1) instead of text
  --django-version X mirror Django X (default: the version the project pins, else 5.2)
  -h, --help         show this help
  -v, --version      show the version

Options of check:
  --format text|json|sarif       output format (default text; SARIF 2.1.0 for code scanning)
  --fail-on error|warning|information|never
                                 exit 1 when a finding at or above this severity exists (default error)
  --severity CODE=LEVEL          override a code's severity: error, warning, information, hint or
                                 ignore (repeatable)

Options of audit:
  --database-url URL             read the rows from this database (read-only): postgresql://…,
                                 sqlite:///path, or "settings" (the PostgreSQL server DATABASES
                                 names); without it only a SQLite database that the settings name
                                 inside the project is read
  --fail-on-missing              exit 1 when rows point at files MEDIA_ROOT does not hold

Environment:
  DJANGO_MEDIA_CACHE_DIR         where the CLI keeps its compiled code and the modules it parsed, for
                                 later runs (default: $XDG_CACHE_HOME/django-media, else
                                 ~/.cache/django-media; never inside PATH); set it empty to keep nothing

Exit status: 0 when it ran (check: and nothing reached --fail-on), 1 when check found a problem
at or above --fail-on (audit: with --fail-on-missing, when rows point at missing files), 2 on a
usage error or an unreadable PATH.`;

/** Parses argv (without node and script). Throws UsageError with a message for the user. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        settings: { type: 'string' },
        env: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        'django-version': { type: 'string' },
        severity: { type: 'string', multiple: true },
        'database-url': { type: 'string' },
        'fail-on-missing': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const defaults = { path: '.', env: {}, json: false, format: 'text' as CheckFormat, failOn: 'error' as FailOn, severity: {}, failOnMissing: false };
  if (values.help) return { command: 'help', ...defaults };
  if (values.version) return { command: 'version', ...defaults };
  const [command, path, ...rest] = positionals;
  if (!command) throw new UsageError('missing command (inspect, check or audit)');
  if (command !== 'inspect' && command !== 'check' && command !== 'audit') throw new UsageError(`unknown command "${command}"`);
  if (command !== 'check') {
    for (const only of ['format', 'fail-on', 'severity'] as const) {
      if (values[only] !== undefined) throw new UsageError(`--${only} is an option of check, not ${command}`);
    }
  }
  if (command !== 'audit') {
    for (const only of ['database-url', 'fail-on-missing'] as const) {
      if (values[only] !== undefined) throw new UsageError(`--${only} is an option of audit, not ${command}`);
    }
  }
  const databaseUrl = values['database-url'];
  if (databaseUrl !== undefined && databaseUrl !== 'settings' && !/^(?:postgres(?:ql)?|sqlite):\/\//.test(databaseUrl)) {
    throw new UsageError('--database-url expects a postgresql://, postgres:// or sqlite:/// URL');
  }
  let format: CheckFormat = values.json ? 'json' : 'text';
  if (values.format !== undefined) {
    if (values.format !== 'text' && values.format !== 'json' && values.format !== 'sarif') {
      throw new UsageError(`--format expects text, json or sarif, got "${values.format}"`);
    }
    if (values.json && values.format !== 'json') throw new UsageError('--json contradicts --format ' + values.format);
    format = values.format;
  }
  let failOn: FailOn = 'error';
  if (values['fail-on'] !== undefined) {
    const f = values['fail-on'];
    if (f !== 'never' && !SEVERITIES.includes(f)) throw new UsageError(`--fail-on expects error, warning, information or never, got "${f}"`);
    failOn = f as FailOn;
  }
  const djangoVersion = values['django-version'];
  if (djangoVersion !== undefined && !/^\d+(\.\d+){0,2}$/.test(djangoVersion)) {
    throw new UsageError(`--django-version expects a version such as 5.2, got "${djangoVersion}"`);
  }
  const severity: Record<string, SeverityOverride> = {};
  for (const pair of values.severity ?? []) {
    const eq = pair.indexOf('=');
    const level = pair.slice(eq + 1);
    if (eq <= 0 || (level !== 'ignore' && !SEVERITIES.includes(level))) {
      throw new UsageError(`--severity expects CODE=error|warning|information|hint|ignore, got "${pair}"`);
    }
    severity[pair.slice(0, eq)] = level as SeverityOverride;
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env expects NAME=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (values.settings !== undefined && !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(values.settings)) {
    throw new UsageError(`--settings expects a dotted module name, got "${values.settings}"`);
  }
  return {
    command,
    path: path ?? '.',
    ...(values.settings !== undefined ? { settingsModule: values.settings } : {}),
    env,
    json: format === 'json',
    format,
    failOn,
    ...(djangoVersion !== undefined ? { djangoVersion } : {}),
    severity,
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    failOnMissing: values['fail-on-missing'] === true,
  };
}
