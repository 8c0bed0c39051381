import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixAndRecheck, only, project, SETTINGS, withCode } from './harness';

const runtimeIds = (findings: { djangoCheck: string | null }[]) => findings.map((f) => f.djangoCheck).filter((id) => id?.startsWith('runtime.'));

test('runtime.static-url-missing: staticfiles without STATIC_URL, fixed by setting it', async () => {
  const fs = project({ extra: 'STATIC_URL = None' });
  const f = only(await check(fs), 'static-url.missing');
  assert.equal(f.djangoCheck, 'runtime.static-url-missing');
  assert.match(f.message, /^You're using the staticfiles app without having set the required STATIC_URL setting\./);
  const { after } = await fixAndRecheck(fs, 'static-url.missing');
  assert.deepEqual(runtimeIds(after), []);
  assert.match(fs.read(SETTINGS), /STATIC_URL = "static\/"/);
});

test('runtime.static-url-missing when STATIC_URL is never assigned: the fix appends it', async () => {
  const fs = project({ settings: 'INSTALLED_APPS = ["django.contrib.staticfiles"]\nMEDIA_URL = "/media/"\n' });
  const { before, after } = await fixAndRecheck(fs, 'static-url.missing');
  assert.equal(before.range.line, 1);
  assert.deepEqual(runtimeIds(after), []);
});

test('runtime.media-url-equals-static-url: MEDIA_URL unset reads "/" like STATIC_URL "/"', async () => {
  const findings = await check(project({ settings: 'INSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATIC_URL = "/"\n' }));
  const f = only(findings, 'media-url.equals-static-url');
  assert.equal(f.djangoCheck, 'runtime.media-url-equals-static-url');
  assert.match(f.message, /^The MEDIA_URL and STATIC_URL settings must have different values\./);
});

test('runtime.media-url-inside-static-url only with DEBUG on', async () => {
  const extra = 'STATIC_URL = "/static/"\nMEDIA_URL = "/static/media/"';
  const f = only(await check(project({ extra })), 'media-url.inside-static-url');
  assert.equal(f.djangoCheck, 'runtime.media-url-inside-static-url');
  assert.match(f.message, /^runserver can't serve media if MEDIA_URL is within STATIC_URL\./);
  assert.equal(withCode(await check(project({ extra: extra + '\nDEBUG = False' })), 'media-url.inside-static-url').length, 0);
  // DEBUG unknown: no finding (honesty), and nothing later in the chain may claim a Django id.
  const unknown = await check(project({ extra: extra + '\nimport os\nDEBUG = os.environ["DEBUG"] == "1"\nSTATIC_ROOT = MEDIA_ROOT' }));
  assert.equal(withCode(unknown, 'media-url.inside-static-url').length, 0);
  assert.equal(only(unknown, 'media-root.equals-static-root').djangoCheck, null);
});

test('runtime.media-root-equals-static-root: equal values claim the Django id', async () => {
  const f = only(await check(project({ extra: 'STATIC_ROOT = BASE_DIR / "media"' })), 'media-root.equals-static-root');
  assert.equal(f.djangoCheck, 'runtime.media-root-equals-static-root');
  assert.match(f.message, /^The MEDIA_ROOT and STATIC_ROOT settings must have different values\./);
});

test('the same folder as str and Path, or with a trailing slash: an error Django misses, without a Django id', async () => {
  for (const extra of ['STATIC_ROOT = str(BASE_DIR / "media")', 'MEDIA_ROOT = str(BASE_DIR / "media")\nSTATIC_ROOT = str(BASE_DIR / "media") + "/"']) {
    const f = only(await check(project({ extra })), 'media-root.equals-static-root');
    assert.equal(f.djangoCheck, null, extra);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Django does not notice/);
  }
});

test('Django stops at the first runtime error: later ones are reported without the id', async () => {
  const findings = await check(project({ extra: 'STATIC_URL = "/media/"\nMEDIA_URL = "/media/"\nSTATIC_ROOT = BASE_DIR / "media"' }));
  assert.deepEqual(runtimeIds(findings), ['runtime.media-url-equals-static-url']);
  assert.equal(only(findings, 'media-root.equals-static-root').djangoCheck, null);
});

test('runtime.storages-missing-default (≥ 4.2), fixed by adding the default storage', async () => {
  const fs = project({ extra: 'STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}' });
  assert.equal(withCode(await check(fs, { djangoVersion: '4.1' }), 'storage.missing-default').length, 0);
  const f = only(await check(fs), 'storage.missing-default');
  assert.equal(f.djangoCheck, 'runtime.storages-missing-default');
  const { after } = await fixAndRecheck(fs, 'storage.missing-default');
  assert.equal(withCode(after, 'storage.missing-default').length, 0);
});

test('runtime.storages-mutually-exclusive on 4.2–5.0; ignored legacy settings on ≥ 5.1', async () => {
  const extra = 'DEFAULT_FILE_STORAGE = "storages.backends.s3.S3Storage"\nSTORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}\nMEDIA_URL = "/m"';
  const old = await check(project({ extra }), { djangoVersion: '5.0' });
  const f = only(old, 'storage.mutually-exclusive');
  assert.equal(f.djangoCheck, 'runtime.storages-mutually-exclusive');
  assert.match(f.message, /^DEFAULT_FILE_STORAGE\/STORAGES are mutually exclusive\./);
  // Django cannot even load the settings: nothing else claims a Django id.
  assert.equal(only(old, 'media-url.missing-trailing-slash').djangoCheck, null);
  const now = await check(project({ extra }));
  assert.equal(withCode(now, 'storage.mutually-exclusive').length, 0);
  assert.match(only(now, 'storage.legacy-setting-ignored').message, /ignored since Django 5\.1/);
  assert.equal(withCode(await check(project({ extra }), { djangoVersion: '4.1' }), 'storage.mutually-exclusive').length, 0);
});
