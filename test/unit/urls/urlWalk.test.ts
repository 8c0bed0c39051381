// The URLconf walk in a hostile workspace: a URLconf that includes itself (an endless tree) or the
// same list many times (an exponential one) ends quickly, reports the cycle, and never claims
// "not served" where the cycle keeps it from deciding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMediaServing, settingsMap } from '../../../src/core/urls';
import { AnalysisBudget } from '../../../src/core/python';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const IMPORTS = `from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
`;

async function analyse(files: Record<string, string>, budget?: AnalysisBudget) {
  const fs = new MemoryFileSystem({ '/p/manage.py': '', '/p/proj/__init__.py': '', ...files });
  const settings = settingsMap({ MEDIA_URL: '/media/', MEDIA_ROOT: '/p/media', DEBUG: true });
  const started = Date.now();
  const result = await findMediaServing({
    host: { fs, env: new Map(), sysPath: ['/p'], cwd: '/p', ...(budget ? { budget } : {}) },
    rootUrlconf: 'proj.urls',
    settings,
    mediaUrl: '/media/',
    mediaRoot: '/p/media',
    staticRoot: null,
    debug: true,
  });
  return { ...result, ms: Date.now() - started };
}

test('a URLconf including itself twice (exponential before) ends at once and reports the cycle', async () => {
  const r = await analyse({ '/p/proj/urls.py': IMPORTS + 'urlpatterns = [path("a/", include("proj.urls")), path("b/", include("proj.urls"))]\n' });
  assert.ok(r.ms < 2000, `${r.ms} ms`);
  assert.ok(r.notes.some((n) => /include\(\) cycle: proj\.urls includes itself/.test(n.message)), JSON.stringify(r.notes));
});

test('a cycle the media path runs into makes the answer unknown with the reason, never "not served"', async () => {
  const r = await analyse({ '/p/proj/urls.py': IMPORTS + 'urlpatterns = [path("", include("proj.urls"))] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n' });
  assert.ok(r.ms < 2000, `${r.ms} ms`);
  assert.ok(r.notes.some((n) => /where \/media\/probe\.png goes in urlpatterns is unknown: include\(\) cycle/.test(n.message)), JSON.stringify(r.notes));
  assert.ok(r.serving.every((s) => !s.servesMediaInDebug));
});

test('a cycle through two modules is reported once per walk and the media served at the top is still found', async () => {
  const r = await analyse({
    '/p/proj/urls.py': IMPORTS + 'urlpatterns = [path("x/", include("proj.other"))] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    '/p/proj/other.py': IMPORTS + 'urlpatterns = [path("y/", include("proj.urls")), path("z/", include("proj.urls"))]\n',
  });
  assert.ok(r.notes.some((n) => /include\(\) cycle/.test(n.message)));
  assert.ok(r.serving.some((s) => s.prefix === '/media/' && s.servesMediaInDebug), JSON.stringify(r.serving));
});

test('a wide include tree without a cycle stops at the visit budget with a note instead of running for minutes', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 25; i++) {
    const next = i < 24 ? `proj.u${i + 1}` : null;
    files[`/p/proj/u${i}.py`] = IMPORTS + (next ? `urlpatterns = [path("a/", include("${next}")), path("b/", include("${next}")), path("c/", include("${next}"))]\n` : 'urlpatterns = []\n');
  }
  files['/p/proj/urls.py'] = IMPORTS + 'urlpatterns = [path("", include("proj.u0"))]\n';
  const r = await analyse(files);
  assert.ok(r.ms < 5000, `${r.ms} ms`);
  assert.ok(r.notes.some((n) => /too large to walk/.test(n.message)), JSON.stringify(r.notes));
});

test('a spent analysis budget makes the URLconf answer unknown with its reason', async () => {
  const budget = new AnalysisBudget({ maxSteps: 5 });
  const r = await analyse({ '/p/proj/urls.py': IMPORTS + 'urlpatterns = [] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n' }, budget);
  assert.ok(r.serving.every((s) => !s.servesMediaInDebug));
  assert.ok(r.notes.some((n) => /too complex to evaluate/.test(n.message)), JSON.stringify(r.notes));
});

// A views module with real work at import time (a large project's URLconf imports hundreds): the
// URLconf's own evaluation limit is far above a settings module's, so the answer stays known.
test('a URLconf whose imports take more than 200,000 steps still gives a known answer', async () => {
  const r = await analyse({
    // (serve() makes it a module the URLconf analysis cannot defer.)
    '/p/proj/views.py': 'from django.views.static import serve\nTABLE = []\nfor i in range(150000):\n    TABLE.append(i)\n',
    '/p/proj/urls.py': IMPORTS + 'from proj import views\nurlpatterns = [] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  });
  assert.equal(r.summary.inDebug, true, JSON.stringify(r.summary));
});

test('a URLconf stopped by its evaluation limit says so, not that it defines no urlpatterns', async () => {
  const r = await analyse({
    '/p/proj/views.py': 'from django.views.static import serve\nx = 0\nfor i in range(1500):\n    for j in range(1000):\n        x = j\n',
    '/p/proj/urls.py': IMPORTS + 'from proj import views\nurlpatterns = [] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  });
  assert.equal(r.summary.inDebug, null);
  assert.match(r.summary.reason ?? '', /^The URLconf proj\.urls was not evaluated to its end \(the code is too complex to evaluate/);
});
