import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../../src/core/python/parse/parseModule';
import { importCandidates } from '../../../src/core/python/interpreter/loading';
import { textImportCandidates } from '../../../src/core/python/interpreter/deferral';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

test('the files a module may import: every module and parent package named where the module runs, relative ones from its package', () => {
  const ast = parseModule(`import os.path
from . import views
from .models import Photo, Album
from ..core.utils import slug
try:
    from local_settings import *
except ImportError:
    import fallback
if DEBUG:
    import debug_toolbar

class Meta:
    from shop import apps

def later():
    import never_prefetched
`);
  const files = importCandidates(ast, 'site.gallery', ['/p']);
  const modules = [...new Set(files.map((f) => f.replace(/^\/p\//, '').replace(/(\/__init__)?\.py$/, '').split('/').join('.')))];
  // os is never looked for in the project; Photo and Album are classes, not modules (upper case).
  assert.deepEqual(modules.sort(), [
    'debug_toolbar', 'fallback', 'local_settings',
    'shop', 'shop.apps',
    'site', 'site.core', 'site.core.utils', 'site.core.utils.slug',
    'site.gallery', 'site.gallery.models', 'site.gallery.views',
  ]);
  assert.ok(files.includes('/p/site/gallery/views.py') && files.includes('/p/site/gallery/views/__init__.py'));
});

test('read ahead from a text, unparsed: its imports (also inside functions and strings) and the URLconfs its include() strings name', () => {
  const text = 'from django.urls import include, path\nfrom . import views\nfrom .models import Photo\n\ndef later():\n    import helpers.slug\n\nurlpatterns = [path("shop/", include("shop.urls")), path("x/", include(\'blog.urls\'))]\n';
  const files = textImportCandidates(text, 'site', ['/p']);
  const modules = [...new Set(files.map((f) => f.replace(/^\/p\//, '').replace(/(\/__init__)?\.py$/, '').split('/').join('.')))];
  assert.deepEqual(modules.sort(), ['blog', 'blog.urls', 'helpers', 'helpers.slug', 'shop', 'shop.urls', 'site', 'site.models', 'site.views']);
});

test('a relative import above the top-level package hints nothing, and the hints are bounded', () => {
  assert.deepEqual(importCandidates(parseModule('from ... import x\n'), 'site', ['/p']), []);
  const many = Array.from({ length: 5000 }, (_, i) => `import m${i}`).join('\n');
  assert.ok(importCandidates(parseModule(many), '', ['/p']).length <= 400);
});

test('with import hints the analysis reads ahead and finds exactly what it finds without them', async () => {
  const files = {
    '/w/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    '/w/site/__init__.py': '',
    '/w/site/settings.py': 'from .base import *\nROOT_URLCONF = "site.urls"\nMEDIA_URL = "/media/"\nMEDIA_ROOT = "/w/media"\nDEBUG = True\n',
    '/w/site/base.py': 'INSTALLED_APPS = ["shop"]\n',
    '/w/site/urls.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\nfrom django.urls import path, include\n\nurlpatterns = [path("shop/", include("shop.urls"))] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
    '/w/shop/__init__.py': '',
    '/w/shop/urls.py': 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("", views.index)]\n',
    // (serve() keeps views.py a module the URLconf analysis evaluates rather than defers.)
    '/w/shop/views.py': 'from django.views.static import serve\nfrom .models import Product\n\ndef index(request):\n    return None\n',
    '/w/shop/models.py': 'from django.db import models\n\nclass Product(models.Model):\n    image = models.ImageField(upload_to="products/")\n',
  };
  const project = { root: '/w', managePy: '/w/manage.py', name: 'w' };
  const plain = await analyzeProject(new MemoryFileSystem(files), project);
  const fs = new MemoryFileSystem(files);
  const reads: string[] = [];
  const readFile = fs.readFile.bind(fs);
  fs.readFile = (p: string) => (reads.push(p), readFile(p));
  const hinted = await analyzeProject(fs, project, { prefetch: true });
  assert.equal(hinted.fingerprint, plain.fingerprint);
  assert.deepEqual(hinted.mediaServingSummary, { inDebug: true, now: true });
  // shop/models.py is read by the hint as soon as views.py is loaded, and once more by the
  // evaluation (a memory file system has no snapshot to answer the second read from).
  assert.equal(reads.filter((p) => p === '/w/shop/models.py').length, 2);
  assert.ok(!reads.includes('/w/shop/models/__init__.py'), 'a candidate that does not exist is only stat\'ed');
});
