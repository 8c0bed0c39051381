// The disk port of the CLI and of the editor's Node extension host. The editor's mode makes
// synchronous calls while the disk answers quickly, and asynchronous ones once a call was slow
// (a network mount must not block the extension host): answers are the same in every mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dm-nodefs-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'models.py'), 'x = 1\n');
  writeFileSync(join(dir, 'big.txt'), 'y'.repeat(10_000));
  symlinkSync(join(dir, 'app', 'models.py'), join(dir, 'link.py'));
  return dir;
}

/** Every kind of call on the tree, as plain data. */
async function answers(fs: NodeFileSystem, dir: string): Promise<unknown[]> {
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const stat = async (p: string) => {
    const s = await fs.stat(p);
    return s && { type: s.type, size: s.size, symlink: s.symlink ?? false };
  };
  return [
    await stat(join(dir, 'app', 'models.py')),
    await stat(join(dir, 'link.py')),
    await stat(join(dir, 'app')),
    await stat(join(dir, 'nowhere')),
    text(await fs.readFile(join(dir, 'app', 'models.py'))),
    text(await fs.readFileHead(join(dir, 'big.txt'), 100)),
    (await fs.readFileHead(join(dir, 'big.txt'), 1_000_000)).length,
    // A size given by the caller only sizes the first read: a stale one (the file grew or shrank
    // since that stat) still gives the whole file.
    (await fs.readFileHead(join(dir, 'big.txt'), 1_000_000, 10)).length,
    (await fs.readFileHead(join(dir, 'big.txt'), 1_000_000, 50_000)).length,
    text(await fs.readFileHead(join(dir, 'app', 'models.py'), 1_000_000, 0)),
    (await fs.readDirectory(dir)).sort((a, b) => a.name.localeCompare(b.name)),
    (await fs.realpath(join(dir, 'link.py')))?.endsWith('/app/models.py'),
    await fs.readFile(join(dir, 'nowhere')).then(
      () => 'read',
      (e: NodeJS.ErrnoException) => e.code,
    ),
  ];
}

test('synchronous, asynchronous and while-fast calls give the same answers', async () => {
  const dir = tree();
  try {
    const expected = await answers(new NodeFileSystem(), dir);
    assert.deepEqual(expected.slice(5, 10), ['y'.repeat(100), 10_000, 10_000, 10_000, 'x = 1\n']);
    assert.deepEqual(await answers(new NodeFileSystem({ synchronous: true }), dir), expected);
    const whileFast = new NodeFileSystem({ synchronous: 'while-fast' });
    assert.deepEqual(await answers(whileFast, dir), expected);
    // Again, now that it has learnt which folders are local.
    await whileFast.learnt(dir);
    await whileFast.learnt(join(dir, 'app'));
    assert.deepEqual(await answers(whileFast, dir), expected);
    assert.equal(whileFast.synchronous, true, 'quick calls on a local disk stay synchronous');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while-fast: synchronous only for the files of a folder found to be local, never for a folder or a link in it', async () => {
  const dir = tree();
  try {
    const fs = new NodeFileSystem({ synchronous: 'while-fast' });
    // Nothing is known of the folder yet: asynchronous, and finding out starts.
    assert.equal(fs.synchronousFor(join(dir, 'big.txt')), false);
    await fs.learnt(dir);
    assert.equal(fs.synchronousFor(join(dir, 'big.txt')), true, 'a file listed in a local folder');
    assert.equal(fs.synchronousFor(join(dir, 'views.py')), true, 'a name absent from the listing: no mount can be there');
    assert.equal(fs.synchronousFor(join(dir, 'link.py')), false, 'a link may lead to a mount');
    assert.equal(fs.synchronousFor(join(dir, 'app')), false, 'a folder may be a mount point until its own type is known');
    await fs.readDirectory(join(dir, 'app'));
    await fs.learnt(join(dir, 'app'));
    assert.equal(fs.synchronousFor(join(dir, 'app', 'models.py')), true);
    assert.equal(fs.synchronousFor(join(dir, 'app')), true, 'a folder whose own file system is local');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while-fast: nothing is synchronous on a file system that is not a local one', async () => {
  const dir = tree();
  try {
    // As if every folder were on a network mount.
    const fs = new NodeFileSystem({ synchronous: 'while-fast', localTypes: new Set() });
    const models = join(dir, 'app', 'models.py');
    fs.synchronousFor(models);
    await fs.learnt(join(dir, 'app'));
    assert.equal(fs.synchronousFor(models), false);
    assert.deepEqual(await answers(fs, dir), await answers(new NodeFileSystem(), dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while-fast: the first slow call ends the synchronous calls, and the answers stay the same', async () => {
  const dir = tree();
  try {
    const expected = await answers(new NodeFileSystem(), dir);
    assert.deepEqual(expected.slice(5, 10), ['y'.repeat(100), 10_000, 10_000, 10_000, 'x = 1\n']);
    // Every call counts as slow here: the first synchronous one switches.
    const fs = new NodeFileSystem({ synchronous: 'while-fast', slowCallMs: -1 });
    const models = join(dir, 'app', 'models.py');
    fs.synchronousFor(models);
    await fs.learnt(join(dir, 'app'));
    assert.equal(fs.synchronous, true);
    assert.equal(fs.synchronousFor(models), true);
    await fs.stat(models);
    assert.equal(fs.synchronous, false, 'asynchronous after a slow call');
    assert.equal(fs.synchronousFor(models), false);
    assert.deepEqual(await answers(fs, dir), expected);
    assert.equal(new NodeFileSystem().synchronous, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while-fast: a folder reached through a link, or below a folder that is not local, is never read synchronously', async (t) => {
  if (!existsSync('/dev/shm')) return t.skip('no /dev/shm here');
  const TMPFS = 0x01021994;
  const shm = mkdtempSync('/dev/shm/dm-nodefs-');
  const dir = tree();
  try {
    mkdirSync(join(shm, 'static'));
    writeFileSync(join(shm, 'static', 'a.css'), 'a {}');
    // Only tmpfs counts as local: the tree (on another file system) plays a network mount, and a
    // link in it leads to a local folder. statfs of the link says tmpfs; looking it up still goes
    // through the "network" folder.
    symlinkSync(join(shm, 'static'), join(dir, 'static'));
    const fs = new NodeFileSystem({ synchronous: 'while-fast', localTypes: new Set([TMPFS]) });
    const linked = join(dir, 'static', 'a.css');
    fs.synchronousFor(linked);
    await fs.learnt(join(dir, 'static'));
    assert.equal(fs.synchronousFor(linked), false, 'through a link');
    assert.equal(fs.synchronousFor(join(dir, 'static')), false);
    // The local folder itself, whose folders above (/dev, /) are not all tmpfs here.
    const direct = join(shm, 'static', 'a.css');
    fs.synchronousFor(direct);
    await fs.learnt(join(shm, 'static'));
    const allAboveTmpfs = ['/', '/dev', '/dev/shm'].every((p) => statfsSync(p).type === TMPFS);
    assert.equal(fs.synchronousFor(direct), allAboveTmpfs, 'only when every folder on the way is local');
    // Where every file system counts as local, the same folder is synchronous.
    const local = new NodeFileSystem({ synchronous: 'while-fast', localTypes: new Set(['/', '/dev', '/dev/shm'].map((p) => statfsSync(p).type)) });
    local.synchronousFor(direct);
    await local.learnt(join(shm, 'static'));
    assert.equal(local.synchronousFor(direct), true);
    local.synchronousFor(linked);
    await local.learnt(join(dir, 'static'));
    assert.equal(local.synchronousFor(linked), false, 'a link is never followed synchronously');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(shm, { recursive: true, force: true });
  }
});
