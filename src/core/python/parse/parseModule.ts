/**
 * Parses Python source with @lezer/python (error tolerant) and converts the tree into the compact
 * AST of ast.ts. Broken statements become `Skip` nodes that name what they may have assigned, so
 * the evaluator can make those names unknown instead of silently keeping older values.
 */
import { TreeFragment, type PartialParse, type Tree } from '@lezer/common';
import { parser } from '../../pythonParser';
import type { ModuleAst, Stmt } from '../ast';
import type { ParseSlices } from './slices';
import { StatementConverter } from './statements';

/** CPython's tokenizer refuses more than 200 nested brackets ("too many nested parentheses"). */
const MAX_BRACKET_DEPTH = 200;
/** Pathological inputs (pages of stray brackets) make lezer's error recovery slow; past this
 *  budget the file is reported as unparseable rather than hanging the host. */
const PARSE_TIME_LIMIT_MS = 2000;

/** Parses a module's source text into the evaluator's AST. Never throws. */
export function parseModule(source: string): ModuleAst {
  return parseModuleWithTree(source).ast;
}

/** {@link parseModule}, with the lezer tree it was converted from (none when the parse failed). */
export function parseModuleWithTree(source: string): { ast: ModuleAst; tree?: Tree } {
  const refused = refusedSource(source);
  if (refused) return refused;
  let tree;
  try {
    tree = parsePythonTree(source, PARSE_TIME_LIMIT_MS);
  } catch (e) {
    return failedModule(source, `the parser failed: ${String(e)}`);
  }
  return moduleOf(source, tree);
}

export type { ParseSlices } from './slices';

/** {@link parseModuleWithTree} in slices (the same result), leaving the event loop turns between them. */
export async function parseModuleWithTreeInSlices(source: string, slices: ParseSlices): Promise<{ ast: ModuleAst; tree?: Tree }> {
  const refused = refusedSource(source);
  if (refused) return refused;
  let tree;
  try {
    tree = await parsePythonTreeInSlices(source, undefined, slices, PARSE_TIME_LIMIT_MS);
  } catch (e) {
    return failedModule(source, `the parser failed: ${String(e)}`);
  }
  if (!tree) return timedOut(source);
  await slices.turn();
  const conv = new StatementConverter(source);
  try {
    return converted(source, tree, conv, await conv.moduleInSlices(tree.topNode, slices));
  } catch (e) {
    return unconverted(source, e);
  }
}

function failedModule(source: string, failure: string): { ast: ModuleAst } {
  return { ast: { body: [], source, lineStarts: computeLineStarts(source), syntaxErrors: [], failure } };
}

/** The failed module of a source refused before parsing (brackets nested deeper than Python takes). */
function refusedSource(source: string): { ast: ModuleAst } | undefined {
  const depth = maxBracketDepth(source);
  if (depth <= MAX_BRACKET_DEPTH) return undefined;
  return failedModule(source, `brackets are nested ${depth} levels deep; Python refuses more than ${MAX_BRACKET_DEPTH} (SyntaxError: too many nested parentheses)`);
}

/** The module converted from its tree (undefined: the parse ran out of time). */
function moduleOf(source: string, tree: Tree | undefined): { ast: ModuleAst; tree?: Tree } {
  if (!tree) return timedOut(source);
  const conv = new StatementConverter(source);
  try {
    return converted(source, tree, conv, conv.block(tree.topNode, 0));
  } catch (e) {
    return unconverted(source, e);
  }
}

function timedOut(source: string): { ast: ModuleAst } {
  return failedModule(source, 'the file could not be parsed in reasonable time (it is probably not valid Python)');
}

function unconverted(source: string, e: unknown): { ast: ModuleAst } {
  return failedModule(source, `the syntax tree could not be converted: ${String(e)}`);
}

function converted(source: string, tree: Tree, conv: StatementConverter, body: Stmt[]): { ast: ModuleAst; tree: Tree } {
  const errors = [...new Set(conv.errors)].sort((a, b) => a - b);
  return { ast: { body, source, lineStarts: computeLineStarts(source), syntaxErrors: errors, failure: null }, tree };
}

/** An earlier text of a file, and its tree. */
export interface EarlierParse {
  source: string;
  tree: Tree;
}

/**
 * The lezer tree of Python source, the one parse the evaluator and the checks share; undefined when
 * it takes longer than `timeLimitMs`. Throws when the parser does. With `earlier`, the parse reuses
 * the parts of that tree outside the edited span (lezer's incremental parsing): a save that adds a
 * field to a long models module parses a few lines. Where either tree has a syntax error, the
 * parse is done from scratch (error recovery may differ otherwise).
 */
export function parsePythonTree(source: string, timeLimitMs = Infinity, earlier?: EarlierParse): Tree | undefined {
  // Error recovery can go another way when it starts from reused fragments: only a tree without
  // errors is reused, and a result with errors is parsed again from scratch.
  if (earlier && !hasErrors(earlier.tree)) {
    const tree = parseFrom(source, timeLimitMs, fragmentsAfterEdit(earlier, source));
    if (!tree || !hasErrors(tree)) return tree;
  }
  return parseFrom(source, timeLimitMs);
}

/** Whether each tree looked at has an error node (a tree is looked at again as the next parse's earlier one). */
const treeErrors = new WeakMap<Tree, boolean>();

/** True when the tree has an error node (a syntax error the parser recovered from). */
function hasErrors(tree: Tree): boolean {
  const known = treeErrors.get(tree);
  if (known !== undefined) return known;
  const found = findsError(tree);
  treeErrors.set(tree, found);
  return found;
}

function findsError(tree: Tree): boolean {
  let found = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) found = true;
      return !found;
    },
  });
  return found;
}

function parseFrom(source: string, timeLimitMs: number, fragments?: readonly TreeFragment[]): Tree | undefined {
  const parse = parser.startParse(source, fragments);
  return advanceUntil(parse, performance.now() + timeLimitMs) ?? undefined;
}

/** Advances a parse until it gives its tree, or null once `deadline` (performance.now()) has passed. */
function advanceUntil(parse: PartialParse, deadline: number): Tree | null {
  let steps = 0;
  for (;;) {
    const tree = parse.advance();
    if (tree) return tree;
    // @lezer/lr counts reductions of 2,000+ characters that share a start, and after 300 it
    // force-reduces the stack to avoid a left-associative tree too deep to walk. The module's own
    // statement list is such a reduction at offset 0, one per top-level statement, so a long
    // settings module got a statement cut one token in (a false syntax error). Statements do not
    // nest that way: the guard stays on for everything else, and the parse is time-bounded.
    const guard = parse as unknown as { bigReductionCount: number; lastBigReductionStart: number };
    if (guard.lastBigReductionStart === 0 && guard.bigReductionCount > 250) guard.bigReductionCount = 0;
    if ((++steps & 255) === 0 && performance.now() > deadline) return null;
  }
}

/**
 * {@link parsePythonTree}, done in slices: it works until `slices.deadline()`, then awaits
 * `slices.turn()`. For a parse done ahead of need in the editor, which must not hold the extension
 * host for as long as a long module takes. `timeLimitMs` bounds the time spent parsing (not waiting).
 */
export async function parsePythonTreeInSlices(source: string, earlier: EarlierParse | undefined, slices: ParseSlices, timeLimitMs = Infinity): Promise<Tree | undefined> {
  let spent = 0;
  const run = async (fragments?: readonly TreeFragment[]): Promise<Tree | undefined> => {
    const parse = parser.startParse(source, fragments);
    for (;;) {
      const started = performance.now();
      const tree = advanceUntil(parse, slices.deadline());
      spent += performance.now() - started;
      if (tree) return tree;
      if (spent > timeLimitMs) return undefined;
      await slices.turn();
    }
  };
  // The same choice as parsePythonTree: reuse only a tree without errors, keep only a result without.
  if (earlier && !hasErrors(earlier.tree)) {
    const tree = await run(fragmentsAfterEdit(earlier, source));
    if (!tree || !hasErrors(tree)) return tree;
  }
  return run();
}

/** The fragments of `earlier.tree` that `source` still has: the edit is the span between their common start and end. */
function fragmentsAfterEdit(earlier: EarlierParse, source: string): readonly TreeFragment[] {
  const a = earlier.source;
  const shorter = Math.min(a.length, source.length);
  let start = 0;
  while (start < shorter && a.charCodeAt(start) === source.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && a.charCodeAt(a.length - 1 - end) === source.charCodeAt(source.length - 1 - end)) end++;
  const change = { fromA: start, toA: a.length - end, fromB: start, toB: source.length - end };
  return TreeFragment.applyChanges(TreeFragment.addTree(earlier.tree), [change]);
}

/** Offsets where each line of `source` starts (\n, \r\n and \r end lines, as Python reads them). */
export function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Deepest bracket nesting outside strings and comments (a cheap pre-check before parsing). */
function maxBracketDepth(s: string): number {
  let depth = 0;
  let max = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i];
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = s[i + 1] === c && s[i + 2] === c;
      const raw = isRawPrefix(s, i);
      i += triple ? 3 : 1;
      while (i < n) {
        const d = s[i];
        if (d === '\\' && !raw) {
          i += 2;
          continue;
        }
        if (d === '\\' && raw) {
          i += 2;
          continue;
        }
        if (!triple && d === '\n') break;
        if (d === c && (!triple || (s[i + 1] === c && s[i + 2] === c))) {
          i += triple ? 3 : 1;
          break;
        }
        i++;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > max) max = depth;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth > 0) depth--;
    }
    i++;
  }
  return max;
}

function isRawPrefix(s: string, quoteAt: number): boolean {
  let j = quoteAt - 1;
  while (j >= 0 && /[rRbBuUfF]/.test(s[j])) {
    if (s[j] === 'r' || s[j] === 'R') return true;
    j--;
  }
  return false;
}
