import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/checks';
import { offsetAt, positionAt, rangeOf } from '../../../src/core/checks/textEdits';

test('edits apply from the end, positions are 1-based UTF-16 columns', () => {
  const text = 'A = "é😀x"\nB = 1\n';
  const edits = [
    { range: { line: 1, column: 10, endLine: 1, endColumn: 10 }, newText: '/' }, // after "x": 😀 counts two code units
    { range: { line: 2, column: 5, endLine: 2, endColumn: 6 }, newText: '2' },
  ];
  assert.equal(applyTextEdits(text, edits), 'A = "é😀x/"\nB = 2\n');
});

test('CRLF line breaks count as one line break', () => {
  const text = 'a\r\nbc\r\n';
  assert.equal(offsetAt(text, 2, 2), 4);
  assert.deepEqual(positionAt(text, 4), { line: 2, column: 2 });
  assert.deepEqual(rangeOf('/f', text, 3, 5), { file: '/f', line: 2, column: 1, endLine: 2, endColumn: 3 });
});

test('overlapping edits are refused rather than guessed', () => {
  const r = { line: 1, column: 1, endLine: 1, endColumn: 3 };
  assert.throws(() => applyTextEdits('abcd', [{ range: r, newText: 'x' }, { range: { ...r, column: 2, endColumn: 4 }, newText: 'y' }]));
});
