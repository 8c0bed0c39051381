/**
 * The `django-media` executable (dist/cli.js): runs the CLI bundle (dist/cliMain.js) through a V8
 * code cache. Compiling the bundle's 600 KB of JavaScript is a third of a run on a small project, and
 * Node 20 has no module.enableCompileCache, so the launcher keeps V8's cached data itself.
 *
 * The cache is V8 bytecode that this process will run, so it is only read from and written to the
 * user's own cache folder (src/node/userCacheFolder.ts): a checked-out project cannot plant one. Any
 * doubt — no such folder, another owner, a stale or rejected cache, a failed write — means the
 * bundle is compiled as usual.
 */
import { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { buildIdentity, ownOnly, userCacheFolder } from '../node/userCacheFolder';

const bundle = join(__dirname, 'cliMain.js');

/** The cache file for this bundle and Node, when a trustworthy folder for it exists (made if need be). */
function cacheFile(source: string): string | undefined {
  const folder = userCacheFolder();
  if (!folder) return undefined;
  // V8 checks only the length of the source a cache was made from: the name holds the bundle's identity.
  return join(folder, `cli-${source.length}-${buildIdentity(bundle)}-${process.version}-${process.arch}.v8`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    return st?.isFile() && ownOnly(st) ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (another run may be reading it) and drops caches of older bundles. */
function writeCache(file: string, data: Buffer): void {
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    const folder = dirname(file);
    for (const name of readdirSync(folder)) {
      if (name.startsWith('cli-') && name.endsWith('.v8') && join(folder, name) !== file) unlinkSync(join(folder, name));
    }
  } catch {
    // A cache that cannot be written only costs the next run its compile time.
  }
}

function launch(): void {
  const code = readFileSync(bundle, 'utf8');
  const file = cacheFile(code);
  const cachedData = readCache(file);
  // The module wrapper Node itself puts around a CommonJS file.
  const source = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  // Written after an analysis, so that it holds the functions an analysis compiles, not only the top level.
  const analyses = process.argv[2] === 'inspect' || process.argv[2] === 'check';
  if (file && analyses && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(file, script.createCachedData()));
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => void;
  run(module.exports, require, module, bundle, dirname(bundle));
}

launch();
