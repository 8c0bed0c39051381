import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisBudget, BudgetExhausted } from '../../../src/core/python/budget';
import { BudgetWaitsFileSystem } from '../../../src/core/python/budgetWaits';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

/** A clock the test moves by hand. */
function manualClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('time spent waiting for the file system does not count against the time cap; the code’s own time does', async () => {
  const clock = manualClock();
  const budget = new AnalysisBudget({ maxMillis: 100 }, clock.now);
  // A slow round trip (a remote workspace, a busy extension host): ten times the cap.
  await budget.waitFor(async () => clock.advance(1_000));
  budget.checkClock();
  clock.advance(60);
  budget.checkClock();
  clock.advance(60);
  assert.throws(() => budget.checkClock(), (e: unknown) => e instanceof BudgetExhausted && /longer than 0.1 s/.test(e.reason));
});

test('overlapping waits are counted once, and a module cap is measured on the same clock', async () => {
  const clock = manualClock();
  const budget = new AnalysisBudget({ maxMillis: 10_000 }, clock.now);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = budget.waitFor(() => gate);
  const second = budget.waitFor(async () => clock.advance(500));
  await second;
  clock.advance(500);
  release();
  await first;
  const lift = budget.capTime(50, 'site/urls.py');
  clock.advance(40);
  budget.checkClock();
  // Had the two waits been added up, the clock would have gone back 1,000 ms instead of 1,000 once.
  clock.advance(20);
  assert.throws(() => budget.checkClock(), (e: unknown) => e instanceof BudgetExhausted && /site\/urls\.py took longer than 0.05 s/.test(e.reason));
  lift();
  budget.checkClock();
});

test('the evaluation’s file system stops the clock around every call', async () => {
  const clock = manualClock();
  const budget = new AnalysisBudget({ maxMillis: 100 }, clock.now);
  const memory = new MemoryFileSystem({ '/p/a.py': 'x = 1\n' });
  const slow = {
    stat: async (p: string) => (clock.advance(400), memory.stat(p)),
    readFile: async (p: string) => (clock.advance(400), memory.readFile(p)),
    readDirectory: async (p: string) => (clock.advance(400), memory.readDirectory(p)),
  };
  const fs = new BudgetWaitsFileSystem(slow, budget);
  assert.equal((await fs.stat('/p/a.py'))?.type, 'file');
  assert.equal(new TextDecoder().decode(await fs.readFile('/p/a.py')), 'x = 1\n');
  assert.deepEqual((await fs.readDirectory('/p')).map((e) => e.name), ['a.py']);
  budget.checkClock();
  assert.equal(fs.realpath, undefined, 'only what the inner file system offers');
});
