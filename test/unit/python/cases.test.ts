// The evaluator against CPython: every case in test/unit/python/cases/<group>.py is evaluated here
// and compared, global by global, with what CPython 3.11 gave on the same source
// (<group>.expected.json, written by test/fixtures/tools/expect_python.py — never by hand).
// Each global must be there with CPython's type and, when the value has a JSON form, its value;
// a name CPython does not end with must not be there either. A case line "# unknown: NAME -- why"
// says the evaluator does not model what NAME needs: NAME must then be unknown, with a reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toPyJson, type PyValue } from '../../../src/core/python';
import type { PyJson } from '../../../src/core/model';
import { evalPy } from './harness';

/** What CPython recorded for one global. */
interface Expected {
  type: string;
  /** Absent when the value has no JSON form (a set, a function…). */
  value?: PyJson;
}

interface ExpectedFile {
  python: string;
  cases: Record<string, Record<string, Expected>>;
}

interface PyCase {
  title: string;
  source: string;
  /** Names the evaluator honestly leaves unknown, with why. */
  unknown: Map<string, string>;
}

// out/test/unit/python -> the sources
const casesDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'unit', 'python', 'cases');

/** The cases of a group file, split on "# case: <title>" lines as expect_python.py splits them. */
function splitCases(text: string): PyCase[] {
  const cases: PyCase[] = [];
  let current: { title: string; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const source = current.lines.join('');
    const unknown = new Map<string, string>();
    for (const m of source.matchAll(/^# unknown: ([\w, ]+?)\s*--\s*(.+)$/gm)) {
      for (const name of m[1]!.split(',')) unknown.set(name.trim(), m[2]!.trim());
    }
    cases.push({ title: current.title, source, unknown });
  };
  for (const line of text.split(/(?<=\n)/)) {
    const header = /^# case: (.+)$/.exec(line.replace(/\n$/, ''));
    if (header) {
      close();
      current = { title: header[1]!.trim(), lines: [] };
    } else current?.lines.push(line);
  }
  close();
  return cases;
}

/**
 * The value's type as expect_python.py names it: Python's names for data, and only "callable",
 * "class" or "module" for the rest (CPython's function types differ from the evaluator's builtins).
 * Local rather than the evaluator's typeName: this test reads the evaluator through its public API.
 */
function typeOf(v: PyValue): string {
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'path':
      return v.pure ? 'PurePosixPath' : 'PosixPath';
    case 'set':
      return v.frozen ? 'frozenset' : 'set';
    case 'function':
      return 'callable';
    case 'builtin':
      return v.typeName ? 'class' : 'callable';
    case 'object':
      return v.type.name;
    default:
      return v.kind;
  }
}

const show = (v: unknown) => JSON.stringify(v);

const groups = readdirSync(casesDir)
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.slice(0, -3))
  .sort();

test('there are CPython-checked evaluator cases', () => {
  assert.ok(groups.length >= 2, `case groups: ${groups.join(', ')}`);
});

for (const group of groups) {
  const cases = splitCases(readFileSync(join(casesDir, `${group}.py`), 'utf8'));
  const expected = JSON.parse(readFileSync(join(casesDir, `${group}.expected.json`), 'utf8')) as ExpectedFile;

  describe(`${group} cases (CPython ${expected.python})`, () => {
    test('every case has CPython expectations, and every expectation a case', () => {
      assert.deepEqual(cases.map((c) => c.title), Object.keys(expected.cases), 'run npm run fixtures:expect-python');
    });

    for (const c of cases) {
      test(c.title, async () => {
        const want = expected.cases[c.title];
        assert.ok(want, `no CPython expectations for "${c.title}": run npm run fixtures:expect-python`);
        const r = await evalPy(c.source);
        const ours = [...r.evaluation.globals.keys()].filter((n) => !n.startsWith('__'));
        assert.deepEqual([...ours].sort(), Object.keys(want).sort(), 'the globals CPython ends with');
        for (const name of c.unknown.keys()) assert.ok(name in want, `"# unknown: ${name}" names no global of the case`);
        const problems: string[] = [];
        for (const [name, exp] of Object.entries(want)) {
          const value = r.raw(name)!;
          const json = toPyJson(value);
          if (c.unknown.has(name)) {
            if (json.known) problems.push(`${name} is marked unknown (${c.unknown.get(name)}) but is known as ${show(json.value)}; CPython: ${show(exp.value)}`);
            else if (!json.reason) problems.push(`${name} is unknown without a reason`);
          } else if (typeOf(value) !== exp.type) {
            problems.push(`${name}: ours is a ${typeOf(value)}${json.known ? '' : ` (${json.reason})`}, CPython's a ${exp.type}`);
          } else if (!('value' in exp)) {
            if (json.known) problems.push(`${name}: CPython's ${exp.type} has no JSON form, ours is ${show(json.value)}`);
          } else if (!json.known) {
            problems.push(`${name} is unknown (${json.reason}); CPython: ${show(exp.value)}`);
          } else if (!isDeepStrictEqual(json.value, exp.value)) {
            problems.push(`${name}: ours ${show(json.value)}, CPython ${show(exp.value)}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
