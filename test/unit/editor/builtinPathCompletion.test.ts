import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinHtmlPathFolder } from '../../../src/core/editor';

const at = (line: string, caretAfter: string) => line.indexOf(caretAfter) + caretAfter.length + 1;

test('the folder VS Code\'s HTML path completion lists: root-relative against the workspace folder, else the document\'s', () => {
  const line = '  <img class="x" src="/media/avatars/al">';
  assert.equal(builtinHtmlPathFolder(line, at(line, '"/media/'), '/ws/templates', '/ws'), '/ws/media');
  assert.equal(builtinHtmlPathFolder(line, at(line, '/avatars/al'), '/ws/templates', '/ws'), '/ws/media/avatars');
  const rel = "<a href='../media/x'>";
  assert.equal(builtinHtmlPathFolder(rel, at(rel, '../media/'), '/ws/templates', '/ws'), '/ws/media');
  assert.equal(builtinHtmlPathFolder(line, at(line, '"/media/'), '/site/templates', undefined), '/media', 'no workspace folder: the file system root');
});

test('nothing outside a quoted src or href value, nor for URLs with a scheme or host', () => {
  const data = '<img data-src="/media/">';
  assert.equal(builtinHtmlPathFolder(data, at(data, '/media/'), '/ws', '/ws'), undefined);
  const cdn = '<img src="https://cdn.example.com/media/">';
  assert.equal(builtinHtmlPathFolder(cdn, at(cdn, 'media/'), '/ws', '/ws'), undefined);
  const host = '<img src="//cdn.example.com/media/">';
  assert.equal(builtinHtmlPathFolder(host, at(host, 'media/'), '/ws', '/ws'), undefined);
  const text = '<p>see /media/</p>';
  assert.equal(builtinHtmlPathFolder(text, at(text, '/media/'), '/ws', '/ws'), undefined);
  const after = '<img src="a.png" /media/';
  assert.equal(builtinHtmlPathFolder(after, after.length + 1, '/ws', '/ws'), undefined);
});
