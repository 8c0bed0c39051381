// Issues 2 and 13: `django-media inspect` as a whole process against `python3 manage.py diffsettings
// --all` on the same project, side by side (the runs alternate, so both see the same machine load),
// reported as a ratio. Budget (issue 13): inspect at least 3× faster. Needs Debian's python3-django
// for the comparison; without it the benchmark says so and only times the CLI. The CLI's first run
// writes its code cache (src/cli/launcher.ts), as a user's first run does; medians are after that.
// DM_BENCH_CLI=<path of a cli.js> times another build (e.g. the one before a change).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../bench/projects/split-settings');
const cli = process.env['DM_BENCH_CLI'] ? resolve(process.env['DM_BENCH_CLI']) : resolve(__dirname, '../../dist/cli.js');
const RUNS = 15;
const RATIO = 3;

/** Runs the command once in the project; adds its wall time (ms) to `into`. */
function once(cmd: string, args: string[], into: number[]): void {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
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
const diff: number[] = [];
once(process.execPath, [cli, 'inspect', '--json', root], []); // writes the code cache
for (let i = 0; i < RUNS; i++) {
  once(process.execPath, [cli, 'inspect', '--json', root], inspect);
  if (hasDjango) once(python, ['manage.py', 'diffsettings', '--all'], diff);
}
const ms = median(inspect);
console.log(`django-media inspect --json: median ${ms.toFixed(0)} ms, fastest ${Math.min(...inspect).toFixed(0)} ms over ${RUNS} runs`);
if (!hasDjango) {
  console.log('python3 manage.py diffsettings --all: skipped (install Debian python3-django to compare)');
} else {
  const d = median(diff);
  console.log(`python3 manage.py diffsettings --all: median ${d.toFixed(0)} ms, fastest ${Math.min(...diff).toFixed(0)} ms over ${RUNS} runs`);
  const ratio = d / ms;
  console.log(`cliVsDiffsettings.ratio: diffsettings --all / inspect = ${ratio.toFixed(2)}× (budget ≥ ${RATIO}×) ${ratio >= RATIO ? 'ok' : 'OVER'}`);
  process.exitCode = ratio >= RATIO ? 0 : 1;
}
