// Django Media's diagnostics and quick fixes inside a real VS Code. Runs on three workspaces
// (runs.json): the demo site (its documented mistakes, live updates, the severity setting),
// test/fixtures/workspaces/diagnostics-site (one quick fix of each kind, applied the way the
// editor applies them) and test/fixtures/checks/clean (a correct project: nothing to report).
// Every wait is on languages.onDidChangeDiagnostics (or the test API's run events), never a sleep.
// Files changed by a test are put back as they were, and the test waits for their diagnostics.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const extensionId = 'django-media.django-media';
const SOURCE = 'django-media';

interface RunReport {
  project: string;
  kind: 'full' | 'project' | 'files' | 'cleared';
  findings: number;
  ms: number;
  modelMs?: number;
  afterSaveMs?: number;
  /** What caused the run ("bakery/views.py saving"). */
  reasons: string[];
}
interface TestApi {
  whenIdle(): Promise<void>;
  onDidRun: vscode.Event<RunReport>;
  reports: readonly RunReport[];
}

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

const workspaceName = () => vscode.workspace.workspaceFolders?.[0]?.name ?? '';
const uriOf = (rel: string) => vscode.Uri.joinPath(folderUri(), ...rel.split('/'));
const relOf = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);
const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

/** Our diagnostics in one file. */
function ours(rel: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uriOf(rel)).filter((d) => d.source === SOURCE);
}

/** Our diagnostics in the whole workspace, as "file code" strings (sorted). */
function summary(): string[] {
  const out: string[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    for (const d of list) if (d.source === SOURCE) out.push(`${relOf(uri)} ${codeOf(d)}`);
  }
  return out.sort();
}

/** For timeout messages: what our diagnostics are now. */
const diagnosticsNow = () => `django-media diagnostics ${JSON.stringify(summary())}`;

function withCode(rel: string, code: string): vscode.Diagnostic | undefined {
  return ours(rel).find((d) => codeOf(d) === code);
}

/** Waits until our diagnostics satisfy `check`. */
function whenDiagnostics<T>(what: string, check: () => T | undefined | false): Promise<T> {
  return waitFor(what, [vscode.languages.onDidChangeDiagnostics], check, { describe: diagnosticsNow });
}

async function testApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is installed`);
  await ext.activate();
  const api = await vscode.commands.executeCommand<TestApi>('djangoMedia.diagnostics.testApi');
  assert.ok(api, 'the diagnostics are registered');
  return api;
}

/** The diagnostics' settings are in the manifest; a lost contribution fails the suite instead of skipping it. */
function declared(): boolean {
  const props = vscode.extensions.getExtension(extensionId)?.packageJSON?.contributes?.configuration?.properties ?? {};
  assert.ok('djangoMedia.diagnostics.severity' in props, 'package.json declares djangoMedia.diagnostics.severity');
  return true;
}

async function documentText(rel: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(uriOf(rel))).getText();
}

/** The range of the `nth` occurrence of `needle` in a file, `length` characters long (default: the needle). */
async function rangeOf(rel: string, needle: string, length = needle.length, nth = 0): Promise<vscode.Range> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${rel} contains ${needle}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + length));
}

/** Replaces the first `from` by `to` in a file through a WorkspaceEdit, and saves. */
async function editAndSave(rel: string, from: string, to: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `${rel} contains ${from}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), `the edit of ${rel} applies`);
  const savedAt = Date.now();
  assert.ok(await doc.save(), `${rel} saves`);
  return savedAt;
}

/** Puts files back to the given texts through the editor (so buffers and disk agree), saving them. */
async function restore(snapshot: Map<string, string>): Promise<void> {
  for (const [key, text] of snapshot) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(key));
    if (doc.getText() !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      assert.ok(await vscode.workspace.applyEdit(edit), `${relOf(doc.uri)} is put back`);
    }
    if (doc.isDirty) await doc.save();
  }
}

/** The quick fixes VS Code gets for a diagnostic, through the code action provider command. */
async function quickFixes(rel: string, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  // The command asks the document's text model, which exists only once the document is open.
  await vscode.workspace.openTextDocument(uriOf(rel));
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uriOf(rel), d.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a || 'isPreferred' in a);
}

/**
 * Reverts the editor's document to its saved text, which must be `original`. The revert command acts
 * on the focused editor, so the document is focused first and the test waits until it is clean. If
 * the text on disk is not the original after all (seen on a loaded host: the edit had been saved),
 * the original is put back and saved, so that one slow run never leaves the fixture modified.
 */
async function revert(editor: vscode.TextEditor, original: string): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert', editor.document.uri);
  await waitFor(`${relOf(editor.document.uri)} to be reverted`, [vscode.workspace.onDidChangeTextDocument], () => !editor.document.isDirty || undefined);
  if (editor.document.getText() !== original) {
    console.log(`revert: ${relOf(editor.document.uri)} had been saved with the edit; putting the original back`);
    await restore(new Map([[editor.document.uri.toString(), original]]));
  }
}

/**
 * Applies the quick fix titled like `title` for the `code` diagnostic in `rel` the way the editor
 * does (WorkspaceEdit, then its command), saves what it changed, waits until the diagnostic is
 * gone while the other problems stay, then puts everything back and waits for the diagnostic to return.
 */
async function applyFixAndRestore(rel: string, code: string, title: RegExp, after?: () => Promise<void>): Promise<vscode.CodeAction> {
  // A check run may be republishing when the test starts (the editor asks again when the
  // diagnostics change): wait until the project is idle, then for the fix to be offered.
  await (await testApi()).whenIdle();
  const before = summary();
  assert.ok(withCode(rel, code), `${rel} has ${code}; diagnostics: ${JSON.stringify(before)}`);
  let offered: string[] = [];
  const action = await waitFor(
    `a quick fix titled ${title} to be offered for ${code} in ${rel}`,
    [vscode.languages.onDidChangeDiagnostics],
    async () => {
      const d = withCode(rel, code);
      if (!d) return undefined;
      const actions = await quickFixes(rel, d);
      offered = actions.map((a) => a.title);
      return actions.find((a) => title.test(a.title));
    },
    { timeoutMs: 10_000, pollMs: 200, describe: () => `offered: ${JSON.stringify(offered)}; diagnostics: ${JSON.stringify(summary())}` },
  );
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);

  const snapshot = new Map<string, string>();
  const touched = action.edit ? action.edit.entries().map(([uri]) => uri) : [];
  for (const uri of [uriOf(rel), ...touched]) {
    if (!snapshot.has(uri.toString())) snapshot.set(uri.toString(), (await vscode.workspace.openTextDocument(uri)).getText());
  }
  const others = before.filter((s) => s !== `${rel} ${code}`);
  try {
    if (action.edit) {
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the fix applies');
      for (const uri of touched) {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (doc.isDirty) assert.ok(await doc.save(), `${relOf(uri)} saves`);
      }
    }
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    await whenDiagnostics(`${code} in ${rel} to go away, the other problems staying`, () => {
      const now = summary();
      return !now.includes(`${rel} ${code}`) && others.every((o) => now.includes(o)) && now;
    });
  } finally {
    await restore(snapshot);
    await after?.();
  }
  await whenDiagnostics(`${code} in ${rel} to come back once the files are restored`, () => JSON.stringify(summary()) === JSON.stringify(before));
  return action;
}

async function setSeverity(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('djangoMedia.diagnostics').update('severity', value, vscode.ConfigurationTarget.Global);
}

/** `django-media check --format json` on the workspace folder, when the development build is at hand. */
function cliDiagnostics(): Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; code: string; message: string; severity: string }> | undefined {
  const extensionPath = process.env.DJANGO_MEDIA_TEST_EXTENSION_PATH;
  const cli = extensionPath ? join(extensionPath, 'dist', 'cli.js') : '';
  if (!cli || !existsSync(cli)) return undefined;
  const r = spawnSync(process.execPath, [cli, 'check', folderUri().fsPath, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
  const json = JSON.parse(r.stdout) as { projects: Array<{ root: string; diagnostics: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; code: string; message: string; severity: string }> }> };
  return json.projects.flatMap((p) => p.diagnostics.map((d) => ({ ...d, file: p.root === '.' ? d.file : `${p.root}/${d.file}` })));
}

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

suite('Diagnostics on the demo site', function () {
  this.timeout(90_000);
  let api: TestApi;

  suiteSetup(async function () {
    if (workspaceName() !== 'demo-site' || !declared()) this.skip();
    api = await testApi();
    await api.whenIdle();
  });

  teardown(async () => {
    await setSeverity(undefined);
    await vscode.workspace.getConfiguration('djangoMedia.diagnostics').update('enable', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("the demo site's documented mistakes are reported where they are, as the CLI reports them", async () => {
    const form = await whenDiagnostics('the enctype diagnostic', () => withCode('templates/gallery/photo_upload.html', 'templates.form-missing-enctype'));
    assert.deepEqual(form.range, await rangeOf('templates/gallery/photo_upload.html', '<form'));
    assert.equal(form.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(form.message, /enctype="multipart\/form-data"/);

    const serving = withCode('demo/urls.py', 'media-serving.missing-in-development');
    assert.ok(serving, 'nothing serves MEDIA_URL in demo/urls.py');
    assert.equal(serving.range.start.line, (await rangeOf('demo/urls.py', 'urlpatterns = [')).start.line);

    const missing = withCode('templates/gallery/photo_list.html', 'references.missing-file');
    assert.ok(missing, 'the broken image reference is reported');
    assert.deepEqual(missing.range, await rangeOf('templates/gallery/photo_list.html', '/media/photos/missing-cat.png'));

    // The code links to its documentation, rendered (the development build has docs/diagnostics.md).
    if (process.env.DJANGO_MEDIA_TEST_VSIX !== '1') {
      assert.equal(typeof form.code, 'object');
      const target = (form.code as { target: vscode.Uri }).target;
      assert.equal(target.scheme, 'command', target.toString());
      assert.equal(target.path, 'djangoMedia.showDiagnosticDocs');
      const args = JSON.parse(decodeURIComponent(target.query)) as unknown[];
      assert.deepEqual(args, ['templates.form-missing-enctype']);
      // What the link runs: the Markdown preview of docs/diagnostics.md at the code's own heading.
      const shown = await vscode.commands.executeCommand<string>(target.path, ...args);
      const docs = vscode.Uri.parse(shown);
      assert.ok(docs.path.endsWith('/docs/diagnostics.md'), shown);
      assert.equal(docs.fragment, 'templatesform-missing-enctype');
      const docsText = new TextDecoder().decode(await vscode.workspace.fs.readFile(docs.with({ fragment: '' })));
      assert.match(docsText, /^### templates\.form-missing-enctype$/m);
      await waitFor('the Markdown preview of docs/diagnostics.md', [vscode.window.tabGroups.onDidChangeTabs], () => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        return tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('markdown.preview') && tab.label.includes('diagnostics.md');
      }, { describe: () => vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? 'no tab' });
      assert.equal(await vscode.commands.executeCommand(target.path, 'not.a-code'), undefined, 'only documented codes are opened');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }

    // Parity: the Problems panel shows exactly what `django-media check` prints.
    const cli = cliDiagnostics();
    if (cli) {
      const editor: string[] = [];
      for (const [uri, list] of vscode.languages.getDiagnostics()) {
        for (const d of list.filter((x) => x.source === SOURCE)) {
          const r = d.range;
          editor.push(`${relOf(uri)}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${codeOf(d)} ${d.message}`);
        }
      }
      const expected = cli.map((d) => `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${SEVERITY[d.severity]} ${d.code} ${d.message}`);
      assert.deepEqual(editor.sort(), expected.sort());
    }
  });

  test('a settings edit, saved, updates the diagnostics (MEDIA_URL without its slash)', async () => {
    const rel = 'demo/settings/base.py';
    const original = await documentText(rel);
    const runs: RunReport[] = [];
    const sub = api.onDidRun((r) => runs.push(r));
    // When the shell's model store hands over the re-analysed model (for the timing below).
    const models = (vscode.extensions.getExtension(extensionId)?.exports as { models?: { onDidChange: vscode.Event<unknown> } } | undefined)?.models;
    let modelAt = 0;
    const modelSub = models?.onDidChange(() => (modelAt ||= Date.now()));
    try {
      const savedAt = await editAndSave(rel, 'MEDIA_URL = "/media/"', 'MEDIA_URL = "/media"');
      const d = await whenDiagnostics('urls.E006 on MEDIA_URL', () => withCode(rel, 'media-url.missing-trailing-slash'));
      const seenMs = Date.now() - savedAt;
      assert.deepEqual(d.range, await rangeOf(rel, '"/media"'));
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /MEDIA_URL setting must end with a slash/);
      const full = runs.find((r) => r.kind === 'full' && r.afterSaveMs !== undefined);
      assert.ok(full, 'the full run after the save reports its time since the save');
      console.log(
        `diagnostics after a settings save: ${full.afterSaveMs!.toFixed(0)} ms in the host — the model store re-analysed after ${modelAt ? modelAt - savedAt : '?'} ms, ` +
          `then the check run took ${full.ms.toFixed(0)} ms (${(full.modelMs ?? 0).toFixed(0)} ms of it waiting for the analysis); seen by the test after ${seenMs} ms`,
      );
    } finally {
      sub.dispose();
      modelSub?.dispose();
      await restore(new Map([[uriOf(rel).toString(), original]]));
    }
    await whenDiagnostics('urls.E006 to go once MEDIA_URL has its slash again', () => !withCode(rel, 'media-url.missing-trailing-slash'));
  });

  test('typing in a template updates its diagnostics before it is saved, and reverting brings them back', async () => {
    const rel = 'templates/gallery/photo_upload.html';
    const editor = await vscode.window.showTextDocument(uriOf(rel));
    const form = await rangeOf(rel, '<form');
    assert.ok(withCode(rel, 'templates.form-missing-enctype'));
    const original = editor.document.getText();
    try {
      await editor.edit((b) => b.insert(form.end, ' enctype="multipart/form-data"'));
      assert.ok(editor.document.isDirty);
      await whenDiagnostics('the enctype diagnostic to go while typing', () => !withCode(rel, 'templates.form-missing-enctype'));
    } finally {
      await revert(editor, original);
    }
    await whenDiagnostics('the enctype diagnostic to come back after the revert', () => withCode(rel, 'templates.form-missing-enctype'));
  });

  test('quick fix: enctype on the upload form', async () => {
    const action = await applyFixAndRestore('templates/gallery/photo_upload.html', 'templates.form-missing-enctype', /enctype/);
    assert.equal(action.isPreferred, true);
  });

  test('quick fix: serve media in development from demo/urls.py', async () => {
    await applyFixAndRestore('demo/urls.py', 'media-serving.missing-in-development', /Serve MEDIA_ROOT at MEDIA_URL/);
  });

  test('the severity setting changes the level, and "ignore" hides the diagnostic', async () => {
    const rel = 'templates/gallery/photo_upload.html';
    const code = 'templates.form-missing-enctype';
    const others = summary().filter((s) => s !== `${rel} ${code}`);
    await setSeverity({ [code]: 'error' });
    await whenDiagnostics('the enctype diagnostic as an error', () => withCode(rel, code)?.severity === vscode.DiagnosticSeverity.Error);
    await setSeverity({ [code]: 'hint' });
    await whenDiagnostics('the enctype diagnostic as a hint', () => withCode(rel, code)?.severity === vscode.DiagnosticSeverity.Hint);
    await setSeverity({ [code]: 'ignore' });
    await whenDiagnostics('the enctype diagnostic to be hidden', () => !withCode(rel, code) && others.every((o) => summary().includes(o)));
    // While ignored the check does not run; un-ignoring runs it again.
    await setSeverity(undefined);
    const back = await whenDiagnostics('the enctype diagnostic back at its default level', () => withCode(rel, code));
    assert.equal(back.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('djangoMedia.diagnostics.enable turns them all off, and on again', async () => {
    const before = summary();
    assert.ok(before.length > 0);
    const config = vscode.workspace.getConfiguration('djangoMedia.diagnostics');
    await config.update('enable', false, vscode.ConfigurationTarget.Global);
    await whenDiagnostics('no django-media diagnostics', () => summary().length === 0);
    await config.update('enable', undefined, vscode.ConfigurationTarget.Global);
    await whenDiagnostics('the same diagnostics back', () => JSON.stringify(summary()) === JSON.stringify(before));
  });
});

suite('Quick fixes, one of each kind (diagnostics-site)', function () {
  this.timeout(90_000);

  suiteSetup(async function () {
    if (workspaceName() !== 'diagnostics-site' || !declared()) this.skip();
    const api = await testApi();
    await api.whenIdle();
    await whenDiagnostics('the fixture problems', () => withCode('deploy/nginx.conf', 'nginx.alias-traversal'));
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('every documented mistake of the fixture is reported (README table)', async () => {
    const readme = await documentText('README.md');
    const rows = [...readme.matchAll(/^\| `([^`]+)` \|.*\| (`[^|]+`) \|$/gm)];
    assert.ok(rows.length >= 8);
    for (const [, file, codes] of rows) {
      for (const [, code] of codes!.matchAll(/`([^`]+)`/g)) {
        assert.ok(withCode(file!, code!), `${code} in ${file}; diagnostics: ${JSON.stringify(summary())}`);
      }
    }
  });

  test('related information points at the setting that explains a finding', async () => {
    const d = withCode('templates/order.html', 'templates.media-context-processor-missing');
    assert.ok(d?.relatedInformation?.length);
    const related = d.relatedInformation[0]!;
    assert.equal(relOf(related.location.uri), 'bakery/settings.py');
    assert.equal(related.location.range.start.line, (await rangeOf('bakery/settings.py', 'TEMPLATES = [')).start.line);
  });

  test('quick fix: the trailing slash of MEDIA_URL (urls.E006)', async () => {
    await applyFixAndRestore('bakery/settings.py', 'media-url.missing-trailing-slash', /trailing slash to MEDIA_URL/);
  });

  test('quick fix: anchor a relative MEDIA_ROOT on BASE_DIR', async () => {
    await applyFixAndRestore('bakery/settings.py', 'media-root.relative', /Anchor MEDIA_ROOT on BASE_DIR/);
  });

  test('quick fix: pass request.FILES to the form', async () => {
    await applyFixAndRestore('bakery/views.py', 'forms.files-not-bound', /Pass request\.FILES to CakeForm/);
  });

  test('a saved view is checked once, from the text being saved, and its first edit is not taken for a revert', async () => {
    const api = await testApi();
    await api.whenIdle();
    const rel = 'bakery/views.py';
    const original = await documentText(rel);
    const before = api.reports.length;
    try {
      await editAndSave(rel, 'CakeForm(request.POST)', 'CakeForm(request.POST, request.FILES)');
      await whenDiagnostics(`forms.files-not-bound to leave ${rel}`, () => !withCode(rel, 'forms.files-not-bound'));
      await api.whenIdle();
      const reasons = api.reports.slice(before).map((r) => r.reasons.filter((x) => x.startsWith(rel)));
      // VS Code reports the first edit of a saved buffer before it marks the buffer dirty.
      assert.ok(!reasons.flat().some((x) => /reverted/.test(x)), `no run for a revert: ${JSON.stringify(reasons)}`);
      assert.deepEqual(reasons.find((r) => r.length > 0), [`${rel} saving`], `the first run is the save's: ${JSON.stringify(reasons)}`);
    } finally {
      await restore(new Map([[uriOf(rel).toString(), original]]));
    }
    await whenDiagnostics(`forms.files-not-bound back in ${rel}`, () => withCode(rel, 'forms.files-not-bound'));
  });

  test('a template changed on disk by another program is read again, also by the run after a saved view', async () => {
    const api = await testApi();
    await api.whenIdle();
    const template = 'templates/order.html';
    const view = 'bakery/views.py';
    await whenDiagnostics(`templates.form-missing-enctype in ${template}`, () => withCode(template, 'templates.form-missing-enctype'));
    const path = uriOf(template).fsPath;
    const original = readFileSync(path, 'utf8');
    const viewText = await documentText(view);
    try {
      // Outside the editor, as a checkout or a formatter would: the file on disk, no buffer.
      writeFileSync(path, original.replace('<form method="post">', '<form method="post" enctype="multipart/form-data">'));
      await whenDiagnostics(`templates.form-missing-enctype to leave ${template}`, () => !withCode(template, 'templates.form-missing-enctype'));
      await api.whenIdle();
      // A saved view runs the checks that scan every template again: they see its new text, not a kept one.
      const before = api.reports.length;
      await editAndSave(view, 'CakeForm(request.POST)', 'CakeForm(request.POST, request.FILES)');
      await waitFor(`the run of the saved ${view}`, [api.onDidRun], () => api.reports.slice(before).some((r) => r.reasons.includes(`${view} saving`)));
      await api.whenIdle();
      assert.equal(withCode(template, 'templates.form-missing-enctype'), undefined, diagnosticsNow());
    } finally {
      writeFileSync(path, original);
      await restore(new Map([[uriOf(view).toString(), viewText]]));
    }
    await whenDiagnostics(`templates.form-missing-enctype back in ${template}`, () => withCode(template, 'templates.form-missing-enctype'));
  });

  test('quick fix: enctype on the form', async () => {
    await applyFixAndRestore('templates/order.html', 'templates.form-missing-enctype', /enctype/);
  });

  test('quick fix: the media context processor, added in the settings from the template', async () => {
    await applyFixAndRestore('templates/order.html', 'templates.media-context-processor-missing', /context_processors\.media/);
  });

  test('quick fix: serve media in development', async () => {
    await applyFixAndRestore('bakery/urls.py', 'media-serving.missing-in-development', /Serve MEDIA_ROOT at MEDIA_URL/);
  });

  test('quick fix: relative upload_to', async () => {
    await applyFixAndRestore('bakery/models.py', 'models.upload-to-absolute', /leading slash/);
  });

  test('quick fix: nginx location without its trailing slash', async () => {
    await applyFixAndRestore('deploy/nginx.conf', 'nginx.alias-traversal', /Change the location to \/media\//);
  });

  test('quick fix: create the missing MEDIA_ROOT folder (a command: a WorkspaceEdit cannot create folders)', async () => {
    const media = uriOf('media');
    const action = await applyFixAndRestore('bakery/settings.py', 'media-root.missing', /^Create the folder /, async () => {
      await vscode.workspace.fs.delete(media, { recursive: true, useTrash: false });
    });
    assert.equal(action.edit, undefined);
    assert.equal(action.command?.command, 'djangoMedia.diagnostics.createFolders');
  });

  test('a fix is not offered once its file has unsaved changes the check has not seen', async () => {
    const rel = 'bakery/views.py';
    const d = withCode(rel, 'forms.files-not-bound');
    assert.ok(d);
    assert.equal((await quickFixes(rel, d)).length, 1);
    const editor = await vscode.window.showTextDocument(uriOf(rel));
    const original = editor.document.getText();
    try {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
      assert.deepEqual((await quickFixes(rel, d)).map((a) => a.title), []);
    } finally {
      await revert(editor, original);
    }
    await waitFor('the fix to be offered again after the revert', [vscode.workspace.onDidChangeTextDocument, vscode.languages.onDidChangeDiagnostics], async () => {
      const again = withCode(rel, 'forms.files-not-bound');
      return again && !editor.document.isDirty && (await quickFixes(rel, again)).length === 1;
    }, { describe: diagnosticsNow });
  });
});

suite('No diagnostics on a correctly configured project (checks/clean)', function () {
  this.timeout(60_000);

  suiteSetup(function () {
    if (workspaceName() !== 'clean' || !declared()) this.skip();
  });

  test('the checks ran and report nothing', async () => {
    const api = await testApi();
    await api.whenIdle();
    const run = api.reports.find((r) => r.kind === 'full');
    assert.ok(run, 'a full check run happened');
    assert.equal(run.findings, 0);
    assert.deepEqual(summary(), []);
    // The checks do run here: a mistake made and undone is reported, then cleared.
    const rel = 'atelier/settings.py';
    const original = await documentText(rel);
    const line = (await documentText(rel)).match(/^MEDIA_URL = .*$/m)?.[0];
    assert.ok(line, 'the settings set MEDIA_URL');
    try {
      await editAndSave(rel, line, line.replace(/\/(["'])$/, '$1'));
      await whenDiagnostics('urls.E006 after removing the slash', () => withCode(rel, 'media-url.missing-trailing-slash'));
    } finally {
      await restore(new Map([[uriOf(rel).toString(), original]]));
    }
    await whenDiagnostics('no diagnostics once restored', () => summary().length === 0);
  });
});
