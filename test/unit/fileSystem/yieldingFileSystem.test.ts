// The editor's analysis and checks read through YieldingFileSystem so that a long run of cached
// answers (which resolve as microtasks) still lets the extension host's other work in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSystem } from '../../../src/core/fileSystem';
import { YieldingFileSystem } from '../../../src/core/yieldingFileSystem';
import { longestLoopStretch } from '../helpers/loopProbe';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* work between two reads, like parsing a module */
  }
}

/** Runs `reads` cached stats with `workMs` of work after each; says whether a timer set before got to run meanwhile. */
async function timerRanDuring(fs: FileSystem, reads: number, workMs: number): Promise<boolean> {
  let fired = false;
  setTimeout(() => (fired = true), 0);
  let sawIt = false;
  for (let i = 0; i < reads; i++) {
    await fs.stat('/p/a.py');
    busy(workMs);
    if (fired) sawIt = true;
  }
  return sawIt;
}

test('a run of answers that resolve at once lets a timer in once the interval of work has passed', async () => {
  const memory = new MemoryFileSystem({ '/p/a.py': 'x = 1' });
  // Without it, microtasks only: the timer waits for the whole run.
  assert.equal(await timerRanDuring(memory, 20, 2), false);
  assert.equal(await timerRanDuring(new YieldingFileSystem(memory, 5), 20, 2), true);
});

test('answers pass through unchanged, and only the optional methods the inner port has are offered', async () => {
  const memory = new MemoryFileSystem({ '/p/a.py': 'x = 1' });
  const fs = new YieldingFileSystem(memory, 0);
  assert.deepEqual(await fs.stat('/p/a.py'), await memory.stat('/p/a.py'));
  assert.equal(new TextDecoder().decode(await fs.readFile('/p/a.py')), 'x = 1');
  assert.deepEqual(await fs.readDirectory('/p'), await memory.readDirectory('/p'));
  assert.equal(fs.realpath !== undefined, memory.realpath !== undefined);
  const bare: FileSystem = { stat: async () => undefined, readFile: async () => new Uint8Array(), readDirectory: async () => [] };
  const wrapped = new YieldingFileSystem(bare);
  assert.equal(wrapped.realpath, undefined);
  assert.equal(wrapped.readFileHead, undefined);
  assert.equal(wrapped.denial, undefined);
});

test('readers running side by side share each turn: the work between two turns stays about one interval, not one per reader', async () => {
  const memory = new MemoryFileSystem({ '/p/a.py': 'x = 1' });
  const fs = new YieldingFileSystem(memory, 10);
  // The longest stretch without a timer turn while 16 readers (readTextFiles' pool) work.
  const reader = async () => {
    for (let i = 0; i < 30; i++) {
      await fs.stat('/p/a.py');
      busy(1);
    }
  };
  const longest = await longestLoopStretch(() => Promise.all(Array.from({ length: 16 }, reader)));
  // A turn each would let every reader work its own 10 ms in one timers phase: ~160 ms.
  assert.ok(longest < 60, `longest stretch without a turn: ${longest.toFixed(0)} ms`);
});
