// What serves MEDIA_URL in development, for each way real urls.py files do it
// (shared/reference/settings-in-the-wild.md, "How urls.py serves media in development").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMediaServing, settingsMap } from '../../../src/core/urls';
import type { MediaServing } from '../../../src/core/model';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { pyList, pyTuple, strValue } from '../../../src/core/python';

interface Options {
  settings?: Record<string, string | boolean | null>;
  debug?: boolean | null;
  files?: Record<string, string>;
  mediaUrl?: string | null;
}

const DEFAULTS = { MEDIA_URL: '/media/', MEDIA_ROOT: '/p/media', STATIC_URL: '/static/', STATIC_ROOT: '/p/staticfiles', DEBUG: true };

async function analyse(urls: string, opts: Options = {}) {
  const fs = new MemoryFileSystem({ '/p/manage.py': '', '/p/proj/__init__.py': '', '/p/proj/urls.py': urls, ...opts.files });
  const values = { ...DEFAULTS, ...opts.settings };
  const settings = settingsMap(values);
  const str = (k: string): string | null => (typeof values[k as keyof typeof values] === 'string' ? (values[k as keyof typeof values] as string) : null);
  return findMediaServing({
    host: { fs, env: new Map(), sysPath: ['/p'], cwd: '/p' },
    rootUrlconf: 'proj.urls',
    settings,
    mediaUrl: opts.mediaUrl === undefined ? str('MEDIA_URL') : opts.mediaUrl,
    mediaRoot: str('MEDIA_ROOT'),
    staticRoot: str('STATIC_ROOT'),
    debug: opts.debug === undefined ? (values.DEBUG as boolean) : opts.debug,
  });
}

function only(serving: MediaServing[]): MediaServing {
  assert.equal(serving.length, 1, JSON.stringify(serving));
  return serving[0];
}

const IMPORTS = `from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.static import serve
from django.contrib import admin
`;

test('static() under if settings.DEBUG: serves media in DEBUG, debug-only', async () => {
  const src = IMPORTS + `
urlpatterns = [path("admin/", admin.site.urls)]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
`;
  const on = only((await analyse(src)).serving);
  assert.deepEqual(
    { kind: on.kind, prefix: on.prefix, documentRoot: on.documentRoot, debugOnly: on.debugOnly, inDebug: on.servesMediaInDebug, now: on.servesMediaNow },
    { kind: 'static()', prefix: '/media/', documentRoot: 'MEDIA_ROOT', debugOnly: true, inDebug: true, now: true },
  );
  assert.equal(on.range.file, '/p/proj/urls.py');
  assert.equal(on.range.line, 9);
  assert.equal(on.range.column, 20);
  const off = only((await analyse(src, { settings: { DEBUG: false } })).serving);
  assert.equal(off.servesMediaInDebug, true);
  assert.equal(off.servesMediaNow, false);
  assert.equal(off.debugOnly, true);
});

test('unguarded static(): spread in the list and "+ static()"', async () => {
  for (const src of [
    IMPORTS + 'urlpatterns = [\n    path("admin/", admin.site.urls),\n    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),\n]\n',
    IMPORTS + 'urlpatterns = [path("admin/", admin.site.urls)] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  ]) {
    const s = only((await analyse(src, { settings: { DEBUG: false } })).serving);
    assert.equal(s.debugOnly, false);
    assert.equal(s.servesMediaInDebug, true);
    assert.equal(s.servesMediaNow, false, 'static() returns [] when DEBUG is off');
  }
});

test('re_path + serve with a hard-coded prefix, and a prefix that is not MEDIA_URL', async () => {
  const src = IMPORTS + `
urlpatterns = []
if settings.DEBUG:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
`;
  const s = only((await analyse(src)).serving);
  assert.equal(s.kind, 'serve-view');
  assert.equal(s.prefix, '/media/');
  assert.equal(s.servesMediaInDebug, true);
  const m = only((await analyse(IMPORTS + 'urlpatterns = [path("m/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]\n')).serving);
  assert.equal(m.prefix, '/m/');
  assert.equal(m.documentRoot, 'MEDIA_ROOT');
  assert.equal(m.servesMediaInDebug, false, 'MEDIA_URL /media/ does not reach /m/');
  const mu = only((await analyse(IMPORTS + 'urlpatterns = [path("m/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]\n', { settings: { MEDIA_URL: '/m/' } })).serving);
  assert.equal(mu.servesMediaInDebug, true);
});

test('regexes built from settings.MEDIA_URL with str.format and f-strings', async () => {
  for (const expr of ['r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/"))', 'rf"^{settings.MEDIA_URL[1:]}(?P<path>.*)$"']) {
    const r = await analyse(IMPORTS + `urlpatterns = [re_path(${expr}, serve, {"document_root": settings.MEDIA_ROOT})]\n`, { settings: { MEDIA_URL: '/uploads/' } });
    const s = only(r.serving);
    assert.equal(s.prefix, '/uploads/');
    assert.equal(s.servesMediaInDebug, true);
    assert.equal(s.debugOnly, false);
  }
});

test('old django.conf.urls.url() with serve', async () => {
  const src = 'from django.conf import settings\nfrom django.conf.urls import url\nfrom django.views.static import serve\nurlpatterns = [url(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]\n';
  assert.equal(only((await analyse(src)).serving).servesMediaInDebug, true);
});

test('a login-protected custom media view is reported as "other"', async () => {
  const r = await analyse(
    IMPORTS + 'from django.contrib.auth.decorators import login_required\nfrom . import views\nurlpatterns = [path("media/<path:path>", login_required(views.protected_media))]\n',
    { files: { '/p/proj/views.py': 'def protected_media(request, path):\n    pass\n' } },
  );
  const s = only(r.serving);
  assert.equal(s.kind, 'other');
  assert.equal(s.prefix, '/media/');
  // Three-valued: what the decorated view returns is not evaluated, so it is unknown, not "no".
  assert.equal(s.servesMediaInDebug, null);
  assert.equal(r.summary.inDebug, null);
  assert.ok(s.reason);
});

test('static() with STATIC_ROOT, a hard-coded prefix and a custom view', async () => {
  const r = await analyse(
    IMPORTS +
      `def my_view(request, path, document_root=None):
    pass
urlpatterns = static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
urlpatterns += static("/files/", document_root=settings.MEDIA_ROOT)
urlpatterns += static(settings.MEDIA_URL, view=my_view, document_root=settings.MEDIA_ROOT)
`,
  );
  assert.equal(r.serving.length, 3);
  const [stat, files, custom] = r.serving;
  assert.equal(stat.documentRoot, 'STATIC_ROOT');
  assert.equal(stat.prefix, '/static/');
  assert.equal(files.prefix, '/files/');
  assert.equal(files.servesMediaInDebug, false);
  assert.equal(custom.prefix, '/media/');
  assert.equal(custom.servesMediaInDebug, false, 'the probe reaches my_view, not serve');
});

test('include() prefixes are concatenated; the whole URLconf under a configurable prefix', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = [path(settings.BASE_PATH, include("proj.inner"))]\n', {
    settings: { BASE_PATH: 'notes/', MEDIA_URL: '/notes/media/' },
    files: { '/p/proj/inner.py': IMPORTS + 'urlpatterns = [path("", admin.site.urls)] if False else []\nurlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n' },
  });
  const s = only(r.serving);
  // static("/notes/media/") inside include("notes/") answers /notes/notes/media/…, not MEDIA_URL.
  assert.equal(s.prefix, '/notes/notes/media/');
  assert.equal(s.servesMediaInDebug, false);
  assert.ok(r.filesRead.includes('/p/proj/inner.py'));
  const ok = await analyse(IMPORTS + 'urlpatterns = [path("app/", include(("proj.inner", "inner"), namespace="inner"))]\n', {
    settings: { MEDIA_URL: '/app/media/' },
    files: { '/p/proj/inner.py': IMPORTS + 'urlpatterns = static("/media/", document_root=settings.MEDIA_ROOT)\n' },
  });
  const t = only(ok.serving);
  assert.equal(t.prefix, '/app/media/');
  assert.equal(t.servesMediaInDebug, true);
});

test('a catch-all before static() shadows it', async () => {
  const r = await analyse(IMPORTS + 'from . import views\nurlpatterns = [re_path(r"^.*$", views.spa)]\nurlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n', {
    files: { '/p/proj/views.py': 'def spa(request):\n    pass\n' },
  });
  const s = only(r.serving);
  assert.equal(s.kind, 'static()');
  assert.equal(s.servesMediaInDebug, false);
});

test('an absolute MEDIA_URL makes static() a no-op, still reported', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = []\nif settings.DEBUG:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n', { settings: { MEDIA_URL: 'https://cdn.example.com/media/' } });
  const s = only(r.serving);
  assert.equal(s.kind, 'static()');
  assert.equal(s.prefix, 'https://cdn.example.com/media/');
  assert.equal(s.servesMediaInDebug, false);
  assert.equal(s.servesMediaNow, false);
});

test('MEDIA_URL unset reads "/": static() becomes a catch-all serving the document root', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n', { settings: { MEDIA_URL: '/', MEDIA_ROOT: '' } });
  const s = only(r.serving);
  assert.equal(s.prefix, '/');
  assert.equal(s.documentRoot, 'MEDIA_ROOT');
  assert.equal(s.servesMediaInDebug, true);
});

test('an empty static() prefix raises ImproperlyConfigured (noted), even with DEBUG off', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = static("", document_root=settings.MEDIA_ROOT)\n', { settings: { DEBUG: false } });
  assert.ok(r.notes.some((n) => /Empty static prefix not permitted/.test(n.message)));
  assert.equal(r.serving.every((s) => !s.servesMediaInDebug), true);
});

test('staticfiles_urlpatterns() serves static files, not media', async () => {
  const r = await analyse('from django.contrib.staticfiles.urls import staticfiles_urlpatterns\nurlpatterns = []\nurlpatterns += staticfiles_urlpatterns()\n', { settings: { MEDIA_URL: '/static/media/' } });
  assert.deepEqual(r.serving, []);
});

test('nothing serves media: custom views only', async () => {
  const r = await analyse(IMPORTS + 'from . import views\nurlpatterns = [path("", views.home), path("admin/", admin.site.urls)]\n', { files: { '/p/proj/views.py': 'def home(request):\n    pass\n' } });
  assert.deepEqual(r.serving, []);
});

test('DEBUG unknown: as configured is reported as unknown, with a note', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = []\nif settings.DEBUG:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n', { debug: null });
  const s = only(r.serving);
  assert.equal(s.servesMediaInDebug, true);
  assert.equal(s.servesMediaNow, null);
  assert.deepEqual([r.summary.inDebug, r.summary.now], [true, null]);
  assert.ok(r.notes.some((n) => /DEBUG is unknown/.test(n.message)));
});

test('i18n_patterns: the language prefix is noted; media outside it still resolves', async () => {
  const r = await analyse(
    IMPORTS + 'from django.conf.urls.i18n import i18n_patterns\nurlpatterns = i18n_patterns(path("admin/", admin.site.urls))\nurlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    { settings: { LANGUAGES: null } },
  );
  const s = only(r.serving);
  assert.equal(s.servesMediaInDebug, null, 'LANGUAGES unknown: media could be a language prefix');
  assert.equal(r.summary.inDebug, null);
  assert.ok(r.notes.some((n) => /i18n_patterns/.test(n.message)));
});

test('an unevaluated URL list before static() makes the result unknown, with a urlpatterns note', async () => {
  const r = await analyse(IMPORTS + 'import some_cms\nurlpatterns = [path("", include(some_cms.urls))]\nurlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n');
  const s = only(r.serving);
  assert.equal(s.servesMediaInDebug, null);
  assert.equal(r.summary.inDebug, null);
  assert.match(r.summary.reason ?? '', /some_cms/);
  assert.equal(r.summary.range?.line, 7, 'the summary names the line that stopped the analysis');
  assert.ok(r.notes.some((n) => n.severity === 'warning' && /urlpatterns/.test(n.message)));
});

test('a missing ROOT_URLCONF module is noted', async () => {
  const fs = new MemoryFileSystem({ '/p/manage.py': '' });
  const r = await findMediaServing({ host: { fs, env: new Map(), sysPath: ['/p'], cwd: '/p' }, rootUrlconf: 'nope.urls', settings: settingsMap(DEFAULTS), mediaUrl: '/media/', mediaRoot: '/p/media', staticRoot: null, debug: true });
  assert.deepEqual(r.serving, []);
  assert.ok(r.notes.some((n) => /not found/.test(n.message)));
});

test('document_root given as an equivalent path (Path object, os.path.join) counts as MEDIA_ROOT', async () => {
  const r = await analyse(IMPORTS + 'import os\nfrom pathlib import Path\nurlpatterns = static(settings.MEDIA_URL, document_root=Path("/p") / "media")\nurlpatterns += static("/x/", document_root=os.path.join(settings.BASE_DIR, "staticfiles"))\n', { settings: { BASE_DIR: '/p' } });
  assert.equal(r.serving[0].documentRoot, 'MEDIA_ROOT');
  assert.equal(r.serving[0].servesMediaInDebug, true);
  assert.equal(r.serving[1].documentRoot, 'STATIC_ROOT');
});

const STATIC_MEDIA = 'urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n';

test('try: import debug_toolbar … except ImportError after static(): served whether it is installed or not', async () => {
  const src = IMPORTS + 'urlpatterns = []\n' + STATIC_MEDIA + 'try:\n    import debug_toolbar\n    urlpatterns = [path("__debug__/", include(debug_toolbar.urls))] + urlpatterns\nexcept ImportError:\n    pass\n';
  const r = await analyse(src);
  assert.deepEqual(r.summary, { inDebug: true, now: true });
  assert.equal(only(r.serving).servesMediaInDebug, true);
  // When the two cases differ (a catch-all only when the package is installed), it stays unknown.
  const differs = IMPORTS + 'from . import views\nurlpatterns = []\ntry:\n    import spa_kit\n    urlpatterns.append(re_path(r"^.*$", views.spa))\nexcept ImportError:\n    pass\n' + STATIC_MEDIA;
  const u = await analyse(differs, { files: { '/p/proj/views.py': 'def spa(request):\n    pass\n' } });
  assert.equal(u.summary.inDebug, null);
  assert.match(u.summary.reason ?? '', /spa_kit/);
});

test('i18n_patterns before static(): a path outside the language prefixes is not theirs', async () => {
  const i18n = 'from django.conf.urls.i18n import i18n_patterns\n';
  const src = IMPORTS + i18n + 'urlpatterns = i18n_patterns(path("", include("proj.inner")))\n' + STATIC_MEDIA;
  const inner = { '/p/proj/inner.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("<path:rest>", views.page)]\n', '/p/proj/views.py': 'def page(request, rest):\n    return rest\n' };
  // LANGUAGES given: "media" is none of them.
  assert.deepEqual((await analyse(src, { settings: { LANGUAGES: null }, files: inner })).summary.inDebug, null, 'LANGUAGES = None is unknown');
  const langs = { '/p/proj/urls.py': IMPORTS + i18n + 'urlpatterns = i18n_patterns(path("", include("proj.inner")))\n' + STATIC_MEDIA, ...inner };
  const fs = await findWith(langs, { LANGUAGES: [['en', 'English'], ['de', 'Deutsch']] });
  assert.deepEqual(fs.summary, { inDebug: true, now: true });
  // Django's default LANGUAGES (not set): every code is 2-3 letters with a region, never "media".
  assert.deepEqual((await analyse(src, { files: inner })).summary, { inDebug: true, now: true });
  // A MEDIA_URL that looks like a language code stays unknown.
  assert.equal((await analyse(src, { settings: { MEDIA_URL: '/de/' }, files: inner })).summary.inDebug, null);
  // prefix_default_language=False: the default language's URLs have no prefix; the catch-all inside answers.
  const noPrefix = IMPORTS + i18n + 'urlpatterns = i18n_patterns(path("", include("proj.inner")), prefix_default_language=False)\n' + STATIC_MEDIA;
  assert.equal((await analyse(noPrefix, { files: inner })).summary.inDebug, null);
});

test('re.escape() in a route and reverse_lazy() in an included module are evaluated', async () => {
  const src = 'import re\n' + IMPORTS + 'urlpatterns = [\n    path("accounts/", include("proj.accounts")),\n    re_path(r"^%s(?P<path>.*)$" % re.escape(settings.MEDIA_URL.lstrip("/")), serve, {"document_root": settings.MEDIA_ROOT}),\n]\n';
  const accounts = 'from django.urls import path, reverse_lazy\nfrom django.views.generic import RedirectView\nurlpatterns = [path("", RedirectView.as_view(url=reverse_lazy("login")))]\n';
  const r = await analyse(src, { settings: { MEDIA_URL: '/media-files/' }, files: { '/p/proj/accounts.py': accounts } });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
  assert.equal(only(r.serving).prefix, '/media-files/');
  assert.ok(!r.notes.some((n) => /not callable/.test(n.message)), r.notes.map((n) => n.message).join('\n'));
});

test('static(view=…): a project view that hands the request to serve() serves; one that may not is unknown', async () => {
  const wrapper = 'def serve_media(request, path, document_root=None):\n    response = serve(request, path, document_root=document_root)\n    response["Cache-Control"] = "no-store"\n    return response\n';
  const r = await analyse(IMPORTS + wrapper + 'urlpatterns = static("/media/", view=serve_media, document_root=settings.MEDIA_ROOT)\n');
  const s = only(r.serving);
  assert.deepEqual([s.kind, s.prefix, s.documentRoot, s.servesMediaInDebug], ['static()', '/media/', 'MEDIA_ROOT', true]);
  const guarded = 'def serve_media(request, path, document_root=None):\n    if not request.user.is_staff:\n        raise PermissionError\n    return serve(request, path, document_root=document_root)\n';
  const u = await analyse(IMPORTS + guarded + 'urlpatterns = static("/media/", view=serve_media, document_root=settings.MEDIA_ROOT)\n');
  assert.equal(only(u.serving).servesMediaInDebug, null);
  assert.match(only(u.serving).reason ?? '', /serve_media/);
});

test('a serve route is reported under its literal prefix, never its route text', async () => {
  const r = await analyse(IMPORTS + 'urlpatterns = [path("m/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]\n', { settings: { MEDIA_URL: '/m/' } });
  assert.equal(only(r.serving).prefix, '/m/');
  assert.equal(only(r.serving).servesMediaInDebug, true);
});

async function findWith(files: Record<string, string>, extra: Record<string, unknown>) {
  const fs = new MemoryFileSystem({ '/p/manage.py': '', '/p/proj/__init__.py': '', ...files });
  const settings = settingsMap(DEFAULTS);
  for (const [k, v] of Object.entries(extra)) settings.set(k, pyList((v as string[][]).map((pair) => pyTuple(pair.map((x) => strValue(x))))));
  return findMediaServing({ host: { fs, env: new Map(), sysPath: ['/p'], cwd: '/p' }, rootUrlconf: 'proj.urls', settings, mediaUrl: '/media/', mediaRoot: '/p/media', staticRoot: '/p/staticfiles', debug: true });
}

test('a note about an include()d urlpatterns that cannot be read points at that include(), each at its own line', async () => {
  // Shaped like wagtail's bakerydemo/urls.py: third-party URLconfs included in the first list, a
  // DEBUG block, and a last `urlpatterns += [...]` that includes one more.
  const src = `from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

import debug_toolbar

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("__debug__/", include(debug_toolbar.urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include(wagtail_urls)),
]
`;
  const r = await analyse(src);
  const includeNotes = r.notes
    .filter((n) => n.message.startsWith('An include()d urlpatterns cannot be read'))
    .map((n) => ({ module: /: (\S+) is not evaluated/.exec(n.message)?.[1], file: n.range?.file, line: n.range?.line }));
  assert.deepEqual(includeNotes, [
    { module: 'wagtail.admin.urls', file: '/p/proj/urls.py', line: 12 },
    { module: 'wagtail.documents.urls', file: '/p/proj/urls.py', line: 13 },
    { module: 'debug_toolbar.urls', file: '/p/proj/urls.py', line: 14 },
    { module: 'wagtail.urls', file: '/p/proj/urls.py', line: 23 },
  ]);
});
