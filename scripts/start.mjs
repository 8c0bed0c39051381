#!/usr/bin/env node
// `npm start`: builds the extension, makes sure code-server is installed, and serves a real
// VS Code on 127.0.0.1 with this repository loaded as the development extension on
// examples/demo-site. Open the printed URL in a browser; Ctrl-C stops everything it started.
//
//   npm start [-- --port 8080] [-- --folder PATH] [-- --watch]      (or PORT=8080 npm start)
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer } from './lib/codeServer.mjs';
import { ensureTools, repoRoot } from './lib/tools.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    folder: { type: 'string', default: 'examples/demo-site' },
    watch: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`start: invalid port ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const folder = resolve(repoRoot, values.folder);

function run(cmd, args) {
  return new Promise((res) => spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit' }).on('close', (c) => res(c ?? 1)));
}

if (await run('npm', ['run', '--silent', 'build', ...(values.watch ? [] : ['--', '--dev'])]) !== 0) {
  console.error('start: the build failed');
  process.exit(1);
}
await ensureTools({ apt: true, codeServer: true, web: false });

let watcher;
if (values.watch) {
  // esbuild in watch mode; reload the window (Developer: Reload Window) to pick up changes.
  watcher = spawn(process.execPath, ['scripts/build.mjs', '--watch', '--dev'], { cwd: repoRoot, stdio: 'inherit' });
}

let server;
try {
  server = await startCodeServer({ port, verbose: values.verbose, env: {} });
} catch (err) {
  console.error(`start: ${err instanceof Error ? err.message : err}`);
  watcher?.kill();
  process.exit(1);
}
const url = server.workbenchUrl({ folder, extensionDevelopmentPath: repoRoot });
console.log(`\nDjango Media is running in VS Code (code-server) on ${folder}:\n\n  ${url}\n\nPress Ctrl-C to stop.`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstart: ${signal}, stopping code-server`);
  watcher?.kill();
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
server.proc.on('exit', (code, sig) => {
  if (stopping) return;
  console.error(`start: code-server exited (${code ?? sig})\n${server.output().split('\n').slice(-20).join('\n')}`);
  watcher?.kill();
  process.exit(1);
});
