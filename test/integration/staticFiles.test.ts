// Static files in the real editor, on examples/demo-site: `{% static 'img/logo.png' %}` in
// templates/base.html names a file both in static/ (STATICFILES_DIRS) and in the gallery app's
// static/ folder; the finders return the first. Every provider is reached through the
// vscode.execute…Provider commands, as the editor reaches it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

const uriOf = (rel: string) => vscode.Uri.joinPath(folderUri(), ...rel.split('/'));

async function positionIn(rel: string, needle: string, offset: number): Promise<{ doc: vscode.TextDocument; pos: vscode.Position }> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${rel} contains ${needle}`);
  return { doc, pos: doc.positionAt(at + offset) };
}

suite('Editor: static files', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('django-media.django-media');
    assert.ok(ext);
    await ext.activate();
  });

  test('hover on {% static %} shows the image, the finder and folder, and what it shadows', async () => {
    const { doc, pos } = await positionIn('templates/base.html', "'img/logo.png'", 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
    // 64 × 32 px inside the default 300 × 150 bounds: shown at its own size.
    assert.ok(md.includes(`![img/logo.png](${uriOf('static/img/logo.png').toString()}|width=64,height=32)`), md);
    assert.ok(md.includes('**img/logo\\.png** — static file, PNG image, 64 × 32 px'), md);
    assert.ok(md.includes('found by FileSystemFinder, STATICFILES_DIRS[0] `static`'), md);
    assert.ok(md.includes('Shadows `gallery/static/img/logo.png` (AppDirectoriesFinder, app `gallery`'), md);
  });

  test('Ctrl+click and F12 open the file the finders return', async () => {
    const { doc, pos } = await positionIn('templates/base.html', "'img/logo.png'", 3);
    const target = uriOf('static/img/logo.png').toString();
    const all = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const links = all.filter((l) => l.target?.toString() === target);
    assert.equal(links.length, 1, JSON.stringify(all.map((l) => l.target?.toString())));
    assert.equal(doc.getText(links[0]!.range), 'img/logo.png');
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, pos);
    assert.ok(defs.some((d) => ('targetUri' in d ? d.targetUri : d.uri).toString() === target), JSON.stringify(defs));
    const app = await positionIn('templates/gallery/photo_list.html', "'gallery/camera.png'", 4);
    const appDefs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', app.doc.uri, app.pos);
    assert.ok(appDefs.some((d) => ('targetUri' in d ? d.targetUri : d.uri).toString() === uriOf('gallery/static/gallery/camera.png').toString()), JSON.stringify(appDefs));
  });

  test('Find References to Static File: from the file to what the finders resolve to it; a shadowed file has none', async () => {
    const found = await vscode.commands.executeCommand<vscode.Location[]>('djangoMedia.findStaticFileReferences', uriOf('static/img/logo.png'));
    const base = found.filter((l) => l.uri.toString() === uriOf('templates/base.html').toString());
    assert.equal(base.length, 1, JSON.stringify(found.map((l) => l.uri.toString())));
    const doc = await vscode.workspace.openTextDocument(base[0]!.uri);
    assert.equal(doc.getText(base[0]!.range), 'img/logo.png');
    await vscode.commands.executeCommand('closeReferenceSearch');
    // The gallery app's img/logo.png is shadowed by static/img/logo.png: nothing resolves to it.
    assert.deepEqual(await vscode.commands.executeCommand('djangoMedia.findStaticFileReferences', uriOf('gallery/static/img/logo.png')), []);
  });

  test('Shift+F12 on a static name lists its uses', async () => {
    const { doc, pos } = await positionIn('templates/gallery/photo_list.html', "'gallery/camera.png'", 4);
    const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, pos);
    const mine = found.filter((l) => l.uri.toString() === doc.uri.toString());
    assert.equal(mine.length, 1, JSON.stringify(found.map((l) => l.uri.toString())));
    assert.equal(doc.getText(mine[0]!.range), 'gallery/camera.png');
  });

  test("completion inside {% static ' lists names from every finder location", async () => {
    const labels = async (offset: number) => {
      const { doc, pos } = await positionIn('templates/base.html', "{% static 'img/logo.png'", offset);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      return list.items.filter((i) => typeof i.detail === 'string' && i.detail.startsWith('static: ')).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    // Right after the quote: the top folders of static/ and of the gallery app's static/.
    const top = await labels("{% static '".length);
    assert.ok(top.includes('css') && top.includes('img') && top.includes('gallery'), top.join(', '));
    assert.deepEqual(await labels("{% static 'img/".length), ['logo.png']);
  });
});
