import type { Tree } from '@lezer/common';
import type { ModuleAst } from './ast';

/**
 * A lasting store of parsed modules (the evaluator's AST, the checks' lezer tree), keyed by their exact text (the CLI keeps one in the user's
 * cache folder, src/node/nodeAstStore.ts): a module whose text was parsed by an earlier run of the
 * same build is not parsed again. Only complete parses are kept (a module that failed or ran out of
 * time is parsed again next time). Implementations never throw: a store that cannot answer misses.
 */
export interface AstStore {
  /** The module parsed from exactly `source`, when one is kept. */
  get(source: string): ModuleAst | undefined;
  /** Keeps `ast`, parsed from `source`. */
  set(source: string, ast: ModuleAst): void;
  /** The lezer tree parsed from exactly `source`, when one is kept. */
  tree(source: string): Tree | undefined;
  /** Keeps `tree`, parsed from `source`. */
  setTree(source: string, tree: Tree): void;
}
