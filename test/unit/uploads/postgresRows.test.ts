import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { UploadRowSource } from '../../../src/core/uploads/types';
import { openPostgresRows, ReadOnlySession } from '../../../src/node/postgresRows';
import { startPostgres, type PostgresServer } from '../helpers/postgresServer';
import { assertBatchesAndAbort, assertBlogPostRows, BLOG_POST_VALUES, readAllRows } from '../helpers/uploadRows';

// Against a real PostgreSQL server (the Debian package, started in a temporary folder), never a mock.
let server: PostgresServer | { skip: string };

before(async () => {
  server = await startPostgres();
  if ('skip' in server) return;
  const admin = new Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE shop');
  await admin.end();
  const shop = new Client({ connectionString: server.url('shop') });
  await shop.connect();
  await shop.query(`
    CREATE TABLE blog_post (id bigserial PRIMARY KEY, title varchar(200) NOT NULL, cover varchar(100) NULL, attachment varchar(100) NOT NULL);
    INSERT INTO blog_post (title, cover, attachment) VALUES ${BLOG_POST_VALUES};
    CREATE TABLE "we""ird table" ("pk key" uuid PRIMARY KEY, "file""name" varchar(100));
    INSERT INTO "we""ird table" VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'x.png');
    CREATE TABLE many (id serial PRIMARY KEY, f varchar(100));
    INSERT INTO many (f) SELECT 'f/' || i || '.png' FROM generate_series(1, 25000) AS i;
    CREATE TABLE secret_upload (id serial PRIMARY KEY, f varchar(100));
    CREATE ROLE reader LOGIN PASSWORD 'reader-pw';
    GRANT SELECT ON blog_post, many TO reader;`);
  await shop.end();
});

after(() => {
  if (server && !('skip' in server)) server.stop();
});

/** The running server, or the test is reported as skipped with the reason. */
function running(t: TestContext): PostgresServer | undefined {
  if ('skip' in server) {
    t.skip(server.skip);
    return undefined;
  }
  return server;
}

async function open(url: string): Promise<UploadRowSource> {
  const opened = await openPostgresRows(url);
  assert.deepEqual(opened.status, { read: true, engine: 'postgresql' });
  assert.ok(opened.source);
  return opened.source;
}


test('reads the non-empty values of a file column with their primary keys', async (t) => {
  const pg = running(t);
  if (!pg) return;
  const source = await open(pg.url('shop'));
  assert.equal(source.engine, 'postgresql');
  await assertBlogPostRows(source);
  assert.deepEqual(await readAllRows(source, 'we"ird table', 'file"name', 'pk key'), [{ pk: '0f8fad5b-d9cb-469f-a165-70867728950e', name: 'x.png' }]);
  await source.close();
  await assert.rejects(readAllRows(source, 'blog_post', 'cover'), /the PostgreSQL connection is closed/);
});

test('rows come through a cursor in batches, and an aborted token stops the read', async (t) => {
  const pg = running(t);
  if (!pg) return;
  const source = await open(pg.url('shop'));
  await assertBatchesAndAbort(source, 'many', 'f');
  await source.close();
});

test('a table or column the database does not have says to run migrate, and the other columns stay readable', async (t) => {
  const pg = running(t);
  if (!pg) return;
  // As a role that may read some tables only, as a project's own database user often is.
  const source = await open(`postgresql://reader:reader-pw@127.0.0.1:${pg.port}/shop`);
  await assert.rejects(readAllRows(source, 'shop_product', 'image'), { message: 'table shop_product does not exist: run migrate' });
  await assert.rejects(readAllRows(source, 'blog_post', 'thumbnail'), { message: 'column blog_post.thumbnail does not exist: run migrate' });
  await assert.rejects(readAllRows(source, 'blog_post; DROP TABLE many; --', 'id'), /^Error: table .* does not exist: run migrate$/);
  // A statement the server refuses must not end the session's transaction.
  await assert.rejects(readAllRows(source, 'secret_upload', 'f'), { message: 'permission denied for table secret_upload' });
  assert.equal((await readAllRows(source, 'blog_post', 'cover')).length, 2);
  assert.equal((await readAllRows(source, 'many', 'f')).length, 25000);
  await source.close();
});

test('the session cannot write: an INSERT through it fails, in and after its transaction', async (t) => {
  const pg = running(t);
  if (!pg) return;
  const session = await ReadOnlySession.open(pg.url('shop'));
  await assert.rejects(session.query("INSERT INTO blog_post (title, cover, attachment) VALUES ('x', 'x.png', 'x')"), {
    message: 'cannot execute INSERT in a read-only transaction',
  });
  await session.query('ROLLBACK');
  await assert.rejects(session.query('DELETE FROM many'), { message: 'cannot execute DELETE in a read-only transaction' });
  await session.close();
  const check = new Client({ connectionString: pg.url('shop') });
  await check.connect();
  const { rows } = await check.query('SELECT (SELECT count(*) FROM blog_post)::int AS posts, (SELECT count(*) FROM many)::int AS many');
  await check.end();
  assert.deepEqual(rows[0], { posts: 4, many: 25000 });
});

test('a wrong password, a refused connection or a missing database give a reason without the password', async (t) => {
  const pg = running(t);
  if (!pg) return;
  const reason = async (url: string) => {
    const opened = await openPostgresRows(url, { connectTimeoutMs: 5000 });
    assert.equal(opened.source, undefined);
    assert.equal(opened.status.read, false);
    assert.equal(opened.status.engine, 'postgresql');
    const text = opened.status.reason!;
    assert.ok(!text.includes(pg.password) && !text.includes('Wr0ng-pw'), `a password in: ${text}`);
    return text;
  };
  assert.equal(await reason(`postgresql://postgres:Wr0ng-pw@127.0.0.1:${pg.port}/shop`), `could not connect to 127.0.0.1:${pg.port}: password authentication failed for user "postgres"`);
  const closed = pg.port === 1 ? 2 : 1;
  assert.equal(await reason(`postgresql://postgres:${pg.password}@127.0.0.1:${closed}/shop`), `could not connect to 127.0.0.1:${closed}: connection refused`);
  assert.equal(await reason(pg.url('nope')), `could not connect to 127.0.0.1:${pg.port}: database "nope" does not exist`);
});
