// The CLI's port over node:fs, in both modes: the synchronous one the CLI uses and the asynchronous
// default must answer alike, and readFileHead must read exactly what a file holds up to the cap,
// whatever size the file reports (a /proc file reports 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

const modes = [
  ['asynchronous', new NodeFileSystem()],
  ['synchronous', new NodeFileSystem({ synchronous: true })],
] as const;

for (const [mode, fs] of modes) {
  test(`NodeFileSystem (${mode}): stat, listings, reads and links`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dm-nodefs-'));
    try {
      const big = Buffer.alloc(100_000, 'a');
      big.write('END', big.length - 3);
      writeFileSync(join(dir, 'big.txt'), big);
      writeFileSync(join(dir, 'small.txt'), 'hello');
      mkdirSync(join(dir, 'sub'));
      symlinkSync(join(dir, 'small.txt'), join(dir, 'link.txt'));
      assert.deepEqual(await fs.stat(join(dir, 'small.txt')).then((s) => [s?.type, s?.size, s?.symlink]), ['file', 5, undefined]);
      assert.deepEqual(await fs.stat(join(dir, 'link.txt')).then((s) => [s?.type, s?.size, s?.symlink]), ['file', 5, true]);
      assert.equal(await fs.stat(join(dir, 'missing')), undefined);
      const names = (await fs.readDirectory(dir)).map((e) => `${e.name}:${e.type}${e.symlink ? ':link' : ''}`).sort();
      assert.deepEqual(names, ['big.txt:file', 'link.txt:file:link', 'small.txt:file', 'sub:directory']);
      await assert.rejects(fs.readDirectory(join(dir, 'missing')));
      await assert.rejects(fs.readFile(join(dir, 'missing')));
      assert.equal(new TextDecoder().decode(await fs.readFile(join(dir, 'link.txt'))), 'hello');
      assert.equal(await fs.realpath(join(dir, 'sub', '..', 'link.txt')), await fs.realpath(join(dir, 'small.txt')));
      assert.equal(await fs.realpath(join(dir, 'missing')), undefined);

      assert.equal(new TextDecoder().decode(await fs.readFileHead(join(dir, 'small.txt'), 16 * 1024 * 1024 + 1)), 'hello');
      assert.equal(new TextDecoder().decode(await fs.readFileHead(join(dir, 'small.txt'), 2)), 'he');
      const head = await fs.readFileHead(join(dir, 'big.txt'), 16 * 1024 * 1024 + 1);
      assert.equal(head.length, big.length);
      assert.equal(new TextDecoder().decode(head.subarray(head.length - 3)), 'END');
      assert.equal((await fs.readFileHead(join(dir, 'big.txt'), 70_000)).length, 70_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`NodeFileSystem (${mode}): readFileHead reads a file that reports size 0 up to the cap`, { skip: !existsSync('/proc/self/maps') }, async () => {
    const all = await fs.readFileHead('/proc/self/maps', 1024 * 1024);
    assert.ok(all.length > 0, 'read nothing from /proc/self/maps');
    assert.equal((await fs.readFileHead('/proc/self/maps', 10)).length, 10);
  });
}
