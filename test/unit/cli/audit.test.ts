// `django-media audit` end to end over a real folder: the JSON contract, the text, the exit codes.
// The models and rows come from in-memory parts (the catalogue and the database readers have their
// own tests); what is checked here is what the CLI makes of them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { UploadsAuditParts } from '../../../src/core/uploads/projectUploadsAudit';
import type { DatabaseTarget, UploadRow } from '../../../src/core/uploads/types';
import { matchesUploadTo } from '../../../src/core/uploads/uploadFolders';
import { fileField, MemoryRows } from '../uploads/memoryRows';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dm-cli-audit-'));
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n');
  await writeFile(join(dir, 'site', '__init__.py'), '');
  await writeFile(join(dir, 'site', 'settings.py'), 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nMEDIA_URL = "/media/"\nMEDIA_ROOT = BASE_DIR / "media"\n');
  for (const [name, text] of [
    ['media/covers/a.png', 'aaaa'],
    ['media/covers/orphan.png', 'orphan!'],
    ['media/stray.txt', 'x'],
  ]) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
});
after(() => rm(dir, { recursive: true, force: true }));

function parts(columns: Record<string, UploadRow[]>, target: DatabaseTarget = { engine: 'sqlite', path: '/x/db.sqlite3' }): UploadsAuditParts & { urls: Array<string | undefined> } {
  const urls: Array<string | undefined> = [];
  return {
    urls,
    catalogue: async (_fs, model) => ({
      fields: [fileField('blog', 'Post', 'cover', 'covers/', { range: { file: join(model.project.root, 'blog', 'models.py'), line: 7, column: 5, endLine: 7, endColumn: 40 } })],
      notes: [],
    }),
    target: (_model, o) => {
      urls.push(o.databaseUrl);
      return target;
    },
    open: async () => new MemoryRows(columns),
    matchesUploadTo: matchesUploadTo,
  };
}

const ROWS = { 'blog_post.cover': [{ pk: '1', name: 'covers/a.png' }, { pk: '2', name: 'covers/gone.png' }] };

async function run(argv: string[], p: UploadsAuditParts): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, (s) => (out += s), (s) => (err += s), { auditParts: p });
  return { code, out, err };
}

describe('django-media audit', () => {
  it('prints the JSON document of the contract', async () => {
    const { code, out } = await run(['audit', dir, '--json'], parts(ROWS));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), {
      schemaVersion: 1,
      projects: [
        {
          root: '.',
          database: { read: true, engine: 'sqlite' },
          fields: [{ app: 'blog', model: 'Post', table: 'blog_post', column: 'cover', field: 'cover', uploadTo: 'covers/', file: 'blog/models.py', line: 7 }],
          orphans: [
            { name: 'covers/orphan.png', bytes: 7 },
            { name: 'stray.txt', bytes: 1 },
          ],
          missingFiles: [{ app: 'blog', model: 'Post', field: 'cover', pk: '2', name: 'covers/gone.png' }],
          outsideUploadFolders: [{ name: 'stray.txt' }],
        },
      ],
    });
  });

  it('exits 1 with --fail-on-missing when rows point at missing files, 0 when none do', async () => {
    assert.equal((await run(['audit', dir, '--fail-on-missing'], parts(ROWS))).code, 1);
    assert.equal((await run(['audit', dir, '--fail-on-missing'], parts({ 'blog_post.cover': [{ pk: '1', name: 'covers/a.png' }] }))).code, 0);
    assert.equal((await run(['audit', dir], parts(ROWS))).code, 0);
  });

  it('says "database not read" and lists no orphan when the database cannot be read', async () => {
    const p = parts(ROWS, { engine: 'unsupported', reason: 'the engine django.db.backends.mysql is not supported' });
    const json = await run(['audit', dir, '--json'], p);
    const project = JSON.parse(json.out).projects[0];
    assert.deepEqual(project.database, { read: false, engine: 'unsupported', reason: 'the engine django.db.backends.mysql is not supported' });
    assert.deepEqual(project.orphans, []);
    const text = await run(['audit', dir], p);
    assert.match(text.out, /database {10}not read: the engine django\.db\.backends\.mysql is not supported — reference-only mode: no file is called an orphan/);
    assert.doesNotMatch(text.out, /orphans \(/);
  });

  it('prints readable text', async () => {
    const { out } = await run(['audit', dir], parts(ROWS));
    const lines = out.split('\n');
    assert.equal(lines[0], 'Django project (this folder)');
    assert.ok(lines.includes('  database          sqlite, read'), out);
    assert.ok(lines.includes('    blog.Post.cover  blog_post.cover  upload_to "covers/"  blog/models.py:7  [2 rows, 2 files, 1 missing]'), out);
    assert.ok(lines.includes('  orphans (2, 8 B listed): files no row, template or code names'), out);
    assert.ok(lines.includes('    blog.Post.cover pk=2  covers/gone.png'), out);
    assert.ok(lines.includes('  outside every upload folder (1)'), out);
  });

  it('passes --database-url to the target and refuses a URL that is neither PostgreSQL nor SQLite, and audit options on other commands', async () => {
    const p = parts(ROWS);
    await run(['audit', dir, '--database-url', 'postgresql://me:secret@localhost/db'], p);
    assert.deepEqual(p.urls, ['postgresql://me:secret@localhost/db']);
    // "settings": the server DATABASES names, with no password on the command line.
    await run(['audit', dir, '--database-url', 'settings'], p);
    assert.deepEqual(p.urls, ['postgresql://me:secret@localhost/db', 'settings']);
    const bad = await run(['audit', dir, '--database-url', 'mysql://me:secret@localhost/db'], p);
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.err, /secret/);
    assert.equal((await run(['inspect', dir, '--fail-on-missing'], p)).code, 2);
    assert.equal((await run(['audit', dir, '--format', 'sarif'], p)).code, 2);
  });
});
