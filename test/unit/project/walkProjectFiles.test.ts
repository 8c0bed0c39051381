import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTextFiles, type FileSystem } from '../../../src/core/fileSystem';
import { walkProjectFiles, type WalkOptions } from '../../../src/core/project/walkProjectFiles';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

/** A MemoryFileSystem that lists folders in reverse order: the walk must not depend on the port's order. */
const linked = (files: Record<string, string>) => new MemoryFileSystem(files, { unsorted: true });

const py = (name: string) => (name.endsWith('.py') ? 'python' : undefined);
const paths = (r: { files: Array<{ path: string }> }) => r.files.map((f) => f.path);

function walk(fs: FileSystem, options: Partial<WalkOptions<string, unknown>> = {}) {
  return walkProjectFiles<string, unknown>(fs, '/w', { classify: py, ...options });
}

describe('walkProjectFiles', () => {
  it('keeps what classify keeps, in path order, skipping dot, dependency and virtualenv folders', async () => {
    const fs = linked({
      '/w/pyvenv.cfg': 'the walked folder itself is walked even when it is a virtualenv',
      '/w/manage.py': '',
      '/w/README.md': '',
      '/w/z/a.py': '',
      '/w/a/b/c.py': '',
      '/w/a-b.py': '',
      '/w/.git/hooks/x.py': '',
      '/w/node_modules/pkg/x.py': '',
      '/w/shop/__pycache__/x.py': '',
      '/w/venv/x.py': '',
      '/w/myenv/pyvenv.cfg': '',
      '/w/myenv/lib/x.py': '',
    });
    const result = await walk(fs);
    assert.deepEqual(paths(result), ['/w/a-b.py', '/w/a/b/c.py', '/w/manage.py', '/w/z/a.py']);
    assert.deepEqual(result.files[0], { path: '/w/a-b.py', kind: 'python' });
    assert.equal(result.truncated, false);
    assert.ok(!fs.listed.some((p) => /\.git|node_modules|__pycache__|\/venv|myenv\/lib/.test(p)), fs.listed.join(' '));
    // The set of skipped names is the caller's.
    assert.deepEqual(paths(await walk(fs, { skippedFolders: new Set(['a', 'z']) })), [
      '/w/a-b.py',
      '/w/manage.py',
      '/w/node_modules/pkg/x.py',
      '/w/shop/__pycache__/x.py',
      '/w/venv/x.py',
    ]);
  });

  it('leaves out excluded folders and files, by absolute path or predicate, never the walked folder', async () => {
    const fs = new MemoryFileSystem({ '/w/a/x.py': '', '/w/b/y.py': '', '/w/c.py': '', '/w/d/e.py': '' });
    const seen: string[] = [];
    const result = await walkProjectFiles(fs, '/w/', {
      classify: py,
      exclude: ['/w', '/w/a/', '', '/w/c.py'],
      isExcluded: (path, isDirectory) => (seen.push(`${path}${isDirectory ? '/' : ''}`), path === '/w/d'),
    });
    assert.deepEqual(paths(result), ['/w/b/y.py']);
    // The predicate is not asked about what the cheap checks already left out.
    assert.deepEqual(seen.sort(), ['/w/b/', '/w/b/y.py', '/w/d/']);
  });

  it('gives each folder a state computed from its parent (undefined for the walked folder)', async () => {
    const fs = new MemoryFileSystem({
      '/w/page.html': '',
      '/w/templates/a.html': '',
      '/w/templates/shop/b.html': '',
      '/w/frontend/c.html': '',
      '/w/docs/d.html': '',
    });
    const result = await walkProjectFiles<string, boolean>(fs, '/w', {
      folderState: (path, name, parent) => parent === true || name === 'templates' || path === '/w/frontend',
      classify: (name, _path, inTemplates) => (inTemplates && name.endsWith('.html') ? 'template' : undefined),
    });
    assert.deepEqual(paths(result), ['/w/frontend/c.html', '/w/templates/a.html', '/w/templates/shop/b.html']);
    const rootState = await walkProjectFiles<string, boolean>(fs, '/w/templates', {
      folderState: (_path, name, parent) => parent === undefined && name === 'templates',
      classify: (_name, _path, state) => (state ? 'kept' : undefined),
    });
    assert.deepEqual(paths(rootState), ['/w/templates/a.html']);
  });

  it('stops at maxDepth, maxFiles, maxEntries and maxFolders, and says so only when something was left', async () => {
    // Listed in reverse order: what a bound keeps follows sorted names, not the port's order.
    const fs = linked({ '/w/1.py': '', '/w/2.py': '', '/w/3.py': '', '/w/a/b/c/deep.py': '' });
    const all = await walk(fs);
    assert.equal(all.files.length, 4);
    assert.equal(all.truncated, false);

    const shallow = await walk(fs, { limits: { maxDepth: 2 } });
    assert.deepEqual(paths(shallow), ['/w/1.py', '/w/2.py', '/w/3.py']);
    assert.equal(shallow.truncated, true);
    assert.equal((await walk(fs, { limits: { maxDepth: 3 } })).truncated, false);

    const few = await walk(fs, { limits: { maxFiles: 2 } });
    assert.deepEqual(paths(few), ['/w/1.py', '/w/2.py']);
    assert.equal(few.truncated, true);
    const exact = await walk(fs, { limits: { maxFiles: 4 } });
    assert.equal(exact.files.length, 4);
    assert.equal(exact.truncated, false);

    const entries = await walk(fs, { limits: { maxEntries: 2 } });
    assert.deepEqual(paths(entries), ['/w/1.py', '/w/2.py']);
    assert.equal(entries.truncated, true);

    const folders = await walk(fs, { limits: { maxFolders: 2 } });
    assert.deepEqual(paths(folders), ['/w/1.py', '/w/2.py', '/w/3.py']);
    assert.equal(folders.truncated, true);
  });

  it('walks depth-first by default, breadth-first on request (what a bound keeps differs)', async () => {
    const fs = new MemoryFileSystem({ '/w/a/b/1.py': '', '/w/c/2.py': '' });
    assert.deepEqual(paths(await walk(fs, { limits: { maxFiles: 1 } })), ['/w/a/b/1.py']);
    assert.deepEqual(paths(await walk(fs, { limits: { maxFiles: 1 }, order: 'breadth-first' })), ['/w/c/2.py']);
    assert.deepEqual(paths(await walk(fs, { order: 'breadth-first' })), ['/w/a/b/1.py', '/w/c/2.py']);
  });

  it('enters a symlinked folder once but no symlink inside it, so loops end', async () => {
    const fs = linked({ '/w/app/templates/a.py': '', '/w/lib/b.py': '' })
      .link('/w/app/templates/loop', '/w/app')
      .link('/w/app/self', '/w/app/self')
      .link('/w/shared', '/w/lib');
    const once = await walk(fs);
    assert.deepEqual(paths(once), ['/w/app/templates/a.py', '/w/app/templates/loop/templates/a.py', '/w/lib/b.py', '/w/shared/b.py']);
    assert.ok(fs.listed.length < 12, `listed ${fs.listed.length} folders`);
    const never = await walk(fs, { followSymlinks: 'never' });
    assert.deepEqual(paths(never), ['/w/app/templates/a.py', '/w/lib/b.py']);
  });

  it('skips unreadable folders quietly', async () => {
    const fs = linked({ '/w/a/x.py': '', '/w/locked/y.py': '', '/w/z.py': '' });
    fs.denied.add('/w/locked');
    const result = await walk(fs);
    assert.deepEqual(paths(result), ['/w/a/x.py', '/w/z.py']);
    assert.equal(result.truncated, false);
    fs.denied.add('/w');
    assert.deepEqual(await walk(fs), { files: [], truncated: false });
    assert.deepEqual(await walk(new MemoryFileSystem()), { files: [], truncated: false });
  });

  it('stops when the token is aborted, keeping what it found so far', async () => {
    const fs = linked({ '/w/a.py': '', '/w/sub/b.py': '' });
    assert.deepEqual(await walk(fs, { token: { aborted: true } }), { files: [], truncated: true });
    assert.deepEqual(fs.listed, []);
    const token = { aborted: false };
    const list = fs.readDirectory.bind(fs);
    fs.readDirectory = async (p) => {
      token.aborted = true;
      return list(p);
    };
    assert.deepEqual(await walk(fs, { token }), { files: [{ path: '/w/a.py', kind: 'python' }], truncated: true });
    assert.deepEqual(fs.listed, ['/w']);
  });
});

describe('readTextFiles', () => {
  const files = ['/t/a.txt', '/t/b.txt', '/t/c.txt', '/t/d.txt'].map((path) => ({ path }));

  /** Reads complete in reverse order of starting. */
  function slowFirst(): MemoryFileSystem {
    const fs = new MemoryFileSystem({ '/t/a.txt': 'aaaa', '/t/b.txt': 'bbbb', '/t/c.txt': 'cc\0', '/t/d.txt': 'dddd' });
    const read = fs.readFile.bind(fs);
    let started = 0;
    fs.readFile = async (p) => {
      const wait = 20 - 5 * started++;
      await new Promise((r) => setTimeout(r, wait));
      return read(p);
    };
    return fs;
  }

  it('keeps results in the order of the files, leaving out binary and unreadable ones', async () => {
    const out = await readTextFiles(slowFirst(), [...files, { path: '/t/missing.txt' }], (text, f) => `${f.path}=${text}`);
    assert.deepEqual(out, ['/t/a.txt=aaaa', '/t/b.txt=bbbb', '/t/d.txt=dddd']);
  });

  it('bounds total and per-file size, and stops when told or cancelled', async () => {
    const use = (text: string) => text;
    assert.deepEqual(await readTextFiles(slowFirst(), files, use, { maxBytes: 8, concurrency: 1 }), ['aaaa', 'bbbb']);
    assert.deepEqual(await readTextFiles(slowFirst(), files, use, { maxFileBytes: (f) => (f.path === '/t/b.txt' ? 3 : 10) }), ['aaaa', 'dddd']);
    assert.deepEqual(await readTextFiles(slowFirst(), files, use, { maxFileBytes: 3 }), []);
    let seen = 0;
    assert.deepEqual(await readTextFiles(slowFirst(), files, (t) => (seen++, t), { concurrency: 1, enough: () => seen >= 1 }), ['aaaa']);
    assert.deepEqual(await readTextFiles(slowFirst(), files, use, { token: { aborted: true } }), []);
  });
});
