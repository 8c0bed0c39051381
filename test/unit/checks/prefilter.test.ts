// Issue 13: the rules that scan the project's sources parse only what a cheap text test says can
// matter, and take the syntax trees the URLconf evaluation already built. These tests show the
// prefiltered run finds exactly what the full run (every candidate parsed) finds, and that the whole
// `inspect` report (references and diagnostics) of the fast run (prefilter, shared trees) is the full
// run's, on every fixture project and on a generated project where most modules are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CheckContext, resolveDjangoVersion, runChecksIn, type CheckOptions, type Finding } from '../../../src/core/checks';
import type { PySource } from '../../../src/core/checks/pySource';
import type { FileSystem } from '../../../src/core/fileSystem';
import { analyzeWorkspace, inspectModels, toInspectDiagnostic } from '../../../src/core/inspect';
import { runChecks } from '../../../src/core/checks';
import { AnalysisCache } from '../../../src/core/project/analyzeProject';
import { MentionMemo, mentionsAny, nameList, rulesMayParse } from '../../../src/core/checks/prefilter';
import type { ProjectModel } from '../../../src/core/model';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { generateProject } from '../../../bench/projects/generateLarge';
import { MemoryWorkspace, WS, managePy, DEFAULT_SETTINGS } from './harness';

const REPO = resolve(__dirname, '../../../..');
const fs = new NodeFileSystem();

/** Runs `body` on a project generated in a temporary folder, removed afterwards. */
async function onGeneratedProject(prefix: string, options: Parameters<typeof generateProject>[1], body: (root: string) => Promise<void>): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  try {
    generateProject(tmp, options);
    await body(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The node file system, counting the reads of each path. */
function countingReads(): { counting: FileSystem; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counting: FileSystem = Object.create(fs, {
    readFile: { value: (p: string) => (reads.set(p, (reads.get(p) ?? 0) + 1), fs.readFile(p)) },
  });
  return { counting, reads };
}

/** A CheckContext that counts the Python modules it parses. */
class CountingContext extends CheckContext {
  readonly parsed = new Set<string>();
  override python(path: string): Promise<PySource | undefined> {
    this.parsed.add(path);
    return super.python(path);
  }
}

async function run(files: FileSystem, model: ProjectModel, prefilter: boolean): Promise<{ findings: Finding[]; parsed: number }> {
  const ctx = new CountingContext(files, model, await resolveDjangoVersion(files, model.project.root));
  ctx.prefilter = prefilter;
  const findings = await runChecksIn(ctx);
  return { findings, parsed: ctx.parsed.size };
}

function shown(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.file}:${f.range.line}:${f.range.column} ${f.code} ${f.message}`);
}

async function assertSameFindings(files: FileSystem, folder: string): Promise<Array<{ full: number; prefiltered: number; findings: number }>> {
  const out = [];
  for (const model of await analyzeWorkspace(files, folder)) {
    const full = await run(files, model, false);
    const prefiltered = await run(files, model, true);
    assert.deepEqual(shown(prefiltered.findings), shown(full.findings), `${model.project.root}: the prefiltered run differs`);
    assert.deepEqual(prefiltered.findings, full.findings);
    assert.ok(prefiltered.parsed <= full.parsed);
    out.push({ full: full.parsed, prefiltered: prefiltered.parsed, findings: full.findings.length });
  }
  return out;
}

/**
 * The fast inspect report of one analysis (prefilter, the trees its evaluation parsed) is the full
 * one (every candidate parsed anew); the number of references and diagnostics compared. One analysis
 * for both: its wall-clock budget must not make them differ.
 */
async function assertSameReport(files: FileSystem, folder: string): Promise<{ references: number; diagnostics: number }> {
  const cache = new AnalysisCache({ keepSyntaxTrees: rulesMayParse });
  const models = await analyzeWorkspace(files, folder, {}, cache);
  const report = async (checks: CheckOptions) => (await inspectModels(files, folder, models, checks)).map((p) => p.report);
  const fast = await report({ syntaxTrees: cache.trees ?? null });
  const full = await report({ prefilter: false, syntaxTrees: null });
  assert.deepEqual(fast, full, `${folder}: the fast inspect report differs from the full one`);
  return {
    references: fast.reduce((n, p) => n + p.references.length, 0),
    diagnostics: fast.reduce((n, p) => n + p.diagnostics.length, 0),
  };
}

const folders = ['test/fixtures/projects', 'test/fixtures/checks'].flatMap((parent) => {
  const dir = join(REPO, parent);
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(parent, d.name)) : [];
});

test('the fixture folders are there to compare', () => {
  assert.ok(folders.length > 40, `only ${folders.length} fixture folders`);
});

for (const folder of [...folders, 'examples/demo-site']) {
  test(`prefiltered checks find what the full scan finds: ${folder}`, async () => {
    await assertSameFindings(fs, join(REPO, folder));
  });
}

test('inspect with the prefilter and shared syntax trees reports the references and diagnostics of the full scan, on every fixture', async () => {
  let references = 0;
  let diagnostics = 0;
  for (const folder of [...folders, 'examples/demo-site']) {
    const r = await assertSameReport(fs, join(REPO, folder));
    references += r.references;
    diagnostics += r.diagnostics;
  }
  // Not vacuous: the fixtures between them have both.
  assert.ok(references > 10 && diagnostics > 50, `${references} references, ${diagnostics} diagnostics`);
});

test("inspect's checks take the media references of inspect's own walk, and report what the checks find on their own, on every fixture", async () => {
  let compared = 0;
  for (const folder of [...folders, 'examples/demo-site']) {
    const base = join(REPO, folder);
    const models = await analyzeWorkspace(fs, base);
    const inspected = await inspectModels(fs, base, models);
    for (const { model, report } of inspected) {
      // The checks alone walk the project for their media references themselves.
      const alone = (await runChecks(fs, model)).map((f) => toInspectDiagnostic(base, f));
      assert.deepEqual(report.diagnostics, alone, `${folder}: inspect's diagnostics differ from the checks' own`);
      compared += alone.filter((d) => d.code === 'references.missing-file').length;
    }
  }
  // Not vacuous: the fixtures have broken media references between them.
  assert.ok(compared > 3, `${compared} broken media references compared`);
});

test("inspect's checks read none of the texts its walk read, leave unread the modules without a word the scans test, and find what the checks find on their own", async () => {
  await onGeneratedProject('dm-unread-', { apps: 16, seed: 3 }, async (tmp) => {
  const { counting, reads } = countingReads();
  const models = await analyzeWorkspace(counting, tmp);
  reads.clear();
  const [inspected] = await inspectModels(counting, tmp, models);
  assert.ok(inspected);
  // The checks on their own (their own walk, every module read) find the same.
  const alone = (await runChecks(fs, inspected.model)).map((f) => toInspectDiagnostic(tmp, f));
  assert.deepEqual(inspected.report.diagnostics, alone);
  assert.ok(alone.length > 0, 'the generated project has findings');
  // Read once, by the walk: the modules whose text has none of rulesMayParse's words.
  const wordless = [...reads.keys()].filter((p) => p.endsWith('.py') && !rulesMayParse(readFileSync(p, 'utf8')));
  assert.ok(wordless.length > 100, `${wordless.length} modules without the words`);
  assert.deepEqual(wordless.filter((p) => reads.get(p) !== 1), []);
  // The others the checks' scans read (the modules with those words, the templates) come from the walk too.
  assert.deepEqual([...reads].filter(([, n]) => n > 1), []);
  assert.ok([...reads.keys()].some((p) => p.endsWith('.html')) && wordless.length < [...reads.keys()].filter((p) => p.endsWith('.py')).length);
  });
});

test('the checks on their own read each text once: their references walk keeps what their scans and the static rules read', async () => {
  await onGeneratedProject('dm-once-', { apps: 12, seed: 5 }, async (tmp) => {
  const { counting, reads } = countingReads();
  const [model] = await analyzeWorkspace(fs, tmp);
  assert.ok(model);
  const findings = await runChecks(counting, model);
  // What the checks find through a file system that reads every time.
  assert.deepEqual(shown(findings), shown(await runChecks(fs, model)));
  assert.ok(findings.some((f) => f.code === 'static.missing-file' || f.code === 'templates.form-missing-enctype'), 'the generated project has findings of the scans');
  // (The models modules are read once before the walk, by the first rule; the settings modules by the settings rules.)
  const before = new Set(model.filesRead);
  assert.deepEqual([...reads].filter(([p, n]) => n > 1 && !p.endsWith('/models.py') && !before.has(p)), []);
  assert.ok([...reads.keys()].filter((p) => p.endsWith('.html')).length > 10);
  });
});

test('on a generated project the prefilter parses a fraction of the modules and finds the same', async () => {
  await onGeneratedProject('dm-prefilter-', { apps: 24, seed: 7 }, async (tmp) => {
  const [r] = await assertSameFindings(fs, tmp);
  assert.ok(r && r.findings > 0, 'the generated project should have findings (upload forms bound without FILES, forms without enctype)');
  assert.ok(r.prefiltered * 4 < r.full, `parsed ${r.prefiltered} of ${r.full} modules`);
  const report = await assertSameReport(fs, tmp);
  assert.ok(report.references > 0 && report.diagnostics > 0, JSON.stringify(report));
  });
});

test('a form inheriting its file field from a base in another module, and a same-named form without one, are found as before', async () => {
  const files: Record<string, string> = {
    [`${WS}/manage.py`]: managePy('site_config.settings'),
    [`${WS}/site_config/__init__.py`]: '',
    [`${WS}/site_config/settings.py`]: DEFAULT_SETTINGS,
    [`${WS}/site_config/urls.py`]: 'urlpatterns = []\n',
    [`${WS}/gallery/__init__.py`]: '',
    // A module earlier in path order defining a form of the same name without a file field: the first wins.
    [`${WS}/a_legacy/forms.py`]: 'from django import forms\n\n\nclass NoteForm(forms.Form):\n    text = forms.CharField()\n',
    [`${WS}/gallery/base_forms.py`]: 'from django import forms\n\n\nclass UploadBaseForm(forms.Form):\n    file = forms.FileField()\n',
    // Names neither FileField nor a model: only its base tells that it takes a file.
    [`${WS}/gallery/forms.py`]: 'from .base_forms import UploadBaseForm\n\n\nclass PhotoUploadForm(UploadBaseForm):\n    pass\n\n\nclass CaptionForm(PhotoUploadForm):\n    pass\n',
    [`${WS}/gallery/notes.py`]: 'from django import forms\n\n\nclass NoteForm(forms.Form):\n    attachment = forms.FileField()\n',
    [`${WS}/gallery/views.py`]: 'from django.shortcuts import render\nfrom .forms import CaptionForm\nfrom .notes import NoteForm\n\n\ndef caption(request):\n    form = CaptionForm(request.POST)\n    note = NoteForm(request.POST)\n    return render(request, "gallery/caption.html", {"form": form})\n',
    [`${WS}/gallery/templates/gallery/caption.html`]: '<form method="post">{{ form.as_p }}</form>\n',
  };
  const ws = new MemoryWorkspace(files);
  const [model] = await analyzeWorkspace(ws, WS);
  assert.ok(model);
  const full = await run(ws, model, false);
  const prefiltered = await run(ws, model, true);
  assert.deepEqual(shown(prefiltered.findings), shown(full.findings));
  const codes = prefiltered.findings.map((f) => `${f.range.file.slice(WS.length + 1)}:${f.range.line} ${f.code}`);
  // CaptionForm takes a file through two levels of inheritance; NoteForm is the legacy one (no file).
  assert.ok(codes.includes('gallery/views.py:7 forms.files-not-bound'), codes.join('\n'));
  assert.ok(!codes.some((c) => c.startsWith('gallery/views.py:8')), codes.join('\n'));
  assert.ok(codes.includes('gallery/templates/gallery/caption.html:1 templates.form-missing-enctype'), codes.join('\n'));
});

test('the mention memo answers what mentionsAny answers, as name lists grow and shrink and texts change', () => {
  const memo = new MentionMemo();
  const texts = [
    'from .forms import PhotoForm, Photo\nform = PhotoForm(request.POST)\n',
    'class PhotoFormSet: pass  # PhotoFormé\n',
    'x = Document.objects.all()  # Photos\n',
    '',
  ];
  const lists = [['PhotoForm'], ['PhotoForm', 'Photo', 'Document'], ['Photo'], ['Document', 'Photos', 'PhotoForm'], [], ['Missing', '']];
  for (const [i, text] of texts.entries()) {
    for (const names of lists) {
      const file = `/ws/m${i % 2}.py`; // two files, each given several texts in turn
      // Answers are remembered by the list's key: asked twice, and after more lists than are kept
      // per text (the oldest answers are dropped, then worked out again).
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(memo.amongList(file, text, nameList(names)), names.filter((n) => mentionsAny(text, [n])), `${JSON.stringify(text)} ${JSON.stringify(names)} (list)`);
        assert.equal(memo.anyList(file, text, nameList(names)), mentionsAny(text, names));
      }
    }
    for (let k = 0; k < 12; k++) memo.anyList(`/ws/m${i % 2}.py`, text, nameList([`Other${k}`]));
    for (const names of lists) assert.equal(memo.anyList(`/ws/m${i % 2}.py`, text, nameList(names)), mentionsAny(text, names));
  }
});
