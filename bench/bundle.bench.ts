// Issues 3 and 13 budget: what activation loads under 400 KB minified. Reports, for each host, the
// activation bundle (dist/extension.js, dist/web/extension.js) and the parts the extension loads
// lazily after activation (dist/<part>.js, see scripts/build.mjs and src/extension/lazyParts.ts),
// with gzip sizes (what the .vsix download costs), and the CLI bundle for reference.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 400 * 1024;
const root = resolve(__dirname, '../..');
let over = false;

function size(rel: string): { bytes: number; gz: number } {
  const path = resolve(root, rel);
  return { bytes: statSync(path).size, gz: gzipSync(readFileSync(path)).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

for (const dir of ['dist', 'dist/web']) {
  const activation = size(`${dir}/extension.js`);
  if (activation.bytes > BUDGET) over = true;
  console.log(
    `bundle ${dir}/extension.js (loaded at activation): ${kb(activation.bytes)} minified, ${kb(activation.gz)} gzipped ` +
      `(budget < ${BUDGET / 1024} KB: ${activation.bytes > BUDGET ? 'OVER' : 'ok'})`,
  );
  const parts = readdirSync(resolve(root, dir)).filter((f) => f.endsWith('.js') && f !== 'extension.js' && f !== 'cli.js');
  let lazy = 0;
  for (const f of parts.sort()) {
    const s = size(`${dir}/${f}`);
    lazy += s.bytes;
    console.log(`bundle ${dir}/${f} (loaded lazily): ${kb(s.bytes)} minified, ${kb(s.gz)} gzipped`);
  }
  console.log(`bundle ${dir}: ${kb(activation.bytes + lazy)} in all, ${kb(lazy)} of it lazily loaded`);
}
const cli = size('dist/cli.js');
console.log(`bundle dist/cli.js: ${kb(cli.bytes)} minified, ${kb(cli.gz)} gzipped`);
process.exitCode = over ? 1 : 0;
