#!/usr/bin/env node
// The integration suite through @vscode/test-electron, i.e. in desktop VS Code. Needs either
// internet access (test-electron downloads VS Code into .vscode-test/) or VSCODE_EXECUTABLE=path
// to a local VS Code binary. Offline without VSCODE_EXECUTABLE it fails fast with a clear message.
//
//   VSCODE_EXECUTABLE=/usr/share/code/code node scripts/run-electron.mjs
// Expects `npm run build` and the compiled tests (npm run test:electron does both).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { loadRuns, selectTests } from './lib/integration.mjs';
import { repoRoot } from './lib/tools.mjs';

async function vscodeExecutable() {
  if (process.env.VSCODE_EXECUTABLE) return resolve(process.env.VSCODE_EXECUTABLE);
  console.log('[electron] VSCODE_EXECUTABLE is not set: downloading VS Code stable (needs internet)');
  const deadline = 60_000;
  let timer;
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version: 'stable', timeout: 15_000, cachePath: join(repoRoot, '.vscode-test') }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no download within ${deadline / 1000}s`)), deadline); }),
    ]);
  } catch (err) {
    throw new Error(
      `could not download VS Code (${err instanceof Error ? err.message.split('\n')[0] : err}).\n` +
      '  This machine only reaches the npm registry and Debian: run `npm run test:integration` (code-server) here,\n' +
      '  or point VSCODE_EXECUTABLE at a local VS Code, e.g. VSCODE_EXECUTABLE=/usr/share/code/code npm run test:electron');
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every non-vsix run of runs.json in desktop VS Code; returns one result per run. */
export async function runElectronSuites() {
  let executable;
  try {
    executable = await vscodeExecutable();
  } catch (err) {
    console.log(`[electron] ✗ ${err.message}`);
    return [{ name: 'electron', passed: 0, failed: 1, ok: false, ms: 0, problems: [err.message] }];
  }
  const results = [];
  for (const run of loadRuns().filter((r) => !r.vsix)) {
    const tests = selectTests(run);
    if (tests.length === 0) continue;
    const started = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'django-media-electron-'));
    const resultFile = join(dir, 'result.json');
    const problems = [];
    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index'),
        extensionTestsEnv: {
          DJANGO_MEDIA_TEST_RESULT: resultFile,
          DJANGO_MEDIA_TEST_RUN: run.name,
          DJANGO_MEDIA_TEST_FILES: tests.join(','),
          DJANGO_MEDIA_TEST_EXTENSION_PATH: repoRoot,
        },
        launchArgs: [resolve(repoRoot, run.workspace), '--disable-extensions', '--disable-workspace-trust',
          '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(dir, 'user-data')],
      });
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    let result;
    try { result = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { problems.push('the suite wrote no result file'); }
    rmSync(dir, { recursive: true, force: true });
    for (const t of result?.tests ?? []) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.fullTitle}`);
    const passed = result?.passed ?? 0;
    let failed = result?.failed ?? 0;
    if (result && passed === 0) problems.push('0 tests passed');
    if (problems.length && failed === 0) failed = 1;
    for (const p of problems) console.log(`  ✗ ${p}`);
    results.push({ name: `electron ${run.name}`, passed, failed, ok: failed === 0 && problems.length === 0, ms: Date.now() - started, problems });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runElectronSuites();
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
}
