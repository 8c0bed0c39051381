/**
 * The evaluator: runs the safe subset of Python that settings and URLconf modules use, over the
 * AST of ast.ts. Statement and expression evaluation is async because file checks
 * (os.path.exists, module resolution) go through the FileSystem port.
 *
 * Honesty rules: anything not modelled becomes `unknown` with a reason; an `if` whose condition is
 * unknown runs both branches on copies of the state and merges them; a `try` whose body may or may
 * not fail runs the handler on a copy of the state at the possible failure point and merges.
 *
 * This class holds the state of one evaluation and the services native code uses (files,
 * environment, notes); the language itself lives in the modules of this folder, which it wires
 * together (see evaluator.ts for why they do not import each other).
 */
import type { FileStat } from '../../fileSystem';
import type { SourceRange } from '../../model';
import { positionOf, type Expr, type FunctionDef, type ModuleAst, type Param, type Span, type Stmt } from '../ast';
import { AnalysisBudget, BudgetExhausted } from '../budget';
import { capResult, sizeOf } from '../charge';
import { denialOf, isRefusalError, ReadRefused } from '../confinement';
import { PyException, raise, raiseKey } from '../exceptions';
import { DEFAULT_LIMITS, URLCONF_LIMITS, type EvaluationHost, type EvaluationLimits, type EvaluationNote, type ModuleEvaluation, type ModuleDeferral } from '../types';
import {
  pyList,
  strValue,
  unknown,
  type CallContext,
  type Frame,
  type ModuleState,
  type PyClass,
  type PyDict,
  type PyFunction,
  type PyModule,
  type PyUnknown,
  type PyValue,
} from '../values';
import { assign, augAssign, deleteTarget } from './assignment';
import { dictUpdate, getAttr, getItem, getSlice, setItem } from './attributes';
import { callContext, callValue, evalCall } from './calls';
import { type Completion, type Evaluator, type Part, type Snapshot, type TryContext } from './evaluator';
import { evalExpr } from './expressions';
import { capture, combine, fork, havoc, install, installCombined } from './forks';
import { execImport, execImportFrom, importByName, includeFile, modelledModule } from './imports';
import { loadAst, loadModuleState, runModule } from './loading';
import { deleteName, lookup } from './names';
import { binaryOp, compare, contains } from './operators';
import { execBlock, execStmt, makeFunction } from './statements';
import { execTry, execWith, matchHandler, maybeRaise } from './tryExcept';

/** One evaluation: a module and everything it imports, with shared limits and caches. */
export class Interpreter implements Evaluator {
  readonly limits: EvaluationLimits;
  readonly filesRead = new Set<string>();
  /** Files whose module was loaded (parsed or from the parse cache), not only judged by a deferral. */
  readonly loadedFiles = new Set<string>();
  readonly notes: EvaluationNote[] = [];
  private readonly noteKeys = new Set<string>();
  steps = 0;
  depth = 0;
  importDepth = 0;
  readonly modules = new Map<string, ModuleState>();
  private readonly statCache = new Map<string, Promise<FileStat | undefined>>();
  readonly modelled = new Map<string, PyModule>();
  readonly envUnknown = new Map<string, string>();
  envAllUnknown: string | null = null;
  readonly tryStack: TryContext[] = [];
  readonly handling: PyException[] = [];
  /** Folders created by os.makedirs / Path.mkdir during evaluation. */
  readonly createdDirs = new Set<string>();
  /** sys.path as the evaluated code sees (and may extend) it. */
  readonly sysPath: PyValue & { kind: 'list' };
  /** Per-evaluation state of modelled libraries (decouple's lazily loaded config …). */
  readonly libState = new Map<string, unknown>();
  readonly budget: AnalysisBudget;
  private readonly denial: ((path: string) => Promise<string | undefined>) | undefined;
  private readonly refusals = new Map<string, Promise<string | undefined>>();

  constructor(readonly host: EvaluationHost) {
    this.limits = { ...DEFAULT_LIMITS, ...(host.role === 'urlconf' ? URLCONF_LIMITS : {}), ...(host.limits ?? {}) };
    this.sysPath = pyList(host.sysPath.map((p) => strValue(p)));
    this.budget = host.budget ?? new AnalysisBudget();
    this.denial = denialOf(host.fs);
    for (const [k, why] of host.envUnknown ?? []) this.envUnknown.set(k, why);
    this.envAllUnknown = host.envAllUnknown ?? null;
  }

  private readonly settingsHooks = new Map<string, (settings: ModuleState) => Promise<void>>();

  /** Runs `hook` after the root settings module was imported (once per key). */
  afterSettingsImport(key: string, hook: (settings: ModuleState) => Promise<void>): void {
    if (!this.settingsHooks.has(key)) this.settingsHooks.set(key, hook);
  }

  /** Evaluates `file` as module `moduleName`. */
  async evaluate(file: string, moduleName: string, asMain: boolean): Promise<ModuleEvaluation> {
    const release = this.budget.capTime(this.limits.maxMillis, file);
    try {
      return await this.evaluateCapped(file, moduleName, asMain);
    } finally {
      release();
    }
  }

  private async evaluateCapped(file: string, moduleName: string, asMain: boolean): Promise<ModuleEvaluation> {
    const name = asMain ? '__main__' : moduleName;
    const isPackage = file.endsWith('/__init__.py');
    const packageName = asMain ? '' : isPackage ? moduleName : moduleName.split('.').slice(0, -1).join('.');
    const state = await this.loadModuleState(file, name, packageName);
    if (!asMain) this.modules.set(moduleName, state);
    let stopped: string | undefined;
    try {
      await this.runModule(state, true);
      if (!asMain && this.host.role !== 'urlconf') for (const hook of this.settingsHooks.values()) await hook(state);
    } catch (e) {
      if (e instanceof BudgetExhausted) {
        stopped = e.reason;
        this.stopTooComplex(state, e.reason);
      } else {
        // Never let a bug or an unexpected input escape: report it and return what is known.
        const range = this.rangeAt(state, 0, 0);
        const msg = e instanceof PyException ? `${e.cls.name}: ${e.message}` : e instanceof Error ? e.message : String(e);
        this.note('warning', `Evaluation of ${file} stopped unexpectedly (${msg}); values may be incomplete.`, range);
        state.opaque.push({ range, description: 'code after an unexpected evaluation failure' });
      }
    }
    return {
      file,
      moduleName,
      globals: state.globals,
      filesRead: [...this.filesRead],
      notes: this.notes,
      opaqueWrites: state.opaque,
      unknownEnv: new Map(this.envUnknown),
      envAllUnknown: this.envAllUnknown,
      ...(stopped !== undefined ? { stopped } : {}),
      deferredModules: [...this.modules.values()].filter((m) => m.deferred).map((m) => m.name),
      loadedFiles: [...this.loadedFiles],
      deferredFiles: [...this.modules.values()].filter((m) => m.deferred && m.file).map((m) => m.file),
      moduleGlobals: new Map([...this.modules.values()].filter((m) => !m.deferred && m.file).map((m) => [m.file, m.globals])),
    };
  }

  private stopTooComplex(state: ModuleState, reason: string): void {
    for (const [name, b] of state.globals) if (!name.startsWith('__')) state.globals.set(name, { value: unknown(reason), origin: b.origin });
    const range = this.rangeAt(state, 0, 0);
    state.opaque.push({ range, description: 'code that was too complex to evaluate' });
    this.note('warning', `Evaluation stopped: ${reason}.`, range);
  }

  /** Throws a Python exception of a builtin class. */
  raise(name: string, message: string): never {
    return raise(name, message);
  }

  /** Raises KeyError(key) the way Python words it. */
  raiseKey(key: PyValue): never {
    return raiseKey(key);
  }

  /** Records a note once. */
  note(severity: 'info' | 'warning', message: string, range?: SourceRange): void {
    const key = severity + message + (range ? `${range.file}:${range.line}` : '');
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.push(range ? { severity, message, range } : { severity, message });
  }

  /** Something may have written any name of the current module. */
  opaqueWrite(frame: Frame, range: SourceRange | undefined, description: string): void {
    const r = range ?? this.rangeAt(frame.module, 0, 0);
    frame.module.opaque.push({ range: r, description });
    this.note('info', `${description} (line ${r.line}) may set any setting; it cannot be followed statically.`, r);
  }

  /** Why the code may not read `path` (the host's confinement), cached for the evaluation. */
  refusal(path: string): Promise<string | undefined> {
    if (!this.denial) return Promise.resolve(undefined);
    let p = this.refusals.get(path);
    if (!p) {
      p = this.denial(path).catch(() => undefined);
      this.refusals.set(path, p);
    }
    return p;
  }

  /** File metadata, cached for the evaluation; undefined for a refused path (the evaluator's
   *  own probes: module files, imports). */
  hostStat(path: string): Promise<FileStat | undefined> {
    let p = this.statCache.get(path);
    if (!p) {
      p = this.host.fs.stat(path).catch(() => undefined);
      this.statCache.set(path, p);
    }
    return p;
  }

  /** File metadata for native code; throws ReadRefused for a refused path. */
  async stat(path: string): Promise<FileStat | undefined> {
    await this.refuse(path);
    return this.hostStat(path);
  }

  private async refuse(path: string): Promise<void> {
    const why = await this.refusal(path);
    if (why) throw new ReadRefused(path, why);
  }

  /** os.path.exists as the code sees it (folders it created count). Records the probe. */
  async exists(path: string, kind?: 'file' | 'directory'): Promise<boolean> {
    this.filesRead.add(path);
    if (this.createdDirs.has(path)) return kind !== 'file';
    const st = await this.stat(path);
    if (!st) return false;
    return kind ? st.type === kind : true;
  }

  /** Reads a text file the code loads (.env, settings.ini, JSON); undefined when missing. */
  async readText(path: string): Promise<string | undefined> {
    this.filesRead.add(path);
    const st = await this.stat(path);
    if (!st || st.type !== 'file' || st.size > this.limits.maxFileBytes) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await this.host.fs.readFile(path);
    } catch (e) {
      // Refused on the bytes actually read (a special file, a file that grew past the cap).
      if (isRefusalError(e)) throw new ReadRefused(path, e.reason);
      return undefined;
    }
    if (bytes.length > this.limits.maxFileBytes || bytes.includes(0)) return undefined;
    this.budget.charge(bytes.length);
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  }

  /** os.environ[key]: the string, undefined when unset, or unknown. */
  envGet(key: string): string | undefined | PyUnknown {
    const v = this.host.env.get(key);
    if (v !== undefined) return v;
    const r = this.envUnknown.get(key);
    if (r !== undefined) return unknown(r);
    if (this.envAllUnknown) return unknown(`environment variable ${key} may have been set by ${this.envAllUnknown}`);
    return undefined;
  }

  /** os.environ[key] = value (an unknown value makes the variable unknown). */
  envSet(key: string, value: string | PyUnknown): void {
    if (typeof value === 'string') {
      this.host.env.set(key, value);
      this.envUnknown.delete(key);
    } else {
      this.host.env.delete(key);
      this.envUnknown.set(key, value.reason);
    }
  }

  /** del os.environ[key] */
  envDelete(key: string): void {
    this.host.env.delete(key);
    this.envUnknown.delete(key);
  }

  /** Sets a variable only if it is not set (loaders without override, setdefault). */
  envSetDefault(key: string, value: string | PyUnknown): void {
    if (this.host.env.has(key)) return;
    if (this.envUnknown.has(key) || this.envAllUnknown) {
      // Whether it was already set is unknown, so the result is too.
      const why = typeof value === 'string' ? this.envUnknown.get(key) ?? this.envAllUnknown ?? '' : value.reason;
      this.envUnknown.set(key, why);
      return;
    }
    this.envSet(key, value);
  }

  /** Source range of a node in a module. */
  rangeOf(span: Span, module: ModuleState): SourceRange {
    return this.rangeAt(module, span.from, span.to);
  }

  rangeAt(module: ModuleState, from: number, to: number): SourceRange {
    const a = positionOf(module.ast, from);
    const b = positionOf(module.ast, to);
    return { file: module.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  textOf(span: Span, module: ModuleState, max = 80): string {
    const t = module.ast.source.slice(span.from, span.to).replace(/\s+/g, ' ');
    return t.length > max ? t.slice(0, max - 1) + '…' : t;
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw new BudgetExhausted(`the code is too complex to evaluate (more than ${this.limits.maxSteps} steps in one evaluation)`);
    this.budget.step(n);
  }

  // ---------------------------------------------------------------- the parts (see evaluator.ts)

  loadModuleState(file: string, name: string, packageName: string, defer?: ModuleDeferral): Promise<ModuleState> {
    return loadModuleState(this, file, name, packageName, defer);
  }

  loadAst(file: string): Promise<ModuleAst> {
    return loadAst(this, file);
  }

  runModule(state: ModuleState, isRoot: boolean): Promise<void> {
    return runModule(this, state, isRoot);
  }

  maybeRaise(excName: string | null, description: string): Promise<void> {
    return maybeRaise(this, excName, description);
  }

  lookup(name: string, frame: Frame, span: Span | null): PyValue {
    return lookup(this, name, frame, span);
  }

  deleteName(name: string, frame: Frame): void {
    return deleteName(this, name, frame);
  }

  execBlock(stmts: Stmt[], frame: Frame, start?: number): Promise<Completion> {
    return execBlock(this, stmts, frame, start);
  }

  execStmt(s: Stmt, frame: Frame): Promise<Completion> {
    return execStmt(this, s, frame);
  }

  execTry(s: Stmt & { t: 'Try' }, frame: Frame): Promise<Completion> {
    return execTry(this, s, frame);
  }

  matchHandler(ctx: TryContext, cls: PyClass, uncertain: boolean): Promise<number> {
    return matchHandler(this, ctx, cls, uncertain);
  }

  execWith(s: Stmt & { t: 'With' }, frame: Frame): Promise<Completion> {
    return execWith(this, s, frame);
  }

  makeFunction(name: string, params: Param[], def: FunctionDef | null, body: Expr | null, frame: Frame): Promise<PyFunction> {
    return makeFunction(this, name, params, def, body, frame);
  }

  augAssign(s: Stmt & { t: 'AugAssign' }, frame: Frame): Promise<void> {
    return augAssign(this, s, frame);
  }

  assign(target: Expr, value: PyValue, frame: Frame, valueExpr: Expr): Promise<void> {
    return assign(this, target, value, frame, valueExpr);
  }

  deleteTarget(t: Expr, frame: Frame): Promise<void> {
    return deleteTarget(this, t, frame);
  }

  fork(frame: Frame, reason: string, a: () => Promise<Completion>, b: () => Promise<Completion>): Promise<Completion> {
    return fork(this, frame, reason, a, b);
  }

  combine(parts: Part[], reason: string, frame: Frame): Completion {
    return combine(this, parts, reason, frame);
  }

  installCombined(parts: Part[], frame: Frame, reason: string): void {
    return installCombined(this, parts, frame, reason);
  }

  capture(frame: Frame): Snapshot {
    return capture(this, frame);
  }

  install(s: Snapshot): void {
    return install(this, s);
  }

  havoc(stmts: Stmt[], reason: string, frame: Frame): void {
    return havoc(this, stmts, reason, frame);
  }

  evalExpr(e: Expr, frame: Frame): Promise<PyValue> {
    return evalExpr(this, e, frame);
  }

  compare(op: string, a: PyValue, b: PyValue, frame: Frame | null): boolean | PyUnknown {
    this.budget.charge(1 + sizeOf(a) + sizeOf(b));
    return compare(this, op, a, b, frame);
  }

  contains(container: PyValue, item: PyValue, frame: Frame | null): boolean | PyUnknown {
    this.budget.charge(1 + sizeOf(container) + sizeOf(item));
    return contains(this, container, item, frame);
  }

  dictUpdate(d: PyDict, other: PyValue | null, kwargs: Map<string, PyValue> | null, frame: Frame): Promise<void> {
    return dictUpdate(this, d, other, kwargs, frame);
  }

  evalCall(e: Expr & { t: 'Call' }, frame: Frame): Promise<PyValue> {
    return evalCall(this, e, frame);
  }

  callValue(func: PyValue, args: PyValue[], kwargs: Map<string, PyValue> | null, frame: Frame, calleeExpr: Expr | null, callExpr?: Span): Promise<PyValue> {
    return callValue(this, func, args, kwargs, frame, calleeExpr, callExpr);
  }

  callContext(frame: Frame, site: Span | null | undefined, calleeExpr: Expr | null | undefined): CallContext {
    return callContext(this, frame, site, calleeExpr);
  }

  getAttr(obj: PyValue, name: string, frame: Frame, site: Span | null): PyValue {
    return getAttr(this, obj, name, frame, site);
  }

  getItem(obj: PyValue, key: PyValue, frame: Frame, site: Span | null): Promise<PyValue> {
    return getItem(this, obj, key, frame, site);
  }

  getSlice(obj: PyValue, lo: PyValue, hi: PyValue, st: PyValue, frame: Frame, site: Span): PyValue {
    return capResult(this.budget, getSlice(this, obj, lo, hi, st, frame, site), () => this.rangeOf(site, frame.module));
  }

  setItem(obj: PyValue, key: PyValue, value: PyValue, frame: Frame, site: Span): Promise<void> {
    return setItem(this, obj, key, value, frame, site);
  }

  binaryOp(op: string, a: PyValue, b: PyValue, frame: Frame, site: Span | null): PyValue {
    this.budget.charge(1 + sizeOf(a) + sizeOf(b));
    return capResult(this.budget, binaryOp(this, op, a, b, frame, site), () => (site ? this.rangeOf(site, frame.module) : undefined));
  }

  execImport(s: Stmt & { t: 'Import' }, frame: Frame): Promise<void> {
    return execImport(this, s, frame);
  }

  execImportFrom(s: Stmt & { t: 'ImportFrom' }, frame: Frame): Promise<void> {
    return execImportFrom(this, s, frame);
  }

  modelledModule(name: string): PyModule | undefined {
    return modelledModule(this, name);
  }

  includeFile(file: string, frame: Frame): Promise<void> {
    return includeFile(this, file, frame);
  }

  importByName(name: string, ctx: CallContext): Promise<PyValue> {
    return importByName(this, name, ctx);
  }
}
