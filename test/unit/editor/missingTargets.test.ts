import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorMediaContext, FolderListingCache, missingTargets, scanDocument } from '../../../src/core/editor';
import { analyze, png, project } from './helpers';

const LOCAL = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\n';
const TEMPLATE = '<img src="/media/photos/a.png">\n<img src="/media/photos/gone.png">\n<img src="/media/nowhere/b.png">\n<img src="/media/locked/c.png">\n<img src="/media/photos/a.png">\n';

test('missing targets: known missing only (a locked folder is unknown), one listing per folder', async () => {
  const fs = project(LOCAL, { '/ws/media/photos/a.png': png(1, 1), '/ws/media/locked/c.png': png(1, 1) });
  fs.denied.add('/ws/media/locked');
  const ctx = editorMediaContext(await analyze(fs));
  const refs = scanDocument(TEMPLATE, 'django-html', '/ws/templates/t.html', ctx).refs;
  const expected = ['/ws/media/nowhere/b.png', '/ws/media/photos/gone.png'];
  assert.deepEqual([...await missingTargets(fs, ctx, refs)].sort(), expected);
  const listings = new FolderListingCache(fs, () => 0);
  const before = fs.listings;
  assert.deepEqual([...await missingTargets(fs, ctx, refs, undefined, (f) => listings.list(f))].sort(), expected);
  const first = fs.listings - before;
  await missingTargets(fs, ctx, refs, undefined, (f) => listings.list(f));
  assert.ok(fs.listings - before - first < first, 'the cached listings are not read again');
});
