// The URLconf analysis defers the modules a URLconf merely imports when their text (and the text of
// everything they import) cannot change what serves media: a large project's views, forms and models
// are then never parsed. Deferring must never change an answer: the cases where a deferred value
// matters fall back to evaluating everything (importedModules.test.ts pins those answers), and every
// fixture project gives the same media serving either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mayChangeServing } from '../../../src/core/urls';
import { analyzeProject, AnalysisCache } from '../../../src/core/project/analyzeProject';
import { findDjangoProjects } from '../../../src/core/project/findProjects';
import { deferralFactsUnchanged, ParseCache } from '../../../src/core/python';
import { importedModules } from '../../../src/core/python/interpreter/deferral';
import { deferIfIrrelevant } from '../../../src/core/urls/findMediaServing';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { analyseUrlconf, projectFs } from './urlconfProject';

const SHOP = { '/p/shop/__init__.py': '' };
const analyse = (files: Record<string, string>, options: Parameters<typeof analyseUrlconf>[1] = {}) => analyseUrlconf({ ...SHOP, ...files }, options);

const URLS = `from django.conf import settings
from django.conf.urls.static import static
from django.urls import path
from shop import views

urlpatterns = [path("", views.ProductList.as_view()), path("p/<int:pk>/", views.product)]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
`;
const VIEWS = `from django.shortcuts import render
from django.views.generic import ListView
from .forms import ProductForm
from .models import Product

class ProductList(ListView):
    model = Product

def product(request, pk):
    form = ProductForm(request.POST or None, request.FILES or None)
    return render(request, "shop/product.html", {"form": form})
`;
const FORMS = 'from django import forms\nfrom .models import Product\n\nclass ProductForm(forms.ModelForm):\n    class Meta:\n        model = Product\n        fields = ["image"]\n';
const MODELS = 'from django.db import models\n\nclass Product(models.Model):\n    image = models.ImageField(upload_to="products/")\n';

test('views, forms and models that cannot change what serves media are read but not parsed, and the answer is the same', async () => {
  const files = { '/p/proj/urls.py': URLS, '/p/shop/views.py': VIEWS, '/p/shop/forms.py': FORMS, '/p/shop/models.py': MODELS };
  const cache = new ParseCache();
  const fs = projectFs({ ...SHOP, ...files });
  const quick = await analyse(files, { cache, fs });
  const parsed = async (f: string) => {
    const st = await fs.stat(f);
    return st ? cache.get(f, st.size, st.mtime) !== undefined : false;
  };
  const full = await analyse(files, { evaluateEveryImport: true });
  assert.deepEqual(quick.summary, { inDebug: true, now: true });
  assert.deepEqual(quick.summary, full.summary);
  assert.deepEqual(quick.serving, full.serving);
  // Read (a change to them analyses the URLconf again), never parsed.
  for (const f of ['/p/shop/views.py', '/p/shop/forms.py', '/p/shop/models.py']) {
    assert.ok(quick.filesRead.includes(f), f);
    assert.equal(await parsed(f), false, `${f} was parsed`);
  }
  assert.ok(await parsed('/p/proj/urls.py'), 'the URLconf itself is parsed');
});

test('a re-analysis with the same parse cache reads none of the deferred files again, until one changes', async () => {
  const files = { '/p/proj/urls.py': URLS, '/p/shop/views.py': VIEWS, '/p/shop/forms.py': FORMS, '/p/shop/models.py': MODELS };
  const cache = new ParseCache();
  const fs = projectFs({ ...SHOP, ...files });
  const reads: string[] = [];
  const readFile = fs.readFile.bind(fs);
  fs.readFile = (p: string) => (reads.push(p), readFile(p));
  await analyse(files, { cache, fs });
  assert.ok(reads.includes('/p/shop/forms.py'));
  reads.length = 0;
  const again = await analyse(files, { cache, fs });
  assert.deepEqual(again.summary, { inDebug: true, now: true });
  assert.deepEqual(reads.filter((f) => f.startsWith('/p/shop/')), []);
  // forms.py now names static(): views.py (which imports it) must be evaluated, and forms.py read.
  fs.write('/p/shop/forms.py', FORMS + 'from django.templatetags.static import static\n');
  reads.length = 0;
  const changed = await analyse(files, { cache, fs });
  assert.deepEqual(changed.summary, { inDebug: true, now: true });
  assert.ok(reads.includes('/p/shop/forms.py'));
  const st = await fs.stat('/p/shop/views.py');
  assert.ok(st && cache.get('/p/shop/views.py', st.size, st.mtime), 'views.py is parsed now');
});

test('a clean view module that calls, at import, a helper which adds the media route is evaluated', async () => {
  // views.py names nothing about serving, but what it imports does: importing it is not skipped.
  const r = await analyse({
    '/p/shop/registry.py': 'extra = []\n',
    '/p/shop/helpers.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\nfrom .registry import extra\n\ndef enable_uploads():\n    extra.extend(static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT))\n',
    '/p/shop/views.py': 'from .helpers import enable_uploads\n\nenable_uploads()\n',
    '/p/proj/urls.py': 'from django.urls import path\nfrom shop import views\nfrom shop.registry import extra\n\nurlpatterns = [] + extra\n',
  });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
});

test('a deferred view module reached by the media probe is evaluated before answering', async () => {
  // The route under /media/ goes to a view re-exported from a helper that serves MEDIA_ROOT.
  const r = await analyse({
    '/p/shop/media_views.py': 'from django.conf import settings\nfrom django.views.static import serve as _serve\n\ndef protected(request, path):\n    return _serve(request, path, document_root=settings.MEDIA_ROOT)\n',
    '/p/shop/views.py': 'from .media_views import protected\n',
    '/p/proj/urls.py': 'from django.urls import re_path\nfrom shop import views\n\nurlpatterns = [re_path(r"^media/(?P<path>.*)$", views.protected)]\n',
  });
  const full = await analyse({
    '/p/shop/media_views.py': 'from django.conf import settings\nfrom django.views.static import serve as _serve\n\ndef protected(request, path):\n    return _serve(request, path, document_root=settings.MEDIA_ROOT)\n',
    '/p/shop/views.py': 'from .media_views import protected\n',
    '/p/proj/urls.py': 'from django.urls import re_path\nfrom shop import views\n\nurlpatterns = [re_path(r"^media/(?P<path>.*)$", views.protected)]\n',
  }, { evaluateEveryImport: true });
  assert.deepEqual(r.summary, full.summary);
  assert.deepEqual(r.serving, full.serving);
});

test('a star import from a deferred module that would define a name urlpatterns uses falls back', async () => {
  const r = await analyse({
    '/p/shop/helpers.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\n\nmedia_patterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    '/p/shop/views.py': 'from .helpers import media_patterns as uploads\n\ndef index(request):\n    return None\n',
    '/p/proj/urls.py': 'from django.urls import path\nfrom shop.views import *\n\nurlpatterns = [path("", index)] + uploads\n',
  });
  assert.deepEqual(r.summary, { inDebug: true, now: true });
});

test('the text test: words that can change serving keep a module evaluated', () => {
  for (const text of [
    'urlpatterns.append(x)\n',
    'from django.conf.urls.static import static\n',
    'from django.views.static import serve\n',
    'ROOT = settings.MEDIA_ROOT\n',
    'x = re_path(r"^a/", v)\n',
    'p = path("a/", v)\n',
    'import importlib\nimportlib.import_module(name)\n',
    'sys.modules["x"] = y\n',
    'exec(code)\n',
    'PREFIX = "media/"\n',
    'api = include("api.urls")\n',
    'router = DefaultRouter()\n',
    'patterns = router.urls\n',
  ]) assert.equal(mayChangeServing(text), true, text);
  for (const text of [VIEWS, FORMS, MODELS, 'import os\nBASE = os.path.join(a, "b")\n', 'class Meta:\n    staticmethod = 1\n', 'from django.urls import reverse\n']) {
    assert.equal(mayChangeServing(text), false, text);
  }
});

// Every fixture project, deferred and not: the same media serving, the same summary.
const projectsDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'projects');
for (const name of readdirSync(projectsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
  test(`fixture ${name}: deferring imports does not change media serving`, async () => {
    const ws = realpathSync(join(projectsDir, name));
    const fixture = JSON.parse(readFileSync(join(ws, 'fixture.json'), 'utf8')) as { env: Record<string, string>; settingsModule: string | null };
    const fs = new NodeFileSystem();
    for (const project of await findDjangoProjects(fs, ws)) {
      const options = { env: fixture.env, ...(fixture.settingsModule ? { settingsModule: fixture.settingsModule } : {}) };
      const quick = await analyzeProject(fs, project, options);
      const full = await analyzeProject(fs, project, { ...options, evaluateEveryImport: true });
      assert.deepEqual(quick.mediaServingSummary, full.mediaServingSummary);
      assert.deepEqual(quick.mediaServing, full.mediaServing);
    }
  });
}

test('a save that keeps what the deferral judged of a file leaves the model standing; one that changes it does not', async () => {
  const files = {
    '/w/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    '/w/site/__init__.py': '',
    '/w/site/settings.py': 'ROOT_URLCONF = "site.urls"\nMEDIA_URL = "/media/"\nMEDIA_ROOT = "/w/media"\nDEBUG = True\nINSTALLED_APPS = ["shop"]\n',
    '/w/site/urls.py': URLS,
    '/w/shop/__init__.py': '',
    '/w/shop/views.py': VIEWS,
    '/w/shop/forms.py': FORMS,
    '/w/shop/models.py': MODELS,
  };
  const fs = new MemoryFileSystem(files);
  const cache = new AnalysisCache();
  const model = await analyzeProject(fs, { root: '/w', managePy: '/w/manage.py', name: 'w' }, { cache });
  assert.deepEqual(model.mediaServingSummary, { inDebug: true, now: true });
  assert.deepEqual([...(model.deferralOnly ?? [])].sort(), ['/w/shop/forms.py', '/w/shop/models.py', '/w/shop/views.py']);
  assert.ok(model.filesRead.includes('/w/shop/views.py'), 'a change to it is still noticed');
  const saved = async (path: string, text: string) => {
    fs.write(path, text);
    const st = (await fs.stat(path))!;
    return model.deferralOnly!.has(path) && deferralFactsUnchanged(cache.parse, deferIfIrrelevant, path, text, st);
  };
  // A new field and a method: the same imports, still nothing about serving.
  assert.equal(await saved('/w/shop/models.py', MODELS + '    title = models.CharField(max_length=80)\n\n    def __str__(self):\n        return self.title\n'), true);
  // A new import of a project module: the closure may have grown.
  assert.equal(await saved('/w/shop/forms.py', FORMS + 'from shop.helpers import slug\n'), false);
  // Now names static(): importing it may add a media route.
  assert.equal(await saved('/w/shop/views.py', VIEWS + 'from django.templatetags.static import static\n'), false);
  // The URLconf itself is never in deferralOnly: it is evaluated.
  assert.equal(model.deferralOnly!.has('/w/site/urls.py'), false);
});

// Found in review: what a deferred module would change in a module it imports, and what it would
// raise, must not be lost.
test('a deferred module that would change a dict or a list of an evaluated package: the full pass decides', async () => {
  const urls = 'from django.conf import settings\nfrom django.conf.urls.static import static\nfrom shop import views\nfrom shop import ENABLED, EXTRA\n\nurlpatterns = list(EXTRA)\nif ENABLED["media"]:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n';
  for (const [views, served] of [
    ['from shop import ENABLED\nENABLED["media"] = False\n', false],
    ['from shop import ENABLED\nENABLED.update(media=False)\n', false],
    ['from shop import EXTRA\nfrom shop.catchall import everything\nEXTRA.append(everything)\n', null],
  ] as const) {
    const files = {
      '/p/shop/__init__.py': 'ENABLED = {"media": True}\nEXTRA = []\n',
      '/p/shop/catchall.py': 'def everything(request, rest):\n    return None\n',
      '/p/shop/views.py': views,
      '/p/proj/urls.py': urls,
    };
    const quick = await analyseUrlconf(files);
    const full = await analyseUrlconf(files, { evaluateEveryImport: true });
    assert.deepEqual(quick.summary, full.summary, views);
    if (served !== null) assert.equal(quick.summary.inDebug, served, views);
  }
});

test('an import inside try is not deferred: what it raises decides the except branch', async () => {
  const files = {
    '/p/shop/views.py': 'import not_installed_anywhere\n',
    '/p/proj/urls.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\ntry:\n    from shop import views\n    urlpatterns = []\nexcept ImportError:\n    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  };
  const quick = await analyseUrlconf({ ...SHOP, ...files });
  const full = await analyseUrlconf({ ...SHOP, ...files }, { evaluateEveryImport: true });
  assert.deepEqual(quick.summary, full.summary);
  const raises = { ...SHOP, '/p/shop/views.py': 'raise ImportError("no")\n', '/p/proj/urls.py': files['/p/proj/urls.py'] };
  assert.deepEqual((await analyseUrlconf(raises)).summary, { inDebug: true, now: true });
});

test('imports after `;`, after a one-line `try:` and after a tab are found; a file of open brackets is still read', () => {
  const { modules } = importedModules('import os; import proj.a\ntry: import proj.b\nexcept ImportError: pass\nimport\tproj.c\nfrom\t.d import e\n', 'proj');
  for (const m of ['proj.a', 'proj.b', 'proj.c', 'proj.d']) assert.ok(modules.includes(m), m);
  // 100,000 unclosed brackets (quadratic joining took ~11 s on this; it is linear now): still read.
  assert.deepEqual(importedModules('from a import (\n'.repeat(100_000), '').modules, ['a']);
});
