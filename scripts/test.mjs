#!/usr/bin/env node
// `npm test`: build, compile the tests, unit tests (node's runner), the integration runs inside a
// real VS Code (code-server) — including one with the packaged .vsix —, and the web smoke run;
// ends with ONE line `N passed, N failed` summing every suite (then `, N skipped` when tests were
// skipped), and exits non-zero on any failure.
//
//   node scripts/test.mjs                 everything
//   --unit | --integration | --web        only those suites (combinable)
//   --electron                            the integration suite through @vscode/test-electron instead
//   --no-package                          integration without the packaged-extension run
//   --no-tools                            integration without the tools-installer tests
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './lib/tools.mjs';

const args = process.argv.slice(2);
const only = ['--unit', '--integration', '--web', '--electron'].filter((a) => args.includes(a));
const want = (s) => only.length === 0 ? s !== '--electron' : only.includes(s);
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** @type {{name: string, passed: number, failed: number, skipped?: number, ms: number, note?: string}[]} */
const suites = [];
const t0 = Date.now();

function secs(ms) { return `${(ms / 1000).toFixed(1)}s`; }
function banner(title) { console.log(`\n━━ ${title}`); }

/** Runs a command, streaming its output; resolves with exit code and the captured text. */
function exec(cmd, cmdArgs, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const pipe = (stream, out) => stream.on('data', (c) => { if (capture) text += c; out.write(c); });
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 1, text: `${text}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

/** A step that is not a test (build, compile) counts as one failure when it breaks. */
async function step(name, cmd, cmdArgs) {
  const start = Date.now();
  banner(name);
  const { code } = await exec(cmd, cmdArgs);
  if (code !== 0) {
    suites.push({ name, passed: 0, failed: 1, ms: Date.now() - start, note: `exited with ${code}` });
    return false;
  }
  console.log(`${name}: ok in ${secs(Date.now() - start)}`);
  return true;
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(suffix)) out.push(join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

/** Runs node's test runner on `files` as one suite named `name`. */
async function nodeTestSuite(name, files) {
  const start = Date.now();
  const { code, text } = await exec(process.execPath, ['--test', '--test-reporter=spec', ...files.map((f) => relative(repoRoot, f))], { capture: true });
  // The spec reporter ends with `ℹ pass N`, `ℹ fail N`…; take the last of each (a test title could match too).
  const count = (label) => Number([...text.matchAll(new RegExp(`^\\S*\\s*${label} (\\d+)\\s*$`, 'gm'))].at(-1)?.[1] ?? NaN);
  let passed = count('pass');
  let failed = count('fail') + (count('cancelled') || 0);
  if (Number.isNaN(passed) || Number.isNaN(failed)) { passed = 0; failed = 1; }
  if (code !== 0 && failed === 0) failed = 1;
  const skipped = count('skipped') || 0;
  suites.push({ name, passed, failed, skipped, ms: Date.now() - start });
}

async function unitTests() {
  const compiled = await step('compile unit tests', 'node', [tsc, '-p', 'tsconfig.test.json']);
  // Only compiled tests whose source still exists: out/ may hold output of deleted tests.
  const files = findFiles(join(repoRoot, 'test', 'unit'), '.test.ts')
    .map((src) => join(repoRoot, 'out', relative(repoRoot, src)).replace(/\.ts$/, '.js'))
    .filter((f) => existsSync(f));
  banner(`unit tests (${files.length} files)`);
  if (files.length === 0) {
    console.log('no unit tests found under test/unit');
    return;
  }
  if (!compiled) console.log('(running what compiled despite the type errors above)');
  await nodeTestSuite('unit', files);
}

/**
 * The tools installer, run as this `npm test` runs it (inside npm, whose environment names
 * another Node major): it installs code-server on a fresh clone, and CI always starts fresh.
 */
async function toolsTests() {
  banner('tools installer (first run on a fresh clone: about 3 minutes, see README)');
  await nodeTestSuite('tools installer', findFiles(join(repoRoot, 'test', 'tools'), '.test.mjs'));
}

async function build() {
  if (!existsSync(join(repoRoot, 'src', 'extension', 'extension.ts'))) {
    banner('build');
    console.log('src/extension/extension.ts does not exist yet: nothing to load into VS Code');
    suites.push({ name: 'build', passed: 0, failed: 1, ms: 0, note: 'no extension entry' });
    return false;
  }
  return step('build', 'npm', ['run', '--silent', 'build']);
}

async function integrationTests(electron) {
  // tsc still emits on type errors; the error counts as a failure and the tests run anyway.
  await step('compile integration tests', 'node', [tsc, '-p', 'test/integration/tsconfig.json']);
  if (electron) {
    banner('integration tests through @vscode/test-electron');
    const { runElectronSuites } = await import('./run-electron.mjs');
    suites.push(...await runElectronSuites());
    return;
  }
  banner('integration tests in code-server');
  const { runIntegrationSuites } = await import('./run-integration.mjs');
  suites.push(...await runIntegrationSuites([]));
  if (args.includes('--no-package')) return;
  // Per process: teammates may run the suite in the same checkout at the same time.
  const vsixDir = join(repoRoot, '.cache', 'test-vsix', String(process.pid));
  mkdirSync(vsixDir, { recursive: true });
  const vsix = join(vsixDir, 'django-media.vsix');
  try {
    if (!await step('package .vsix', 'npm', ['run', '--silent', 'package', '--', '--out', vsix])) return;
    banner('integration: the packaged extension');
    suites.push(...await runIntegrationSuites(['--run', 'packaged', '--vsix', vsix]));
  } finally {
    rmSync(vsixDir, { recursive: true, force: true });
  }
}

async function webTests() {
  await step('typecheck web smoke', 'node', [tsc, '-p', 'test/web/tsconfig.json']);
  banner('web smoke (web-worker extension host)');
  const { runWebSmoke } = await import('./run-web.mjs');
  suites.push(await runWebSmoke());
}

/** The layer boundary (per-layer tsconfigs with their own `types`) and the boundary lint. */
async function staticChecks() {
  await step('typecheck (core without node/vscode types, extension, CLI and tests)', 'npm', ['run', '--silent', 'typecheck']);
  await step('lint (eslint, layer boundary)', 'npm', ['run', '--silent', 'lint']);
}

try {
  if (want('--unit')) await staticChecks();
  if (want('--unit')) await unitTests();
  const needsBuild = want('--integration') || want('--web') || want('--electron');
  const built = needsBuild ? await build() : true;
  if (want('--integration') && !args.includes('--no-tools')) await toolsTests();
  if (built && want('--integration')) await integrationTests(false);
  if (built && want('--electron')) await integrationTests(true);
  if (built && want('--web')) await webTests();
} catch (err) {
  console.error(err instanceof Error ? err.stack : err);
  suites.push({ name: 'test runner', passed: 0, failed: 1, ms: 0, note: err instanceof Error ? err.message : String(err) });
}

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
const skipped = suites.reduce((n, s) => n + (s.skipped ?? 0), 0);
banner(`summary (${secs(Date.now() - t0)})`);
for (const s of suites) {
  console.log(`  ${s.failed ? '✗' : '✓'} ${s.name.padEnd(26)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed${s.skipped ? ` ${s.skipped} skipped` : ''}  ${secs(s.ms)}${s.note ? `  (${s.note})` : ''}`);
}
if (suites.length === 0 || passed === 0) console.log('  ✗ no test ran');
console.log(`${passed} passed, ${failed + (passed === 0 && failed === 0 ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
