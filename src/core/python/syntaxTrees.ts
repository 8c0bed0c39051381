/**
 * The lezer syntax trees of the modules one analysis parsed, kept for the checks of the same run:
 * a CLI run evaluates the URLconf (importing views, forms and models) and then scans the same
 * modules with the rules, and a module's text always gives the same tree, so it is parsed once.
 * A tree is handed out only for the exact text it was parsed from. With a `store` (the CLI's, from one
 * run to the next), a tree not parsed in this run is looked for there, and the trees the checks used
 * are kept there.
 */
import type { Tree } from '@lezer/common';
import type { AstStore } from './astStore';

/** Trees by file, each with the text it was parsed from. */
export class SyntaxTrees {
  private readonly entries = new Map<string, { source: string; tree: Tree }>();
  /** Trees that came from the store (not written back). */
  private readonly stored = new WeakSet<Tree>();
  /** Parsed modules kept between runs. */
  store?: AstStore;

  /**
   * `wanted`: a cheap test of a module's text saying whether anyone may ask for its tree (a tree not
   * kept costs only a second parse if it is asked for after all); all are kept without one.
   */
  constructor(
    private readonly maxEntries = 4096,
    private readonly wanted: (source: string) => boolean = () => true,
  ) {}

  /** Keeps the tree of `path` parsed from `source` (the first ones, up to the bound). */
  set(path: string, source: string, tree: Tree): void {
    if (!this.wanted(source)) return;
    if (this.entries.size < this.maxEntries || this.entries.has(path)) this.entries.set(path, { source, tree });
  }

  /** The tree of `path` when it was parsed from exactly `text` (in this run, or kept in the store). */
  get(path: string, text: string): Tree | undefined {
    const e = this.entries.get(path);
    if (e && e.source === text) return e.tree;
    const tree = this.store?.tree(text);
    if (tree) this.stored.add(tree);
    return tree;
  }

  /** `tree`, parsed from `source`, was used by the checks: kept in the store for the next run. */
  used(source: string, tree: Tree): void {
    if (this.store && !this.stored.has(tree)) {
      this.stored.add(tree);
      this.store.setTree(source, tree);
    }
  }

  /** Drops every tree. */
  clear(): void {
    this.entries.clear();
  }
}
