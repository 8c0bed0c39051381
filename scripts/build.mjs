// Bundles the extension (Node and web-worker hosts) and the CLI with esbuild.
// `node scripts/build.mjs [--watch] [--dev] [--names]`: minified production bundles unless --dev;
// --names keeps function names (the production bundles otherwise, for readable CPU profiles).
//
// The extension is split: dist/extension.js is what activation loads; each entry of LAZY_PARTS
// becomes dist/<name>.js (dist/web/<name>.js for the web host), loaded on first use by
// src/extension/lazyParts.ts. esbuild cannot split CommonJS output, so a part is its own bundle
// in which every module the activation bundle already has is left out and asked for by name
// (`require('dm-shared:<path>')`); the activation bundle lists those modules in the virtual module
// `dm:shared-modules`. Three builds per host: the activation bundle to learn its modules, each
// part against them, and the activation bundle again with the modules the parts ask for.
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
const names = process.argv.includes('--names');
const root = resolve(new URL('..', import.meta.url).pathname);

/** Lazily loaded parts of the extension: name → entry. */
const LAZY_PARTS = {
  analysis: 'src/extension/analysisPart.ts',
  diagnostics: 'src/extension/diagnostics/index.ts',
  uploadsDatabase: 'src/extension/uploadsDatabase.ts',
  uploadsAudit: 'src/extension/uploadsAudit.ts',
};
/** Parts for the Node extension host only (desktop and remote VS Code): the PostgreSQL reader needs
 *  Node's sockets, which the web worker host does not have. Its entry is the CLI's own reader in
 *  src/node, so src/extension never imports src/node: uploadsDatabase.ts loads it by name. */
const NODE_ONLY_PARTS = {
  postgresRows: 'src/node/postgresRows.ts',
  // The disk for `file` workspace folders, reached directly (src/extension/workspaceFileSystem.ts).
  diskFileSystem: 'src/node/nodeFileSystem.ts',
};
const SHARED_PREFIX = 'dm-shared:';
/** Modules without state of their own (functions, constants, a class no one tests with
 *  `instanceof`) that two parts may each carry. */
const MAY_BE_IN_TWO_PARTS = new Set([
  'src/core/checks/context.ts',
  'src/core/checks/prefilter.ts',
  'src/core/checks/djangoVersion.ts',
  'src/core/checks/workspaceFiles.ts',
  'src/core/uploads/rowSource.ts',
]);

const common = {
  bundle: true,
  ...(dev ? {} : { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: !names }),
  sourcemap: dev ? 'inline' : false,
  target: 'es2022',
  logLevel: 'info',
  legalComments: 'none',
  define: { PACKAGE_VERSION: JSON.stringify(version) },
};

/** The virtual module `dm:shared-modules`: the listed modules' namespaces, by path. */
function sharedModulesPlugin(paths) {
  return {
    name: 'dm-shared-modules',
    setup(b) {
      b.onResolve({ filter: /^dm:shared-modules$/ }, () => ({ path: 'shared-modules', namespace: 'dm-shared-modules' }));
      b.onLoad({ filter: /.*/, namespace: 'dm-shared-modules' }, () => ({
        contents:
          paths.map((p, i) => `import * as m${i} from ${JSON.stringify(resolve(root, p))};`).join('\n') +
          `\nexport default {${paths.map((p, i) => `${JSON.stringify(p)}: m${i}`).join(', ')}};\n`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/** Leaves out of a part the modules of `activation` (paths relative to the repository), recording which it uses. */
function leaveOutPlugin(activation, used) {
  return {
    name: 'dm-leave-out-shared',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData?.dmInner || args.path === 'vscode') return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { dmInner: true } });
        if (r.errors.length > 0 || r.external) return undefined;
        const path = relative(root, r.path).split('\\').join('/');
        if (!activation.has(path)) return undefined;
        used.add(path);
        return { path: SHARED_PREFIX + path, external: true };
      });
    },
  };
}

/** The extension for one host: the activation bundle and its lazily loaded parts. */
async function buildExtension(host) {
  const base = {
    ...common,
    platform: host.platform,
    format: 'cjs',
    external: ['vscode'],
    define: { ...common.define, ...host.define, LAZY_PARTS_DIR: JSON.stringify(host.dir), EXTENSION_PLATFORM: JSON.stringify(host.platform) },
  };
  const activation = { ...base, entryPoints: ['src/extension/extension.ts'], outfile: `${host.dir}/extension.js` };
  const probe = await esbuild.build({ ...activation, write: false, metafile: true, logLevel: 'silent', plugins: [sharedModulesPlugin([])] });
  const modules = new Set(Object.keys(probe.metafile.inputs).filter((p) => !p.startsWith('dm-shared-modules:')));
  // The WebAssembly SQLite is for audits only; an import from activation code would load it for everyone.
  const heavy = [...modules].filter((p) => p.startsWith('node_modules/sql.js/') || p.startsWith('node_modules/pg'));
  if (heavy.length > 0) throw new Error(`${heavy.join(', ')} must stay out of ${host.dir}/extension.js: reach it through the uploadsDatabase part`);
  const used = new Set();
  const parts = { ...LAZY_PARTS, ...(host.platform === 'node' ? NODE_ONLY_PARTS : {}) };
  /** The project modules each part carries itself (not shared through the activation bundle). */
  const ownModules = new Map();
  await Promise.all(
    Object.entries(parts).map(async ([name, entry]) => {
      const part = await esbuild.build({ ...base, entryPoints: [entry], outfile: `${host.dir}/${name}.js`, metafile: true, plugins: [leaveOutPlugin(modules, used)] });
      ownModules.set(name, Object.keys(part.metafile.inputs).filter((p) => p.startsWith('src/')));
      // pg only in the Node host's PostgreSQL part: anywhere else it would load (or fail) for SQLite too.
      const pg = Object.keys(part.metafile.inputs).filter((p) => p.startsWith('node_modules/pg'));
      if (pg.length > 0 && !(name in NODE_ONLY_PARTS)) throw new Error(`${pg[0]} must stay out of ${host.dir}/${name}.js: only the Node host's postgresRows part may carry pg`);
    }),
  );
  // A module two parts both carry would exist twice (two caches, two BudgetExhausted classes that
  // `instanceof` tells apart): it belongs in the activation bundle, or in one part.
  const owner = new Map();
  for (const [name, modules] of ownModules) {
    for (const m of modules) {
      if (owner.has(m) && !MAY_BE_IN_TWO_PARTS.has(m)) throw new Error(`${m} is in both the ${owner.get(m)} and the ${name} part (${host.dir}): import it from activation code, or from one part only`);
      owner.set(m, name);
    }
  }
  await esbuild.build({ ...activation, plugins: [sharedModulesPlugin([...used].sort())] });
}

/** sql.js's WebAssembly module, which the SQLite reader is handed at run time (src/node/sqliteWasm.ts,
 *  src/extension/uploadsDatabase.ts): one copy in dist/ serves the CLI and both extension hosts. */
async function copySqliteWasm() {
  await mkdir('dist', { recursive: true });
  await copyFile('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}

const hosts = [
  { platform: 'node', dir: 'dist' },
  { platform: 'browser', dir: 'dist/web', define: { 'process.env.NODE_ENV': '"production"' } },
];

const cliBuilds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js', platform: 'node', format: 'cjs' },
  // The executable: runs dist/cliMain.js through a V8 code cache (src/cli/launcher.ts).
  { ...common, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  // Watching rebuilds the whole extension (its parts depend on the activation bundle) on each change.
  const ctx = await esbuild.context({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    write: false,
    logLevel: 'silent',
    plugins: [sharedModulesPlugin([]), { name: 'rebuild', setup: (b) => b.onEnd(async () => { for (const h of hosts) await buildExtension(h); }) }],
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    define: { ...common.define, LAZY_PARTS_DIR: '"dist"', EXTENSION_PLATFORM: '"node"' },
  });
  await ctx.watch();
  await copySqliteWasm();
  for (const b of cliBuilds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all([...hosts.map(buildExtension), ...cliBuilds.map((b) => esbuild.build(b))]);
  await copySqliteWasm();
  await chmod('dist/cli.js', 0o755);
}
