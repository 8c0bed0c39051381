// Issues 2 and 13: `django-media inspect` as a whole process against `python3 manage.py diffsettings
// --all` on the same project, side by side (the runs alternate, so both see the same machine load),
// reported as a ratio. Budget (issue 13): inspect at least 3× faster. Needs Debian's python3-django
// for the comparison; without it the benchmark says so and only times the CLI. The CLI's first run
// writes its code cache (src/cli/launcher.ts) and keeps the modules it parsed (src/node/nodeAstStore.ts),
// as a user's first run does; medians are after that, as Python's are with the project's bytecode
// (__pycache__) already written. The same runs with the parsed modules forgotten before each one (a
// project's first run) are printed beside them, without a budget. The caches live in a folder of
// the benchmark's own. DM_BENCH_CLI=<path of a cli.js> times another build (e.g. the one before a change).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../bench/projects/split-settings');
const cli = process.env['DM_BENCH_CLI'] ? resolve(process.env['DM_BENCH_CLI']) : resolve(__dirname, '../../dist/cli.js');
const RUNS = 15;
const RATIO = 3;

const cacheDir = mkdtempSync(join(tmpdir(), 'dm-bench-cache-'));
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

/** Empties the CLI's store of parsed modules (the code cache stays). */
function forgetParsedModules(): void {
  rmSync(join(cacheDir, 'parsed'), { recursive: true, force: true });
}

/** Runs the command once in the project; adds its wall time (ms) to `into`. */
function once(cmd: string, args: string[], into: number[]): void {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', DJANGO_MEDIA_CACHE_DIR: cacheDir } });
  into.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const python = '/usr/bin/python3';
const hasDjango = existsSync(python) && spawnSync(python, ['-c', 'import django'], { encoding: 'utf8' }).status === 0;
const inspect: number[] = [];
const firstRuns: number[] = [];
const diff: number[] = [];
once(process.execPath, [cli, 'inspect', '--json', root], []); // writes the caches
for (let i = 0; i < RUNS; i++) {
  once(process.execPath, [cli, 'inspect', '--json', root], inspect);
  if (hasDjango) once(python, ['manage.py', 'diffsettings', '--all'], diff);
  forgetParsedModules();
  once(process.execPath, [cli, 'inspect', '--json', root], firstRuns);
}
const ms = median(inspect);
console.log(`django-media inspect --json: median ${ms.toFixed(0)} ms, fastest ${Math.min(...inspect).toFixed(0)} ms over ${RUNS} runs`);
console.log(`django-media inspect --json, a project's first run (no parsed modules kept): median ${median(firstRuns).toFixed(0)} ms (no budget)`);
if (!hasDjango) {
  console.log('python3 manage.py diffsettings --all: skipped (install Debian python3-django to compare)');
} else {
  const d = median(diff);
  console.log(`python3 manage.py diffsettings --all: median ${d.toFixed(0)} ms, fastest ${Math.min(...diff).toFixed(0)} ms over ${RUNS} runs`);
  const ratio = d / ms;
  console.log(`cliVsDiffsettings.ratio: diffsettings --all / inspect = ${ratio.toFixed(2)}× (budget ≥ ${RATIO}×) ${ratio >= RATIO ? 'ok' : 'OVER'}`);
  process.exitCode = ratio >= RATIO ? 0 : 1;
}
