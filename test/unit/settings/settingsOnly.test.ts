// The editor's first, quick model (analyzeProject with settingsOnly): the same settings as the full
// analysis, the URLconf not read, and media serving honestly unknown rather than "not served".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';

const project = { root: '/w', managePy: '/w/manage.py', name: 'w' };

function files(): MemoryFileSystem {
  return new MemoryFileSystem({
    '/w/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
    '/w/site/__init__.py': '',
    '/w/site/settings.py': 'DEBUG = True\nMEDIA_URL = "/media/"\nMEDIA_ROOT = "/srv/media"\nROOT_URLCONF = "site.urls"\n',
    '/w/site/urls.py': [
      'from django.conf import settings',
      'from django.conf.urls.static import static',
      'from shop import views',
      'urlpatterns = []',
      'urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)',
      '',
    ].join('\n'),
    '/w/shop/__init__.py': '',
    '/w/shop/views.py': 'def index(request):\n    return None\n',
  });
}

test('settingsOnly: the settings of the full analysis, without reading the URLconf', async () => {
  const full = await analyzeProject(files(), project);
  const early = await analyzeProject(files(), project, { settingsOnly: true });
  assert.deepEqual(early.settings, full.settings);
  assert.equal(early.settingsModule, full.settingsModule);
  assert.equal(full.mediaServingSummary.inDebug, true);
  assert.ok(full.filesRead.includes('/w/site/urls.py'));
  assert.ok(!early.filesRead.includes('/w/site/urls.py'));
  assert.ok(!early.filesRead.includes('/w/shop/views.py'));
});

test('settingsOnly: media serving is unknown, with the reason, never "not served"', async () => {
  const early = await analyzeProject(files(), project, { settingsOnly: true });
  assert.deepEqual(early.mediaServing, []);
  assert.equal(early.mediaServingSummary.inDebug, null);
  assert.equal(early.mediaServingSummary.now, null);
  assert.match(early.mediaServingSummary.reason ?? '', /URLconf is still being analysed/);
});

test('settingsOnly: the other settings modules are not searched for (the full model lists them)', async () => {
  const fs = files();
  const full = await analyzeProject(fs, project);
  assert.ok(full.settingsCandidates.includes('site.settings'));
  const early = await analyzeProject(fs, project, { settingsOnly: true });
  assert.deepEqual(early.settingsCandidates, []);
});
