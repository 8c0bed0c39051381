#!/usr/bin/env node
// Runs the integration suite inside a real VS Code (code-server + chromium).
//
//   node scripts/run-integration.mjs                 every run of test/integration/runner/runs.json
//                                                    (vsix runs only with --vsix)
//   --run NAME           only that run (repeatable)
//   --workspace PATH     an ad-hoc run on that folder instead (repeatable); --tests GLOB picks files
//   --vsix FILE          install this packaged extension for the vsix runs (or the ad-hoc runs)
//   --extension-path DIR load another extension folder as extensionDevelopmentPath
//   --grep TEXT  --timeout SECONDS  --verbose
// Expects `npm run build` and the compiled tests (npx tsc -p test/integration/tsconfig.json).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadRuns, runIntegration, selectTests } from './lib/integration.mjs';
import { ensureTools } from './lib/tools.mjs';

/** Runs the selected integration runs one after another; returns their results. */
export async function runIntegrationSuites(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      run: { type: 'string', multiple: true },
      workspace: { type: 'string', multiple: true },
      tests: { type: 'string', multiple: true },
      vsix: { type: 'string' },
      'extension-path': { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  let runs;
  if (values.workspace?.length) {
    runs = values.workspace.map((w) => ({ name: w.replace(/\/+$/, '').split('/').pop(), workspace: w, tests: values.tests ?? ['*.test.ts'], vsix: Boolean(values.vsix) }));
  } else {
    runs = loadRuns();
    if (values.run?.length) {
      const unknown = values.run.filter((n) => !runs.some((r) => r.name === n));
      if (unknown.length) throw new Error(`unknown run(s) ${unknown.join(', ')}; runs.json has ${runs.map((r) => r.name).join(', ')}`);
      runs = runs.filter((r) => values.run.includes(r.name));
    }
    if (values.tests?.length) runs = runs.map((r) => ({ ...r, tests: values.tests }));
  }
  await ensureTools({ apt: true, codeServer: true, web: false });
  const results = [];
  for (const run of runs) {
    if (run.vsix && !values.vsix) {
      if (values.run?.includes(run.name)) console.log(`[${run.name}] skipped: needs --vsix FILE (npm run package builds one)`);
      continue;
    }
    const tests = selectTests(run);
    if (tests.length === 0) {
      console.log(`[${run.name}] skipped: no test file matches ${JSON.stringify(run.tests)}`);
      continue;
    }
    results.push(await runIntegration({
      name: run.name,
      workspace: run.workspace,
      tests,
      vsix: run.vsix ? resolve(values.vsix) : undefined,
      extensionPath: values['extension-path'] ? resolve(values['extension-path']) : undefined,
      grep: values.grep,
      timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
      verbose: values.verbose,
    }));
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const results = await runIntegrationSuites(process.argv.slice(2));
    const passed = results.reduce((n, r) => n + r.passed, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
  } catch (err) {
    console.error(`run-integration: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  }
}
