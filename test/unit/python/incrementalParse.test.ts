// A module saved in the editor is parsed again from its earlier tree (lezer's incremental
// parsing). Differential test: for every .py file of the fixtures and a series of edits of the
// kinds a save brings (a class appended, a line inserted, a span deleted, a stray bracket, a
// character changed), the tree reusing the earlier one is, node for node, the tree a parse from
// scratch gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Tree } from '@lezer/common';
import { parsePythonTree } from '../../../src/core/python/parse/parseModule';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

function pythonFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py') && !(e.parentPath ?? e.path).split(sep).includes('__pycache__'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Every node of the tree with its span, in document order. */
function dump(tree: Tree): string {
  const out: string[] = [];
  const c = tree.cursor();
  do out.push(`${c.name}@${c.from}-${c.to}`);
  while (c.next());
  return out.join(' ');
}

/** A small deterministic generator, so that a failure names an edit that can be replayed. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % Math.max(1, n);
  };
}

type Edit = (text: string, pick: (n: number) => number) => string;

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

const EDITS: Record<string, Edit> = {
  'a model appended': (t) => t + '\n\nclass Appended(models.Model):\n    document = models.FileField(upload_to="/bench/")\n',
  'a line inserted': (t, pick) => {
    const at = lineStart(t, pick(t.length + 1));
    return t.slice(0, at) + 'INSERTED = ["a", "b"]\n' + t.slice(at);
  },
  'an indented line inserted': (t, pick) => {
    const at = lineStart(t, pick(t.length + 1));
    return t.slice(0, at) + '    extra = call(1, key="v")\n' + t.slice(at);
  },
  'a span deleted': (t, pick) => {
    const from = pick(t.length + 1);
    return t.slice(0, from) + t.slice(Math.min(t.length, from + 1 + pick(80)));
  },
  'a stray bracket': (t, pick) => {
    const at = pick(t.length + 1);
    return t.slice(0, at) + '(' + t.slice(at);
  },
  'a character changed': (t, pick) => {
    if (t.length === 0) return 'x';
    const at = pick(t.length);
    return t.slice(0, at) + '"#:\n'[pick(4)] + t.slice(at + 1);
  },
};

test('a parse reusing the earlier tree of a file gives the tree a parse from scratch gives, for every fixture module and every kind of edit', () => {
  const files = pythonFiles();
  assert.ok(files.length > 100, `fixture modules found: ${files.length}`);
  let compared = 0;
  files.forEach((file, i) => {
    const text = readFileSync(file, 'utf8');
    const earlier = parsePythonTree(text)!;
    for (const [name, edit] of Object.entries(EDITS)) {
      const pick = random(i * 7919 + name.length);
      const edited = edit(text, pick);
      const reused = parsePythonTree(edited, Infinity, { source: text, tree: earlier })!;
      assert.equal(dump(reused), dump(parsePythonTree(edited)!), `${file}: ${name}`);
      compared++;
    }
  });
  assert.equal(compared, files.length * Object.keys(EDITS).length);
});

test('two edits in a row, each parsed from the tree before it, end in the tree of a parse from scratch', () => {
  const text = readFileSync(pythonFiles().find((f) => f.endsWith(`${sep}settings.py`))!, 'utf8');
  const first = EDITS['a line inserted']!(text, random(1));
  const second = EDITS['a stray bracket']!(first, random(2));
  const t1 = parsePythonTree(first, Infinity, { source: text, tree: parsePythonTree(text)! })!;
  const t2 = parsePythonTree(second, Infinity, { source: first, tree: t1 })!;
  assert.equal(dump(t2), dump(parsePythonTree(second)!));
});
