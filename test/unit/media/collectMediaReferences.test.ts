import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectMediaReferences } from '../../../src/core/media';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const W = '/w';
const CTX = { mediaUrl: '/media/', mediaRoot: '/w/media', staticUrl: '/static/', staticRoot: '/w/staticfiles' };
const img = (name: string) => `<img src="/media/${name}">\n`;

/** A workspace with references everywhere, including in places the walk must skip. */
function workspace(): MemoryFileSystem {
  const fs = new MemoryFileSystem({}, { unsorted: true })
    .file('/w/manage.py', 'import os\n')
    .file('/w/shop/templates/shop/page.html', `{% load static %}\n${img('page.png')}<img src="{{ MEDIA_URL }}b.png">\n`)
    .file('/w/shop/templates/mail/welcome.txt', 'Logo: /media/logo.png\n')
    .file('/w/shop/jinja2/shop/list.jinja', '<img src="{{ MEDIA_URL }}list.png">')
    .file('/w/shop/views.py', 'DEFAULT = "/media/default.png"\n')
    .file('/w/shop/notes.txt', img('not-a-template.png'))
    .file('/w/static/css/site.css', 'body { background: url(/media/bg.jpg); }\n')
    .file('/w/static/js/app.ts', 'const a = "/media/app.png";\n')
    .file('/w/docs/guide.md', '![x](/media/guide.png)\n')
    .file('/w/frontend/index.html', img('frontend.png'))
    .file('/w/node_modules/pkg/index.js', '"/media/nm.png"')
    .file('/w/.git/hooks/x.py', '"/media/git.png"')
    .file('/w/.venv/lib/site.py', '"/media/dotvenv.png"')
    .file('/w/env/pyvenv.cfg', 'home = /usr/bin\n')
    .file('/w/env/lib/python3.12/site.py', '"/media/venv.png"')
    .file('/w/shop/__pycache__/views.py', '"/media/pycache.png"')
    .file('/w/build/lib/x.py', '"/media/build.png"')
    .file('/w/dist/x.js', '"/media/dist.png"')
    .file('/w/media/uploads/readme.md', '![x](/media/in-media-root.png)')
    .file('/w/staticfiles/admin.css', 'a { background: url(/media/in-static-root.png) }')
    .file('/w/shop/templates/big.html', `${img('big.png')}${'x'.repeat(2 * 1024 * 1024 + 1)}`)
    .file('/w/shop/templates/binary.html', `${img('binary.png')}\0\0`)
    .file('/w/shop/templates/locked.html', img('locked.png'))
    .file('/w/locked/templates/a.html', img('locked-dir.png'))
    .file('/w/shop/image.png', '"/media/png-file.png"');
  fs.denied.add('/w/shop/templates/locked.html');
  fs.denied.add('/w/locked');
  return fs;
}

describe('collectMediaReferences', () => {
  it('finds references in templates, Python, CSS, JS and Markdown, in path order', async () => {
    const refs = await collectMediaReferences(workspace(), W, CTX);
    assert.deepEqual(
      refs.map((r) => [r.range.file, r.range.line, r.text, r.target]),
      [
        ['/w/docs/guide.md', 1, '/media/guide.png', '/w/media/guide.png'],
        ['/w/shop/jinja2/shop/list.jinja', 1, '{{ MEDIA_URL }}list.png', '/w/media/list.png'],
        ['/w/shop/templates/mail/welcome.txt', 1, '/media/logo.png', '/w/media/logo.png'],
        ['/w/shop/templates/shop/page.html', 2, '/media/page.png', '/w/media/page.png'],
        ['/w/shop/templates/shop/page.html', 3, '{{ MEDIA_URL }}b.png', '/w/media/b.png'],
        ['/w/shop/views.py', 1, '/media/default.png', '/w/media/default.png'],
        ['/w/static/css/site.css', 1, '/media/bg.jpg', '/w/media/bg.jpg'],
        ['/w/static/js/app.ts', 1, '/media/app.png', '/w/media/app.png'],
      ],
    );
  });

  it('counts .html outside "templates" folders when they are TEMPLATES DIRS', async () => {
    const refs = await collectMediaReferences(workspace(), W, { ...CTX, templateDirs: ['/w/frontend/'] });
    assert.ok(refs.some((r) => r.range.file === '/w/frontend/index.html'));
  });

  it('honours exclude: absolute folders and globs relative to the walked folder', async () => {
    const refs = await collectMediaReferences(workspace(), W, { ...CTX, exclude: ['/w/static', 'docs/**', '**/*.py'] });
    assert.deepEqual([...new Set(refs.map((r) => r.range.file))], [
      '/w/shop/jinja2/shop/list.jinja',
      '/w/shop/templates/mail/welcome.txt',
      '/w/shop/templates/shop/page.html',
    ]);
  });

  it('never skips the walked folder itself, even when MEDIA_ROOT is that folder', async () => {
    const refs = await collectMediaReferences(workspace(), W, { ...CTX, mediaRoot: W, exclude: [W] });
    assert.ok(refs.some((r) => r.range.file === '/w/shop/views.py'));
    assert.ok(refs.some((r) => r.range.file === '/w/media/uploads/readme.md'));
  });

  it('does not read what it skips', async () => {
    const fs = workspace();
    await collectMediaReferences(fs, W, CTX);
    const touched = [...fs.reads, ...fs.listed];
    for (const skipped of ['/w/node_modules', '/w/.git', '/w/.venv', '/w/env/lib', '/w/shop/__pycache__', '/w/build', '/w/dist', '/w/media', '/w/staticfiles']) {
      assert.ok(!touched.some((p) => p === skipped || p.startsWith(`${skipped}/`)), `${skipped} was read`);
    }
    assert.ok(!fs.reads.includes('/w/shop/image.png'));
    assert.ok(!fs.reads.includes('/w/frontend/index.html'));
  });

  it('follows a symlinked folder once and never loops', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true })
      .file('/w/app/templates/a.html', img('a.png'))
      .link('/w/app/templates/loop', '/w/app')
      .link('/w/app/self', '/w/app/self');
    const refs = await collectMediaReferences(fs, W, CTX);
    assert.deepEqual(refs.map((r) => r.range.file), ['/w/app/templates/a.html', '/w/app/templates/loop/templates/a.html']);
    assert.ok(fs.listed.length < 10, `listed ${fs.listed.length} folders`);
  });

  it('stops at the limits', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    for (let i = 0; i < 50; i++) fs.file(`/w/t${String(i).padStart(2, '0')}.py`, `"/media/${i}.png"`);
    fs.file('/w/a/b/c/deep.py', '"/media/deep.png"');
    assert.equal((await collectMediaReferences(fs, W, { ...CTX, limits: { maxFiles: 5 } })).length, 5);
    assert.equal(fs.reads.length, 5);
    const shallow = await collectMediaReferences(fs, W, { ...CTX, limits: { maxDepth: 2 } });
    assert.equal(shallow.length, 50);
    assert.equal((await collectMediaReferences(fs, W, { ...CTX, limits: { maxDepth: 3 } })).length, 51);
  });

  it('stops when the token is aborted', async () => {
    const fs = workspace();
    const token = { aborted: false };
    const list = fs.readDirectory.bind(fs);
    fs.readDirectory = async (p) => {
      token.aborted = true;
      return list(p);
    };
    const refs = await collectMediaReferences(fs, W, CTX, token);
    assert.deepEqual(refs, []);
    assert.equal(fs.listed.length, 1);
    assert.deepEqual(fs.reads, []);
  });

  it('returns nothing for a missing or unreadable folder', async () => {
    assert.deepEqual(await collectMediaReferences(new MemoryFileSystem(), '/nowhere', CTX), []);
    const fs = workspace();
    fs.denied.add(W);
    assert.deepEqual(await collectMediaReferences(fs, W, CTX), []);
  });
});

describe('collectMediaReferences over node:fs', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'django-media-refs-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('terminates on real symlink loops, entering each link once', async () => {
    mkdirSync(join(dir, 'site/templates'), { recursive: true });
    writeFileSync(join(dir, 'site/templates/page.html'), img('photos/a%20b.png'));
    symlinkSync(join(dir, 'site'), join(dir, 'site/templates/up'));
    symlinkSync(dir, join(dir, 'site/root'));
    const refs = await collectMediaReferences(new NodeFileSystem(), dir, { mediaUrl: '/media/', mediaRoot: join(dir, 'media') });
    const files = refs.map((r) => r.range.file.slice(dir.length));
    assert.deepEqual(files, ['/site/root/site/templates/page.html', '/site/templates/page.html', '/site/templates/up/templates/page.html']);
    assert.equal(refs[1]!.target, `${dir}/media/photos/a b.png`);
  });
});
