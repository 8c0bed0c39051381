import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULE_INFO } from '../../../src/core/checks';

test('every rule has a unique <area>.<kebab-problem> code, a severity and a description', () => {
  const codes = RULE_INFO.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const r of RULE_INFO) {
    assert.match(r.code, /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z0-9]+)*$/);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(r.defaultSeverity));
    assert.ok(r.description.length > 20);
  }
});

test('docs/diagnostics.md lists every code with its default severity and Django id', () => {
  const doc = readFileSync(resolve(__dirname, '../../../../docs/diagnostics.md'), 'utf8');
  const rows = new Map(doc.split('\n').filter((l) => l.startsWith('| `')).map((l) => [/^\| `([^`]+)`/.exec(l)![1]!, l]));
  assert.deepEqual([...rows.keys()].sort(), RULE_INFO.map((r) => r.code).sort());
  for (const r of RULE_INFO) {
    const cells = rows.get(r.code)!.split(' | ');
    assert.equal(cells[1], r.defaultSeverity, r.code);
    assert.ok(r.djangoCheck ? cells[2]!.includes('`' + r.djangoCheck + '`') : cells[2]!.startsWith('—'), r.code);
  }
});
