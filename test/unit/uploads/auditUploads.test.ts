import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findMediaReferences } from '../../../src/core/media';
import { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE } from '../../../src/core/mediaIndex';
import { auditUploads } from '../../../src/core/uploads/auditUploads';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { matchesUploadTo } from '../../../src/core/uploads/uploadFolders';
import { fileField, MemoryRows } from './memoryRows';

const ROOT = '/site/media';

function media(): MemoryFileSystem {
  return new MemoryFileSystem({}, { unsorted: true })
    .file(`${ROOT}/photos/2024/05/sunset.jpg`, { size: 2048, mtime: 1_700_000_000_000 })
    .file(`${ROOT}/photos/2024/05/old.jpg`, { size: 100, mtime: 1_600_000_000_000 })
    .file(`${ROOT}/docs/manual.pdf`, { size: 5000 })
    .file(`${ROOT}/docs/draft.pdf`, { size: 7 })
    .file(`${ROOT}/stray.txt`, { size: 3 })
    .file(`${ROOT}/banners/home.png`, { size: 10 })
    .file(`${ROOT}/docs/.gitkeep`)
    .file(`${ROOT}/.DS_Store`);
}

const fields = [fileField('blog', 'Post', 'cover', 'photos/%Y/%m/'), fileField('library', 'Document', 'file', 'docs/')];

function rows(): MemoryRows {
  return new MemoryRows({
    'blog_post.cover': [
      { pk: '1', name: 'photos/2024/05/sunset.jpg' },
      { pk: '2', name: 'photos/2024/05/gone.jpg' },
      { pk: '3', name: '' },
    ],
    'library_document.file': [
      { pk: '10', name: 'docs/manual.pdf' },
      { pk: '9', name: 'docs/lost.pdf' },
      { pk: '11', name: 'docs/lost.pdf' },
    ],
  });
}

const exclude = compileMediaExclude(DEFAULT_MEDIA_EXCLUDE);

describe('auditUploads', () => {
  it('lists orphans (size, age), rows whose file is gone, and files outside every upload folder', async () => {
    const source = rows();
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: source, exclude, matchesUploadTo: matchesUploadTo });
    assert.deepEqual(report.database, { read: true, engine: 'sqlite' });
    assert.deepEqual(
      report.orphans.map((o) => [o.name, o.bytes, o.mtime]),
      [
        ['banners/home.png', 10, 0],
        ['docs/draft.pdf', 7, 0],
        ['photos/2024/05/old.jpg', 100, 1_600_000_000_000],
        ['stray.txt', 3, 0],
      ],
    );
    assert.deepEqual(report.missingFiles, [
      { app: 'blog', model: 'Post', field: 'cover', pk: '2', name: 'photos/2024/05/gone.jpg' },
      { app: 'library', model: 'Document', field: 'file', pk: '9', name: 'docs/lost.pdf' },
      { app: 'library', model: 'Document', field: 'file', pk: '11', name: 'docs/lost.pdf' },
    ]);
    assert.deepEqual(report.outsideUploadFolders, [{ name: 'banners/home.png' }, { name: 'stray.txt' }]);
    assert.doesNotMatch(report.notes.join('\n'), /not compared/);
    assert.deepEqual(report.counts, { orphans: 4, missingFiles: 3, outsideUploadFolders: 2, files: 6, rows: 5 });
    assert.deepEqual(report.perField, [
      { rows: 2, files: 2, missing: 1, bytes: null },
      { rows: 3, files: 2, missing: 2, bytes: null },
    ]);
    assert.deepEqual(source.read, ['blog_post.cover', 'library_document.file']);
  });

  it('adds up the size of each upload folder when asked, and leaves it unknown beyond the bound', async () => {
    const sized = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: rows(), exclude, matchesUploadTo: matchesUploadTo }, { maxSizeStats: 100 });
    assert.deepEqual(sized.perField.map((f) => f.bytes), [2148, 5007]);
    const bounded = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: rows(), exclude, matchesUploadTo: matchesUploadTo }, { maxSizeStats: 3 });
    assert.deepEqual(bounded.perField.map((f) => f.bytes), [null, null]);
  });

  it('never calls a file an orphan when the database was not read, and says why', async () => {
    const report = await auditUploads(media(), {
      mediaRoot: ROOT,
      fields,
      rows: { notRead: { read: false, engine: 'mysql', reason: 'the django.db.backends.mysql engine is not supported' } },
      exclude,
      matchesUploadTo: matchesUploadTo,
    });
    assert.deepEqual(report.database, { read: false, engine: 'mysql', reason: 'the django.db.backends.mysql engine is not supported' });
    assert.deepEqual(report.orphans, []);
    assert.equal(report.counts.orphans, 0);
    assert.deepEqual(report.missingFiles, []);
    // Files outside the upload folders are a fact about files and models, not rows.
    assert.deepEqual(report.outsideUploadFolders, [{ name: 'banners/home.png' }, { name: 'stray.txt' }]);
    assert.match(report.notes.join('\n'), /Database not read: the django\.db\.backends\.mysql engine is not supported\. No file is called an orphan/);
  });

  it('calls no file an orphan when rows the models catalogue could not read may name it, and says why', async () => {
    const gap = 'The rows of apps outside the project that may have file fields are not read: wagtail.images.';
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: rows(), exclude, matchesUploadTo, catalogueGaps: [gap] });
    assert.equal(report.database.read, true);
    assert.deepEqual(report.orphans, []);
    assert.equal(report.counts.orphans, 0);
    assert.match(report.orphansNotListed ?? '', /wagtail\.images/);
    assert.ok(report.notes.some((n) => n.startsWith('No file is called an orphan: ') && n.includes(gap)), report.notes.join('\n'));
    // The rows that were read still tell which files are missing.
    assert.equal(report.counts.missingFiles, 3);
  });

  it('says MEDIA_ROOT does not exist yet rather than that it could not be read', async () => {
    const empty = new MemoryFileSystem({ '/site/manage.py': '' });
    const report = await auditUploads(empty, { mediaRoot: ROOT, fields, rows: rows(), exclude, matchesUploadTo });
    assert.ok(report.notes.includes(`MEDIA_ROOT (${ROOT}) does not exist yet: nothing has been uploaded there (Django creates it on the first upload).`), report.notes.join('\n'));
    assert.ok(!report.notes.some((n) => /could not be read/.test(n)), report.notes.join('\n'));
  });

  it('passes on what the reader says the rows may lack', async () => {
    const source = Object.assign(rows(), { note: 'a write was in progress while the database was read' });
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: source, exclude });
    assert.equal(report.database.read, true);
    assert.ok(report.notes.includes('The database was read, but a write was in progress while the database was read.'), report.notes.join('\n'));
  });

  it('reports no orphan when one column cannot be read, but keeps the rows that point at missing files', async () => {
    const withGhost = [...fields, fileField('shop', 'Product', 'image', 'products/')];
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields: withGhost, rows: rows(), exclude });
    assert.equal(report.database.read, false);
    assert.equal(report.database.reason, 'a column could not be read (shop_product.image: no such table: shop_product)');
    assert.deepEqual(report.orphans, []);
    assert.equal(report.missingFiles.length, 3);
    assert.equal(report.perField[2]!.rows, null);
  });

  it('does not call a file an orphan when a template or code names it', async () => {
    const references = findMediaReferences('<img src="/media/stray.txt">', 'django-html', { file: '/site/templates/a.html', mediaUrl: '/media/', mediaRoot: ROOT });
    const report = await auditUploads(media(), {
      mediaRoot: ROOT,
      fields,
      rows: rows(),
      exclude,
      references,
      mentions: [{ storageName: 'banners/home.png', range: { file: '/site/blog/views.py', line: 3, column: 5 } } as never],
    });
    assert.deepEqual(report.orphans.map((o) => o.name), ['docs/draft.pdf', 'photos/2024/05/old.jpg']);
  });

  it('checks custom-storage rows against nothing, but lets them protect files, and says so', async () => {
    const custom = [fileField('blog', 'Post', 'cover', 'photos/%Y/%m/', { storage: { kind: 'custom', expression: 'S3Storage()' } }), fields[1]!];
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields: custom, rows: rows(), exclude });
    assert.deepEqual(report.missingFiles.map((m) => m.name), ['docs/lost.pdf', 'docs/lost.pdf']);
    assert.ok(!report.orphans.some((o) => o.name === 'photos/2024/05/sunset.jpg'));
    assert.match(report.notes.join('\n'), /1 field uses a custom storage \(Post\.cover\): its rows are not checked for missing files\./);
  });

  it('does not report as missing a name that leads out of MEDIA_ROOT, nor one a hidden or unreadable folder may hold', async () => {
    const fs = media().file('/site/secret.txt').file(`${ROOT}/private/keys.txt`);
    fs.denied.add(`${ROOT}/private`);
    const source = new MemoryRows({
      'blog_post.cover': [
        { pk: '1', name: '../secret.txt' },
        { pk: '2', name: '/etc/passwd' },
        { pk: '3', name: 'private/keys.txt' },
        { pk: '6', name: 'private/other.txt' },
        { pk: '4', name: 'docs/.gitkeep' },
        { pk: '5', name: 'docs/really-gone.pdf' },
      ],
      'library_document.file': [],
    });
    const report = await auditUploads(fs, { mediaRoot: ROOT, fields, rows: source, exclude });
    assert.deepEqual(report.missingFiles.map((m) => m.pk), ['5']);
    assert.match(report.notes.join('\n'), /2 stored names lead out of MEDIA_ROOT/);
    assert.match(report.notes.join('\n'), /1 stored name could not be checked/);
    // .gitkeep exists (hidden by the exclude patterns): neither missing nor an orphan.
    assert.ok(!report.orphans.some((o) => o.name === 'docs/.gitkeep'));
  });

  it('matches names written in another Unicode normalisation (macOS stores NFD)', async () => {
    const fs = new MemoryFileSystem().file(`${ROOT}/photos/cafe\u0301.jpg`, { size: 1 });
    const source = new MemoryRows({ 'blog_post.cover': [{ pk: '1', name: 'photos/caf\u00e9.jpg' }], 'library_document.file': [] });
    const report = await auditUploads(fs, { mediaRoot: ROOT, fields, rows: source });
    assert.deepEqual(report.orphans, []);
    assert.deepEqual(report.missingFiles, []);
  });

  it('groups thumbnails with their original: easy-thumbnails next to it or in THUMBNAIL_SUBDIR, imagekit under CACHE/images, sorl under cache/', async () => {
    const fs = new MemoryFileSystem()
      .file(`${ROOT}/photos/a.jpg`, { size: 1 })
      .file(`${ROOT}/photos/a.jpg.100x100_q85_crop.jpg`, { size: 1 })
      .file(`${ROOT}/photos/b.jpg`, { size: 1 })
      .file(`${ROOT}/photos/b.jpg.50x50_q85@2x.jpg`, { size: 1 })
      .file(`${ROOT}/photos/thumbs/b.jpg.20x20.png`, { size: 1 })
      .file(`${ROOT}/photos/gone.jpg.100x100_q85.jpg`, { size: 1 })
      .file(`${ROOT}/avatars/c.png`, { size: 1 })
      .file(`${ROOT}/CACHE/images/avatars/c/0f1e2d3c.png`, { size: 1 })
      .file(`${ROOT}/cache/ab/cd/abcdef0123.jpg`, { size: 1 })
      .file(`${ROOT}/cache/12/34/1234567890.jpg`, { size: 1 });
    const thumbFields = [
      fileField('blog', 'Post', 'cover', 'photos/', { renditions: 'easy-thumbnails' }),
      fileField('people', 'Person', 'avatar', 'avatars/', { renditions: 'imagekit' }),
      fileField('shop', 'Item', 'image', 'items/', { renditions: 'sorl-thumbnail' }),
    ];
    const source = new MemoryRows({ 'blog_post.cover': [{ pk: '1', name: 'photos/a.jpg' }], 'people_person.avatar': [{ pk: '1', name: 'avatars/c.png' }], 'shop_item.image': [] });
    const report = await auditUploads(fs, { mediaRoot: ROOT, fields: thumbFields, rows: source, renditionFolders: { easyThumbnailsSubdir: 'thumbs' }, matchesUploadTo: matchesUploadTo });
    // b.jpg is an orphan, and its thumbnails (in THUMBNAIL_SUBDIR, and one made next to it before
    // the setting) go with it; a.jpg's and c.png's are used with them; gone.jpg's has no original.
    assert.deepEqual(
      report.orphans.map((o) => [o.name, o.renditions]),
      [
        ['photos/b.jpg', ['photos/b.jpg.50x50_q85@2x.jpg', 'photos/thumbs/b.jpg.20x20.png']],
        ['photos/gone.jpg.100x100_q85.jpg', undefined],
      ],
    );
    assert.deepEqual(report.renditionCaches, [{ library: 'sorl-thumbnail', folder: 'cache/', files: 2 }]);
    assert.deepEqual(report.outsideUploadFolders, []);
  });

  it('groups easy-thumbnails renditions next to the original with the default settings', async () => {
    const fs = new MemoryFileSystem().file(`${ROOT}/photos/b.jpg`, { size: 1 }).file(`${ROOT}/photos/b.jpg.50x50_q85@2x.jpg`, { size: 1 });
    const source = new MemoryRows({ 'blog_post.cover': [] });
    const report = await auditUploads(fs, { mediaRoot: ROOT, fields: [fileField('blog', 'Post', 'cover', 'photos/')], rows: source, renditionLibraries: ['easy-thumbnails'] });
    assert.deepEqual(report.orphans.map((o) => [o.name, o.renditions]), [['photos/b.jpg', ['photos/b.jpg.50x50_q85@2x.jpg']]]);
  });

  it('says so when upload folders cannot be compared, and treats an unknown upload_to as "cannot tell"', async () => {
    const report = await auditUploads(media(), { mediaRoot: ROOT, fields, rows: rows(), exclude });
    assert.deepEqual(report.outsideUploadFolders, []);
    assert.match(report.notes.join('\n'), /Upload folders were not compared/);
    const unknown = [...fields, fileField('x', 'Y', 'z', { kind: 'unknown', reason: 'computed at runtime' })];
    const source = new MemoryRows({ 'blog_post.cover': [], 'library_document.file': [], 'x_y.z': [] });
    const r2 = await auditUploads(media(), { mediaRoot: ROOT, fields: unknown, rows: source, exclude, matchesUploadTo: matchesUploadTo });
    assert.deepEqual(r2.outsideUploadFolders, []);
    assert.deepEqual(r2.perField.map((f) => f.files), [2, 2, null]);
  });

  it('keeps lists bounded and counts exact, and lists the first rows of a name many rows share', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 300; i++) fs.file(`${ROOT}/f${String(i).padStart(3, '0')}.bin`, { size: 1 });
    const many = Array.from({ length: 250 }, (_, i) => ({ pk: String(i + 1), name: 'default.png' }));
    const source = new MemoryRows({ 'blog_post.cover': many, 'library_document.file': [] });
    const report = await auditUploads(fs, { mediaRoot: ROOT, fields, rows: source }, { maxListed: 50 });
    assert.equal(report.orphans.length, 50);
    assert.equal(report.orphans[0]!.name, 'f000.bin');
    assert.equal(report.counts.orphans, 300);
    assert.equal(report.counts.missingFiles, 250);
    assert.equal(report.missingFiles.length, 50);
    assert.deepEqual(report.missingFiles.slice(0, 3).map((m) => m.pk), ['1', '2', '3']);
    assert.equal(report.perField[0]!.missing, 250);
  });

  it('stops when cancelled and reports progress', async () => {
    const token = { aborted: false };
    const phases = new Set<string>();
    const report = await auditUploads(
      media(),
      { mediaRoot: ROOT, fields, rows: rows(), exclude },
      {
        token,
        onProgress: (p) => {
          phases.add(p.phase);
          if (p.phase === 'rows') token.aborted = true;
        },
      },
    );
    assert.ok(phases.has('files'));
    assert.equal(report.aborted, true);
    assert.deepEqual(report.orphans, []);
  });
});
