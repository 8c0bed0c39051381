// Facts the checks derive from the project's Python modules (file fields, file forms, the
// templates that render them) are kept between the editor's runs on ProjectCaches.derivations,
// and derived again once a module is forgotten: a template run after a saved form module reports
// what a full run over the saved files reports.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { RULE_INFO, resolveDjangoVersion, runChecks, type Finding } from '../../../src/core/checks';
import type { FileSystem } from '../../../src/core/fileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { ProjectCaches, runEditorChecks } from '../../../src/core/diagnostics/checkRunner';
import { MemoryWorkspace } from '../checks/harness';
import { filesUnder } from '../helpers/filesUnder';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspaces', 'diagnostics-site');
const project = { root: '/ws', managePy: '/ws/manage.py', name: 'ws' };
const TEMPLATE = '/ws/templates/order.html';
const FORMS = '/ws/bakery/forms.py';
const ENCTYPE = 'templates.form-missing-enctype';

const keys = (list: Finding[]) => list.map((f) => `${f.range.file}:${f.range.line} ${f.code}`).sort();

async function templateRun(fs: FileSystem, caches: ProjectCaches): Promise<Finding[]> {
  const model = await analyzeProject(fs, project);
  const version = await resolveDjangoVersion(fs, '/ws');
  const perFile = new Set(RULE_INFO.filter((r) => r.inputs.includes('templates')).map((r) => r.code));
  const r = await runEditorChecks({ fs, model, version, scope: { wide: new Set(), perFile, files: new Set([TEMPLATE]) }, caches, severity: {}, token: { aborted: false } });
  return r.perFile;
}

test('a template run after a form module is saved and forgotten sees the new form, as a full run does', async () => {
  const files = filesUnder(FIXTURE, '/ws');
  const caches = new ProjectCaches();
  const first = await templateRun(new MemoryWorkspace(files), caches);
  assert.ok(first.some((f) => f.code === ENCTYPE), 'the form takes a file: the template needs enctype');

  // The form no longer lists the image field: no file, no enctype needed.
  const saved = { ...files, [FORMS]: files[FORMS]!.replace('fields = ["name", "photo"]', 'fields = ["name"]') };
  assert.notEqual(saved[FORMS], files[FORMS]);
  const fs = new MemoryWorkspace(saved);
  const derivations = caches.derivations;
  caches.forgetPythonFile(FORMS);
  assert.notEqual(caches.derivations, derivations, 'forgetting a module drops what was derived from the modules');
  const after = await templateRun(fs, caches);
  const full = (await runChecks(fs, await analyzeProject(fs, project))).filter((f) => f.range.file === TEMPLATE && f.code === ENCTYPE);
  assert.deepEqual(keys(after.filter((f) => f.code === ENCTYPE)), keys(full));
  assert.ok(!after.some((f) => f.code === ENCTYPE));
});
