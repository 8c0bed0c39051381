import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixAndRecheck, only, project, SETTINGS, withCode, WS } from './harness';

test('urls.E006: MEDIA_URL and STATIC_URL without a trailing slash, with Django\'s message, fixed by adding it', async () => {
  const fs = project({ extra: 'MEDIA_URL = "/uploads"\nSTATIC_URL = "assets"' });
  const findings = await check(fs);
  const media = only(findings, 'media-url.missing-trailing-slash');
  assert.equal(media.djangoCheck, 'urls.E006');
  assert.equal(media.severity, 'error');
  assert.match(media.message, /^The MEDIA_URL setting must end with a slash\./);
  assert.equal(media.range.file, SETTINGS);
  assert.equal(fs.read(SETTINGS).split('\n')[media.range.line - 1], 'MEDIA_URL = "/uploads"');
  const stat = only(findings, 'static-url.missing-trailing-slash');
  // STATIC_URL reads back with the script prefix, as Django's check sees it.
  assert.match(stat.message, /It reads "\/assets"/);
  const { after } = await fixAndRecheck(fs, 'media-url.missing-trailing-slash');
  assert.equal(withCode(after, 'media-url.missing-trailing-slash').length, 0);
  assert.match(fs.read(SETTINGS), /MEDIA_URL = "\/uploads\/"/);
  const again = await fixAndRecheck(fs, 'static-url.missing-trailing-slash');
  assert.equal(withCode(again.after, 'static-url.missing-trailing-slash').length, 0);
});

test('urls.E006 is silent for unset, empty and unknown URLs', async () => {
  for (const extra of ['MEDIA_URL = ""', 'import os\nMEDIA_URL = os.environ["MEDIA_URL"]', 'MEDIA_URL = "https://cdn.example.com/media/"']) {
    const findings = await check(project({ extra }));
    assert.equal(withCode(findings, 'media-url.missing-trailing-slash').length, 0, extra);
  }
});

test('staticfiles.E001: a string instead of a tuple, fixed with the trailing comma', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = (BASE_DIR / "static")' });
  const f = only(await check(fs), 'staticfiles.dirs-not-a-list');
  assert.equal(f.djangoCheck, 'staticfiles.E001');
  assert.match(f.message, /^The STATICFILES_DIRS setting is not a tuple or list\. Perhaps you forgot a trailing comma\?/);
  const { after } = await fixAndRecheck(fs, 'staticfiles.dirs-not-a-list');
  assert.equal(withCode(after, 'staticfiles.dirs-not-a-list').length, 0);
  assert.match(fs.read(SETTINGS), /STATICFILES_DIRS = \(BASE_DIR \/ "static",\)/);
});

test('staticfiles.E001 for a bare string is fixed by wrapping it in a list', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = "static"' });
  const { after } = await fixAndRecheck(fs, 'staticfiles.dirs-not-a-list');
  assert.equal(withCode(after, 'staticfiles.dirs-not-a-list').length, 0);
  assert.match(fs.read(SETTINGS), /STATICFILES_DIRS = \["static"\]/);
});

test('staticfiles checks are silent without django.contrib.staticfiles', async () => {
  const settings = `INSTALLED_APPS = ["gallery"]\nSTATICFILES_DIRS = "static"\nSTATIC_URL = None\n`;
  const findings = await check(project({ settings }));
  assert.deepEqual(findings.filter((f) => f.djangoCheck?.startsWith('staticfiles.') || f.djangoCheck?.startsWith('runtime.')), []);
});

test('staticfiles.E002: STATIC_ROOT listed in STATICFILES_DIRS (str vs Path is the same folder for abspath)', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = [str(BASE_DIR / "staticfiles") + "/"]', folders: [`${WS}/staticfiles`] });
  const f = only(await check(fs), 'staticfiles.dirs-contains-static-root');
  assert.equal(f.djangoCheck, 'staticfiles.E002');
  assert.match(f.message, /^The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting\./);
});

test('staticfiles.E003: a prefix ending with a slash, with Python\'s repr in the message, fixed by dropping it', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = [\n    ("downloads/", BASE_DIR / "static"),\n]' });
  const f = only(await check(fs), 'staticfiles.prefix-trailing-slash');
  assert.equal(f.djangoCheck, 'staticfiles.E003');
  assert.equal(f.message.split('. ')[0], "The prefix 'downloads/' in the STATICFILES_DIRS setting must not end with a slash");
  const { after } = await fixAndRecheck(fs, 'staticfiles.prefix-trailing-slash');
  assert.equal(withCode(after, 'staticfiles.prefix-trailing-slash').length, 0);
  assert.match(fs.read(SETTINGS), /\("downloads", BASE_DIR \/ "static"\)/);
});

test('staticfiles.W004 from Django 4.0: a missing folder, on its list element, fixed by creating it', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = [\n    BASE_DIR / "static",\n    BASE_DIR / "assets",\n]' });
  assert.equal(withCode(await check(fs, { djangoVersion: '3.2' }), 'staticfiles.dir-missing').length, 0);
  const f = only(await check(fs), 'staticfiles.dir-missing');
  assert.equal(f.djangoCheck, 'staticfiles.W004');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, `The directory '${WS}/assets' in the STATICFILES_DIRS setting does not exist.`);
  assert.equal(f.range.line, fs.read(SETTINGS).split('\n').findIndex((l) => l.includes('"assets"')) + 1);
  assert.deepEqual(f.fixes[0]?.createFolders, [`${WS}/assets`]);
  const { after } = await fixAndRecheck(fs, 'staticfiles.dir-missing');
  assert.equal(withCode(after, 'staticfiles.dir-missing').length, 0);
});

test('staticfiles.E005 from Django 5.0: STORAGES without "staticfiles", fixed by adding the default backend', async () => {
  const fs = project({ extra: 'STORAGES = {\n    "default": {\n        "BACKEND": "django.core.files.storage.FileSystemStorage",\n    },\n}' });
  assert.equal(withCode(await check(fs, { djangoVersion: '4.2' }), 'staticfiles.storage-missing').length, 0);
  const f = only(await check(fs), 'staticfiles.storage-missing');
  assert.equal(f.djangoCheck, 'staticfiles.E005');
  const { after } = await fixAndRecheck(fs, 'staticfiles.storage-missing');
  assert.equal(withCode(after, 'staticfiles.storage-missing').length, 0);
  assert.match(fs.read(SETTINGS), /"staticfiles": \{"BACKEND": "django\.contrib\.staticfiles\.storage\.StaticFilesStorage"\},\n\}/);
});

test('fields.E202: upload_to with a leading slash in an installed app, fixed by dropping it', async () => {
  const models = 'from django.db import models\n\n\nclass Photo(models.Model):\n    image = models.ImageField(upload_to="/photos/", blank=True)\n    doc = models.FileField("doc", "doc", "docs/")\n';
  const fs = project({ files: { [`${WS}/gallery/models.py`]: models } });
  const f = only(await check(fs), 'models.upload-to-absolute');
  assert.equal(f.djangoCheck, 'fields.E202');
  assert.match(f.message, /^ImageField's 'upload_to' argument must be a relative path, not an absolute path\. Remove the leading slash\./);
  assert.equal(f.range.file, `${WS}/gallery/models.py`);
  const { after } = await fixAndRecheck(fs, 'models.upload-to-absolute');
  assert.equal(withCode(after, 'models.upload-to-absolute').length, 0);
  assert.match(fs.read(`${WS}/gallery/models.py`), /upload_to="photos\/"/);
});

test('fields.E202 is silent for apps that are not installed and for callables', async () => {
  const fs = project({
    files: {
      [`${WS}/legacy/models.py`]: 'from django.db import models\nclass Old(models.Model):\n    f = models.FileField(upload_to="/x/")\n',
      [`${WS}/gallery/models.py`]: 'from django.db import models\ndef where(i, n): return "/x/" + n\nclass P(models.Model):\n    f = models.FileField(upload_to=where)\n',
    },
  });
  assert.equal(withCode(await check(fs), 'models.upload-to-absolute').length, 0);
});

test('security.W006: nosniff off with SecurityMiddleware; a warning in production settings, information elsewhere', async () => {
  const extra = 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_CONTENT_TYPE_NOSNIFF = False';
  const dev = only(await check(project({ extra })), 'security.content-type-nosniff-off');
  assert.equal(dev.djangoCheck, 'security.W006');
  assert.equal(dev.severity, 'information');
  const prod = only(await check(project({ extra: extra + '\nDEBUG = False' })), 'security.content-type-nosniff-off');
  assert.equal(prod.severity, 'warning');
  assert.match(prod.message, /^Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True/);
  const none = await check(project({ extra: 'MIDDLEWARE = []\nSECURE_CONTENT_TYPE_NOSNIFF = False' }));
  assert.equal(withCode(none, 'security.content-type-nosniff-off').length, 0);
  const fs = project({ extra });
  const { after } = await fixAndRecheck(fs, 'security.content-type-nosniff-off');
  assert.equal(withCode(after, 'security.content-type-nosniff-off').length, 0);
});

test('staticfiles.E001 for a set (JSON would call it a list): fixed by making it a list', async () => {
  const fs = project({ extra: 'STATICFILES_DIRS = {BASE_DIR / "static"}' });
  const { after } = await fixAndRecheck(fs, 'staticfiles.dirs-not-a-list');
  assert.equal(withCode(after, 'staticfiles.dirs-not-a-list').length, 0);
  assert.match(fs.read(SETTINGS), /STATICFILES_DIRS = \[BASE_DIR \/ "static"\]/);
  // A computed list is a list.
  assert.equal(withCode(await check(project({ extra: 'STATICFILES_DIRS = list(filter(None, [BASE_DIR / "static"]))' })), 'staticfiles.dirs-not-a-list').length, 0);
});

test('the Django version pinned by the project decides version-dependent checks; the option wins', async () => {
  const extra = 'STATICFILES_DIRS = [BASE_DIR / "assets"]';
  const pinned32 = project({ extra, files: { [`${WS}/requirements.txt`]: 'Django==3.2.25\n' } });
  assert.equal(withCode(await check(pinned32), 'staticfiles.dir-missing').length, 0);
  assert.equal(withCode(await check(pinned32, { djangoVersion: '5.2' }), 'staticfiles.dir-missing').length, 1);
  const pyproject = project({ extra, files: { [`${WS}/pyproject.toml`]: '[project]\ndependencies = ["django>=4.2,<5"]\n' } });
  assert.equal(withCode(await check(pyproject), 'staticfiles.dir-missing').length, 1);
});
