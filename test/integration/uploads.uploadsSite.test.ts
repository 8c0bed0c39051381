// The uploads audit inside a real VS Code, on test/fixtures/workspaces/uploads-site (db.sqlite3 and
// media/ made by real Django: see its make.py and expected.json): the three database-backed lists of
// "Unused & Missing", the Models view, the upload_to hover, and "Move to Trash" on an orphan; then
// the same lists read from a real PostgreSQL server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import * as vscode from 'vscode';
import { startPostgres, type PostgresServer } from '../unit/helpers/postgresServer';
import { mediaTreeTestApi, recordingPrompts, treeLabel } from './mediaTreeTestApi';
import { waitFor } from './waitFor';

// The parts of the Media explorer's test API (src/extension/mediaTree/index.ts) these tests use.
interface Node {
  kind: string;
  group?: string;
  storageName?: string;
  row?: { pk: string; name: string };
}
interface Tree {
  getChildren(node?: Node): Node[] | Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
}
interface Prompts {
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}
interface TestApi {
  audit: Tree & { view?: vscode.TreeView<unknown> };
  modelsView: Tree;
  setPrompts(p: Prompts | undefined): void;
}
interface Uploads {
  database: { read: boolean; engine: string; reason?: string };
  counts: { orphans: number; missingFiles: number; outsideUploadFolders: number };
}

const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const mediaRoot = path.join(folder, 'media');
const expected = JSON.parse(fs.readFileSync(path.join(folder, 'expected.json'), 'utf8')) as {
  orphans: Array<{ name: string; bytes: number }>;
  missingFiles: Array<{ app: string; model: string; field: string; pk: string; name: string }>;
};

const api = (): Promise<TestApi> => mediaTreeTestApi<TestApi>();
const label = treeLabel;

async function items(tree: Tree, node?: Node): Promise<Array<{ node: Node; item: vscode.TreeItem; label: string }>> {
  return (await tree.getChildren(node)).map((n) => {
    const item = tree.getTreeItem(n);
    return { node: n, item, label: label(item) };
  });
}

async function group(tree: Tree, prefix: string): Promise<Node> {
  const found = (await items(tree)).find((c) => c.label.startsWith(prefix));
  assert.ok(found, `${prefix} is listed: ${(await items(tree)).map((c) => c.label).join(' | ')}`);
  return found.node;
}

async function scan(): Promise<Uploads> {
  const summary = await vscode.commands.executeCommand<{ cancelled: boolean; results: Array<{ uploads?: Uploads }> }>('djangoMedia.findUnusedMedia');
  assert.equal(summary.cancelled, false);
  const uploads = summary.results[0]?.uploads;
  assert.ok(uploads, 'the uploads audit ran');
  return uploads;
}

/** Whether vscode.workspace.fs can move a file of the workspace to the trash here (a probe file, not an orphan). */
async function hostHasTrash(): Promise<boolean> {
  const probe = path.join(mediaRoot, 'zz-trash-probe.txt');
  fs.writeFileSync(probe, '');
  try {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'media', 'zz-trash-probe.txt'), { useTrash: true });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/** Where the desktop trash (freedesktop.org) keeps a file moved there, when the host has one. */
function trashed(name: string): string {
  const data = process.env['XDG_DATA_HOME'] || path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'Trash', 'files', name);
}

suite('Uploads audit (uploads-site)', function () {
  this.timeout(60_000);
  const scratch = path.join(mediaRoot, 'photos', 'zz-trash-me.txt');

  suiteTeardown(async () => {
    (await api()).setPrompts(undefined);
    fs.rmSync(scratch, { force: true });
  });

  test('the three lists after reading db.sqlite3: what Django itself says is orphaned and missing', async () => {
    const a = await api();
    const uploads = await scan();
    assert.deepEqual(uploads.database, { read: true, engine: 'sqlite' });
    const labels = (await items(a.audit)).map((c) => c.label);
    assert.deepEqual(labels.slice(0, 3), [`Orphans (${expected.orphans.length})`, `Rows with missing files (${expected.missingFiles.length})`, 'Outside upload folders (1)']);
    assert.equal(a.audit.view?.message, undefined, 'no reference-only caveat when the database was read');

    const orphans = await items(a.audit, await group(a.audit, 'Orphans'));
    assert.deepEqual(
      orphans.map((o) => o.node.storageName),
      expected.orphans.map((o) => o.name),
    );
    const first = orphans[0]!.item;
    assert.match(String(first.description), /^photos · 19 B · /);
    assert.equal(first.contextValue, 'djangoMedia.file.orphan');

    const rows = await items(a.audit, await group(a.audit, 'Rows with missing files'));
    assert.deepEqual(
      rows.map((r) => `${r.label} ${String(r.item.description)}`),
      expected.missingFiles.map((m) => `${m.model}.${m.field}  pk=${m.pk} ${m.name}`),
    );
    // A click opens the field's definition in the models.
    const open = rows[0]!.item.command!;
    assert.equal(open.command, 'vscode.open');
    const [uri, options] = open.arguments as [vscode.Uri, { selection: vscode.Range }];
    assert.equal(uri.fsPath, path.join(folder, 'gallery', 'models.py'));
    assert.equal(options.selection.start.line + 1, 6);
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaAudit.copyPk', rows[0]!.node), '2');
    assert.equal(await vscode.env.clipboard.readText(), '2');

    const outside = await items(a.audit, await group(a.audit, 'Outside upload folders'));
    assert.deepEqual(outside.map((o) => o.node.storageName), ['stray/notes.txt']);
  });

  test('a database that cannot be read: "Database not read: <why>" and the reference-only lists, no orphan', async () => {
    const a = await api();
    const setting = vscode.workspace.getConfiguration('djangoMedia.database');
    await setting.update('url', 'postgresql://nobody@127.0.0.1:9/none', vscode.ConfigurationTarget.Global);
    try {
      const uploads = await scan();
      assert.equal(uploads.database.read, false);
      assert.equal(uploads.counts.orphans, 0);
      const labels = (await items(a.audit)).map((c) => c.label);
      assert.deepEqual(labels.slice(0, 2).map((l) => l.replace(/ \(\d+\)$/, '')), ['Unused files', 'Missing files']);
      assert.ok(labels.includes(`Database not read: ${uploads.database.reason}`), labels.join(' | '));
      assert.ok(!labels.some((l) => l.startsWith('Orphans')), labels.join(' | '));
      assert.match(a.audit.view?.message ?? '', /^Database not read \(the last row says why\)\. .*database rows/);
      const unused = await items(a.audit, await group(a.audit, 'Unused files'));
      assert.equal(unused[0]!.item.contextValue, 'djangoMedia.file.unused');
    } finally {
      await setting.update('url', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('the Models view: model → field → upload folder, with rows, files and size', async () => {
    const a = await api();
    await scan();
    const models = await items(a.modelsView);
    assert.deepEqual(models.map((m) => `${m.label} ${String(m.item.description)}`), ['gallery.Document gallery_documents', 'gallery.Photo gallery_photo']);
    const [photoFile] = await items(a.modelsView, models[1]!.node);
    assert.equal(photoFile!.label, 'file');
    assert.equal(photoFile!.item.description, 'FileField · 2 rows · 2 files · 25 B · 1 missing');
    const [upload] = await items(a.modelsView, photoFile!.node);
    assert.equal(upload!.label, 'photos/');
    const [documentField] = await items(a.modelsView, models[0]!.node);
    assert.match(String(documentField!.item.tooltip), /Column gallery_documents\.attachment_path/);
  });

  test('the upload_to hover shows the folder and what it holds now', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(folder, 'gallery', 'models.py'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('upload_to="photos/"'));
    const character = doc.lineAt(line).text.indexOf('upload_to') + 2;
    const text = await waitFor(
      'the upload_to hover',
      [],
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
        const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return all.includes('upload_to') && all;
      },
      { pollMs: 200 },
    );
    assert.match(text, /Uploads go under `photos\/` of MEDIA_ROOT/);
    assert.match(text, /Now: 2 files, 25 B/);
    assert.match(text, /- `cat\.txt`\n- `orphan\.txt`/);
  });

  test('Move to Trash asks with the count and size, then moves the orphan to the trash', async () => {
    const a = await api();
    fs.writeFileSync(scratch, 'throw me away\n');
    fs.rmSync(trashed('zz-trash-me.txt'), { force: true });
    await scan();
    const orphan = (await items(a.audit, await group(a.audit, 'Orphans'))).find((o) => o.node.storageName === 'photos/zz-trash-me.txt');
    assert.ok(orphan, 'the new file is an orphan');
    const prompts = recordingPrompts();
    const { asked } = prompts;
    a.setPrompts(prompts);
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaAudit.moveOrphansToTrash', orphan.node), undefined);
    assert.deepEqual(asked, ['Move to Trash: Move "photos/zz-trash-me.txt" (14 B) to the trash?']);
    assert.ok(fs.existsSync(scratch), 'cancelled: still there');
    prompts.answer = true;
    const summary = await vscode.commands.executeCommand<{ moved: string[]; failed: Array<{ name: string; reason: string }> }>('djangoMedia.mediaAudit.moveOrphansToTrash', orphan.node);
    if (await hostHasTrash()) {
      assert.deepEqual(summary, { moved: ['photos/zz-trash-me.txt'], failed: [] });
      assert.ok(!fs.existsSync(scratch), 'gone from MEDIA_ROOT');
      assert.equal(fs.readFileSync(trashed('zz-trash-me.txt'), 'utf8'), 'throw me away\n', 'in the trash');
    } else {
      // A host whose file system has no trash (code-server's remote one): nothing is deleted for good.
      assert.deepEqual(summary.moved, []);
      assert.match(summary.failed[0]?.reason ?? '', /trash/);
      assert.equal(fs.readFileSync(scratch, 'utf8'), 'throw me away\n', 'kept: never a hard delete');
      fs.rmSync(scratch);
      await scan();
    }
    const left = (await items(a.audit, await group(a.audit, 'Orphans'))).map((o) => o.node.storageName);
    assert.ok(!left.includes('photos/zz-trash-me.txt'), left.join(', '));
    // Every list of "Orphans" offers it, inline on the heading too.
    const all = (await items(a.audit)).find((c) => c.label.startsWith('Orphans'))!;
    assert.equal(all.item.contextValue, 'djangoMedia.orphans');
  });
});

// The uploads audit reading PostgreSQL in the real (Node) extension host: a throwaway server of the
// Debian package (test/unit/helpers/postgresServer.ts, as the reader's unit tests use), tables as
// Django makes them for the fixture's models, djangoMedia.database.url pointing at it. The rows
// differ from db.sqlite3's, so the lists can only come from PostgreSQL.

/** Points djangoMedia.database.url at `url` and runs the audit. */
async function scanWith(url: string): Promise<Uploads> {
  await vscode.workspace.getConfiguration('djangoMedia.database').update('url', url, vscode.ConfigurationTarget.Global);
  return scan();
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
