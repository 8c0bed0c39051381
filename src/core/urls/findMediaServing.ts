/**
 * What serves MEDIA_URL in development: evaluates ROOT_URLCONF (and what it include()s) with
 * Django's URL functions modelled, once with DEBUG forced on and once with DEBUG off, then
 * resolves MEDIA_URL's path + "probe.png" through urlpatterns the way Django's resolver does
 * (pattern order, first match wins) and checks that it reaches django.views.static.serve with
 * document_root equal to MEDIA_ROOT.
 */
import type { MediaServing } from '../model';
import { evaluateModule, resolveModuleFile, type EvaluationHost, type EvaluationNote, type PyValue } from '../python';
import { ppAbspath } from '../python/posixPath';
import { SERVE, STATICFILES_SERVE, djangoUrlModules, type PassContext, type Site } from './djangoUrls';
import { literalPrefix, urlPath } from './patterns';
import { collectServingEntries, documentRootOf, entryKey, fullPrefix, resolveUrlpatterns, type ServingEntry } from './resolveUrlpatterns';

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
}

/** The URLconf analysis result. */
export interface MediaServingResult {
  serving: MediaServing[];
  filesRead: string[];
  notes: EvaluationNote[];
}

interface PassResult {
  sites: Map<string, Site>;
  /** Serving places found in the pattern tree, with their full prefix. */
  entries: ServingEntry[];
  /** The entry the media probe reaches and whether that serves MEDIA_ROOT. */
  hit: { key: string; servesMedia: boolean } | null;
  ok: boolean;
}

/** Finds the places in the URLconf tree that serve files, and whether MEDIA_URL reaches MEDIA_ROOT. */
export async function findMediaServing(input: UrlAnalysisInput): Promise<MediaServingResult> {
  const notes: EvaluationNote[] = [];
  const noteKeys = new Set<string>();
  const addNote = (n: EvaluationNote): void => {
    const k = `${n.severity}|${n.message}|${n.range?.file ?? ''}:${n.range?.line ?? ''}`;
    if (noteKeys.has(k)) return;
    noteKeys.add(k);
    notes.push(n);
  };
  const filesRead = new Set<string>();
  const probe = input.mediaUrl === null ? null : probePath(input.mediaUrl);
  if (probe === null) addNote({ severity: 'warning', message: 'MEDIA_URL is unknown, so whether the URLconf serves media cannot be determined (media serving not analysed).' });

  const file = await resolveModuleFile(input.host, input.rootUrlconf);
  if (!file) {
    addNote({ severity: 'warning', message: `ROOT_URLCONF "${input.rootUrlconf}" was not found in the project; media serving was not analysed (urlconf missing).` });
    return { serving: [], filesRead: [...filesRead], notes };
  }

  const run = async (debug: boolean): Promise<PassResult> => {
    const pass: PassContext = { debug, settings: input.settings, sites: new Map(), converters: new Set() };
    const provided = new Map([...(input.host.providedModules ?? []), ...djangoUrlModules(pass)]);
    const host: EvaluationHost = { ...input.host, env: new Map(input.host.env), providedModules: provided };
    const ev = await evaluateModule(host, file, input.rootUrlconf);
    ev.filesRead.forEach((f) => filesRead.add(f));
    for (const n of ev.notes) addNote(n);
    const binding = ev.globals.get('urlpatterns');
    const result: PassResult = { sites: pass.sites, entries: [], hit: null, ok: true };
    if (!binding) {
      addNote({ severity: 'warning', message: `The URLconf ${input.rootUrlconf} defines no urlpatterns${ev.opaqueWrites.length ? ' that can be read statically' : ''}; media serving was not analysed.`, range: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } });
      result.ok = false;
      return result;
    }
    const walkNotes: string[] = [];
    collectServingEntries(binding.value, '', 0, result.entries, walkNotes);
    for (const w of walkNotes) addNote({ severity: 'warning', message: w, range: binding.origin });
    if (probe !== null) {
      const r = resolveUrlpatterns(binding.value, probe.slice(1), '', 0);
      if (r.kind === 'unknown') {
        result.ok = false;
        addNote({
          severity: 'warning',
          message: `With DEBUG ${debug ? 'on' : 'off'}, where ${probe} goes in urlpatterns is unknown: ${r.reason} (media serving not fully analysed).`,
          range: binding.origin,
        });
      } else if (r.kind === 'match') {
        const d = r.data;
        if (d.site) {
          const key = entryKey(d.site.key, fullPrefix(d, r.prefix));
          result.hit = { key, servesMedia: d.view === SERVE && ('path' in r.groups || hasKwarg(d.kwargs, 'path')) && sameRoot(documentRootOf(d), input) };
        } else {
          // A custom view (often a login-protected one) answers media URLs: report it as "other"
          // when it was routed there on purpose (a literal prefix, not a catch-all).
          const lp = d.regex ? literalPrefix(d.regex) : null;
          const full = r.prefix !== null && lp ? r.prefix + lp.text : null;
          if (full && d.range && d.view !== STATICFILES_SERVE) {
            const key = entryKey(`other:${d.range.file}:${d.range.line}:${d.range.column}`, '/' + full);
            result.entries.push({ key, range: d.range, kind: 'other', prefix: '/' + full, documentRoot: null, site: null });
            result.hit = { key, servesMedia: false };
          }
        }
      }
    }
    return result;
  };

  const safeRun = async (debug: boolean): Promise<PassResult> => {
    try {
      return await run(debug);
    } catch (e) {
      addNote({ severity: 'warning', message: `The URLconf could not be analysed with DEBUG ${debug ? 'on' : 'off'} (${e instanceof Error ? e.message : String(e)}); media serving not analysed.` });
      return { sites: new Map(), entries: [], hit: null, ok: false };
    }
  };
  const on = await safeRun(true);
  const off = await safeRun(false);
  const configured = input.debug === true ? on : input.debug === false ? off : null;
  if (input.debug === null) addNote({ severity: 'info', message: 'DEBUG is unknown, so whether media is served as configured cannot be determined (reported as not served).' });

  // One entry per serving place and prefix, from both passes; sites that produced no pattern
  // (static() returning []) are reported with the prefix they were given.
  const entries = new Map<string, ServingEntry>();
  for (const pass of [on, off]) for (const e of pass.entries) if (!entries.has(e.key)) entries.set(e.key, e);
  for (const pass of [on, off]) {
    for (const site of pass.sites.values()) {
      if ([...entries.values()].some((e) => e.site?.key === site.key)) continue;
      const key = entryKey(site.key, site.ownPrefix);
      if (!entries.has(key)) entries.set(key, { key, range: site.range, kind: site.kind, prefix: site.ownPrefix, documentRoot: site.documentRoot, site });
    }
  }
  const serving: MediaServing[] = [];
  for (const e of entries.values()) {
    const siteKey = e.site?.key;
    const debugOnly = siteKey !== undefined ? on.sites.has(siteKey) && !off.sites.has(siteKey) : false;
    serving.push({
      range: e.range,
      kind: e.kind,
      prefix: e.prefix === null ? null : displayPrefix(e.prefix),
      documentRoot: e.kind === 'other' ? 'other' : classifyRoot(e.documentRoot, input),
      debugOnly,
      servesMediaInDebug: !!on.hit && on.hit.key === e.key && on.hit.servesMedia,
      servesMediaNow: !!configured && !!configured.hit && configured.hit.key === e.key && configured.hit.servesMedia,
    });
  }
  serving.sort((a, b) => (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column));
  return { serving, filesRead: [...filesRead].sort(), notes };
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
