// The uploads audit reading PostgreSQL in the real (Node) extension host: a throwaway server of the
// Debian package (test/unit/helpers/postgresServer.ts, as the reader's unit tests use), tables as
// Django makes them for test/fixtures/workspaces/uploads-site's models, djangoMedia.database.url
// pointing at it. The rows differ from db.sqlite3's, so the lists can only come from PostgreSQL.
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import * as vscode from 'vscode';
import { startPostgres, type PostgresServer } from '../unit/helpers/postgresServer';

const extensionId = 'django-media.django-media';

// The parts of the Media explorer's test API (src/extension/mediaTree/index.ts) these tests use.
interface Node {
  storageName?: string;
}
interface Tree {
  getChildren(node?: Node): Node[] | Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
}
interface TestApi {
  audit: Tree & { view?: vscode.TreeView<unknown> };
}
interface Uploads {
  database: { read: boolean; engine: string; reason?: string };
  counts: { orphans: number; missingFiles: number; outsideUploadFolders: number };
}

async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is installed`);
  await ext.activate();
  const testApi = await vscode.commands.executeCommand<TestApi>('djangoMedia.mediaTree.testApi');
  assert.ok(testApi, 'the Media explorer is registered');
  return testApi;
}

async function items(tree: Tree, node?: Node): Promise<Array<{ node: Node; item: vscode.TreeItem; label: string }>> {
  return (await tree.getChildren(node)).map((n) => {
    const item = tree.getTreeItem(n);
    return { node: n, item, label: typeof item.label === 'string' ? item.label : item.label?.label ?? '' };
  });
}

async function group(tree: Tree, prefix: string): Promise<Node> {
  const found = (await items(tree)).find((c) => c.label.startsWith(prefix));
  assert.ok(found, `${prefix} is listed: ${(await items(tree)).map((c) => c.label).join(' | ')}`);
  return found.node;
}

async function scanWith(url: string): Promise<Uploads> {
  await vscode.workspace.getConfiguration('djangoMedia.database').update('url', url, vscode.ConfigurationTarget.Global);
  const summary = await vscode.commands.executeCommand<{ cancelled: boolean; results: Array<{ uploads?: Uploads }> }>('djangoMedia.findUnusedMedia');
  assert.equal(summary.cancelled, false);
  const uploads = summary.results[0]?.uploads;
  assert.ok(uploads, 'the uploads audit ran');
  return uploads;
}

/** Everything the Unused & Missing view shows at its top level: labels, descriptions, tooltips, its message. */
async function shownText(a: TestApi): Promise<string> {
  const top = await items(a.audit);
  const tooltips = top.map((t) => (typeof t.item.tooltip === 'string' ? t.item.tooltip : t.item.tooltip?.value ?? ''));
  return [...top.map((t) => `${t.label} ${String(t.item.description ?? '')}`), ...tooltips, a.audit.view?.message ?? ''].join('\n');
}

suite('Uploads audit from PostgreSQL (uploads-site, Node host)', function () {
  this.timeout(60_000);
  let server: PostgresServer | { skip: string } | undefined;

  suiteSetup(async function () {
    // Installing the package, when it is missing, takes minutes.
    this.timeout(900_000);
    server = await startPostgres();
    if ('skip' in server) return;
    const client = new Client({ connectionString: server.url() });
    await client.connect();
    try {
      // What `migrate` makes of gallery/models.py (Photo: the default table; Document: db_table, db_column).
      await client.query(`
        CREATE TABLE gallery_photo (id bigserial PRIMARY KEY, title varchar(100) NOT NULL, file varchar(100) NOT NULL);
        CREATE TABLE gallery_documents (id bigserial PRIMARY KEY, attachment_path varchar(100) NOT NULL);
        INSERT INTO gallery_photo (id, title, file) VALUES
          (1, 'cat', 'photos/cat.txt'), (2, 'claimed', 'photos/orphan.txt'), (3, 'gone', 'photos/gone.txt'), (4, 'no file', '');
        INSERT INTO gallery_documents (id, attachment_path) VALUES (7, 'docs/2024/lost.pdf');
      `);
    } finally {
      await client.end();
    }
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('djangoMedia.database').update('url', undefined, vscode.ConfigurationTarget.Global);
    if (server && !('skip' in server)) server.stop();
  });

  /** The running server; otherwise the test is reported as skipped, with the reason in its title. */
  function running(ctx: Mocha.Context): PostgresServer {
    assert.ok(server, 'suiteSetup ran');
    if ('skip' in server) {
      if (ctx.test) ctx.test.title += ` (skipped: ${server.skip})`;
      ctx.skip();
    }
    return server as PostgresServer;
  }

  test('the three lists come from the PostgreSQL rows', async function () {
    const pg = running(this);
    const a = await api();
    const uploads = await scanWith(pg.url());
    assert.deepEqual(uploads.database, { read: true, engine: 'postgresql' });
    const labels = (await items(a.audit)).map((c) => c.label);
    assert.deepEqual(labels.slice(0, 3), ['Orphans (1)', 'Rows with missing files (2)', 'Outside upload folders (1)']);
    assert.equal(a.audit.view?.message, undefined, 'no reference-only caveat when the database was read');

    // photos/orphan.txt, db.sqlite3's orphan, is named by row 2 here (docs/2024/report.txt, which no
    // row names here, is named by the fixture's make.py: a reference, not an orphan).
    const orphans = await items(a.audit, await group(a.audit, 'Orphans'));
    assert.deepEqual(orphans.map((o) => o.node.storageName), ['stray/notes.txt']);
    const rows = await items(a.audit, await group(a.audit, 'Rows with missing files'));
    assert.deepEqual(
      rows.map((r) => `${r.label} ${String(r.item.description)}`),
      ['Document.attachment  pk=7 docs/2024/lost.pdf', 'Photo.file  pk=3 photos/gone.txt'],
    );
    const outside = await items(a.audit, await group(a.audit, 'Outside upload folders'));
    assert.deepEqual(outside.map((o) => o.node.storageName), ['stray/notes.txt']);
  });

  test('a server that refuses the connection: "Database not read: could not connect to …", no password, no orphan', async function () {
    const pg = running(this);
    const a = await api();
    const wrongPassword = 'not-the-s3cret';
    for (const [url, secret] of [
      [`postgresql://postgres:${wrongPassword}@127.0.0.1:${pg.port}/postgres`, wrongPassword],
      [pg.url('no_such_database'), pg.password],
    ] as const) {
      const uploads = await scanWith(url);
      assert.equal(uploads.database.read, false);
      assert.equal(uploads.counts.orphans, 0);
      assert.match(uploads.database.reason ?? '', new RegExp(`^could not connect to 127\\.0\\.0\\.1:${pg.port}: `));
      const labels = (await items(a.audit)).map((c) => c.label);
      assert.ok(labels.includes(`Database not read: ${uploads.database.reason}`), labels.join(' | '));
      assert.ok(!labels.some((l) => l.startsWith('Orphans')), labels.join(' | '));
      const shown = await shownText(a);
      assert.ok(!shown.includes(secret), `the password is not shown: ${shown}`);
    }
  });
});
