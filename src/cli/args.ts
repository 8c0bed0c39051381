import { parseArgs } from 'node:util';

export interface CliArgs {
  command: 'inspect' | 'help' | 'version';
  path: string;
  settingsModule?: string;
  env: Record<string, string>;
  json: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: django-media <command> [PATH] [options]

Reads the Django projects under PATH (default: the current folder) statically — it never runs
project code and never writes into PATH — and reports their media settings.

Commands:
  inspect            MEDIA_ROOT, MEDIA_URL and the settings around them, what serves media in
                     development, and the media references in templates and code

Options:
  --settings MODULE  use this settings module, as DJANGO_SETTINGS_MODULE would
  --env NAME=VALUE   a value the evaluated code sees in os.environ (repeatable); the CLI's own
                     environment is never used, so results do not depend on the shell
  --json             print the JSON document (schemaVersion 1) instead of text
  -h, --help         show this help
  -v, --version      show the version

Exit status: 0 when it ran, 2 on a usage error or an unreadable PATH.`;

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
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', path: '.', env: {}, json: false };
  if (values.version) return { command: 'version', path: '.', env: {}, json: false };
  const [command, path, ...rest] = positionals;
  if (!command) throw new UsageError('missing command (inspect)');
  if (command !== 'inspect') throw new UsageError(`unknown command "${command}"`);
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
    command: 'inspect',
    path: path ?? '.',
    ...(values.settings !== undefined ? { settingsModule: values.settings } : {}),
    env,
    json: values.json ?? false,
  };
}
