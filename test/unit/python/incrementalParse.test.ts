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
import { parseModuleWithTree, parseModuleWithTreeInSlices, parsePythonTree, parsePythonTreeInSlices, type ParseSlices } from '../../../src/core/python/parse/parseModule';
import { LoopTurns } from '../../../src/core/yieldingFileSystem';
import { longestLoopStretch } from '../helpers/loopProbe';

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

test('chains of edits that break and mend a module, each parsed from the tree before it, give the trees of parses from scratch', () => {
  // Error recovery is where a reused fragment could lead the parser another way.
  const pieces = ['"""', "'''", '\\\n', '\t', '    ', '\n', '(', ')', '[', ']', '{', '}', '#', '"', "'", ':', '\n    ', 'if x:\n', 'def f():\n', 'f"{', '}"', 'else:\n', 'lambda', ',', '=', '@dec\n', 'b"'];
  let compared = 0;
  for (const [i, file] of pythonFiles().slice(0, 300).entries()) {
    let text = readFileSync(file, 'utf8');
    if (text.length > 20_000) continue;
    let tree = parsePythonTree(text)!;
    const pick = random(i + 1);
    for (let k = 0; k < 12; k++) {
      const at = pick(text.length + 1);
      const kind = pick(3);
      const edited =
        kind === 0
          ? text.slice(0, at) + pieces[pick(pieces.length)] + text.slice(at)
          : kind === 1
            ? text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + pick(30)))
            : text.slice(0, at) + text.slice(pick(text.length + 1)).slice(0, pick(40)) + text.slice(at);
      const reused = parsePythonTree(edited, Infinity, { source: text, tree })!;
      assert.equal(dump(reused), dump(parsePythonTree(edited)!), `${file}: edit ${k} at ${at}`);
      compared++;
      text = edited;
      tree = reused;
    }
  }
  assert.ok(compared > 1000, `edits compared: ${compared}`);
});

test('edits after which error recovery from the earlier tree went another way are parsed as from scratch', () => {
  const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'python-incremental', 'recovery-cases.json'), 'utf8')) as { cases: Array<{ earlier: string; edited: string }> };
  assert.ok(cases.length >= 3);
  for (const [i, c] of cases.entries()) {
    const reused = parsePythonTree(c.edited, Infinity, { source: c.earlier, tree: parsePythonTree(c.earlier)! })!;
    assert.equal(dump(reused), dump(parsePythonTree(c.edited)!), `case ${i}`);
  }
});

/** Slices of `ms` with a turn (a macrotask) between them, counted. */
function slicer(ms: number): ParseSlices & { turns: number } {
  let last = performance.now();
  const s = {
    turns: 0,
    deadline: () => last + ms,
    turn: () => {
      s.turns++;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          last = performance.now();
          resolve();
        }),
      );
    },
  };
  return s;
}

test('a parse in slices, with turns of the event loop between them, gives the tree a parse in one go gives', async () => {
  const pick = random(7);
  const slices = slicer(0.05);
  const files = pythonFiles();
  const long = files.map((f) => readFileSync(f, 'utf8')).sort((a, b) => b.length - a.length)[0]!;
  for (const file of files.filter((_, i) => i % 5 === 0)) {
    const before = readFileSync(file, 'utf8');
    const earlier = parsePythonTree(before)!;
    for (const [name, edit] of Object.entries(EDITS)) {
      const after = edit(before, pick);
      const sliced = await parsePythonTreeInSlices(after, { source: before, tree: earlier }, slices);
      assert.equal(dump(sliced!), dump(parsePythonTree(after)!), `${file}, ${name}`);
    }
    assert.equal(dump((await parsePythonTreeInSlices(before, undefined, slices))!), dump(earlier), file);
  }
  // The slices are real: a long module takes several, each followed by a turn.
  slices.turns = 0;
  await parsePythonTreeInSlices(long, undefined, slices);
  assert.ok(slices.turns >= 2, `${long.length} characters parsed with ${slices.turns} turns`);
  // And the parse's own time is bounded (0 ms: given up after its first slice).
  assert.equal(await parsePythonTreeInSlices(long, undefined, slices, 0), undefined);
});

test('a module parsed in slices for the evaluator is, AST and syntax errors, the module parsed in one go', async () => {
  const slices = slicer(0.05);
  const sources = [...pythonFiles().map((f) => readFileSync(f, 'utf8')), 'x = (' + '('.repeat(250) + ')'.repeat(251), 'def f(:\n  pass\nMEDIA_ROOT = "/m"\n'];
  for (const source of sources) {
    const sliced = await parseModuleWithTreeInSlices(source, slices);
    const whole = parseModuleWithTree(source);
    assert.deepEqual(sliced.ast, whole.ast);
    assert.equal(sliced.tree === undefined, whole.tree === undefined);
  }
  assert.ok(slices.turns > 50, `${slices.turns} turns over ${sources.length} modules`);
  // The conversion into the AST yields too, between top-level statements: 2,000 of them, each
  // past a slice of 0 ms, take a turn each (the parse alone takes about one per 256 of its steps).
  const each = slicer(0);
  const many = Array.from({ length: 2000 }, (_, i) => `x${i} = ${i}\n`).join('');
  const converted = await parseModuleWithTreeInSlices(many, each);
  assert.equal(converted.ast.body.length, 2000);
  assert.ok(each.turns >= 2000, `${each.turns} turns for 2000 statements`);
});

test('parses side by side share each turn of the event loop: the loop is never held for one slice per parse', async () => {
  const long = pythonFiles().map((f) => readFileSync(f, 'utf8')).sort((a, b) => b.length - a.length)[0]!.repeat(8);
  // Sixteen parses, each with its own LoopTurns of 5 ms, as the editor's check runs and analyses have.
  const longest = await longestLoopStretch(() => Promise.all(Array.from({ length: 16 }, () => parseModuleWithTreeInSlices(long, new LoopTurns(5)))));
  // One slice per parse in a row would be 16 × 5 = 80 ms.
  assert.ok(longest < 45, `the event loop was held for ${longest.toFixed(0)} ms`);
});
