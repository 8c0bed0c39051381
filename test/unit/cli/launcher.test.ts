// Issue 13: the `django-media` executable runs the CLI bundle through a V8 code cache, and keeps the
// modules it parsed, in the user's cache folder. These tests bundle the CLI as the build does and run
// it as a user would: the output is the same with and without the caches, they are written after an
// analysis and then used, and they are never read or written inside the folder being inspected or in
// a folder other users can write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const REPO = resolve(__dirname, '../../../..');
const PROJECT = join(REPO, 'bench/projects/split-settings');

function bundle(dir: string): string {
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'es2022', logLevel: 'silent' as const, define: { PACKAGE_VERSION: '"0.0.0-test"' } };
  buildSync({ ...common, entryPoints: [join(REPO, 'src/cli/main.ts')], outfile: join(dir, 'cliMain.js') });
  buildSync({ ...common, entryPoints: [join(REPO, 'src/cli/launcher.ts')], outfile: join(dir, 'cli.js') });
  return join(dir, 'cli.js');
}

function run(cli: string, cacheDir: string, args: string[], cwd = PROJECT): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', DJANGO_MEDIA_CACHE_DIR: cacheDir } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const caches = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.v8')) : []);
/** The parsed modules kept in `dir` (src/node/nodeAstStore.ts), by folder. */
const stores = (dir: string) => (existsSync(join(dir, 'parsed')) ? readdirSync(join(dir, 'parsed')).map((n) => `${n}: ${readdirSync(join(dir, 'parsed', n)).length > 0}`) : []);

test('the code cache is written after an analysis, then used, and the output never changes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-launcher-'));
  try {
    const cli = bundle(join(tmp, 'dist'));
    const cacheDir = join(tmp, 'cache');
    const plain = run(cli, '', ['inspect', '--json', '.']);
    assert.match(plain, /"schemaVersion": 1/);
    assert.deepEqual(caches(cacheDir), [], 'DJANGO_MEDIA_CACHE_DIR="" turns the cache off');
    assert.equal(run(cli, cacheDir, ['--version']).trim().length > 0, true);
    assert.deepEqual(caches(cacheDir), [], 'only an analysis writes the cache');
    assert.equal(run(cli, cacheDir, ['inspect', '--json', '.']), plain);
    const [written] = caches(cacheDir);
    assert.ok(written, 'an analysis writes the cache');
    assert.equal(run(cli, cacheDir, ['inspect', '--json', '.']), plain);
    assert.equal(run(cli, cacheDir, ['check', '.']), run(cli, '', ['check', '.']));
    assert.deepEqual(caches(cacheDir), [written], 'an accepted cache is kept as it is');
    assert.deepEqual(stores(cacheDir), ['0.0.0-test-' + written!.split('-').slice(2, 5).join('-') + ': true'], 'the parsed modules are kept for this build');
    assert.equal(run(cli, cacheDir, ['check', '.', '--format', 'json']), run(cli, '', ['check', '.', '--format', 'json']));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('no cache inside the inspected folder, nor in a folder others can write', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-launcher-'));
  try {
    const cli = bundle(join(tmp, 'dist'));
    const project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n');
    writeFileSync(join(project, 'settings.py'), 'MEDIA_URL = "/media/"\n');
    const inside = join(project, '.cache');
    run(cli, inside, ['inspect', '--json', project], tmp);
    run(cli, inside, ['inspect', '--json'], project);
    assert.equal(existsSync(inside), false, 'nothing is written inside the inspected folder');
    // Nor when the folder, or the cache folder, is named through a link.
    const elsewhere = mkdtempSync(join(tmpdir(), 'dm-launcher-cwd-')); // a current folder holding neither
    const link = join(elsewhere, 'link');
    symlinkSync(project, link);
    try {
      run(cli, inside, ['inspect', '--json', link], elsewhere);
      run(cli, join(link, '.cache'), ['inspect', '--json', project], elsewhere);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    assert.equal(existsSync(inside), false, 'nothing is written inside the inspected folder, whatever the links');
    if (process.getuid) {
      const shared = join(tmp, 'shared');
      mkdirSync(shared);
      chmodSync(shared, 0o777);
      run(cli, shared, ['inspect', '--json', project], tmp);
      assert.deepEqual(caches(shared), [], 'a folder others can write is not trusted');
      assert.deepEqual(stores(shared), []);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
