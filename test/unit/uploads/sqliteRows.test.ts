import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import { ConfinedFileSystem } from '../../../src/core/confinedFileSystem';
import type { FileSystem } from '../../../src/core/fileSystem';
import { openSqliteRows, quoteIdentifier } from '../../../src/core/uploads/sqliteRows';
import type { UploadRowSource } from '../../../src/core/uploads/types';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { nodeSqliteWasm } from '../../../src/node/sqliteWasm';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { assertBatchesAndAbort, assertBlogPostRows, BLOG_POST_VALUES, readAllRows } from '../helpers/uploadRows';

const DB = '/ws/db.sqlite3';

/** An SQLite database made by SQLite itself (sql.js), from SQL statements. */
async function sqliteBytes(sql: string): Promise<Uint8Array> {
  const SQL = await initSqlJs({ wasmBinary: await nodeSqliteWasm() });
  const db = new SQL.Database();
  db.run(sql);
  const bytes = (db as unknown as { export(): Uint8Array }).export();
  db.close();
  return bytes;
}

async function open(fs: FileSystem, path = DB): Promise<UploadRowSource> {
  const opened = await openSqliteRows(fs, path, { wasm: nodeSqliteWasm });
  assert.ok(opened.source, `not opened: ${opened.status.reason}`);
  assert.deepEqual(opened.status, { read: true, engine: 'sqlite' });
  assert.equal(opened.source.note, undefined);
  return opened.source;
}


const BLOG = `
  CREATE TABLE "blog_post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "cover" varchar(100) NULL, "attachment" varchar(100) NOT NULL);
  INSERT INTO blog_post (title, cover, attachment) VALUES ${BLOG_POST_VALUES};
`;

test('reads the non-empty values of a file column with their primary keys', async () => {
  const fs = new MemoryFileSystem({ [DB]: await sqliteBytes(BLOG) });
  const source = await open(fs);
  assert.equal(source.engine, 'sqlite');
  await assertBlogPostRows(source);
  await source.close();
  await assert.rejects(readAllRows(source, 'blog_post', 'cover'), /the SQLite database is closed/);
});

test('a table or column the database does not have yet says to run migrate', async () => {
  const source = await open(new MemoryFileSystem({ [DB]: await sqliteBytes(BLOG) }));
  await assert.rejects(readAllRows(source, 'shop_product', 'image'), { message: 'table shop_product does not exist: run migrate' });
  await assert.rejects(readAllRows(source, 'blog_post', 'thumbnail'), { message: 'column blog_post.thumbnail does not exist: run migrate' });
  await assert.rejects(readAllRows(source, 'blog_post', 'cover', 'post_ptr_id'), { message: 'column blog_post.post_ptr_id does not exist: run migrate' });
  await source.close();
});

test('table and column names are quoted, never run as SQL', async () => {
  assert.equal(quoteIdentifier('we"ird'), '"we""ird"');
  const bytes = await sqliteBytes(`
    CREATE TABLE "we""ird table" ("pk key" integer PRIMARY KEY, "file""name" varchar(100));
    INSERT INTO "we""ird table" VALUES (7, 'x.png');
    CREATE TABLE victim (id integer PRIMARY KEY);`);
  const source = await open(new MemoryFileSystem({ [DB]: bytes }));
  assert.deepEqual(await readAllRows(source, 'we"ird table', 'file"name', 'pk key'), [{ pk: '7', name: 'x.png' }]);
  await assert.rejects(readAllRows(source, 'victim; DROP TABLE victim; --', 'id'), /does not exist: run migrate/);
  await assert.rejects(readAllRows(source, 'victim', 'id" FROM victim; --'), /column victim\.id" FROM victim; -- does not exist/);
  assert.deepEqual(await readAllRows(source, 'victim', 'id'), []);
  await source.close();
});

test('primary keys come back exactly, however large, and text keys as they are', async () => {
  const bytes = await sqliteBytes(`
    CREATE TABLE big (id integer PRIMARY KEY, f varchar(100));
    INSERT INTO big VALUES (9007199254740993, 'a.png'), (-5, 'b.png');
    CREATE TABLE uuid (id char(32) PRIMARY KEY, f varchar(100));
    INSERT INTO uuid VALUES ('0f8fad5bd9cb469fa16570867728950e', 'c.png');`);
  const source = await open(new MemoryFileSystem({ [DB]: bytes }));
  assert.deepEqual(await readAllRows(source, 'big', 'f'), [
    { pk: '-5', name: 'b.png' },
    { pk: '9007199254740993', name: 'a.png' },
  ]);
  assert.deepEqual(await readAllRows(source, 'uuid', 'f'), [{ pk: '0f8fad5bd9cb469fa16570867728950e', name: 'c.png' }]);
  await source.close();
});

test('rows come in batches, and an aborted token stops the read', async () => {
  const bytes = await sqliteBytes(`
    CREATE TABLE t (id integer PRIMARY KEY, f varchar(100));
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) INSERT INTO t SELECT i, 'f/' || i || '.png' FROM n;`);
  const source = await open(new MemoryFileSystem({ [DB]: bytes }));
  await assertBatchesAndAbort(source, 't', 'f');
  await source.close();
});

test('a database that cannot be read gives the reason, never a source', async () => {
  const reason = async (fs: FileSystem, path = DB, maxBytes?: number) => {
    const opened = await openSqliteRows(fs, path, maxBytes === undefined ? { wasm: nodeSqliteWasm } : { wasm: nodeSqliteWasm, maxBytes });
    assert.equal(opened.source, undefined);
    assert.equal(opened.status.read, false);
    assert.equal(opened.status.engine, 'sqlite');
    return opened.status.reason;
  };
  const bytes = await sqliteBytes(BLOG);
  assert.equal(await reason(new MemoryFileSystem({ '/ws/manage.py': '' })), 'the file does not exist yet: run migrate (/ws/db.sqlite3)');
  assert.equal(await reason(new MemoryFileSystem({ [DB]: 'not a database, just text that is long enough to hold a header'.repeat(3) })), '/ws/db.sqlite3 is not an SQLite database');
  assert.equal(await reason(new MemoryFileSystem({ [DB]: bytes }), DB, 1024), `the SQLite file is larger than 0 MB (0 MB): it is not read`);
  const big = new MemoryFileSystem();
  big.file(DB, { size: 600 * 1024 * 1024 });
  assert.equal(await reason(big), 'the SQLite file is larger than 512 MB (600 MB): it is not read');
  const denied = new MemoryFileSystem({ [DB]: bytes });
  denied.denied.add(DB);
  assert.match((await reason(denied))!, /^the SQLite file could not be read: /);
  const confined = new ConfinedFileSystem(new MemoryFileSystem({ '/elsewhere/db.sqlite3': bytes, '/ws/manage.py': '' }), { roots: ['/ws'] });
  assert.equal(await reason(confined, '/elsewhere/db.sqlite3'), 'the SQLite file may not be read (/elsewhere/db.sqlite3: outside the project)');
  const small = new ConfinedFileSystem(new MemoryFileSystem({ [DB]: bytes }), { roots: ['/ws'], maxFileBytes: 100 });
  assert.match((await reason(small))!, /^the SQLite file could not be read: .*larger than 100 bytes$/);
});

test('an empty file is an empty database: its tables do not exist yet', async () => {
  const source = await open(new MemoryFileSystem({ [DB]: new Uint8Array(0) }));
  await assert.rejects(readAllRows(source, 'blog_post', 'cover'), { message: 'table blog_post does not exist: run migrate' });
  await source.close();
});

/**
 * A database in WAL mode made by the system's SQLite (python3's sqlite3), copied while a
 * connection holds it open: "cover" values a.png and b.png checkpointed into the main file, then
 * committed to the WAL only: c.png added, b.png changed to b2.png, 500 rows "k*.png" added (so the
 * table spans several pages); then an open transaction
 * whose spilled pages are in the WAL without a commit (every cover changed to "uncommitted.png",
 * 2,000 rows "u*.png" added).
 */
function walDatabase(dir: string): boolean {
  const script = `
import sqlite3, shutil, sys
d = sys.argv[1]
live = d + '/live.sqlite3'
c = sqlite3.connect(live, isolation_level=None)
c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('CREATE TABLE blog_post (id integer PRIMARY KEY, cover varchar(100))')
c.execute("INSERT INTO blog_post (cover) VALUES ('a.png'), ('b.png')")
c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
c.execute("INSERT INTO blog_post (cover) VALUES ('c.png')")
c.execute("UPDATE blog_post SET cover = 'b2.png' WHERE id = 2")
c.execute('BEGIN')
c.executemany('INSERT INTO blog_post (cover) VALUES (?)', [('k%d.png' % i,) for i in range(500)])
c.execute('COMMIT')
shutil.copy(live, d + '/committed.sqlite3'); shutil.copy(live + '-wal', d + '/committed.sqlite3-wal')
c.execute('PRAGMA cache_size=2')
c.execute('BEGIN')
c.execute("UPDATE blog_post SET cover = 'uncommitted.png'")
c.executemany('INSERT INTO blog_post (cover) VALUES (?)', [('u%d.png' % i,) for i in range(2000)])
shutil.copy(live, d + '/open.sqlite3'); shutil.copy(live + '-wal', d + '/open.sqlite3-wal')
c.execute('ROLLBACK')
`;
  const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
  return r.status === 0;
}

test('a database in WAL mode: committed writes still in the -wal file are read, uncommitted ones are not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dm-wal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  if (!walDatabase(dir)) return t.skip('python3 with sqlite3 is needed to make a WAL database');
  const fs = new NodeFileSystem();
  const committed = `${dir}/committed.sqlite3`;
  const before = readFileSync(committed);
  const source = await open(fs, committed);
  const rows = await readAllRows(source, 'blog_post', 'cover');
  assert.deepEqual(rows.slice(0, 4), [
    { pk: '1', name: 'a.png' },
    { pk: '2', name: 'b2.png' },
    { pk: '3', name: 'c.png' },
    { pk: '4', name: 'k0.png' },
  ]);
  assert.deepEqual(rows.at(-1), { pk: '503', name: 'k499.png' });
  assert.equal(rows.length, 503);
  await source.close();
  assert.deepEqual(readFileSync(committed), before, 'the database file is unchanged');

  assert.ok(readFileSync(`${dir}/open.sqlite3-wal`).length > readFileSync(`${dir}/committed.sqlite3-wal`).length, 'the open transaction spilled pages into the WAL');
  const open2 = await open(fs, `${dir}/open.sqlite3`);
  assert.deepEqual(await readAllRows(open2, 'blog_post', 'cover'), rows);
  await open2.close();
});

test('a -wal file that cannot be read leaves the main file, and says recent writes may be missing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dm-wal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  if (!walDatabase(dir)) return t.skip('python3 with sqlite3 is needed to make a WAL database');
  const fs = new MemoryFileSystem({ [DB]: readFileSync(`${dir}/committed.sqlite3`), [`${DB}-wal`]: readFileSync(`${dir}/committed.sqlite3-wal`) });
  fs.denied.add(`${DB}-wal`);
  const opened = await openSqliteRows(fs, DB, { wasm: nodeSqliteWasm });
  assert.ok(opened.source);
  assert.equal(opened.status.read, true);
  assert.match(opened.status.reason!, /^the -wal file could not be read \(.*\): recent writes may be missing$/);
  assert.equal(opened.source.note, opened.status.reason);
  assert.deepEqual(await readAllRows(opened.source, 'blog_post', 'cover'), [
    { pk: '1', name: 'a.png' },
    { pk: '2', name: 'b.png' },
  ]);
  await opened.source.close();
});

test('a database read while a write is in progress (a hot -journal file) says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dm-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The system's SQLite writes spilled pages into the main file while the rollback journal holds the
  // originals; a PERSIST-mode journal left after a commit has its header zeroed and is not hot.
  const script = `
import sqlite3, shutil, sys
d = sys.argv[1]
for mode in ('delete', 'persist'):
    live = d + '/' + mode + '.sqlite3'
    c = sqlite3.connect(live, isolation_level=None)
    c.execute('PRAGMA journal_mode=' + mode)
    c.execute('CREATE TABLE t (id integer PRIMARY KEY, f varchar(100))')
    c.execute('BEGIN')
    c.executemany('INSERT INTO t (f) VALUES (?)', [('k%d.png' % i,) for i in range(3000)])
    c.execute('COMMIT')
    if mode == 'delete':
        c.execute('PRAGMA cache_size=2')
        c.execute('BEGIN')
        c.execute("UPDATE t SET f = 'changed.png'")
        shutil.copy(live, d + '/hot.sqlite3'); shutil.copy(live + '-journal', d + '/hot.sqlite3-journal')
        c.execute('ROLLBACK')
    c.close()
`;
  if (spawnSync('python3', ['-c', script, dir]).status !== 0) return t.skip('python3 with sqlite3 is needed to make a hot journal');
  const fs = new NodeFileSystem();
  const hot = await openSqliteRows(fs, `${dir}/hot.sqlite3`, { wasm: nodeSqliteWasm });
  assert.deepEqual(hot.status, {
    read: true,
    engine: 'sqlite',
    reason: 'a write was in progress while the database was read (a -journal file is open): rows may be missing or changed, run the audit again',
  });
  assert.equal(hot.source?.note, hot.status.reason);
  await hot.source?.close();
  assert.ok(readFileSync(`${dir}/persist.sqlite3-journal`).length > 0, 'PERSIST leaves its journal');
  const persisted = await open(fs, `${dir}/persist.sqlite3`);
  assert.equal((await readAllRows(persisted, 't', 'f')).length, 3000);
  await persisted.close();
});
