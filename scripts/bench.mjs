// `npm run bench`: builds, compiles bench/*.bench.ts and runs each one in its own process.
// Each benchmark prints its own figures and budget; this script only sequences them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
const files = readdirSync('out/bench').filter((f) => f.endsWith('.bench.js')).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const f of files.sort()) {
  console.log(`\n▶ ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', `out/bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks within budget, ${failed} over budget or failed`);
process.exitCode = failed ? 1 : 0;
