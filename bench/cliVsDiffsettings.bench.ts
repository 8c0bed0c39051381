// Issue 2: `django-media inspect` as a whole process against `python3 manage.py diffsettings` on the
// same project, reported as a ratio (it must be faster). Needs Debian's python3-django for the
// comparison; without it the benchmark says so and only times the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../bench/projects/split-settings');
const cli = resolve(__dirname, '../../dist/cli.js');
const RUNS = 10;

function time(cmd: string, args: string[], cwd: string): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    const dt = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    samples.push(dt);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const inspect = time(process.execPath, [cli, 'inspect', '--json', root], root);
console.log(`django-media inspect --json: median ${inspect.toFixed(0)} ms over ${RUNS} runs`);
const python = '/usr/bin/python3';
const hasDjango = existsSync(python) && spawnSync(python, ['-c', 'import django'], { encoding: 'utf8' }).status === 0;
if (!hasDjango) {
  console.log('python3 manage.py diffsettings: skipped (install Debian python3-django to compare)');
} else {
  const diff = time(python, ['manage.py', 'diffsettings'], root);
  console.log(`python3 manage.py diffsettings: median ${diff.toFixed(0)} ms over ${RUNS} runs`);
  console.log(`ratio diffsettings / inspect = ${(diff / inspect).toFixed(2)}x (must be > 1)`);
  process.exitCode = inspect < diff ? 0 : 1;
}
