// Property: no media operation resolves outside MEDIA_ROOT after following links, and no write is
// allowed outside its root — over generated names (`..`, `%2e%2e`, unicode, spaces, absolute
// paths, backslashes, NUL) and generated symlink layouts (links to the project, to /etc, to a file
// outside, chains, loops, dangling links, MEDIA_ROOT itself a link), on the in-memory port (with
// and without `realpath`) and on the real disk with relative links.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirEntry, FileStat, FileSystem } from '../../../src/core/fileSystem';
import { isWithin } from '../../../src/core/confinedFileSystem';
import { checkWritePath, fixPathDenial, fixWriteDenial } from '../../../src/core/writeGuard';
import { findMediaReferences } from '../../../src/core/media';
import { existenceOf, findUnusedMedia, listMediaFolder, statMediaEntries, walkMediaFiles, confineToMediaRoot, mediaPath } from '../../../src/core/mediaIndex';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { seededRandom } from '../helpers/seededRandom';

/** Records every read that reached the port and succeeded (what an operation actually saw). */
class RecordingFileSystem implements FileSystem {
  readonly read: string[] = [];
  realpath?: (path: string) => Promise<string | undefined>;
  constructor(private readonly inner: FileSystem, withRealpath: boolean) {
    if (withRealpath && inner.realpath) this.realpath = (p) => inner.realpath!(p);
  }
  stat(path: string): Promise<FileStat | undefined> {
    return this.inner.stat(path);
  }
  async readFile(path: string): Promise<Uint8Array> {
    const data = await this.inner.readFile(path);
    this.read.push(path);
    return data;
  }
  async readDirectory(path: string): Promise<DirEntry[]> {
    const list = await this.inner.readDirectory(path);
    this.read.push(path);
    return list;
  }
}

const SEGMENTS = ['..', '.', '%2e%2e', '..%2f..', 'a b', 'café', 'cafe\u0301', '名前.png', '', 'photos', 'src', 'etc', 'passwd', 'in', 'loop', 'chain', 'dangling', 'x.png', '..\\..\\manage.py', 'a\\b', 'x\0y', 'manage.py', 'deep'];

function generatedName(random: () => number): string {
  const n = 1 + Math.floor(random() * 4);
  const parts = Array.from({ length: n }, () => SEGMENTS[Math.floor(random() * SEGMENTS.length)]!);
  const name = parts.join('/');
  const r = random();
  return r < 0.1 ? `/${name}` : r < 0.15 ? `/etc/${name}` : name;
}

/** A project at /p whose MEDIA_ROOT holds some of the hostile links (MEDIA_ROOT may itself be a link). */
function memoryLayout(random: () => number): { fs: MemoryFileSystem; mediaRoot: string } {
  const fs = new MemoryFileSystem({}, { unsorted: true })
    .file('/p/manage.py', 'import os')
    .file('/p/app/models.py', 'x = 1')
    .file('/etc/passwd', 'root:x:0:0')
    .file('/mnt/archive/old.png', 'png');
  const rootIsLink = random() < 0.3;
  const real = rootIsLink ? '/data/media' : '/p/media';
  fs.file(`${real}/photos/x.png`, 'png').file(`${real}/a b/café.png`, 'png').file(`${real}/名前.png`, 'png').mkdir(`${real}/empty`);
  if (rootIsLink) fs.link('/p/media', real);
  const links: Array<[string, string]> = [
    ['src', '/p'],
    ['etc', '/etc'],
    ['passwd', '/etc/passwd'],
    ['archive', '/mnt/archive'],
    ['in', `${real}/photos`],
    ['loop', real],
    ['photos/deep', '/p/app'],
    ['in2', `${real}/in`],
    ['chain', `${real}/src`],
    ['dangling', '/nowhere/at/all'],
    ['self', `${real}/self`],
    ['photos/up', '/p'],
    ['manage.py', '/p/manage.py'],
  ];
  for (const [name, target] of links) if (random() < 0.6) fs.link(`${real}/${name}`, target);
  return { fs, mediaRoot: '/p/media' };
}

/** Where a path ends up after links (the nearest existing ancestor's real path plus the rest). */
async function resolved(fs: FileSystem, path: string): Promise<string | undefined> {
  let at = path;
  let rest = '';
  for (;;) {
    const real = await fs.realpath!(at);
    if (real !== undefined) return rest ? `${real === '/' ? '' : real}${rest}` : real;
    const slash = at.lastIndexOf('/');
    if (slash <= 0) return undefined;
    rest = at.slice(slash) + rest;
    at = at.slice(0, slash);
  }
}

/** Runs every media operation on one layout and checks nothing resolved outside MEDIA_ROOT. */
async function checkLayout(inner: FileSystem, mediaRoot: string, names: readonly string[], withRealpath: boolean, what: string): Promise<number> {
  const realRoot = (await inner.realpath!(mediaRoot))!;
  const inside = async (path: string): Promise<boolean> => {
    const r = await resolved(inner, path);
    return r === undefined || isWithin(realRoot, r);
  };
  const fs = new RecordingFileSystem(inner, withRealpath);
  let checked = 0;
  const expectInside = async (path: string, op: string): Promise<void> => {
    checked++;
    assert.ok(await inside(path), `${what}: ${op} reached ${path} (${await resolved(inner, path)}), outside ${realRoot}`);
  };

  const walked: string[] = [];
  await walkMediaFiles(fs, mediaRoot, { onFiles: (b) => walked.push(...b.map((f) => f.path)) });
  for (const p of walked) await expectInside(p, 'the walk');

  const references = findMediaReferences(names.map((n) => `<img src="/media/${n}">`).join('\n'), 'django-html', { file: '/p/t.html', mediaUrl: '/media/', mediaRoot });
  const report = await findUnusedMedia(fs, { mediaRoot, references });
  for (const u of report.unused) await expectInside(u.path, 'the unused scan');

  const media = confineToMediaRoot(fs, mediaRoot);
  for (const name of ['', 'photos', 'in', 'src', 'etc', 'loop', 'chain', ...names]) {
    const listing = await listMediaFolder(fs, mediaRoot, name, { sort: 'size' });
    if (!listing.error) await expectInside(listing.path, `listing ${JSON.stringify(name)}`);
    const entries = listing.all();
    await statMediaEntries(fs, entries);
    for (const e of entries) {
      if (!e.linkOutside) await expectInside(e.path, 'a listed entry');
      else assert.equal(e.stat, null, `${what}: a link out of MEDIA_ROOT was stat'ed`);
    }
    const state = await existenceOf(media, mediaPath(mediaRoot, name), mediaRoot);
    if (state === 'file' || state === 'directory') await expectInside(mediaPath(mediaRoot, name), 'existence');
  }
  for (const path of fs.read) await expectInside(path, 'a read');

  for (const name of names) {
    const raw = name.startsWith('/') ? name : `${mediaRoot}/${name}`;
    const c = await checkWritePath(fs, mediaRoot, raw);
    if (!c.ok) continue;
    assert.ok(isWithin(mediaRoot, c.path) && c.path !== mediaRoot, `${what}: the write guard allowed ${c.path}`);
    assert.ok(!/[\0\\]/.test(c.path));
    await expectInside(c.path, `a write to ${JSON.stringify(raw)}`);
  }
  return checked;
}

describe('media operations stay inside MEDIA_ROOT', () => {
  it('on generated names and link layouts, with and without realpath', async () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const { fs, mediaRoot } = memoryLayout(random);
      const names = Array.from({ length: 25 }, () => generatedName(random));
      checked += await checkLayout(fs, mediaRoot, names, true, `seed ${seed}`);
      checked += await checkLayout(fs, mediaRoot, names, false, `seed ${seed} without realpath`);
    }
    assert.ok(checked > 5000, `only ${checked} paths checked`);
  });

  it('on the real disk with relative links', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dm-media-')));
    try {
      const media = join(dir, 'p', 'media');
      mkdirSync(join(media, 'photos'), { recursive: true });
      mkdirSync(join(dir, 'p', 'app'), { recursive: true });
      writeFileSync(join(dir, 'p', 'manage.py'), 'import os');
      writeFileSync(join(dir, 'p', 'app', 'models.py'), 'x = 1');
      writeFileSync(join(media, 'photos', 'x.png'), 'png');
      symlinkSync('..', join(media, 'src'));
      symlinkSync('../../app', join(media, 'photos', 'deep'));
      symlinkSync('../manage.py', join(media, 'manage.py'));
      symlinkSync('photos', join(media, 'in'));
      symlinkSync('.', join(media, 'loop'));
      symlinkSync('../../nowhere', join(media, 'dangling'));
      symlinkSync('/etc', join(media, 'etc'));
      const random = seededRandom(7);
      const names = ['src/manage.py', 'src/app', 'photos/deep/models.py', 'manage.py', 'in/x.png', 'loop/photos/x.png', 'dangling/new', 'etc/passwd', ...Array.from({ length: 40 }, () => generatedName(random))];
      const node = new NodeFileSystem();
      await checkLayout(node, media, names, true, 'disk');
      // What a user sees: the project's own files are never unused media, the links out are counted.
      const report = await findUnusedMedia(node, { mediaRoot: media, references: [] });
      assert.deepEqual(report.unused.map((u) => u.storageName).sort(), ['in/x.png', 'photos/x.png']);
      // src, manage.py, etc, photos/deep and in/deep (the same link seen through `in`).
      assert.equal(report.walk.linksOutside, 5);
      const top = await listMediaFolder(node, media, '');
      assert.deepEqual(top.all().filter((e) => e.linkOutside).map((e) => e.name).sort(), ['etc', 'manage.py', 'src']);
      for (const name of ['src/manage.py', 'manage.py', 'photos/deep/models.py', 'dangling/new', 'dangling']) {
        assert.equal((await checkWritePath(node, media, `${media}/${name}`)).ok, false, `${name} may not be written`);
      }
      assert.deepEqual(await checkWritePath(node, media, `${media}/in/../photos/new.png`), { ok: true, path: `${media}/photos/new.png` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unknown is not missing', () => {
  it('an unreadable MEDIA_ROOT makes references unknown, not missing', async () => {
    const fs = new MemoryFileSystem().file('/p/media/photos/a.png', 'png');
    fs.denied.add('/p/media');
    const references = findMediaReferences('<img src="/media/photos/b.png"><img src="/media/c.png">', 'django-html', { file: '/p/t.html', mediaUrl: '/media/', mediaRoot: '/p/media' });
    const report = await findUnusedMedia(fs, { mediaRoot: '/p/media', references });
    assert.deepEqual(report.missing.map((m) => m.storageName), ['photos/b.png'], 'photos/ can be listed and does not hold it');
    assert.equal(report.unknownReferences, 1, 'c.png: its folder cannot be listed');
    fs.denied.add('/p/media/photos');
    const again = await findUnusedMedia(fs, { mediaRoot: '/p/media', references });
    assert.equal(again.missingCount, 0);
    assert.equal(again.unknownReferences, 2);
    fs.denied.clear();
    const readable = await findUnusedMedia(fs, { mediaRoot: '/p/media', references });
    assert.deepEqual(readable.missing.map((m) => m.storageName), ['c.png', 'photos/b.png']);
  });
});

describe('the write guard of quick fixes', () => {
  it('refuses a fix that edits or creates a file outside the workspace folder', async () => {
    const fs = new MemoryFileSystem().file('/repo/.gitignore', '').file('/repo/ws/site/settings.py', 'X = 1').link('/repo/ws/linked.py', '/repo/outside.py').file('/repo/outside.py', '');
    const edit = (file: string) => ({ edits: [{ file }] });
    assert.equal(await fixWriteDenial(fs, '/repo/ws', edit('/repo/ws/site/settings.py')), undefined);
    assert.match((await fixWriteDenial(fs, '/repo/ws', edit('/repo/.gitignore')))!, /outside \/repo\/ws/);
    assert.match((await fixWriteDenial(fs, '/repo/ws', edit('/repo/ws/linked.py')))!, /symbolic link/);
    assert.match((await fixWriteDenial(fs, '/repo/ws', edit('/repo/ws/../.gitignore')))!, /outside|normalised/);
    assert.match((await fixWriteDenial(fs, '/repo/ws', { edits: [], createFiles: [{ path: '/repo/.gitignore' }] }))!, /outside/);
    assert.equal(await fixWriteDenial(fs, '/repo/ws', { edits: [], createFolders: ['/repo/ws/media/new'] }), undefined);
    // The answer the editor gives at once (no links followed) refuses the same paths outside.
    assert.equal(fixPathDenial('/repo/ws', edit('/repo/ws/site/settings.py')), undefined);
    assert.match(fixPathDenial('/repo/ws', edit('/repo/.gitignore'))!, /outside/);
    assert.match(fixPathDenial('/repo/ws', edit('/repo/ws/../.gitignore'))!, /outside|normalised/);
    assert.match(fixPathDenial('/repo/ws', edit('/repo/ws/a\\..\\..\\x'))!, /backslash/);
  });
});
