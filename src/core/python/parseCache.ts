/**
 * Parsed modules keyed by path + size + mtime, shared across evaluations so that re-evaluating a
 * project after an unrelated change does not re-parse its settings.
 */
import type { ModuleAst } from './ast';
import type { AstStore } from './astStore';
import type { ParseSlices } from './parse/parseModule';
import type { SyntaxTrees } from './syntaxTrees';

interface Entry {
  size: number;
  mtime: number;
  ast: ModuleAst;
}

/** An LRU of parsed modules. */
export class ParseCache {
  private readonly entries = new Map<string, Entry>();
  /** When set, the lezer tree of every module parsed into this cache is also kept there (for the
   *  checks of the same run); clear() leaves it to its owner. */
  trees?: SyntaxTrees;
  /** Facts derived from a file's text by a test (the URLconf's deferral: see deferral.ts), by path +
   *  size + mtime, so that a re-analysis decides without reading the file again. */
  readonly textFacts = new WeakMap<object, Map<string, { size: number; mtime: number; facts: unknown }>>();

  /** When set, a module whose text it holds is taken from it instead of parsed, and what is parsed
   *  is given to it (the CLI's store in the user's cache folder, from one run to the next). */
  store?: AstStore;

  /** When set, modules are parsed in slices with a turn of the event loop between them (the editor). */
  slices?: ParseSlices;

  constructor(private readonly maxEntries = 512) {}

  /** The cached AST when the file still has this size and mtime. */
  get(path: string, size: number, mtime: number): ModuleAst | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    if (e.size !== size || e.mtime !== mtime) {
      this.entries.delete(path);
      return undefined;
    }
    // Refresh LRU position.
    this.entries.delete(path);
    this.entries.set(path, e);
    return e.ast;
  }

  /** Stores a parse result. */
  set(path: string, size: number, mtime: number, ast: ModuleAst): void {
    this.entries.delete(path);
    this.entries.set(path, { size, mtime, ast });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Number of cached modules. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}
