// The settings document's links: ranges come from the text shown, and one bad link drops alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { placeLinks, type PlacedLink } from '../../../src/core/editor';

function linesOf(text: string): { count: number; at: (line: number) => string } {
  const lines = text.split(/\r\n|\r|\n/);
  return { count: lines.length, at: (line) => lines[line] };
}

const link = (line: number, start: number, label: string, target = label): PlacedLink<string> => ({ line, start, end: start + label.length, label, target });

describe('placeLinks', () => {
  it('keeps links whose label is where the render put it', () => {
    const doc = linesOf('# t\n- MEDIA_ROOT — settings.py:3\n');
    const r = placeLinks(doc.count, doc.at, [link(1, 15, 'settings.py:3')]);
    assert.deepEqual(r.links.map((l) => [l.line, l.start, l.end]), [[1, 15, 28]]);
    assert.equal(r.skipped, 0);
  });

  it('skips an empty label, a line past the end and a label not on its line, and keeps the others', () => {
    const doc = linesOf('a.py\nb.py\n');
    const r = placeLinks(doc.count, doc.at, [link(0, 0, ''), link(0, 0, 'a.py'), link(99, 0, 'x.py'), link(1, 0, 'c.py'), link(1, 0, 'b.py'), link(-1, 0, 'a.py')]);
    assert.deepEqual(r.links.map((l) => l.target), ['a.py', 'b.py']);
    assert.equal(r.skipped, 4);
  });

  it('moves a label whose columns drifted to where the line shows it, never past the line end', () => {
    const doc = linesOf('- x — settings.py:3');
    const r = placeLinks(doc.count, doc.at, [link(0, 500, 'settings.py:3'), link(0, 10, 'settings.py:3')]);
    assert.deepEqual(r.links.map((l) => [l.start, l.end]), [[6, 19], [6, 19]]);
    for (const l of r.links) assert.ok(l.end <= doc.at(0).length);
  });

  it('places every link of a document with thousands of lines', () => {
    const rendered = Array.from({ length: 5000 }, (_, i) => `- pkg/module_${i}.py`);
    const doc = linesOf(rendered.join('\n') + '\n');
    const r = placeLinks(doc.count, doc.at, rendered.map((_, i) => link(i, 2, `pkg/module_${i}.py`)));
    assert.equal(r.links.length, 5000);
    assert.equal(r.skipped, 0);
    assert.deepEqual([r.links[4999].line, r.links[4999].start, r.links[4999].end], [4999, 2, 2 + 'pkg/module_4999.py'.length]);
  });
});
