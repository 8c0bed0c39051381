// `django-media audit --json` on projects whose database and files real Django made: the orphans
// and the rows with missing files are exactly those Django itself lists (expected.json, written by
// each fixture's make.py from the ORM's FieldFile names, not by this code).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/main';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures');
const PROJECTS = ['uploads/minimal', 'uploads/rich', 'workspaces/uploads-site'];

describe('django-media audit agrees with Django on the fixture projects', () => {
  for (const name of PROJECTS) {
    it(name, async () => {
      const root = join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as { orphans: unknown[]; missingFiles: unknown[] };
      let out = '';
      const code = await runCli(['audit', root, '--json', '--fail-on-missing'], (s) => (out += s), () => {});
      const [project] = JSON.parse(out).projects;
      assert.deepEqual(project.database, { read: true, engine: 'sqlite' });
      assert.deepEqual(project.orphans, expected.orphans);
      assert.deepEqual(project.missingFiles, expected.missingFiles);
      assert.equal(code, expected.missingFiles.length > 0 ? 1 : 0);
    });
  }
});
