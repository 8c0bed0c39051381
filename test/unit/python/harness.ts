/**
 * Helpers for evaluator tests: evaluate inline sources on an in-memory project rooted at /p
 * (manage.py's folder: sys.path and the working directory).
 */
import { evaluateModule, toPyJson, type EvaluationHost, type ModuleEvaluation, type PyValue } from '../../../src/core/python';
import type { PyJson } from '../../../src/core/model';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

export const ROOT = '/p';

export interface Evaluated {
  evaluation: ModuleEvaluation;
  host: EvaluationHost;
  fs: MemoryFileSystem;
  /** Known value of a global as JSON; throws when unknown or unset. */
  get(name: string): PyJson;
  /** The reason a global is unknown; throws when it is known. */
  why(name: string): string;
  raw(name: string): PyValue | undefined;
  has(name: string): boolean;
}

export interface EvalOptions {
  env?: Record<string, string>;
  /** Extra files (absolute paths) besides the module itself. */
  files?: Record<string, string | Uint8Array>;
  /** Module file, default /p/proj/settings.py. */
  file?: string;
  module?: string;
  host?: Partial<EvaluationHost>;
  fs?: MemoryFileSystem;
  asMain?: boolean;
}

/** Evaluates `source` as proj/settings.py (plus any other files). */
export async function evalPy(source: string | null, opts: EvalOptions = {}): Promise<Evaluated> {
  const file = opts.file ?? `${ROOT}/proj/settings.py`;
  const fs = opts.fs ?? new MemoryFileSystem({ [`${ROOT}/manage.py`]: '', [`${ROOT}/proj/__init__.py`]: '' });
  if (source !== null) fs.write(file, source);
  for (const [p, c] of Object.entries(opts.files ?? {})) fs.write(p, c);
  const host: EvaluationHost = { fs, env: new Map(Object.entries(opts.env ?? {})), sysPath: [ROOT], cwd: ROOT, ...opts.host };
  const evaluation = await evaluateModule(host, file, opts.module ?? 'proj.settings', { asMain: opts.asMain });
  const raw = (name: string): PyValue | undefined => evaluation.globals.get(name)?.value;
  return {
    evaluation,
    host,
    fs,
    raw,
    has: (name) => evaluation.globals.has(name),
    get(name) {
      const v = raw(name);
      if (!v) throw new Error(`${name} is not set`);
      const j = toPyJson(v);
      if (!j.known) throw new Error(`${name} is unknown: ${j.reason}`);
      return j.value;
    },
    why(name) {
      const v = raw(name);
      if (!v) throw new Error(`${name} is not set`);
      const j = toPyJson(v);
      if (j.known) throw new Error(`${name} is known: ${JSON.stringify(j.value)}`);
      return j.reason;
    },
  };
}
