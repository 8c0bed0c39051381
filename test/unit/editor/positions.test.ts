// Position-level mapping: which media reference or setting a pointer or caret is on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editorMediaContext, pathSpan, referenceAt, referenceLanguageOf, scanDocument, settingAt } from '../../../src/core/editor';
import type { MediaReference } from '../../../src/core/model';
import { analyze, project } from './helpers';

const SETTINGS = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\nSTATIC_URL = "/static/"\n';

async function refsOf(text: string, language: Parameters<typeof scanDocument>[1] = 'django-html'): Promise<MediaReference[]> {
  const ctx = editorMediaContext(await analyze(project(SETTINGS)));
  return [...scanDocument(text, language, '/ws/templates/t.html', ctx).refs];
}

/** The 1-based column of the n-th occurrence (0-based) of `needle` in a line, plus `offset`. */
function col(line: string, needle: string, offset = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not in "${line}"`);
  return at + 1 + offset;
}

describe('referenceAt', () => {
  const line = '<img src="/media/photos/a.png" alt="x"> <img src="{{ MEDIA_URL }}b%20c.jpg">';

  it('finds the reference under any character of it, and at the caret right after it', async () => {
    const refs = await refsOf(line);
    assert.equal(refs.length, 2);
    const first = col(line, '/media/');
    assert.equal(referenceAt(refs, 1, first)?.text, '/media/photos/a.png');
    assert.equal(referenceAt(refs, 1, col(line, 'a.png', 4))?.text, '/media/photos/a.png');
    assert.equal(referenceAt(refs, 1, col(line, '" alt'))?.text, '/media/photos/a.png', 'caret after the last character');
    assert.equal(referenceAt(refs, 1, first - 1), undefined, 'the opening quote is not the reference');
    assert.equal(referenceAt(refs, 1, col(line, 'alt')), undefined);
    assert.equal(referenceAt(refs, 1, col(line, '{{'))?.storageName, 'b c.jpg');
    assert.equal(referenceAt(refs, 2, first), undefined, 'no such line');
  });

  it('prefers the reference starting at the caret when two touch (srcset)', async () => {
    const srcset = '<img srcset="/media/a.png 1x,/media/b.png 2x">';
    const refs = await refsOf(srcset);
    assert.deepEqual(refs.map((r) => r.text), ['/media/a.png', '/media/b.png']);
    assert.equal(referenceAt(refs, 1, col(srcset, '/media/b'))?.text, '/media/b.png');
  });

  it('maps positions on later lines, with CRLF line ends and astral characters before the reference', async () => {
    const text = 'first\r\n<p>😀 <img src="/media/x.png"></p>\r\n<img src="/media/y.png">';
    const refs = await refsOf(text);
    const l2 = '<p>😀 <img src="/media/x.png"></p>';
    assert.equal(referenceAt(refs, 2, col(l2, '/media/'))?.text, '/media/x.png');
    assert.equal(referenceAt(refs, 3, 11)?.text, '/media/y.png');
    assert.equal(referenceAt(refs, 2, col(l2, '😀')), undefined);
  });

  it('finds the right one among thousands (binary search)', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `<img src="/media/f${i}.png">`);
    const refs = await refsOf(lines.join('\n'));
    assert.equal(refs.length, 3000);
    assert.equal(referenceAt(refs, 1234, 12)?.storageName, 'f1233.png');
    assert.equal(referenceAt(refs, 3000, 11)?.storageName, 'f2999.png');
    assert.equal(referenceAt(refs, 3000, 5), undefined);
  });
});

describe('pathSpan', () => {
  it('covers the path after a template prefix, and the whole literal URL', async () => {
    const line = '{{ MEDIA_URL }}a.png {% get_media_prefix %}b.png {{ settings.MEDIA_URL|safe }}c.png "/media/d.png"';
    const refs = await refsOf(line);
    assert.deepEqual(refs.map((r) => r.form), ['media-url-variable', 'media-prefix-tag', 'media-url-variable', 'url']);
    const spans = refs.map((r) => line.slice(pathSpan(r).column - 1, pathSpan(r).endColumn - 1));
    assert.deepEqual(spans, ['a.png', 'b.png', 'c.png', '/media/d.png']);
  });

  it('covers the path after a bound prefix variable', async () => {
    const text = '{% get_media_prefix as P %}\n<img src="{{ P }}p/q.png">';
    const refs = await refsOf(text);
    assert.equal(refs.length, 1);
    const r = refs[0]!;
    assert.equal(r.form, 'media-prefix-variable');
    assert.equal('<img src="{{ P }}p/q.png">'.slice(pathSpan(r).column - 1, pathSpan(r).endColumn - 1), 'p/q.png');
  });
});

describe('settingAt', () => {
  it('recognises settings.X and getattr(settings, "X") in Python', () => {
    const line = 'root = settings.MEDIA_ROOT + getattr(settings, "STATIC_URL", "")';
    assert.deepEqual(settingAt(line, col(line, 'MEDIA_ROOT', 3), 'python'), { name: 'MEDIA_ROOT', form: 'attribute', column: col(line, 'MEDIA_ROOT'), endColumn: col(line, 'MEDIA_ROOT', 10) });
    assert.equal(settingAt(line, col(line, 'STATIC_URL'), 'python')?.name, 'STATIC_URL');
    assert.equal(settingAt(line, col(line, 'settings'), 'python'), undefined, 'the module name itself');
    assert.equal(settingAt(line, col(line, 'root'), 'python'), undefined);
  });

  it('counts the caret right after the name, but not a longer name or another object', () => {
    const line = 'x = settings.MEDIA_URL';
    assert.equal(settingAt(line, line.length + 1, 'python')?.name, 'MEDIA_URL');
    assert.equal(settingAt('x = settings.MEDIA_URL_PREFIX', 16, 'python'), undefined);
    assert.equal(settingAt('x = mysettings.MEDIA_URL', 18, 'python'), undefined);
    assert.equal(settingAt('x = conf.settings.MEDIA_URL', 20, 'python')?.name, 'MEDIA_URL', 'django.conf.settings.X ends with settings.X');
  });

  it('recognises a settings module assignment at the start of a line, not a comparison or a use', () => {
    assert.deepEqual(settingAt('MEDIA_ROOT = BASE_DIR / "media"', 3, 'python')?.form, 'assignment');
    assert.equal(settingAt('    MEDIA_URL: str = "/m/"', 8, 'python')?.form, 'assignment');
    assert.equal(settingAt('MEDIA_ROOT == x', 3, 'python'), undefined);
    assert.equal(settingAt('print(MEDIA_ROOT)', 9, 'python'), undefined);
  });

  it('recognises {{ MEDIA_URL }}, {{ settings.MEDIA_URL }} and the prefix tags in templates only', () => {
    const line = '<img src="{{MEDIA_URL}}a.png"> {{- settings.MEDIA_URL|safe -}} {% get_media_prefix %} {%- get_static_prefix as S -%}';
    assert.deepEqual(settingAt(line, col(line, 'MEDIA_URL'), 'django-html'), { name: 'MEDIA_URL', form: 'template-variable', column: col(line, 'MEDIA_URL'), endColumn: col(line, 'MEDIA_URL', 9) });
    assert.equal(settingAt(line, col(line, 'MEDIA_URL', 2, 1), 'jinja')?.form, 'template-variable');
    assert.deepEqual(settingAt(line, col(line, 'get_media_prefix', 5), 'django-html'), { name: 'MEDIA_URL', form: 'template-tag', column: col(line, 'get_media_prefix'), endColumn: col(line, 'get_media_prefix', 16) });
    assert.equal(settingAt(line, col(line, 'get_static_prefix'), 'html')?.name, 'STATIC_URL');
    assert.equal(settingAt(line, col(line, 'MEDIA_URL'), 'javascript'), undefined, 'no template tags in JS');
    assert.equal(settingAt('MEDIA_URL is documented here', 2, 'markdown'), undefined);
    assert.equal(settingAt('{{ MEDIA_URL.upper }}', 5, 'django-html'), undefined, 'an expression on it is something else');
  });
});

describe('referenceLanguageOf', () => {
  it('treats HTML in a templates folder as a Django template, and added languages by extension', () => {
    assert.equal(referenceLanguageOf('html', '/ws/app/templates/a.html'), 'django-html');
    assert.equal(referenceLanguageOf('html', '/ws/docs/a.html'), 'html');
    assert.equal(referenceLanguageOf('jinja-html', '/ws/x.j2'), 'jinja');
    assert.equal(referenceLanguageOf('typescriptreact', '/ws/a.tsx'), 'javascript');
    assert.equal(referenceLanguageOf('scss', '/ws/a.scss'), 'css');
    assert.equal(referenceLanguageOf('vue', '/ws/a.vue'), 'javascript');
    assert.equal(referenceLanguageOf('plaintext', '/ws/templates/mail.txt'), 'text');
    assert.equal(referenceLanguageOf('haml', '/ws/a.haml'), 'text');
  });
});
