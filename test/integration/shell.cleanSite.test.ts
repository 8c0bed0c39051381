// The extension shell on a correctly configured project (test/fixtures/workspaces/clean-site).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

interface StatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  warning: boolean;
}
interface Api {
  statusBar: { readonly current: StatusSnapshot; onDidUpdate: vscode.Event<StatusSnapshot> };
}

async function getApi(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>('django-media.django-media');
  assert.ok(ext, 'the extension is installed');
  return ext.activate();
}

/** Resolves once the status bar satisfies `check`, re-checking on each update (no polling). */
function waitForStatus(api: Api, what: string, check: (s: StatusSnapshot) => boolean, timeoutMs = 20_000): Promise<StatusSnapshot> {
  return waitFor(what, [api.statusBar.onDidUpdate], () => check(api.statusBar.current) && api.statusBar.current, { timeoutMs, describe: () => JSON.stringify(api.statusBar.current.text) });
}

async function lineOf(file: string, prefix: string): Promise<number> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, file)));
  const index = text.split(/\r?\n/).findIndex((l) => l.trimStart().startsWith(prefix));
  assert.ok(index >= 0, `${file} has a line starting with ${prefix}`);
  return index + 1;
}

suite('Extension shell on a clean project', () => {
  test('the status bar shows the values without a warning', async () => {
    const api = await getApi();
    const status = await waitForStatus(api, 'the clean-site values', (s) => s.visible && s.text.includes('→') && !s.text.includes('spin'));
    assert.equal(status.text, '$(file-media) /media/ → media');
    assert.equal(status.warning, false);
    assert.match(status.tooltip, /Settings module `shop\.settings` — set by manage\.py/);
  });

  test('the media settings document says runserver serves media, and where', async () => {
    const text = await vscode.commands.executeCommand<string>('djangoMedia.showMediaSettings');
    const staticLine = await lineOf('shop/urls.py', 'urlpatterns += static(');
    assert.match(text, /With DEBUG on, is MEDIA_URL served\? \*\*yes\*\*/);
    assert.match(text, /With DEBUG as configured\? \*\*yes\*\*/);
    assert.ok(text.includes(`serves \`/media/\` from MEDIA_ROOT, only when DEBUG — serves MEDIA_URL — shop/urls.py:${staticLine}`), text);
    assert.doesNotMatch(text, /Other settings modules/, "shop.settings is the only settings module");
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
