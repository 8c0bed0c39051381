// The editor's narrowed check runs must report, for the files they cover, exactly what a full
// `runChecks` reports — while reading far less.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { RULE_INFO, resolveDjangoVersion, runChecks, type Finding } from '../../../src/core/checks';
import type { FileSystem } from '../../../src/core/fileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { OverlayFileSystem, type OpenBuffer } from '../../../src/core/diagnostics/checkFileSystems';
import { ProjectCaches, runEditorChecks, type RunScope } from '../../../src/core/diagnostics/checkRunner';
import { MemoryWorkspace } from '../checks/harness';
import { filesUnder } from '../helpers/filesUnder';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspaces', 'diagnostics-site');
const ALL = new Set(RULE_INFO.map((r) => r.code));
const project = { root: '/ws', managePy: '/ws/manage.py', name: 'ws' };

/** The diagnostics-site fixture in memory under /ws, plus `extra` files. */
function fixture(extra: Record<string, string> = {}): MemoryWorkspace {
  return new MemoryWorkspace({ ...filesUnder(FIXTURE, '/ws'), ...extra });
}

/** Counts the file reads that reach `inner`. */
function counting(inner: FileSystem): FileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    stat: (p) => inner.stat(p),
    readFile: (p) => {
      reads.push(p);
      return inner.readFile(p);
    },
    readDirectory: (p) => inner.readDirectory(p),
  };
}

const key = (f: Finding) => `${f.range.file}:${f.range.line}:${f.range.column} ${f.code} ${f.message}`;
const keys = (list: Finding[]) => list.map(key).sort();

/** One editor run; the model is analysed beforehand through `modelFs` (its reads are not the run's). */
async function editorRun(fs: FileSystem, scope: RunScope, caches: ProjectCaches, buffers: Record<string, OpenBuffer> = {}, modelFs: FileSystem = fs) {
  const model = await analyzeProject(modelFs, project);
  const version = await resolveDjangoVersion(modelFs, '/ws');
  const overlay = new OverlayFileSystem(fs, (p) => buffers[p], (p) => model.filesRead.includes(p));
  return runEditorChecks({ fs: overlay, model, version, scope, caches, severity: {}, token: { aborted: false } });
}

test('a run of every check through the caches reports what runChecks reports', async () => {
  const fs = fixture();
  const expected = await runChecks(fs, await analyzeProject(fs, project));
  assert.ok(expected.length >= 8, 'the fixture has its mistakes');
  const result = await editorRun(fs, { wide: ALL, perFile: new Set(), files: new Set() }, new ProjectCaches());
  assert.deepEqual(keys(result.wide), keys(expected));
  assert.equal(result.aborted, false);
});

test('an edited template is checked from its unsaved text, alone, as a full run would check it', async () => {
  const template = '/ws/templates/order.html';
  const other = '/ws/templates/other.html';
  const base = fixture({ [other]: '<form method="post"><input type="file" name="f"></form>' });
  const edited = base.read(template).replace('<form method="post">', '<form method="post" enctype="multipart/form-data">');
  assert.notEqual(edited, base.read(template));

  // What a full run reports for the template once the edit is saved.
  const saved = fixture({ [other]: base.read(other), [template]: edited });
  const full = (await runChecks(saved, await analyzeProject(saved, project))).filter((f) => f.range.file === template);

  const fs = counting(base);
  const caches = new ProjectCaches();
  const perFile = new Set(['templates.form-missing-enctype', 'templates.media-context-processor-missing', 'references.missing-file']);
  const run = await editorRun(fs, { wide: new Set(), perFile, files: new Set([template]) }, caches, { [template]: { text: edited, version: 2, isDirty: true } }, base);
  assert.deepEqual(keys(run.perFile), keys(full));
  assert.ok(!run.perFile.some((f) => f.code === 'templates.form-missing-enctype'), 'the enctype finding is gone');
  assert.ok(run.perFile.some((f) => f.code === 'templates.media-context-processor-missing'), 'the other finding of the template stays');
  assert.ok(!fs.reads.includes(other), 'the other template is not read');

  // A second edit: the views and forms parsed for the first run are not read again.
  const before = fs.reads.length;
  await editorRun(fs, { wide: new Set(), perFile, files: new Set([template]) }, caches, { [template]: { text: base.read(template), version: 3, isDirty: true } }, base);
  assert.deepEqual(fs.reads.slice(before).filter((p) => p.endsWith('.py')), [], 'Python modules come from the cache');
  caches.forgetPython();
  const before2 = fs.reads.length;
  await editorRun(fs, { wide: new Set(), perFile, files: new Set([template]) }, caches, {}, base);
  assert.ok(fs.reads.slice(before2).includes('/ws/bakery/views.py'), 'after a Python change they are read again');
});

test('the cached reference list follows per-file runs, so a later media run sees the edit', async () => {
  const template = '/ws/templates/gallery.html';
  const fs = fixture({ [template]: '<img src="/media/cakes/lemon.png">\n<img src="/media/cakes/plum.png">\n' });
  fs.write('/ws/media/cakes/plum.png', 'png');
  const caches = new ProjectCaches();
  const first = await editorRun(fs, { wide: ALL, perFile: new Set(), files: new Set() }, caches);
  const missing = (list: Finding[]) => list.filter((f) => f.code === 'references.missing-file').map((f) => f.message);
  assert.equal(missing(first.wide).length, 1);
  assert.match(missing(first.wide)[0]!, /cakes\/lemon\.png/);

  // The broken reference is deleted in the editor (not saved).
  const buffers = { [template]: { text: '<img src="/media/cakes/plum.png">\n', version: 5, isDirty: true } };
  const narrowed = await editorRun(fs, { wide: new Set(), perFile: new Set(['references.missing-file']), files: new Set([template]) }, caches, buffers);
  assert.deepEqual(missing(narrowed.perFile), []);

  // plum.png is deleted from MEDIA_ROOT: the media run reuses the references, edit included.
  fs.remove('/ws/media/cakes/plum.png');
  const counted = counting(fs);
  const media = await editorRun(counted, { wide: new Set(['references.missing-file']), perFile: new Set(), files: new Set() }, caches, buffers, fs);
  assert.equal(missing(media.wide).length, 1);
  assert.match(missing(media.wide)[0]!, /cakes\/plum\.png/);
  assert.ok(!counted.reads.includes(template), 'templates are not read again for a change in MEDIA_ROOT');
});

test('a cancelled run says so', async () => {
  const fs = fixture();
  const model = await analyzeProject(fs, project);
  const version = await resolveDjangoVersion(fs, '/ws');
  const token = { aborted: true };
  const result = await runEditorChecks({ fs, model, version, scope: { wide: ALL, perFile: new Set(), files: new Set() }, caches: new ProjectCaches(), severity: {}, token });
  assert.equal(result.aborted, true);
  assert.deepEqual(result.wide, []);
});

test('a per-file run of a template finds its {% static %} files through the whole project, never "missing" for what a full run finds', async () => {
  const template = '/ws/templates/static-use.html';
  const fs = fixture({
    [template]: "{% load static %}<img src=\"{% static 'img/logo.png' %}\"><img src=\"{% static 'img/nowhere.png' %}\">",
    '/ws/bakery/static/img/logo.png': 'png',
  });
  const model = await analyzeProject(fs, project);
  const full = (await runChecks(fs, model)).filter((f) => f.range.file === template);
  const result = await editorRun(fs, { wide: new Set(), perFile: ALL, files: new Set([template]) }, new ProjectCaches());
  assert.deepEqual(keys(result.perFile.filter((f) => f.range.file === template)), keys(full));
});

test('per-file runs see a static file created on disk at once (only the finders are kept between runs, not folder listings)', async () => {
  const template = '/ws/templates/static-use.html';
  const fs = fixture({ [template]: "{% load static %}<img src=\"{% static 'img/later.png' %}\">" });
  const model = await analyzeProject(fs, project);
  const version = await resolveDjangoVersion(fs, '/ws');
  const caches = new ProjectCaches();
  const scope = { wide: new Set<string>(), perFile: new Set(['static.missing-file']), files: new Set([template]) };
  const codes = async () => (await runEditorChecks({ fs, model, version, scope, caches, severity: {}, token: { aborted: false } })).perFile.map((f) => f.code);
  assert.deepEqual(await codes(), ['static.missing-file']);
  // A new image is no template or module: the editor's caches are not renewed for it.
  fs.write('/ws/bakery/static/img/later.png', 'png');
  assert.deepEqual(await codes(), []);
});

test('after each save of a module, a run on the kept caches reports what a fresh run reports, and takes again only what the saved module gave', async () => {
  const fs = fixture();
  const python = [...RULE_INFO].filter((r) => r.inputs.includes('python')).map((r) => r.code);
  const wide = new Set(python);
  const caches = new ProjectCaches();
  const fresh = async () => keys((await runChecks(fs, await analyzeProject(fs, project))).filter((f) => wide.has(f.code)));
  const first = await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  assert.deepEqual(keys(first.wide), await fresh());
  const codesNow = (list: Finding[]) => [...new Set(list.map((f) => f.code))].sort();
  assert.deepEqual(codesNow(first.wide), ['forms.files-not-bound', 'models.upload-to-absolute', 'templates.form-missing-enctype']);

  const saves: Array<[file: string, from: string, to: string, codes: string[]]> = [
    // The form no longer takes the photo: neither the binding nor the template's <form> matter.
    ['/ws/bakery/forms.py', 'fields = ["name", "photo"]', 'fields = ["name"]', ['models.upload-to-absolute']],
    ['/ws/bakery/forms.py', 'fields = ["name"]', 'fields = ["name", "photo"]', ['forms.files-not-bound', 'models.upload-to-absolute', 'templates.form-missing-enctype']],
    ['/ws/bakery/views.py', 'CakeForm(request.POST)', 'CakeForm(request.POST, request.FILES)', ['models.upload-to-absolute', 'templates.form-missing-enctype']],
    ['/ws/bakery/models.py', 'upload_to="/cakes/"', 'upload_to="cakes/"', ['templates.form-missing-enctype']],
    ['/ws/bakery/models.py', '    photo = models.ImageField(upload_to="cakes/")\n', '    photo = models.CharField(max_length=9)\n', []],
  ];
  for (const [file, from, to, codes] of saves) {
    const text = fs.read(file);
    assert.ok(text.includes(from), `${file} has ${from}`);
    fs.write(file, text.replace(from, to));
    const kept = [...caches.fileFacts].filter(([k]) => !k.endsWith('\0' + file)).map(([k, v]) => [k, v.value] as const);
    caches.forgetPythonFile(file);
    const run = await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
    assert.deepEqual(keys(run.wide), await fresh(), `after saving ${file} (${to})`);
    assert.deepEqual(codesNow(run.wide), codes, `after saving ${file} (${to})`);
    // Facts of the other modules whose inputs did not change are the same objects: not computed again.
    const reused = kept.filter(([k, v]) => caches.fileFacts.get(k)?.value === v).length;
    assert.ok(reused > 0, `after saving ${file}: no fact of another module was reused`);
  }
});

test('a module without any word the scans test is skipped by later runs until its save gives it one', async () => {
  const helper = '/ws/bakery/helpers.py';
  const fs = fixture({ [helper]: 'def slug(name):\n    return name.lower()\n' });
  const wide = new Set(['forms.files-not-bound']);
  const caches = new ProjectCaches();
  await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  // Found without the words by the first run; the modules with them are not in the set.
  assert.ok(caches.pythonWithoutRuleWords.has(helper));
  assert.ok(!caches.pythonWithoutRuleWords.has('/ws/bakery/views.py') && !caches.pythonWithoutRuleWords.has('/ws/bakery/forms.py'));
  // Saved with a view binding the file form without request.FILES: found as a fresh run finds it.
  fs.write(helper, 'from .forms import CakeForm\n\n\ndef quick_order(request):\n    form = CakeForm(request.POST)\n    return form\n');
  caches.forgetPythonFile(helper);
  assert.ok(!caches.pythonWithoutRuleWords.has(helper));
  const run = await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  const fresh = (await runChecks(fs, await analyzeProject(fs, project))).filter((f) => wide.has(f.code));
  assert.deepEqual(keys(run.wide), keys(fresh));
  assert.ok(run.wide.some((f) => f.range.file === helper), 'the saved module is checked');
});

test("a template's text is kept across runs while the caller keeps it, and read again once forgotten", async () => {
  const mem = fixture();
  const fs = counting(mem);
  const template = '/ws/templates/order.html';
  const wide = new Set(['templates.form-missing-enctype']);
  const caches = new ProjectCaches();
  const model = await analyzeProject(mem, project);
  const version = await resolveDjangoVersion(mem, '/ws');
  const run = () => runEditorChecks({ fs, model, version, scope: { wide, perFile: new Set(), files: new Set() }, caches, severity: {}, token: { aborted: false }, keepsText: (p) => !p.endsWith('.py') });
  const fresh = async () => keys((await runChecks(mem, await analyzeProject(mem, project))).filter((f) => wide.has(f.code)));
  const reads = () => fs.reads.filter((p) => p === template).length;

  const first = await run();
  assert.deepEqual(keys(first.wide), await fresh());
  assert.equal(first.wide.length, 1, 'the fixture form renders a file form without enctype');
  assert.equal(reads(), 1);
  await run();
  assert.equal(reads(), 1, 'the second run read the template again');

  // Changed on disk: while kept, the old text is what the runs see (the caller forgets it on the change)…
  mem.write(template, mem.read(template).replace('<form method="post">', '<form method="post" enctype="multipart/form-data">'));
  caches.forgetText(template);
  const after = await run();
  assert.equal(reads(), 2);
  assert.deepEqual(keys(after.wide), await fresh());
  assert.deepEqual(after.wide, []);
  // …and a folder forgotten forgets what is under it.
  caches.forgetText('/ws/templates');
  await run();
  assert.equal(reads(), 3);
});

test("a module parsed ahead of its save is not parsed again by the save's run, which reports what a fresh run reports", async () => {
  const fs = fixture();
  const file = '/ws/bakery/forms.py';
  const wide = new Set(RULE_INFO.filter((r) => r.inputs.includes('python')).map((r) => r.code));
  const caches = new ProjectCaches();
  await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  const text = fs.read(file).replace('fields = ["name", "photo"]', 'fields = ["name"]');
  assert.notEqual(text, fs.read(file));
  const ahead = await caches.parseAhead(file, text);
  assert.equal(ahead?.text, text);
  // The save: the buffer's text reaches the disk, the module is forgotten, the run reads it.
  fs.write(file, text);
  caches.forgetPythonFile(file);
  const run = await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  assert.equal(await caches.python.get(file), ahead, 'the run parsed the module again');
  assert.deepEqual(keys(run.wide), keys((await runChecks(fs, await analyzeProject(fs, project))).filter((f) => wide.has(f.code))));
  // A parse ahead from an older text is only where the save's parse starts from: the result is the new text's.
  const newer = text.replace('fields = ["name"]', 'fields = ["name", "photo"]');
  await caches.parseAhead(file, text);
  fs.write(file, newer);
  caches.forgetPythonFile(file);
  const again = await editorRun(fs, { wide, perFile: new Set(), files: new Set() }, caches);
  assert.equal((await caches.python.get(file))?.text, newer);
  assert.deepEqual(keys(again.wide), keys((await runChecks(fs, await analyzeProject(fs, project))).filter((f) => wide.has(f.code))));
});
