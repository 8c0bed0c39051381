/**
 * What the parts of the interpreter share. The statement, expression, call, import … modules
 * each export free functions that take an Evaluator as first argument and reach the other parts
 * only through it, never by importing each other: the sections call one another recursively
 * (a call runs statements, a statement evaluates expressions, an expression calls), and routing
 * that through this interface keeps the import graph free of cycles. Interpreter (interpreter.ts)
 * implements it by delegating to those functions.
 */
import type { FileStat } from '../../fileSystem';
import type { SourceRange } from '../../model';
import type { Expr, FunctionDef, Handler, ModuleAst, Param, Span, Stmt } from '../ast';
import type { PyException } from '../exceptions';
import type { EvaluationHost, EvaluationLimits, EvaluationNote, ModuleDeferral } from '../types';
import type { Binding, CallContext, Frame, ModuleState, PyClass, PyFunction, PyModule, PyUnknown, PyValue, Runtime } from '../values';

/** Control flow that cannot be merged precisely (caught at a call or loop boundary). */
export class Unmergeable {
  constructor(readonly reason: string) {}
}

/** How a statement or block completed; `split` when it depends on an unknown. */
export type Completion =
  | { type: 'normal' }
  | { type: 'break' }
  | { type: 'continue' }
  | { type: 'return'; value: PyValue }
  | { type: 'split'; parts: Part[]; reason: string };

/** One possible outcome of a forked execution: the state it leaves and how it completed. */
export interface Part {
  state: Snapshot;
  completion: Exclude<Completion, { type: 'split' }>;
}

/** A copy of the state a branch can change: variables of the frame chain and module, environment. */
export interface Snapshot {
  maps: { map: Map<string, Binding>; entries: [string, Binding][] }[];
  env: [string, string][];
  envUnknown: [string, string][];
  envAllUnknown: string | null;
}

/** A try statement being executed (or a `with suppress(…)`), innermost last on Evaluator.tryStack. */
export interface TryContext {
  frame: Frame;
  handlers: Handler[];
  /** Matched handler index -> state at the possible failure point(s). */
  failures: Map<number, Snapshot>;
  reasons: string[];
  /** Resolved handler types (lazily, like Python). */
  types: (PyClass[] | 'all' | null)[] | null;
}

/** The shared plain completions. */
export const NORMAL: Completion = { type: 'normal' };
/** The completion of `break`. */
export const BREAK: Completion = { type: 'break' };
/** The completion of `continue`. */
export const CONTINUE: Completion = { type: 'continue' };

/** Loops and comprehensions over more items than this are not unrolled. */
export const MAX_ITERATIONS = 10_000;

/** Keeps nested "depends on …" reasons readable. */
export function clip(reason: string, max = 240): string {
  return reason.length > max ? reason.slice(0, max - 1) + '…' : reason;
}

/** The interpreter as its parts see it: the Runtime of native code plus shared state and the
 *  entry points of each part. */
export interface Evaluator extends Runtime {
  readonly host: EvaluationHost;
  readonly limits: EvaluationLimits;
  readonly notes: EvaluationNote[];
  /** Statements and expressions evaluated so far (all modules together), against limits.maxSteps. */
  steps: number;
  /** Current nesting of expression evaluation and calls, against limits.maxDepth. */
  depth: number;
  /** Current nesting of module imports and includes, against limits.maxImportDepth. */
  importDepth: number;
  /** Project modules by dotted name, evaluated once (also while they run: circular imports). */
  readonly modules: Map<string, ModuleState>;
  /** Modelled modules created so far. */
  readonly modelled: Map<string, PyModule>;
  /** The try statements being executed, innermost last. */
  readonly tryStack: TryContext[];
  /** The exceptions whose handlers are running, innermost last (a bare `raise` re-raises it). */
  readonly handling: PyException[];

  /** Source range of a node in a module. */
  rangeOf(span: Span, module: ModuleState): SourceRange;
  /** Source range of offsets in a module. */
  rangeAt(module: ModuleState, from: number, to: number): SourceRange;
  /** The source text of a node, on one line and clipped, for messages. */
  textOf(span: Span, module: ModuleState, max?: number): string;
  /** Counts `n` steps (default 1); throws BudgetExhausted when the budget is spent. */
  step(n?: number): void;
  /** File metadata for the evaluator's own probes (module files, imports): a refused path is
   *  undefined, never an error. */
  hostStat(path: string): Promise<FileStat | undefined>;

  readonly loadedFiles: Set<string>;
  loadModuleState(file: string, name: string, packageName: string, defer?: ModuleDeferral): Promise<ModuleState>;
  loadAst(file: string): Promise<ModuleAst>;
  runModule(state: ModuleState, isRoot: boolean): Promise<void>;
  lookup(name: string, frame: Frame, span: Span | null): PyValue;
  deleteName(name: string, frame: Frame): void;
  execBlock(stmts: Stmt[], frame: Frame, start?: number): Promise<Completion>;
  execStmt(s: Stmt, frame: Frame): Promise<Completion>;
  execTry(s: Stmt & { t: 'Try' }, frame: Frame): Promise<Completion>;
  matchHandler(ctx: TryContext, cls: PyClass, uncertain: boolean): Promise<number>;
  execWith(s: Stmt & { t: 'With' }, frame: Frame): Promise<Completion>;
  makeFunction(name: string, params: Param[], def: FunctionDef | null, body: Expr | null, frame: Frame): Promise<PyFunction>;
  augAssign(s: Stmt & { t: 'AugAssign' }, frame: Frame): Promise<void>;
  assign(target: Expr, value: PyValue, frame: Frame, valueExpr: Expr): Promise<void>;
  deleteTarget(t: Expr, frame: Frame): Promise<void>;
  fork(frame: Frame, reason: string, a: () => Promise<Completion>, b: () => Promise<Completion>): Promise<Completion>;
  combine(parts: Part[], reason: string, frame: Frame): Completion;
  installCombined(parts: Part[], frame: Frame, reason: string): void;
  capture(frame: Frame): Snapshot;
  install(s: Snapshot): void;
  havoc(stmts: Stmt[], reason: string, frame: Frame): void;
  evalExpr(e: Expr, frame: Frame): Promise<PyValue>;
  compare(op: string, a: PyValue, b: PyValue, frame: Frame | null): boolean | PyUnknown;
  evalCall(e: Expr & { t: 'Call' }, frame: Frame): Promise<PyValue>;
  /** The CallContext native code receives for a call (or attribute access) at `site`. */
  callContext(frame: Frame, site: Span | null | undefined, calleeExpr: Expr | null | undefined): CallContext;
  getSlice(obj: PyValue, lo: PyValue, hi: PyValue, st: PyValue, frame: Frame, site: Span): PyValue;
  setItem(obj: PyValue, key: PyValue, value: PyValue, frame: Frame, site: Span): Promise<void>;
  execImport(s: Stmt & { t: 'Import' }, frame: Frame): Promise<void>;
  execImportFrom(s: Stmt & { t: 'ImportFrom' }, frame: Frame): Promise<void>;
}
