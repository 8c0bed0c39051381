import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { analyzeWorkspace, inspectProject } from '../core/inspect';
import type { InspectReport } from '../core/inspect';
import { parseCliArgs, UsageError, USAGE } from './args';
import { formatProjectText } from './formatText';

declare const PACKAGE_VERSION: string | undefined;

/** Runs the CLI; resolves to the exit status. Output goes to the given writers. */
export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`django-media: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') {
    out(USAGE + '\n');
    return 0;
  }
  if (args.command === 'version') {
    out(`${typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev'}\n`);
    return 0;
  }
  const base = resolve(args.path);
  const st = await stat(base).catch(() => undefined);
  if (!st || !st.isDirectory()) {
    err(`django-media: cannot read the folder "${args.path}"\n`);
    return 2;
  }
  const fs = new NodeFileSystem();
  const options = { env: args.env, ...(args.settingsModule ? { settingsModule: args.settingsModule } : {}) };
  const models = await analyzeWorkspace(fs, base, options);
  const projects = [];
  for (const m of models) projects.push(await inspectProject(fs, base, m));
  if (args.json) {
    const report: InspectReport = { schemaVersion: 1, projects };
    out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  if (projects.length === 0) {
    out(`No Django project (manage.py) found under ${base}\n`);
    return 0;
  }
  out(projects.map((p, i) => formatProjectText(p, models[i]!)).join('\n\n') + '\n');
  return 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`django-media: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
