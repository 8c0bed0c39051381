// The extension shell on the demo site, inside a real VS Code: the status bar, the settings module
// chooser, the media settings document, and re-analysis when a settings file changes on disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const extensionId = 'django-media.django-media';

// The parts of the extension's exported API (src/extension/api.ts) these tests read.
interface StatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  warning: boolean;
  projectKey: string | undefined;
}
interface Entry {
  key: string;
  project: { root: string; name: string };
}
interface Value {
  known: boolean;
  value: unknown;
  reason?: string;
}
interface Model {
  settingsModule: string | null;
  settingsCandidates: string[];
  settings: { MEDIA_URL: Value; MEDIA_ROOT: Value; DEBUG: Value };
  filesRead: string[];
}
interface SourceRange {
  file: string;
  line: number;
  column: number;
}
interface MediaSettingsViews {
  shown(projectKey: string): { html: string; markdown: string; version: number; targets: readonly SourceRange[] } | undefined;
  readonly openCount: number;
  readonly onDidRender: vscode.Event<string>;
  receive(projectKey: string, message: unknown): Promise<boolean>;
}
interface Api {
  statusBar: { readonly current: StatusSnapshot; onDidUpdate: vscode.Event<StatusSnapshot> };
  mediaSettingsViews: MediaSettingsViews;
  models: {
    onDidChange: vscode.Event<unknown>;
    projects(): Promise<Entry[]>;
    model(entry: Entry): Promise<Model | undefined>;
    peek(entry: Entry): Model | undefined;
  };
}

async function getApi(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(extensionId);
  assert.ok(ext, `${extensionId} is installed`);
  return ext.activate();
}

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

/** The 1-based line of the first line of `file` (relative to the workspace) that starts with `prefix`. */
async function lineOf(file: string, prefix: string): Promise<number> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folderUri(), file)));
  const index = text.split(/\r?\n/).findIndex((l) => l.startsWith(prefix));
  assert.ok(index >= 0, `${file} has a line starting with ${prefix}`);
  return index + 1;
}

function waitForStatus(api: Api, what: string, check: (s: StatusSnapshot) => boolean): Promise<StatusSnapshot> {
  return waitFor(what, [api.statusBar.onDidUpdate], () => check(api.statusBar.current) && api.statusBar.current, { describe: () => JSON.stringify(api.statusBar.current.text) });
}

async function demoProject(api: Api): Promise<Entry> {
  const projects = await api.models.projects();
  assert.equal(projects.length, 1, 'the demo site is one Django project');
  return projects[0]!;
}

const localPy = () => vscode.Uri.joinPath(folderUri(), 'demo', 'settings', 'local.py');

/** First line of every local.py this suite writes: only such a file is ever deleted by it. */
const MARKER = '# written by test/integration/shell.test.ts\n';

async function removeLocalPy(): Promise<void> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(localPy()));
  } catch {
    return; // not there: nothing to clean
  }
  assert.ok(text.startsWith(MARKER), `${localPy().path} is someone's own file: move it away to run these tests`);
  await vscode.workspace.fs.delete(localPy());
}

suite('Extension shell on the demo site', () => {
  suiteSetup(async () => {
    // A left-over from an interrupted run would change every value below.
    await removeLocalPy();
  });

  test('the status bar shows MEDIA_URL → MEDIA_ROOT of the active settings module', async () => {
    const api = await getApi();
    // An earlier suite may have raised a rule to "error" (the warning background) a moment ago:
    // wait for the settled state rather than the first one that shows the values.
    const status = await waitForStatus(api, 'the demo values in the status bar, no warning background', (s) => s.visible && s.text.includes('→') && !s.text.includes('spin') && !s.warning);
    assert.equal(status.text, '$(file-media) /media/ → media');
    assert.equal(status.warning, false, 'every value is known: no warning background');
    assert.match(status.tooltip, /Settings module `demo\.settings\.dev` — set by manage\.py/);
    const urlLine = await lineOf('demo/settings/base.py', 'MEDIA_URL =');
    const rootLine = await lineOf('demo/settings/base.py', 'MEDIA_ROOT =');
    assert.ok(status.tooltip.includes(`demo/settings/base\\.py:${urlLine}]`), `tooltip links MEDIA_URL to base.py:${urlLine}`);
    assert.ok(status.tooltip.includes(`demo/settings/base\\.py:${rootLine}]`), `tooltip links MEDIA_ROOT to base.py:${rootLine}`);
    assert.ok(status.tooltip.includes('command:djangoMedia.showMediaSettings'), 'tooltip offers the media settings document');
  });

  test('“Open Media Settings as Markdown” opens a read-only document with each value, its source line, and the serving answer', async () => {
    const api = await getApi();
    await demoProject(api);
    const text = await vscode.commands.executeCommand<string>('djangoMedia.openMediaSettingsAsMarkdown');
    assert.equal(typeof text, 'string');
    const debugLine = await lineOf('demo/settings/dev.py', 'DEBUG =');
    const urlLine = await lineOf('demo/settings/base.py', 'MEDIA_URL =');
    assert.match(text, /^# Media settings · demo-site$/m);
    assert.ok(text.includes(`- **MEDIA_URL** = \`"/media/"\` — demo/settings/base.py:${urlLine}`), text);
    assert.ok(text.includes(`- **DEBUG** = \`True\` — demo/settings/dev.py:${debugLine}`), text);
    // The deliberate mistake of the demo: urls.py serves STATIC_URL, not MEDIA_URL.
    assert.match(text, /With DEBUG on, is MEDIA_URL served\? \*\*no\*\*/);

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the document is shown');
    assert.equal(editor.document.uri.scheme, 'django-media');
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), text);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', editor.document.uri);
    const toUrl = links.find((l) => l.target?.path.endsWith('/demo/settings/base.py') && l.target.fragment.startsWith(`L${urlLine},`));
    assert.ok(toUrl, `a link opens demo/settings/base.py at line ${urlLine}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('“Show Media Settings” shows the rendered document: each “decided by” label opens its line, it follows the model, closing it leaves nothing', async () => {
    const api = await getApi();
    const entry = await demoProject(api);
    const views = api.mediaSettingsViews;
    const text = await vscode.commands.executeCommand<string>('djangoMedia.showMediaSettings');
    const urlLine = await lineOf('demo/settings/base.py', 'MEDIA_URL =');
    // The command still gives the Markdown source (what "Copy as Markdown" copies).
    assert.ok(text.includes(`- **MEDIA_URL** = \`"/media/"\` — demo/settings/base.py:${urlLine}`), text);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('djangoMedia.mediaSettings'), `the active tab is the rendered view (${tab?.label})`);
    assert.equal(tab.label, 'Media Settings · demo-site');

    const shown = views.shown(entry.key);
    assert.ok(shown, 'the view of the demo project is open');
    assert.equal(shown.markdown, text);
    assert.match(shown.html, /^<h1>Media settings · demo-site<\/h1>$/m);
    assert.match(shown.html, /With DEBUG on, is MEDIA_URL served\? <strong>no<\/strong>/);
    const link = new RegExp(`<strong>MEDIA_URL</strong> = <code>&quot;/media/&quot;</code> — <a href="#" data-link="(\\d+)"[^>]*>demo/settings/base\\.py:${urlLine}</a>`).exec(shown.html);
    assert.ok(link, shown.html);
    // Every label the Markdown source shows as a link is a link in the view, to a file the model lists.
    assert.equal((shown.html.match(/data-link="/g) ?? []).length, shown.targets.length);
    const model = await api.models.model(entry);
    const managePy = vscode.Uri.joinPath(folderUri(), 'manage.py').path;
    for (const t of shown.targets) assert.ok(t.file === managePy || model?.filesRead.includes(t.file), `${t.file} is a file the model read`);

    // What a click on the MEDIA_URL link posts: base.py opens at that line.
    assert.equal(await views.receive(entry.key, { type: 'open', link: Number(link[1]), version: shown.version }), true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('/demo/settings/base.py'), editor?.document.uri.toString());
    assert.equal(editor.selection.active.line, urlLine - 1);

    // Anything else a page could post is refused: no file opens.
    for (const bad of [
      { type: 'open', link: shown.targets.length, version: shown.version },
      { type: 'open', link: -1, version: shown.version },
      { type: 'open', link: '0', version: shown.version },
      { type: 'open', link: 0, version: shown.version - 1 },
      { type: 'open', file: '/etc/passwd' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      'open',
      null,
    ]) {
      assert.equal(await views.receive(entry.key, bad), false, JSON.stringify(bad));
    }
    assert.equal(vscode.window.activeTextEditor, editor, 'a refused message opened nothing');

    // Copy as Markdown puts the source on the clipboard.
    assert.equal(await views.receive(entry.key, { type: 'copyMarkdown' }), true);
    assert.equal(await vscode.env.clipboard.readText(), text);

    // The view follows the model: a settings file saved on disk shows in it.
    const write = (t: string) => vscode.workspace.fs.writeFile(localPy(), new TextEncoder().encode(MARKER + t));
    try {
      await write('MEDIA_URL = "/uploads/"\n');
      await waitFor('the view to show MEDIA_URL from local.py', [views.onDidRender], () => views.shown(entry.key)?.html.includes('<code>&quot;/uploads/&quot;</code>'), {
        describe: () => views.shown(entry.key)?.html.slice(0, 400) ?? 'no view',
      });
    } finally {
      await removeLocalPy();
    }
    await waitFor('the view to show base.py again', [views.onDidRender], () => views.shown(entry.key)?.html.includes('<code>&quot;/media/&quot;</code>'));

    // Showing it again reveals the same view; closing it leaves nothing behind.
    await vscode.commands.executeCommand('djangoMedia.showMediaSettings');
    assert.equal(views.openCount, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the view to be gone', [vscode.window.tabGroups.onDidChangeTabs], () => views.openCount === 0 && views.shown(entry.key) === undefined, { pollMs: 200 });
  });

  test('choosing a settings module changes the model, the status bar and the document', async () => {
    const api = await getApi();
    const entry = await demoProject(api);
    const before = await api.models.model(entry);
    assert.ok(before?.settingsCandidates.includes('demo.settings.prod'), 'prod is offered by the chooser');
    try {
      const chosen = await vscode.commands.executeCommand<string>('djangoMedia.chooseSettingsModule', 'demo.settings.prod');
      assert.equal(chosen, 'demo.settings.prod');
      const model = await api.models.model(entry);
      assert.equal(model?.settingsModule, 'demo.settings.prod');
      assert.equal(model?.settings.MEDIA_URL.known, true);
      assert.equal(model?.settings.MEDIA_URL.value, '/media');
      assert.equal(model?.settings.DEBUG.value, false);
      const status = await waitForStatus(api, 'the prod values in the status bar', (s) => s.text.includes('/srv/demo/media'));
      assert.equal(status.text, '$(file-media) /media → /srv/demo/media');
      const text = await vscode.commands.executeCommand<string>('djangoMedia.showMediaSettings');
      assert.match(text, /Settings module: `demo\.settings\.prod` — chosen with “Django Media: Choose Settings Module”/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      // Back to automatic (manage.py's choice) for the tests that follow.
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', '');
    }
    const back = await waitForStatus(api, 'the dev values again', (s) => s.text === '$(file-media) /media/ → media');
    assert.match(back.tooltip, /set by manage\.py/);
  });

  test('a djangoMedia.env value is what the settings see in os.environ', async () => {
    const api = await getApi();
    await demoProject(api);
    const config = vscode.workspace.getConfiguration('djangoMedia');
    try {
      // prod.py: MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", "/srv/demo/media")
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', 'demo.settings.prod');
      await waitForStatus(api, 'the prod default MEDIA_ROOT', (s) => s.text === '$(file-media) /media → /srv/demo/media');
      // User settings, so that the test writes nothing into the demo folder.
      await config.update('env', { DJANGO_MEDIA_ROOT: '/data/uploads' }, vscode.ConfigurationTarget.Global);
      await waitForStatus(api, 'MEDIA_ROOT from djangoMedia.env', (s) => s.text === '$(file-media) /media → /data/uploads');
    } finally {
      await config.update('env', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('djangoMedia.chooseSettingsModule', '');
    }
    await waitForStatus(api, 'the dev values again', (s) => s.text === '$(file-media) /media/ → media');
  });

  test('creating, editing and deleting a settings file on disk updates the model', async () => {
    const api = await getApi();
    const entry = await demoProject(api);
    const initial = await api.models.model(entry);
    assert.equal(initial?.settingsModule, 'demo.settings.dev');
    // dev.py star-imports the optional demo/settings/local.py: the model depends on it even while it is missing.
    assert.ok(initial?.filesRead.includes(localPy().path), 'the model watches the optional local.py');
    const write = (text: string) => vscode.workspace.fs.writeFile(localPy(), new TextEncoder().encode(MARKER + text));
    try {
      await write('from .base import BASE_DIR\n\nMEDIA_URL = "/uploads/"\nMEDIA_ROOT = BASE_DIR / "uploads"\n');
      await waitForStatus(api, 'local.py to be picked up', (s) => s.text === '$(file-media) /uploads/ → uploads');
      assert.equal((await api.models.model(entry))?.settings.MEDIA_URL.value, '/uploads/');

      await write('from .base import BASE_DIR\n\nMEDIA_URL = "/files/"\nMEDIA_ROOT = BASE_DIR / "uploads"\n');
      await waitForStatus(api, 'the edit of local.py to be picked up', (s) => s.text === '$(file-media) /files/ → uploads');
      assert.equal((await api.models.model(entry))?.settings.MEDIA_URL.value, '/files/');
    } finally {
      await removeLocalPy();
    }
    await waitForStatus(api, 'the values of base.py once local.py is gone', (s) => s.text === '$(file-media) /media/ → media');
  });
});
