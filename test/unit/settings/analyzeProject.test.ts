import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { addScriptPrefix, absolutizeRoot } from '../../../src/core/settings/effectiveSettings';
import type { ProjectModel } from '../../../src/core/model';

const MANAGE = `import os, sys
def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
if __name__ == "__main__":
    main()
`;

async function analyze(settings: string, extra: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ProjectModel> {
  const fs = new MemoryFileSystem({
    '/w/manage.py': MANAGE,
    '/w/site/__init__.py': '',
    '/w/site/settings.py': settings,
    ...extra,
  });
  return analyzeProject(fs, { root: '/w', managePy: '/w/manage.py', name: 'w' }, { env });
}

test('the script prefix is applied the way LazySettings does', () => {
  assert.equal(addScriptPrefix('media/', null), '/media/');
  assert.equal(addScriptPrefix('', null), '/');
  assert.equal(addScriptPrefix('media/', '/kitchen'), '/kitchen/media/');
  assert.equal(addScriptPrefix('/media/', '/kitchen'), '/media/');
  assert.equal(addScriptPrefix('https://cdn.example.com/m/', '/kitchen'), 'https://cdn.example.com/m/');
  assert.equal(addScriptPrefix('//cdn.example.com/m/', null), '//cdn.example.com/m/');
});

test('roots are absolutized against the folder of manage.py like os.path.abspath', () => {
  assert.equal(absolutizeRoot('media', '/w'), '/w/media');
  assert.equal(absolutizeRoot('/srv/media/', '/w'), '/srv/media');
  assert.equal(absolutizeRoot('../shared/./media', '/w/app'), '/w/shared/media');
  assert.equal(absolutizeRoot('', '/w'), '');
});

test('unset media settings read back as Django defaults, with no origin', async () => {
  const m = await analyze('DEBUG = True\n');
  assert.equal(m.settingsModule, 'site.settings');
  assert.equal(m.settingsModuleSource, 'manage.py');
  assert.deepEqual(m.settings.MEDIA_URL, { known: true, value: '/' });
  assert.deepEqual(m.settings.MEDIA_ROOT, { known: true, value: '' });
  assert.deepEqual(m.settings.STATIC_URL, { known: true, value: null });
  assert.equal(m.settings.DEBUG.value, true);
  assert.equal(m.settings.DEBUG.origin?.line, 1);
});

test('FORCE_SCRIPT_NAME prefixes a relative MEDIA_URL; unknown FORCE_SCRIPT_NAME makes it unknown', async () => {
  const m = await analyze('FORCE_SCRIPT_NAME = "/kitchen"\nMEDIA_URL = "media/"\nSTATIC_URL = "/static/"\n');
  assert.equal(m.settings.MEDIA_URL.value, '/kitchen/media/');
  assert.equal(m.settings.STATIC_URL.value, '/static/');
  const u = await analyze('import os\nFORCE_SCRIPT_NAME = os.environ["PREFIX"]\nMEDIA_URL = "media/"\n');
  assert.equal(u.settings.MEDIA_URL.known, false);
  assert.match(u.settings.MEDIA_URL.known ? '' : u.settings.MEDIA_URL.reason, /FORCE_SCRIPT_NAME/);
});

test('a Path and a str root read the same; the origin is the deciding line', async () => {
  const m = await analyze('from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_ROOT = BASE_DIR / "uploads"\nSTATIC_ROOT = str(BASE_DIR / "static") + "/"\n');
  assert.equal(m.settings.MEDIA_ROOT.value, '/w/uploads');
  assert.equal(m.settings.MEDIA_ROOT.origin?.line, 3);
  assert.equal(m.settings.STATIC_ROOT.value, '/w/static');
});

test('DEFAULT_STORAGE reads STORAGES["default"] even when another entry is unknown', async () => {
  const m = await analyze(
    'from deploy_backends import STATIC_BACKEND\nSTORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": STATIC_BACKEND}}\n',
  );
  assert.equal(m.settings.DEFAULT_STORAGE.value, 'storages.backends.s3.S3Storage');
  assert.equal(m.raw('STORAGES')?.known, false);
});

test('DEFAULT_STORAGE: legacy DEFAULT_FILE_STORAGE, then the default', async () => {
  const legacy = await analyze('DEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"\n');
  assert.equal(legacy.settings.DEFAULT_STORAGE.value, 'storages.backends.s3boto3.S3Boto3Storage');
  const none = await analyze('DEBUG = False\n');
  assert.equal(none.settings.DEFAULT_STORAGE.value, 'django.core.files.storage.FileSystemStorage');
});

test('a write that cannot be followed makes unset settings unknown instead of defaulting them', async () => {
  const m = await analyze('import json\nvars().update(json.load(open("config.json")))\n');
  assert.equal(m.settings.MEDIA_ROOT.known, false);
  assert.equal(m.settings.MEDIA_URL.known, false);
  assert.equal(m.settings.DEFAULT_STORAGE.known, false);
});

test('the user-given module wins over manage.py; explicit env is seen by the settings code', async () => {
  const m = await analyze('MEDIA_ROOT = "/default"\n', {
    '/w/site/prod.py': 'import os\nMEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/srv/media")\n',
  }, { MEDIA_ROOT: '/data/media' });
  assert.equal(m.settings.MEDIA_ROOT.value, '/default');
  const p = await analyzeProject(
    new MemoryFileSystem({ '/w/manage.py': MANAGE, '/w/site/__init__.py': '', '/w/site/settings.py': '', '/w/site/prod.py': 'import os\nMEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/srv/media")\n' }),
    { root: '/w', managePy: '/w/manage.py', name: 'w' },
    { settingsModule: 'site.prod', env: { MEDIA_ROOT: '/data/media' } },
  );
  assert.equal(p.settingsModuleSource, 'user');
  assert.equal(p.settings.MEDIA_ROOT.value, '/data/media');
  assert.ok(p.filesRead.includes('/w/site/prod.py'));
  assert.ok(p.settingsCandidates.includes('site.settings'));
});

test('a missing settings module gives unknown values with the reason, not defaults', async () => {
  const fs = new MemoryFileSystem({ '/w/manage.py': MANAGE });
  const m = await analyzeProject(fs, { root: '/w', managePy: '/w/manage.py', name: 'w' });
  assert.equal(m.settingsFile, null);
  assert.equal(m.settings.MEDIA_ROOT.known, false);
  assert.match(m.settings.MEDIA_ROOT.known ? '' : m.settings.MEDIA_ROOT.reason, /site\.settings.*not found/);
  assert.ok(m.filesRead.includes('/w/site/settings.py'), 'creating the module later must invalidate the model');
});

test('manage.py that computes the module at runtime leaves it undetermined', async () => {
  const fs = new MemoryFileSystem({
    '/w/manage.py': 'import os, sys\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", f"site.settings.{sys.argv[1]}")\n',
  });
  const m = await analyzeProject(fs, { root: '/w', managePy: '/w/manage.py', name: 'w' });
  assert.equal(m.settingsModule, null);
  assert.equal(m.settingsModuleSource, 'none');
  assert.equal(m.settings.MEDIA_URL.known, false);
});

test('the fingerprint stays the same when only what the checks do not read changes (a view body), and moves with any setting', async () => {
  const settings = 'ROOT_URLCONF = "site.urls"\nMEDIA_URL = "/media/"\nMEDIA_ROOT = "/srv/media"\nUPLOADS = {"max": 10}\n';
  const urls = (view: string) => ({
    '/w/site/urls.py': 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("", views.home)]\n',
    '/w/site/views.py': `def home(request):\n    ${view}\n`,
  });
  const a = await analyze(settings, urls('return None'));
  const b = await analyze(settings, urls('x = 1\n    return None'));
  assert.ok(a.fingerprint);
  assert.ok(a.filesRead.includes('/w/site/views.py'));
  assert.equal(b.fingerprint, a.fingerprint, 'a view body edited');
  for (const [what, changed] of [
    ['a setting the features read', settings.replace('/srv/media', '/srv/uploads')],
    ['a setting only raw() reads', settings.replace('"max": 10', '"max": 11')],
    ['where a setting is assigned', '\n' + settings],
  ]) {
    assert.notEqual((await analyze(changed!, urls('return None'))).fingerprint, a.fingerprint, what);
  }
  const served = await analyze(settings, {
    ...urls('return None'),
    '/w/site/urls.py': 'from django.conf import settings\nfrom django.conf.urls.static import static\nfrom django.urls import path\nfrom . import views\n\nurlpatterns = [path("", views.home)] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n',
  });
  assert.notEqual(served.fingerprint, a.fingerprint, 'what serves media');
});
