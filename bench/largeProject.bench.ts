// Issue 13: the CLI on a large generated project (bench/projects/generateLarge.ts: ≥ 4,000 Python
// modules, ≥ 500 templates, split settings, a URLconf chain) and on a small project of the same shape
// (~400× fewer files). Each command runs as a whole process (`node dist/cli.js`), as a user runs it;
// its peak RSS and CPU time come from the child's own process.resourceUsage() (a preloaded module
// writes it at exit). Budgets: inspect --json < 2 s wall and < 250 MB peak RSS, check < 3 s, and the
// large/small inspect ratio ≤ 10×. Wall time depends on what else the machine runs: CPU time
// (user + system) is printed beside it. The CLI's first run writes its code cache (src/cli/launcher.ts)
// before anything is timed, as a user's first run does. The CLI also keeps the modules it parsed
// (src/node/nodeAstStore.ts): each command is timed on a project's first run (that store emptied
// before each run; the budgets apply to these) and again on a later run with the files unchanged.
// The caches live in a folder of the benchmark's own. DM_BENCH_CLI=<path of a cli.js> times another
// build (e.g. the one before a change).
// Run: npm run bench -- largeProject
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateProject, LARGE_APPS, type GeneratedProject } from './projects/generateLarge';

const cli = process.env['DM_BENCH_CLI'] ? resolve(process.env['DM_BENCH_CLI']) : resolve(__dirname, '../../dist/cli.js');
const INSPECT_MS = 2000;
const CHECK_MS = 3000;
const RSS_MB = 250;
const RATIO = 10;

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Where a run keeps its caches, and whether each run starts without the stored modules. */
interface Caches {
  dir: string;
  firstRun: boolean;
}

/** Empties the store of parsed modules (the code cache stays). */
function forgetParsedModules(dir: string): void {
  rmSync(join(dir, 'parsed'), { recursive: true, force: true });
}

/** Runs the CLI `runs` times in `cwd`; the median wall and CPU time and the largest peak RSS. */
function measure(preload: string, usageFile: string, args: string[], cwd: string, runs: number, caches: Caches): Run {
  const wall: number[] = [];
  const cpu: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    if (caches.firstRun) forgetParsedModules(caches.dir);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, cli, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { PATH: process.env['PATH'] ?? '', DM_BENCH_USAGE: usageFile, DJANGO_MEDIA_CACHE_DIR: caches.dir },
    });
    wall.push(performance.now() - t0);
    if (r.status !== 0 && !(args[0] === 'check' && r.status === 1)) throw new Error(`django-media ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    cpu.push((usage.userCPUTime + usage.systemCPUTime) / 1000);
    rss = Math.max(rss, usage.maxRSS / 1024);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), rssMb: rss };
}

function describe(p: GeneratedProject): string {
  return `${p.files} files, ${p.pythonModules} Python modules, ${p.templates} templates, ${(p.bytes / 1e6).toFixed(1)} MB`;
}

function main(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-large-bench-'));
  try {
    const preload = join(tmp, 'usage.js');
    const usageFile = join(tmp, 'usage.json');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.DM_BENCH_USAGE, JSON.stringify(process.resourceUsage())));\n");
    const large = generateProject(join(tmp, 'large'), { apps: LARGE_APPS });
    const small = generateProject(join(tmp, 'small'), { apps: 1, minimal: true });
    console.log(`large project: ${describe(large)}`);
    console.log(`small project: ${describe(small)} (${(large.files / small.files).toFixed(0)}× fewer files)`);

    const verdicts: boolean[] = [];
    const line = (name: string, r: Run, budgetMs?: number) => {
      const ok = budgetMs === undefined || (r.wallMs < budgetMs && r.rssMb < RSS_MB);
      if (budgetMs !== undefined) verdicts.push(ok);
      const budget = budgetMs === undefined ? '' : ` (budget < ${budgetMs} ms, < ${RSS_MB} MB) ${ok ? 'ok' : 'OVER'}`;
      console.log(`largeProject.${name}: ${r.wallMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, peak RSS ${r.rssMb.toFixed(0)} MB${budget}`);
    };
    const first: Caches = { dir: join(tmp, 'cache'), firstRun: true };
    const again: Caches = { ...first, firstRun: false };
    measure(preload, usageFile, ['inspect', '--json', small.root], small.root, 1, first); // writes the code cache
    const smallInspect = measure(preload, usageFile, ['inspect', '--json', small.root], small.root, 7, first);
    line('small.inspect', smallInspect);
    line('small.check', measure(preload, usageFile, ['check', small.root], small.root, 7, first));
    const largeInspect = measure(preload, usageFile, ['inspect', '--json', large.root], large.root, 3, first);
    line('large.inspect', largeInspect, INSPECT_MS);
    line('large.check', measure(preload, usageFile, ['check', large.root], large.root, 3, first), CHECK_MS);
    const ratio = (l: Run, s: Run, when: string, budget: boolean) => {
      const r = l.wallMs / s.wallMs;
      if (budget) verdicts.push(r <= RATIO);
      const verdict = budget ? ` (budget ≤ ${RATIO}×) ${r <= RATIO ? 'ok' : 'OVER'}` : ' (no budget)';
      console.log(
        `largeProject.ratio${when}: inspect large/small ${r.toFixed(1)}× wall, ${(l.cpuMs / s.cpuMs).toFixed(1)}× CPU for ${(large.files / small.files).toFixed(0)}× the files${verdict}`,
      );
    };
    ratio(largeInspect, smallInspect, '', true);
    // A later run, the files unchanged: the modules parsed by the first run are read back.
    const smallAgain = measure(preload, usageFile, ['inspect', '--json', small.root], small.root, 7, again);
    line('small.inspect.again', smallAgain);
    const largeAgain = measure(preload, usageFile, ['inspect', '--json', large.root], large.root, 3, again);
    line('large.inspect.again', largeAgain);
    line('large.check.again', measure(preload, usageFile, ['check', large.root], large.root, 3, again));
    ratio(largeAgain, smallAgain, '.again', false);
    process.exitCode = verdicts.every(Boolean) ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
