// The media settings document written once and shown as Markdown source and as HTML: the layout
// of each, and project text that tries to become markup in either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, StructuredDocument, toHtml, toMarkdown } from '../../../src/core/editor/settingsDocument';
import type { SourceRange } from '../../../src/core/model';

const at = (file: string, line: number): SourceRange => ({ file, line, column: 1, endLine: line, endColumn: 2 });

function sample(name: string): StructuredDocument {
  const d = new StructuredDocument();
  d.title(`Media settings · ${name}`);
  d.paragraph('Read from the project files without running Python.');
  d.item({ strong: 'MEDIA_URL' }, ' = ', { code: '"/media/"' }, ' — ', { label: 'demo/settings.py:12', target: at('/p/demo/settings.py', 12) });
  d.item('Places that serve files:');
  d.subitem({ code: 'static()' }, ' serves — ', { label: 'demo/urls.py:9', target: at('/p/demo/urls.py', 9) });
  d.heading('Notes');
  d.item('⚠ ', { label: 'demo/urls.py:3', target: at('/p/demo/urls.py', 3) }, ': a note');
  return d;
}

test('Markdown: a blank line between blocks, list items together, link labels placed where they are written', () => {
  const md = toMarkdown(sample('demo'));
  assert.equal(
    md.text,
    [
      '# Media settings · demo',
      '',
      'Read from the project files without running Python.',
      '',
      '- **MEDIA_URL** = `"/media/"` — demo/settings.py:12',
      '- Places that serve files:',
      '  - `static()` serves — demo/urls.py:9',
      '',
      '## Notes',
      '',
      '- ⚠ demo/urls.py:3: a note',
      '',
    ].join('\n'),
  );
  const lines = md.text.split('\n');
  assert.deepEqual(
    md.links.map((l) => [lines[l.line]!.slice(l.start, l.end), l.target.file, l.target.line]),
    [
      ['demo/settings.py:12', '/p/demo/settings.py', 12],
      ['demo/urls.py:9', '/p/demo/urls.py', 9],
      ['demo/urls.py:3', '/p/demo/urls.py', 3],
    ],
  );
});

test('HTML: headings, a paragraph, a list with a nested list, links carrying only their index', () => {
  const { html, targets } = toHtml(sample('demo'));
  assert.equal(
    html,
    [
      '<h1>Media settings · demo</h1>',
      '<p>Read from the project files without running Python.</p>',
      '<ul>',
      '<li><strong>MEDIA_URL</strong> = <code>&quot;/media/&quot;</code> — <a href="#" data-link="0" title="Open the line that decided this">demo/settings.py:12</a>',
      '</li>',
      '<li>Places that serve files:',
      '<ul>',
      '<li><code>static()</code> serves — <a href="#" data-link="1" title="Open the line that decided this">demo/urls.py:9</a></li>',
      '</ul>',
      '</li></ul>',
      '<h2>Notes</h2>',
      '<ul>',
      '<li>⚠ <a href="#" data-link="2" title="Open the line that decided this">demo/urls.py:3</a>: a note',
      '</li></ul>',
    ].join('\n'),
  );
  assert.deepEqual(targets.map((t) => `${t.file}:${t.line}`), ['/p/demo/settings.py:12', '/p/demo/urls.py:9', '/p/demo/urls.py:3']);
});

test('hostile project text renders as text in HTML: no tag, no attribute break-out, no new line', () => {
  const evil = `<img src=x onerror="alert(1)">'&amp;\n<script>x</script>`;
  const d = new StructuredDocument();
  d.title(evil);
  d.item({ code: evil }, { strong: evil }, { label: evil, target: at('/p/a.py', 1) });
  const { html } = toHtml(d);
  assert.doesNotMatch(html, /<img|<script|onerror="/);
  assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;amp;\\n&lt;script&gt;x&lt;/script&gt;'), html);
  // Every tag in the output is one the renderer writes.
  const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
  assert.deepEqual([...tags].sort(), ['a', 'code', 'h1', 'li', 'strong', 'ul']);
  assert.equal(escapeHtml('a"b\'c'), 'a&quot;b&#39;c');
});

test('hostile project text stays text in Markdown: no link, no HTML, no code span end, one line', () => {
  const d = new StructuredDocument();
  d.item(`[x](command:evil) <b>hi</b>\n# heading`, { code: 'a`b' }, { label: '[l](http://e)', target: at('/p/a.py', 1) });
  const md = toMarkdown(d);
  assert.equal(md.text, '- \\[x\\](command:evil) \\<b\\>hi\\</b\\>\\n# heading``a`b``\\[l\\](http\\://e)\n');
  assert.equal(md.links[0]!.label, '\\[l\\](http\\://e)');
});
