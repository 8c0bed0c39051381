// A repository with two Django projects, one nested in the other
// (test/fixtures/workspaces/two-projects): one model per project, the status bar follows the
// active editor to the deepest project, and a new manage.py is discovered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

interface StatusSnapshot {
  visible: boolean;
  text: string;
}
interface Entry {
  key: string;
  project: { root: string; name: string };
}
interface Api {
  statusBar: { readonly current: StatusSnapshot; onDidUpdate: vscode.Event<StatusSnapshot> };
  models: { onDidChange: vscode.Event<unknown>; projects(): Promise<Entry[]> };
}

async function getApi(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>('django-media.django-media');
  assert.ok(ext, 'the extension is installed');
  return ext.activate();
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a folder is open');
  return f.uri;
}

async function open(...path: string[]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), ...path));
  await vscode.window.showTextDocument(doc);
}

suite('Extension shell with two Django projects', () => {
  suiteSetup(function () {
    // Runs on its own workspace (runs.json "two-projects"); elsewhere there is nothing to test.
    if (vscode.workspace.workspaceFolders?.[0]?.name !== 'two-projects') this.skip();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('each project is found and has its own model', async () => {
    const api = await getApi();
    const projects = await api.models.projects();
    assert.deepEqual(projects.map((p) => p.project.name), ['two-projects', 'billing']);
  });

  test('the status bar shows the project of the active editor, the deepest one when they nest', async () => {
    const api = await getApi();
    const status = (text: string) =>
      waitFor(`status ${text}`, [api.statusBar.onDidUpdate], () => api.statusBar.current.text === text && api.statusBar.current, {
        describe: () => JSON.stringify(api.statusBar.current.text),
      });
    await open('services', 'billing', 'billing', 'settings.py');
    await status('$(file-media) billing: /billing-media/ → services/billing/files');
    await open('portal', 'settings.py');
    await status('$(file-media) two-projects: /media/ → uploads');
    // manage.py of the nested project belongs to it, not to the outer one.
    await open('services', 'billing', 'manage.py');
    await status('$(file-media) billing: /billing-media/ → services/billing/files');
  });

  test('a manage.py created in a new folder becomes a project; deleting it removes the project', async () => {
    const api = await getApi();
    // A folder of the test's own: it must not exist, so deleting it afterwards removes nothing else.
    const dir = vscode.Uri.joinPath(folder(), 'added-by-shell-test');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(dir)), Error, `${dir.path} is left over from another run`);
    const managePy = vscode.Uri.joinPath(dir, 'manage.py');
    const names = async () => (await api.models.projects()).map((p) => p.project.name).sort().join(',');
    try {
      await vscode.workspace.fs.writeFile(
        managePy,
        new TextEncoder().encode('import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "added.settings")\n'),
      );
      await waitFor('the new project', [api.models.onDidChange], async () => (await names()) === 'added-by-shell-test,billing,two-projects');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
    await waitFor('the project to go away', [api.models.onDidChange], async () => (await names()) === 'billing,two-projects');
  });
});
