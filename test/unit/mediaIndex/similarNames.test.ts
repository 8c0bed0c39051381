import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfinedFileSystem } from '../../../src/core/confinedFileSystem';
import { boundedEditDistance, closestNames, MAX_NAMES_COMPARED, similarFiles } from '../../../src/core/mediaIndex/similarNames';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

test('edit distance: typos, swapped neighbours, and the cut-off', () => {
  assert.equal(boundedEditDistance('sunset.png', 'sunset.png', 3), 0);
  assert.equal(boundedEditDistance('sunst.png', 'sunset.png', 3), 1);
  assert.equal(boundedEditDistance('snuset.png', 'sunset.png', 3), 1, 'a swap of neighbours is one edit');
  assert.equal(boundedEditDistance('sunset.jpg', 'sunset.png', 3), 2);
  assert.equal(boundedEditDistance('missing-cat.png', 'forest.png', 3), 4, 'over the cut-off: max + 1');
  assert.equal(boundedEditDistance('a', 'abcdefgh', 2), 3, 'lengths too far apart');
});

test('closest names: typos, case and extension first, shared starts next, nothing far', () => {
  const names = ['forest.png', 'sunset.png', 'Sunset-2.png', 'report-2024.pdf', 'sunset.webp', 'zzz.png'];
  assert.deepEqual(closestNames('sunst.png', names), ['sunset.png', 'Sunset-2.png', 'sunset.webp']);
  assert.deepEqual(closestNames('SUNSET.PNG', names).slice(0, 1), ['sunset.png'], 'a case mismatch is the closest');
  assert.deepEqual(closestNames('report.pdf', names), ['report-2024.pdf']);
  assert.deepEqual(closestNames('missing-cat.png', names), [], 'nothing is close: no guess');
  assert.deepEqual(closestNames('sunset.png', ['sunset.png']), [], 'the name itself is not a suggestion');
  assert.equal(closestNames('sunst.png', names, 1).length, 1);
});

test('closest names: a huge folder is read only up to the bound', () => {
  function* many() {
    for (let i = 0; i < MAX_NAMES_COMPARED; i++) yield `file-${i}.bin`;
    yield 'sunset.png';
  }
  assert.deepEqual(closestNames('sunst.png', many()), [], 'names past the bound are never looked at');
});

test('similar files: only files of the same folder inside MEDIA_ROOT, never a link leading out, never hidden files', async () => {
  const fs = new MemoryFileSystem({
    '/ws/media/photos/sunset.png': 'png',
    '/ws/media/photos/.sunset.png.swp': 'x',
    '/ws/media/photos/sunsets/keep.txt': 'x',
    '/ws/secret/sunset.png': 'outside',
    '/ws/media/other/sunset.png': 'png',
  });
  fs.link('/ws/media/photos/sunset.jpg', '/ws/secret/sunset.png');
  const media = new ConfinedFileSystem(fs, { roots: ['/ws/media'] });
  const found = await similarFiles(media, '/ws/media/photos/sunst.png', '/ws/media');
  assert.deepEqual(found, [{ name: 'sunset.png', path: '/ws/media/photos/sunset.png' }]);
  assert.deepEqual(await similarFiles(media, '/ws/secret/sunst.png', '/ws/media'), [], 'a folder outside MEDIA_ROOT is not listed');
  fs.denied.add('/ws/media/photos');
  assert.deepEqual(await similarFiles(media, '/ws/media/photos/sunst.png', '/ws/media'), [], 'an unreadable folder gives none');
});
