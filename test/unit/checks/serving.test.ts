import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixAndRecheck, only, project, URLS, withCode } from './harness';

const NOTHING_SERVED = `from django.urls import path

urlpatterns = [
    path("", lambda request: None),
]
`;

test('media not served in development: fixed by adding static() under settings.DEBUG with its imports', async () => {
  const fs = project({ urls: NOTHING_SERVED });
  const f = only(await check(fs), 'media-serving.missing-in-development');
  assert.equal(f.range.file, URLS);
  assert.match(f.message, /runserver serves static files by itself but never media/);
  const { after } = await fixAndRecheck(fs, 'media-serving.missing-in-development');
  assert.equal(withCode(after, 'media-serving.missing-in-development').length, 0);
  const text = fs.read(URLS);
  assert.match(text, /^from django\.urls import path\nfrom django\.conf import settings\nfrom django\.conf\.urls\.static import static$/m);
  assert.match(text, /\nif settings\.DEBUG:\n {4}urlpatterns \+= static\(settings\.MEDIA_URL, document_root=settings\.MEDIA_ROOT\)\n$/);
});

test('not reported with DEBUG off, with an absolute MEDIA_URL, or with remote storage', async () => {
  for (const extra of ['DEBUG = False', 'MEDIA_URL = "https://cdn.example.com/media/"', 'STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "x"}}']) {
    assert.equal(withCode(await check(project({ urls: NOTHING_SERVED, extra })), 'media-serving.missing-in-development').length, 0, extra);
  }
});

test('static() with MEDIA_URL unset is a catch-all serving the working directory', async () => {
  const settings = 'DEBUG = True\nINSTALLED_APPS = []\nROOT_URLCONF = "site_config.urls"\n';
  const f = only(await check(project({ settings })), 'media-serving.catch-all');
  assert.equal(f.severity, 'error');
  assert.equal(f.djangoCheck, null);
  assert.match(f.message, /GET \/manage\.py returns your source code/);
});

test('static() with an absolute MEDIA_URL does nothing', async () => {
  const f = only(await check(project({ extra: 'MEDIA_URL = "https://cdn.example.com/media/"' })), 'media-serving.static-noop');
  assert.match(f.message, /cdn\.example\.com/);
});

test('media served from STATIC_ROOT: fixed by serving MEDIA_ROOT', async () => {
  const urls = `from django.conf import settings
from django.conf.urls.static import static

urlpatterns = []
urlpatterns += static(settings.MEDIA_URL, document_root=settings.STATIC_ROOT)
`;
  const fs = project({ urls });
  const { after } = await fixAndRecheck(fs, 'media-serving.wrong-document-root');
  assert.equal(withCode(after, 'media-serving.wrong-document-root').length, 0);
  assert.match(fs.read(URLS), /document_root=settings\.MEDIA_ROOT\)/);
});

test('a hard-coded serve prefix that differs from MEDIA_URL', async () => {
  const urls = `from django.conf import settings
from django.urls import re_path
from django.views.static import serve

urlpatterns = [
    re_path(r"^uploads/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
`;
  const f = only(await check(project({ urls })), 'media-serving.prefix-mismatch');
  assert.match(f.message, /"\/uploads\/"/);
  assert.equal(withCode(await check(project({ urls: urls.replace('^uploads/', '^media/') })), 'media-serving.prefix-mismatch').length, 0);
});

test('serving rules stay silent when the URLconf cannot be followed to the end', async () => {
  // An include() of a module that is not evaluated comes first: whether /media/ or /uploads/ is
  // reached is unknown, so neither "not served" nor "wrong prefix" may be claimed.
  const urls = `from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
import some_cms

urlpatterns = [
    path("", include(some_cms.urls)),
    re_path(r"^uploads/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
`;
  const findings = await check(project({ urls }));
  assert.equal(withCode(findings, 'media-serving.prefix-mismatch').length, 0);
  assert.equal(withCode(findings, 'media-serving.missing-in-development').length, 0);
  const nothing = await check(project({ urls: 'from django.urls import include, path\nimport some_cms\n\nurlpatterns = [path("", include(some_cms.urls))]\n' }));
  assert.equal(withCode(nothing, 'media-serving.missing-in-development').length, 0);
});
