/**
 * Loading and running a module: read and parse the file (through the parse cache), seed the
 * module globals, and run the top-level statements one by one. A statement that raises or
 * cannot be evaluated does not stop the module: what it assigns becomes unknown and the next
 * statement runs, so one unset variable does not hide every other setting.
 */
import type { ModuleAst, Stmt } from '../ast';
import { PyException } from '../exceptions';
import { isRefusalError } from '../confinement';
import { parseModuleWithTree, parseModuleWithTreeInSlices } from '../parse/parseModule';
import { NONE, strValue, type Binding, type Frame, type ModuleState } from '../values';
import { BudgetExhausted } from '../budget';
import { Unmergeable, type Evaluator } from './evaluator';
import { moduleFileCandidates } from './moduleFiles';
import type { ModuleDeferral } from '../types';
import { DEFERRED_MODULE } from '../deferred';

/** A fresh module state for `file` with __name__, __file__, __package__ and __doc__ set. */
export async function loadModuleState(ip: Evaluator, file: string, name: string, packageName: string, defer?: ModuleDeferral): Promise<ModuleState> {
  const ast = await loadAst(ip, file, defer);
  if (ip.host.prefetch && !ast.deferred) ip.host.prefetch(importCandidates(ast, packageName, ip.host.sysPath));
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
  const at = ip.rangeAt(state, 0, 0);
  globals.set('__name__', { value: strValue(name), origin: at });
  globals.set('__file__', { value: strValue(file), origin: at });
  globals.set('__package__', { value: strValue(packageName), origin: at });
  globals.set('__doc__', { value: NONE, origin: at });
  return state;
}

const DEFERRED_AST: ModuleAst = Object.freeze({ body: [], source: '', lineStarts: [0], syntaxErrors: [], failure: null, deferred: true as const });

/** Reads and parses a module (through the parse cache); with `defer`, a module it defers is not
 *  parsed (an AST marked `deferred`, never cached). */
export async function loadAst(ip: Evaluator, file: string, defer?: ModuleDeferral): Promise<ModuleAst> {
  ip.filesRead.add(file);
  const failed = (failure: string): ModuleAst => ({ body: [], source: '', lineStarts: [0], syntaxErrors: [], failure });
  const why = await ip.refusal(file);
  if (why) return failed(`it is not read: ${why}`);
  const st = await ip.hostStat(file);
  if (!st || st.type !== 'file') return failed('the file does not exist');
  if (st.size > ip.limits.maxFileBytes) return failed(`the file is larger than ${ip.limits.maxFileBytes} bytes`);
  if (defer && (defer.known ?? (await defer.test()))) return DEFERRED_AST;
  ip.loadedFiles.add(file);
  const cached = ip.host.cache?.get(file, st.size, st.mtime);
  if (cached) return cached;
  let bytes: Uint8Array;
  try {
    bytes = await ip.host.fs.readFile(file);
  } catch (e) {
    return failed(isRefusalError(e) ? `it is not read: ${e.reason}` : 'the file cannot be read');
  }
  let ast: ModuleAst;
  if (bytes.length > ip.limits.maxFileBytes) ast = failed(`the file is larger than ${ip.limits.maxFileBytes} bytes`);
  else if (bytes.includes(0)) ast = failed('the file is binary (it contains NUL bytes)');
  else {
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const cache = ip.host.cache;
    const stored = cache?.store?.get(text);
    if (stored) ast = stored;
    else {
      const slices = cache?.slices;
      const parsed = slices ? await parseModuleWithTreeInSlices(text, slices) : parseModuleWithTree(text);
      ast = parsed.ast;
      if (parsed.tree) cache?.trees?.set(file, text, parsed.tree);
      cache?.store?.set(text, ast);
    }
  }
  ip.host.cache?.set(file, st.size, st.mtime, ast);
  return ast;
}

/** Runs a module's top-level statements; an exception that an enclosing import would catch
 * propagates (not at the root).
 */
export async function runModule(ip: Evaluator, state: ModuleState, isRoot: boolean): Promise<void> {
  const ast = state.ast;
  if (ast.deferred) {
    state.deferred = true;
    state.opaque.push({ range: ip.rangeAt(state, 0, 0), description: `${state.name}, ${DEFERRED_MODULE}` });
    state.complete = true;
    return;
  }
  if (ast.failure) {
    ip.note('warning', `${state.file} was not evaluated: ${ast.failure}.`, ip.rangeAt(state, 0, 0));
    state.opaque.push({ range: ip.rangeAt(state, 0, 0), description: `a module that could not be evaluated (${ast.failure})` });
    state.complete = true;
    return;
  }
  let reported = 0;
  for (const off of ast.syntaxErrors) {
    if (reported++ >= 10) {
      ip.note('warning', `${state.file}: ${ast.syntaxErrors.length - 10} more syntax errors.`);
      break;
    }
    const r = ip.rangeAt(state, off, off);
    ip.note('warning', `Syntax error at line ${r.line}; the broken statement is skipped (Python would refuse to import ${state.file}).`, r);
  }
  const frame: Frame = { module: state, locals: null, globalDecl: null, closure: null, isClass: false };
  // Python refuses to import a module with a syntax error: nothing after the first one is
  // claimed (what comes before is still shown, the syntax error is noted).
  const firstError = ast.syntaxErrors.length ? ast.syntaxErrors[0] : Infinity;
  let stopped = false;
  for (const s of ast.body) {
    if (s.from > firstError) {
      const r = ip.rangeAt(state, firstError, firstError);
      if (!stopped) {
        stopped = true;
        state.opaque.push({ range: r, description: `the rest of ${state.file}, after the syntax error at line ${r.line}` });
      }
      ip.havoc([s], `this line follows a syntax error at line ${r.line}; Python cannot import ${state.file}`, frame);
      continue;
    }
    try {
      const c = await ip.execStmt(s, frame);
      if (c.type === 'split') ip.installCombined(c.parts, frame, c.reason);
    } catch (e) {
      if (e instanceof PyException) {
        if (!isRoot && (await wouldBeCaught(ip, e))) {
          state.complete = true;
          throw e;
        }
        uncaught(ip, e, s, frame);
      } else if (e instanceof Unmergeable) {
        ip.havoc([s], e.reason, frame);
      } else if (e instanceof BudgetExhausted) {
        throw e;
      } else {
        const msg = e instanceof Error ? e.message : String(e);
        ip.note('warning', `Internal evaluator error at line ${ip.rangeOf(s, state).line} (${msg}); the statement is treated as unknown.`, ip.rangeOf(s, state));
        ip.havoc([s], 'the evaluator failed on ip statement', frame);
      }
    }
  }
  state.complete = true;
}

/** An exception escaped a top-level statement: Django would stop. Keep going with the names
 *  that statement assigns unknown, so one missing variable does not hide every other setting. */
function uncaught(ip: Evaluator, e: PyException, s: Stmt, frame: Frame): void {
  const r = ip.rangeOf(s, frame.module);
  const what = `${e.cls.name}${e.message ? ': ' + e.message : ''}`;
  if (frame.module.failureStopsStart === false) {
    ip.note('info', `Line ${r.line} raises ${what} with the environment used for analysis. Names it assigns are treated as unknown.`, r);
  } else {
    ip.note('warning', `Line ${r.line} raises ${what} with the environment used for analysis; Django would fail to start. Names it assigns are treated as unknown.`, r);
  }
  ip.havoc([s], `line ${r.line} raises ${what}`, frame);
}

async function wouldBeCaught(ip: Evaluator, e: PyException): Promise<boolean> {
  for (let i = ip.tryStack.length - 1; i >= 0; i--) if ((await ip.matchHandler(ip.tryStack[i], e.cls, e.uncertain)) >= 0) return true;
  return false;
}

/** Candidate modules listed per loaded module at most (a generated file may import thousands). */
const MAX_PREFETCHED_MODULES = 200;

/**
 * The files the imports of a module could load (`pkg/__init__.py` and `pkg.py` under each sys.path
 * folder, for each module and parent package named), found in the statements that run when the
 * module is imported (not in function bodies). A hint only: nothing here decides what is imported.
 */
export function importCandidates(ast: ModuleAst, packageName: string, sysPath: readonly string[]): string[] {
  const modules = new Set<string>();
  const add = (dotted: string) => {
    const parts = dotted.split('.');
    for (let i = 1; i <= parts.length && modules.size < MAX_PREFETCHED_MODULES; i++) modules.add(parts.slice(0, i).join('.'));
  };
  const visit = (body: readonly Stmt[]) => {
    for (const st of body) {
      if (modules.size >= MAX_PREFETCHED_MODULES) return;
      if (st.t === 'Import') for (const n of st.names) add(n.name);
      else if (st.t === 'ImportFrom') {
        let base = st.module ?? '';
        if (st.level > 0) {
          const parts = packageName ? packageName.split('.') : [];
          if (st.level - 1 > parts.length) continue;
          const pkg = parts.slice(0, parts.length - (st.level - 1)).join('.');
          base = [pkg, st.module].filter(Boolean).join('.');
        }
        if (!base) continue;
        add(base);
        // `from . import views`: a name may be a submodule (module names are lower case: a class
        // such as `Product` is not looked for; a hint that misses costs only a later round trip).
        for (const n of st.names ?? []) if (n.name !== '*' && n.name === n.name.toLowerCase()) add(`${base}.${n.name}`);
      } else if (st.t === 'If') {
        st.bodies.forEach(visit);
        if (st.orelse) visit(st.orelse);
      } else if (st.t === 'Try') {
        visit(st.body);
        for (const h of st.handlers) visit(h.body);
        if (st.orelse) visit(st.orelse);
        if (st.finalbody) visit(st.finalbody);
      } else if (st.t === 'With' || st.t === 'For' || st.t === 'While' || st.t === 'Class') visit(st.body);
    }
  };
  visit(ast.body);
  return moduleFileCandidates(modules, sysPath);
}
