// Starts code-server (Code-OSS with a Node extension host) for tests, `npm start` and screenshots,
// and drives its web workbench with Debian's chromium through playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, codeServerEntry, node24 } from './tools.mjs';

/** User settings that keep the workbench quiet and offline: no welcome page, telemetry, updates, AI. */
export const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'window.commandCenter': false,
};

const live = new Set();
let signalCleanupInstalled = false;

// Ends every server still running and removes its folders when the runner is interrupted.
function installSignalCleanup() {
  if (signalCleanupInstalled) return;
  signalCleanupInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      for (const l of [...live]) {
        l.killGroup('SIGKILL');
        rmSync(l.base, { recursive: true, force: true });
        live.delete(l);
      }
      // Exit unless someone else handles the signal too (playwright closes its browser and exits).
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port, proc, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`code-server exited (${proc.exitCode ?? proc.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer on port ${port} within ${timeoutMs / 1000}s:\n${output()}`);
}

/**
 * Starts code-server on 127.0.0.1 in its own process group with throw-away user data and
 * extensions folders. `stop()` ends the whole group (the extension host is a child) and removes
 * the temporary folders.
 * @param {{port?: number, vsix?: string, env?: Record<string,string>, settings?: object, verbose?: boolean, keepDirs?: boolean}} options
 */
export async function startCodeServer(options = {}) {
  const port = options.port ?? await freePort();
  const base = mkdtempSync(join(tmpdir(), 'django-media-code-server-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  // Our own config file keeps code-server from writing one into the user's home.
  const configFile = join(base, 'config.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = {
    ...process.env,
    // Otherwise the workbench keeps calling an unreachable marketplace.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  };
  delete env.PORT; // code-server reads $PORT and would override --bind-addr.

  if (options.vsix) {
    const res = spawnSync(node24, [codeServerEntry, ...common, '--force', '--install-extension', options.vsix],
      { env, encoding: 'utf8', timeout: 120_000 });
    if (res.status !== 0) {
      rmSync(base, { recursive: true, force: true });
      throw new Error(`installing ${options.vsix} failed (${res.status ?? res.signal ?? res.error?.message}):\n${res.stdout}\n${res.stderr}`);
    }
  }

  const args = [
    codeServerEntry, ...common,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    // Without this the workbench silently ignores extensionDevelopmentPath/extensionTestsPath.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const proc = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = (chunk, stream) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 400) lines.shift();
      if (options.verbose) stream.write(`[code-server] ${line}\n`);
    }
  };
  proc.stdout.on('data', (c) => keep(c, process.stdout));
  proc.stderr.on('data', (c) => keep(c, process.stderr));
  const output = () => lines.join('\n');

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    for (const l of live) if (l.base === base) live.delete(l);
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Children of the group (extension host, file watcher) may outlive the leader briefly.
    killGroup('SIGKILL');
    if (!options.keepDirs) rmSync(base, { recursive: true, force: true });
  };
  function killGroup(signal = 'SIGKILL') {
    try { process.kill(-proc.pid, signal); } catch { /* already gone */ }
  }
  // A crash or Ctrl-C of the runner must not leave a server behind: the server is in its own
  // process group, so the terminal's SIGINT does not reach it.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  live.add({ killGroup, base });
  installSignalCleanup();

  try {
    await waitForHealth(port, proc, output, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }

  const origin = `http://127.0.0.1:${port}`;
  return {
    port, origin, userDataDir, extensionsDir, proc, output, stop,
    /**
     * The workbench URL for a folder. The vscode-remote scheme makes extensionDevelopmentPath and
     * extensionTestsPath refer to the server's disk, so the code runs in the Node extension host.
     * @param {{folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string}} o
     */
    workbenchUrl(o) {
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
      if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
      if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
      return `${origin}/?folder=${encodeURIComponent(o.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  };
}

/**
 * Launches headless chromium (Debian's, via playwright-core: no browser download).
 * @param {{width?: number, height?: number}} viewport
 */
export async function launchBrowser(viewport = {}) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: viewport.width ?? 1400, height: viewport.height ?? 860 } });
  const page = await context.newPage();
  return { browser, context, page };
}
