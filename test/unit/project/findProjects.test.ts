import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DirEntry, FileSystem } from '../../../src/core/fileSystem';
import { findDjangoProjects, projectsAmong } from '../../../src/core/project/findProjects';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const roots = (ps: Array<{ root: string }>) => ps.map((p) => p.root);

describe('findDjangoProjects', () => {
  it('finds every folder holding manage.py down to the depth bound, sorted, skipping venvs, dependency, dot and linked folders', async () => {
    const fs = new MemoryFileSystem(
      {
        '/w/manage.py': '',
        '/w/services/api/manage.py': '',
        '/w/a/b/c/d/manage.py': '',
        '/w/a/b/c/d/e/manage.py': 'depth 5: beyond the default bound of 4',
        '/w/node_modules/pkg/manage.py': '',
        '/w/.cache/manage.py': '',
        '/w/env/pyvenv.cfg': '',
        '/w/env/lib/manage.py': '',
        '/w/env2/pyvenv.cfg': '',
        '/w/env2/manage.py': 'a virtualenv is not a project, even with a manage.py',
        '/w/docs/manage.py/readme.txt': 'a folder named manage.py is not a project',
        '/w/elsewhere/manage.py': '',
      },
      { unsorted: true },
    );
    fs.markSymlink('/w/elsewhere');
    assert.deepEqual(roots(await findDjangoProjects(fs, '/w')), ['/w', '/w/a/b/c/d', '/w/services/api']);
    assert.deepEqual(roots(await findDjangoProjects(fs, '/w', { maxDepth: 0 })), ['/w']);
    assert.deepEqual(roots(await findDjangoProjects(fs, '/w', { maxDepth: 5 })), ['/w', '/w/a/b/c/d', '/w/a/b/c/d/e', '/w/services/api']);
    assert.ok(!fs.listed.some((p) => /node_modules|\.cache|env\/lib|elsewhere/.test(p)), fs.listed.join(' '));
  });

  it('skips an unreadable folder quietly and keeps looking', async () => {
    const fs = new MemoryFileSystem({ '/w/locked/manage.py': '', '/w/open/manage.py': '' });
    fs.denied.add('/w/locked');
    assert.deepEqual(roots(await findDjangoProjects(fs, '/w')), ['/w/open']);
  });

  it('reads no more than maxFolders folders, and stops when cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`/w/f${String(i).padStart(3, '0')}/x/readme.txt`] = '';
    const fs = new MemoryFileSystem(files);
    await findDjangoProjects(fs, '/w', { maxFolders: 50 });
    assert.equal(fs.listings, 50);
    const cancelled = new MemoryFileSystem(files);
    assert.deepEqual(await findDjangoProjects(cancelled, '/w', { token: { aborted: true } }), []);
    assert.equal(cancelled.listings, 0);
  });

  it('has several folder reads in flight at once (each is a round trip in the editor), never more than a batch', async () => {
    const inner = new MemoryFileSystem(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`/w/app${i}/manage.py`, ''])));
    let inFlight = 0;
    let most = 0;
    const fs: FileSystem = {
      stat: (p) => inner.stat(p),
      readFile: (p) => inner.readFile(p),
      async readDirectory(p): Promise<DirEntry[]> {
        inFlight++;
        most = Math.max(most, inFlight);
        // Resolve on a later turn, as a round trip would, so that overlapping reads can be seen.
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return inner.readDirectory(p);
      },
    };
    const found = await findDjangoProjects(fs, '/w');
    assert.equal(found.length, 100);
    assert.ok(most > 1 && most <= 32, `at most ${most} reads in flight`);
  });
});

describe('projectsAmong (the editor\'s file index finds manage.py, the walk\'s rules decide)', () => {
  it('keeps exactly the projects the walk finds, from every manage.py the index lists', async () => {
    const files: Record<string, string> = {
      '/w/manage.py': '',
      '/w/services/api/manage.py': '',
      '/w/a/b/c/d/manage.py': '',
      '/w/a/b/c/d/e/manage.py': '',
      '/w/node_modules/pkg/manage.py': '',
      '/w/.cache/manage.py': '',
      '/w/env/pyvenv.cfg': '',
      '/w/env/lib/manage.py': '',
      '/w/env2/pyvenv.cfg': '',
      '/w/env2/manage.py': '',
      '/w/tools/venvs/x/pyvenv.cfg': '',
      '/w/tools/venvs/x/site/manage.py': '',
      '/w/docs/manage.py/readme.txt': '',
      '/w/elsewhere/manage.py': '',
      '/w/elsewhere/deeper/manage.py': '',
    };
    const fs = new MemoryFileSystem(files);
    fs.markSymlink('/w/elsewhere');
    const indexed = Object.keys(files).filter((f) => f.endsWith('/manage.py')).concat(['/w/docs/manage.py', '/other/manage.py']);
    for (const maxDepth of [0, 1, 4, 5]) {
      const walked = roots(await findDjangoProjects(fs, '/w', { maxDepth }));
      assert.deepEqual(roots(await projectsAmong(fs, '/w', indexed, { maxDepth })), walked, `depth ${maxDepth}`);
    }
    assert.deepEqual(roots(await projectsAmong(fs, '/w', indexed)), ['/w', '/w/a/b/c/d', '/w/services/api']);
  });

  it('a virtualenv at the top of the folder hides everything, as it does from the walk', async () => {
    const fs = new MemoryFileSystem({ '/w/pyvenv.cfg': '', '/w/manage.py': '', '/w/app/manage.py': '' });
    assert.deepEqual(roots(await findDjangoProjects(fs, '/w')), []);
    assert.deepEqual(roots(await projectsAmong(fs, '/w', ['/w/manage.py', '/w/app/manage.py'])), []);
  });
});
