// Issue 13: the editor's check runs must not hold the extension host for long. Answers from its
// caches resolve without ever leaving the microtask queue, so the scans themselves give the event
// loop a turn between files; the CLI's runs never wait for one.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULE_INFO, resolveDjangoVersion, runChecks } from '../../../src/core/checks';
import { ProjectCaches, runEditorChecks } from '../../../src/core/diagnostics/checkRunner';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { generateProject } from '../../../bench/projects/generateLarge';
import { MemoryWorkspace } from '../checks/harness';
import { filesUnder } from '../helpers/filesUnder';

/** A generated project held in memory under /ws (every answer resolves at once). */
function generatedInMemory(): MemoryWorkspace {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-yield-'));
  try {
    generateProject(tmp, { apps: 24, seed: 3 });
    return new MemoryWorkspace(filesUnder(tmp, '/ws'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** How many timer callbacks ran while `work` ran. */
async function turnsDuring(work: () => Promise<unknown>): Promise<{ turns: number; ms: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  running = false;
  return { turns, ms };
}

test('an editor check run yields to the event loop between files; a CLI run does not', async () => {
  const fs = generatedInMemory();
  const project = { root: '/ws', managePy: '/ws/manage.py', name: 'ws' };
  const model = await analyzeProject(fs, project);
  const version = await resolveDjangoVersion(fs, '/ws');

  const cli = await turnsDuring(() => runChecks(fs, model));
  assert.equal(cli.turns, 0, 'the CLI run has nothing to wait for');

  const all = new Set(RULE_INFO.map((r) => r.code));
  let findings = 0;
  const editor = await turnsDuring(async () => {
    const r = await runEditorChecks({ fs, model, version, scope: { wide: all, perFile: new Set(), files: new Set() }, caches: new ProjectCaches(), severity: {}, token: { aborted: false } });
    findings = r.wide.length;
  });
  assert.ok(findings > 0);
  // One turn at least every 20 ms of work (a slow machine may take longer between two files).
  assert.ok(editor.turns >= Math.floor(editor.ms / 200), `${editor.turns} turns in ${editor.ms.toFixed(0)} ms`);
  assert.ok(editor.turns > 0, `no turn in ${editor.ms.toFixed(0)} ms`);
});
