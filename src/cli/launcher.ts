/**
 * The `django-media` executable (dist/cli.js): runs the CLI bundle (dist/cliMain.js) through a V8
 * code cache. Compiling the bundle's 600 KB of JavaScript is a third of a run on a small project, and
 * Node 20 has no module.enableCompileCache, so the launcher keeps V8's cached data itself.
 *
 * The cache is V8 bytecode that this process will run, so it is only read from and written to a
 * folder of the user's own (the user's cache folder, owned by them and writable by no one else) and
 * never from inside a folder the run is pointed at: a checked-out project cannot plant one. Any
 * doubt — no such folder, another owner, a stale or rejected cache, a failed write — means the
 * bundle is compiled as usual. `DJANGO_MEDIA_CACHE_DIR` chooses the folder; set empty, no cache.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'cliMain.js');

function cacheFolder(): string | undefined {
  const chosen = process.env['DJANGO_MEDIA_CACHE_DIR'];
  if (chosen !== undefined) return chosen === '' ? undefined : resolve(chosen);
  if (process.platform === 'win32') return process.env['LOCALAPPDATA'] ? join(process.env['LOCALAPPDATA'], 'django-media', 'Cache') : undefined;
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache');
  return join(base, 'django-media');
}

/** True when only this user can have written `st` (always on Windows, which has no uids here). */
function ownOnly(st: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}

/** The folders this run reads: the current folder and every argument that names an existing one. */
function foldersOfThisRun(): string[] {
  const out = [process.cwd()];
  for (const a of process.argv.slice(2)) {
    if (a.startsWith('-')) continue;
    const p = resolve(a);
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) out.push(p);
  }
  return out;
}

function within(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The cache file for this bundle and Node, when a trustworthy folder for it exists (made if need be). */
function cacheFile(source: string): string | undefined {
  const folder = cacheFolder();
  if (!folder || foldersOfThisRun().some((f) => within(f, folder))) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!ownOnly(statSync(folder))) return undefined;
  } catch {
    return undefined;
  }
  // V8 checks only the length of the source a cache was made from: the name holds the bundle's
  // identity (its size, inode and status-change time, which every build or install sets: npm gives
  // installed files a fixed modification time; a hash of the 900 KB source cost more than the rest
  // of the launcher).
  const st = statSync(bundle);
  return join(folder, `cli-${source.length}-${st.size}-${Math.round(st.ctimeMs)}-${st.ino}-${process.version}-${process.arch}.v8`);
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
