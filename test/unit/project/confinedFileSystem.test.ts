// What the analysis may read: only inside its roots, after links are resolved; regular files only;
// capped by the bytes actually read. Tried with the in-memory port, the node port on a real folder
// (real symlinks, /proc), and a property test over generated names and link layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfinedFileSystem, OutsideProjectError, isWithin } from '../../../src/core/confinedFileSystem';
import type { FileSystem } from '../../../src/core/fileSystem';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { seededRandom } from '../helpers/seededRandom';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function project(): MemoryFileSystem {
  return new MemoryFileSystem({
    '/ws/proj/manage.py': 'x',
    '/ws/proj/settings.py': 'S = 1',
    '/etc/passwd': 'root:x:0:0',
    '/ws-other/secret': 'nope',
  });
}

test('reads inside the roots; absolute paths, .. chains and sibling prefixes outside are refused', async () => {
  const fs = new ConfinedFileSystem(project(), { roots: ['/ws'] });
  assert.equal(text(await fs.readFile('/ws/proj/settings.py')), 'S = 1');
  assert.equal(text(await fs.readFile('/ws/proj/../proj/settings.py')), 'S = 1');
  for (const path of ['/etc/passwd', '/ws/proj/../../etc/passwd', '/ws-other/secret']) {
    await assert.rejects(fs.readFile(path), (e: unknown) => e instanceof OutsideProjectError && /outside the project/.test(e.message), path);
    assert.equal(await fs.stat(path), undefined, path);
    assert.equal(await fs.denial(path), 'outside the project', path);
  }
  await assert.rejects(fs.readDirectory('/etc'), OutsideProjectError);
  assert.equal(await fs.denial('relative/path'), 'not an absolute path');
});

test('a link inside the project that leads out is refused; one that stays inside is followed', async () => {
  const mem = project()
    .link('/ws/proj/out', '/etc')
    .link('/ws/proj/pw', '/etc/passwd')
    .link('/ws/proj/in', '/ws/proj');
  const fs = new ConfinedFileSystem(mem, { roots: ['/ws'] });
  await assert.rejects(fs.readFile('/ws/proj/out/passwd'), /symbolic link leads out/);
  await assert.rejects(fs.readFile('/ws/proj/pw'), /symbolic link leads out/);
  // "out/.." is /etc/.. to the OS, but the check and the read both use the normalised path.
  assert.equal(text(await fs.readFile('/ws/proj/out/../settings.py')), 'S = 1');
  assert.equal(text(await fs.readFile('/ws/proj/in/settings.py')), 'S = 1');
});

test('without realpath in the port, no path through a link is read', async () => {
  const mem = project().link('/ws/proj/in', '/ws/proj');
  const noRealpath: FileSystem = {
    stat: (p) => mem.stat(p),
    readFile: (p) => mem.readFile(p),
    readDirectory: (p) => mem.readDirectory(p),
  };
  const fs = new ConfinedFileSystem(noRealpath, { roots: ['/ws'] });
  assert.equal(text(await fs.readFile('/ws/proj/settings.py')), 'S = 1');
  await assert.rejects(fs.readFile('/ws/proj/in/settings.py'), /cannot be resolved here/);
});

test('files the user named are readable exactly, nothing beside them', async () => {
  const mem = project().write('/home/u/.env', 'A=1').write('/home/u/.ssh/id', 'k');
  const fs = new ConfinedFileSystem(mem, { roots: ['/ws'], files: ['/home/u/.env'] });
  assert.equal(text(await fs.readFile('/home/u/.env')), 'A=1');
  await assert.rejects(fs.readFile('/home/u/.ssh/id'), OutsideProjectError);
  await assert.rejects(fs.readDirectory('/home/u'), OutsideProjectError);
});

test('a regular file that says it is empty but never ends is capped by the bytes read', async () => {
  // What /proc files do: stat says size 0, reads go on.
  const endless: FileSystem = {
    stat: async () => ({ type: 'file', size: 0, mtime: 0 }),
    readFile: async () => { throw new Error('read whole'); },
    readFileHead: async (_p, n) => new Uint8Array(n),
    readDirectory: async () => [],
  };
  const fs = new ConfinedFileSystem(endless, { roots: ['/ws'], maxFileBytes: 1000 });
  await assert.rejects(fs.readFile('/ws/templates/x.html'), /larger than 1000 bytes/);
});

test('folders are not files, and the byte cap holds', async () => {
  const mem = project().write('/ws/big.txt', 'x'.repeat(100));
  const fs = new ConfinedFileSystem(mem, { roots: ['/ws'], maxFileBytes: 50 });
  await assert.rejects(fs.readFile('/ws/proj'), /a folder, not a file/);
  await assert.rejects(fs.readFile('/ws/big.txt'), /larger than 50 bytes/);
});

test('node port: a real symlink out of the project and an endless /proc file are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dm-confine-'));
  try {
    mkdirSync(join(dir, 'proj', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'proj', 'settings.py'), 'S = 1');
    symlinkSync('/etc/hostname', join(dir, 'proj', 'host'));
    symlinkSync('/proc/self/pagemap', join(dir, 'proj', 'templates', 'x.html'));
    symlinkSync(join(dir, 'proj', 'loop'), join(dir, 'proj', 'loop'));
    const fs = new ConfinedFileSystem(new NodeFileSystem(), { roots: [join(dir, 'proj')] });
    assert.equal(text(await fs.readFile(join(dir, 'proj', 'settings.py'))), 'S = 1');
    await assert.rejects(fs.readFile(join(dir, 'proj', 'host')), /symbolic link leads out/);
    await assert.rejects(fs.readFile(join(dir, 'proj', 'templates', 'x.html')), /symbolic link leads out/);
    await assert.rejects(fs.readFile(join(dir, 'proj', 'loop')));
    // Inside the roots, a device is not a regular file.
    const devFs = new ConfinedFileSystem(new NodeFileSystem(), { roots: ['/dev'] });
    await assert.rejects(devFs.readFile('/dev/zero'), /not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('property: over generated names and link layouts, nothing read resolves outside the root', async () => {
  const random = seededRandom(20261207);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const names = ['a', 'b', '..', '.', 'media', 'ü', 'a b', '%2e%2e', '...', 'x.py'];
  const targets = ['/etc', '/etc/passwd', '/ws', '/ws/a', '/', '/ws/a/b', '/ws-evil', '/ws/../etc'];
  for (let round = 0; round < 300; round++) {
    const mem = new MemoryFileSystem({ '/etc/passwd': 'secret', '/ws-evil/x.py': 'secret', '/ws/a/x.py': 'ok', '/ws/x.py': 'ok' });
    for (let i = 0; i < 4; i++) {
      const at = `/ws/${pick(['a', 'b', 'a/b'])}/${pick(['l1', 'l2', 'media'])}`;
      if (!mem.text(at)) mem.link(at, pick(targets));
    }
    const fs = new ConfinedFileSystem(mem, { roots: ['/ws'] });
    for (let j = 0; j < 20; j++) {
      const path = `/ws/${Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick([...names, 'l1', 'l2'])).join('/')}`;
      let bytes: Uint8Array | undefined;
      try {
        bytes = await fs.readFile(path);
      } catch {
        continue;
      }
      const real = await mem.realpath(path.replace(/\/+/g, '/'));
      assert.notEqual(text(bytes), 'secret', `${path} read a file outside the root`);
      if (real) assert.ok(isWithin('/ws', real), `${path} resolved to ${real}`);
    }
  }
});

test("git's ignore files above the roots are readable with gitIgnoreFiles, nothing else there", async () => {
  const mem = new MemoryFileSystem({
    '/repo/.gitignore': 'media/',
    '/repo/.git/info/exclude': 'tmp/',
    '/repo/.git/config': '[core]',
    '/repo/apps/.gitignore': '*.log',
    '/repo/apps/site/manage.py': '',
    '/repo/README': 'x',
  }).link('/repo/apps/site2', '/repo/apps/site');
  const plain = new ConfinedFileSystem(mem, { roots: ['/repo/apps/site'] });
  assert.equal(await plain.stat('/repo/.git'), undefined);
  const fs = new ConfinedFileSystem(mem, { roots: ['/repo/apps/site'], gitIgnoreFiles: true });
  assert.equal((await fs.stat('/repo/.git'))?.type, 'directory');
  assert.equal(text(await fs.readFile('/repo/.gitignore')), 'media/');
  assert.equal(text(await fs.readFile('/repo/apps/.gitignore')), '*.log');
  assert.equal(text(await fs.readFile('/repo/.git/info/exclude')), 'tmp/');
  await assert.rejects(fs.readFile('/repo/.git/config'), OutsideProjectError);
  await assert.rejects(fs.readFile('/repo/README'), OutsideProjectError);
  await assert.rejects(fs.readFile('/elsewhere/.gitignore'), OutsideProjectError);
});

test('property: resolving each folder once (unchangingTree) refuses and allows exactly what resolving every path does', async () => {
  const random = seededRandom(20261213);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const names = ['a', 'b', '..', '.', 'media', 'x.py', 'l1', 'l2'];
  const targets = ['/etc', '/etc/passwd', '/ws', '/ws/a', '/', '/ws/a/b', '/ws-evil', '/ws/a/l1', '/ws/missing'];
  let refused = 0;
  for (let round = 0; round < 300; round++) {
    const mem = new MemoryFileSystem({ '/etc/passwd': 'secret', '/ws-evil/x.py': 'secret', '/ws/a/x.py': 'ok', '/ws/a/b/x.py': 'ok', '/ws/x.py': 'ok' });
    for (let i = 0; i < 4; i++) {
      const at = `/ws/${pick(['a', 'b', 'a/b'])}/${pick(['l1', 'l2', 'media'])}`;
      if (!mem.text(at)) mem.link(at, pick(targets));
    }
    const plain = new ConfinedFileSystem(mem, { roots: ['/ws'] });
    const once = new ConfinedFileSystem(mem, { roots: ['/ws'], unchangingTree: true });
    for (let j = 0; j < 20; j++) {
      const path = `/ws/${Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(names)).join('/')}`;
      const why = await plain.denial(path);
      if (why) refused++;
      assert.equal(await once.denial(path), why, path);
      assert.deepEqual(await once.stat(path), await plain.stat(path), path);
      assert.equal(await once.realpath(path), await plain.realpath(path), path);
      const read = async (fs: ConfinedFileSystem) => fs.readFile(path).then(text, (e: unknown) => (e instanceof OutsideProjectError ? `refused: ${e.reason}` : 'failed'));
      assert.equal(await read(once), await read(plain), path);
    }
  }
  assert.ok(refused > 100, `only ${refused} refusals: the layouts should lead out of the root often`);
});

test('node port with unchangingTree: a real link out of the project is refused, one inside followed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dm-confine-once-'));
  try {
    mkdirSync(join(dir, 'proj', 'app'), { recursive: true });
    writeFileSync(join(dir, 'proj', 'app', 'settings.py'), 'S = 1');
    writeFileSync(join(dir, 'secret'), 'nope');
    symlinkSync(join(dir), join(dir, 'proj', 'up'));
    symlinkSync(join(dir, 'proj', 'app'), join(dir, 'proj', 'same'));
    const fs = new ConfinedFileSystem(new NodeFileSystem({ synchronous: true }), { roots: [join(dir, 'proj')], unchangingTree: true });
    assert.equal(text(await fs.readFile(join(dir, 'proj', 'app', 'settings.py'))), 'S = 1');
    assert.equal(text(await fs.readFile(join(dir, 'proj', 'same', 'settings.py'))), 'S = 1');
    await assert.rejects(fs.readFile(join(dir, 'proj', 'up', 'secret')), /symbolic link leads out/);
    await assert.rejects(fs.readFile(join(dir, 'proj', 'up', 'proj', 'up', 'secret')), /symbolic link leads out/);
    assert.equal(await fs.stat(join(dir, 'proj', 'up', 'secret')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
