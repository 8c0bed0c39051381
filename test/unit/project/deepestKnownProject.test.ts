// The project a file belongs to, told from the projects found before the folder's whole search
// (the editor's status bar and hovers, while VS Code still searches a large folder for manage.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepestKnownProject } from '../../../src/core/project/findProjects';

const project = (root: string) => ({ project: { root, managePy: `${root}/manage.py`, name: root.split('/').pop()! } });
const files = (...paths: string[]) => {
  const set = new Set(paths);
  const asked: string[] = [];
  return { asked, isFile: async (p: string) => (asked.push(p), set.has(p)) };
};

test('a file under the root project, with no manage.py on the way, belongs to it', async () => {
  const fs = files('/ws/manage.py');
  const root = project('/ws');
  assert.equal(await deepestKnownProject('/ws/apps/shop/templates/shop/base.html', [root], fs.isFile), root);
  // Every folder between the file and the root was asked about, and only those (and the path itself, which may be a folder).
  assert.deepEqual(fs.asked, ['/ws/apps/shop/templates/shop/base.html/manage.py', '/ws/apps/shop/templates/shop/manage.py', '/ws/apps/shop/templates/manage.py', '/ws/apps/shop/manage.py', '/ws/apps/manage.py']);
});

test('a manage.py on the way means a deeper project the search has not found yet: no answer', async () => {
  const fs = files('/ws/manage.py', '/ws/apps/shop/manage.py');
  assert.equal(await deepestKnownProject('/ws/apps/shop/templates/base.html', [project('/ws')], fs.isFile), undefined);
});

test('the deepest known project holding the file is the one, with no manage.py between it and the file', async () => {
  const fs = files('/ws/manage.py', '/ws/backend/manage.py');
  const root = project('/ws');
  const backend = project('/ws/backend');
  assert.equal(await deepestKnownProject('/ws/backend/shop/views.py', [root, backend], fs.isFile), backend);
  assert.equal(await deepestKnownProject('/ws/docs/index.md', [root, backend], fs.isFile), root);
  assert.equal(await deepestKnownProject('/ws/backend/manage.py', [root, backend], fs.isFile), backend);
  // "backend2" is not inside "backend".
  assert.equal(await deepestKnownProject('/ws/backend2/views.py', [root, backend], fs.isFile), root);
});

test('a folder holding a manage.py is a project of its own', async () => {
  const fs = files('/ws/manage.py', '/ws/sub/manage.py');
  assert.equal(await deepestKnownProject('/ws/sub', [project('/ws')], fs.isFile), undefined);
  assert.equal((await deepestKnownProject('/ws/other', [project('/ws')], fs.isFile))?.project.root, '/ws');
});

test('a file in no known project, a folder that cannot be asked, or a way deeper than the search: no answer', async () => {
  assert.equal(await deepestKnownProject('/elsewhere/x.py', [project('/ws')], files().isFile), undefined);
  assert.equal(await deepestKnownProject('/ws/a/b.py', [project('/ws')], async () => undefined), undefined);
  assert.equal(await deepestKnownProject('/ws/a/b.py', [project('/ws')], async () => Promise.reject(new Error('EACCES'))), undefined);
  assert.equal(await deepestKnownProject('/ws/1/2/3/4/5/6/x.py', [project('/ws')], files().isFile), undefined);
  assert.equal((await deepestKnownProject('/ws/1/2/3/4/x.py', [project('/ws')], files().isFile))?.project.root, '/ws');
});
