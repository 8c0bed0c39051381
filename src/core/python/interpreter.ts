/**
 * The evaluator: runs the safe subset of Python that settings and URLconf modules use, over the
 * AST of ast.ts. Statement and expression evaluation is async because file checks
 * (os.path.exists, module resolution) go through the FileSystem port.
 *
 * Honesty rules: anything not modelled becomes `unknown` with a reason; an `if` whose condition is
 * unknown runs both branches on copies of the state and merges them; a `try` whose body may or may
 * not fail runs the handler on a copy of the state at the possible failure point and merges.
 */
import type { FileStat } from '../fileSystem';
import type { SourceRange } from '../model';
import {
  positionOf,
  type Arg,
  type CompFor,
  type Expr,
  type FPart,
  type FunctionDef,
  type Handler,
  type Literal,
  type ModuleAst,
  type Param,
  type Span,
  type Stmt,
} from './ast';
import { builtinAttr, BUILTINS, sliceIndices } from './builtins';
import { dictSet, iterate, keyOf, makeSet } from './containers';
import { parseModule } from './convert';
import { EXC, exceptionClassOf, isSubclass, makeExceptionInstance, PyException, raise, raiseKey } from './exceptions';
import { convertField, FormatError, formatValue, percentFormat } from './format';
import { createModelledModule, isAlwaysImportable } from './modules';
import { namespaceObject } from './namespace';
import { ppJoin } from './posixPath';
import { pathAttr } from './stdlib';
import { DEFAULT_LIMITS, type EvaluationHost, type EvaluationLimits, type EvaluationNote, type ModuleEvaluation } from './types';
import { cloneValue, mergeValues, numValue, poison, pyEquals, truthy } from './valueOps';
import { pyToStr } from './valueText';
import {
  FALSE,
  isUnknown,
  NONE,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  pyStr,
  pyTuple,
  TRUE,
  typeName,
  unknown,
  type Binding,
  type CallContext,
  type Frame,
  type ModuleState,
  type PyClass,
  type PyDict,
  type PyFunction,
  type PyModule,
  type PyObject,
  type PySet,
  type PyUnknown,
  type PyValue,
  type Runtime,
} from './values';

// ------------------------------------------------------------------ runtime structures

class StepLimit {}
const STEP_LIMIT = new StepLimit();

/** Control flow that cannot be merged precisely (caught at a call or loop boundary). */
class Unmergeable {
  constructor(readonly reason: string) {}
}

type Completion =
  | { type: 'normal' }
  | { type: 'break' }
  | { type: 'continue' }
  | { type: 'return'; value: PyValue }
  | { type: 'split'; parts: Part[]; reason: string };

/** One possible outcome of a forked execution: the state it leaves and how it completed. */
interface Part {
  state: Snapshot;
  completion: Exclude<Completion, { type: 'split' }>;
}

interface Snapshot {
  maps: { map: Map<string, Binding>; entries: [string, Binding][] }[];
  env: [string, string][];
  envUnknown: [string, string][];
  envAllUnknown: string | null;
}

interface TryContext {
  frame: Frame;
  handlers: Handler[];
  /** Matched handler index -> state at the possible failure point(s). */
  failures: Map<number, Snapshot>;
  reasons: string[];
  /** Resolved handler types (lazily, like Python). */
  types: (PyClass[] | 'all' | null)[] | null;
}

const NORMAL: Completion = { type: 'normal' };
const BREAK: Completion = { type: 'break' };
const CONTINUE: Completion = { type: 'continue' };

/** Top-level module names that look like a project's own settings modules. */
const LOCAL_LOOKING = /^(settings|local|secrets?|local_?settings|settings_?local|.+_settings|settings_.+|local_.+|.+_local)$/i;
/** Loops and comprehensions over more items than this are not unrolled. */
const MAX_ITERATIONS = 10_000;
/** Module names that are never looked up in the project (shadowing them is pathological). */
const NEVER_LOCAL = new Set(['os', 'sys', 'pathlib', 'posixpath', 'json', 're', 'typing', 'logging', 'warnings', 'django', 'environ', 'decouple', 'dotenv', 'tempfile', 'socket', 'datetime', 'importlib', 'contextlib', 'functools', 'collections', 'distutils', 'ast', 'string', 'platform', 'getpass', 'secrets', 'random', 'subprocess', 'shutil', 'urllib', 'configparser', 'glob', 'io', 'copy', 'itertools', 'math', 'time', 'uuid', 'base64', 'hashlib', 'inspect', '__future__']);

// ------------------------------------------------------------------ interpreter

/** One evaluation: a module and everything it imports, with shared limits and caches. */
export class Interpreter implements Runtime {
  readonly limits: EvaluationLimits;
  readonly filesRead = new Set<string>();
  readonly notes: EvaluationNote[] = [];
  private readonly noteKeys = new Set<string>();
  steps = 0;
  depth = 0;
  private importDepth = 0;
  private readonly modules = new Map<string, ModuleState>();
  private readonly statCache = new Map<string, Promise<FileStat | undefined>>();
  private readonly modelled = new Map<string, PyModule>();
  readonly envUnknown = new Map<string, string>();
  envAllUnknown: string | null = null;
  private readonly tryStack: TryContext[] = [];
  private readonly handling: PyException[] = [];
  /** Folders created by os.makedirs / Path.mkdir during evaluation. */
  readonly createdDirs = new Set<string>();
  /** sys.path as the evaluated code sees (and may extend) it. */
  readonly sysPath: PyValue & { kind: 'list' };
  /** Per-evaluation state of modelled libraries (decouple's lazily loaded config …). */
  readonly libState = new Map<string, unknown>();

  constructor(readonly host: EvaluationHost) {
    this.limits = { ...DEFAULT_LIMITS, ...(host.limits ?? {}) };
    this.sysPath = pyList(host.sysPath.map((p) => pyStr(p)));
  }

  // ---------------------------------------------------------------- entry point

  /** Evaluates `file` as module `moduleName`. */
  async evaluate(file: string, moduleName: string, asMain: boolean): Promise<ModuleEvaluation> {
    const name = asMain ? '__main__' : moduleName;
    const isPackage = file.endsWith('/__init__.py');
    const packageName = asMain ? '' : isPackage ? moduleName : moduleName.split('.').slice(0, -1).join('.');
    const state = await this.loadModuleState(file, name, packageName);
    if (!asMain) this.modules.set(moduleName, state);
    try {
      await this.runModule(state, true);
    } catch (e) {
      if (e instanceof StepLimit) this.stopTooComplex(state);
      else {
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
    };
  }

  private stopTooComplex(state: ModuleState): void {
    const reason = `the settings code is too complex to evaluate (more than ${this.limits.maxSteps} steps)`;
    for (const [name, b] of state.globals) if (!name.startsWith('__')) state.globals.set(name, { value: unknown(reason), origin: b.origin });
    const range = this.rangeAt(state, 0, 0);
    state.opaque.push({ range, description: 'code that was too complex to evaluate' });
    this.note('warning', `Evaluation stopped: ${reason}.`, range);
  }

  private async loadModuleState(file: string, name: string, packageName: string): Promise<ModuleState> {
    const ast = await this.loadAst(file);
    const globals = new Map<string, Binding>();
    const state: ModuleState = {
      name,
      file,
      globals,
      complete: false,
      ast,
      packageName,
      value: { kind: 'module', name },
      opaque: [],
    };
    state.value.ns = state;
    const at = this.rangeAt(state, 0, 0);
    globals.set('__name__', { value: pyStr(name), origin: at });
    globals.set('__file__', { value: pyStr(file), origin: at });
    globals.set('__package__', { value: pyStr(packageName), origin: at });
    globals.set('__doc__', { value: NONE, origin: at });
    return state;
  }

  /** Reads and parses a module (through the parse cache). */
  private async loadAst(file: string): Promise<ModuleAst> {
    this.filesRead.add(file);
    const failed = (failure: string): ModuleAst => ({ body: [], source: '', lineStarts: [0], syntaxErrors: [], failure });
    const st = await this.stat(file);
    if (!st || st.type !== 'file') return failed('the file does not exist');
    if (st.size > this.limits.maxFileBytes) return failed(`the file is larger than ${this.limits.maxFileBytes} bytes`);
    const cached = this.host.cache?.get(file, st.size, st.mtime);
    if (cached) return cached;
    let bytes: Uint8Array;
    try {
      bytes = await this.host.fs.readFile(file);
    } catch {
      return failed('the file cannot be read');
    }
    let ast: ModuleAst;
    if (bytes.length > this.limits.maxFileBytes) ast = failed(`the file is larger than ${this.limits.maxFileBytes} bytes`);
    else if (bytes.includes(0)) ast = failed('the file is binary (it contains NUL bytes)');
    else {
      let text = new TextDecoder('utf-8').decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      ast = parseModule(text);
    }
    this.host.cache?.set(file, st.size, st.mtime, ast);
    return ast;
  }

  private async runModule(state: ModuleState, isRoot: boolean): Promise<void> {
    const ast = state.ast;
    if (ast.failure) {
      this.note('warning', `${state.file} was not evaluated: ${ast.failure}.`, this.rangeAt(state, 0, 0));
      state.opaque.push({ range: this.rangeAt(state, 0, 0), description: `a module that could not be evaluated (${ast.failure})` });
      state.complete = true;
      return;
    }
    let reported = 0;
    for (const off of ast.syntaxErrors) {
      if (reported++ >= 10) {
        this.note('warning', `${state.file}: ${ast.syntaxErrors.length - 10} more syntax errors.`);
        break;
      }
      const r = this.rangeAt(state, off, off);
      this.note('warning', `Syntax error at line ${r.line}; the broken statement is skipped (Python would refuse to import ${state.file}).`, r);
    }
    const frame: Frame = { module: state, locals: null, globalDecl: null, closure: null, isClass: false };
    // Python refuses to import a module with a syntax error: nothing after the first one is
    // claimed (what comes before is still shown, the syntax error is noted).
    const firstError = ast.syntaxErrors.length ? ast.syntaxErrors[0] : Infinity;
    let stopped = false;
    for (const s of ast.body) {
      if (s.from > firstError) {
        const r = this.rangeAt(state, firstError, firstError);
        if (!stopped) {
          stopped = true;
          state.opaque.push({ range: r, description: `the rest of ${state.file}, after the syntax error at line ${r.line}` });
        }
        this.havoc([s], `this line follows a syntax error at line ${r.line}; Python cannot import ${state.file}`, frame);
        continue;
      }
      try {
        const c = await this.execStmt(s, frame);
        if (c.type === 'split') this.installCombined(c.parts, frame, c.reason);
      } catch (e) {
        if (e instanceof PyException) {
          if (!isRoot && (await this.wouldBeCaught(e))) {
            state.complete = true;
            throw e;
          }
          this.uncaught(e, s, frame);
        } else if (e instanceof Unmergeable) {
          this.havoc([s], e.reason, frame);
        } else if (e instanceof StepLimit) {
          throw e;
        } else {
          const msg = e instanceof Error ? e.message : String(e);
          this.note('warning', `Internal evaluator error at line ${this.rangeOf(s, state).line} (${msg}); the statement is treated as unknown.`, this.rangeOf(s, state));
          this.havoc([s], 'the evaluator failed on this statement', frame);
        }
      }
    }
    state.complete = true;
  }

  /** An exception escaped a top-level statement: Django would stop. Keep going with the names
   *  that statement assigns unknown, so one missing variable does not hide every other setting. */
  private uncaught(e: PyException, s: Stmt, frame: Frame): void {
    const r = this.rangeOf(s, frame.module);
    const what = `${e.cls.name}${e.message ? ': ' + e.message : ''}`;
    this.note('warning', `Line ${r.line} raises ${what} with the environment used for analysis; Django would fail to start. Names it assigns are treated as unknown.`, r);
    this.havoc([s], `line ${r.line} raises ${what}`, frame);
  }

  private async wouldBeCaught(e: PyException): Promise<boolean> {
    for (let i = this.tryStack.length - 1; i >= 0; i--) if ((await this.matchHandler(this.tryStack[i], e.cls, e.uncertain)) >= 0) return true;
    return false;
  }

  // ---------------------------------------------------------------- services for builtins

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

  /** File metadata, cached for the evaluation. */
  stat(path: string): Promise<FileStat | undefined> {
    let p = this.statCache.get(path);
    if (!p) {
      p = this.host.fs.stat(path).catch(() => undefined);
      this.statCache.set(path, p);
    }
    return p;
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
    try {
      const bytes = await this.host.fs.readFile(path);
      if (bytes.includes(0)) return undefined;
      let text = new TextDecoder('utf-8').decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return text;
    } catch {
      return undefined;
    }
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

  /** A failure that may or may not happen here (an uninstalled package, an unknown key): if an
   *  enclosing try would catch it, its handler also runs, from the current state. */
  async maybeRaise(excName: string | null, description: string): Promise<void> {
    if (!this.tryStack.length) return;
    const cls = (excName && EXC[excName]) || EXC.Exception;
    for (let i = this.tryStack.length - 1; i >= 0; i--) {
      const ctx = this.tryStack[i];
      const idx = await this.matchHandler(ctx, cls, excName === null);
      if (idx < 0) continue;
      this.recordFailure(ctx, idx, this.capture(ctx.frame), description);
      return;
    }
  }

  private recordFailure(ctx: TryContext, idx: number, snap: Snapshot, description: string): void {
    const prev = ctx.failures.get(idx);
    ctx.failures.set(idx, prev ? this.mergeSnapshots(prev, snap, `depends on whether ${description}`) : snap);
    ctx.reasons.push(description);
  }

  /** Source range of a node in a module. */
  rangeOf(span: Span, module: ModuleState): SourceRange {
    return this.rangeAt(module, span.from, span.to);
  }

  private rangeAt(module: ModuleState, from: number, to: number): SourceRange {
    const a = positionOf(module.ast, from);
    const b = positionOf(module.ast, to);
    return { file: module.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private textOf(span: Span, module: ModuleState, max = 80): string {
    const t = module.ast.source.slice(span.from, span.to).replace(/\s+/g, ' ');
    return t.length > max ? t.slice(0, max - 1) + '…' : t;
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) throw STEP_LIMIT;
  }

  // ---------------------------------------------------------------- names

  lookup(name: string, frame: Frame, span: Span | null): PyValue {
    if (frame.locals && !frame.globalDecl?.has(name)) {
      const b = frame.locals.get(name);
      if (b) return b.value;
    }
    for (let f = frame.closure; f; f = f.closure) {
      if (f.locals && !f.isClass) {
        const b = f.locals.get(name);
        if (b) return b.value;
      }
    }
    const g = frame.module.globals.get(name);
    if (g) return g.value;
    const bi = BUILTINS.get(name);
    if (bi) return bi;
    if (frame.module.opaque.length) {
      return unknown(`${name} may be defined by ${frame.module.opaque[0].description}, which cannot be followed`, span ? this.rangeOf(span, frame.module) : undefined);
    }
    return this.raise('NameError', `name '${name}' is not defined`);
  }

  private setName(name: string, value: PyValue, frame: Frame, origin: SourceRange): void {
    const b: Binding = { value, origin };
    if (frame.locals && !frame.globalDecl?.has(name)) frame.locals.set(name, b);
    else frame.module.globals.set(name, b);
  }

  private deleteName(name: string, frame: Frame): void {
    if (frame.locals && !frame.globalDecl?.has(name)) {
      if (!frame.locals.delete(name)) this.raise('NameError', `name '${name}' is not defined`);
    } else if (!frame.module.globals.delete(name)) this.raise('NameError', `name '${name}' is not defined`);
  }

  // ---------------------------------------------------------------- statements

  private async execBlock(stmts: Stmt[], frame: Frame, start = 0): Promise<Completion> {
    for (let i = start; i < stmts.length; i++) {
      const c = await this.execStmt(stmts[i], frame);
      if (c.type === 'normal') continue;
      if (c.type !== 'split') return c;
      // Some outcomes continue with the rest of the block, others already left it.
      const outcomes: Part[] = [];
      for (const part of c.parts) {
        if (part.completion.type !== 'normal') {
          outcomes.push(part);
          continue;
        }
        this.install(part.state);
        const rest = await this.execBlock(stmts, frame, i + 1);
        if (rest.type === 'split') outcomes.push(...rest.parts);
        else outcomes.push({ state: this.capture(frame), completion: rest });
      }
      return this.combine(outcomes, c.reason, frame);
    }
    return NORMAL;
  }

  private async execStmt(s: Stmt, frame: Frame): Promise<Completion> {
    this.step();
    switch (s.t) {
      case 'Assign': {
        const value = await this.evalExpr(s.value, frame);
        for (const target of s.targets) await this.assign(target, value, frame, s.value);
        return NORMAL;
      }
      case 'AnnOnly':
      case 'Pass':
      case 'Global':
      case 'Nonlocal':
        return NORMAL;
      case 'AugAssign':
        await this.augAssign(s, frame);
        return NORMAL;
      case 'Expr':
        await this.evalExpr(s.value, frame);
        return NORMAL;
      case 'If':
        return this.execIf(s, 0, frame);
      case 'For':
        return this.execFor(s, frame);
      case 'While':
        return this.execWhile(s, frame);
      case 'Try':
        return this.execTry(s, frame);
      case 'With':
        return this.execWith(s, frame);
      case 'Def':
        await this.execDef(s, frame);
        return NORMAL;
      case 'Class':
        await this.execClass(s, frame);
        return NORMAL;
      case 'Return':
        return { type: 'return', value: s.value ? await this.evalExpr(s.value, frame) : NONE };
      case 'Break':
        return BREAK;
      case 'Continue':
        return CONTINUE;
      case 'Import':
        await this.execImport(s, frame);
        return NORMAL;
      case 'ImportFrom':
        await this.execImportFrom(s, frame);
        return NORMAL;
      case 'Raise':
        return this.execRaise(s, frame);
      case 'Del':
        for (const t of s.targets) await this.deleteTarget(t, frame);
        return NORMAL;
      case 'Assert': {
        const v = truthy(await this.evalExpr(s.test, frame));
        if (v === false) {
          const msg = s.msg ? await this.evalExpr(s.msg, frame) : null;
          const text = msg ? pyToStr(msg) : '';
          this.raise('AssertionError', typeof text === 'string' ? text : '');
        }
        return NORMAL;
      }
      case 'Skip': {
        const r = this.rangeOf(s, frame.module);
        if (!s.syntaxError) this.note('info', `Line ${r.line}: ${s.reason}.`, r);
        this.havoc([s], `line ${r.line}: ${s.reason}`, frame);
        return NORMAL;
      }
    }
  }

  private async execIf(s: Stmt & { t: 'If' }, from: number, frame: Frame): Promise<Completion> {
    for (let i = from; i < s.tests.length; i++) {
      const test = await this.evalExpr(s.tests[i], frame);
      const t = truthy(test);
      if (t === true) return this.execBlock(s.bodies[i], frame);
      if (t === false) continue;
      const reason = `depends on \`${this.textOf(s.tests[i], frame.module)}\`, which is unknown: ${clip(t.reason)}`;
      return this.fork(
        frame,
        reason,
        () => this.execBlock(s.bodies[i], frame),
        () => this.execIf(s, i + 1, frame),
      );
    }
    return s.orelse ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  private async execFor(s: Stmt & { t: 'For' }, frame: Frame): Promise<Completion> {
    const iterable = await this.evalExpr(s.iter, frame);
    const items = iterate(iterable);
    if (isUnknown(items) || items.length > MAX_ITERATIONS) {
      const why = isUnknown(items) ? `the loop over \`${this.textOf(s.iter, frame.module)}\` cannot be unrolled: ${items.reason}` : `the loop runs more than ${MAX_ITERATIONS} times`;
      this.havoc([s], why, frame);
      return NORMAL;
    }
    for (const item of items) {
      await this.assign(s.target, item, frame, s.iter);
      const c = await this.execBlock(s.body, frame);
      if (c.type === 'break') return NORMAL;
      if (c.type === 'return') return c;
      if (c.type === 'split') return this.loopSplit(c, s, frame);
    }
    return s.orelse ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  private loopSplit(c: Completion & { type: 'split' }, s: Stmt, frame: Frame): Completion {
    const reason = `depends on how the loop ends: ${c.reason}`;
    if (c.parts.some((p) => p.completion.type === 'return')) throw new Unmergeable(reason);
    this.installCombined(c.parts, frame, reason);
    this.havoc([s], reason, frame);
    return NORMAL;
  }

  private async execWhile(s: Stmt & { t: 'While' }, frame: Frame): Promise<Completion> {
    for (let n = 0; ; n++) {
      if (n >= MAX_ITERATIONS) {
        this.havoc([s], `the loop runs more than ${MAX_ITERATIONS} times`, frame);
        return NORMAL;
      }
      const t = truthy(await this.evalExpr(s.test, frame));
      if (t === false) break;
      if (t !== true) {
        this.havoc([s], `the loop condition \`${this.textOf(s.test, frame.module)}\` is unknown: ${t.reason}`, frame);
        return NORMAL;
      }
      const c = await this.execBlock(s.body, frame);
      if (c.type === 'break') return NORMAL;
      if (c.type === 'return') return c;
      if (c.type === 'split') return this.loopSplit(c, s, frame);
    }
    return s.orelse ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  private async execTry(s: Stmt & { t: 'Try' }, frame: Frame): Promise<Completion> {
    const ctx: TryContext = { frame, handlers: s.handlers, failures: new Map(), reasons: [], types: null };
    this.tryStack.push(ctx);
    let result: Completion | null = null;
    let raised: PyException | null = null;
    try {
      result = await this.execBlock(s.body, frame);
    } catch (e) {
      if (!(e instanceof PyException)) {
        this.tryStack.splice(this.tryStack.indexOf(ctx), 1);
        throw e;
      }
      raised = e;
    }
    this.tryStack.splice(this.tryStack.indexOf(ctx), 1);

    let completion: Completion;
    try {
      if (raised) {
        const idx = await this.matchHandler(ctx, raised.cls, raised.uncertain);
        if (idx < 0) {
          if (ctx.failures.size) {
            // The exception escapes, but some earlier possible failures were caught: those are
            // the only ways this statement completes.
            const parts = await this.runFailures(ctx, frame);
            completion = this.combine(parts, this.tryReason(s, frame, ctx), frame);
          } else {
            if (s.finalbody) await this.execBlock(s.finalbody, frame);
            throw raised;
          }
        } else if (!ctx.failures.size) {
          completion = await this.runHandler(s.handlers[idx], raised, frame);
        } else {
          const parts = this.asParts(await this.runHandler(s.handlers[idx], raised, frame), frame);
          parts.push(...(await this.runFailures(ctx, frame)));
          completion = this.combine(parts, this.tryReason(s, frame, ctx), frame);
        }
      } else {
        let c = result as Completion;
        if (c.type === 'normal' && s.orelse) c = await this.execBlock(s.orelse, frame);
        if (!ctx.failures.size) completion = c;
        else {
          const parts = this.asParts(c, frame);
          parts.push(...(await this.runFailures(ctx, frame)));
          completion = this.combine(parts, this.tryReason(s, frame, ctx), frame);
        }
      }
    } catch (e) {
      if (e instanceof PyException && s.finalbody && e !== raised) await this.execBlock(s.finalbody, frame);
      throw e;
    }
    if (s.finalbody) {
      if (completion.type === 'split') {
        this.installCombined(completion.parts, frame, completion.reason);
        completion = NORMAL;
      }
      const f = await this.execBlock(s.finalbody, frame);
      if (f.type !== 'normal') return f;
    }
    return completion;
  }

  private tryReason(s: Span, frame: Frame, ctx: TryContext): string {
    const what = [...new Set(ctx.reasons)].slice(0, 2).join(' or ');
    if (what) return `depends on whether ${what}`;
    return `depends on whether the try block at line ${this.rangeOf(s, frame.module).line} fails`;
  }

  private asParts(c: Completion, frame: Frame): Part[] {
    if (c.type === 'split') return [...c.parts];
    return [{ state: this.capture(frame), completion: c }];
  }

  private async runFailures(ctx: TryContext, frame: Frame): Promise<Part[]> {
    const parts: Part[] = [];
    for (const [idx, snap] of ctx.failures) {
      this.install(snap);
      const h = ctx.handlers[idx];
      const exc = new PyException(EXC.Exception, 'an exception that may be raised', makeExceptionInstance(EXC.Exception, []), true);
      let c: Completion;
      try {
        c = await this.runHandler(h, exc, frame);
      } catch (e) {
        if (e instanceof PyException) continue; // this path fails anyway
        throw e;
      }
      parts.push(...this.asParts(c, frame));
    }
    return parts;
  }

  private async runHandler(h: Handler, exc: PyException, frame: Frame): Promise<Completion> {
    const origin = this.rangeOf(h, frame.module);
    if (h.name) this.setName(h.name, exc.instance, frame, origin);
    this.handling.push(exc);
    try {
      return await this.execBlock(h.body, frame);
    } finally {
      this.handling.pop();
      if (h.name) {
        if (frame.locals && !frame.globalDecl?.has(h.name)) frame.locals.delete(h.name);
        else frame.module.globals.delete(h.name);
      }
    }
  }

  /** Index of the handler that catches `cls`, or -1. Unknown handler types never match. */
  private async matchHandler(ctx: TryContext, cls: PyClass, uncertain: boolean): Promise<number> {
    if (!ctx.types) {
      ctx.types = [];
      for (const h of ctx.handlers) {
        if (!h.type) {
          ctx.types.push('all');
          continue;
        }
        try {
          const v = await this.evalExpr(h.type, ctx.frame);
          const items = v.kind === 'tuple' ? v.items : [v];
          const classes = items.filter((x): x is PyClass => x.kind === 'class' && !x.opaqueBase);
          ctx.types.push(classes.length === items.length ? classes : classes.length ? classes : null);
        } catch (e) {
          if (!(e instanceof PyException)) throw e;
          ctx.types.push(null);
        }
      }
    }
    for (let i = 0; i < ctx.types.length; i++) {
      const t = ctx.types[i];
      if (t === 'all') return i;
      if (!t) continue;
      if (uncertain) {
        if (t.some((c) => c === EXC.Exception || c === EXC.BaseException)) return i;
        continue;
      }
      if (t.some((c) => isSubclass(cls, c))) return i;
    }
    return -1;
  }

  private async execWith(s: Stmt & { t: 'With' }, frame: Frame): Promise<Completion> {
    const suppressed: PyClass[] = [];
    for (const item of s.items) {
      const ctxValue = await this.evalExpr(item.ctx, frame);
      let bound: PyValue = ctxValue;
      if (ctxValue.kind === 'object' && ctxValue.type.name === 'contextlib.suppress') {
        suppressed.push(...(ctxValue.data as PyClass[]));
        bound = NONE;
      } else if (ctxValue.kind === 'object' && ctxValue.type.name === 'file') {
        bound = ctxValue;
      } else if (ctxValue.kind !== 'unknown') {
        bound = unknown(`the context manager \`${this.textOf(item.ctx, frame.module)}\` is not evaluated`, this.rangeOf(item.ctx, frame.module));
      }
      if (item.target) await this.assign(item.target, bound, frame, item.ctx);
    }
    if (!suppressed.length) return this.execBlock(s.body, frame);
    // `with suppress(E): body` behaves like `try: body / except E: pass`.
    const handler: Handler = { from: s.from, to: s.to, type: null, name: null, body: [] };
    const ctx: TryContext = { frame, handlers: [handler], failures: new Map(), reasons: [], types: [suppressed] };
    this.tryStack.push(ctx);
    let c: Completion;
    try {
      c = await this.execBlock(s.body, frame);
    } catch (e) {
      this.tryStack.splice(this.tryStack.indexOf(ctx), 1);
      if (e instanceof PyException && suppressed.some((cls) => isSubclass(e.cls, cls))) c = NORMAL;
      else throw e;
      return this.finishSuppress(c, ctx, s, frame);
    }
    this.tryStack.splice(this.tryStack.indexOf(ctx), 1);
    return this.finishSuppress(c, ctx, s, frame);
  }

  private finishSuppress(c: Completion, ctx: TryContext, s: Span, frame: Frame): Completion {
    if (!ctx.failures.size) return c;
    const parts = this.asParts(c, frame);
    for (const snap of ctx.failures.values()) parts.push({ state: snap, completion: NORMAL as Part['completion'] });
    return this.combine(parts, this.tryReason(s, frame, ctx), frame);
  }

  private async execRaise(s: Stmt & { t: 'Raise' }, frame: Frame): Promise<Completion> {
    if (!s.exc) {
      const cur = this.handling[this.handling.length - 1];
      if (cur) throw cur;
      this.raise('RuntimeError', 'No active exception to reraise');
    }
    const v = await this.evalExpr(s.exc, frame);
    if (v.kind === 'class' && v.isException) throw new PyException(v, '', makeExceptionInstance(v, []));
    if (v.kind === 'class' && v.opaqueBase) throw new PyException(EXC.Exception, `${v.name} (a class deriving from code that is not evaluated)`, makeExceptionInstance(EXC.Exception, []), true);
    const cls = exceptionClassOf(v);
    if (cls) {
      const args = (v as PyObject).data as { args: PyValue[] };
      const first = args.args[0];
      const msg = first ? pyToStr(first) : '';
      throw new PyException(cls, typeof msg === 'string' ? msg : '', v);
    }
    const reason = v.kind === 'unknown' ? v.reason : `raises a ${typeName(v)}`;
    throw new PyException(EXC.Exception, `\`${this.textOf(s.exc, frame.module)}\` (${reason})`, makeExceptionInstance(EXC.Exception, []), true);
  }

  private async execDef(s: Stmt & { t: 'Def' }, frame: Frame): Promise<void> {
    const fn = await this.makeFunction(s.def.name, s.def.params, s.def, null, frame);
    let value: PyValue = fn;
    for (let i = s.decorators.length - 1; i >= 0; i--) value = await this.applyDecorator(s.decorators[i], value, frame);
    this.setName(s.def.name, value, frame, this.rangeOf(s, frame.module));
  }

  private async applyDecorator(d: Expr, target: PyValue, frame: Frame): Promise<PyValue> {
    const dec = await this.evalExpr(d, frame);
    if (dec.kind === 'builtin' && (dec.name === 'identity-decorator' || dec.name === 'property' || dec.name === 'staticmethod' || dec.name === 'classmethod')) return target;
    if (dec.kind === 'unknown' || dec.kind === 'object') {
      return unknown(`decorated by \`${this.textOf(d, frame.module)}\`, which is not evaluated`, this.rangeOf(d, frame.module));
    }
    return this.callValue(dec, [target], null, frame, d);
  }

  private async makeFunction(name: string, params: Param[], def: FunctionDef | null, body: Expr | null, frame: Frame): Promise<PyFunction> {
    const defaults = new Map<string, PyValue>();
    for (const p of params) if (p.default) defaults.set(p.name, await this.evalExpr(p.default, frame));
    return { kind: 'function', name, params, def, body, defaults, closure: frame };
  }

  private async execClass(s: Stmt & { t: 'Class' }, frame: Frame): Promise<void> {
    const bases: PyClass[] = [];
    let basesKnown = true;
    for (const a of s.bases) {
      if (a.kind !== 'pos') continue;
      const b = await this.evalExpr(a.value, frame);
      if (b.kind === 'class') bases.push(b);
      else basesKnown = false;
    }
    const classFrame: Frame = { module: frame.module, locals: new Map(), globalDecl: null, closure: frame.locals ? frame : frame.closure, isClass: true };
    await this.execBlock(s.body, classFrame);
    const attrs = new Map<string, PyValue>();
    for (const [k, b] of classFrame.locals as Map<string, Binding>) attrs.set(k, b.value);
    const isException = basesKnown && bases.some((b) => b.isException);
    const cls: PyClass = { kind: 'class', name: s.name, bases, attrs, mro: [s.name, ...bases.flatMap((b) => b.mro)], isException };
    if (!basesKnown || bases.some((b) => b.opaqueBase)) cls.opaqueBase = true;
    let value: PyValue = cls;
    for (let i = s.decorators.length - 1; i >= 0; i--) value = await this.applyDecorator(s.decorators[i], value, frame);
    this.setName(s.name, value, frame, this.rangeOf(s, frame.module));
  }

  private async augAssign(s: Stmt & { t: 'AugAssign' }, frame: Frame): Promise<void> {
    const target = s.target;
    const rhs = await this.evalExpr(s.value, frame);
    const origin = this.rangeOf(s.value, frame.module);
    if (target.t === 'Name') {
      const old = this.lookup(target.id, frame, target);
      const nv = await this.inplace(s.op, old, rhs, frame, s);
      this.setName(target.id, nv, frame, origin);
    } else if (target.t === 'Subscript') {
      const obj = await this.evalExpr(target.obj, frame);
      const key = await this.evalExpr(target.index, frame);
      const old = await this.getItem(obj, key, frame, target);
      await this.setItem(obj, key, await this.inplace(s.op, old, rhs, frame, s), frame, target);
    } else if (target.t === 'Attr') {
      const obj = await this.evalExpr(target.obj, frame);
      const old = this.getAttr(obj, target.attr, frame, target);
      this.setAttr(obj, target.attr, await this.inplace(s.op, old, rhs, frame, s), frame, origin);
    } else {
      this.raise('SyntaxError', "illegal expression for augmented assignment");
    }
  }

  /** In-place operators mutate lists, dicts and sets (aliases see the change), like Python. */
  private async inplace(op: string, old: PyValue, rhs: PyValue, frame: Frame, site: Span): Promise<PyValue> {
    if (old.kind === 'list' && op === '+') {
      const items = iterate(rhs);
      if (isUnknown(items)) poison(old, items.reason);
      else old.items.push(...items);
      return old;
    }
    if (old.kind === 'list' && op === '*' && rhs.kind === 'int') {
      const copy = old.items.slice();
      old.items.length = 0;
      for (let i = 0; i < rhs.value; i++) old.items.push(...copy);
      return old;
    }
    if (old.kind === 'dict' && op === '|') {
      await this.dictUpdate(old, rhs, null, frame);
      return old;
    }
    if (old.kind === 'set' && !old.frozen && (op === '|' || op === '&' || op === '-' || op === '^')) {
      const r = this.binaryOp(op, old, rhs, frame, site);
      if (r.kind === 'set') {
        old.entries = r.entries;
        if (r.poisoned) old.poisoned = r.poisoned;
        return old;
      }
      return r;
    }
    return this.binaryOp(op, old, rhs, frame, site);
  }

  // ---------------------------------------------------------------- assignment

  private async assign(target: Expr, value: PyValue, frame: Frame, valueExpr: Expr): Promise<void> {
    switch (target.t) {
      case 'Name':
        this.setName(target.id, value, frame, this.rangeOf(valueExpr, frame.module));
        return;
      case 'Tuple':
      case 'List': {
        const elts = target.elts;
        const starIdx = elts.findIndex((e) => e.t === 'Starred');
        const items = iterate(value);
        const sourceElts = (valueExpr.t === 'Tuple' || valueExpr.t === 'List') && valueExpr.elts.length === elts.length && starIdx < 0 ? valueExpr.elts : null;
        if (isUnknown(items)) {
          for (const e of elts) await this.assign(e.t === 'Starred' ? e.value : e, items, frame, valueExpr);
          return;
        }
        if (starIdx < 0) {
          if (items.length !== elts.length) {
            this.raise('ValueError', items.length > elts.length ? `too many values to unpack (expected ${elts.length})` : `not enough values to unpack (expected ${elts.length}, got ${items.length})`);
          }
          for (let i = 0; i < elts.length; i++) await this.assign(elts[i], items[i], frame, sourceElts ? sourceElts[i] : valueExpr);
          return;
        }
        const after = elts.length - starIdx - 1;
        if (items.length < elts.length - 1) this.raise('ValueError', `not enough values to unpack (expected at least ${elts.length - 1}, got ${items.length})`);
        for (let i = 0; i < starIdx; i++) await this.assign(elts[i], items[i], frame, valueExpr);
        const star = elts[starIdx] as Expr & { t: 'Starred' };
        await this.assign(star.value, pyList(items.slice(starIdx, items.length - after)), frame, valueExpr);
        for (let i = 0; i < after; i++) await this.assign(elts[starIdx + 1 + i], items[items.length - after + i], frame, valueExpr);
        return;
      }
      case 'Attr': {
        const obj = await this.evalExpr(target.obj, frame);
        this.setAttr(obj, target.attr, value, frame, this.rangeOf(valueExpr, frame.module));
        return;
      }
      case 'Subscript': {
        const obj = await this.evalExpr(target.obj, frame);
        if (target.index.t === 'Slice') {
          await this.setSlice(obj, target.index, value, frame);
          return;
        }
        const key = await this.evalExpr(target.index, frame);
        await this.setItem(obj, key, value, frame, target);
        return;
      }
      case 'Starred':
        return this.raise('SyntaxError', 'starred assignment target must be in a list or tuple');
      default:
        return this.raise('SyntaxError', 'cannot assign to expression');
    }
  }

  private async setSlice(obj: PyValue, slice: Expr & { t: 'Slice' }, value: PyValue, frame: Frame): Promise<void> {
    if (obj.kind !== 'list') {
      if (obj.kind !== 'unknown') this.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`);
      return;
    }
    const lo = slice.lower ? await this.evalExpr(slice.lower, frame) : NONE;
    const hi = slice.upper ? await this.evalExpr(slice.upper, frame) : NONE;
    const st = slice.step ? await this.evalExpr(slice.step, frame) : NONE;
    const items = iterate(value);
    if (isUnknown(items) || isUnknown(lo) || isUnknown(hi) || st.kind !== 'none') {
      poison(obj, isUnknown(items) ? items.reason : 'a slice assignment that is not evaluated');
      return;
    }
    const idx = sliceIndices(obj.items.length, lo, hi, NONE);
    if (typeof idx === 'string') this.raise('TypeError', idx);
    obj.items.splice(idx.start, Math.max(0, idx.stop - idx.start), ...items);
  }

  private async deleteTarget(t: Expr, frame: Frame): Promise<void> {
    if (t.t === 'Name') this.deleteName(t.id, frame);
    else if (t.t === 'Tuple' || t.t === 'List') for (const e of t.elts) await this.deleteTarget(e, frame);
    else if (t.t === 'Subscript') {
      const obj = await this.evalExpr(t.obj, frame);
      const key = await this.evalExpr(t.index, frame);
      if (obj.kind === 'dict') {
        const k = keyOf(key);
        if (typeof k !== 'string') return poison(obj, k.reason);
        if (!obj.entries.delete(k) && !obj.poisoned) this.raiseKey(key);
      } else if (obj.kind === 'list') {
        if (key.kind === 'int') {
          const i = key.value < 0 ? obj.items.length + key.value : key.value;
          if (i < 0 || i >= obj.items.length) this.raise('IndexError', 'list assignment index out of range');
          obj.items.splice(i, 1);
        } else poison(obj, 'an item deletion that is not evaluated');
      } else if (obj.kind === 'object' && obj.type.delitem) obj.type.delitem(obj, key, this.ctx(frame, t, t.obj));
    }
  }

  // ---------------------------------------------------------------- forks

  /** Runs two alternative branches on copies of the state and merges what they leave. */
  private async fork(frame: Frame, reason: string, a: () => Promise<Completion>, b: () => Promise<Completion>): Promise<Completion> {
    const base = this.capture(frame);
    const partsA = await this.runBranch(frame, a);
    this.install(base);
    const partsB = await this.runBranch(frame, b);
    const all = [...partsA, ...partsB];
    const ok = all.filter((p): p is Part => !(p instanceof Raised));
    const raised = all.filter((p): p is Raised => p instanceof Raised);
    if (!ok.length) {
      this.install(raised[0].state);
      throw raised[0].exc;
    }
    for (const r of raised) {
      // This branch fails: if a try around it would catch that, its handler is a possible path;
      // otherwise Django would stop there, and the settings that matter are those of the paths
      // that succeed.
      await this.registerRaisedBranch(r);
    }
    return this.combine(ok, reason, frame);
  }

  private async registerRaisedBranch(r: Raised): Promise<void> {
    for (let i = this.tryStack.length - 1; i >= 0; i--) {
      const ctx = this.tryStack[i];
      const idx = await this.matchHandler(ctx, r.exc.cls, r.exc.uncertain);
      if (idx < 0) continue;
      this.install(r.state);
      this.recordFailure(ctx, idx, this.capture(ctx.frame), `${r.exc.cls.name} is raised`);
      return;
    }
  }

  private async runBranch(frame: Frame, fn: () => Promise<Completion>): Promise<(Part | Raised)[]> {
    try {
      const c = await fn();
      if (c.type === 'split') return c.parts;
      return [{ state: this.capture(frame), completion: c }];
    } catch (e) {
      if (e instanceof PyException) return [new Raised(e, this.capture(frame))];
      throw e;
    }
  }

  /** Merges outcomes: same-kind completions merge their states; different kinds stay split. */
  private combine(parts: Part[], reason: string, frame: Frame): Completion {
    if (parts.length === 1) {
      this.install(parts[0].state);
      return parts[0].completion;
    }
    const groups = new Map<string, Part[]>();
    for (const p of parts) {
      const g = groups.get(p.completion.type);
      if (g) g.push(p);
      else groups.set(p.completion.type, [p]);
    }
    const merged: Part[] = [];
    for (const [type, g] of groups) {
      let state = g[0].state;
      for (let i = 1; i < g.length; i++) state = this.mergeSnapshots(state, g[i].state, reason);
      let completion = g[0].completion;
      if (type === 'return') {
        let v = (g[0].completion as { value: PyValue }).value;
        const memo = new Map<object, Map<object, PyValue>>();
        for (let i = 1; i < g.length; i++) v = mergeValues(v, (g[i].completion as { value: PyValue }).value, reason, memo);
        completion = { type: 'return', value: v };
      }
      merged.push({ state, completion });
    }
    if (merged.length === 1) {
      this.install(merged[0].state);
      return merged[0].completion;
    }
    void frame;
    return { type: 'split', parts: merged, reason };
  }

  private installCombined(parts: Part[], frame: Frame, reason: string): void {
    const all = parts.map((p) => ({ state: p.state, completion: NORMAL as Part['completion'] }));
    this.combine(all, reason, frame);
  }

  /** Copies the state a branch can change: the frame's variables, its module's globals, env. */
  private capture(frame: Frame): Snapshot {
    const memo = new Map<object, PyValue>();
    const maps: Snapshot['maps'] = [];
    const add = (map: Map<string, Binding>): void => {
      if (maps.some((m) => m.map === map)) return;
      const entries: [string, Binding][] = [];
      for (const [k, b] of map) entries.push([k, { value: cloneValue(b.value, memo), origin: b.origin }]);
      maps.push({ map, entries });
    };
    for (let f: Frame | null = frame; f; f = f.closure) if (f.locals) add(f.locals);
    add(frame.module.globals);
    // Copies count against the step budget, so forks inside long loops stay bounded.
    this.steps += memo.size + maps.reduce((n, m) => n + m.entries.length, 0);
    if (this.steps > this.limits.maxSteps) throw STEP_LIMIT;
    return {
      maps,
      env: [...this.host.env],
      envUnknown: [...this.envUnknown],
      envAllUnknown: this.envAllUnknown,
    };
  }

  private install(s: Snapshot): void {
    const memo = new Map<object, PyValue>();
    for (const { map, entries } of s.maps) {
      map.clear();
      for (const [k, b] of entries) map.set(k, { value: cloneValue(b.value, memo), origin: b.origin });
    }
    this.host.env.clear();
    for (const [k, v] of s.env) this.host.env.set(k, v);
    this.envUnknown.clear();
    for (const [k, v] of s.envUnknown) this.envUnknown.set(k, v);
    this.envAllUnknown = s.envAllUnknown;
  }

  private mergeSnapshots(a: Snapshot, b: Snapshot, reason: string): Snapshot {
    const memo = new Map<object, Map<object, PyValue>>();
    const maps: Snapshot['maps'] = [];
    for (const ma of a.maps) {
      const mb = b.maps.find((m) => m.map === ma.map);
      if (!mb) {
        maps.push(ma);
        continue;
      }
      const bm = new Map(mb.entries);
      const entries: [string, Binding][] = [];
      for (const [k, ba] of ma.entries) {
        const bb = bm.get(k);
        if (!bb) entries.push([k, { value: unknown(reason), origin: ba.origin }]);
        else entries.push([k, { value: mergeValues(ba.value, bb.value, reason, memo), origin: ba.origin }]);
        bm.delete(k);
      }
      for (const [k, bb] of bm) entries.push([k, { value: unknown(reason), origin: bb.origin }]);
      maps.push({ map: ma.map, entries });
    }
    const envB = new Map(b.env);
    const env: [string, string][] = [];
    const envUnknown = new Map([...a.envUnknown, ...b.envUnknown]);
    for (const [k, v] of a.env) {
      if (envB.get(k) === v) env.push([k, v]);
      else envUnknown.set(k, reason);
      envB.delete(k);
    }
    for (const k of envB.keys()) envUnknown.set(k, reason);
    return { maps, env, envUnknown: [...envUnknown], envAllUnknown: a.envAllUnknown ?? b.envAllUnknown };
  }

  /** Makes unknown whatever the statements may assign or mutate (loops that cannot be unrolled,
   *  statements that cannot be evaluated). */
  private havoc(stmts: Stmt[], reason: string, frame: Frame): void {
    const eff = effectsOf(stmts);
    this.addCalledEffects(eff, frame, 0, new Set());
    const origin = this.rangeOf(stmts[0], frame.module);
    for (const name of eff.assigned) {
      this.setName(name, unknown(reason, origin), frame, origin);
    }
    for (const name of eff.globalAssigned) frame.module.globals.set(name, { value: unknown(reason, origin), origin });
    for (const name of eff.mutated) {
      let cur: PyValue | undefined;
      try {
        cur = this.lookup(name, frame, null);
      } catch {
        cur = undefined;
      }
      if (cur && (cur.kind === 'list' || cur.kind === 'dict' || cur.kind === 'set')) poison(cur, reason);
      else if (cur && cur.kind !== 'module' && cur.kind !== 'object' && cur.kind !== 'builtin') this.setName(name, unknown(reason, origin), frame, origin);
    }
    if (eff.env) this.envAllUnknown = this.envAllUnknown ?? reason;
    if (eff.opaque) this.opaqueWrite(frame, origin, 'code that was not evaluated');
  }

  /** Adds what project functions called in a block may do to module globals (`global` names,
   *  mutated module-level containers, the environment), transitively. */
  private addCalledEffects(eff: Effects, frame: Frame, depth: number, seen: Set<FunctionDef>): void {
    if (depth > 6) return;
    for (const name of [...eff.calls]) {
      let fn: PyValue | undefined;
      try {
        fn = this.lookup(name, frame, null);
      } catch {
        fn = undefined;
      }
      if (!fn || fn.kind !== 'function' || !fn.def || seen.has(fn.def)) continue;
      seen.add(fn.def);
      const inner = effectsOf(fn.def.body);
      const globalNames = globalsOf(fn.def);
      const locals = new Set([...fn.params.map((p) => p.name), ...[...inner.assigned].filter((n) => !globalNames.has(n))]);
      if (inner.opaque) eff.opaque = true;
      this.addCalledEffects(inner, fn.closure as Frame, depth + 1, seen);
      for (const n of inner.assigned) if (globalNames.has(n)) eff.globalAssigned.add(n);
      for (const n of inner.globalAssigned) eff.globalAssigned.add(n);
      for (const n of inner.mutated) if (!locals.has(n)) eff.mutated.add(n);
      // A function that mutates a parameter mutates what the caller passed.
      if (fn.params.some((p) => inner.mutated.has(p.name))) for (const r of eff.callArgs.get(name) ?? []) eff.mutated.add(r);
      if (inner.env) eff.env = true;
    }
  }

  // ---------------------------------------------------------------- expressions

  async evalExpr(e: Expr, frame: Frame): Promise<PyValue> {
    this.step();
    if (++this.depth > this.limits.maxDepth) {
      this.depth--;
      return unknown(`the expression is too complex (nested deeper than ${this.limits.maxDepth})`, this.rangeOf(e, frame.module));
    }
    try {
      return await this.evalInner(e, frame);
    } finally {
      this.depth--;
    }
  }

  private async evalInner(e: Expr, frame: Frame): Promise<PyValue> {
    switch (e.t) {
      case 'Name':
        return this.lookup(e.id, frame, e);
      case 'Const':
        return literalValue(e.value);
      case 'Attr': {
        const obj = await this.evalExpr(e.obj, frame);
        return this.getAttr(obj, e.attr, frame, e);
      }
      case 'Call':
        return this.evalCall(e, frame);
      case 'BinOp': {
        const l = await this.evalExpr(e.left, frame);
        const r = await this.evalExpr(e.right, frame);
        return this.binaryOp(e.op, l, r, frame, e);
      }
      case 'Subscript': {
        const obj = await this.evalExpr(e.obj, frame);
        if (e.index.t === 'Slice') {
          const lo = e.index.lower ? await this.evalExpr(e.index.lower, frame) : NONE;
          const hi = e.index.upper ? await this.evalExpr(e.index.upper, frame) : NONE;
          const st = e.index.step ? await this.evalExpr(e.index.step, frame) : NONE;
          return this.getSlice(obj, lo, hi, st, frame, e);
        }
        const key = await this.evalExpr(e.index, frame);
        return this.getItem(obj, key, frame, e);
      }
      case 'FString':
        return this.evalFString(e.parts, frame, e);
      case 'Concat': {
        let out = '';
        for (const p of e.parts) {
          const v = await this.evalExpr(p, frame);
          if (v.kind === 'unknown') return v;
          if (v.kind !== 'str') return this.raise('SyntaxError', 'cannot mix bytes and nonbytes literals');
          out += v.value;
        }
        return pyStr(out);
      }
      case 'BoolOp': {
        const l = await this.evalExpr(e.left, frame);
        const t = truthy(l);
        if (t !== true && t !== false) {
          // `X or default` with X unknown: the result is unknown either way.
          return unknown(t.reason, t.range);
        }
        if (e.op === 'and') return t ? this.evalExpr(e.right, frame) : l;
        return t ? l : this.evalExpr(e.right, frame);
      }
      case 'Not': {
        const t = truthy(await this.evalExpr(e.operand, frame));
        return typeof t === 'boolean' ? pyBool(!t) : t;
      }
      case 'Unary': {
        const v = await this.evalExpr(e.operand, frame);
        if (v.kind === 'unknown') return v;
        if (v.kind === 'int' || v.kind === 'bool') {
          const n = numValue(v);
          return e.op === '-' ? pyInt(-n) : e.op === '+' ? pyInt(n) : pyInt(~n);
        }
        if (v.kind === 'float' && e.op !== '~') return pyFloat(e.op === '-' ? -v.value : v.value);
        return this.raise('TypeError', `bad operand type for unary ${e.op}: '${typeName(v)}'`);
      }
      case 'Compare':
        return this.evalCompare(e, frame);
      case 'IfExp': {
        const t = truthy(await this.evalExpr(e.test, frame));
        if (t === true) return this.evalExpr(e.body, frame);
        if (t === false) return this.evalExpr(e.orelse, frame);
        const reason = `depends on \`${this.textOf(e.test, frame.module)}\`, which is unknown: ${clip(t.reason)}`;
        const a = await this.evalExpr(e.body, frame);
        const b = await this.evalExpr(e.orelse, frame);
        const m = mergeValues(a, b, reason, new Map());
        return m.kind === 'unknown' && !m.range ? unknown(m.reason, this.rangeOf(e, frame.module)) : m;
      }
      case 'List':
      case 'Tuple':
      case 'Set': {
        const items: PyValue[] = [];
        for (const el of e.elts) {
          if (el.t === 'Starred') {
            const v = await this.evalExpr(el.value, frame);
            const it = iterate(v);
            if (isUnknown(it)) {
              if (e.t === 'List') return { kind: 'list', items, poisoned: it.reason };
              return it;
            }
            items.push(...it);
          } else items.push(await this.evalExpr(el, frame));
        }
        if (e.t === 'List') return pyList(items);
        if (e.t === 'Tuple') return pyTuple(items);
        return makeSet(items, false);
      }
      case 'Dict': {
        const d: PyDict = { kind: 'dict', entries: new Map() };
        for (let i = 0; i < e.keys.length; i++) {
          const k = e.keys[i];
          if (k === null) {
            await this.dictUpdate(d, await this.evalExpr(e.values[i], frame), null, frame);
            continue;
          }
          const key = await this.evalExpr(k, frame);
          const value = await this.evalExpr(e.values[i], frame);
          dictSet(d, key, value);
        }
        return d;
      }
      case 'Comp':
        return this.evalComp(e, frame);
      case 'Lambda':
        return this.makeFunction('<lambda>', e.params, null, e.body, frame);
      case 'NamedExpr': {
        const v = await this.evalExpr(e.value, frame);
        this.setName(e.target, v, frame, this.rangeOf(e.value, frame.module));
        return v;
      }
      case 'Starred':
        return this.raise('SyntaxError', "can't use starred expression here");
      case 'Slice':
        return this.raise('SyntaxError', 'invalid slice');
      case 'Bad':
        return unknown(e.reason, this.rangeOf(e, frame.module));
    }
  }

  private async evalFString(parts: FPart[], frame: Frame, site: Span): Promise<PyValue> {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      let v = await this.evalExpr(p.expr, frame);
      if (v.kind === 'unknown') return v;
      let spec = '';
      if (p.spec) {
        const s = await this.evalFString(p.spec, frame, site);
        if (s.kind !== 'str') return s;
        spec = s.value;
      }
      let conversion = p.conversion;
      if (p.selfDoc !== null) {
        out += p.selfDoc;
        if (!conversion && !p.spec) conversion = 'r';
      }
      v = convertField(v, conversion);
      const r = formatValue(v, spec);
      if (r instanceof FormatError) return this.raise(r.type, r.message);
      if (typeof r !== 'string') return unknown(r.reason, r.range ?? this.rangeOf(site, frame.module));
      out += r;
    }
    return pyStr(out);
  }

  private async evalCompare(e: Expr & { t: 'Compare' }, frame: Frame): Promise<PyValue> {
    let left = await this.evalExpr(e.left, frame);
    let pending: PyUnknown | null = null;
    for (let i = 0; i < e.ops.length; i++) {
      const right = await this.evalExpr(e.rights[i], frame);
      const r = this.compare(e.ops[i], left, right, frame);
      if (r === false) return FALSE;
      if (r !== true && !pending) pending = r;
      left = right;
    }
    return pending ? unknown(pending.reason, pending.range ?? this.rangeOf(e, frame.module)) : TRUE;
  }

  /** One comparison; unknown when it depends on an unknown. */
  compare(op: string, a: PyValue, b: PyValue, frame: Frame | null): boolean | PyUnknown {
    switch (op) {
      case '==':
        return pyEquals(a, b);
      case '!=': {
        const r = pyEquals(a, b);
        return typeof r === 'boolean' ? !r : r;
      }
      case 'in':
      case 'not in': {
        const r = this.contains(b, a, frame);
        return op === 'in' ? r : typeof r === 'boolean' ? !r : r;
      }
      case 'is':
      case 'is not': {
        const r = identical(a, b);
        return op === 'is' ? r : typeof r === 'boolean' ? !r : r;
      }
      default:
        return this.order(op, a, b);
    }
  }

  private order(op: string, a: PyValue, b: PyValue): boolean | PyUnknown {
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    let c: number;
    const isNum = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
    if (isNum(a) && isNum(b)) {
      const x = numValue(a as never);
      const y = numValue(b as never);
      if (Number.isNaN(x) || Number.isNaN(y)) return false;
      c = x < y ? -1 : x > y ? 1 : 0;
    } else if (a.kind === 'str' && b.kind === 'str') c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    else if ((a.kind === 'list' && b.kind === 'list') || (a.kind === 'tuple' && b.kind === 'tuple')) {
      const n = Math.min(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const eq = pyEquals(a.items[i], b.items[i]);
        if (eq === true) continue;
        if (eq !== false) return eq;
        return this.order(op, a.items[i], b.items[i]);
      }
      c = a.items.length - b.items.length;
    } else if (a.kind === 'path' && b.kind === 'path') c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    else if (a.kind === 'set' && b.kind === 'set') {
      const sub = [...a.entries.keys()].every((k) => b.entries.has(k));
      const sup = [...b.entries.keys()].every((k) => a.entries.has(k));
      if (op === '<=') return sub;
      if (op === '>=') return sup;
      if (op === '<') return sub && a.entries.size < b.entries.size;
      return sup && a.entries.size > b.entries.size;
    } else return this.raise('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
    switch (op) {
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      default:
        return c >= 0;
    }
  }

  /** `item in container`. */
  contains(container: PyValue, item: PyValue, frame: Frame | null): boolean | PyUnknown {
    switch (container.kind) {
      case 'unknown':
        return container;
      case 'str':
        if (item.kind === 'unknown') return item;
        if (item.kind !== 'str') return this.raise('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
        return container.value.includes(item.value);
      case 'list':
      case 'tuple': {
        let pending: PyUnknown | null = container.kind === 'list' && container.poisoned ? unknown(container.poisoned) : null;
        for (const it of container.items) {
          const r = pyEquals(it, item);
          if (r === true) return true;
          if (r !== false && !pending) pending = r;
        }
        return pending ?? false;
      }
      case 'dict':
      case 'set': {
        const k = keyOf(item);
        if (typeof k !== 'string') return k;
        if (container.entries.has(k)) return true;
        return container.poisoned ? unknown(container.poisoned) : false;
      }
      case 'object':
        if (container.type.contains && frame) return truthy(container.type.contains(container, item, this.ctx(frame, null, null)));
        if (container.type.iterate && frame) {
          const items = container.type.iterate(container, this.ctx(frame, null, null));
          if (isUnknown(items)) return items;
          return this.contains(pyList(items), item, frame);
        }
        return unknown(`membership in a ${container.type.name} is not evaluated`);
      default:
        return this.raise('TypeError', `argument of type '${typeName(container)}' is not iterable`);
    }
  }

  private async evalComp(e: Expr & { t: 'Comp' }, frame: Frame): Promise<PyValue> {
    const inner: Frame = { module: frame.module, locals: new Map(), globalDecl: null, closure: frame.locals && !frame.isClass ? frame : frame.closure, isClass: false };
    const out: PyValue[] = [];
    const d: PyDict | null = e.kind === 'dict' ? { kind: 'dict', entries: new Map() } : null;
    let count = 0;
    const origin = this.rangeOf(e, frame.module);
    const loop = async (g: number, f: Frame): Promise<PyUnknown | null> => {
      const gen: CompFor = e.gens[g];
      // The first iterable is evaluated in the enclosing scope, like Python.
      const iterable = await this.evalExpr(gen.iter, g === 0 ? frame : f);
      const items = iterate(iterable);
      if (isUnknown(items)) return items;
      for (const item of items) {
        if (++count > MAX_ITERATIONS) return unknown(`the comprehension produces more than ${MAX_ITERATIONS} items`);
        await this.assign(gen.target, item, f, gen.iter);
        let keep = true;
        for (const cond of gen.ifs) {
          const t = truthy(await this.evalExpr(cond, f));
          if (t === false) {
            keep = false;
            break;
          }
          if (t !== true) return unknown(`the filter \`${this.textOf(cond, frame.module)}\` is unknown: ${t.reason}`, origin);
        }
        if (!keep) continue;
        if (g + 1 < e.gens.length) {
          const r = await loop(g + 1, f);
          if (r) return r;
          continue;
        }
        if (d) dictSet(d, await this.evalExpr(e.elt, f), await this.evalExpr(e.value as Expr, f));
        else out.push(await this.evalExpr(e.elt, f));
      }
      return null;
    };
    const failed = await loop(0, inner);
    if (failed) return unknown(failed.reason, failed.range ?? origin);
    if (d) return d;
    if (e.kind === 'set') return makeSet(out, false);
    return pyList(out);
  }

  /** dict.update(other, **kwargs) / {**other}. */
  async dictUpdate(d: PyDict, other: PyValue | null, kwargs: Map<string, PyValue> | null, frame: Frame): Promise<void> {
    if (other) {
      if (other.kind === 'dict') {
        if (other.poisoned) poison(d, other.poisoned);
        for (const e of other.entries.values()) dictSet(d, e.key, e.value);
      } else if (other.kind === 'unknown') {
        poison(d, other.reason);
      } else if (other.kind === 'object' && other.type.iterate && other.type.getitem) {
        const keys = other.type.iterate(other, this.ctx(frame, null, null));
        if (isUnknown(keys)) poison(d, keys.reason);
        else for (const k of keys) dictSet(d, k, await other.type.getitem(other, k, this.ctx(frame, null, null)));
      } else {
        const items = iterate(other);
        if (isUnknown(items)) poison(d, items.reason);
        else
          for (const it of items) {
            const pair = iterate(it);
            if (isUnknown(pair)) {
              poison(d, pair.reason);
              continue;
            }
            if (pair.length !== 2) this.raise('ValueError', `dictionary update sequence element has length ${pair.length}; 2 is required`);
            dictSet(d, pair[0], pair[1]);
          }
      }
    }
    if (kwargs) for (const [k, v] of kwargs) dictSet(d, pyStr(k), v);
  }

  // ---------------------------------------------------------------- calls

  private async evalCall(e: Expr & { t: 'Call' }, frame: Frame): Promise<PyValue> {
    const func = await this.evalExpr(e.func, frame);
    const args: PyValue[] = [];
    let kwargs: Map<string, PyValue> | null = null;
    let spreadUnknown: PyUnknown | null = null;
    for (const a of e.args as Arg[]) {
      const v = await this.evalExpr(a.value, frame);
      switch (a.kind) {
        case 'pos':
          args.push(v);
          break;
        case 'kw':
          (kwargs ??= new Map()).set(a.name as string, v);
          break;
        case 'star': {
          const items = iterate(v);
          if (isUnknown(items)) spreadUnknown ??= items;
          else args.push(...items);
          break;
        }
        case 'dstar': {
          if (v.kind === 'dict' && !v.poisoned) {
            for (const ent of v.entries.values()) {
              if (ent.key.kind !== 'str') this.raise('TypeError', 'keywords must be strings');
              (kwargs ??= new Map()).set(ent.key.value, ent.value);
            }
          } else spreadUnknown ??= v.kind === 'unknown' ? v : unknown(v.kind === 'dict' ? (v.poisoned as string) : `**${typeName(v)} is not evaluated`);
          break;
        }
      }
    }
    if (spreadUnknown) {
      if (func.kind === 'unknown') return this.callUnknown(func, e, frame, args);
      return unknown(`the arguments of \`${this.textOf(e, frame.module)}\` are unknown: ${spreadUnknown.reason}`, this.rangeOf(e, frame.module));
    }
    return this.callValue(func, args, kwargs, frame, e.func, e);
  }

  private async callUnknown(func: PyUnknown, e: Span, frame: Frame, args: PyValue[]): Promise<PyValue> {
    const range = this.rangeOf(e, frame.module);
    if (func.opaque) {
      // Code that is not evaluated may raise anything: a broad `except` around it may run.
      await this.maybeRaise(null, `${func.opaque}() raises`);
      // A namespace handed to an unmodelled function (django_heroku.settings(locals())) may be
      // filled with any setting.
      if (args.some((a) => a.kind === 'object' && a.type.name === 'namespace')) {
        this.opaqueWrite(frame, range, `${func.opaque}(…) receiving the module namespace`);
      }
      return unknown(`calls ${func.opaque}(), which is not evaluated`, range, `${func.opaque}()`);
    }
    return func.range ? func : unknown(func.reason, range);
  }

  /** Calls any callable value. */
  async callValue(func: PyValue, args: PyValue[], kwargs: Map<string, PyValue> | null, frame: Frame, calleeExpr: Expr | null, callExpr?: Span): Promise<PyValue> {
    const site = callExpr ?? calleeExpr;
    switch (func.kind) {
      case 'function':
        return this.callFunction(func, args, kwargs, frame, site);
      case 'builtin':
        return func.impl(this.ctx(frame, site, calleeExpr), func.self ? [func.self, ...args] : args, kwargs);
      case 'class': {
        if (func.isException) return makeExceptionInstance(func, args);
        const site2 = site ? this.rangeOf(site, frame.module) : undefined;
        return unknown(`instances of class ${func.name} are not evaluated`, site2);
      }
      case 'object':
        if (func.type.call) return func.type.call(func, this.ctx(frame, site, calleeExpr), args, kwargs);
        return this.raise('TypeError', `'${func.type.name}' object is not callable`);
      case 'unknown':
        return this.callUnknown(func, site ?? { from: 0, to: 0 }, frame, args);
      default:
        return this.raise('TypeError', `'${typeName(func)}' object is not callable`);
    }
  }

  /** A call context for builtins. */
  ctx(frame: Frame, site: Span | null | undefined, calleeExpr: Expr | null | undefined): CallContext {
    const rangeOf = (s: Span): SourceRange => this.rangeOf(s, frame.module);
    const textOf = (s: Span): string => this.textOf(s, frame.module);
    return {
      rt: this,
      frame,
      get range() {
        return site ? rangeOf(site) : undefined;
      },
      get calleeText() {
        return calleeExpr ? textOf(calleeExpr) : '';
      },
    };
  }

  /** Calls a project function or lambda with Python's argument binding. */
  async callFunction(fn: PyFunction, args: PyValue[], kwargs: Map<string, PyValue> | null, callerFrame: Frame, site: Span | null | undefined): Promise<PyValue> {
    const closure = fn.closure as Frame;
    const range = site ? this.rangeOf(site, callerFrame.module) : undefined;
    if (fn.def?.isGenerator) return unknown(`${fn.name}() is a generator function, which is not evaluated`, range);
    if (fn.def?.isAsync) return unknown(`${fn.name}() is a coroutine function, which is not evaluated`, range);
    if (this.depth > this.limits.maxDepth) return unknown(`the calls nest too deeply (more than ${this.limits.maxDepth})`, range);
    const locals = new Map<string, Binding>();
    const origin = range ?? this.rangeAt(closure.module, 0, 0);
    const positional = fn.params.filter((p) => p.kind === 'normal');
    const vararg = fn.params.find((p) => p.kind === 'vararg');
    const kwarg = fn.params.find((p) => p.kind === 'kwarg');
    const bind = (name: string, value: PyValue): void => {
      locals.set(name, { value, origin });
    };
    for (let i = 0; i < args.length; i++) {
      if (i < positional.length) bind(positional[i].name, args[i]);
      else if (!vararg) this.raise('TypeError', `${fn.name}() takes ${positional.length} positional arguments but ${args.length} were given`);
    }
    if (vararg) bind(vararg.name, pyTuple(args.slice(positional.length)));
    let extra: PyDict | null = kwarg ? { kind: 'dict', entries: new Map() } : null;
    if (kwargs) {
      for (const [k, v] of kwargs) {
        const p = fn.params.find((q) => q.name === k && (q.kind === 'normal' || q.kind === 'kwonly'));
        if (p) {
          if (locals.has(k)) this.raise('TypeError', `${fn.name}() got multiple values for argument '${k}'`);
          bind(k, v);
        } else if (extra) dictSet(extra, pyStr(k), v);
        else this.raise('TypeError', `${fn.name}() got an unexpected keyword argument '${k}'`);
      }
    }
    if (kwarg) bind(kwarg.name, extra ?? { kind: 'dict', entries: new Map() });
    extra = null;
    for (const p of fn.params) {
      if (p.kind === 'vararg' || p.kind === 'kwarg' || locals.has(p.name)) continue;
      const d = fn.defaults.get(p.name);
      if (d) bind(p.name, d);
      else this.raise('TypeError', `${fn.name}() missing required argument: '${p.name}'`);
    }
    const frame: Frame = {
      module: closure.module,
      locals,
      globalDecl: fn.def ? globalsOf(fn.def) : null,
      closure: closure.locals && !closure.isClass ? closure : closure.closure,
      isClass: false,
    };
    if (fn.body) return this.evalExpr(fn.body, frame);
    this.depth++;
    try {
      const c = await this.execBlock((fn.def as FunctionDef).body, frame);
      if (c.type === 'return') return c.value;
      if (c.type === 'split') {
        const parts = c.parts.map((p) => ({ state: p.state, completion: (p.completion.type === 'return' ? p.completion : { type: 'return', value: NONE }) as Part['completion'] }));
        const merged = this.combine(parts, c.reason, frame);
        return merged.type === 'return' ? merged.value : unknown(`the result of ${fn.name}() is unknown`, range);
      }
      return NONE;
    } catch (e) {
      if (e instanceof Unmergeable) return unknown(`the result of ${fn.name}() ${e.reason}`, range);
      throw e;
    } finally {
      this.depth--;
    }
  }

  // ---------------------------------------------------------------- attributes and items

  /** getattr(obj, name). */
  getAttr(obj: PyValue, name: string, frame: Frame, site: Span | null): PyValue {
    switch (obj.kind) {
      case 'unknown':
        if (obj.opaque) return unknown(`${obj.opaque}.${name} is not evaluated`, obj.range, `${obj.opaque}.${name}`);
        return obj;
      case 'module': {
        if (obj.ns) {
          const b = obj.ns.globals.get(name);
          if (b) return b.value;
          if (!obj.ns.complete) return unknown(`${obj.name}.${name} is not available yet (circular import)`, site ? this.rangeOf(site, frame.module) : undefined);
          if (name === '__dict__') return namespaceObject(obj.ns as ModuleState);
          return this.raise('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
        }
        const a = obj.attrs?.get(name) ?? obj.lazy?.(name);
        if (a) return a;
        if (name === '__name__') return pyStr(obj.name);
        if (!obj.attrs && !obj.lazy) return unknown(`${obj.name}.${name} is not evaluated (third-party module)`, site ? this.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
        return unknown(`${obj.name}.${name} is not modelled`, site ? this.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
      }
      case 'object': {
        const v = obj.type.getattr?.(obj, name, this.ctx(frame, site, null));
        if (v) return v;
        return unknown(`${obj.type.name}.${name} is not modelled`, site ? this.rangeOf(site, frame.module) : undefined, `${obj.type.name}.${name}`);
      }
      case 'class': {
        for (const c of classChain(obj)) {
          const v = c.attrs.get(name);
          if (v) return v;
        }
        if (name === '__name__') return pyStr(obj.name);
        if (obj.opaqueBase) return unknown(`${obj.name}.${name} comes from a base class that is not evaluated`, site ? this.rangeOf(site, frame.module) : undefined, `${obj.name}.${name}`);
        return this.raise('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
      }
      default: {
        const v = (obj.kind === 'path' ? pathAttr(this, obj, name) : builtinAttr(obj, name));
        if (v) return v;
        return this.raise('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`);
      }
    }
  }

  private setAttr(obj: PyValue, name: string, value: PyValue, frame: Frame, origin: SourceRange): void {
    if (obj.kind === 'module' && obj.ns) {
      obj.ns.globals.set(name, { value, origin });
      return;
    }
    if (obj.kind === 'class') {
      obj.attrs.set(name, value);
      return;
    }
    if (obj.kind === 'object' && obj.type.name === 'namespace') {
      ((obj.data as ModuleState).globals as Map<string, Binding>).set(name, { value, origin });
      return;
    }
    void frame;
    // Attributes of unmodelled objects do not influence settings; ignore.
  }

  /** obj[key]. */
  async getItem(obj: PyValue, key: PyValue, frame: Frame, site: Span | null): Promise<PyValue> {
    switch (obj.kind) {
      case 'unknown':
        return obj;
      case 'list':
      case 'tuple':
      case 'str': {
        if (obj.kind === 'list' && obj.poisoned) return unknown(obj.poisoned);
        if (key.kind === 'unknown') return key;
        if (key.kind !== 'int' && key.kind !== 'bool') return this.raise('TypeError', `${typeName(obj)} indices must be integers or slices, not ${typeName(key)}`);
        const seq = obj.kind === 'str' ? [...obj.value] : obj.items;
        const n = numValue(key);
        const i = n < 0 ? seq.length + n : n;
        if (i < 0 || i >= seq.length) return this.raise('IndexError', `${typeName(obj)} index out of range`);
        const item = seq[i];
        return typeof item === 'string' ? pyStr(item) : item;
      }
      case 'dict': {
        const k = keyOf(key);
        if (typeof k !== 'string') return k;
        const e = obj.entries.get(k);
        if (e) return e.value;
        if (obj.poisoned) return unknown(obj.poisoned);
        return this.raiseKey(key);
      }
      case 'object':
        if (obj.type.getitem) return obj.type.getitem(obj, key, this.ctx(frame, site, null));
        return unknown(`indexing a ${obj.type.name} is not evaluated`);
      case 'builtin':
        // Generic aliases like list[str] in annotations evaluated at runtime.
        if (obj.typeName) return obj;
        return this.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
      default:
        return this.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
    }
  }

  private getSlice(obj: PyValue, lo: PyValue, hi: PyValue, st: PyValue, frame: Frame, site: Span): PyValue {
    if (obj.kind === 'unknown') return obj;
    for (const v of [lo, hi, st]) if (v.kind === 'unknown') return v;
    if (obj.kind === 'object' && obj.type.getitem) return unknown(`slicing a ${obj.type.name} is not evaluated`, this.rangeOf(site, frame.module));
    if (obj.kind !== 'list' && obj.kind !== 'tuple' && obj.kind !== 'str') return this.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`);
    if (obj.kind === 'list' && obj.poisoned) return unknown(obj.poisoned);
    const seq: (PyValue | string)[] = obj.kind === 'str' ? [...obj.value] : obj.items;
    const idx = sliceIndices(seq.length, lo, hi, st);
    if (typeof idx === 'string') return this.raise(idx.startsWith('slice step') ? 'ValueError' : 'TypeError', idx);
    const out: (PyValue | string)[] = [];
    if (idx.step > 0) for (let i = idx.start; i < idx.stop; i += idx.step) out.push(seq[i]);
    else for (let i = idx.start; i > idx.stop; i += idx.step) out.push(seq[i]);
    if (obj.kind === 'str') return pyStr(out.join(''));
    return obj.kind === 'list' ? pyList(out as PyValue[]) : pyTuple(out as PyValue[]);
  }

  private async setItem(obj: PyValue, key: PyValue, value: PyValue, frame: Frame, site: Span): Promise<void> {
    switch (obj.kind) {
      case 'dict':
        dictSet(obj, key, value);
        return;
      case 'list': {
        if (key.kind === 'unknown') return poison(obj, key.reason);
        if (key.kind !== 'int' && key.kind !== 'bool') this.raise('TypeError', `list indices must be integers or slices, not ${typeName(key)}`);
        if (obj.poisoned) return;
        const n = numValue(key as never);
        const i = n < 0 ? obj.items.length + n : n;
        if (i < 0 || i >= obj.items.length) this.raise('IndexError', 'list assignment index out of range');
        obj.items[i] = value;
        return;
      }
      case 'object':
        if (obj.type.setitem) return obj.type.setitem(obj, key, value, this.ctx(frame, site, null));
        return;
      case 'unknown':
        return;
      default:
        this.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`);
    }
  }

  // ---------------------------------------------------------------- operators

  /** A binary operator. */
  binaryOp(op: string, a: PyValue, b: PyValue, frame: Frame, site: Span | null): PyValue {
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    if (a.kind === 'object' && a.type.binop) {
      const r = a.type.binop(a, op, b, false, this.ctx(frame, site, null));
      if (r) return r;
    }
    if (b.kind === 'object' && b.type.binop) {
      const r = b.type.binop(b, op, a, true, this.ctx(frame, site, null));
      if (r) return r;
    }
    const num = (v: PyValue): boolean => v.kind === 'int' || v.kind === 'float' || v.kind === 'bool';
    if (num(a) && num(b)) return this.arith(op, a as never, b as never);
    switch (op) {
      case '+':
        if (a.kind === 'str' && b.kind === 'str') return pyStr(a.value + b.value);
        if (a.kind === 'list' && b.kind === 'list') {
          if (a.poisoned || b.poisoned) return { kind: 'list', items: [...a.items, ...b.items], poisoned: a.poisoned ?? b.poisoned };
          return pyList([...a.items, ...b.items]);
        }
        if (a.kind === 'tuple' && b.kind === 'tuple') return pyTuple([...a.items, ...b.items]);
        break;
      case '*': {
        const [seq, n] = num(b) ? [a, b] : [b, a];
        if (n.kind === 'int' || n.kind === 'bool') {
          const count = Math.max(0, numValue(n));
          if (seq.kind === 'str') {
            if (seq.value.length * count > 10_000_000) return unknown('the string would be too long to evaluate');
            return pyStr(seq.value.repeat(count));
          }
          if (seq.kind === 'list' || seq.kind === 'tuple') {
            if (seq.items.length * count > 100_000) return unknown('the sequence would be too long to evaluate');
            const items: PyValue[] = [];
            for (let i = 0; i < count; i++) items.push(...seq.items);
            return seq.kind === 'list' ? pyList(items) : pyTuple(items);
          }
        }
        break;
      }
      case '%':
        if (a.kind === 'str') {
          const r = percentFormat(a.value, b);
          if (r instanceof FormatError) return this.raise(r.type, r.message);
          if (typeof r !== 'string') return r;
          return pyStr(r);
        }
        break;
      case '/':
        if (a.kind === 'path' && (b.kind === 'str' || b.kind === 'path')) return pathJoin(a, b.value);
        if (a.kind === 'str' && b.kind === 'path') return pathJoin({ value: a.value, pure: b.pure }, b.value, true);
        break;
      case '|':
        if (a.kind === 'dict' && b.kind === 'dict') {
          const d: PyDict = { kind: 'dict', entries: new Map() };
          for (const e of a.entries.values()) dictSet(d, e.key, e.value);
          for (const e of b.entries.values()) dictSet(d, e.key, e.value);
          if (a.poisoned || b.poisoned) d.poisoned = a.poisoned ?? b.poisoned;
          return d;
        }
        if (a.kind === 'set' && b.kind === 'set') return setOp(a, b, '|');
        break;
      case '&':
      case '-':
      case '^':
        if (a.kind === 'set' && b.kind === 'set') return setOp(a, b, op);
        break;
    }
    return this.raise('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }

  private arith(op: string, a: PyValue & { kind: 'int' | 'float' | 'bool' }, b: PyValue & { kind: 'int' | 'float' | 'bool' }): PyValue {
    const x = numValue(a);
    const y = numValue(b);
    const isInt = a.kind !== 'float' && b.kind !== 'float';
    const bothBool = a.kind === 'bool' && b.kind === 'bool';
    switch (op) {
      case '+':
        return isInt ? pyInt(x + y) : pyFloat(x + y);
      case '-':
        return isInt ? pyInt(x - y) : pyFloat(x - y);
      case '*':
        return isInt ? pyInt(x * y) : pyFloat(x * y);
      case '/':
        if (y === 0) return this.raise('ZeroDivisionError', 'division by zero');
        return pyFloat(x / y);
      case '//':
        if (y === 0) return this.raise('ZeroDivisionError', 'integer division or modulo by zero');
        return isInt ? pyInt(Math.floor(x / y)) : pyFloat(Math.floor(x / y));
      case '%': {
        if (y === 0) return this.raise('ZeroDivisionError', 'integer division or modulo by zero');
        const m = x - y * Math.floor(x / y);
        return isInt ? pyInt(m) : pyFloat(m);
      }
      case '**': {
        if (isInt && y >= 0) return pyInt(x ** y);
        if (x === 0 && y < 0) return this.raise('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        return pyFloat(x ** y);
      }
      case '|':
      case '&':
      case '^':
      case '<<':
      case '>>': {
        if (!isInt) break;
        if (bothBool && op !== '<<' && op !== '>>') {
          const r = op === '|' ? x | y : op === '&' ? x & y : x ^ y;
          return pyBool(r !== 0);
        }
        if (Math.abs(x) > 2 ** 31 || Math.abs(y) > 31) return unknown('bitwise operations on large integers are not evaluated');
        const r = op === '|' ? x | y : op === '&' ? x & y : op === '^' ? x ^ y : op === '<<' ? x * 2 ** y : Math.floor(x / 2 ** y);
        return pyInt(r);
      }
    }
    return this.raise('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }

  // ---------------------------------------------------------------- imports

  private async execImport(s: Stmt & { t: 'Import' }, frame: Frame): Promise<void> {
    const origin = this.rangeOf(s, frame.module);
    for (const { name, asName } of s.names) {
      const mod = await this.importModule(name, frame, s);
      if (asName) {
        this.setName(asName, mod, frame, origin);
      } else {
        const top = name.split('.')[0];
        this.setName(top, name.includes('.') ? await this.importModule(top, frame, s) : mod, frame, origin);
      }
    }
  }

  private async execImportFrom(s: Stmt & { t: 'ImportFrom' }, frame: Frame): Promise<void> {
    const origin = this.rangeOf(s, frame.module);
    let base: string;
    if (s.level > 0) {
      const pkg = frame.module.packageName;
      if (!pkg) this.raise('ImportError', 'attempted relative import with no known parent package');
      const parts = pkg.split('.');
      if (s.level - 1 >= parts.length) this.raise('ImportError', 'attempted relative import beyond top-level package');
      base = parts.slice(0, parts.length - (s.level - 1)).join('.');
      if (s.module) base = base + '.' + s.module;
    } else base = s.module as string;
    const mod = await this.importModule(base, frame, s);
    if (s.names === null) {
      this.starImport(mod, frame, s, origin);
      return;
    }
    for (const { name, asName } of s.names) {
      const value = await this.importName(mod, base, name, frame, s);
      // Keep the origin of the imported binding when there is one (provenance of settings).
      const b = mod.kind === 'module' && mod.ns?.globals.get(name);
      this.setName(asName ?? name, value, frame, b && b.value === value ? b.origin : origin);
    }
  }

  private async importName(mod: PyValue, base: string, name: string, frame: Frame, s: Span): Promise<PyValue> {
    if (mod.kind !== 'module') return mod.kind === 'unknown' ? unknown(mod.reason, mod.range, mod.opaque ? `${mod.opaque}.${name}` : undefined) : mod;
    if (mod.ns) {
      const b = mod.ns.globals.get(name);
      if (b) return b.value;
      // Maybe a submodule (from . import local) — only packages have them.
      const isPackage = mod.ns.file === '' || mod.ns.file.endsWith('/__init__.py');
      const sub = isPackage ? await this.importModule(`${base}.${name}`, frame, s, true) : undefined;
      if (sub) return sub;
      if (!mod.ns.complete) return unknown(`${name} is not defined yet in ${base} (circular import)`, this.rangeOf(s, frame.module));
      if ((mod.ns as ModuleState).opaque.length) return unknown(`${base}.${name} may be defined by ${(mod.ns as ModuleState).opaque[0].description}`, this.rangeOf(s, frame.module));
      return this.raise('ImportError', `cannot import name '${name}' from '${base}'`);
    }
    const a = mod.attrs?.get(name) ?? mod.lazy?.(name);
    if (a) return a;
    if (mod.attrs || mod.lazy) {
      const sub = await this.importModule(`${base}.${name}`, frame, s, true);
      if (sub) return sub;
      return unknown(`${base}.${name} is not modelled`, this.rangeOf(s, frame.module), `${base}.${name}`);
    }
    // An unmodelled package: a submodule only when the caller provides it.
    const provided = this.host.providedModules?.get(`${base}.${name}`);
    if (provided) return { kind: 'module', name: `${base}.${name}`, attrs: provided };
    return unknown(`${base}.${name} is not evaluated (third-party module)`, this.rangeOf(s, frame.module), `${base}.${name}`);
  }

  private starImport(mod: PyValue, frame: Frame, s: Span, origin: SourceRange): void {
    const desc = `from ${mod.kind === 'module' ? mod.name : '…'} import *`;
    if (mod.kind !== 'module' || (!mod.ns && !mod.attrs)) {
      this.opaqueWrite(frame, origin, `\`${this.textOf(s, frame.module)}\` (a module that is not evaluated)`);
      return;
    }
    if (mod.ns) {
      if (!mod.ns.complete) {
        this.note('warning', `Circular star import: ${desc} while ${mod.name} is still being evaluated.`, origin);
        this.opaqueWrite(frame, origin, `\`${this.textOf(s, frame.module)}\` (circular import)`);
        return;
      }
      const all = mod.ns.globals.get('__all__');
      let names: string[] | null = null;
      if (all) {
        const items = all.value.kind === 'list' || all.value.kind === 'tuple' ? all.value.items : null;
        if (!items || items.some((i) => i.kind !== 'str')) {
          this.opaqueWrite(frame, origin, `\`${this.textOf(s, frame.module)}\` (its __all__ is unknown)`);
          return;
        }
        names = items.map((i) => (i as { value: string }).value);
      }
      for (const [k, b] of mod.ns.globals) {
        if (names ? !names.includes(k) : k.startsWith('_')) continue;
        if (frame.locals && !frame.globalDecl?.has(k)) frame.locals.set(k, b);
        else frame.module.globals.set(k, b);
      }
      for (const w of (mod.ns as ModuleState).opaque) frame.module.opaque.push({ range: origin, description: `${desc} (${w.description} in ${mod.name})` });
      return;
    }
    for (const [k, v] of mod.attrs as Map<string, PyValue>) if (!k.startsWith('_')) this.setName(k, v, frame, origin);
  }

  /** Imports a module by absolute dotted name: caller-provided, project, modelled or opaque.
   *  With `optional`, returns undefined instead of an opaque module when it does not exist. */
  async importModule(name: string, frame: Frame, site: Span, optional: true): Promise<PyValue | undefined>;
  async importModule(name: string, frame: Frame, site: Span, optional?: false): Promise<PyValue>;
  async importModule(name: string, frame: Frame, site: Span, optional = false): Promise<PyValue | undefined> {
    const provided = this.host.providedModules?.get(name);
    if (provided) return { kind: 'module', name, attrs: provided };
    const cached = this.modules.get(name);
    if (cached) return cached.value;
    const top = name.split('.')[0];
    if (!NEVER_LOCAL.has(top)) {
      const found = await this.findProjectModule(name);
      if (found) return this.evaluateProjectModule(name, found, frame, site);
      if (await this.isProjectPackage(top)) {
        // The top-level package is the project's: a missing submodule is a real ImportError.
        if (optional) return undefined;
        return this.raise('ModuleNotFoundError', `No module named '${name}'`);
      }
    }
    const modelled = this.modelledModule(name);
    if (modelled) return modelled;
    if (optional) return undefined;
    if (isAlwaysImportable(top)) return { kind: 'module', name };
    if (LOCAL_LOOKING.test(top)) {
      // A settings-like module that is not in the project ("local_settings") is missing, not an
      // installed package.
      this.note('info', `${name} is not in the project; it is treated as missing (ImportError).`, this.rangeOf(site, frame.module));
      return this.raise('ModuleNotFoundError', `No module named '${name}'`);
    }
    // Not in the project and not modelled: an installed package, or missing. Inside a try that
    // catches ImportError both are possible.
    await this.maybeRaise('ModuleNotFoundError', `\`import ${name}\` fails (the package may not be installed)`);
    const mod: PyModule = { kind: 'module', name };
    return mod;
  }

  modelledModule(name: string): PyModule | undefined {
    let m = this.modelled.get(name);
    if (!m) {
      m = createModelledModule(this, name);
      if (m) this.modelled.set(name, m);
    }
    return m;
  }

  private async isProjectPackage(top: string): Promise<boolean> {
    for (const dir of this.sysPathDirs()) {
      const st = await this.stat(ppJoin(dir, top));
      if (st?.type === 'directory') return true;
      if (await this.exists(ppJoin(dir, top + '.py'), 'file')) return true;
    }
    return false;
  }

  private sysPathDirs(): string[] {
    const out: string[] = [];
    for (const p of this.sysPath.items) if (p.kind === 'str' && p.value.startsWith('/')) out.push(p.value);
    return out;
  }

  private async findProjectModule(name: string): Promise<{ file: string | null; isPackage: boolean } | undefined> {
    return findModule(this.sysPathDirs(), name, (p) => this.stat(p), (p) => this.filesRead.add(p));
  }

  private async evaluateProjectModule(name: string, found: { file: string | null; isPackage: boolean }, frame: Frame, site: Span): Promise<PyValue> {
    // Parent packages are imported first, as Python does.
    const dot = name.lastIndexOf('.');
    let parent: PyValue | null = null;
    if (dot > 0) {
      parent = await this.importModule(name.slice(0, dot), frame, site);
      const again = this.modules.get(name);
      if (again) return again.value;
    }
    if (this.importDepth >= this.limits.maxImportDepth) {
      this.note('warning', `Imports nest more than ${this.limits.maxImportDepth} levels deep; ${name} is not evaluated.`, this.rangeOf(site, frame.module));
      return unknown(`${name} is imported too deep to evaluate`);
    }
    const packageName = found.isPackage ? name : name.slice(0, Math.max(0, dot));
    let state: ModuleState;
    if (found.file) state = await this.loadModuleState(found.file, name, packageName);
    else {
      // A namespace package: no code, only submodules.
      state = await this.loadModuleState('', name, name);
      state.ast = { body: [], source: '', lineStarts: [0], syntaxErrors: [], failure: null };
      state.globals.delete('__file__');
    }
    this.modules.set(name, state);
    this.importDepth++;
    try {
      await this.runModule(state, false);
    } catch (e) {
      if (e instanceof PyException) this.modules.delete(name);
      throw e;
    } finally {
      this.importDepth--;
    }
    if (parent && parent.kind === 'module' && parent.ns) parent.ns.globals.set(name.slice(dot + 1), { value: state.value, origin: this.rangeOf(site, frame.module) });
    return state.value;
  }

  /** Runs another file's code in the given frame's namespace (django-split-settings include()). */
  async includeFile(file: string, frame: Frame): Promise<void> {
    const ast = await this.loadAst(file);
    const alias: ModuleState = Object.create(frame.module) as ModuleState;
    (alias as { file: string }).file = file;
    alias.ast = ast;
    if (ast.failure) {
      this.note('warning', `${file} was not evaluated: ${ast.failure}.`);
      frame.module.opaque.push({ range: this.rangeAt(frame.module, 0, 0), description: `an included file that could not be evaluated (${file})` });
      return;
    }
    for (const off of ast.syntaxErrors.slice(0, 10)) {
      const r = this.rangeAt(alias, off, off);
      this.note('warning', `Syntax error at line ${r.line} of ${file}; the broken statement is skipped.`, r);
    }
    const f: Frame = { module: alias, locals: null, globalDecl: null, closure: null, isClass: false };
    this.importDepth++;
    try {
      if (this.importDepth > this.limits.maxImportDepth) {
        this.note('warning', `Includes nest more than ${this.limits.maxImportDepth} levels deep; ${file} is not evaluated.`);
        return;
      }
      const c = await this.execBlock(ast.body, f);
      if (c.type === 'split') this.installCombined(c.parts, f, c.reason);
    } finally {
      this.importDepth--;
    }
  }

  /** importlib.import_module(name). */
  async importByName(name: string, ctx: CallContext): Promise<PyValue> {
    return this.importModule(name, ctx.frame, { from: 0, to: 0 });
  }
}

/** Keeps nested "depends on …" reasons readable. */
function clip(reason: string, max = 240): string {
  return reason.length > max ? reason.slice(0, max - 1) + '…' : reason;
}

class Raised {
  constructor(
    readonly exc: PyException,
    readonly state: Snapshot,
  ) {}
}


function identical(a: PyValue, b: PyValue): boolean | PyUnknown {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'bool' || b.kind === 'bool') return a.kind === b.kind && (a as { value: boolean }).value === (b as { value: boolean }).value;
  if (a === b) return true;
  if (a.kind === 'builtin' && b.kind === 'builtin' && a.typeName && a.typeName === b.typeName) return true;
  if (a.kind === 'str' || a.kind === 'int' || a.kind === 'float' || a.kind === 'tuple' || a.kind === 'path') {
    // Identity of equal immutable values is an implementation detail of CPython.
    return a.kind === b.kind && pyEquals(a, b) === true ? unknown('`is` between equal immutable values depends on CPython internals') : false;
  }
  return false;
}

function setOp(a: PySet, b: PySet, op: string): PySet {
  const out: PySet = { kind: 'set', entries: new Map(), frozen: a.frozen };
  if (op === '|') {
    for (const [k, v] of a.entries) out.entries.set(k, v);
    for (const [k, v] of b.entries) if (!out.entries.has(k)) out.entries.set(k, v);
  } else if (op === '&') {
    for (const [k, v] of a.entries) if (b.entries.has(k)) out.entries.set(k, v);
  } else if (op === '-') {
    for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
  } else {
    for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
    for (const [k, v] of b.entries) if (!a.entries.has(k)) out.entries.set(k, v);
  }
  if (a.poisoned || b.poisoned) out.poisoned = a.poisoned ?? b.poisoned;
  return out;
}

/** `path / other` (or `other / path` when reflected) with pathlib's joining rules. */
export function pathJoin(p: { value: string; pure: boolean }, other: string, reflected = false): PyValue {
  const segs = reflected ? [p.value, other] : [p.value, other];
  let root = '';
  let parts: string[] = [];
  for (const seg of segs) {
    const abs = seg.startsWith('/');
    const segRoot = abs ? (seg.startsWith('//') && !seg.startsWith('///') ? '//' : '/') : '';
    const segParts = seg.split('/').filter((c) => c !== '' && c !== '.');
    if (abs) {
      root = segRoot;
      parts = segParts;
    } else parts.push(...segParts);
  }
  const s = root + parts.join('/');
  return { kind: 'path', value: s || '.', pure: p.pure };
}

function* classChainGen(c: PyClass): Generator<PyClass> {
  yield c;
  for (const b of c.bases) yield* classChainGen(b);
}
function classChain(c: PyClass): PyClass[] {
  return [...classChainGen(c)];
}

const literalCache = new WeakMap<Literal, PyValue>();
function literalValue(l: Literal): PyValue {
  let v = literalCache.get(l);
  if (v) return v;
  switch (l.k) {
    case 'none':
      v = NONE;
      break;
    case 'bool':
      v = pyBool(l.v);
      break;
    case 'int':
      v = pyInt(l.v);
      break;
    case 'float':
      v = pyFloat(l.v);
      break;
    case 'str':
      v = pyStr(l.v);
      break;
    default:
      v = unknown('Ellipsis');
  }
  literalCache.set(l, v);
  return v;
}

const globalsCache = new WeakMap<FunctionDef, Set<string>>();
function globalsOf(def: FunctionDef): Set<string> {
  let s = globalsCache.get(def);
  if (s) return s;
  s = new Set();
  const visit = (stmts: Stmt[]): void => {
    for (const st of stmts) {
      if (st.t === 'Global') for (const n of st.names) (s as Set<string>).add(n);
      else if (st.t === 'If') {
        st.bodies.forEach(visit);
        if (st.orelse) visit(st.orelse);
      } else if (st.t === 'For' || st.t === 'While') {
        visit(st.body);
        if (st.orelse) visit(st.orelse);
      } else if (st.t === 'Try') {
        visit(st.body);
        st.handlers.forEach((h) => visit(h.body));
        if (st.orelse) visit(st.orelse);
        if (st.finalbody) visit(st.finalbody);
      } else if (st.t === 'With') visit(st.body);
    }
  };
  visit(def.body);
  globalsCache.set(def, s);
  return s;
}

interface Effects {
  assigned: Set<string>;
  mutated: Set<string>;
  env: boolean;
  opaque: boolean;
  /** Names called as functions (their own effects on globals count too). */
  calls: Set<string>;
  /** Module-level names assigned by called functions through `global`. */
  globalAssigned: Set<string>;
  /** Callee name -> root names passed as arguments (a callee may mutate them). */
  callArgs: Map<string, Set<string>>;
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'setdefault', 'pop', 'remove', 'clear', 'add', 'discard', 'sort', 'reverse', 'popitem', '__setitem__']);
const ENV_WRITERS = new Set(['load_dotenv', 'read_env', 'read_dotenv', 'putenv']);

/** What a block may assign or mutate (for making it unknown when it cannot be evaluated). */
function effectsOf(stmts: Stmt[]): Effects {
  const eff: Effects = { assigned: new Set(), mutated: new Set(), env: false, opaque: false, calls: new Set(), globalAssigned: new Set(), callArgs: new Map() };
  const rootName = (e: Expr): string | null => {
    let cur = e;
    while (cur.t === 'Subscript' || cur.t === 'Attr') cur = cur.obj;
    return cur.t === 'Name' ? cur.id : null;
  };
  const target = (t: Expr): void => {
    if (t.t === 'Name') eff.assigned.add(t.id);
    else if (t.t === 'Tuple' || t.t === 'List') t.elts.forEach(target);
    else if (t.t === 'Starred') target(t.value);
    else {
      const r = rootName(t);
      if (r) eff.mutated.add(r);
      if (t.t === 'Subscript' && t.obj.t === 'Attr' && t.obj.attr === 'environ') eff.env = true;
    }
  };
  const expr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.t) {
      case 'Call': {
        if (e.func.t === 'Attr') {
          const r = rootName(e.func.obj);
          if (MUTATORS.has(e.func.attr) && r) eff.mutated.add(r);
          if (e.func.attr === 'setdefault' || e.func.attr === 'update') {
            if (e.func.obj.t === 'Attr' && e.func.obj.attr === 'environ') eff.env = true;
          }
          if (ENV_WRITERS.has(e.func.attr)) eff.env = true;
          if (e.func.attr === 'update' && e.func.obj.t === 'Call') eff.opaque = true;
          expr(e.func.obj);
        } else if (e.func.t === 'Name') {
          eff.calls.add(e.func.id);
          let roots = eff.callArgs.get(e.func.id);
          if (!roots) eff.callArgs.set(e.func.id, (roots = new Set()));
          for (const a of e.args) {
            const r = rootName(a.value);
            if (r) roots.add(r);
          }
          if (ENV_WRITERS.has(e.func.id)) eff.env = true;
          if (e.func.id === 'exec' || e.func.id === 'setattr') eff.opaque = true;
        } else expr(e.func);
        e.args.forEach((a) => expr(a.value));
        return;
      }
      case 'NamedExpr':
        eff.assigned.add(e.target);
        expr(e.value);
        return;
      case 'BinOp':
      case 'BoolOp':
        expr(e.left);
        expr(e.right);
        return;
      case 'Compare':
        expr(e.left);
        e.rights.forEach(expr);
        return;
      case 'IfExp':
        expr(e.test);
        expr(e.body);
        expr(e.orelse);
        return;
      case 'Not':
      case 'Unary':
        expr(e.operand);
        return;
      case 'Attr':
        expr(e.obj);
        return;
      case 'Subscript':
        expr(e.obj);
        expr(e.index);
        return;
      case 'List':
      case 'Tuple':
      case 'Set':
        e.elts.forEach(expr);
        return;
      case 'Dict':
        e.keys.forEach(expr);
        e.values.forEach(expr);
        return;
      case 'Starred':
        expr(e.value);
        return;
      default:
        return;
    }
  };
  const visit = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.t) {
        case 'Assign':
          s.targets.forEach(target);
          expr(s.value);
          break;
        case 'AugAssign':
          target(s.target);
          if (s.target.t === 'Name') eff.mutated.add(s.target.id);
          expr(s.value);
          break;
        case 'Expr':
          expr(s.value);
          break;
        case 'If':
          s.tests.forEach(expr);
          s.bodies.forEach(visit);
          if (s.orelse) visit(s.orelse);
          break;
        case 'For':
          target(s.target);
          expr(s.iter);
          visit(s.body);
          if (s.orelse) visit(s.orelse);
          break;
        case 'While':
          expr(s.test);
          visit(s.body);
          if (s.orelse) visit(s.orelse);
          break;
        case 'Try':
          visit(s.body);
          s.handlers.forEach((h) => {
            if (h.name) eff.assigned.add(h.name);
            visit(h.body);
          });
          if (s.orelse) visit(s.orelse);
          if (s.finalbody) visit(s.finalbody);
          break;
        case 'With':
          s.items.forEach((i) => {
            expr(i.ctx);
            if (i.target) target(i.target);
          });
          visit(s.body);
          break;
        case 'Def':
          eff.assigned.add(s.def.name);
          break;
        case 'Class':
          eff.assigned.add(s.name);
          break;
        case 'Import':
          for (const n of s.names) eff.assigned.add(n.asName ?? n.name.split('.')[0]);
          break;
        case 'ImportFrom':
          if (s.names === null) eff.opaque = true;
          else for (const n of s.names) eff.assigned.add(n.asName ?? n.name);
          break;
        case 'Del':
          s.targets.forEach(target);
          break;
        case 'Skip':
          s.assigned.forEach((n) => eff.assigned.add(n));
          break;
        default:
          break;
      }
    }
  };
  visit(stmts);
  return eff;
}

/** Finds a module under the given sys.path folders: package __init__.py first, then module.py,
 *  then a namespace package (a folder without __init__.py), like CPython's FileFinder. */
export async function findModule(
  dirs: string[],
  dotted: string,
  stat: (p: string) => Promise<FileStat | undefined>,
  probe: (p: string) => void,
): Promise<{ file: string | null; isPackage: boolean } | undefined> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(dotted)) return undefined;
  const rel = dotted.split('.').join('/');
  let namespace = false;
  for (const dir of dirs) {
    const base = ppJoin(dir, rel);
    const init = base + '/__init__.py';
    probe(init);
    if ((await stat(init))?.type === 'file') return { file: init, isPackage: true };
    const py = base + '.py';
    probe(py);
    if ((await stat(py))?.type === 'file') return { file: py, isPackage: false };
    if ((await stat(base))?.type === 'directory') namespace = true;
  }
  return namespace ? { file: null, isPackage: true } : undefined;
}


