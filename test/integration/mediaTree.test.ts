// The Media explorer on the demo site, inside a real VS Code: the tree's items for examples/demo-site/media,
// a file created on disk appearing (and going), copy/insert commands, delete through its confirmation,
// the exclude setting, paging, sorting, the unused/missing scan, find references, reveal from an editor,
// and the drag data an editor drop turns into text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mediaTreeTestApi, recordingPrompts, treeLabel } from './mediaTreeTestApi';
import { waitFor } from './waitFor';

const extensionId = 'django-media.django-media';

// The parts of the Media explorer's test API (src/extension/mediaTree/index.ts) these tests use.
interface Entry {
  name: string;
  storageName: string;
  type: string;
  stat?: { size: number } | null;
}
interface Node {
  kind: 'project' | 'folder' | 'file' | 'more' | 'info';
  storageName?: string;
  entry?: Entry;
  label?: string;
}
interface Provider {
  getChildren(node?: Node): Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
  resolveTreeItem(item: vscode.TreeItem, node: Node, token: vscode.CancellationToken): Promise<vscode.TreeItem>;
  onDidChangeTreeData: vscode.Event<unknown>;
  watchersCreated: number;
}
interface Prompts {
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pickFile?(projects: unknown[], title: string): Promise<{ project: unknown; storageName: string; isFolder: boolean } | undefined>;
}
interface AuditNode {
  kind: string;
  label?: string;
}
interface Audit {
  view?: vscode.TreeView<unknown>;
  getChildren(node?: AuditNode): AuditNode[];
  getTreeItem(node: AuditNode): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
  onDidBecomeStale: vscode.Event<void>;
}
interface Report {
  unused: Array<{ storageName: string }>;
  unusedCount: number;
  missing: Array<{ storageName: string; uses: Array<{ range: { file: string; line: number } }> }>;
  walk: { files: number };
}
interface TestApi {
  provider: Provider;
  audit: Audit;
  view: vscode.TreeView<Node>;
  state(): string;
  reason(): string | undefined;
  onDidChangeState: vscode.Event<string>;
  setPrompts(p: Prompts | undefined): void;
  dragController: { handleDrag(source: Node[], dt: vscode.DataTransfer, token: vscode.CancellationToken): void | Thenable<void> };
  dropProvider: vscode.DocumentDropEditProvider;
}

const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const mediaRoot = path.join(folder, 'media');
const none = new vscode.CancellationTokenSource().token;

/** Resolves once check() is truthy, re-checking whenever one of `events` fires; rejects after 15 s. */
function until<T>(what: string, events: Array<vscode.Event<unknown>>, check: () => Promise<T | undefined | false>): Promise<T> {
  return waitFor(what, events, check, { timeoutMs: 15_000 });
}

const api = (): Promise<TestApi> => mediaTreeTestApi<TestApi>();
const label = treeLabel;

async function childrenOf(a: TestApi, node?: Node): Promise<Array<{ node: Node; item: vscode.TreeItem }>> {
  return (await a.provider.getChildren(node)).map((n) => ({ node: n, item: a.provider.getTreeItem(n) }));
}

async function child(a: TestApi, parent: Node | undefined, name: string): Promise<Node> {
  const found = (await childrenOf(a, parent)).find((c) => label(c.item) === name);
  assert.ok(found, `${name} is listed`);
  return found.node;
}

async function setSetting(key: string, value: unknown, section = 'djangoMedia.mediaTree'): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

/** A GIF header declaring `width` × `height`, padded with zeros to `bytes` (an animated GIF is often megabytes). */
function gif(width: number, height: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.write('GIF89a', 0, 'ascii');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

/** Runs `change` and waits for the model store to hand over the project's next analysis. */
async function reanalysed(change: () => Thenable<unknown>): Promise<void> {
  const models = (vscode.extensions.getExtension(extensionId)?.exports as { models: { onDidChange: vscode.Event<unknown> } }).models;
  let changes = 0;
  const sub = models.onDidChange(() => changes++);
  try {
    await change();
    await until('the next analysis', [models.onDidChange], async () => changes > 0);
  } finally {
    sub.dispose();
  }
}

async function tooltipOf(a: TestApi, node: Node): Promise<string> {
  return ((await a.provider.resolveTreeItem(a.provider.getTreeItem(node), node, none)).tooltip as vscode.MarkdownString).value;
}

suite('Media explorer (demo site)', function () {
  this.timeout(60_000);
  const scratch = path.join(mediaRoot, 'zz-integration');
  let declared = false;

  suiteSetup(async function () {
    const ext = vscode.extensions.getExtension(extensionId);
    const views = (ext?.packageJSON?.contributes?.views ?? {}) as Record<string, Array<{ id: string }>>;
    declared = Object.values(views).flat().some((v) => v.id === 'djangoMedia.mediaFiles');
    assert.ok(declared, 'package.json declares the Media Files view');
    fs.rmSync(scratch, { recursive: true, force: true });
    await vscode.commands.executeCommand('djangoMedia.mediaFiles.focus');
  });

  suiteTeardown(async () => {
    if (!declared) return;
    const a = await api();
    a.setPrompts(undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
    await setSetting('exclude', undefined);
    await setSetting('pageSize', undefined);
    await setSetting('maxImageBytes', undefined, 'djangoMedia.hover');
    await setSetting('env', undefined, 'djangoMedia');
    await vscode.commands.executeCommand('djangoMedia.mediaTree.sortBy', 'name');
  });

  test('shows MEDIA_ROOT: folders first, sizes, dimensions, thumbnails and the media URL', async () => {
    const a = await api();
    const top = await childrenOf(a);
    assert.deepEqual(top.map((c) => label(c.item)), ['avatars', 'banners', 'documents', 'photos', 'products']);
    assert.equal(a.state(), 'media');
    assert.ok(top.every((c) => c.item.contextValue === 'djangoMedia.folder'));
    const photos = top.find((c) => label(c.item) === 'photos')!.node;
    const files = await childrenOf(a, photos);
    assert.deepEqual(files.map((c) => label(c.item)), ['forest.png', 'sunset.png']);
    const sunset = files[1]!;
    assert.equal(sunset.item.contextValue, 'djangoMedia.file.image');
    assert.match(String(sunset.item.description), /^2\.1 KB/);
    // Dimensions arrive lazily, then the item is refreshed; the thumbnail comes with them (the
    // header must say the picture is small enough to decode).
    const description = await until('the dimensions of sunset.png', [a.provider.onDidChangeTreeData], async () => {
      const d = String(a.provider.getTreeItem(sunset.node).description);
      return d.includes('×') ? d : undefined;
    });
    assert.match(description, /^2\.1 KB · \d+×\d+$/);
    const withDims = a.provider.getTreeItem(sunset.node);
    assert.ok(withDims.iconPath instanceof vscode.Uri, 'thumbnails on: the image itself is the icon');
    assert.equal((withDims.iconPath as vscode.Uri).path, (withDims.resourceUri as vscode.Uri).path);
    const resolved = await a.provider.resolveTreeItem(a.provider.getTreeItem(sunset.node), sunset.node, none);
    const tooltip = (resolved.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /URL: `\/media\/photos\/sunset\.png`/);
    assert.match(tooltip, /Dimensions: \d+ × \d+ px/);
    assert.match(tooltip, /Modified: /);
    assert.equal(sunset.item.command?.command, 'djangoMedia.mediaTree.open');
  });

  test('a GIF row shows its dimensions as a PNG row does, even a GIF of a few megabytes', async () => {
    const a = await api();
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'anim.gif'), gif(64, 48, 3 * 1024 * 1024));
    await vscode.commands.executeCommand('djangoMedia.mediaTree.refresh');
    try {
      const anim = await child(a, await child(a, undefined, 'zz-integration'), 'anim.gif');
      const description = await until('the dimensions of anim.gif', [a.provider.onDidChangeTreeData], async () => {
        const d = String(a.provider.getTreeItem(anim).description);
        return d.includes('×') ? d : undefined;
      });
      assert.equal(description, '3.0 MB · 64×48');
      assert.match(await tooltipOf(a, anim), /Dimensions: 64 × 48 px \(gif\)/);
    } finally {
      fs.rmSync(path.join(scratch, 'anim.gif'), { force: true });
    }
  });

  test('an image tooltip previews the picture from MEDIA_ROOT, within the pixel and byte caps', async () => {
    const a = await api();
    const sunset = await child(a, await child(a, undefined, 'photos'), 'sunset.png');
    const tooltip = await tooltipOf(a, sunset);
    const image = /!\[sunset\.png\]\(([^)|]+)\|width=(\d+),height=(\d+)\)/.exec(tooltip);
    assert.ok(image, tooltip);
    const src = vscode.Uri.parse(image[1]!);
    assert.equal(src.scheme, vscode.workspace.workspaceFolders![0]!.uri.scheme, 'a local file, never a remote image');
    assert.ok(src.path.endsWith('/media/photos/sunset.png'), src.toString());
    assert.ok(Number(image[3]) <= 150 && Number(image[2]) <= 300, 'within djangoMedia.hover.maxWidth/maxHeight');

    // Over the pixel cap by its header: dimensions, but no picture.
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'huge.gif'), gif(20_000, 20_000, 1024));
    try {
      await vscode.commands.executeCommand('djangoMedia.mediaTree.refresh');
      const huge = await child(a, await child(a, undefined, 'zz-integration'), 'huge.gif');
      const hugeTip = await tooltipOf(a, huge);
      assert.match(hugeTip, /Dimensions: 20000 × 20000 px/);
      assert.match(hugeTip, /No preview: 20000 × 20000 px is over the limit/);
      assert.ok(!hugeTip.includes('!['), hugeTip);
    } finally {
      fs.rmSync(path.join(scratch, 'huge.gif'), { force: true });
    }

    // Over the byte cap of the hover's setting.
    await setSetting('maxImageBytes', 1000, 'djangoMedia.hover');
    try {
      const capped = await tooltipOf(a, sunset);
      assert.match(capped, /No preview: 2\\?\.1 KB is over the 1000 B limit/);
      assert.ok(!capped.includes('!['), capped);
    } finally {
      await setSetting('maxImageBytes', undefined, 'djangoMedia.hover');
    }
  });

  test('opening a file from the search reveals it in the tree', async () => {
    const a = await api();
    const titles: string[] = [];
    a.setPrompts({
      confirm: async () => false,
      input: async () => undefined,
      pickFile: async (projects, title) => {
        titles.push(title);
        return { project: projects[0], storageName: 'products/mug.jpg', isFolder: false };
      },
    });
    try {
      const picked = await vscode.commands.executeCommand<{ storageName: string }>('djangoMedia.mediaTree.search');
      assert.deepEqual(titles, ['Django Media: Search Media Files']);
      assert.equal(picked?.storageName, 'products/mug.jpg');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok((tab?.input as { uri?: vscode.Uri } | undefined)?.uri?.path.endsWith('/media/products/mug.jpg'), 'the file is open');
      await until('mug.jpg selected in the view', [a.view.onDidChangeSelection as vscode.Event<unknown>], async () => a.view.selection[0]?.storageName === 'products/mug.jpg');
      assert.equal(a.view.visible, true);
    } finally {
      a.setPrompts(undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('a file written to disk appears within a second, from one watcher, and goes when deleted', async () => {
    const a = await api();
    const photos = await child(a, undefined, 'photos');
    await a.provider.getChildren(photos);
    await a.provider.getChildren(await child(a, undefined, 'banners'));
    const watchers = a.provider.watchersCreated;
    assert.equal(watchers, 1, 'one watcher for MEDIA_ROOT, not one per folder');
    const file = path.join(mediaRoot, 'photos', 'zz-new-upload.png');
    const started = Date.now();
    fs.copyFileSync(path.join(mediaRoot, 'photos', 'forest.png'), file);
    try {
      const names = async () => (await childrenOf(a, photos)).map((c) => label(c.item));
      await until('zz-new-upload.png in photos/', [a.provider.onDidChangeTreeData], async () => (await names()).includes('zz-new-upload.png'));
      const appeared = Date.now() - started;
      assert.ok(appeared < 3_000, `appeared after ${appeared} ms`);
      fs.rmSync(file);
      await until('zz-new-upload.png gone', [a.provider.onDidChangeTreeData], async () => !(await names()).includes('zz-new-upload.png'));
      assert.equal(a.provider.watchersCreated, watchers, 'no new watcher');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('copies the URL, the template snippets and the storage name; inserts the URL at the cursor', async () => {
    const a = await api();
    const sunset = await child(a, await child(a, undefined, 'photos'), 'sunset.png');
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.copyUrl', sunset), '/media/photos/sunset.png');
    assert.equal(await vscode.env.clipboard.readText(), '/media/photos/sunset.png');
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.copyMediaUrlSnippet', sunset), '{{ MEDIA_URL }}photos/sunset.png');
    assert.equal(await vscode.env.clipboard.readText(), '{{ MEDIA_URL }}photos/sunset.png');
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.copyMediaPrefixSnippet', sunset), '{% get_media_prefix %}photos/sunset.png');
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.copyStorageName', sunset), 'photos/sunset.png');
    assert.equal(await vscode.env.clipboard.readText(), 'photos/sunset.png');

    const doc = await vscode.workspace.openTextDocument({ language: 'html', content: '<img src="">' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    await vscode.commands.executeCommand('djangoMedia.mediaTree.insertUrl', sunset);
    assert.equal(doc.getText(), '<img src="/media/photos/sunset.png">');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('dragging a file into an editor inserts what fits the language', async () => {
    const a = await api();
    const sunset = await child(a, await child(a, undefined, 'photos'), 'sunset.png');
    const pdf = await child(a, await child(a, undefined, 'documents'), 'price-list.pdf');
    const dt = new vscode.DataTransfer();
    await a.dragController.handleDrag([sunset, pdf], dt, none);
    const drop = async (language: string) => {
      const doc = await vscode.workspace.openTextDocument({ language, content: '' });
      const edit = await a.dropProvider.provideDocumentDropEdits(doc, new vscode.Position(0, 0), dt, none);
      return edit?.insertText;
    };
    assert.equal(await drop('html'), '<img src="/media/photos/sunset.png" alt="sunset">\n<a href="/media/documents/price-list.pdf">price-list.pdf</a>');
    assert.equal(await drop('markdown'), '![sunset](/media/photos/sunset.png)\n[price-list.pdf](/media/documents/price-list.pdf)');
    assert.equal(await drop('python'), '/media/photos/sunset.png\n/media/documents/price-list.pdf');
    assert.equal(await a.dropProvider.provideDocumentDropEdits(await vscode.workspace.openTextDocument({ content: '' }), new vscode.Position(0, 0), new vscode.DataTransfer(), none), undefined);
  });

  test('delete asks first: cancel keeps the file, confirm removes it', async () => {
    const a = await api();
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'delete-me.txt'), 'x');
    const prompts = recordingPrompts();
    const { asked } = prompts;
    a.setPrompts(prompts);
    await vscode.commands.executeCommand('djangoMedia.mediaTree.refresh');
    const target = await child(a, await child(a, undefined, 'zz-integration'), 'delete-me.txt');
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.delete', target), false);
    assert.deepEqual(asked, ['Move to Trash: Delete "zz-integration/delete-me.txt" from MEDIA_ROOT?']);
    assert.ok(fs.existsSync(path.join(scratch, 'delete-me.txt')), 'cancelled: still there');
    prompts.answer = true;
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.delete', target), true);
    assert.ok(!fs.existsSync(path.join(scratch, 'delete-me.txt')), 'confirmed: gone');
    // Where the file system has no trash, a second confirmation asks before deleting for good.
    assert.ok(asked.length === 2 || (asked.length === 3 && asked[2]!.startsWith('Delete Permanently')), asked.join(' | '));
    const left = (await childrenOf(a, await child(a, undefined, 'zz-integration'))).map((c) => label(c.item));
    assert.ok(!left.includes('delete-me.txt'));
  });

  test('new folder and rename go through the input box', async () => {
    const a = await api();
    fs.mkdirSync(scratch, { recursive: true });
    const answers = ['sub/inner', 'renamed'];
    a.setPrompts({ confirm: async () => false, input: async () => answers.shift() });
    await vscode.commands.executeCommand('djangoMedia.mediaTree.refresh');
    const dir = await child(a, undefined, 'zz-integration');
    await vscode.commands.executeCommand('djangoMedia.mediaTree.newFolder', dir);
    assert.ok(fs.statSync(path.join(scratch, 'sub', 'inner')).isDirectory());
    const sub = await child(a, dir, 'sub');
    await vscode.commands.executeCommand('djangoMedia.mediaTree.rename', sub);
    assert.ok(fs.existsSync(path.join(scratch, 'renamed', 'inner')));
    assert.ok(!fs.existsSync(path.join(scratch, 'sub')));
    assert.deepEqual((await childrenOf(a, dir)).map((c) => label(c.item)), ['renamed']);
  });

  test('the exclude setting hides matching files, and large folders page with "Show more…"', async () => {
    const a = await api();
    await setSetting('exclude', ['**/*.pdf']);
    await until('documents/ without the PDF', [a.provider.onDidChangeTreeData], async () =>
      (await a.provider.getChildren(await child(a, undefined, 'documents'))).every((n) => n.kind !== 'file'),
    );
    await setSetting('exclude', undefined);
    await until('the PDF back', [a.provider.onDidChangeTreeData], async () =>
      (await childrenOf(a, await child(a, undefined, 'documents'))).some((c) => label(c.item) === 'price-list.pdf'),
    );

    fs.mkdirSync(path.join(scratch, 'many'), { recursive: true });
    for (let i = 0; i < 70; i++) fs.writeFileSync(path.join(scratch, 'many', `f${i}.txt`), '');
    await setSetting('pageSize', 50);
    await vscode.commands.executeCommand('djangoMedia.mediaTree.refresh');
    const many = await child(a, await child(a, undefined, 'zz-integration'), 'many');
    const first = await childrenOf(a, many);
    assert.equal(first.length, 51);
    assert.deepEqual(first.slice(0, 3).map((c) => label(c.item)), ['f0.txt', 'f1.txt', 'f2.txt']);
    const more = first[50]!;
    assert.equal(label(more.item), 'Show more… (50 of 70)');
    await vscode.commands.executeCommand(more.item.command!.command, ...(more.item.command!.arguments ?? []));
    const all = await childrenOf(a, many);
    assert.equal(all.length, 70);
    assert.equal(label(all[69]!.item), 'f69.txt');
  });

  test('sorts by size from the title-bar command', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.sortBy', 'size'), 'size');
    const photos = await child(a, undefined, 'photos');
    assert.deepEqual((await childrenOf(a, photos)).map((c) => label(c.item)), ['sunset.png', 'forest.png']);
    assert.equal(a.view.description, 'by size');
    // The header shares its width with the title and the buttons: a short description.
    assert.equal(await vscode.commands.executeCommand('djangoMedia.mediaTree.sortBy', 'modified'), 'modified');
    assert.equal(a.view.description, 'by date');
    await vscode.commands.executeCommand('djangoMedia.mediaTree.sortBy', 'name');
    assert.equal(a.view.description, undefined);
    assert.deepEqual((await childrenOf(a, photos)).map((c) => label(c.item)), ['forest.png', 'sunset.png']);
  });

  test('finds unused and missing media, with the database caveat', async () => {
    const a = await api();
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'orphan.png'), '');
    const summary = await vscode.commands.executeCommand<{ cancelled: boolean; results: Array<{ report?: Report }> }>('djangoMedia.findUnusedMedia');
    assert.equal(summary.cancelled, false);
    const report = summary.results[0]!.report!;
    assert.ok(report.walk.files >= 7);
    const unused = report.unused.map((u) => u.storageName);
    assert.ok(unused.includes('zz-integration/orphan.png'), unused.join(', '));
    for (const used of ['photos/sunset.png', 'photos/forest.png', 'products/mug.jpg', 'documents/price-list.pdf', 'avatars/default.svg', 'banners/hero.jpg']) {
      assert.ok(!unused.includes(used), `${used} is referenced by the templates or models`);
    }
    const cat = report.missing.find((m) => m.storageName === 'photos/missing-cat.png');
    assert.ok(cat, 'the broken reference of photo_list.html is missing');
    assert.ok(cat.uses.some((u) => u.range.file.endsWith('templates/gallery/photo_list.html') && u.range.line === 12));
    assert.match(a.audit.view?.message ?? '', /database rows/);
  });

  test('Unused & Missing is a view of its own whose results go out of date when the settings change', async () => {
    const a = await api();
    const labels = () => a.audit.getChildren().map((n) => label(a.audit.getTreeItem(n)));
    // Declared expanded with a share of the container's height: a view first laid out collapsed gets a
    // sliver when expanded, while one laid out expanded gets its size back after collapsing.
    const views = (vscode.extensions.getExtension(extensionId)?.packageJSON?.contributes?.views?.djangoMedia ?? []) as Array<{ id: string; visibility?: string; initialSize?: number }>;
    const declared = views.find((v) => v.id === 'djangoMedia.mediaAudit');
    assert.ok(declared && declared.visibility !== 'collapsed' && (declared.initialSize ?? 0) > 0, JSON.stringify(declared));
    await vscode.commands.executeCommand('djangoMedia.findUnusedMedia');
    assert.equal(a.audit.view?.visible, true, 'the scan shows its view');
    assert.deepEqual(labels().slice(0, 2).map((l) => l.replace(/ \(\d+\)$/, '')), ['Unused files', 'Missing files']);
    assert.doesNotMatch(String(a.audit.view?.description), /out of date/);
    try {
      // Analysed again with the same MEDIA_ROOT (the env setting is read by the analysis): out of date, lists kept.
      await setSetting('env', { DJANGO_MEDIA_TEST: '1' }, 'djangoMedia');
      await until('the result marked out of date', [a.audit.onDidChangeTreeData], async () => labels()[0] === 'Out of date: run the scan again');
      assert.ok(labels().some((l) => l.startsWith('Unused files')), labels().join(' | '));
      assert.match(String(a.audit.view?.description), /^out of date · \d+ files scanned/);
      const note = a.audit.getTreeItem(a.audit.getChildren()[0]!);
      assert.equal(note.command?.command, 'djangoMedia.findUnusedMedia', 'the note runs the scan again');
      await reanalysed(() => setSetting('env', undefined, 'djangoMedia'));
      // MEDIA_ROOT elsewhere: the names would point into another folder, so the lists are withdrawn.
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', 'demo.settings.prod');
      await until('the lists withdrawn', [a.audit.onDidChangeTreeData], async () => labels().length === 1);
      const tooltip = String(a.audit.getTreeItem(a.audit.getChildren()[0]!).tooltip);
      assert.match(tooltip, /MEDIA_ROOT changed since this scan \(.*\/media → \/srv\/demo\/media\)/);
    } finally {
      await setSetting('env', undefined, 'djangoMedia');
      await reanalysed(() => vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', null));
    }
    await until('MEDIA_ROOT back', [a.onDidChangeState, a.provider.onDidChangeTreeData], async () => (await a.provider.getChildren()).length > 0 && a.state() === 'media');
    await vscode.commands.executeCommand('djangoMedia.findUnusedMedia');
    assert.ok(labels()[0]?.startsWith('Unused files'), labels().join(' | '));
    assert.doesNotMatch(String(a.audit.view?.description), /out of date/);
  });

  test('finds the references to a file and reveals a file from a reference in a template', async () => {
    const a = await api();
    const sunset = await child(a, await child(a, undefined, 'photos'), 'sunset.png');
    const uses = await vscode.commands.executeCommand<Array<{ range: { file: string; line: number } }>>('djangoMedia.mediaTree.findReferences', sunset);
    const where = uses.map((u) => `${path.basename(u.range.file)}:${u.range.line}`);
    assert.ok(where.includes('photo_list.html:7') && where.includes('photo_detail.html:10'), where.join(', '));

    const template = await vscode.workspace.openTextDocument(path.join(folder, 'templates', 'gallery', 'photo_list.html'));
    const editor = await vscode.window.showTextDocument(template);
    const at = template.lineAt(6).text.indexOf('/media/photos/sunset.png') + 10;
    assert.ok(at >= 10, 'line 7 of photo_list.html holds the sunset URL');
    editor.selection = new vscode.Selection(6, at, 6, at);
    const revealed = await vscode.commands.executeCommand<{ storageName: string }>('djangoMedia.revealInMediaExplorer');
    assert.equal(revealed?.storageName, 'photos/sunset.png');
    await until('sunset.png selected in the view', [a.view.onDidChangeSelection as vscode.Event<unknown>], async () => a.view.selection[0]?.storageName === 'photos/sunset.png');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('says why there is nothing to show when MEDIA_ROOT does not exist (prod settings)', async () => {
    const a = await api();
    try {
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', 'demo.settings.prod');
      await until('the no-media welcome', [a.onDidChangeState, a.provider.onDidChangeTreeData], async () => {
        const top = await a.provider.getChildren();
        return top.length === 0 && a.state() === 'noMedia';
      });
      assert.match(a.reason() ?? '', /MEDIA_ROOT \(\/srv\/demo\/media\) does not exist yet/);
      assert.equal(a.view.message, undefined, 'a message would hide the welcome view');
    } finally {
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', null);
    }
    await until('MEDIA_ROOT back', [a.onDidChangeState, a.provider.onDidChangeTreeData], async () => (await a.provider.getChildren()).length > 0 && a.state() === 'media');
    assert.equal(a.reason(), undefined);
  });
});
