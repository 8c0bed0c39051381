// One integration run: code-server on a workspace, the mocha suite (test/integration/index.ts)
// inside its Node extension host, driven by chromium; the verdict comes from the JSON result file
// the suite writes, cross-checked with the workbench's codeAutomationExit code.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { minimatch } from 'minimatch';
import { launchBrowser, startCodeServer } from './codeServer.mjs';
import { repoRoot } from './tools.mjs';

const integrationSrc = join(repoRoot, 'test', 'integration');
const suiteIndex = join(repoRoot, 'out', 'test', 'integration', 'index');

/** The runs declared in test/integration/runner/runs.json. */
export function loadRuns() {
  return JSON.parse(readFileSync(join(integrationSrc, 'runner', 'runs.json'), 'utf8')).runs;
}

/** Test sources (relative to test/integration, POSIX) a run selects. */
export function selectTests(run) {
  const all = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'runner') walk(p); } else if (e.name.endsWith('.test.ts')) all.push(relative(integrationSrc, p).split('\\').join('/'));
    }
  };
  walk(integrationSrc);
  const match = (globs, f) => (globs ?? []).some((g) => minimatch(f, g, { matchBase: true }));
  return all.filter((f) => match(run.tests, f) && !match(run.exclude, f)).sort();
}

/**
 * The workbench runs extensionTestsPath only together with an extensionDevelopmentPath. For the
 * packaged check that must not be the repository (the extension has to come from the installed
 * .vsix), so an empty extension that contributes nothing stands in.
 */
function placeholderExtension(dir) {
  const ext = join(dir, 'test-runner-extension');
  mkdirSync(ext, { recursive: true });
  writeFileSync(join(ext, 'package.json'), JSON.stringify({
    name: 'integration-test-runner', publisher: 'django-media-tests', version: '0.0.0', engines: { vscode: '*' },
  }));
  return ext;
}

function fmtMs(ms) { return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`; }

/**
 * Runs the suite once.
 * @param {{name?: string, workspace: string, tests?: string[], vsix?: string, timeoutMs?: number,
 *          verbose?: boolean, grep?: string, extensionPath?: string}} o
 * @returns {Promise<{name: string, passed: number, failed: number, ok: boolean, ms: number, problems: string[]}>}
 */
export async function runIntegration(o) {
  const name = o.name ?? 'integration';
  const started = Date.now();
  const workspace = resolve(repoRoot, o.workspace);
  const problems = [];
  const say = (m) => console.log(`[${name}] ${m}`);
  if (!existsSync(workspace)) return fail(`workspace ${workspace} does not exist`);
  if (!existsSync(suiteIndex + '.js')) return fail(`${suiteIndex}.js is missing: compile with \`npx tsc -p test/integration/tsconfig.json\``);

  const resultDir = mkdtempSync(join(tmpdir(), 'django-media-result-'));
  const resultFile = join(resultDir, 'result.json');
  const env = {
    DJANGO_MEDIA_TEST_RESULT: resultFile,
    DJANGO_MEDIA_TEST_RUN: name,
    DJANGO_MEDIA_TEST_FILES: (o.tests ?? []).join(','),
    DJANGO_MEDIA_TEST_VSIX: o.vsix ? '1' : '',
    DJANGO_MEDIA_TEST_GREP: o.grep ?? '',
    // Where the extension under test must come from: this folder, or (vsix) anywhere else.
    DJANGO_MEDIA_TEST_EXTENSION_PATH: o.vsix ? '' : (o.extensionPath ?? repoRoot),
  };
  let server;
  let browser;
  let exitCode;
  const logs = [];
  try {
    say(`workspace ${relative(repoRoot, workspace) || '.'}${o.vsix ? `, extension from ${relative(repoRoot, o.vsix)}` : ''}`);
    server = await startCodeServer({ env, vsix: o.vsix, verbose: o.verbose });
    say(`code-server up on ${server.origin} after ${fmtMs(Date.now() - started)}`);
    const b = await launchBrowser();
    browser = b.browser;
    const { page } = b;
    let settle;
    const exited = new Promise((r) => { settle = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logs.push(`${type}: ${line}`);
      if (o.verbose) console.log(`[host ${type}] ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
    page.on('crash', () => settle({ error: 'the browser page crashed' }));
    server.proc.once('exit', (c, s) => settle({ error: `code-server exited (${c ?? s}) during the run` }));
    const timeoutMs = o.timeoutMs ?? 180_000;
    const timer = setTimeout(() => settle({ error: `no verdict from the workbench within ${timeoutMs / 1000}s (codeAutomationExit never called)` }), timeoutMs);
    await page.goto(server.workbenchUrl({
      folder: workspace,
      extensionDevelopmentPath: o.vsix ? placeholderExtension(resultDir) : (o.extensionPath ?? repoRoot),
      extensionTestsPath: suiteIndex,
    }));
    const verdict = await exited;
    clearTimeout(timer);
    if (verdict.error) problems.push(verdict.error);
    else exitCode = verdict.code;
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }

  let result;
  try { result = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { /* reported below */ }
  rmSync(resultDir, { recursive: true, force: true });
  if (!result) problems.push('the suite wrote no result file');
  const passed = result?.passed ?? 0;
  let failed = result?.failed ?? 0;
  for (const t of result?.tests ?? []) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.fullTitle} ${t.state === 'pending' ? '(skipped)' : `(${fmtMs(t.durationMs ?? 0)})`}`);
    if (t.state === 'failed' && t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  for (const f of result?.failures ?? []) {
    if (!(result.tests ?? []).some((t) => t.fullTitle === f.fullTitle)) console.log(`  ✗ ${f.fullTitle}\n      ${f.message}`);
  }
  if (result && passed === 0) problems.push('0 tests passed');
  if (exitCode !== undefined && exitCode !== 0 && failed === 0) problems.push(`the suite's run() failed (codeAutomationExit(${exitCode}))`);
  if (exitCode === 0 && failed > 0) problems.push('the workbench reported success although tests failed');
  if (problems.length && failed === 0) failed = 1; // the run failed even if no single test did
  const ok = problems.length === 0 && failed === 0;
  if (!ok) {
    for (const p of problems) console.log(`  ✗ ${p}`);
    if (!result && !o.verbose && logs.length) {
      console.log(`  last extension host output:`);
      for (const l of logs.slice(-40)) console.log(`    ${l}`);
    }
    if (!result && server && !o.verbose) {
      console.log('  last code-server output:');
      for (const l of server.output().split('\n').slice(-20)) console.log(`    ${l}`);
    }
  }
  const ms = Date.now() - started;
  say(`${passed} passed, ${failed} failed in ${fmtMs(ms)}`);
  return { name, passed, failed, skipped: result?.pending ?? 0, ok, ms, problems };

  function fail(msg) {
    console.log(`[${name}] ✗ ${msg}`);
    return { name, passed: 0, failed: 1, ok: false, ms: Date.now() - started, problems: [msg] };
  }
}
