/**
 * Imports: a dotted name resolves to a caller-provided module, a project module (found on
 * sys.path and evaluated once), a modelled module (stdlib, libraries) or an opaque third-party
 * module, in that order. Relative and star imports follow Python's rules.
 */
import type { SourceRange } from '../../model';
import type { Span, Stmt } from '../ast';
import { PyException } from '../exceptions';
import { createModelledModule, isAlwaysImportable } from '../modules';
import { refusedReason } from '../confinement';
import { ppAbspath, ppJoin } from '../posixPath';
import { unknown, type CallContext, type Frame, type ModuleState, type PyModule, type PyValue } from '../values';
import type { Evaluator } from './evaluator';
import { setName } from './names';
import { deferredUnknown, isDeferred } from '../deferred';
import { deferralOf } from './deferral';
import { findModule, NEVER_LOCAL } from './moduleFiles';

/** Top-level module names that look like a project's own settings modules. */
const LOCAL_LOOKING = /^(settings|local|secrets?|local_?settings|settings_?local|.+_settings|settings_.+|local_.+|.+_local)$/i;

/** `import a.b.c [as x]`. */
export async function execImport(ip: Evaluator, s: Stmt & { t: 'Import' }, frame: Frame): Promise<void> {
  const origin = ip.rangeOf(s, frame.module);
  for (const { name, asName } of s.names) {
    const mod = await importModule(ip, name, frame, s);
    if (asName) {
      setName(asName, mod, frame, origin);
    } else {
      const top = name.split('.')[0];
      setName(top, name.includes('.') ? await importModule(ip, top, frame, s) : mod, frame, origin);
    }
  }
}

/** `from m import a, b` (relative and star imports included). */
export async function execImportFrom(ip: Evaluator, s: Stmt & { t: 'ImportFrom' }, frame: Frame): Promise<void> {
  const origin = ip.rangeOf(s, frame.module);
  let base: string;
  if (s.level > 0) {
    const pkg = frame.module.packageName;
    if (!pkg) ip.raise('ImportError', 'attempted relative import with no known parent package');
    const parts = pkg.split('.');
    if (s.level - 1 >= parts.length) ip.raise('ImportError', 'attempted relative import beyond top-level package');
    base = parts.slice(0, parts.length - (s.level - 1)).join('.');
    if (s.module) base = base + '.' + s.module;
  } else base = s.module as string;
  const mod = await importModule(ip, base, frame, s);
  if (s.names === null) {
    starImport(ip, mod, frame, s, origin);
    return;
  }
  for (const { name, asName } of s.names) {
    const value = await importName(ip, mod, base, name, frame, s);
    // Keep the origin of the imported binding when there is one (provenance of settings).
    const b = mod.kind === 'module' && mod.ns?.globals.get(name);
    setName(asName ?? name, value, frame, b && b.value === value ? b.origin : origin);
  }
}

async function importName(ip: Evaluator, mod: PyValue, base: string, name: string, frame: Frame, s: Span): Promise<PyValue> {
  if (mod.kind !== 'module') return mod.kind === 'unknown' ? unknown(mod.reason, mod.range, mod.opaque ? `${mod.opaque}.${name}` : undefined) : mod;
  if (mod.ns) {
    const b = mod.ns.globals.get(name);
    if (b) return b.value;
    if ((mod.ns as ModuleState).deferred) return deferredUnknown(`${base}.${name}`, true, ip.rangeOf(s, frame.module));
    // Maybe a submodule (from . import local) — only packages have them.
    const isPackage = mod.ns.file === '' || mod.ns.file.endsWith('/__init__.py');
    const sub = isPackage ? await importModule(ip, `${base}.${name}`, frame, s, true) : undefined;
    if (sub) return sub;
    if (!mod.ns.complete) return unknown(`${name} is not defined yet in ${base} (circular import)`, ip.rangeOf(s, frame.module));
    const opaque = (mod.ns as ModuleState).opaque;
    if (opaque.length) return unknown(`${base}.${name} may be defined by ${(opaque.find((o) => isDeferred(o.description)) ?? opaque[0]).description}`, ip.rangeOf(s, frame.module));
    return ip.raise('ImportError', `cannot import name '${name}' from '${base}'`);
  }
  const a = mod.attrs?.get(name) ?? mod.lazy?.(name);
  if (a) return a;
  if (mod.attrs || mod.lazy) {
    const sub = await importModule(ip, `${base}.${name}`, frame, s, true);
    // An opaque Django module stands for any name under django.*: `from django.urls import
    // reverse_lazy` is a function, not a submodule, so it is not evaluated rather than a module.
    if (sub && (sub.kind !== 'module' || sub.ns || sub.attrs || sub.lazy)) return sub;
    return unknown(`${base}.${name} is not modelled`, ip.rangeOf(s, frame.module), `${base}.${name}`);
  }
  // An unmodelled package: a submodule only when the caller provides it.
  const provided = ip.host.providedModules?.get(`${base}.${name}`);
  if (provided) return { kind: 'module', name: `${base}.${name}`, attrs: provided };
  return unknown(`${base}.${name} is not evaluated (third-party module)`, ip.rangeOf(s, frame.module), `${base}.${name}`);
}

function starImport(ip: Evaluator, mod: PyValue, frame: Frame, s: Span, origin: SourceRange): void {
  const desc = `from ${mod.kind === 'module' ? mod.name : '…'} import *`;
  if (mod.kind !== 'module' || (!mod.ns && !mod.attrs)) {
    ip.opaqueWrite(frame, origin, `\`${ip.textOf(s, frame.module)}\` (a module that is not evaluated)`);
    return;
  }
  if (mod.ns) {
    if (!mod.ns.complete) {
      ip.note('warning', `Circular star import: ${desc} while ${mod.name} is still being evaluated.`, origin);
      ip.opaqueWrite(frame, origin, `\`${ip.textOf(s, frame.module)}\` (circular import)`);
      return;
    }
    const all = mod.ns.globals.get('__all__');
    let names: string[] | null = null;
    if (all) {
      const items = all.value.kind === 'list' || all.value.kind === 'tuple' ? all.value.items : null;
      if (!items || items.some((i) => i.kind !== 'str')) {
        ip.opaqueWrite(frame, origin, `\`${ip.textOf(s, frame.module)}\` (its __all__ is unknown)`);
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
  for (const [k, v] of mod.attrs as Map<string, PyValue>) if (!k.startsWith('_')) setName(k, v, frame, origin);
}

/** Imports a module by absolute dotted name: caller-provided, project, modelled or opaque.
 *  With `optional`, returns undefined instead of an opaque module when it does not exist. */
async function importModule(ip: Evaluator, name: string, frame: Frame, site: Span, optional: true): Promise<PyValue | undefined>;
async function importModule(ip: Evaluator, name: string, frame: Frame, site: Span, optional?: false, byName?: boolean): Promise<PyValue>;
async function importModule(ip: Evaluator, name: string, frame: Frame, site: Span, optional = false, byName = false): Promise<PyValue | undefined> {
  const provided = ip.host.providedModules?.get(name);
  if (provided) return { kind: 'module', name, attrs: provided };
  const cached = ip.modules.get(name);
  if (cached) return cached.value;
  const top = name.split('.')[0];
  // A project module shadows an installed package of the same name, as sys.path order makes it
  // in Python; only names no project shadows skip the file probes.
  if (!NEVER_LOCAL.has(top)) {
    const found = await findProjectModule(ip, name);
    if (found) return evaluateProjectModule(ip, name, found, frame, site, byName);
    if (await isProjectPackage(ip, top)) {
      // The top-level package is the project's: a missing submodule is a real ImportError.
      if (optional) return undefined;
      return ip.raise('ModuleNotFoundError', `No module named '${name}'`);
    }
    // sys.path names a folder the analysis may not read: the module may be there, so it is
    // neither missing nor an installed package we could model.
    const outside = isAlwaysImportable(top) || modelledModule(ip, name) ? undefined : await refusedSysPathEntry(ip);
    if (outside) return unknown(`\`import ${name}\` is not evaluated: sys.path holds ${refusedReason(outside.dir, outside.why)}`, ip.rangeOf(site, frame.module));
  }
  const modelled = modelledModule(ip, name);
  if (modelled) return modelled;
  if (optional) return undefined;
  if (isAlwaysImportable(top)) return { kind: 'module', name };
  if (LOCAL_LOOKING.test(top)) {
    // A settings-like module that is not in the project ("local_settings") is missing, not an
    // installed package.
    ip.note('info', `${name} is not in the project; it is treated as missing (ImportError).`, ip.rangeOf(site, frame.module));
    return ip.raise('ModuleNotFoundError', `No module named '${name}'`);
  }
  // Not in the project and not modelled: an installed package, or missing. Inside a try that
  // catches ImportError both are possible.
  await ip.maybeRaise('ModuleNotFoundError', `\`import ${name}\` fails (the package may not be installed)`);
  const mod: PyModule = { kind: 'module', name };
  return mod;
}

/** The modelled module `name`, created once per evaluation. */
export function modelledModule(ip: Evaluator, name: string): PyModule | undefined {
  let m = ip.modelled.get(name);
  if (!m) {
    m = createModelledModule(ip, name);
    if (m) ip.modelled.set(name, m);
  }
  return m;
}

async function isProjectPackage(ip: Evaluator, top: string): Promise<boolean> {
  for (const dir of sysPathDirs(ip)) {
    const st = await ip.hostStat(ppJoin(dir, top));
    if (st?.type === 'directory') return true;
    ip.filesRead.add(ppJoin(dir, top + '.py'));
    if ((await ip.hostStat(ppJoin(dir, top + '.py')))?.type === 'file') return true;
  }
  return false;
}

/** The first sys.path entry (absolute, or relative to the working directory) the analysis may not read. */
async function refusedSysPathEntry(ip: Evaluator): Promise<{ dir: string; why: string } | undefined> {
  for (const p of ip.sysPath.items) {
    if (p.kind !== 'str') continue;
    const dir = ppAbspath(p.value, ip.host.cwd);
    const why = await ip.refusal(dir);
    if (why) return { dir, why };
  }
  return undefined;
}

function sysPathDirs(ip: Evaluator): string[] {
  const out: string[] = [];
  for (const p of ip.sysPath.items) if (p.kind === 'str' && p.value.startsWith('/')) out.push(p.value);
  return out;
}

async function findProjectModule(ip: Evaluator, name: string): Promise<{ file: string | null; isPackage: boolean } | undefined> {
  return findModule(sysPathDirs(ip), name, (p) => ip.hostStat(p), (p) => ip.filesRead.add(p));
}

async function evaluateProjectModule(ip: Evaluator, name: string, found: { file: string | null; isPackage: boolean }, frame: Frame, site: Span, byName: boolean): Promise<PyValue> {
  // Parent packages are imported first, as Python does.
  const dot = name.lastIndexOf('.');
  let parent: PyValue | null = null;
  if (dot > 0) {
    parent = await importModule(ip, name.slice(0, dot), frame, site);
    const again = ip.modules.get(name);
    if (again) return again.value;
  }
  if (ip.importDepth >= ip.limits.maxImportDepth) {
    ip.note('warning', `Imports nest more than ${ip.limits.maxImportDepth} levels deep; ${name} is not evaluated.`, ip.rangeOf(site, frame.module));
    return unknown(`${name} is imported too deep to evaluate`);
  }
  const packageName = found.isPackage ? name : name.slice(0, Math.max(0, dot));
  let state: ModuleState;
  // A module a URLconf merely imports (views, forms, models) may be left unevaluated when its text
  // says it cannot matter; a package is always run (its submodules are imported through it).
  // Not inside a `try`: an import that raises there changes what runs next, and a deferred module
  // never raises.
  const test = ip.host.role === 'urlconf' && !byName && !found.isPackage && ip.tryStack.length === 0 ? ip.host.deferModule : undefined;
  const file = found.file;
  const defer = test && file ? deferralOf(ip, file, packageName, test) : undefined;
  if (file) state = await ip.loadModuleState(file, name, packageName, defer);
  else {
    // A namespace package: no code, only submodules.
    state = await ip.loadModuleState('', name, name);
    state.ast = { body: [], source: '', lineStarts: [0], syntaxErrors: [], failure: null };
    state.globals.delete('__file__');
  }
  if (ip.host.role === 'urlconf' && !byName) state.failureStopsStart = false;
  ip.modules.set(name, state);
  ip.importDepth++;
  try {
    await ip.runModule(state, false);
  } catch (e) {
    if (e instanceof PyException) ip.modules.delete(name);
    throw e;
  } finally {
    ip.importDepth--;
  }
  if (parent && parent.kind === 'module' && parent.ns) parent.ns.globals.set(name.slice(dot + 1), { value: state.value, origin: ip.rangeOf(site, frame.module) });
  return state.value;
}

/** Runs another file's code in the given frame's namespace (django-split-settings include()). */
export async function includeFile(ip: Evaluator, file: string, frame: Frame): Promise<void> {
  const ast = await ip.loadAst(file);
  const alias: ModuleState = Object.create(frame.module) as ModuleState;
  (alias as { file: string }).file = file;
  alias.ast = ast;
  if (ast.failure) {
    ip.note('warning', `${file} was not evaluated: ${ast.failure}.`);
    frame.module.opaque.push({ range: ip.rangeAt(frame.module, 0, 0), description: `an included file that could not be evaluated (${file})` });
    return;
  }
  for (const off of ast.syntaxErrors.slice(0, 10)) {
    const r = ip.rangeAt(alias, off, off);
    ip.note('warning', `Syntax error at line ${r.line} of ${file}; the broken statement is skipped.`, r);
  }
  const f: Frame = { module: alias, locals: null, globalDecl: null, closure: null, isClass: false };
  ip.importDepth++;
  try {
    if (ip.importDepth > ip.limits.maxImportDepth) {
      ip.note('warning', `Includes nest more than ${ip.limits.maxImportDepth} levels deep; ${file} is not evaluated.`);
      return;
    }
    const c = await ip.execBlock(ast.body, f);
    if (c.type === 'split') ip.installCombined(c.parts, f, c.reason);
  } finally {
    ip.importDepth--;
  }
}

/** importlib.import_module(name). */
export async function importByName(ip: Evaluator, name: string, ctx: CallContext): Promise<PyValue> {
  return importModule(ip, name, ctx.frame, { from: 0, to: 0 }, false, true);
}
