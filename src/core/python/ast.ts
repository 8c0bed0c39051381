/**
 * A compact Python AST, converted once from the lezer tree (see parse/parseModule.ts) and cached,
 * so that re-evaluating a module never walks lezer nodes again. Every node keeps its source offsets
 * (`from`/`to`, UTF-16 offsets into the module text).
 */

/** Offsets of a node in its module's source text. */
export interface Span {
  from: number;
  to: number;
}

/** A literal value known at parse time. */
export type Literal =
  | { k: 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: number }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string }
  | { k: 'ellipsis' };

/** One piece of an f-string: literal text or a replacement field. */
export type FPart =
  | string
  | {
      expr: Expr;
      /** The text before "=" for self-documenting fields (`{x=}`), else null. */
      selfDoc: string | null;
      conversion: 's' | 'r' | 'a' | null;
      spec: FPart[] | null;
    };

/** A function or lambda parameter. */
export interface Param {
  name: string;
  kind: 'normal' | 'vararg' | 'kwonly' | 'kwarg';
  default: Expr | null;
}

/** A call argument: positional, *args, keyword or **kwargs. */
export interface Arg {
  kind: 'pos' | 'star' | 'kw' | 'dstar';
  name: string | null;
  value: Expr;
}

/** One `for … in … if …` clause of a comprehension. */
export interface CompFor {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

/** Comparison operators (chained comparisons keep a list of them). */
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/** Expression nodes. */
export type Expr = Span &
  (
    | { t: 'Name'; id: string }
    | { t: 'Const'; value: Literal }
    | { t: 'FString'; parts: FPart[] }
    | { t: 'Concat'; parts: Expr[] }
    | { t: 'BinOp'; op: string; left: Expr; right: Expr }
    | { t: 'BoolOp'; op: 'and' | 'or'; left: Expr; right: Expr }
    | { t: 'Not'; operand: Expr }
    | { t: 'Unary'; op: '-' | '+' | '~'; operand: Expr }
    | { t: 'Compare'; left: Expr; ops: CmpOp[]; rights: Expr[] }
    | { t: 'IfExp'; test: Expr; body: Expr; orelse: Expr }
    | { t: 'Lambda'; params: Param[]; body: Expr }
    | { t: 'Call'; func: Expr; args: Arg[] }
    | { t: 'Attr'; obj: Expr; attr: string }
    | { t: 'Subscript'; obj: Expr; index: Expr }
    | { t: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null }
    | { t: 'List'; elts: Expr[] }
    | { t: 'Tuple'; elts: Expr[] }
    | { t: 'Set'; elts: Expr[] }
    | { t: 'Starred'; value: Expr }
    | { t: 'Dict'; keys: (Expr | null)[]; values: Expr[] }
    | { t: 'Comp'; kind: 'list' | 'set' | 'dict' | 'gen'; elt: Expr; value: Expr | null; gens: CompFor[] }
    | { t: 'NamedExpr'; target: string; value: Expr }
    | { t: 'Bad'; reason: string }
  );

/** An `except` clause. */
export interface Handler extends Span {
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

/** A `def` (its body runs when the function is called). */
export interface FunctionDef extends Span {
  name: string;
  params: Param[];
  body: Stmt[];
  isGenerator: boolean;
  isAsync: boolean;
}

/** Statement nodes. */
export type Stmt = Span &
  (
    | { t: 'Assign'; targets: Expr[]; value: Expr; annotated?: true }
    | { t: 'AnnOnly'; target: Expr }
    | { t: 'AugAssign'; target: Expr; op: string; value: Expr }
    | { t: 'Expr'; value: Expr }
    | { t: 'If'; tests: Expr[]; bodies: Stmt[][]; orelse: Stmt[] | null }
    | { t: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] | null }
    | { t: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[] | null }
    | { t: 'Try'; body: Stmt[]; handlers: Handler[]; orelse: Stmt[] | null; finalbody: Stmt[] | null }
    | { t: 'With'; items: { ctx: Expr; target: Expr | null }[]; body: Stmt[] }
    | { t: 'Def'; def: FunctionDef; decorators: Expr[] }
    | { t: 'Class'; name: string; bases: Arg[]; body: Stmt[]; decorators: Expr[] }
    | { t: 'Return'; value: Expr | null }
    | { t: 'Import'; names: { name: string; asName: string | null }[] }
    | { t: 'ImportFrom'; level: number; module: string | null; names: { name: string; asName: string | null }[] | null }
    | { t: 'Global'; names: string[] }
    | { t: 'Nonlocal'; names: string[] }
    | { t: 'Pass' }
    | { t: 'Break' }
    | { t: 'Continue' }
    | { t: 'Raise'; exc: Expr | null }
    | { t: 'Del'; targets: Expr[] }
    | { t: 'Assert'; test: Expr; msg: Expr | null }
    /** A statement the evaluator cannot run (syntax error, match, async …): the names it may
     *  assign become unknown with `reason`. */
    | { t: 'Skip'; reason: string; assigned: string[]; syntaxError: boolean }
  );

/** A parsed module: its statements plus what is needed to report positions. */
export interface ModuleAst {
  body: Stmt[];
  source: string;
  /** Offsets where each line starts (line 1 at index 0). */
  lineStarts: number[];
  /** Syntax errors found by the parser, as offsets (deduplicated per line). */
  syntaxErrors: number[];
  /** Set when the file could not be parsed at all (too deep, too slow): nothing is evaluated. */
  failure: string | null;
  /** Not parsed: the host's deferModule test passed (EvaluationHost.deferModule). */
  deferred?: true;
}

/** Line (1-based) and column (1-based, UTF-16) of an offset. */
export function positionOf(ast: ModuleAst, offset: number): { line: number; column: number } {
  const starts = ast.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
