/**
 * Runs a batch of generated hostile programs through the evaluator (inside a ConfinedFileSystem,
 * as the CLI and the extension do) and prints one JSON line: how many ran, the slowest, the
 * largest heap growth, and every program that threw, took over 1 s or grew the heap over 200 MB.
 * Run in a child process (`node --expose-gc`) so that a crash is a test failure, not the runner's.
 *
 *   node --expose-gc fuzzWorker.js <seed> <count> <small|default>
 */
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { ConfinedFileSystem } from '../../../../src/core/confinedFileSystem';
import { AnalysisBudget, evaluateModule, toPyJson, type EvaluationHost } from '../../../../src/core/python';
import { MemoryFileSystem } from '../../helpers/memoryFileSystem';
import { hostilePrograms, OTHER_MODULE } from './hostilePrograms';

const MAX_MS = 1000;
const MAX_HEAP = 200 * 1024 * 1024;

/**
 * Small budgets keep 10,000 programs fast; the default ones are what users get, with the
 * module's wall-clock cap below the 1 s asserted: on an idle machine the step and work budgets
 * end every program far sooner, on a loaded one the cap is what holds the bound.
 */
export const BUDGETS = {
  small: { limits: { maxSteps: 2_000, maxMillis: 900 }, budget: { maxSteps: 2_000, maxWork: 2_000_000, maxStringLength: 100_000, maxItems: 10_000 } },
  default: { limits: { maxMillis: 900 }, budget: {} },
};

export interface FuzzFailure {
  index: number;
  problem: string;
  program: string;
}

export interface FuzzSummary {
  ran: number;
  slowestMs: number;
  largestHeapMb: number;
  failures: FuzzFailure[];
}

function hostFor(program: string, size: keyof typeof BUDGETS): EvaluationHost {
  const mem = new MemoryFileSystem({
    '/p/manage.py': '',
    '/p/proj/__init__.py': '',
    '/p/proj/settings.py': program,
    '/p/proj/other.py': OTHER_MODULE,
    '/etc/passwd': 'root:x:0:0:secret',
  });
  mem.link('/p/out', '/etc');
  mem.link('/p/loop', '/p/loop');
  const fs = new ConfinedFileSystem(mem, { roots: ['/p'] });
  return { fs, env: new Map(), sysPath: ['/p'], cwd: '/p', limits: BUDGETS[size].limits, budget: new AnalysisBudget(BUDGETS[size].budget) };
}

/** Evaluates each program; see the module comment. */
export async function runPrograms(programs: string[], size: keyof typeof BUDGETS): Promise<FuzzSummary> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const summary: FuzzSummary = { ran: 0, slowestMs: 0, largestHeapMb: 0, failures: [] };
  for (let i = 0; i < programs.length; i++) {
    const program = programs[i];
    const host = hostFor(program, size);
    const before = getHeapStatistics().used_heap_size;
    const started = performance.now();
    try {
      const ev = await evaluateModule(host, '/p/proj/settings.py', 'proj.settings');
      // What the model does next with every value: its JSON view (hovers, CLI output).
      for (const b of ev.globals.values()) toPyJson(b.value);
      if (ev.notes.some((n) => /secret/.test(n.message))) summary.failures.push({ index: i, problem: 'a note carries the contents of a file outside the project', program });
    } catch (e) {
      summary.failures.push({ index: i, problem: `threw ${e instanceof Error ? e.stack : String(e)}`, program });
    }
    const ms = performance.now() - started;
    let grown = getHeapStatistics().used_heap_size - before;
    if (grown > MAX_HEAP && gc) {
      // Garbage counts only until the collector runs: measure what is still held.
      gc();
      grown = getHeapStatistics().used_heap_size - before;
    }
    summary.ran++;
    summary.slowestMs = Math.max(summary.slowestMs, ms);
    summary.largestHeapMb = Math.max(summary.largestHeapMb, grown / 1024 / 1024);
    if (ms > MAX_MS) summary.failures.push({ index: i, problem: `took ${Math.round(ms)} ms`, program });
    if (grown > MAX_HEAP) summary.failures.push({ index: i, problem: `grew the heap by ${Math.round(grown / 1024 / 1024)} MB`, program });
  }
  return summary;
}

if (require.main === module) {
  const [seed, count, size] = process.argv.slice(2);
  const programs = hostilePrograms(Number(seed), Number(count));
  void runPrograms(programs, size === 'default' ? 'default' : 'small').then((s) => {
    process.stdout.write(JSON.stringify(s) + '\n');
  });
}
