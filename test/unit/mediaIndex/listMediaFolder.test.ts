import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareNames,
  compileMediaExclude,
  DEFAULT_MEDIA_EXCLUDE,
  listMediaFolder,
  pageOfListing,
  statMediaEntries,
} from '../../../src/core/mediaIndex';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const ROOT = '/site/media';
const names = (entries: ReadonlyArray<{ name: string }>) => entries.map((e) => e.name);

describe('compareNames', () => {
  it('orders numbers by value and ignores case, like a file explorer', () => {
    const sorted = ['img10.png', 'IMG2.png', 'img1.png', 'Banner.jpg', 'avatar.svg', 'img02.png'].sort(compareNames);
    assert.deepEqual(sorted, ['avatar.svg', 'Banner.jpg', 'img1.png', 'IMG2.png', 'img02.png', 'img10.png']);
  });

  it('is a total order: equal-looking names still get one fixed order whatever the input order', () => {
    const a = ['a.png', 'A.png', 'a01.png', 'a1.png'];
    const b = [...a].reverse();
    assert.deepEqual([...a].sort(compareNames), [...b].sort(compareNames));
    assert.notEqual(compareNames('a.png', 'A.png'), 0);
  });

  it('puts a name before its longer continuation', () => {
    assert.ok(compareNames('photo', 'photo-2') < 0);
    assert.ok(compareNames('photo9', 'photo10') < 0);
  });
});

describe('compileMediaExclude', () => {
  it('hides the default litter at any depth and nothing else', () => {
    const ex = compileMediaExclude(DEFAULT_MEDIA_EXCLUDE);
    for (const hidden of ['.DS_Store', 'photos/2024/.DS_Store', 'Thumbs.db', 'a/desktop.ini', 'uploads/.gitkeep', 'x/._sunset.png']) {
      assert.equal(ex.matches(hidden, false), true, hidden);
    }
    for (const shown of ['photos/sunset.png', 'DS_Store', 'thumbs.png', 'gitkeep.txt']) assert.equal(ex.matches(shown, false), false, shown);
    assert.deepEqual(ex.invalid, []);
  });

  it('matches a pattern without a slash against the name, one with a slash against the whole storage name', () => {
    const ex = compileMediaExclude(['*.tmp', 'cache/**', 'photos/*/thumb_*']);
    assert.equal(ex.matches('deep/down/upload.tmp', false), true);
    assert.equal(ex.matches('cache', true), true, 'the folder itself is hidden');
    assert.equal(ex.matches('cache/a/b.png', false), true);
    assert.equal(ex.matches('other/cache/b.png', false), false);
    assert.equal(ex.matches('photos/2024/thumb_a.jpg', false), true);
    assert.equal(ex.matches('photos/2024/a.jpg', false), false);
  });

  it('is what the manifest offers as the default of djangoMedia.mediaTree.exclude', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration.properties['djangoMedia.mediaTree.exclude'].default, DEFAULT_MEDIA_EXCLUDE);
  });

  it('reports patterns it cannot use instead of throwing', () => {
    const ex = compileMediaExclude(['', 42, '**/.DS_Store']);
    assert.deepEqual(ex.invalid, ['', '42']);
    assert.equal(ex.matches('a/.DS_Store', false), true);
    assert.equal(compileMediaExclude([]).empty, true);
  });
});

function gallery(): MemoryFileSystem {
  return new MemoryFileSystem({}, { unsorted: true })
    .file(`${ROOT}/img10.png`, { size: 300, mtime: 1_000 })
    .file(`${ROOT}/img2.png`, { size: 100, mtime: 3_000 })
    .file(`${ROOT}/Avatar.svg`, { size: 200, mtime: 2_000 })
    .file(`${ROOT}/.DS_Store`, { size: 6_000, mtime: 9_000 })
    .mkdir(`${ROOT}/zeta`)
    .mkdir(`${ROOT}/alpha`)
    .file(`${ROOT}/alpha/inner.png`, { size: 1 });
}

describe('listMediaFolder', () => {
  it('lists folders first, then files in natural order, without the excluded entries', async () => {
    const fs = gallery();
    const listing = await listMediaFolder(fs, ROOT, '', { exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE) });
    assert.deepEqual(names(listing.all()), ['alpha', 'zeta', 'Avatar.svg', 'img2.png', 'img10.png']);
    assert.equal(listing.excluded, 1);
    assert.equal(listing.sortedBy, 'name');
    assert.equal(listing.all()[0]!.storageName, 'alpha');
    assert.equal(listing.all()[0]!.path, `${ROOT}/alpha`);
    assert.equal(fs.stats, 0, 'sorting by name reads no entry details');
  });

  it('gives storage names relative to MEDIA_ROOT in sub-folders', async () => {
    const listing = await listMediaFolder(gallery(), ROOT, 'alpha');
    assert.deepEqual(listing.all().map((e) => e.storageName), ['alpha/inner.png']);
    assert.equal(listing.path, `${ROOT}/alpha`);
  });

  it('sorts files by size (largest first) and by date (newest first), folders still on top', async () => {
    const exclude = compileMediaExclude(DEFAULT_MEDIA_EXCLUDE);
    const bySize = await listMediaFolder(gallery(), ROOT, '', { sort: 'size', exclude });
    assert.deepEqual(names(bySize.all()), ['alpha', 'zeta', 'img10.png', 'Avatar.svg', 'img2.png']);
    const byDate = await listMediaFolder(gallery(), ROOT, '', { sort: 'modified', exclude });
    assert.deepEqual(names(byDate.all()).slice(2), ['img2.png', 'Avatar.svg', 'img10.png']);
    assert.equal(bySize.all()[2]!.stat?.size, 300, 'sizes are known after a size sort');
  });

  it('keeps a folder larger than the stat budget sorted by name and says why', async () => {
    const fs = gallery();
    const listing = await listMediaFolder(fs, ROOT, '', { sort: 'size', maxStatsForSort: 3 });
    assert.equal(listing.sortedBy, 'name');
    assert.match(listing.sortNote ?? '', /sorted by name/);
    assert.equal(fs.stats, 0);
  });

  it('reports an unreadable folder instead of throwing', async () => {
    const fs = gallery();
    fs.denied.add(`${ROOT}/zeta`);
    const listing = await listMediaFolder(fs, ROOT, 'zeta');
    assert.deepEqual(listing.all(), []);
    assert.equal(listing.error, 'permission denied');
    const missing = await listMediaFolder(fs, ROOT, 'nope');
    assert.equal(missing.error, 'the folder does not exist');
  });

  it('flags names the port could not decode', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true }).file(`${ROOT}/caf\uFFFD.png`).file(`${ROOT}/ok.png`);
    const listing = await listMediaFolder(fs, ROOT, '');
    assert.deepEqual(listing.all().map((e) => [e.name, e.undecodable]), [['caf\uFFFD.png', true], ['ok.png', false]]);
  });

  it('pages a folder of 100,000 files: first page right away, the rest counted for "Show more…"', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    for (let i = 0; i < 100_000; i++) fs.file(`${ROOT}/big/IMG_${i}.jpg`, { size: i });
    const listing = await listMediaFolder(fs, ROOT, 'big');
    const page = pageOfListing(listing, 500);
    await statMediaEntries(fs, page.entries);
    assert.equal(page.entries.length, 500);
    assert.equal(page.remaining, 99_500);
    assert.deepEqual(names(page.entries).slice(0, 3), ['IMG_0.jpg', 'IMG_1.jpg', 'IMG_2.jpg']);
    assert.equal(page.entries[499]!.stat?.size, 499);
    assert.equal(fs.stats, 500, 'only the shown page is stat\'ed');
    const next = pageOfListing(listing, 1_000);
    assert.equal(next.entries[500]!.name, 'IMG_500.jpg');
    assert.equal(listing.positionOf('IMG_73456.jpg'), 73_456, 'revealing a far entry knows how far to page');
    assert.equal(listing.positionOf('nope.jpg'), -1);
    const everything = pageOfListing(listing, 200_000);
    assert.equal(everything.remaining, 0);
    assert.deepEqual(names(everything.entries.slice(99_998)), ['IMG_99998.jpg', 'IMG_99999.jpg']);
  });

  it('pages the same order whatever the page sizes asked for', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    // Shuffled names with numbers, case and folders mixed in.
    for (let i = 0; i < 3_000; i++) {
      const n = (i * 7919) % 3_000;
      if (n % 97 === 0) fs.mkdir(`${ROOT}/dir${n}`);
      else fs.file(`${ROOT}/${n % 2 ? 'Photo' : 'photo'}-${n}.png`);
    }
    const whole = (await listMediaFolder(fs, ROOT, '')).all().map((e) => e.name);
    const listing = await listMediaFolder(fs, ROOT, '');
    const paged: string[] = [];
    for (const step of [1, 7, 50, 500, 2, 1_000, 5_000]) {
      const page = listing.page(paged.length + step);
      paged.push(...page.slice(paged.length).map((e) => e.name));
    }
    assert.deepEqual(paged, whole);
    assert.ok(whole[0]!.startsWith('dir'), 'folders first');
  });

  it('stat failures leave null, not an exception', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true }).file(`${ROOT}/a.png`, { size: 5 });
    const listing = await listMediaFolder(fs, ROOT, '');
    fs.remove(`${ROOT}/a.png`);
    await statMediaEntries(fs, listing.all());
    assert.equal(listing.all()[0]!.stat, null);
  });
});
