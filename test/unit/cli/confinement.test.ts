// The CLI as a CI job runs it on a pull request: a settings module that names files outside the
// checked folder must not put their contents into the output, nor turn into a wrong known value.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dm-cli-confine-'));
  await mkdir(join(dir, 'proj'));
  await writeFile(join(dir, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n');
  await writeFile(join(dir, 'proj', '__init__.py'), '');
  await symlink('/etc/hostname', join(dir, 'proj', 'host'));
  await writeFile(join(dir, 'proj', 'settings.py'), [
    'MEDIA_URL = open("/etc/passwd").read()',
    'MEDIA_ROOT = open("../" * 12 + "etc/hostname").read()',
    'try:',
    '    STATIC_URL = open("proj/host").read()',
    'except FileNotFoundError:',
    '    STATIC_URL = "/static/"',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

it('inspect reports reads outside the folder as unknown "outside the project", never their content', async () => {
  let out = '';
  assert.equal(await runCli(['inspect', dir, '--json'], (s) => (out += s), () => {}), 0);
  const settings = JSON.parse(out).projects[0].settings;
  for (const name of ['MEDIA_URL', 'MEDIA_ROOT', 'STATIC_URL']) {
    assert.equal(settings[name].known, false, name);
    assert.match(settings[name].reason, /outside the project/, name);
  }
  assert.ok(!out.includes('root:'), 'the content of /etc/passwd reached the output');
});
