/**
 * The evaluator can never be killed, hung or blown up by its input: 10,000 seeded hostile
 * programs (fuzz/hostilePrograms.ts) run in child processes with `--expose-gc`, each must not
 * throw, must end within 1 s and must not grow the heap by more than 200 MB; the reproducers of
 * the hostile-workspace report run here by name with the budgets users get.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfinedFileSystem } from '../../../src/core/confinedFileSystem';
import { evaluateModule, toPyJson } from '../../../src/core/python';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { BUDGETS, type FuzzSummary } from './fuzz/fuzzWorker';

const WORKER = join(__dirname, 'fuzz', 'fuzzWorker.js');

function runWorker(seed: number, count: number, size: 'small' | 'default'): Promise<FuzzSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', WORKER, String(seed), String(count), size], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`the fuzz worker (seed ${seed}) exited with ${code ?? signal}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out) as FuzzSummary);
    });
  });
}

function report(summaries: FuzzSummary[]): string {
  const failures = summaries.flatMap((s) => s.failures);
  return failures
    .slice(0, 3)
    .map((f) => `#${f.index}: ${f.problem}\n${f.program}`)
    .join('\n---\n');
}

test('fuzz: 10,000 generated hostile programs never throw, each ends within 1 s and holds under 200 MB', async (t) => {
  const started = performance.now();
  // Two workers: the machine's cores are used in parallel.
  const summaries = await Promise.all([runWorker(20_251, 5_000, 'small'), runWorker(77_017, 5_000, 'small')]);
  const ran = summaries.reduce((n, s) => n + s.ran, 0);
  t.diagnostic(
    `${ran} programs in ${Math.round(performance.now() - started)} ms; slowest ${Math.round(Math.max(...summaries.map((s) => s.slowestMs)))} ms; largest heap growth ${Math.round(Math.max(...summaries.map((s) => s.largestHeapMb)))} MB`,
  );
  assert.equal(ran, 10_000);
  assert.equal(summaries.reduce((n, s) => n + s.failures.length, 0), 0, report(summaries));
});

test('fuzz with the default budgets: generated hostile programs stay within 1 s and 200 MB', async (t) => {
  const summary = await runWorker(4_242, 60, 'default');
  t.diagnostic(`slowest ${Math.round(summary.slowestMs)} ms; largest heap growth ${Math.round(summary.largestHeapMb)} MB`);
  assert.equal(summary.ran, 60);
  assert.equal(summary.failures.length, 0, report([summary]));
});

// ------------------------------------------------------------------ the reproducers, by name

async function hostile(source: string): Promise<{ why(name: string): string; get(name: string): unknown; notes: string[] }> {
  const mem = new MemoryFileSystem({ '/p/manage.py': '', '/p/proj/__init__.py': '', '/p/proj/settings.py': source });
  const fs = new ConfinedFileSystem(mem, { roots: ['/p'] });
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const ev = await evaluateModule({ fs, env: new Map(), sysPath: ['/p'], cwd: '/p', limits: BUDGETS.default.limits }, '/p/proj/settings.py', 'proj.settings');
  const ms = performance.now() - started;
  assert.ok(ms <= 1000, `took ${Math.round(ms)} ms`);
  assert.ok(process.memoryUsage().heapUsed - before <= 200 * 1024 * 1024, 'heap grew by more than 200 MB');
  const json = (name: string) => {
    const b = ev.globals.get(name);
    assert.ok(b, `${name} is not set`);
    return toPyJson(b.value);
  };
  return {
    notes: ev.notes.map((n) => n.message),
    why(name) {
      const j = json(name);
      assert.equal(j.known, false, `${name} is known`);
      return j.known ? '' : j.reason;
    },
    get(name) {
      const j = json(name);
      assert.ok(j.known, `${name} is unknown: ${j.known ? '' : j.reason}`);
      return j.value;
    },
  };
}

test('regression: twenty rounds of X = X.replace("a", "aa") on "a" * 1000 (V8 fatal error before) is unknown: too long', async () => {
  const r = await hostile('X = "a" * 1000\n' + 'X = X.replace("a", "aa")\n'.repeat(20));
  assert.match(r.why('X'), /string would be too long/);
});

test('regression: int("9" * 1_000_000) (over 120 s before) is unknown at once', async () => {
  const r = await hostile('X = int("9" * 1_000_000)\n');
  assert.match(r.why('X'), /too large to evaluate exactly/);
});

test('regression: .upper() in a loop over a long string (over 90 s before) runs out of budget', async () => {
  const r = await hostile('S = "a" * 4_000_000\nfor i in range(10_000):\n    X = S.upper()\nT = "a" * 10_000_000\nY = T.upper()\n');
  assert.match(r.why('X'), /too much string and list work/);
});

test('regression: os.path.join of 100k parts (16 s before) is quick and exact', async () => {
  const r = await hostile('import os\nX = os.path.join(*(["a"] * 100_000))\n');
  assert.equal(r.get('X'), Array(100_000).fill('a').join('/'));
});

test('regression: split, list() and replace("", …) of a big string are unknown, not an abort', async () => {
  const r = await hostile('S = "a b" * 1_000_000\nA = S.split()\nB = list(S)\nC = S.replace("", "x")\nD = S.split(" ")\n');
  for (const n of ['A', 'B', 'D']) assert.match(r.why(n), /too large to evaluate|more than 200000 characters/);
  assert.match(r.why('C'), /string would be too long/);
});

test('regression: huge format widths ("%0999999999d", f-string and format() widths, ljust, zfill) are unknown', async () => {
  const r = await hostile('A = "%0999999999d" % 1\nB = f"{1:>999999999}"\nC = "{:>999999999}".format(1)\nD = "x".ljust(999_999_999)\nE = "1".zfill(999_999_999)\n');
  for (const n of ['A', 'B', 'C', 'D', 'E']) assert.match(r.why(n), /too large|too long/);
});

test('regression: exponential recursion stops the evaluation with the reason', async () => {
  const r = await hostile('A = 1\ndef f(n):\n    return f(n - 1) + f(n - 1) if n else 1\nB = f(60)\n');
  assert.match(r.why('A'), /too complex to evaluate|took longer than/);
  assert.ok(r.notes.some((n) => /Evaluation stopped: (.*too complex to evaluate|.*took longer than)/.test(n)), r.notes.join('\n'));
});

test('regression: endless recursion and a list doubling itself end with a reason', async () => {
  const r = await hostile('def g(n):\n    return g(n + 1)\nB = g(0)\nL = [1]\nfor i in range(40):\n    L.extend(L)\nC = L\n');
  assert.match(r.why('B'), /nested deeper than|nest too deeply/);
  assert.match(r.why('C'), /too large to evaluate/);
});

test('regression: values sharing parts (an exponentially large tree) are not printed, hashed or compared in full', async () => {
  const r = await hostile(
    'a = [0] * 1000\nb = [a] * 1000\nc = [b] * 1000\nX = str(c)\nt = ((0,) * 1000,) * 1000\nD = {(t,) * 1000: 1}\nx = [0]\ny = [0]\nfor i in range(60):\n    x = [x, x]\n    y = [y, y]\nE = x == y\n',
  );
  assert.match(r.why('X'), /too large to print/);
  assert.match(r.why('E'), /too large to compare/);
});
