// The static models catalogue against real Django: every project under test/fixtures/uploads has
// an expected.json written by test/fixtures/uploads/make.py from what Django 3.2 itself said about
// its models (_meta.db_table, the field's column, the pk column, upload_to as declared). No Python
// is needed here: the committed expected.json is the reference.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfinedFileSystem } from '../../../src/core/confinedFileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { modelCatalogue } from '../../../src/core/uploads/modelCatalogue';
import type { FileFieldInfo } from '../../../src/core/uploads/types';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

/** A field as make.py records it: what Django's _meta says, upload_to as declared. */
type ExpectedField = Pick<FileFieldInfo, 'app' | 'model' | 'field' | 'fieldClass' | 'table' | 'column' | 'pkColumn' | 'null' | 'blank'> & {
  uploadTo: { kind: 'none' } | { kind: 'string'; value: string } | { kind: 'callable'; functionName: string };
};

// out/test/unit/uploads -> repository root
const repoRoot = resolve(__dirname, '..', '..', '..', '..');
const fixturesDir = join(repoRoot, 'test', 'fixtures', 'uploads');
const projects = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(fixturesDir, e.name, 'expected.json')))
  .map((e) => e.name)
  .sort();

/** The field as Django describes it; Django's own classes under the name models re-exports them as. */
function asDjangoSees(f: FileFieldInfo): ExpectedField {
  const u = f.uploadTo;
  const uploadTo: ExpectedField['uploadTo'] =
    u.kind === 'string' ? { kind: 'string', value: u.value } : u.kind === 'callable' ? { kind: 'callable', functionName: u.functionName } : { kind: 'none' };
  assert.notEqual(u.kind, 'unknown', `${f.model}.${f.field}: upload_to unknown (${u.kind === 'unknown' ? u.reason : ''})`);
  return { app: f.app, model: f.model, field: f.field, fieldClass: f.fieldClass, table: f.table, column: f.column, pkColumn: f.pkColumn, uploadTo, null: f.null, blank: f.blank };
}

function normalizeClass(e: ExpectedField): ExpectedField {
  return { ...e, fieldClass: e.fieldClass.replace(/^django\.db\.models\.fields\.files\./, 'django.db.models.') };
}

describe('the models catalogue agrees with Django on the fixture projects', () => {
  it('has fixture projects to compare with', () => {
    assert.ok(projects.length >= 2, `projects: ${projects.join(', ')}`);
  });

  for (const name of projects) {
    it(`${name}: every file field of every concrete model, as Django installs it`, async () => {
      const root = join(fixturesDir, name);
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as { fields: ExpectedField[] };
      const fs = new ConfinedFileSystem(new NodeFileSystem(), { roots: [root] });
      const model = await analyzeProject(fs, { root, managePy: join(root, 'manage.py'), name });
      const catalogue = await modelCatalogue(fs, model);
      assert.deepEqual(catalogue.notes, []);
      assert.deepEqual(catalogue.fields.map(asDjangoSees), expected.fields.map(normalizeClass));
    });
  }
});
