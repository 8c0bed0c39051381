import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  findMediaReferences,
  languageOfFile,
  MAX_REFERENCES,
  type ReferenceContext,
  type ReferenceLanguage,
} from '../../../src/core/media';

const ROOT = '/srv/shop/media';
const CTX: ReferenceContext = { file: '/srv/shop/templates/page.html', mediaUrl: '/media/', mediaRoot: ROOT, staticUrl: '/static/' };

function refs(text: string, language: ReferenceLanguage = 'django-html', ctx: Partial<ReferenceContext> = {}) {
  return findMediaReferences(text, language, { ...CTX, ...ctx });
}

/** What a user sees of each reference: the text as written and the file it names. */
function seen(text: string, language: ReferenceLanguage = 'django-html', ctx: Partial<ReferenceContext> = {}) {
  return refs(text, language, ctx).map((r) => [r.text, r.storageName]);
}

describe('findMediaReferences: literal URLs', () => {
  it('finds /media/ paths in attributes with exact ranges', () => {
    const text = '<p>\n  <img src="/media/products/mug.png" alt="Mug">\n</p>';
    const [r, ...rest] = refs(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(r, {
      range: { file: CTX.file, line: 2, column: 13, endLine: 2, endColumn: 36 },
      text: '/media/products/mug.png',
      form: 'url',
      storageName: 'products/mug.png',
      target: `${ROOT}/products/mug.png`,
    });
    assert.equal(text.split('\n')[1]!.slice(r.range.column - 1, r.range.endColumn - 1), r.text);
  });

  it('ends a reference at quotes, blanks, ")", "<", ">" and "]"', () => {
    assert.deepEqual(seen(`<a href='/media/a.pdf'>x</a> <img src=/media/b.png> (/media/c.png) [/media/d.png] /media/e.png<br> "/media/f.png g"`), [
      ['/media/a.pdf', 'a.pdf'],
      ['/media/b.png', 'b.png'],
      ['/media/c.png', 'c.png'],
      ['/media/d.png', 'd.png'],
      ['/media/e.png', 'e.png'],
      ['/media/f.png', 'f.png'],
    ]);
  });

  it('keeps query strings and fragments in the text but not in the storage name', () => {
    assert.deepEqual(seen('<img src="/media/a.png?v=3#x">'), [['/media/a.png?v=3#x', 'a.png']]);
  });

  it('decodes percent-encoding and reads unicode names', () => {
    assert.deepEqual(seen('<img src="/media/a%20b/%C3%BC.png"><img src="/media/fotos/über.png">'), [
      ['/media/a%20b/%C3%BC.png', 'a b/ü.png'],
      ['/media/fotos/über.png', 'fotos/über.png'],
    ]);
  });

  it('reports traversal and broken escapes with no storage name or target', () => {
    const found = refs('<img src="/media/../../etc/passwd"><img src="/media/..%2Fsettings.py"><img src="/media/%zz.png">');
    assert.deepEqual(found.map((r) => [r.text, r.storageName, r.target]), [
      ['/media/../../etc/passwd', null, null],
      ['/media/..%2Fsettings.py', null, null],
      ['/media/%zz.png', null, null],
    ]);
  });

  it('ignores paths that merely contain MEDIA_URL', () => {
    assert.deepEqual(seen('<img src="/static/media/a.png"> <a href="https://example.com/media/b.png">x</a> foo/media/c.png ../media/d.png'), []);
  });

  it('finds CSS url() in every quoting style', () => {
    const css = `/* was /media/old.png */ .a { background: url(/media/a.png); } .z { background: url( /media/z.png ) }\n.b { background: url('/media/b.png') }\n.c { background-image: url("/media/c-d.png"), url(/static/x.png); }\n@import "/media/theme.css";`;
    assert.deepEqual(seen(css, 'css'), [
      ['/media/a.png', 'a.png'],
      ['/media/z.png', 'z.png'],
      ['/media/b.png', 'b.png'],
      ['/media/c-d.png', 'c-d.png'],
      ['/media/theme.css', 'theme.css'],
    ]);
  });

  it('reads url(&quot;…&quot;) inside a style attribute', () => {
    assert.deepEqual(seen('<div style="background: url(&quot;/media/hero.jpg&quot;)"></div>'), [['/media/hero.jpg', 'hero.jpg']]);
  });

  it('finds quoted paths in JavaScript and Python, skipping ones built at run time', () => {
    const js = 'const a = "/media/a.png"; const b = \'/media/b.png\'; const c = `/media/c.png`; const d = `/media/${name}.png`; const e = "/media/" + name; // /media/comment.png';
    assert.deepEqual(seen(js, 'javascript'), [
      ['/media/a.png', 'a.png'],
      ['/media/b.png', 'b.png'],
      ['/media/c.png', 'c.png'],
    ]);
    const py = 'DEFAULT = "/media/defaults/avatar.png"\nurl = f"/media/{user.pk}/avatar.png"\nother = "/media/" + name  # see /media/x.png\n';
    assert.deepEqual(seen(py, 'python'), [['/media/defaults/avatar.png', 'defaults/avatar.png']]);
  });

  it('in Markdown, counts links, images, reference definitions and raw HTML, not code or prose', () => {
    const md = [
      '# Media',
      'See ![Mug](/media/mug.png "The mug") and [the list](/media/price-list.pdf).',
      '[hero]: /media/hero.jpg',
      'Inline `/media/code.png` and prose /media/prose.png are text.',
      '```html',
      '<img src="/media/fenced.png">',
      '```',
      '<img src="/media/raw.png">',
    ].join('\n');
    assert.deepEqual(seen(md, 'markdown'), [
      ['/media/mug.png', 'mug.png'],
      ['/media/price-list.pdf', 'price-list.pdf'],
      ['/media/hero.jpg', 'hero.jpg'],
      ['/media/raw.png', 'raw.png'],
    ]);
  });

  it('in plain-text templates, leaves sentence punctuation out', () => {
    assert.deepEqual(seen('Your invoice: /media/invoices/42.pdf. Thanks!', 'text'), [['/media/invoices/42.pdf', 'invoices/42.pdf']]);
  });

  it('uses a FORCE_SCRIPT_NAME-prefixed MEDIA_URL', () => {
    const ctx = { mediaUrl: '/kitchen/media/' };
    assert.deepEqual(seen('<img src="/kitchen/media/menu/soup.jpg"><img src="/media/other.jpg">', 'django-html', ctx), [
      ['/kitchen/media/menu/soup.jpg', 'menu/soup.jpg'],
    ]);
  });

  it('mirrors static() for a MEDIA_URL without trailing slash', () => {
    assert.deepEqual(seen('<img src="/media/x.png"><img src="/mediaart/y.png">', 'django-html', { mediaUrl: '/media' }), [
      ['/media/x.png', 'x.png'],
      ['/mediaart/y.png', 'art/y.png'],
    ]);
  });

  it('reports no literal URLs when MEDIA_URL is "/" (every link would be media)', () => {
    assert.deepEqual(seen('<a href="/about/">x</a><img src="/static/a.png">{{ MEDIA_URL }}b.png', 'django-html', { mediaUrl: '/' }), [
      ['{{ MEDIA_URL }}b.png', 'b.png'],
    ]);
  });

  it('gives the storage name but no target when MEDIA_ROOT is unknown', () => {
    const [r] = refs('<img src="/media/a.png">', 'django-html', { mediaRoot: null });
    assert.equal(r!.storageName, 'a.png');
    assert.equal(r!.target, null);
  });
});

describe('findMediaReferences: absolute MEDIA_URL (CDN)', () => {
  const cdn = { mediaUrl: 'https://cdn.example.com/media/' };
  it('finds https, http and protocol-relative URLs on the CDN host', () => {
    const html = '<img src="https://cdn.example.com/media/a.png"><img src="http://cdn.example.com/media/b.png"><img src="//cdn.example.com/media/c.png">';
    const found = refs(html, 'django-html', cdn);
    assert.deepEqual(found.map((r) => [r.text, r.form, r.storageName]), [
      ['https://cdn.example.com/media/a.png', 'absolute-url', 'a.png'],
      ['http://cdn.example.com/media/b.png', 'absolute-url', 'b.png'],
      ['//cdn.example.com/media/c.png', 'absolute-url', 'c.png'],
    ]);
    assert.equal(found[0]!.range.column, 11);
  });

  it('ignores other hosts, other schemes and bare paths', () => {
    const html = '<img src="https://evil.com/media/a.png"><img src="ftp://cdn.example.com/media/b.png"><img src="/media/c.png"><img src="https://x.cdn.example.com/media/d.png">';
    assert.deepEqual(seen(html, 'django-html', cdn), []);
  });

  it('accepts a protocol-relative MEDIA_URL', () => {
    assert.deepEqual(seen('<img src="https://cdn.example.com/media/a.png">', 'django-html', { mediaUrl: '//cdn.example.com/media/' }), [['https://cdn.example.com/media/a.png', 'a.png']]);
  });

  it('prefixes template forms with the CDN URL', () => {
    assert.deepEqual(seen('<img src="{{ MEDIA_URL }}a.png">', 'django-html', cdn), [['{{ MEDIA_URL }}a.png', 'a.png']]);
  });
});

describe('findMediaReferences: template forms', () => {
  it('{{ MEDIA_URL }} with spacing, settings., Jinja trims and neutral filters', () => {
    const html = [
      '<img src="{{ MEDIA_URL }}a.png">',
      '<img src="{{MEDIA_URL}}b.png">',
      '<img src="{{ settings.MEDIA_URL }}c.png">',
      '<img src="{{- MEDIA_URL -}}d.png">',
      '<img src="{{ MEDIA_URL|safe }}e.png">',
      '<img src="{{ MEDIA_URL | default:"/media/" }}f.png">',
    ].join('\n');
    const found = refs(html);
    assert.deepEqual(found.map((r) => [r.text, r.form, r.storageName, r.range.line, r.range.column]), [
      ['{{ MEDIA_URL }}a.png', 'media-url-variable', 'a.png', 1, 11],
      ['{{MEDIA_URL}}b.png', 'media-url-variable', 'b.png', 2, 11],
      ['{{ settings.MEDIA_URL }}c.png', 'media-url-variable', 'c.png', 3, 11],
      ['{{- MEDIA_URL -}}d.png', 'media-url-variable', 'd.png', 4, 11],
      ['{{ MEDIA_URL|safe }}e.png', 'media-url-variable', 'e.png', 5, 11],
      ['{{ MEDIA_URL | default:"/media/" }}f.png', 'media-url-variable', 'f.png', 6, 11],
    ]);
  });

  it('skips MEDIA_URL under filters that change it, other variables and other expressions', () => {
    const html = '{{ MEDIA_URL|upper }}a.png {{ obj.MEDIA_URL }}b.png {{ MEDIA_URLS }}c.png {{ MY_MEDIA_URL }}d.png {{ MEDIA_URL ~ "e" }}f.png';
    assert.deepEqual(seen(html), []);
  });

  it('{% get_media_prefix %}', () => {
    const found = refs('<a href="{% get_media_prefix %}docs/price-list.pdf">PDF</a> {%get_media_prefix%}b.png');
    assert.deepEqual(found.map((r) => [r.text, r.form, r.storageName]), [
      ['{% get_media_prefix %}docs/price-list.pdf', 'media-prefix-tag', 'docs/price-list.pdf'],
      ['{%get_media_prefix%}b.png', 'media-prefix-tag', 'b.png'],
    ]);
  });

  it('{% get_media_prefix as P %} … {{ P }}path, only after the binding', () => {
    const html = [
      '<img src="{{ P }}before.png">',
      '{% load static %}{% get_media_prefix as P %}',
      '<img src="{{ P }}products/mug.jpg">',
      '<img src="{{P|safe}}b.png"> {{ P.url }}c.png {{ PX }}d.png',
    ].join('\n');
    const found = refs(html);
    assert.deepEqual(found.map((r) => [r.text, r.form, r.storageName, r.range.line, r.range.column]), [
      ['{{ P }}products/mug.jpg', 'media-prefix-variable', 'products/mug.jpg', 3, 11],
      ['{{P|safe}}b.png', 'media-prefix-variable', 'b.png', 4, 11],
    ]);
  });

  it('maps the template forms with a MEDIA_URL lacking its slash the way Django serves them', () => {
    assert.deepEqual(seen('{{ MEDIA_URL }}a.png', 'django-html', { mediaUrl: '/media' }), [['{{ MEDIA_URL }}a.png', 'a.png']]);
  });

  it('skips paths built from template code, but keeps a file with a dynamic query', () => {
    const html = [
      '<img src="{{ MEDIA_URL }}{{ photo.image }}">',
      '<img src="/media/products/{{ p.slug }}.png">',
      '<img src="{% get_media_prefix %}{% firstof a b %}">',
      '<img src="/media/{% if x %}a{% endif %}.png">',
      '<img src="{{ MEDIA_URL }}logo.png?v={{ version }}">',
      '<img src="{{ MEDIA_URL }}">',
    ].join('\n');
    assert.deepEqual(seen(html), [['{{ MEDIA_URL }}logo.png?v=', 'logo.png']]);
  });

  it('is not fooled by {% static %}, STATIC_URL or {{ photo.image.url }}', () => {
    const html = [
      "{% load static %}<img src=\"{% static 'img/logo.png' %}\"><img src=\"{% static '/media/x.png' %}\">",
      '<img src="/static/img/a.png"><img src="{{ STATIC_URL }}b.png"><img src="{{ photo.image.url }}">',
      "{{ static('/media/jinja.png') }}",
    ].join('\n');
    assert.deepEqual(seen(html), []);
  });

  it('skips literal URLs under a STATIC_URL that lies inside MEDIA_URL', () => {
    assert.deepEqual(seen('<img src="/assets/static/a.png"><img src="/assets/b.png">', 'django-html', { mediaUrl: '/assets/', staticUrl: '/assets/static/' }), [
      ['/assets/b.png', 'b.png'],
    ]);
  });
});

describe('findMediaReferences: positions', () => {
  it('counts columns in UTF-16 code units', () => {
    const [r] = refs('<p>😀 ü</p><img src="/media/a.png">');
    // "<p>😀 ü</p><img src=\"" is 21 UTF-16 units (20 code points: the emoji counts 2).
    assert.equal(r!.range.column, 22);
    assert.equal(r!.range.endColumn, 22 + '/media/a.png'.length);
  });

  it('counts lines across \\n, \\r\\n and lone \\r', () => {
    const text = 'a\r\nb\rc\n<img src="/media/x.png">\r\n\r\n  {{ MEDIA_URL }}y.png';
    assert.deepEqual(refs(text).map((r) => [r.range.line, r.range.column]), [
      [4, 11],
      [6, 3],
    ]);
  });

  it('handles huge lines: exact columns, far-apart references, overlong URLs skipped', () => {
    const filler = 'x'.repeat(3_000_000);
    const overlong = `"/media/${'a'.repeat(10_000)}.png"`;
    const text = `${filler}"/media/first.png"${filler}${overlong} "/media/last.png"`;
    const found = refs(text);
    assert.deepEqual(found.map((r) => [r.text, r.range.line, r.range.column]), [
      ['/media/first.png', 1, filler.length + 2],
      ['/media/last.png', 1, text.length - '/media/last.png'.length],
    ]);
  });

  it('reports at most MAX_REFERENCES, the first ones', () => {
    const text = '"/media/a.png" '.repeat(MAX_REFERENCES + 10);
    const found = refs(text);
    assert.equal(found.length, MAX_REFERENCES);
    assert.equal(found[0]!.range.column, 2);
    assert.equal(found[found.length - 1]!.range.column, (MAX_REFERENCES - 1) * 15 + 2);
  });

  it('returns nothing for empty text or an unusable MEDIA_URL', () => {
    assert.deepEqual(refs(''), []);
    assert.deepEqual(refs('"/media/a.png"', 'django-html', { mediaUrl: 'ftp://x/' }).length, 0);
  });
});

describe('findMediaReferences: every target stays inside MEDIA_ROOT (property)', () => {
  it('holds for generated hostile references in every form', () => {
    const pieces = ['..', '%2e%2e', '%2E.', '.', '%2F', '%5C', '\\', '/', '//', 'a', 'ü', '%zz', '%00', '?', '#', '..%2f', 'b.png'];
    const forms = ['"/media/', "'{{ MEDIA_URL }}", '"{% get_media_prefix %}', '"{{ P }}', 'url(/media/', '"https://cdn.example.com/media/'];
    let a = 12345;
    const random = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
    const lines = ['{% get_media_prefix as P %}'];
    for (let n = 0; n < 5000; n++) {
      let s = forms[Math.floor(random() * forms.length)]!;
      const k = 1 + Math.floor(random() * 6);
      for (let j = 0; j < k; j++) s += pieces[Math.floor(random() * pieces.length)];
      lines.push(`${s}"`);
    }
    const text = lines.join('\n');
    let withTarget = 0;
    for (const mediaUrl of ['/media/', '/media', 'https://cdn.example.com/media/']) {
      const found = refs(text, 'django-html', { mediaUrl });
      assert.ok(found.length > 1000, `${mediaUrl}: only ${found.length} references`);
      for (const r of found) {
        if (r.target === null) continue;
        withTarget++;
        assert.ok(r.target.startsWith(`${ROOT}/`), `${r.text} -> ${r.target}`);
        assert.ok(!r.target.split('/').includes('..'), `${r.text} -> ${r.target}`);
      }
    }
    assert.ok(withTarget > 1000, `only ${withTarget} references were mappable`);
  });
});

describe('languageOfFile', () => {
  it('knows the text files that can hold references', () => {
    assert.equal(languageOfFile('/p/app/templates/app/page.html'), 'django-html');
    assert.equal(languageOfFile('/p/frontend/index.html'), 'html');
    assert.equal(languageOfFile('/p/app/jinja2/page.jinja'), 'jinja');
    assert.equal(languageOfFile('/p/t/mail.j2'), 'jinja');
    assert.equal(languageOfFile('/p/templates/mail.txt'), 'text');
    assert.equal(languageOfFile('/p/app/views.py'), 'python');
    assert.equal(languageOfFile('/p/static/site.SCSS'), 'css');
    assert.equal(languageOfFile('/p/static/app.tsx'), 'javascript');
    assert.equal(languageOfFile('/p/README.md'), 'markdown');
    assert.equal(languageOfFile('/p/media/a.png'), undefined);
    assert.equal(languageOfFile('/p/Makefile'), undefined);
    assert.equal(languageOfFile('/p/.env'), undefined);
  });
});
