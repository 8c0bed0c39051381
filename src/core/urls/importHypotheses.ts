/**
 * Third-party imports the evaluator cannot decide (`try: import debug_toolbar … except
 * ImportError: pass`) make urlpatterns unknown, although the answer often does not depend on
 * them: the static() line before the try serves media whether the package is installed or not.
 * The URLconf is evaluated again under each combination of "installed" (an opaque module) and
 * "missing" (a module whose import raises ModuleNotFoundError, as an absent package does); when
 * every combination gives the same answer, that is the answer.
 */
import type { DirEntry, FileStat, FileSystem } from '../fileSystem';
import type { EvaluationHost, PyValue } from '../python';
import { denialOf } from '../python/confinement';

/** More undecided packages than this are not tried (2^n evaluations). */
export const MAX_HYPOTHESIS_MODULES = 2;

/** Where the stand-ins for missing packages live: outside any real folder. */
const MISSING_ROOT = '/__django_media_missing_packages__';

/** The top-level packages whose import an unknown's reason says may fail, in order. */
export function undecidedImports(reason: string): string[] {
  const names = new Set<string>();
  for (const m of reason.matchAll(/`import ([A-Za-z_][A-Za-z0-9_]*)` fails/g)) names.add(m[1]);
  return [...names];
}

/** Every assignment of installed (true) / missing (false) to `names`. */
export function combinations(names: string[]): Map<string, boolean>[] {
  let out: Map<string, boolean>[] = [new Map()];
  for (const n of names) out = out.flatMap((m) => [new Map([...m, [n, true]]), new Map([...m, [n, false]])]);
  return out;
}

/** A host on which each package of `assumption` is installed (opaque) or missing. */
export function hostUnder(host: EvaluationHost, provided: Map<string, Map<string, PyValue>>, assumption: Map<string, boolean>): EvaluationHost {
  const modules = new Map(provided);
  const missing = new Map<string, Uint8Array>();
  for (const [name, installed] of assumption) {
    if (installed) modules.set(name, new Map());
    else missing.set(`${MISSING_ROOT}/${name}.py`, new TextEncoder().encode(`raise ModuleNotFoundError("No module named '${name}'")\n`));
  }
  return {
    ...host,
    env: new Map(host.env),
    providedModules: modules,
    sysPath: [...host.sysPath, MISSING_ROOT],
    fs: missing.size ? withMissingPackages(host.fs, missing) : host.fs,
  };
}

function withMissingPackages(fs: FileSystem, files: Map<string, Uint8Array>): FileSystem {
  const under = (p: string) => p === MISSING_ROOT || p.startsWith(MISSING_ROOT + '/');
  // What the wrapped port refuses stays refused (confinement.ts); the stand-ins are allowed.
  const denial = denialOf(fs);
  const refusing = denial ? { denial: (p: string) => (under(p) ? Promise.resolve(undefined) : denial(p)) } : {};
  return {
    ...refusing,
    async stat(p: string): Promise<FileStat | undefined> {
      if (!under(p)) return fs.stat(p);
      if (p === MISSING_ROOT) return { type: 'directory', size: 0, mtime: 0 };
      const f = files.get(p);
      return f ? { type: 'file', size: f.length, mtime: 0 } : undefined;
    },
    async readFile(p: string): Promise<Uint8Array> {
      if (!under(p)) return fs.readFile(p);
      const f = files.get(p);
      if (!f) throw new Error(`ENOENT: ${p}`);
      return f;
    },
    async readDirectory(p: string): Promise<DirEntry[]> {
      if (!under(p)) return fs.readDirectory(p);
      return [...files.keys()].map((f) => ({ name: f.slice(MISSING_ROOT.length + 1), type: 'file' as const }));
    },
    ...(fs.realpath ? { realpath: async (p: string) => (under(p) ? (files.has(p) || p === MISSING_ROOT ? p : undefined) : fs.realpath!(p)) } : {}),
    ...(fs.readFileHead ? { readFileHead: (p: string, n: number) => (under(p) ? readStandInHead(files, p, n) : fs.readFileHead!(p, n)) } : {}),
  };
}

async function readStandInHead(files: Map<string, Uint8Array>, p: string, n: number): Promise<Uint8Array> {
  const f = files.get(p);
  if (!f) throw new Error(`ENOENT: ${p}`);
  return f.slice(0, n);
}

/** True for a path of a stand-in module (kept out of the files the model depends on). */
export function isStandIn(path: string): boolean {
  return path.startsWith(MISSING_ROOT);
}
