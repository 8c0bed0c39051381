import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, only, project, withCode, WS } from './harness';

const TEMPLATE = `${WS}/templates/page.html`;

test('a reference to a missing file: quick fixes replace the name with the closest files of the same folder', async () => {
  const html = '<p>\n  <img alt="" src="/media/photos/sunst.png?v=2" width="10">\n</p>\n';
  const fs = project({ files: { [TEMPLATE]: html, [`${WS}/media/photos/sunset.png`]: 'png', [`${WS}/media/photos/sun set.png`]: 'png', [`${WS}/media/photos/forest.png`]: 'png' } });
  const f = only(await check(fs), 'references.missing-file');
  assert.deepEqual(f.fixes.map((x) => x.title), ['Did you mean "sunset.png"? Replace "sunst.png" with it', 'Did you mean "sun set.png"? Replace "sunst.png" with it']);
  assert.ok(f.fixes.every((x) => x.isPreferred !== true), 'a guess is never applied by "fix all"');
  fs.applyFix(f.fixes[1]!);
  assert.equal(fs.read(TEMPLATE), '<p>\n  <img alt="" src="/media/photos/sun%20set.png?v=2" width="10">\n</p>\n', 'the name as a URL writes it; the query stays');
  assert.equal(withCode(await check(fs), 'references.missing-file').length, 0);
});

test('no guess when nothing is close, the folder is missing, or a close name is a link out of MEDIA_ROOT', async () => {
  const html = '<img src="/media/photos/missing-cat.png">\n<img src="/media/nowhere/sunset.png">\n<img src="/media/photos/secrt.txt">\n';
  const fs = project({ files: { [TEMPLATE]: html, [`${WS}/outside/secret.txt`]: 'secret' } });
  fs.link(`${WS}/media/photos/secret.txt`, `${WS}/outside/secret.txt`);
  const findings = withCode(await check(fs), 'references.missing-file');
  assert.equal(findings.length, 3);
  assert.deepEqual(findings.map((x) => x.fixes.length), [0, 0, 0]);
});
