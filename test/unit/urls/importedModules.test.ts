// The project modules a URLconf imports (views, registries) can decide what serves media: by their
// values (a view that is a function, not an include; a list added to urlpatterns; a condition) and by
// what running them does (a list another module reads, extended at import). Each test below is a
// way an analysis that skipped such an import (to save time on large projects) would give a
// different answer than Python; they pin the answers of the full evaluation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseUrlconf as analyse } from './urlconfProject';

const URL_IMPORTS = `from django.conf import settings
from django.conf.urls.static import static
from django.urls import path
from . import views
`;

test('an empty route whose view is a project function does not catch MEDIA_URL (the view module is evaluated)', async () => {
  const r = await analyse({
    '/p/proj/views.py': 'from django.shortcuts import render\n\ndef home(request):\n    return render(request, "home.html")\n',
    '/p/proj/urls.py': URL_IMPORTS + 'urlpatterns = [path("", views.home)] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
  assert.ok(r.filesRead.includes('/p/proj/views.py'));
});

test('serve re-exported by a view module and routed under another prefix is still a serving place', async () => {
  const r = await analyse({
    '/p/proj/views.py': 'from django.views.static import serve\n',
    '/p/proj/urls.py': URL_IMPORTS + 'from django.urls import re_path\n\nurlpatterns = [re_path(r"^files/(?P<path>.*)$", views.serve, {"document_root": settings.MEDIA_ROOT})]\n',
  });
  assert.deepEqual(r.serving.map((s) => [s.kind, s.prefix, s.documentRoot]), [['serve-view', '/files/', 'MEDIA_ROOT']]);
  assert.deepEqual(r.summary, { inDebug: false, now: false });
});

test('urlpatterns += views.extra_patterns: the list built in the view module serves media', async () => {
  const r = await analyse({
    '/p/proj/views.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\n\nextra_patterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    '/p/proj/urls.py': URL_IMPORTS + 'urlpatterns = []\nurlpatterns += views.extra_patterns\n',
  });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
  assert.equal(r.serving[0]?.range.file, '/p/proj/views.py');
});

test('a condition on a view module value decides whether static() is added', async () => {
  for (const [flag, served] of [['True', true], ['False', false]] as const) {
    const r = await analyse({
      '/p/proj/views.py': `SERVE_UPLOADS = ${flag}\n`,
      '/p/proj/urls.py': URL_IMPORTS + 'urlpatterns = []\nif views.SERVE_UPLOADS:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    });
    assert.deepEqual(r.summary, { inDebug: served, now: served }, `SERVE_UPLOADS = ${flag}`);
  }
});

test('importing a view module for its side effect: it extends a list the URLconf reads', async () => {
  // views is never used by name in urls.py, yet importing it adds the media route.
  const r = await analyse({
    '/p/proj/registry.py': 'extra = []\n',
    '/p/proj/views.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\nfrom .registry import extra\n\nextra.extend(static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT))\n',
    '/p/proj/urls.py': URL_IMPORTS + 'from .registry import extra\n\nurlpatterns = [] + extra\n',
  });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
});
