import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/checks';
import { effectiveSeverity, FindingStore } from '../../../src/core/diagnostics/findingStore';

function finding(code: string, file: string, line: number, message = `${code} at ${line}`): Finding {
  return { code, severity: 'warning', message, range: { file, line, column: 1, endLine: line, endColumn: 5 }, djangoCheck: null, fixes: [] };
}

const T = '/ws/templates/order.html';
const S = '/ws/shop/settings.py';

test('a full run replaces everything and reports the files whose findings changed', () => {
  const store = new FindingStore();
  assert.deepEqual([...store.set('p', [finding('a', S, 1), finding('b', T, 2)])].sort(), [S, T].sort());
  assert.deepEqual([...store.set('p', [finding('a', S, 1), finding('b', T, 3)])], [T], 'only the template changed');
  assert.deepEqual([...store.set('p', [finding('a', S, 1), finding('b', T, 3)])], [], 'nothing changed');
});

test('a narrowed run replaces only its codes in its files', () => {
  const store = new FindingStore();
  store.set('p', [finding('enctype', T, 5), finding('processor', T, 10), finding('enctype', '/ws/templates/other.html', 1), finding('url', S, 3)]);
  const changed = store.replace('p', [finding('processor', T, 10)], { codes: new Set(['enctype', 'processor']), files: new Set([T]) });
  assert.deepEqual([...changed], [T]);
  assert.deepEqual(store.findingsOf('p').map((f) => `${f.code}@${f.range.file}`), [
    `url@${S}`,
    'enctype@/ws/templates/other.html',
    `processor@${T}`,
  ].sort((a, b) => (a.split('@')[1]! < b.split('@')[1]! ? -1 : 1)));
  // Findings outside the scope in the fresh list are not taken over.
  store.replace('p', [finding('url', S, 4)], { codes: new Set(['enctype']), files: new Set([T]) });
  assert.equal(store.findingsOf('p').filter((f) => f.code === 'url')[0]!.range.line, 3);
});

test('a project-wide run of some codes keeps the other codes', () => {
  const store = new FindingStore();
  store.set('p', [finding('python', '/ws/app/views.py', 7), finding('url', S, 3)]);
  const changed = store.replace('p', [], { codes: new Set(['python']) });
  assert.deepEqual([...changed], ['/ws/app/views.py']);
  assert.deepEqual(store.findingsOf('p').map((f) => f.code), ['url']);
});

test('nested projects reporting the same problem show it once; projects are dropped with their files', () => {
  const store = new FindingStore();
  store.set('outer', [finding('enctype', T, 5), finding('x', S, 1)]);
  store.set('inner', [finding('enctype', T, 5)]);
  assert.equal(store.findingsIn(T).length, 1);
  assert.deepEqual([...store.delete('outer')].sort(), [S, T].sort());
  assert.equal(store.findingsIn(T).length, 1, 'the inner project still reports it');
  assert.equal(store.hasFindingsUnder('inner', '/ws/templates'), true);
  assert.equal(store.hasFindingsUnder('inner', '/ws/temp'), false);
});

test("the user's level wins over the rule's; ignore hides", () => {
  const f = { ...finding('media-root.missing', S, 1), severity: 'information' as const };
  assert.equal(effectiveSeverity(f, {}), 'information');
  assert.equal(effectiveSeverity(f, { 'media-root.missing': 'error' }), 'error');
  assert.equal(effectiveSeverity(f, { 'media-root.missing': 'ignore' }), undefined);
  assert.equal(effectiveSeverity(f, { other: 'ignore' }), 'information');
});
