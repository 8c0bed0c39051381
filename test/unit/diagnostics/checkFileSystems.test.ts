import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { listWorkspaceFiles } from '../../../src/core/checks/workspaceFiles';
import { CachingFileSystem, OverlayFileSystem, PathFilterFileSystem, stillCurrent, type OpenBuffer } from '../../../src/core/diagnostics/checkFileSystems';
import { MemoryWorkspace } from '../checks/harness';

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function workspace(): MemoryWorkspace {
  return new MemoryWorkspace({
    '/ws/manage.py': 'x',
    '/ws/shop/settings.py': 'MEDIA_URL = "/media/"\n',
    '/ws/shop/views.py': 'def v(r): pass\n',
    '/ws/templates/a.html': '<p>a</p>',
    '/ws/templates/b.html': '<p>b</p>',
    '/ws/templates/deep/c.html': '<p>c</p>',
    '/ws/venv/pyvenv.cfg': 'home = /usr/bin',
    '/ws/venv/templates/vendored.html': '<p>v</p>',
  });
}

test('unsaved buffers are read instead of the files, and the read is recorded', async () => {
  const buffers: Record<string, OpenBuffer> = {
    '/ws/templates/a.html': { text: '<p>édité</p>', version: 7, isDirty: true },
    '/ws/templates/b.html': { text: 'ignored: not dirty', version: 2, isDirty: false },
  };
  const fs = new OverlayFileSystem(workspace(), (p) => buffers[p], () => false);
  assert.equal(decode(await fs.readFile('/ws/templates/a.html')), '<p>édité</p>');
  assert.equal((await fs.stat('/ws/templates/a.html'))?.size, new TextEncoder().encode('<p>édité</p>').length);
  assert.equal(decode(await fs.readFile('/ws/templates/b.html')), '<p>b</p>');
  assert.deepEqual([...fs.served], [['/ws/templates/a.html', 7], ['/ws/templates/b.html', 'disk']]);
});

test("the model's own files are always read from disk, even with unsaved edits", async () => {
  const fs = new OverlayFileSystem(workspace(), () => ({ text: 'MEDIA_URL = "/x"', version: 3, isDirty: true }), (p) => p === '/ws/shop/settings.py');
  assert.equal(decode(await fs.readFile('/ws/shop/settings.py')), 'MEDIA_URL = "/media/"\n');
  assert.equal(fs.served.get('/ws/shop/settings.py'), 'disk');
  assert.equal(decode(await fs.readFile('/ws/shop/views.py')), 'MEDIA_URL = "/x"');
});

test('a fix stays applicable only while the text it was computed from is what the editor holds', () => {
  // Read from disk: fine while the file is closed or saved, stale once it has unsaved edits.
  assert.equal(stillCurrent('disk', undefined), true);
  assert.equal(stillCurrent('disk', { version: 4, isDirty: false }), true);
  assert.equal(stillCurrent('disk', { version: 4, isDirty: true }), false);
  // Read from a buffer at version 7: fine at version 7 (saved or not), stale at any other.
  assert.equal(stillCurrent(7, { version: 7, isDirty: true }), true);
  assert.equal(stillCurrent(7, { version: 7, isDirty: false }), true);
  assert.equal(stillCurrent(7, { version: 8, isDirty: true }), false);
  assert.equal(stillCurrent(7, { version: 8, isDirty: false }), false);
  // Never read (a file the fix creates or appends to): fine unless it has unsaved edits.
  assert.equal(stillCurrent(undefined, { version: 1, isDirty: true }), false);
  assert.equal(stillCurrent(undefined, undefined), true);
});

test("a narrowed walk visits only the targets, with the core walk's own rules", async () => {
  const ws = workspace();
  const narrow = new PathFilterFileSystem(ws, ['/ws/templates/deep/c.html', '/ws/venv/templates/vendored.html']);
  const files = await listWorkspaceFiles(narrow, '/ws');
  // The virtualenv is still recognised (pyvenv.cfg stays visible) and skipped, as in a full walk.
  assert.deepEqual(files.templates, ['/ws/templates/deep/c.html']);
  assert.deepEqual(files.python, []);
  const full = await listWorkspaceFiles(ws, '/ws');
  assert.deepEqual(full.templates, ['/ws/templates/a.html', '/ws/templates/b.html', '/ws/templates/deep/c.html']);
});

test('a narrowed walk of a file the full walk skips finds nothing', async () => {
  const files = await listWorkspaceFiles(new PathFilterFileSystem(workspace(), ['/ws/venv/templates/vendored.html']), '/ws');
  assert.deepEqual(files.templates, []);
});

/** Counts the calls that reach `inner`. */
function counted(inner: MemoryWorkspace) {
  const calls: string[] = [];
  return {
    calls,
    fs: {
      stat: (p: string) => (calls.push(`stat ${p}`), inner.stat(p)),
      readFile: (p: string) => (calls.push(`read ${p}`), inner.readFile(p)),
      readDirectory: (p: string) => (calls.push(`dir ${p}`), inner.readDirectory(p)),
    },
  };
}

test('answers are remembered between runs until a file event makes them stale', async () => {
  const ws = workspace();
  const { fs, calls } = counted(ws);
  const cache = new CachingFileSystem(fs, (p) => p.startsWith('/ws/'));
  assert.equal(decode(await cache.readFile('/ws/templates/a.html')), '<p>a</p>');
  assert.equal(decode(await cache.readFile('/ws/templates/a.html')), '<p>a</p>');
  assert.equal((await cache.readDirectory('/ws/templates')).length, 3);
  await cache.readDirectory('/ws/templates');
  assert.equal(await cache.stat('/ws/templates/new.html'), undefined);
  assert.deepEqual(calls, ['read /ws/templates/a.html', 'dir /ws/templates', 'stat /ws/templates/new.html']);

  ws.write('/ws/templates/a.html', '<p>A</p>');
  cache.invalidate('/ws/templates/a.html', 'changed');
  assert.equal(decode(await cache.readFile('/ws/templates/a.html')), '<p>A</p>');

  ws.write('/ws/templates/new.html', 'new');
  cache.invalidate('/ws/templates/new.html', 'created');
  assert.equal((await cache.stat('/ws/templates/new.html'))?.type, 'file');
  assert.ok((await cache.readDirectory('/ws/templates')).some((e) => e.name === 'new.html'), 'the folder is listed again');
});

test('a folder event makes everything below it stale; uncovered paths are never remembered', async () => {
  const ws = workspace();
  const { fs, calls } = counted(ws);
  const cache = new CachingFileSystem(fs, (p) => p.startsWith('/ws/templates'));
  await cache.readFile('/ws/templates/deep/c.html');
  await cache.stat('/ws/templates/deep/c.html');
  cache.invalidate('/ws/templates/deep', 'deleted');
  await cache.readFile('/ws/templates/deep/c.html');
  await cache.stat('/ws/templates/deep/c.html');
  await cache.readFile('/ws/manage.py');
  await cache.readFile('/ws/manage.py');
  assert.deepEqual(calls, [
    'read /ws/templates/deep/c.html', 'stat /ws/templates/deep/c.html',
    'read /ws/templates/deep/c.html', 'stat /ws/templates/deep/c.html',
    'read /ws/manage.py', 'read /ws/manage.py',
  ]);
});

test('a folder that does not exist is listed once, until its creation is reported', async () => {
  const ws = workspace();
  const { fs, calls } = counted(ws);
  const cache = new CachingFileSystem(fs, () => true);
  await assert.rejects(cache.readDirectory('/ws/static/shop'));
  await assert.rejects(cache.readDirectory('/ws/static/shop'));
  assert.deepEqual(calls.filter((c) => c.startsWith('dir')), ['dir /ws/static/shop']);
  ws.write('/ws/static/shop/app.css', 'x');
  cache.invalidate('/ws/static', 'created');
  assert.deepEqual((await cache.readDirectory('/ws/static/shop')).map((e) => e.name), ['app.css']);
});

test('a folder that exists but cannot be listed is asked again', async () => {
  const ws = workspace();
  let denied = true;
  const flaky = Object.assign(Object.create(ws) as MemoryWorkspace, {
    readDirectory: (p: string) => (denied ? Promise.reject(new Error('EACCES')) : ws.readDirectory(p)),
  });
  const cache = new CachingFileSystem(flaky, () => true);
  await assert.rejects(cache.readDirectory('/ws/templates'));
  denied = false;
  // The failure is forgotten once the folder is known to exist.
  await waitForForget(cache, '/ws/templates');
  assert.ok((await cache.readDirectory('/ws/templates')).some((e) => e.name === 'a.html'));
});

/** The forgetting of a failed listing happens after a stat; it is done once that stat has answered. */
async function waitForForget(cache: CachingFileSystem, path: string): Promise<void> {
  await cache.stat(path);
  await Promise.resolve();
}

test('a failed read is not remembered', async () => {
  const ws = workspace();
  const cache = new CachingFileSystem(ws, () => true);
  await assert.rejects(cache.readFile('/ws/later.html'));
  ws.write('/ws/later.html', 'now here');
  assert.equal(decode(await cache.readFile('/ws/later.html')), 'now here');
});
