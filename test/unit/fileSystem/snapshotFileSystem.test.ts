import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SnapshotFileSystem } from '../../../src/core/snapshotFileSystem';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

/** An in-memory file system (without ranged reads) and its log of the requests reaching it. */
function countingFs(files: Record<string, string>) {
  const fs = new MemoryFileSystem(files, { ranged: false });
  return { fs, calls: fs.log };
}

const files = { '/p/manage.py': 'x', '/p/app/settings.py': 'MEDIA_URL = "/m/"' };

test('asks the real file system once per question and remembers what was asked', async () => {
  const { fs, calls } = countingFs(files);
  const snap = new SnapshotFileSystem(fs);
  await snap.stat('/p/manage.py');
  await snap.stat('/p/manage.py');
  assert.equal(new TextDecoder().decode(await snap.readFile('/p/app/settings.py')), 'MEDIA_URL = "/m/"');
  await snap.readFile('/p/app/settings.py');
  await snap.readDirectory('/p');
  await snap.readDirectory('/p');
  assert.equal(await snap.stat('/p/local.py'), undefined);
  await assert.rejects(snap.readFile('/p/missing.py'));
  assert.deepEqual(calls, ['stat /p/manage.py', 'read /p/app/settings.py', 'dir /p', 'stat /p/local.py', 'read /p/missing.py']);
  assert.deepEqual(snap.accesses, [
    ['/p/manage.py', 'stat'],
    ['/p/app/settings.py', 'read'],
    ['/p', 'dir'],
    ['/p/local.py', 'stat'],
    ['/p/missing.py', 'read'],
  ]);
});

test('prefetch issues the previous analysis questions up front; the analysis then reuses the answers', async () => {
  const first = new SnapshotFileSystem(countingFs(files).fs);
  await first.stat('/p/manage.py');
  await first.readFile('/p/manage.py');
  await first.readDirectory('/p/app');
  await first.stat('/p/local.py');

  const { fs, calls } = countingFs(files);
  const second = new SnapshotFileSystem(fs);
  second.prefetch(first.accesses);
  // Requests are on their way before the analysis asks anything.
  assert.deepEqual(calls, ['stat /p/manage.py', 'dir /p/app', 'stat /p/local.py']);
  await second.stat('/p/manage.py');
  await second.readFile('/p/manage.py');
  await second.readDirectory('/p/app');
  await second.stat('/p/local.py');
  assert.deepEqual(calls.sort(), ['dir /p/app', 'read /p/manage.py', 'stat /p/local.py', 'stat /p/manage.py']);
});

test('a prefetched read of a file that is gone does not fail anything unless the analysis reads it', async () => {
  const { fs } = countingFs(files);
  const snap = new SnapshotFileSystem(fs);
  snap.prefetch([['/p/gone.py', 'read'], ['/p/gone-dir', 'dir']]);
  assert.equal(await snap.stat('/p/gone.py'), undefined);
  await assert.rejects(snap.readDirectory('/p/gone-dir'));
});
