// Hover previews, Ctrl+click links, go to definition, find references and path completion for media
// URLs, inside a real VS Code on test/fixtures/workspaces/editor-site (three projects: split settings
// with a path MEDIA_URL, a CDN MEDIA_URL, S3 storage). Every provider is reached the way the editor
// reaches it: through the vscode.execute…Provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const extensionId = 'django-media.django-media';

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

const uriOf = (rel: string) => vscode.Uri.joinPath(folderUri(), ...rel.split('/'));

async function open(rel: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(uriOf(rel));
}

/** The position of the `nth` occurrence of `needle` in the document, moved `offset` characters on. */
function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${vscode.workspace.asRelativePath(doc.uri)} contains ${needle} (${i + 1} times)`);
  }
  return doc.positionAt(at + offset);
}

/** The Markdown of every hover at a position (other extensions' hovers included). */
async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

/** The hover over the `needle` (pointer a few characters into it). */
async function hoverOn(rel: string, needle: string, offset = 3): Promise<string> {
  const doc = await open(rel);
  return hoverText(doc, positionOf(doc, needle, offset));
}

async function definitions(doc: vscode.TextDocument, pos: vscode.Position): Promise<Array<{ uri: vscode.Uri; range: vscode.Range; origin?: vscode.Range }>> {
  const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, pos);
  return found.map((d) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetRange, ...(d.originSelectionRange ? { origin: d.originSelectionRange } : {}) } : { uri: d.uri, range: d.range }));
}

/** 1-based line of the first line of a workspace file starting with `prefix`. */
async function lineOf(rel: string, prefix: string): Promise<number> {
  const doc = await open(rel);
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i + 1;
  assert.fail(`${rel} has no line starting with ${prefix}`);
}

const sameUri = (a: vscode.Uri | undefined, b: vscode.Uri) => a?.toString() === b.toString();
const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);

suite('Editor: media URLs in templates, code and settings', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed`);
    await ext.activate();
  });

  suite('hover', () => {
    test('a literal /media/ URL shows the image (bounded, via its Uri), dimensions, size, time, path and links', async () => {
      const md = await hoverOn('site/templates/gallery.html', '/media/photos/sunset.png');
      const src = uriOf('site/uploads/photos/sunset.png').toString();
      // 240 × 160 px inside the default 300 × 150 bounds.
      assert.ok(md.includes(`![photos/sunset.png](${src}|width=225,height=150)`), md);
      assert.ok(md.includes('**photos/sunset\\.png** — PNG image, 240 × 160 px, 2.1 KB'), md);
      assert.match(md, /`site\/uploads\/photos\/sunset\.png` · modified [^\n]*\d/);
      assert.ok(md.includes('[Open](command:vscode.open?'), md);
      assert.ok(md.includes('[Reveal in Explorer](command:revealInExplorer?'), md);
      // The Media explorer owns djangoMedia.revealInMediaExplorer: linked exactly when it is registered.
      const explorer = (await vscode.commands.getCommands(true)).includes('djangoMedia.revealInMediaExplorer');
      assert.equal(md.includes('[Reveal in Media explorer](command:djangoMedia.revealInMediaExplorer?'), explorer, md);
    });

    test('{{ MEDIA_URL }}, {% get_media_prefix %} and a bound prefix variable map to the file', async () => {
      assert.ok((await hoverOn('site/templates/gallery.html', 'photos/forest.png')).includes('**photos/forest\\.png** — PNG image, 240 × 160 px'));
      const svg = await hoverOn('site/templates/gallery.html', 'logo.svg');
      assert.ok(svg.includes(`](${uriOf('site/uploads/logo.svg').toString()}|width=`), svg);
      assert.ok(svg.includes('SVG image') && !svg.includes('<svg'), 'an SVG is shown as an image, never inlined');
      const pdf = await hoverOn('site/templates/gallery.html', 'docs/report.pdf');
      assert.ok(pdf.includes('**docs/report\\.pdf** — PDF document, 598 B'), pdf);
      assert.ok(!pdf.includes('!['), 'no preview for a PDF');
      const escaped = await hoverOn('site/templates/gallery.html', 'autumn%20leaves');
      assert.ok(escaped.includes('**photos/autumn leaves\\.png**'), escaped);
    });

    test('a missing file says where it was looked for; an image over maxImageBytes is not embedded', async () => {
      const missing = await hoverOn('site/templates/gallery.html', 'missing-cat.png');
      assert.ok(missing.includes('**Not found in MEDIA_ROOT:** `photos/missing-cat.png`  \nLooked in `site/uploads/photos/`'), missing);
      const big = await hoverOn('site/templates/gallery.html', 'hero.jpg');
      assert.ok(big.includes('JPG image, 480 × 160 px, 7.6 KB'), big);
      assert.ok(big.includes('No preview: 7.6 KB is over the 4.9 KB limit'), big);
      assert.ok(!big.includes('!['), big);
    });

    test('references in Python strings, CSS url(), Markdown images and added languages (plaintext) get the hover too', async () => {
      for (const file of ['site/gallery/views.py', 'site/static/css/site.css', 'site/notes.md']) {
        const md = await hoverOn(file, '/media/photos/sunset.png', 8);
        assert.ok(md.includes('**photos/sunset\\.png** — PNG image'), `${file}: ${md}`);
      }
      const email = await hoverOn('site/templates/email.txt', 'photos/sunset.png');
      assert.ok(email.includes('**photos/sunset\\.png**'), email);
    });

    test('an absolute URL under a CDN MEDIA_URL maps back to the local file', async () => {
      const md = await hoverOn('cdn/templates/page.html', 'banner.jpg');
      assert.ok(md.includes(`](${uriOf('cdn/media/banner.jpg').toString()}|width=`), md);
      assert.ok(md.includes('`cdn/media/banner.jpg`'), md);
    });

    test('with remote default storage it shows the URL Django would produce instead', async () => {
      const md = await hoverOn('cloud/templates/page.html', 'avatars/a.png');
      assert.ok(md.includes('`avatars/a.png` is kept by the default storage `storages.backends.s3.S3Storage`, not under MEDIA_ROOT.'), md);
      assert.ok(md.includes('Django would produce `https://media.example.com/avatars/a.png`'), md);
    });

    test('settings.MEDIA_ROOT, {{ MEDIA_URL }} and {% get_media_prefix %} show the effective value and where it was set', async () => {
      const rootLine = await lineOf('site/site_cfg/settings/dev.py', 'MEDIA_ROOT =');
      const urlLine = await lineOf('site/site_cfg/settings/base.py', 'MEDIA_URL =');
      const root = await hoverOn('site/gallery/views.py', 'MEDIA_ROOT');
      assert.ok(root.includes("**MEDIA_ROOT** = `'") && root.includes("/site/uploads'` (`site/uploads`)"), root);
      assert.ok(root.includes(`Set in [site/site\\_cfg/settings/dev\\.py:${rootLine}](command:djangoMedia.openSource?`), root);
      assert.ok(root.includes('of `site_cfg.settings.dev`'), root);
      const variable = await hoverOn('site/templates/gallery.html', 'MEDIA_URL }}photos/forest');
      assert.ok(variable.includes("**MEDIA_URL** = `'/media/'`"), variable);
      assert.ok(variable.includes(`Set in [site/site\\_cfg/settings/base\\.py:${urlLine}]`), variable);
      const tag = await hoverOn('site/templates/gallery.html', 'get_media_prefix %}logo');
      assert.ok(tag.includes('`{% get_media_prefix %}` renders the effective MEDIA_URL.'), tag);
    });

    test('nothing is shown in a language that is not served (JSON), though the same URL is in the project', async () => {
      const doc = await open('site/data/photos.json');
      assert.equal(doc.languageId, 'json');
      const md = await hoverText(doc, positionOf(doc, '/media/photos/sunset.png', 8));
      assert.ok(!md.includes('photos/sunset'), md);
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      assert.ok(!links.some((l) => sameUri(l.target, uriOf('site/uploads/photos/sunset.png'))), 'no link either');
    });
  });

  suite('links and definitions', () => {
    test('every mapped reference links to its file; template forms link the path, not the tag', async () => {
      const doc = await open('site/templates/gallery.html');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      const to = (file: string) => links.filter((l) => sameUri(l.target, uriOf(file)));
      for (const f of ['photos/sunset.png', 'photos/forest.png', 'logo.svg', 'docs/report.pdf', 'hero.jpg', 'photos/autumn leaves.png']) {
        assert.ok(to(`site/uploads/${f}`).length >= 1, `a link to ${f} among ${links.map((l) => l.target?.toString()).join(', ')}`);
      }
      const forest = to('site/uploads/photos/forest.png')[0]!;
      assert.equal(doc.getText(forest.range), 'photos/forest.png');
      const pdf = to('site/uploads/docs/report.pdf')[0]!;
      assert.equal(doc.getText(pdf.range), 'docs/report.pdf');
      const sunset = to('site/uploads/photos/sunset.png').find((l) => doc.getText(l.range).startsWith('/media/'));
      assert.ok(sunset, 'the literal URL is linked as a whole');
    });

    test('a reference to a missing file links to no file: Ctrl+click shows its hover instead', async () => {
      const doc = await open('site/templates/gallery.html');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      const at = positionOf(doc, '/media/photos/missing-cat.png');
      // VS Code keeps one of overlapping links: ours, not the HTML support's link to editor-site/media/….
      const here = links.filter((l) => l.range.start.line === at.line);
      assert.deepEqual(here.map((l) => `${l.target?.scheme}:${l.target?.path}`), ['command:djangoMedia.showMissingFile'], JSON.stringify(here.map((l) => l.target?.toString())));
      assert.equal(doc.getText(here[0]!.range), '/media/photos/missing-cat.png');
      assert.ok(links.some((l) => sameUri(l.target, uriOf('site/uploads/photos/sunset.png'))), 'the others keep theirs');
      const args = JSON.parse(decodeURIComponent(here[0]!.target!.query)) as unknown[];
      assert.equal(await vscode.commands.executeCommand('djangoMedia.showMissingFile', ...args), true);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor && sameUri(editor.document.uri, doc.uri), 'the template is the active editor');
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [at.line, at.character + 1], 'the caret is on the URL, where the hover shows');
    });

    test('F12 on a reference opens its file; on a missing file goes nowhere', async () => {
      const doc = await open('site/templates/gallery.html');
      const defs = await definitions(doc, positionOf(doc, 'photos/forest.png', 2));
      assert.equal(defs.length, 1);
      assert.ok(sameUri(defs[0]!.uri, uriOf('site/uploads/photos/forest.png')));
      assert.equal(doc.getText(defs[0]!.origin), 'photos/forest.png');
      assert.deepEqual(await definitions(doc, positionOf(doc, 'missing-cat.png', 2)), []);
      const cdn = await open('cdn/templates/page.html');
      const banner = await definitions(cdn, positionOf(cdn, 'banner.jpg'));
      assert.ok(sameUri(banner[0]?.uri, uriOf('cdn/media/banner.jpg')));
    });

    test('F12 on settings.MEDIA_ROOT goes to the override in dev.py; on {{ MEDIA_URL }} to base.py through the star import', async () => {
      const views = await open('site/gallery/views.py');
      const root = await definitions(views, positionOf(views, 'MEDIA_ROOT', 2));
      assert.equal(root.length, 1);
      assert.ok(sameUri(root[0]!.uri, uriOf('site/site_cfg/settings/dev.py')), rel(root[0]!.uri));
      assert.equal(root[0]!.range.start.line + 1, await lineOf('site/site_cfg/settings/dev.py', 'MEDIA_ROOT ='));
      const dev = await open('site/site_cfg/settings/dev.py');
      assert.equal(dev.getText(root[0]!.range), 'BASE_DIR / "uploads"', 'the value expression that decided it');

      const gallery = await open('site/templates/gallery.html');
      for (const needle of ['MEDIA_URL }}photos/forest', 'get_media_prefix %}logo']) {
        const url = await definitions(gallery, positionOf(gallery, needle, 2));
        assert.equal(url.length, 1, needle);
        assert.ok(sameUri(url[0]!.uri, uriOf('site/site_cfg/settings/base.py')), `${needle}: ${rel(url[0]!.uri)}`);
        assert.equal(url[0]!.range.start.line + 1, await lineOf('site/site_cfg/settings/base.py', 'MEDIA_URL ='));
      }
    });
  });

  suite('did you mean', () => {
    test('a missing file close to an existing one: the hover names it, a quick fix puts it in (undoably)', async () => {
      const md = await hoverOn('site/templates/typo.html', 'sunest.png');
      assert.ok(md.includes('**Not found in MEDIA_ROOT:** `photos/sunest.png`'), md);
      assert.match(md, /Did you mean \[sunset\\?\.png\]\(command:vscode\.open\?[^)]*\)\?/);
      const doc = await open('site/templates/typo.html');
      const original = doc.getText();
      const isMissingFile = (d: vscode.Diagnostic) => d.source === 'django-media' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'references.missing-file';
      const diagnostic = await waitFor('references.missing-file on typo.html', [vscode.languages.onDidChangeDiagnostics], () => vscode.languages.getDiagnostics(doc.uri).find(isMissingFile), {
        describe: () => JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((d) => [d.source, d.code, d.message])),
      });
      const editor = await vscode.window.showTextDocument(doc);
      const title = 'Did you mean "sunset.png"? Replace "sunest.png" with it';
      let offered: string[] = [];
      const fix = await waitFor(`the quick fix "${title}"`, [vscode.languages.onDidChangeDiagnostics], async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        offered = actions.map((a) => a.title);
        return actions.find((a) => a.title === title);
      }, { describe: () => JSON.stringify(offered) });
      assert.ok(fix.edit, 'the fix is a WorkspaceEdit');
      assert.notEqual(fix.isPreferred, true, 'a guess is never the preferred fix');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), original.replace('sunest.png', 'sunset.png'));
      await vscode.commands.executeCommand('undo');
      await waitFor('the fix to be undone', [vscode.workspace.onDidChangeTextDocument], () => doc.getText() === original && !doc.isDirty, {
        describe: () => `${doc.isDirty ? 'dirty' : 'clean'}: ${doc.getText()}`,
      });
      assert.equal(vscode.window.activeTextEditor, editor);
    });
  });

  suite('gutter thumbnails', () => {
    interface GutterApi {
      editor: { gutterThumbnails: { current(editor: vscode.TextEditor): Array<{ line: number; uri: string }>; onDidUpdate: vscode.Event<vscode.TextEditor> } };
    }

    /** What an editor's gutter shows ("line path" strings), and a wait until it shows `expected`. */
    function gutterOf(editor: vscode.TextEditor) {
      const api = vscode.extensions.getExtension<GutterApi>(extensionId)!.exports.editor.gutterThumbnails;
      const shown = () => api.current(editor).map((t) => `${t.line} ${rel(vscode.Uri.parse(t.uri))}`);
      const until = (what: string, expected: string[]) => waitFor(what, [api.onDidUpdate], () => JSON.stringify(shown()) === JSON.stringify(expected), { describe: () => JSON.stringify(shown()) });
      return { until };
    }

    test('next to each local image URL of a template, within the hover caps, one a line; redone after an edit and a setting change', async () => {
      const doc = await open('site/templates/gallery.html');
      const editor = await vscode.window.showTextDocument(doc);
      const original = doc.getText();
      const { until } = gutterOf(editor);
      // hero.jpg is over the workspace's maxImageBytes (5000); the PDF, the missing file and the folders get none.
      const expected = ['2 site/uploads/photos/sunset.png', '3 site/uploads/photos/forest.png', '4 site/uploads/logo.svg', '9 site/uploads/photos/autumn leaves.png'];
      await until('the thumbnails of gallery.html', expected);
      try {
        await editor.edit((b) => b.insert(new vscode.Position(0, 0), '<img src="/media/photos/forest.png">\n'));
        await until('the thumbnails to follow the edit', ['1 site/uploads/photos/forest.png', ...expected.map((e) => e.replace(/^\d+/, (n) => String(Number(n) + 1)))]);
        await vscode.workspace.getConfiguration('djangoMedia.editor').update('gutterThumbnails', 'off', vscode.ConfigurationTarget.Global);
        await until('no thumbnails with "off"', []);
      } finally {
        await vscode.workspace.getConfiguration('djangoMedia.editor').update('gutterThumbnails', undefined, vscode.ConfigurationTarget.Global);
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('undo');
        // The host may have saved the edit meanwhile: then the undone text is saved back.
        if (doc.getText() === original && doc.isDirty) await doc.save();
      }
      await waitFor('the edit of gallery.html to be undone', [vscode.workspace.onDidChangeTextDocument], () => !doc.isDirty && doc.getText() === original, {
        describe: () => `${doc.isDirty ? 'dirty' : 'clean'}: ${doc.getText().slice(0, 80)}`,
      });
      await until('the thumbnails back with the default', expected);
    });

    test('in Python code only with "all"', async () => {
      const doc = await open('site/gallery/views.py');
      const { until } = gutterOf(await vscode.window.showTextDocument(doc));
      const line = positionOf(doc, '/media/photos/sunset.png').line + 1;
      await vscode.workspace.getConfiguration('djangoMedia.editor').update('gutterThumbnails', 'all', vscode.ConfigurationTarget.Global);
      try {
        await until('a thumbnail in views.py with "all"', [`${line} site/uploads/photos/sunset.png`]);
      } finally {
        await vscode.workspace.getConfiguration('djangoMedia.editor').update('gutterThumbnails', undefined, vscode.ConfigurationTarget.Global);
      }
      await until('none in views.py with the default "templates"', []);
    });
  });

  suite('references', () => {
    test('Shift+F12 on a reference lists every use of the same file across templates, code, CSS and Markdown', async () => {
      const doc = await open('site/templates/gallery.html');
      const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, '/media/photos/sunset.png', 9));
      const places = found.map((l) => `${rel(l.uri)}:${l.range.start.line + 1}`).sort();
      assert.deepEqual(places, [
        'site/gallery/views.py:3',
        'site/notes.md:3',
        'site/static/css/site.css:2',
        'site/templates/email.txt:1',
        'site/templates/gallery.html:2',
      ]);
    });
  });

  suite('completion', () => {
    // Ours are files and folders with a detail; the HTML extension adds relative-path items without one,
    // and the editor adds words of the document when no provider has anything.
    const isMine = (i: vscode.CompletionItem) => (i.kind === vscode.CompletionItemKind.Folder || i.kind === vscode.CompletionItemKind.File) && !!i.detail;

    /**
     * The suggestions at a position. A folder not listed within the provider's time budget gives an
     * empty, incomplete answer and the editor asks again: so does this, until the answer has items
     * (a slow host) or 10 s pass. Nothing announces the listing: the answer is asked for again at once.
     */
    async function complete(rel: string, needle: string, offset: number, trigger?: string, resolve = 0): Promise<vscode.CompletionList> {
      const doc = await open(rel);
      let last: vscode.CompletionList | undefined;
      return waitFor(`suggestions of ours at ${needle} in ${rel}`, [], async () => {
        last = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, positionOf(doc, needle, offset), trigger, resolve);
        return last.items.some(isMine) && last;
      }, { timeoutMs: 10_000, pollMs: 0, describe: () => JSON.stringify(last && labels(last)) });
    }
    const labels = (list: vscode.CompletionList) => list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));

    test('after {{ MEDIA_URL }}: MEDIA_ROOT’s top level, folders first, folders re-open suggestions', async () => {
      const list = await complete('site/templates/gallery.html', '<img src="{{ MEDIA_URL }}">', '<img src="{{ MEDIA_URL }}'.length, '}');
      const mine = list.items.filter(isMine);
      assert.deepEqual(mine.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)), ['docs', 'photos', 'hero.jpg', 'logo.svg']);
      const photos = mine.find((i) => i.label === 'photos')!;
      assert.equal(photos.insertText, 'photos/');
      assert.equal(photos.command?.command, 'editor.action.triggerSuggest');
      assert.equal(mine.find((i) => i.label === 'logo.svg')?.detail, 'SVG image');
    });

    test('after /media/photos/: the folder’s files, names URL-encoded, size added when resolved', async () => {
      const list = await complete('site/templates/gallery.html', '<img src="/media/photos/">', '<img src="/media/photos/'.length, '/', 3);
      assert.deepEqual(labels(list).filter((l) => l.endsWith('.png')), ['autumn leaves.png', 'forest.png', 'sunset.png']);
      const autumn = list.items.find((i) => i.label === 'autumn leaves.png')!;
      assert.equal(autumn.insertText, 'autumn%20leaves.png');
      assert.match(autumn.detail ?? '', /^PNG image · 240 × 160 px · 1\.4 KB$/);
    });

    test('after an absolute CDN MEDIA_URL, and the prefix itself right after a src quote', async () => {
      const cdn = await complete('cdn/templates/page.html', '<img src="https://cdn.example.com/media/">', '<img src="https://cdn.example.com/media/'.length, '/');
      assert.ok(labels(cdn).includes('banner.jpg'), labels(cdn).join(', '));
      const quote = await complete('site/templates/gallery.html', '<img src="">', '<img src="'.length, '"');
      const prefixes = labels(quote).filter((l) => l === '/media/' || l === '{{ MEDIA_URL }}');
      assert.deepEqual(prefixes, ['/media/', '{{ MEDIA_URL }}']);
    });
  });
});
