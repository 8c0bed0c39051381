import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { StaticFileLookup, staticFindersOf } from '../../../src/core/staticfiles/finders';
import { findStaticReferences } from '../../../src/core/staticfiles/references';
import { staticTagAvailability, staticTagsWithoutLoad } from '../../../src/core/staticfiles/templateLoad';
import { staticCompletionContext, staticCompletionItems } from '../../../src/core/editor/staticCompletion';
import { check, managePy, MemoryWorkspace, only, withCode, WS } from '../checks/harness';

const DJANGO = `TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True, "OPTIONS": {}}]\n`;

function project(settings: string, files: Record<string, string> = {}): MemoryWorkspace {
  return new MemoryWorkspace({
    [`${WS}/manage.py`]: managePy('site_conf.settings'),
    [`${WS}/site_conf/__init__.py`]: '',
    [`${WS}/site_conf/settings.py`]: `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "/static/"\n${settings}`,
    ...files,
  });
}

async function finders(fs: MemoryWorkspace) {
  const model = await analyzeProject(fs, { root: WS, managePy: `${WS}/manage.py`, name: 'ws' });
  return staticFindersOf(fs, model);
}

async function find(fs: MemoryWorkspace, name: string) {
  const f = await finders(fs);
  assert.ok(f.known, f.known ? '' : f.reason);
  return new StaticFileLookup(fs, f.sources).find(name, true);
}

describe('staticfiles finders', () => {
  const APPS = 'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.staticfiles", "shop", "blog.apps.BlogConfig"]\n';
  const files = {
    [`${WS}/shop/__init__.py`]: '',
    [`${WS}/shop/static/img/a.png`]: 'shop',
    [`${WS}/blog/__init__.py`]: '',
    [`${WS}/blog/apps.py`]: 'from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n    name = "blog"\n',
    [`${WS}/blog/static/img/a.png`]: 'blog',
    [`${WS}/blog/static/blog/b.js`]: 'blog',
    [`${WS}/assets/img/a.png`]: 'assets',
    [`${WS}/vendor_files/chart.js`]: 'x',
  };

  test('STATICFILES_DIRS first, then apps in INSTALLED_APPS order; later matches are shadowed', async () => {
    const fs = project(`${APPS}STATICFILES_DIRS = [BASE_DIR / "assets", ("vendor", BASE_DIR / "vendor_files")]\n`, files);
    const r = await find(fs, 'img/a.png');
    assert.equal(r.kind, 'found');
    assert.ok(r.kind === 'found');
    assert.equal(r.match.path, `${WS}/assets/img/a.png`);
    assert.deepEqual(r.shadowed.map((m) => m.path), [`${WS}/shop/static/img/a.png`, `${WS}/blog/static/img/a.png`]);
    const b = await find(fs, 'blog/b.js');
    assert.ok(b.kind === 'found' && b.match.source.app === 'blog.apps.BlogConfig');
    const v = await find(fs, 'vendor/chart.js');
    assert.ok(v.kind === 'found' && v.match.path === `${WS}/vendor_files/chart.js`);
    assert.equal((await find(fs, 'chart.js')).kind, 'missing', 'a prefixed folder only serves names under its prefix');
  });

  test('a name only django.contrib.admin could hold is unknown; another one is missing', async () => {
    const fs = project(APPS, files);
    assert.equal((await find(fs, 'admin/css/base.css')).kind, 'unknown');
    assert.equal((await find(fs, 'img/nothing.png')).kind, 'missing');
  });

  test('an app outside the workspace makes every miss unknown', async () => {
    const fs = project('INSTALLED_APPS = ["django.contrib.staticfiles", "shop", "rest_framework"]\n', files);
    assert.equal((await find(fs, 'img/nothing.png')).kind, 'unknown');
    assert.equal((await find(fs, 'img/a.png')).kind, 'found', 'a match before the unknown app still wins');
  });

  test('without django.contrib.staticfiles, or with an unmodelled finder before a match, nothing is claimed', async () => {
    assert.equal((await finders(project('INSTALLED_APPS = ["shop"]\n', files))).known, false);
    const fs = project(`${APPS}STATICFILES_FINDERS = ["compressor.finders.CompressorFinder", "django.contrib.staticfiles.finders.AppDirectoriesFinder"]\n`, files);
    assert.equal((await find(fs, 'img/a.png')).kind, 'unknown');
  });

  test('a symbolic link out of a finder folder is unknown, never followed', async () => {
    const fs = project(`${APPS}STATICFILES_DIRS = [BASE_DIR / "assets"]\n`, { ...files, '/elsewhere/x.png': 'secret' });
    fs.link(`${WS}/assets/linked`, '/elsewhere');
    assert.equal((await find(fs, 'linked/x.png')).kind, 'unknown');
  });
});

describe('static references', () => {
  const ctx = { file: '/ws/t.html', staticUrl: '/static/', mediaUrl: '/media/' };

  test('tags, Jinja calls, URLs under STATIC_URL and {{ STATIC_URL }}; dynamic names are not references', () => {
    const text = [
      `{% load static %}<img src="{% static 'img/a.png' %}">`,
      `<script src="{% static "js/app.js" as app %}"></script>`,
      `<img src="{% static product.image %}"> <img src="{% static 'img/'|add:name %}">`,
      `<a href="/static/docs/guide.pdf">guide</a> <img src="/media/up.png">`,
      `<img src="{{ STATIC_URL }}img/b.png"> {{ static('img/c.png') }}`,
    ].join('\n');
    const refs = findStaticReferences(text, 'django-html', ctx);
    assert.deepEqual(refs.map((r) => [r.form, r.name, r.range.line]), [
      ['static-tag', 'img/a.png', 1],
      ['static-tag', 'js/app.js', 2],
      ['url', 'docs/guide.pdf', 4],
      ['static-url-variable', 'img/b.png', 5],
      ['static-tag', 'img/c.png', 5],
    ]);
    const first = refs[0]!;
    assert.equal(text.split('\n')[0]!.slice(first.nameColumn - 1, first.nameEndColumn - 1), 'img/a.png');
  });

  test('an absolute (CDN) STATIC_URL: its URLs are static references too', () => {
    const refs = findStaticReferences(`<img src="https://cdn.example.com/static/img/a.png"> <img src="/static/img/b.png">`, 'django-html', { ...ctx, staticUrl: 'https://cdn.example.com/static/' });
    assert.deepEqual(refs.map((r) => [r.form, r.name]), [['url', 'img/a.png']]);
  });

  test('static() in Python counts only where django.templatetags.static.static is imported', () => {
    const withImport = 'from django.templatetags.static import static\nLOGO = static("img/logo.png")\n';
    assert.deepEqual(findStaticReferences(withImport, 'python', { ...ctx, file: '/ws/a.py' }).map((r) => r.name), ['img/logo.png']);
    const urlsStatic = 'from django.conf.urls.static import static\nurlpatterns += static("/media/", document_root="x")\n';
    assert.deepEqual(findStaticReferences(urlsStatic, 'python', { ...ctx, file: '/ws/urls.py' }), []);
  });
});

describe('{% load static %}', () => {
  const libs = new Set(['static']);
  test('per template, from where it is loaded; comments do not count', () => {
    assert.deepEqual(staticTagsWithoutLoad(`{% extends "b.html" %}{% static 'a' %}`, libs), [22]);
    assert.deepEqual(staticTagsWithoutLoad(`{% load i18n static %}{% static 'a' %}`, libs), []);
    assert.deepEqual(staticTagsWithoutLoad(`{% load static from static %}{% static 'a' %}`, libs), []);
    assert.deepEqual(staticTagsWithoutLoad(`{% load get_static_prefix from static %}{% static 'a' %}`, libs).length, 1);
    assert.deepEqual(staticTagsWithoutLoad(`{% static 'a' %}{% load static %}`, libs), [0]);
    assert.deepEqual(staticTagsWithoutLoad(`{# {% static 'a' %} #}{% comment %}{% static 'b' %}{% endcomment %}`, libs), []);
  });

  test('TEMPLATES builtins make it available everywhere; libraries can alias it', () => {
    const model = (options: unknown) => ({
      raw: (n: string) => (n === 'TEMPLATES' ? { known: true as const, value: [{ BACKEND: 'django.template.backends.django.DjangoTemplates', OPTIONS: options }] as never } : undefined),
    });
    assert.equal(staticTagAvailability(model({ builtins: ['django.templatetags.static'] })).kind, 'builtin');
    const aliased = staticTagAvailability(model({ libraries: { staticfiles: 'django.templatetags.static' } }));
    assert.ok(aliased.kind === 'load' && aliased.libraries.has('staticfiles'));
    const withJinja = { raw: () => ({ known: true as const, value: [{ BACKEND: 'django.template.backends.jinja2.Jinja2' }, { BACKEND: 'django.template.backends.django.DjangoTemplates' }] as never }) };
    assert.equal(staticTagAvailability(withJinja).kind, 'unknown', 'another engine may own the template');
  });

  test('the rule: error with a fix inserting the load after {% extends %}; none with builtins', async () => {
    const settings = `INSTALLED_APPS = ["django.contrib.staticfiles"]\n${DJANGO}`;
    const tpl = { [`${WS}/templates/page.html`]: `{% extends "base.html" %}\n{% block x %}<img src="{% static 'a.png' %}">{% endblock %}\n` };
    const fs = project(settings, tpl);
    const f = only(await check(fs), 'templates.static-not-loaded');
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.range.line, f.range.column], [2, 24]);
    fs.applyFix(f.fixes[0]!);
    assert.equal(fs.read(`${WS}/templates/page.html`).split('\n')[1], '{% load static %}');
    assert.deepEqual(withCode(await check(fs), 'templates.static-not-loaded'), []);
    const builtin = project(settings.replace('"OPTIONS": {}', '"OPTIONS": {"builtins": ["django.templatetags.static"]}'), tpl);
    assert.deepEqual(withCode(await check(builtin), 'templates.static-not-loaded'), []);
  });
});

describe('static.missing-file', () => {
  const tpl = (name: string) => ({ [`${WS}/templates/p.html`]: `{% load static %}<img src="{% static '${name}' %}">\n`, [`${WS}/assets/ok.png`]: 'x' });
  const base = `INSTALLED_APPS = ["django.contrib.staticfiles"]\n${DJANGO}STATICFILES_DIRS = [BASE_DIR / "assets"]\n`;

  test('a warning with the default storage, an error with a manifest storage', async () => {
    assert.equal(only(await check(project(base, tpl('nope.png'))), 'static.missing-file').severity, 'warning');
    const manifest = `${base}STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}\n`;
    const f = only(await check(project(manifest, tpl('nope.png'))), 'static.missing-file');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Missing staticfiles manifest entry for 'nope\.png'/);
    assert.deepEqual(withCode(await check(project(base, tpl('ok.png'))), 'static.missing-file'), []);
  });

  test('never when an app outside the workspace could hold it', async () => {
    const fs = project(base.replace('"django.contrib.staticfiles"', '"django.contrib.staticfiles", "debug_toolbar"'), tpl('nope.png'));
    assert.deepEqual(withCode(await check(fs), 'static.missing-file'), []);
  });
});

describe('staticfiles.dir-shadowed', () => {
  test('a folder whose every file an earlier entry provides; not one with a file of its own', async () => {
    const files = { [`${WS}/a/x.png`]: '1', [`${WS}/a/y.png`]: '1', [`${WS}/b/x.png`]: '2', [`${WS}/c/x.png`]: '3', [`${WS}/c/own.png`]: '3' };
    const fs = project('INSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATICFILES_DIRS = [BASE_DIR / "a", BASE_DIR / "b", BASE_DIR / "c"]\n', files);
    const f = only(await check(fs), 'staticfiles.dir-shadowed');
    assert.match(f.message, /^Every file in '\/ws\/b' \(1\) is also in '\/ws\/a'/);
  });
});

describe('static completion', () => {
  test('inside {% static \' only, across every location, the first holder of a name winning', async () => {
    assert.equal(staticCompletionContext(`<img src="/static/`, 19), undefined);
    const c = staticCompletionContext(`{% static 'img/lo`, 18);
    assert.deepEqual(c && [c.folder, c.typed], ['img/', 'lo']);
    const fs = new MemoryWorkspace({ '/ws/a/img/logo.png': '1', '/ws/b/img/logo.png': '2', '/ws/b/img/icon.png': '2', '/ws/v/chart.js': '3' });
    const sources = [
      { kind: 'folder' as const, finder: 'FileSystemFinder' as const, folder: '/ws/a', prefix: null, dirsIndex: 0 },
      { kind: 'folder' as const, finder: 'FileSystemFinder' as const, folder: '/ws/v', prefix: 'vendor', dirsIndex: 1 },
      { kind: 'folder' as const, finder: 'AppDirectoriesFinder' as const, folder: '/ws/b', prefix: null, app: 'shop' },
    ];
    assert.deepEqual((await staticCompletionItems(fs, sources, '')).map((i) => [i.label, i.isFolder]), [['img', true], ['vendor', true]]);
    assert.deepEqual((await staticCompletionItems(fs, sources, 'img/')).map((i) => [i.label, i.path]), [['icon.png', '/ws/b/img/icon.png'], ['logo.png', '/ws/a/img/logo.png']]);
    assert.deepEqual((await staticCompletionItems(fs, sources, 'vendor/')).map((i) => i.name), ['vendor/chart.js']);
  });
});
