import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findMediaReferences } from '../../../src/core/media';
import type { MediaReference } from '../../../src/core/model';
import {
  collectStorageNameMentions,
  compileMediaExclude,
  DEFAULT_MEDIA_EXCLUDE,
  findUnusedMedia,
  usesOfStorageName,
  walkMediaFiles,
  type WalkedMediaFile,
} from '../../../src/core/mediaIndex';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const ROOT = '/site/media';

/** References as the media core finds them in a template. */
function refs(template: string, file = '/site/templates/page.html'): MediaReference[] {
  return findMediaReferences(template, 'django-html', { file, mediaUrl: '/media/', mediaRoot: ROOT });
}

function media(): MemoryFileSystem {
  return new MemoryFileSystem({}, { unsorted: true })
    .file(`${ROOT}/photos/sunset.png`)
    .file(`${ROOT}/photos/forest.png`)
    .file(`${ROOT}/avatars/default.svg`)
    .file(`${ROOT}/documents/old-price-list.pdf`)
    .file(`${ROOT}/uploads/.gitkeep`)
    .file(`${ROOT}/.DS_Store`)
    .mkdir(`${ROOT}/banners`);
}

describe('walkMediaFiles', () => {
  it('finds every file once, in batches, skipping excluded entries', async () => {
    const seen: WalkedMediaFile[] = [];
    const summary = await walkMediaFiles(media(), ROOT, {
      exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE),
      onFiles: (b) => seen.push(...b),
    });
    assert.deepEqual(seen.map((f) => f.storageName).sort(), ['avatars/default.svg', 'documents/old-price-list.pdf', 'photos/forest.png', 'photos/sunset.png']);
    assert.equal(summary.files, 4);
    assert.equal(summary.excluded, 2);
    assert.equal(summary.truncated, undefined);
    assert.equal(seen[0]!.path, `${ROOT}/${seen[0]!.storageName}`);
  });

  it('walks a link that stays inside MEDIA_ROOT once, but not a link out of it, a link back up the tree or a link to itself', async () => {
    const fs = media()
      .file('/mnt/archive/2019/old.png')
      .link(`${ROOT}/archive`, '/mnt/archive')
      .link(`${ROOT}/latest`, `${ROOT}/photos`)
      .link(`${ROOT}/photos/again`, ROOT)
      .link(`${ROOT}/self`, `${ROOT}/self`);
    const seen: string[] = [];
    const summary = await walkMediaFiles(fs, ROOT, { onFiles: (b) => seen.push(...b.map((f) => f.storageName)) });
    assert.ok(!seen.some((n) => n.startsWith('archive/')), 'a link to another disk leads out of MEDIA_ROOT: not followed');
    assert.equal(summary.linksOutside, 1);
    assert.ok(seen.includes('latest/sunset.png'), 'a link that stays inside is followed');
    assert.ok(!seen.some((n) => n.startsWith('photos/again/')), 'a link to MEDIA_ROOT itself is a loop');
    assert.ok(!seen.some((n) => n.startsWith('latest/again/')), 'no link inside a linked folder');
    assert.ok(!seen.some((n) => n.startsWith('self/')), 'a link to itself resolves to nothing');
    assert.equal(summary.skippedLinks, 2);
    assert.equal(seen.filter((n) => n === 'photos/sunset.png').length, 1);
  });

  it('lists unreadable folders and goes on', async () => {
    const fs = media();
    fs.denied.add(`${ROOT}/photos`);
    const summary = await walkMediaFiles(fs, ROOT);
    assert.deepEqual(summary.unreadable, ['photos']);
    assert.equal(summary.files, 4, 'the four files outside photos/');
  });

  it('stops at the entry budget and at cancellation', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    for (let i = 0; i < 50; i++) for (let j = 0; j < 20; j++) fs.file(`${ROOT}/d${i}/f${j}.png`);
    const capped = await walkMediaFiles(fs, ROOT, { limits: { maxEntries: 100 } });
    assert.match(capped.truncated ?? '', /100 entries/);
    assert.ok(capped.files < 100);
    const token = { aborted: false };
    let batches = 0;
    const aborted = await walkMediaFiles(fs, ROOT, { token, onFiles: () => { if (++batches === 3) token.aborted = true; } });
    assert.equal(aborted.aborted, true);
    assert.ok(aborted.files < 1000);
  });
});

describe('findUnusedMedia', () => {
  const template = [
    '<img src="/media/photos/sunset.png">',
    '<img src="{{ MEDIA_URL }}photos/missing-cat.png">',
    '<a href="{% get_media_prefix %}banners">x</a>',
    '<a href="/media/uploads/.gitkeep">keep</a>',
  ].join('\n');

  it('lists files nothing names, and references that name no file', async () => {
    const report = await findUnusedMedia(media(), {
      mediaRoot: ROOT,
      references: refs(template),
      mentions: [{ storageName: 'avatars/default.svg', range: { file: '/site/gallery/models.py', line: 3, column: 50, endLine: 3, endColumn: 69 } }],
      exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE),
    });
    assert.deepEqual(report.unused.map((u) => u.storageName), ['documents/old-price-list.pdf', 'photos/forest.png']);
    assert.equal(report.unusedCount, 2);
    assert.equal(report.usedCount, 2);
    assert.deepEqual(report.missing.map((m) => [m.storageName, m.isFolder]), [['banners', true], ['photos/missing-cat.png', false]]);
    const cat = report.missing[1]!;
    assert.equal(cat.path, `${ROOT}/photos/missing-cat.png`);
    assert.deepEqual(cat.uses.map((u) => [u.range.line, u.kind]), [[2, 'reference']]);
    assert.equal(report.aborted, false);
  });

  it('matches names whatever their Unicode normalisation (macOS stores them decomposed)', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true }).file(`${ROOT}/cafe\u0301.png`);
    const report = await findUnusedMedia(fs, { mediaRoot: ROOT, references: refs('<img src="/media/caf%C3%A9.png">') });
    assert.equal(report.unusedCount, 0);
    assert.equal(report.missingCount, 0);
  });

  it('keeps exact counts but bounded lists', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    for (let i = 0; i < 300; i++) fs.file(`${ROOT}/f/${i}.png`);
    const report = await findUnusedMedia(fs, { mediaRoot: ROOT, references: [] }, { maxListed: 10 });
    assert.equal(report.unusedCount, 300);
    assert.deepEqual(report.unused.map((u) => u.storageName), ['f/0.png', 'f/1.png', 'f/2.png', 'f/3.png', 'f/4.png', 'f/5.png', 'f/6.png', 'f/7.png', 'f/8.png', 'f/9.png']);
  });

  it('reports progress and stops when cancelled', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true });
    for (let i = 0; i < 40; i++) for (let j = 0; j < 50; j++) fs.file(`${ROOT}/d${i}/${j}.png`);
    const token = { aborted: false };
    const progress: number[] = [];
    const report = await findUnusedMedia(fs, { mediaRoot: ROOT, references: [] }, {
      token,
      onProgress: (n) => {
        progress.push(n);
        if (n >= 500) token.aborted = true;
      },
    });
    assert.equal(report.aborted, true);
    assert.ok(progress.length >= 10);
    assert.ok(report.walk.files < 2000);
  });

  it('finds every use of one file for "Find References"', () => {
    const r = refs('<img src="/media/photos/sunset.png">\n<img src="{{ MEDIA_URL }}photos/sunset.png?v=2">\n<img src="/media/photos/forest.png">');
    const uses = usesOfStorageName('photos/sunset.png', r, [
      { storageName: 'photos/sunset.png', range: { file: '/site/a.py', line: 1, column: 2, endLine: 1, endColumn: 19 } },
    ]);
    assert.deepEqual(uses.map((u) => [u.range.file, u.range.line, u.kind]), [
      ['/site/a.py', 1, 'mention'],
      ['/site/templates/page.html', 1, 'reference'],
      ['/site/templates/page.html', 2, 'reference'],
    ]);
  });
});

describe('collectStorageNameMentions', () => {
  it('reads Python anywhere and JSON/YAML/XML only in fixture folders', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true })
      .file('/site/gallery/models.py', { text: 'avatar = ImageField(default="avatars/default.svg")\n' })
      .file('/site/gallery/fixtures/photos.json', { text: '[{"model": "gallery.photo", "fields": {"image": "photos/sunset.png"}}]' })
      .file('/site/gallery/fixtures/more/albums.yaml', { text: '- model: gallery.album\n  fields:\n    cover: banners/hero.jpg\n' })
      .file('/site/data/seed/profiles.xml', { text: '<field name="avatar" type="FileField">avatars/ann.png</field>' })
      .file('/site/config/package.json', { text: '{"icon": "logo.png"}' })
      .file('/site/media/notes.py', { text: '"photos/in-media.png"' })
      .file('/site/.venv/lib/x.py', { text: '"photos/venv.png"' });
    const found = await collectStorageNameMentions(fs, '/site', { mediaRoot: '/site/media', fixtureDirs: ['/site/data/seed'] });
    assert.deepEqual(found.map((m) => [m.range.file, m.storageName]), [
      ['/site/data/seed/profiles.xml', 'avatars/ann.png'],
      ['/site/gallery/fixtures/more/albums.yaml', 'banners/hero.jpg'],
      ['/site/gallery/fixtures/photos.json', 'photos/sunset.png'],
      ['/site/gallery/models.py', 'avatars/default.svg'],
    ]);
  });
});
