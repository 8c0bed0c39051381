import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixAndRecheck, only, project, SETTINGS, withCode, WS } from './harness';

test('a relative MEDIA_ROOT is anchored on BASE_DIR in the Path style, keeping its value', async () => {
  const fs = project({ extra: 'MEDIA_ROOT = "media/"' });
  const f = only(await check(fs), 'media-root.relative');
  assert.equal(f.djangoCheck, null);
  assert.match(f.message, /MEDIA_ROOT "media\/" is relative/);
  const { after } = await fixAndRecheck(fs, 'media-root.relative');
  assert.equal(withCode(after, 'media-root.relative').length, 0);
  assert.match(fs.read(SETTINGS), /MEDIA_ROOT = BASE_DIR \/ "media"/);
});

test('a relative MEDIA_ROOT is anchored with os.path.join when BASE_DIR is a str, adding import os', async () => {
  const strSettings = `from os.path import dirname, abspath
BASE_DIR = dirname(dirname(abspath(__file__)))
INSTALLED_APPS = ["gallery"]
MEDIA_ROOT = 'uploads'
`;
  const fs = project({ settings: strSettings });
  const { after } = await fixAndRecheck(fs, 'media-root.relative');
  assert.equal(withCode(after, 'media-root.relative').length, 0);
  const text = fs.read(SETTINGS);
  assert.match(text, /MEDIA_ROOT = os\.path\.join\(BASE_DIR, 'uploads'\)/);
  assert.match(text, /^import os$/m);
});

test('MEDIA_ROOT unset while models store files: fixed by setting it under BASE_DIR', async () => {
  const settings = 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["gallery"]\nMEDIA_URL = "/media/"\n';
  const fs = project({ settings });
  const f = only(await check(fs), 'media-root.unset');
  assert.match(f.message, /Photo\.image/);
  assert.equal(f.related?.[0]?.range.file, `${WS}/gallery/models.py`);
  const { after } = await fixAndRecheck(fs, 'media-root.unset');
  assert.equal(withCode(after, 'media-root.unset').length, 0);
  assert.match(fs.read(SETTINGS), /MEDIA_URL = "\/media\/"\nMEDIA_ROOT = BASE_DIR \/ "media"/);
});

test('no model with a file field, or a remote storage: an unset MEDIA_ROOT is not reported', async () => {
  const settings = 'INSTALLED_APPS = ["gallery"]\n';
  const noFields = project({ settings, files: { [`${WS}/gallery/models.py`]: 'from django.db import models\nclass A(models.Model):\n    n = models.IntegerField()\n' } });
  assert.equal(withCode(await check(noFields), 'media-root.unset').length, 0);
  const s3 = project({ settings: settings + 'STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "x"}}\n' });
  assert.equal(withCode(await check(s3), 'media-root.unset').length, 0);
});

test('MEDIA_ROOT missing on disk: information, fixed by creating the folder', async () => {
  const fs = project({ extra: 'MEDIA_ROOT = BASE_DIR / "uploads"' });
  const f = only(await check(fs), 'media-root.missing');
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.fixes[0]?.createFolders, [`${WS}/uploads`]);
  const { after } = await fixAndRecheck(fs, 'media-root.missing');
  assert.equal(withCode(after, 'media-root.missing').length, 0);
});

test('MEDIA_ROOT inside the git work tree and not ignored: fixed by adding it to .gitignore', async () => {
  const fs = project({ folders: [`${WS}/.git`], files: { [`${WS}/.gitignore`]: '__pycache__/\n' } });
  const f = only(await check(fs), 'media-root.not-ignored');
  assert.match(f.message, /media\/\) is inside the git work tree/);
  const { after } = await fixAndRecheck(fs, 'media-root.not-ignored');
  assert.equal(withCode(after, 'media-root.not-ignored').length, 0);
  assert.match(fs.read(`${WS}/.gitignore`), /^__pycache__\/\n# User uploads \(MEDIA_ROOT\)\n\/media\/\n$/);
});

test('the .gitignore fix says it does not untrack committed files; the message gives git rm --cached when MEDIA_ROOT holds files', async () => {
  const emptyMedia = project({ folders: [`${WS}/.git`], files: { [`${WS}/.gitignore`]: '' } }).remove(`${WS}/media/photos/a.png`).remove(`${WS}/media/photos`);
  const empty = only(await check(emptyMedia), 'media-root.not-ignored');
  assert.match(empty.fixes[0]!.title, /^Add \/media\/ to \.gitignore \(files already committed stay tracked\)$/);
  assert.doesNotMatch(empty.message, /git rm/);
  const withUploads = project({ folders: [`${WS}/.git`], files: { [`${WS}/.gitignore`]: '', [`${WS}/media/avatars/a.png`]: 'x' } });
  const f = only(await check(withUploads), 'media-root.not-ignored');
  assert.match(f.message, /if files under media\/ are in git, also run `git rm -r --cached media` \(it keeps them on disk\)\.$/);
  const { after } = await fixAndRecheck(withUploads, 'media-root.not-ignored');
  assert.equal(withCode(after, 'media-root.not-ignored').length, 0);
  assert.equal(withUploads.read(`${WS}/media/avatars/a.png`), 'x', 'the fix never touches the uploads');
  const none = only(await check(project({ folders: [`${WS}/.git`] })), 'media-root.not-ignored');
  assert.match(none.fixes[0]!.title, /^Create \.gitignore with \/media\/ \(files already committed stay tracked\)$/);
});

test('gitignore semantics: nested files, contents-only patterns, negation, info/exclude, no .gitignore', async () => {
  const git = [`${WS}/.git`];
  const ignored: Array<Record<string, string>> = [
    { [`${WS}/.gitignore`]: 'media/\n' },
    { [`${WS}/.gitignore`]: '/media/*\n!/media/.gitkeep\n' },
    { [`${WS}/media/.gitignore`]: '*\n!.gitignore\n' },
    { [`${WS}/.git/info/exclude`]: 'media\n' },
  ];
  for (const files of ignored) {
    assert.equal(withCode(await check(project({ folders: git, files })), 'media-root.not-ignored').length, 0, JSON.stringify(files));
  }
  const contents = project({ folders: git, files: { [`${WS}/.gitignore`]: 'media/**\n' } });
  assert.equal(withCode(await check(contents), 'media-root.not-ignored').length, 0, 'every file inside is ignored');
  const negated = project({ folders: git, files: { [`${WS}/.gitignore`]: 'media/\n!media/\n' } });
  assert.equal(withCode(await check(negated), 'media-root.not-ignored').length, 1, 'the last matching line wins');
  const deeper = project({ folders: git, files: { [`${WS}/.gitignore`]: 'media/\n', [`${WS}/site_config/.gitignore`]: '!media/\n' } });
  assert.equal(withCode(await check(deeper), 'media-root.not-ignored').length, 0, 'a .gitignore elsewhere does not apply');
  // The work tree starts above the project: the project's own .gitignore is a nested one.
  const nested = project({ folders: ['/.git'], files: { [`${WS}/.gitignore`]: '/media/\n' } });
  assert.equal(withCode(await check(nested), 'media-root.not-ignored').length, 0);
  const nestedMissing = only(await check(project({ folders: ['/.git'] })), 'media-root.not-ignored');
  assert.match(nestedMissing.message, /\(ws\/media\/\)/);
  // No .gitignore at all: the fix creates one.
  const none = project({ folders: git });
  const f = only(await check(none), 'media-root.not-ignored');
  assert.equal(f.fixes[0]?.createFiles?.[0]?.path, `${WS}/.gitignore`);
  const { after } = await fixAndRecheck(none, 'media-root.not-ignored');
  assert.equal(withCode(after, 'media-root.not-ignored').length, 0);
  // Outside any git work tree: nothing to say.
  assert.equal(withCode(await check(project()), 'media-root.not-ignored').length, 0);
});

test('MEDIA_ROOT nested in STATIC_ROOT, in a STATICFILES_DIRS folder, or the reverse', async () => {
  const cases = [
    'STATIC_ROOT = BASE_DIR / "public"\nMEDIA_ROOT = BASE_DIR / "public" / "media"',
    'STATIC_ROOT = BASE_DIR / "media" / "static"',
    'STATICFILES_DIRS = [BASE_DIR / "media"]',
    'STATICFILES_DIRS = [BASE_DIR / "media" / "css"]',
  ];
  for (const extra of cases) {
    const f = only(await check(project({ extra, folders: [`${WS}/public/media`, `${WS}/media/css`] })), 'media-root.overlaps-static');
    assert.equal(f.djangoCheck, null, extra);
  }
  assert.equal(withCode(await check(project({ extra: 'STATICFILES_DIRS = [BASE_DIR / "static"]' })), 'media-root.overlaps-static').length, 0);
});

test('only the upload folders matter: ignoring where uploads land (upload_to with strftime) is enough', async () => {
  const models = 'from django.db import models\n\n\nclass Photo(models.Model):\n    image = models.ImageField(upload_to="photos/%Y/%m/")\n    doc = models.FileField(upload_to="docs/")\n';
  const files = { [`${WS}/gallery/models.py`]: models };
  const partly = project({ folders: [`${WS}/.git`], files: { ...files, [`${WS}/.gitignore`]: '/media/photos/20*/\n' } });
  assert.match(only(await check(partly), 'media-root.not-ignored').message, /not ignored \(uploads to docs\/\)/);
  const fully = project({ folders: [`${WS}/.git`], files: { ...files, [`${WS}/.gitignore`]: '/media/photos/20*/\n/media/docs/\n' } });
  assert.equal(withCode(await check(fully), 'media-root.not-ignored').length, 0);
});
