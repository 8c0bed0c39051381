// Path completion on the demo site, whose MEDIA_ROOT is the workspace's media/ folder: VS Code's
// HTML support completes "/media/…" in src and href values from the same folder as ours, and the
// editor shows every provider's items side by side. vscode.executeCompletionItemProvider returns them
// all, as the suggestion list shows them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const extensionId = 'django-media.django-media';

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
/** The media entry an item stands for: "avatars/" and "avatars" are the same folder, "a%20b.png" and "a b.png" the same file. */
const entryOf = (label: string) => {
  const bare = label.replace(/\/$/, '');
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
};

suite('Editor on the demo site: completion next to VS Code\'s HTML path completion', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed`);
    await ext.activate();
  });

  test('after "/media/" and "/media/photos/" in a template, each folder and file is offered once', async () => {
    assert.ok(vscode.extensions.getExtension('vscode.html-language-features'), 'VS Code\'s HTML support is present in this host');
    const doc = await vscode.workspace.openTextDocument(uriOf('templates/gallery/photo_list.html'));
    assert.equal(doc.languageId, 'html', 'templates open as HTML here, where the HTML support completes paths');
    const editor = await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const typed = '<img src="/media/">\n<img src="/media/photos/">\n<img src="{{ MEDIA_URL }}">\n';
    await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), typed));
    try {
      // The HTML support's items have no detail, ours always have one: `builtin` says whose to wait for.
      const cases: Array<[string, string[], boolean]> = [
        ['<img src="/media/', ['avatars', 'banners', 'documents', 'photos', 'products'], true],
        ['<img src="/media/photos/', ['forest.png', 'sunset.png'], true],
        // Where the HTML support lists nothing of MEDIA_ROOT, ours are all there is.
        ['<img src="{{ MEDIA_URL }}', ['avatars', 'banners', 'documents', 'photos', 'products'], false],
      ];
      for (const [needle, entries, builtin] of cases) {
        const at = doc.positionAt(doc.getText().lastIndexOf(needle) + needle.length);
        let last: string[] = [];
        // The HTML language server starts with its first HTML document: ask until its items (and ours) are in.
        const list = await waitFor(`the suggestions after ${needle}`, [], async () => {
          const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at, '/');
          last = l.items.map((i) => `${labelOf(i)}${i.detail ? ` (${i.detail})` : ''}`);
          return entries.every((e) => l.items.some((i) => entryOf(labelOf(i)) === e && !i.detail === builtin)) && l;
        }, { timeoutMs: 20_000, pollMs: 100, describe: () => JSON.stringify(last) });
        const counts = new Map<string, number>();
        for (const item of list.items) counts.set(entryOf(labelOf(item)), (counts.get(entryOf(labelOf(item))) ?? 0) + 1);
        for (const e of entries) assert.equal(counts.get(e), 1, `${e} is offered once after ${needle}: ${JSON.stringify(list.items.map(labelOf))}`);
        if (needle.includes('{{')) assert.ok(list.items.every((i) => !entries.includes(entryOf(labelOf(i))) || i.detail === 'Folder'), 'ours, with their details');
      }
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      // The host may have saved the edit meanwhile: then the undone text is saved back.
      if (doc.getText() === original && doc.isDirty) await doc.save();
    }
    await waitFor('the edit of photo_list.html to be undone', [vscode.workspace.onDidChangeTextDocument], () => !doc.isDirty && doc.getText() === original, {
      describe: () => `${doc.isDirty ? 'dirty' : 'clean'}: …${doc.getText().slice(-120)}`,
    });
  });
});
