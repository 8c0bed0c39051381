#!/usr/bin/env node
// Prints the import graph of the TypeScript files under a folder (file -> the files it imports
// from that folder) and exits 1 if the graph has a cycle. Type-only imports count too: a cycle
// through `import type` still couples the files, it is only invisible at run time.
//
// Usage: node scripts/import-graph.mjs [folder] [--quiet]   (default: src/core/python; --quiet prints
// only the cycles and the closing line, for `npm run lint`)
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src/core/python');

/** Every .ts file under `dir`, as absolute paths, sorted. */
function tsFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** The file a relative specifier names (`./x` -> x.ts or x/index.ts), or undefined. */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`; comments are
// stripped first so that an example in a comment is not taken for an import.
const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set();
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveSpecifier(file, m[1] ?? m[2]);
    if (target && target.startsWith(root + sep)) found.add(target);
  }
  return [...found].sort();
}

const files = tsFiles(root);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f) => relative(root, f);

for (const [file, deps] of graph) {
  if (quiet) break;
  console.log(`${name(file)} -> ${deps.length ? deps.map(name).join(', ') : '(none)'}`);
}

// Strongly connected components (Tarjan): every component with more than one file, or a file
// importing itself, is a cycle.
let index = 0;
const indexOf = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(v) {
  indexOf.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!indexOf.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), indexOf.get(w)));
    }
  }
  if (low.get(v) === indexOf.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) cycles.push(component.map(name).sort());
  }
}
for (const f of files) if (!indexOf.has(f)) visit(f);

if (cycles.length) {
  console.log(`${quiet ? '' : '\n'}${cycles.length} import cycle(s) under ${relative(process.cwd(), root) || '.'}:`);
  for (const c of cycles) console.log(`  ${c.join(' <-> ')}`);
  process.exit(1);
}
console.log(`${quiet ? '' : '\n'}${relative(process.cwd(), root) || '.'}: ${files.length} files, no import cycle.`);
