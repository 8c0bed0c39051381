import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { CachingFileSystem } from '../core/diagnostics/checkFileSystems';
import { ConfinedFileSystem } from '../core/confinedFileSystem';
import type { FileSystem } from '../core/fileSystem';
import { analyzeWorkspace, inspectWorkspace, inspectWorkspaceProjects } from '../core/inspect';
import { AnalysisCache } from '../core/project/analyzeProject';
import { rulesMayParse } from '../core/checks/prefilter';
import { compareSeverity, resolveDjangoVersion, runChecks } from '../core/checks';
import type { CheckOptions } from '../core/checks';
import type { ProjectModel } from '../core/model';
import { showControlCharacters } from '../core/showControlCharacters';
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './args';
import { formatProjectText } from './formatText';
import { jsonText } from './jsonText';
import { formatCheckJson, formatCheckSarif, formatCheckText, type CheckedProject } from './formatCheck';
import { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE } from '../core/mediaIndex';
import { auditProjectUploads, type UploadsAuditParts } from '../core/uploads/projectUploadsAudit';
import { formatAuditJson, formatAuditText, type AuditedProject } from './formatAudit';
import { nodeAuditParts } from './nodeAuditParts';
import type { AstStore } from '../core/python/astStore';
import { NodeAstStore } from '../node/nodeAstStore';
import { buildIdentity, userCacheFolder } from '../node/userCacheFolder';

declare const PACKAGE_VERSION: string | undefined;

/** What a test may replace: the parts the audit reads models and rows with; the store of parsed modules. */
export interface CliHooks {
  auditParts?: UploadsAuditParts;
  /** The store of parsed modules kept from one run to the next for the project at a path (the
   *  executable's is in the user's cache folder); saved when the command is done. */
  astStore?: (project: string) => SavedAstStore | undefined;
}

/** A store of parsed modules that keeps what a run added once `save()` is called. */
export type SavedAstStore = AstStore & { save(): void };

/** Runs the CLI; resolves to the exit status. Output goes to the given writers. */
export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
  hooks: CliHooks = {},
): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`django-media: ${showControlCharacters(e.message)}\n\n${USAGE}\n`);
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
  // Synchronous: loading node:fs/promises alone is a few percent of a run on a small project.
  let st;
  try {
    st = statSync(base, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st || !st.isDirectory()) {
    err(`django-media: cannot read the folder "${showControlCharacters(args.path)}"\n`);
    return 2;
  }
  // The analysis reads only inside PATH (links resolved): a checked pull request cannot make it
  // print /etc/passwd or read an endless /proc file. One process, one analysis of a tree that does
  // not change meanwhile: synchronous node:fs calls (no thread-pool round trip per call), and every
  // folder listed and path stat'ed once however many walks (projects, settings candidates, checks,
  // references) ask; each folder's links resolved once (unchangingTree: this one run only).
  const confined = new ConfinedFileSystem(new NodeFileSystem({ synchronous: true }), { roots: [base], gitIgnoreFiles: true, unchangingTree: true });
  const fs = new CachingFileSystem(confined, () => true, { contents: false });
  const options = { env: args.env, ...(args.settingsModule ? { settingsModule: args.settingsModule } : {}) };
  const checkOptions: CheckOptions = { severity: args.severity, ...(args.djangoVersion ? { djangoVersion: args.djangoVersion } : {}) };
  if (args.command === 'audit') {
    return audit(fs, base, await analyzeWorkspace(fs, base, options), args, hooks.auditParts ?? nodeAuditParts(base), out);
  }
  // check and inspect take the modules an earlier run parsed from the store, which keeps what this
  // run parses once it is done.
  const store = hooks.astStore?.(base);
  try {
    if (args.command === 'check') {
      // The rules scan modules the URLconf imported (views, forms, models): parsed once for both.
      const cache = new AnalysisCache({ keepSyntaxTrees: rulesMayParse, ...(store ? { store } : {}) });
      const models = await analyzeWorkspace(fs, base, options, cache);
      return await check(fs, base, models, args, { ...checkOptions, ...(cache.trees ? { syntaxTrees: cache.trees } : {}) }, out);
    }
    // The same inspectWorkspace the fixture parity test checks against Django.
    if (args.json) {
      out(jsonText(await inspectWorkspace(fs, base, options, checkOptions, store)) + '\n');
      return 0;
    }
    const projects = await inspectWorkspaceProjects(fs, base, options, checkOptions, store);
    if (projects.length === 0) {
      out(`No Django project (manage.py) found under ${showControlCharacters(base)}\n`);
      return 0;
    }
    out(projects.map((p) => formatProjectText(p.report, p.model)).join('\n\n') + '\n');
    return 0;
  } finally {
    store?.save();
  }
}

/** `django-media check`: diagnostics in the chosen format; exit 1 when a finding reaches --fail-on. */
async function check(
  fs: FileSystem,
  base: string,
  models: ProjectModel[],
  args: CliArgs,
  options: CheckOptions,
  out: (s: string) => void,
): Promise<number> {
  const results: CheckedProject[] = [];
  for (const model of models) {
    const version = await resolveDjangoVersion(fs, model.project.root, options.djangoVersion);
    results.push({ model, version, findings: await runChecks(fs, model, options) });
  }
  results.sort((a, b) => (a.model.project.root < b.model.project.root ? -1 : a.model.project.root > b.model.project.root ? 1 : 0));
  if (args.format === 'json') out(formatCheckJson(results, base) + '\n');
  else if (args.format === 'sarif') {
    const texts = new Map<string, string[]>();
    for (const r of results) {
      for (const f of r.findings) {
        if (!texts.has(f.range.file)) {
          const bytes = await fs.readFile(f.range.file).catch(() => new Uint8Array());
          texts.set(f.range.file, new TextDecoder().decode(bytes).split(/\r?\n/));
        }
      }
    }
    const lineText = (file: string, line: number) => texts.get(file)?.[line - 1] ?? '';
    out(formatCheckSarif(results, base, lineText, typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev') + '\n');
  } else out(formatCheckText(results, process.cwd()) + '\n');
  if (args.failOn === 'never') return 0;
  const threshold = args.failOn;
  return results.some((r) => r.findings.some((f) => compareSeverity(f.severity, threshold) <= 0)) ? 1 : 0;
}

/** Lists no more than this per project (counts stay exact): far beyond what a terminal shows. */
const MAX_AUDIT_LISTED = 1_000_000;

/** `django-media audit`: the uploads against the database; exit 1 with --fail-on-missing when rows point at missing files. */
async function audit(fs: FileSystem, base: string, models: ProjectModel[], args: CliArgs, parts: UploadsAuditParts, out: (s: string) => void): Promise<number> {
  const exclude = compileMediaExclude(DEFAULT_MEDIA_EXCLUDE);
  const projects: AuditedProject[] = [];
  const sorted = [...models].sort((a, b) => (a.project.root < b.project.root ? -1 : a.project.root > b.project.root ? 1 : 0));
  for (const model of sorted) {
    const result = await auditProjectUploads(fs, model, parts, { exclude, maxListed: MAX_AUDIT_LISTED, ...(args.databaseUrl !== undefined ? { databaseUrl: args.databaseUrl } : {}) });
    projects.push({ root: model.project.root, audit: result });
  }
  out((args.json ? formatAuditJson(projects, base) : formatAuditText(projects, base)) + '\n');
  const missing = projects.some((p) => p.audit.kind === 'audited' && p.audit.report.counts.missingFiles > 0);
  return args.failOnMissing && missing ? 1 : 0;
}

/**
 * The executable's store of parsed modules for the project at `project`: in the user's cache folder,
 * for this build only (as the launcher's code cache); none when unbundled (a test's build of the
 * sources has no identity to key it by).
 */
function userAstStore(project: string): NodeAstStore | undefined {
  if (typeof PACKAGE_VERSION !== 'string') return undefined;
  const folder = userCacheFolder();
  if (!folder) return undefined;
  try {
    return NodeAstStore.open(folder, `${PACKAGE_VERSION}-${buildIdentity(__filename)}`, project);
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), undefined, undefined, { astStore: userAstStore }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`django-media: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
