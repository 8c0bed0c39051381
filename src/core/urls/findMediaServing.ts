/**
 * What serves MEDIA_URL in development: evaluates ROOT_URLCONF (and what it include()s) with
 * Django's URL functions modelled, once with DEBUG forced on and once with DEBUG off, then
 * resolves MEDIA_URL's path + "probe.png" through urlpatterns the way Django's resolver does
 * (pattern order, first match wins) and checks that it reaches django.views.static.serve with
 * document_root equal to MEDIA_ROOT.
 */
import type { MediaServing, MediaServingSummary, SourceRange } from '../model';
import { AnalysisBudget, BudgetExhausted, deferralClosure, deferralFilesRead, evaluateModule, isDeferred, resolveModuleFile, type EvaluationHost, type EvaluationNote, type ModuleEvaluation, type PyValue } from '../python';
import type { ModuleState } from '../python/values';
import { ppAbspath } from '../python/posixPath';
import { STATICFILES_SERVE, djangoUrlModules, patternOf, type PassContext, type Site } from './djangoUrls';
import { literalPrefix, urlPath } from './patterns';
import { viewServesFiles } from './servingViews';
import { combinations, hostUnder, MAX_HYPOTHESIS_MODULES, undecidedImports } from './importHypotheses';
import { collectServingEntries, documentRootOf, entryKey, fullPrefix, resolveUrlpatterns, UrlWalk, type ServingEntry, type WalkNote } from './resolveUrlpatterns';

/** What the URLconf analysis needs. */
export interface UrlAnalysisInput {
  host: EvaluationHost; // same host (env, sysPath, cwd, cache)
  rootUrlconf: string; // dotted module (ROOT_URLCONF, known)
  /** django.conf.settings as seen at runtime: effective values (MEDIA_URL/STATIC_URL with script prefix). */
  settings: Map<string, PyValue>;
  mediaUrl: string | null;
  mediaRoot: string | null;
  staticRoot: string | null; // effective, absolute roots
  debug: boolean | null; // as configured; null = unknown
  /** Evaluate every module the URLconf imports, deferring none (comparison runs and tests). */
  evaluateEveryImport?: boolean;
}

/** The URLconf analysis result. */
export interface MediaServingResult {
  serving: MediaServing[];
  /** The project's answer, three-valued (see MediaServingSummary). */
  summary: MediaServingSummary;
  filesRead: string[];
  /** Files read only to decide deferrals: no pass loaded their module (see deferral.ts). */
  deferralOnly: string[];
  notes: EvaluationNote[];
}

/** One pass's answer to "does a request under MEDIA_URL reach MEDIA_ROOT?". */
type Answer = { value: boolean } | { value: null; reason: string; range?: SourceRange };

interface PassResult {
  sites: Map<string, Site>;
  /** Serving places found in the pattern tree, with their full prefix. */
  entries: ServingEntry[];
  /** The entry the media probe reaches and whether that serves MEDIA_ROOT (null: unknown). */
  hit: { key: string; servesMedia: boolean | null; reason?: string } | null;
  answer: Answer;
  /** The note explaining an unknown resolution (added unless the hypotheses decide it). */
  unknownNote?: EvaluationNote;
  /** A pass with modules deferred whose answer may depend on one (evaluate them and run again). */
  deferralMattered?: boolean;
  /** The pass deferred at least one module. */
  deferred?: boolean;
}

/**
 * Whether importing a module may change what serves files, judged from its text (code, strings or
 * comments): it names urlpatterns, static()/serve, a document root or the media settings, builds
 * URL patterns or lists of them (include(), a router, another object's `.urls`), registers a path
 * converter, imports or runs code dynamically, or changes another module at its top level
 * (`conf.FLAG = …`, `REGISTRY["x"] = …`, setattr()). So a name a deferred module defines is never a
 * URL list: used as a route's view, it is a view. What it could still change in place (a list or
 * dict of a module it imports) makes the pass run again in full when that module was evaluated
 * (stateReachable); an import inside a `try` is never deferred (it might raise). A module that does none of
 * these, and imports no project module that does (most views, forms and models a URLconf imports),
 * is deferred: its names are unknown, and a pass whose urlpatterns came to depend on one is run
 * again with every module evaluated.
 */
export function mayChangeServing(source: string): boolean {
  return SERVING_WORDS.test(source);
}
const SERVING_WORDS = /\b(?:urlpatterns|static|serve|document_root|staticfiles_urlpatterns|MEDIA_URL|MEDIA_ROOT|re_path|include|register_converter|__import__|import_module|importlib|exec_module|load_module|run_path|run_module|pkgutil|exec|eval)\b|\bsys\.modules\b|(?<![.\w])(?:path|url)\(|(?<!\bdjango)\.urls\b|Router\b|media\/|\b(?:setattr|delattr)\s*\(|^[A-Za-z_]\w*(?:\.\w+|\[[^\]\n]*\])+\s*(?:[-+*/%&|^@]|\*\*|\/\/|<<|>>)?=(?!=)/m;
/** The deferral test of the URLconf analysis (one function: what it judged is remembered per test). */
export const deferIfIrrelevant = (source: string): boolean => !mayChangeServing(source);

/**
 * True when a deferred module, had it run, could have changed what the evaluated code sees: some
 * module in its import closure was evaluated and holds something a module can change in place (a
 * list, a dict, a set, an object, a class with such an attribute, or an unknown value). A module
 * whose text passes the test rebinds no attribute at its top level (see SERVING_WORDS), so an
 * evaluated module of constants, functions and classes stays what the pass saw.
 */
function stateReachable(ev: ModuleEvaluation, budget: AnalysisBudget): boolean {
  for (const deferred of ev.deferredFiles) {
    for (const f of deferralClosure(budget, deferred)) {
      const globals = ev.moduleGlobals.get(f);
      if (!globals) continue;
      for (const [name, b] of globals) if (!name.startsWith('__') && !inert(b.value, 0)) return true;
    }
  }
  return false;
}

/** A value no code can change in place (constants, functions, modules, tuples and classes of them). */
function inert(v: PyValue, depth: number): boolean {
  if (depth > 8) return false;
  switch (v.kind) {
    case 'none':
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
    case 'path':
    case 'function':
    case 'builtin':
    case 'module':
      return true;
    case 'tuple':
      return v.items.every((i) => inert(i, depth + 1));
    case 'class':
      return [...v.attrs.values()].every((a) => inert(a, depth + 1));
    default:
      return false;
  }
}

/**
 * True when a value a deferred module would have defined reached the pattern tree anywhere but a
 * pattern's view (a view matters only when the media probe reaches it, and then the pass's answer
 * is unknown): in a list, a poisoned list, an include(), a route, a kwargs dict or a document root.
 */
function reachesDeferred(v: PyValue | null | undefined, seen: Set<PyValue>, depth = 0): boolean {
  if (!v || seen.has(v)) return false;
  if (depth > 64) return true;
  seen.add(v);
  const deeper = (x: PyValue | null | undefined): boolean => reachesDeferred(x, seen, depth + 1);
  switch (v.kind) {
    case 'unknown':
      return isDeferred(v.reason);
    case 'list':
      return (v.poisoned !== undefined && isDeferred(v.poisoned)) || v.items.some(deeper);
    case 'tuple':
      return v.items.some(deeper);
    case 'dict':
      if (v.poisoned !== undefined && isDeferred(v.poisoned)) return true;
      for (const e of v.entries.values()) if (deeper(e.key) || deeper(e.value)) return true;
      return false;
    case 'module': {
      if (!v.ns) return false;
      if ((v.ns as ModuleState).deferred) return true;
      return deeper(v.ns.globals.get('urlpatterns')?.value);
    }
    case 'object': {
      const d = patternOf(v);
      if (!d) return false;
      if (d.unknownReason !== undefined && isDeferred(d.unknownReason)) return true;
      return deeper(d.kwargs) || deeper(d.urlconf) || deeper(d.site?.documentRoot) || deeper(d.localePrefix?.prefixDefaultLanguage);
    }
    default:
      return false;
  }
}

function unknownAnswer(reason: string, range?: SourceRange): Answer {
  return range ? { value: null, reason, range } : { value: null, reason };
}

/** Finds the places in the URLconf tree that serve files, and whether MEDIA_URL reaches MEDIA_ROOT. */
export async function findMediaServing(input: UrlAnalysisInput): Promise<MediaServingResult> {
  const notes: EvaluationNote[] = [];
  let noteKeys = new Set<string>();
  const addPlainNote = (n: EvaluationNote): void => {
    const k = `${n.severity}|${n.message}|${n.range?.file ?? ''}:${n.range?.line ?? ''}`;
    if (noteKeys.has(k)) return;
    noteKeys.add(k);
    notes.push(n);
  };
  const filesRead = new Set<string>();
  const loaded = new Set<string>();
  const addNote = addPlainNote;
  const probe = input.mediaUrl === null ? null : probePath(input.mediaUrl);
  if (probe === null) addNote({ severity: 'warning', message: 'MEDIA_URL is unknown, so whether the URLconf serves media cannot be determined (media serving not analysed).' });

  const file = await resolveModuleFile(input.host, input.rootUrlconf);
  if (!file) {
    const message = `ROOT_URLCONF "${input.rootUrlconf}" was not found in the project; media serving was not analysed (urlconf missing).`;
    addNote({ severity: 'warning', message });
    return { serving: [], summary: { inDebug: null, now: null, reason: message }, filesRead: [...filesRead], deferralOnly: [], notes };
  }

  // `assumption`: packages taken as installed or missing (see importHypotheses); such a run only
  // answers, its notes and files are those of the plain run.
  // Both passes and their walks share the analysis budget (one of their own when none is given).
  const budget = input.host.budget ?? new AnalysisBudget();
  const run = async (debug: boolean, assumption?: Map<string, boolean>, defer = false): Promise<PassResult> => {
    const pass: PassContext = { debug, settings: input.settings, sites: new Map(), converters: new Set() };
    const provided = new Map([...(input.host.providedModules ?? []), ...djangoUrlModules(pass)]);
    const host: EvaluationHost = {
      ...(assumption ? hostUnder(input.host, provided, assumption) : { ...input.host, env: new Map(input.host.env), providedModules: provided }),
      role: 'urlconf',
      budget,
      ...(defer ? { deferModule: deferIfIrrelevant } : {}),
    };
    const ev = await evaluateModule(host, file, input.rootUrlconf);
    ev.loadedFiles.forEach((f) => loaded.add(f));
    const addNote = (n: EvaluationNote): void => {
      if (!assumption) addPlainNote(n);
    };
    if (!assumption) {
      ev.filesRead.forEach((f) => filesRead.add(f));
      for (const n of ev.notes) addNote(n);
    }
    const binding = ev.globals.get('urlpatterns');
    const result: PassResult = { sites: pass.sites, entries: [], hit: null, answer: { value: false }, ...(ev.deferredModules.length ? { deferred: true } : {}) };
    // (A pass that deferred nothing is the full pass.)
    if (defer && ev.deferredModules.length > 0 && (!binding || stateReachable(ev, budget) || ev.stopped || ev.opaqueWrites.some((w) => isDeferred(w.description)) || ev.notes.some((n) => isDeferred(n.message)) || reachesDeferred(binding.value, new Set()))) {
      result.deferralMattered = true;
      return result;
    }
    if (!binding) {
      const message = ev.stopped
        ? `The URLconf ${input.rootUrlconf} was not evaluated to its end (${ev.stopped}); media serving was not analysed.`
        : `The URLconf ${input.rootUrlconf} defines no urlpatterns${ev.opaqueWrites.length ? ' that can be read statically' : ''}; media serving was not analysed.`;
      const range = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
      addNote({ severity: 'warning', message, range });
      result.answer = unknownAnswer(message, range);
      return result;
    }
    const walkNotes: WalkNote[] = [];
    const root = binding.value;
    const collect = new UrlWalk(budget);
    collect.inside(root, '', () => collectServingEntries(root, '', 0, result.entries, walkNotes, collect));
    for (const w of walkNotes) addNote({ severity: 'warning', message: w.message, range: w.range ?? binding.origin });
    if (probe === null) {
      result.answer = unknownAnswer('MEDIA_URL is unknown');
      return result;
    }
    const walk = new UrlWalk(budget);
    const r = walk.inside(root, probe.slice(1), () => resolveUrlpatterns(root, probe.slice(1), '', 0, walk));
    if (r.kind === 'unknown') {
      const message = `With DEBUG ${debug ? 'on' : 'off'}, where ${probe} goes in urlpatterns is unknown: ${r.reason} (media serving not fully analysed).`;
      result.unknownNote = { severity: 'warning', message, range: r.range ?? binding.origin };
      result.answer = unknownAnswer(`where ${probe} goes in urlpatterns is unknown: ${r.reason}`, r.range ?? binding.origin);
    } else if (r.kind === 'match') {
      const d = r.data;
      const hasPath = 'path' in r.groups || hasKwarg(d.kwargs, 'path');
      const servesRoot = hasPath && sameRoot(documentRootOf(d), input);
      const view = viewServesFiles(d.view);
      if (d.site) {
        const key = entryKey(d.site.key, fullPrefix(d, r.prefix));
        result.hit = view.serves === null && servesRoot
          ? { key, servesMedia: null, reason: view.reason }
          : { key, servesMedia: servesRoot && view.serves === true };
      } else {
        // A custom view answers media URLs (a wrapper around serve, a login-protected view):
        // reported as "other" when it was routed there on purpose (a literal prefix, not a
        // catch-all); what it returns is known only when it plainly hands the request to serve().
        const lp = d.regex ? literalPrefix(d.regex) : null;
        const full = r.prefix !== null && lp ? r.prefix + lp.text : null;
        if (full && d.range && d.view !== STATICFILES_SERVE) {
          const key = entryKey(`other:${d.range.file}:${d.range.line}:${d.range.column}`, '/' + full);
          result.entries.push({ key, range: d.range, kind: 'other', prefix: '/' + full, documentRoot: documentRootOf(d), site: null });
          result.hit = view.serves === false || (view.serves === true && !servesRoot)
            ? { key, servesMedia: false }
            : view.serves === true
              ? { key, servesMedia: true }
              : { key, servesMedia: null, reason: view.reason ?? `${probe} reaches a project view whose response is not evaluated` };
        } else if (view.serves === false || (view.serves === true && !servesRoot)) {
          result.answer = { value: false };
        } else if (view.serves === true) {
          result.answer = { value: true };
        } else {
          result.answer = unknownAnswer(view.reason ?? `${probe} reaches a view that is not evaluated`, d.range);
          return result;
        }
      }
      if (result.hit) {
        result.answer = result.hit.servesMedia === null
          ? unknownAnswer(result.hit.reason ?? 'the view that answers MEDIA_URL is not evaluated', d.range)
          : { value: result.hit.servesMedia };
      }
    }
    return result;
  };

  // An unknown caused only by packages that may be missing: the same answer under every
  // combination of installed / missing is the answer.
  const decide = async (debug: boolean, result: PassResult): Promise<PassResult> => {
    if (result.answer.value !== null) return result;
    const names = undecidedImports(result.answer.reason);
    if (names.length === 0 || names.length > MAX_HYPOTHESIS_MODULES) return result;
    const outcomes: PassResult[] = [];
    for (const assumption of combinations(names)) outcomes.push(await run(debug, assumption));
    const first = outcomes[0];
    if (first.answer.value === null) return result;
    if (!outcomes.every((o) => o.answer.value === first.answer.value && (o.hit?.key ?? null) === (first.hit?.key ?? null))) return result;
    addNote({ severity: 'info', message: `With DEBUG ${debug ? 'on' : 'off'}, media serving is the same whether ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} installed or not.` });
    return { ...result, answer: first.answer, hit: first.hit };
  };

  const safeRun = async (debug: boolean, defer = false): Promise<PassResult> => {
    try {
      let result = await run(debug, undefined, defer);
      if (result.deferred) {
        // An unknown answer is not kept from a pass with deferred modules (the media probe may have
        // reached a deferred view): the full pass decides. Without MEDIA_URL nothing is resolved, so
        // no view is asked about and the answer stands.
        return result.answer.value === null && probe !== null ? { ...result, deferralMattered: true } : result;
      }
      result = await decide(debug, result);
      if (result.answer.value === null && result.unknownNote) addNote(result.unknownNote);
      return result;
    } catch (e) {
      const why = e instanceof BudgetExhausted ? e.reason : e instanceof Error ? e.message : String(e);
      const message = `The URLconf could not be analysed with DEBUG ${debug ? 'on' : 'off'} (${why}); media serving not analysed.`;
      addNote({ severity: 'warning', message });
      // (Not run again without deferring: the budget this pass spent is spent, and the full pass
      // costs more.)
      return { sites: new Map(), entries: [], hit: null, answer: unknownAnswer(message) };
    }
  };
  // First with the modules the URLconf merely imports deferred (most of a large project's views,
  // forms and models are never parsed); when the answer depended on one, again with all of them.
  const notesBefore = notes.length;
  const keysBefore = new Set(noteKeys);
  const spentBefore = budget.mark();
  const defer = !input.evaluateEveryImport;
  let on = await safeRun(true, defer);
  let off = on.deferralMattered ? on : await safeRun(false, defer);
  if (on.deferralMattered || off.deferralMattered) {
    notes.length = notesBefore;
    noteKeys = keysBefore;
    budget.rewind(spentBefore);
    on = await safeRun(true);
    off = await safeRun(false);
  }
  const configured = input.debug === true ? on : input.debug === false ? off : null;
  if (input.debug === null && !sameAnswer(on.answer, off.answer)) {
    addNote({ severity: 'info', message: 'DEBUG is unknown, so whether media is served as configured cannot be determined.' });
  }
  const nowAnswer: Answer = configured
    ? configured.answer
    : sameAnswer(on.answer, off.answer)
      ? on.answer
      : unknownAnswer(`DEBUG is unknown, and the answer depends on it`);

  // One entry per serving place and prefix, from both passes; sites that produced no pattern
  // (static() returning []) are reported with the prefix they were given. That prefix is the full
  // one only for a host prefix (static() ignores it) or in the root URLconf; elsewhere an include()
  // the walk could not read may add to it, so it is not shown.
  const entries = new Map<string, ServingEntry>();
  const inTree = new Set<string>();
  for (const pass of [on, off]) {
    for (const e of pass.entries) {
      if (entries.has(e.key)) continue;
      entries.set(e.key, e);
      inTree.add(e.key);
    }
  }
  for (const pass of [on, off]) {
    for (const site of pass.sites.values()) {
      if ([...entries.values()].some((e) => e.site?.key === site.key)) continue;
      const own = site.ownPrefix;
      const prefix = own !== null && (hasNetlocPrefix(own) || site.range.file === file) ? own : null;
      const key = entryKey(site.key, prefix);
      if (!entries.has(key)) entries.set(key, { key, range: site.range, kind: site.kind, prefix, documentRoot: site.documentRoot, site });
    }
  }
  const serving: MediaServing[] = [];
  for (const e of entries.values()) {
    const siteKey = e.site?.key;
    const debugOnly = siteKey !== undefined ? on.sites.has(siteKey) && !off.sites.has(siteKey) : false;
    const documentRoot = e.kind === 'other' ? 'other' : classifyRoot(e.documentRoot, input);
    const prefixForProbe = inTree.has(e.key) || (e.prefix !== null && hasNetlocPrefix(e.prefix)) ? e.prefix : null;
    const inDebug = entryAnswer(on, e, probe, documentRoot, prefixForProbe);
    const now = configured
      ? entryAnswer(configured, e, probe, documentRoot, prefixForProbe)
      : sameAnswer(on.answer, off.answer) ? entryAnswer(off, e, probe, documentRoot, prefixForProbe) : nowAnswer;
    const entry: MediaServing = {
      range: e.range,
      kind: e.kind,
      prefix: e.prefix === null ? null : displayPrefix(e.prefix),
      documentRoot,
      debugOnly,
      servesMediaInDebug: inDebug.value,
      servesMediaNow: now.value,
    };
    const why = inDebug.value === null ? inDebug : now.value === null ? now : null;
    if (why && why.value === null) entry.reason = why.reason;
    serving.push(entry);
  }
  serving.sort((a, b) => (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column));
  const deferralOnly = deferralFilesRead(budget).filter((f) => !loaded.has(f));
  return { serving, summary: summaryOf(on.answer, nowAnswer), filesRead: [...filesRead].sort(), deferralOnly, notes };
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return a.value !== null && a.value === b.value;
}

/** The project's answer from the two passes (the first unknown one gives the reason). */
function summaryOf(inDebug: Answer, now: Answer): MediaServingSummary {
  const out: MediaServingSummary = { inDebug: inDebug.value, now: now.value };
  const why = inDebug.value === null ? inDebug : now.value === null ? now : null;
  if (why && why.value === null) {
    out.reason = why.reason;
    if (why.range) out.range = why.range;
  }
  return out;
}

/**
 * One entry's share of a pass's answer: the entry the probe reached has the pass's answer; when the
 * pass is unknown, an entry that cannot serve MEDIA_URL anyway (another document root, a prefix the
 * probe is not under) is false, the others unknown.
 */
function entryAnswer(pass: PassResult, e: ServingEntry, probe: string | null, documentRoot: MediaServing['documentRoot'], prefix: string | null): Answer {
  if (pass.answer.value !== null) return { value: pass.hit?.key === e.key && pass.hit.servesMedia === true };
  if (pass.hit?.key === e.key) return pass.answer;
  if (documentRoot === 'STATIC_ROOT') return { value: false };
  if (prefix !== null && hasNetlocPrefix(prefix)) {
    if (e.kind === 'static()') return { value: false };
  } else if (probe !== null && prefix !== null && !probe.startsWith(displayPrefix(prefix))) return { value: false };
  return pass.answer;
}

function hasNetlocPrefix(p: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:|^\/\//.test(p);
}

/** The path a media URL is requested at: urlsplit(MEDIA_URL).path + "probe.png". */
function probePath(mediaUrl: string): string {
  let p = urlPath(mediaUrl) || '/';
  if (!p.startsWith('/')) p = '/' + p;
  return p + 'probe.png';
}

function displayPrefix(p: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:|^\/\//.test(p)) return p;
  return p.startsWith('/') ? p : '/' + p;
}

function hasKwarg(kwargs: PyValue, name: string): boolean {
  return kwargs.kind === 'dict' && kwargs.entries.has('s:' + name);
}

function fspath(v: PyValue | null | undefined): string | null {
  if (!v) return null;
  if (v.kind === 'str' || v.kind === 'path') return v.value;
  if (v.kind === 'object' && v.type.fspath) return v.type.fspath(v);
  return null;
}

/** Django's check in the fixtures tool: os.fspath equality, or abspath equality when both are set. */
function sameRoot(docRoot: PyValue | null, input: UrlAnalysisInput): boolean {
  const media = input.settings.get('MEDIA_ROOT');
  if (docRoot && media && docRoot === media) return true;
  const a = fspath(docRoot);
  if (a === null) return false;
  const rawMedia = fspath(media);
  if (rawMedia !== null && a === rawMedia) return true;
  if (!a || !input.mediaRoot) return false;
  return ppAbspath(a, input.host.cwd) === input.mediaRoot;
}

function classifyRoot(docRoot: PyValue | null, input: UrlAnalysisInput): MediaServing['documentRoot'] {
  if (!docRoot) return 'other';
  const media = input.settings.get('MEDIA_ROOT');
  const stat = input.settings.get('STATIC_ROOT');
  if (media && docRoot === media) return 'MEDIA_ROOT';
  if (stat && docRoot === stat) return 'STATIC_ROOT';
  if (sameRoot(docRoot, input)) return 'MEDIA_ROOT';
  const a = fspath(docRoot);
  if (a === null) return 'other';
  const rawStatic = fspath(stat);
  if (rawStatic !== null && a === rawStatic) return 'STATIC_ROOT';
  if (a && input.staticRoot && ppAbspath(a, input.host.cwd) === input.staticRoot) return 'STATIC_ROOT';
  return 'other';
}
