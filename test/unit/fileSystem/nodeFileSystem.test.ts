// The disk port of the CLI and of the editor's Node extension host. The editor's mode makes
// synchronous calls while the disk answers quickly, and asynchronous ones once a call was slow
// (a network mount must not block the extension host): answers are the same in every mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    assert.deepEqual(await answers(new NodeFileSystem({ synchronous: true }), dir), expected);
    const whileFast = new NodeFileSystem({ synchronous: 'while-fast' });
    assert.deepEqual(await answers(whileFast, dir), expected);
    assert.equal(whileFast.synchronous, true, 'quick calls on a local disk stay synchronous');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while-fast: the first slow call ends the synchronous calls, and the answers stay the same', async () => {
  const dir = tree();
  try {
    const expected = await answers(new NodeFileSystem(), dir);
    // Every call counts as slow here: the first one switches.
    const fs = new NodeFileSystem({ synchronous: 'while-fast', slowCallMs: -1 });
    assert.equal(fs.synchronous, true);
    await fs.stat(join(dir, 'app'));
    assert.equal(fs.synchronous, false, 'asynchronous after a slow call');
    assert.deepEqual(await answers(fs, dir), expected);
    assert.equal(new NodeFileSystem().synchronous, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
