/**
 * Models of what urls.py imports from Django — path/re_path/url/include, static(), serve,
 * staticfiles_urlpatterns(), i18n_patterns() and django.conf.settings — supplied to the evaluator
 * as providedModules. URL patterns become opaque objects carrying their (Python) regex, view and
 * kwargs; static() and serve routes also record their call site, so a serving place is reported
 * even when static() returns [] (DEBUG off, or a prefix with a host).
 */
import type { SourceRange } from '../model';
import { bindArgs, builtin, NONE, pyBool, pyList, strValue, pyTuple, unknown, type CallContext, type ObjectType, type PyObject, type PyValue } from '../python';
import { hasNetloc, literalPrefix, pyReEscape, routeToRegex } from './patterns';
import { isVersionDependentDefault } from '../settings/globalSettings';

/** A place in the URLconf source that may serve files. */
export interface Site {
  key: string;
  range: SourceRange;
  kind: 'static()' | 'serve-view';
  /** The prefix as given to static() (or the route's literal prefix), before include() prefixes. */
  ownPrefix: string | null;
  /** The document_root argument, if any. */
  documentRoot: PyValue | null;
}

/** One URL pattern or resolver (what path()/re_path()/include() build). */
export interface PatternData {
  resolver: boolean;
  /** The Python regex; null when it is unknown. */
  regex: string | null;
  /** Why the regex is unknown. */
  unknownReason?: string;
  view: PyValue;
  kwargs: PyValue;
  /** For resolvers: what include() was given (module, list, …), read when resolving. */
  urlconf: PyValue | null;
  site: Site | null;
  /** i18n_patterns(): the prefix is the active language, known only per request; it is one of
   *  `languages` (the codes of LANGUAGES; "default" for Django's own list; null when unknown) or
   *  `defaultCode` (LANGUAGE_CODE; null when unknown). */
  localePrefix?: { prefixDefaultLanguage: PyValue; languages: string[] | 'default' | null; defaultCode: string | null };
  range: SourceRange | undefined;
}

/** State of one evaluation pass of the URLconf (DEBUG forced on or off). */
export interface PassContext {
  debug: boolean;
  settings: Map<string, PyValue>;
  sites: Map<string, Site>;
  converters: Set<string>;
}

const PATTERN_TYPE: ObjectType = {
  name: 'django.urls.URLPattern',
  toJson: () => ({ known: false, value: null, reason: 'a URL pattern' }),
};

/** django.views.static.serve (compared by identity). */
export const SERVE = builtin('django.views.static.serve', (ctx) => unknown('calling django.views.static.serve directly is not evaluated', ctx.range));
/** django.contrib.staticfiles.views.serve: serves static files through the finders, not MEDIA_ROOT. */
export const STATICFILES_SERVE = builtin('django.contrib.staticfiles.views.serve', (ctx) => unknown('calling staticfiles serve directly is not evaluated', ctx.range));

/** The pattern data of a URL pattern object, or null. */
export function patternOf(v: PyValue): PatternData | null {
  return v.kind === 'object' && v.type === PATTERN_TYPE ? (v.data as PatternData) : null;
}

function makePattern(data: PatternData): PyObject {
  return { kind: 'object', type: PATTERN_TYPE, data };
}

function rangeKey(r: SourceRange | undefined): string {
  return r ? `${r.file}:${r.line}:${r.column}:${r.endLine}:${r.endColumn}` : '?';
}

function recordSite(pass: PassContext, ctx: CallContext, kind: Site['kind'], ownPrefix: string | null, documentRoot: PyValue | null): Site | null {
  const range = ctx.range;
  if (!range) return null;
  const key = rangeKey(range);
  let site = pass.sites.get(key);
  if (!site) {
    site = { key, range, kind, ownPrefix, documentRoot };
    pass.sites.set(key, site);
  } else if (site.ownPrefix !== ownPrefix) site.ownPrefix = null;
  return site;
}

function documentRootOf(kwargs: PyValue): PyValue | null {
  if (kwargs.kind !== 'dict') return kwargs.kind === 'unknown' ? kwargs : null;
  const e = kwargs.entries.get('s:document_root');
  return e ? e.value : null;
}

/** path() / re_path() / url(). */
function routeFunction(pass: PassContext, name: string, isRegex: boolean) {
  return builtin(name, (ctx, args, kwargs) => {
    const [routeV, view, kw, nm] = bindArgs(ctx, name, args, kwargs, ['route', 'view', 'kwargs', 'name'], 2) as [PyValue, PyValue, PyValue | undefined, PyValue | undefined];
    void nm;
    const kwargsV = kw ?? NONE;
    if (kwargsV.kind !== 'none' && kwargsV.kind !== 'dict' && kwargsV.kind !== 'unknown') return ctx.rt.raise('TypeError', `kwargs argument must be a dict, but got ${kwargsV.kind}.`);
    const isInclude = view.kind === 'tuple' || view.kind === 'list';
    let regex: string | null = null;
    let unknownReason: string | undefined;
    if (routeV.kind === 'unknown') unknownReason = `the URL pattern is unknown: ${routeV.reason}`;
    else if (routeV.kind !== 'str') return ctx.rt.raise('TypeError', `${name}() route must be a string`);
    else if (isRegex) regex = routeV.value;
    else {
      const r = routeToRegex(routeV.value, !isInclude, pass.converters);
      if ('error' in r) return ctx.rt.raise('ImproperlyConfigured', r.error);
      if ('unknown' in r) unknownReason = r.unknown;
      else regex = r.regex;
    }
    if (isInclude) {
      const items = view.items;
      return makePattern({ resolver: true, regex, unknownReason, view: NONE, kwargs: kwargsV, urlconf: items[0] ?? NONE, site: null, range: ctx.range });
    }
    let site: Site | null = null;
    if (view === SERVE) {
      // The prefix the route serves under: its literal start, when the rest is the captured path
      // ("m/<path:path>" serves "m/"); never the route text itself.
      const lp = regex === null ? null : literalPrefix(regex);
      site = recordSite(pass, ctx, 'serve-view', lp && lp.rest ? lp.text : null, documentRootOf(kwargsV));
    }
    // A route whose view is unknown may be a view or an include(): matching treats it as unknown.
    return makePattern({ resolver: false, regex, unknownReason, view, kwargs: kwargsV, urlconf: null, site, range: ctx.range });
  });
}

function include(ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): Promise<PyValue> | PyValue {
  const [arg, namespace] = bindArgs(ctx, 'include', args, kwargs, ['arg', 'namespace'], 1) as [PyValue, PyValue | undefined];
  let target = arg;
  let appName: PyValue = NONE;
  if (arg.kind === 'tuple') {
    if (arg.items.length !== 2) return ctx.rt.raise('ImproperlyConfigured', 'Passing a %d-tuple to include() is not supported. Pass a 2-tuple containing the list of patterns and app_name, and provide the namespace argument to include() instead.'.replace('%d', String(arg.items.length)));
    target = arg.items[0];
    appName = arg.items[1];
  }
  const finish = (urlconf: PyValue): PyValue => pyTuple([urlconf, appName, namespace ?? NONE]);
  if (target.kind === 'str') {
    return ctx.rt.importByName(target.value, ctx).then(finish);
  }
  return finish(target);
}

/** static(prefix, view=serve, **kwargs), exactly as django.conf.urls.static.static. */
function staticFunction(pass: PassContext, report: boolean) {
  return builtin('static', (ctx, args, kwargs) => {
    const prefix = args[0];
    const view = args[1] ?? kwargs?.get('view') ?? SERVE;
    const extra = new Map(kwargs ?? []);
    extra.delete('view');
    if (!prefix) return ctx.rt.raise('TypeError', "static() missing 1 required positional argument: 'prefix'");
    const docRoot = extra.get('document_root') ?? null;
    const site = report ? recordSite(pass, ctx, 'static()', prefix.kind === 'str' ? prefix.value : null, docRoot) : null;
    if (prefix.kind === 'unknown') return unknown(`static() of a prefix that is unknown: ${prefix.reason}`, ctx.range);
    if (prefix.kind === 'none' || (prefix.kind === 'str' && prefix.value === '')) return ctx.rt.raise('ImproperlyConfigured', 'Empty static prefix not permitted');
    if (prefix.kind !== 'str') return ctx.rt.raise('AttributeError', `'${prefix.kind}' object has no attribute 'lstrip'`);
    if (!pass.debug || hasNetloc(prefix.value)) return pyList([]);
    const regex = '^' + pyReEscape(prefix.value.replace(/^\/+/, '')) + '(?P<path>.*)$';
    const kw = { kind: 'dict', entries: new Map() } as PyValue & { kind: 'dict' };
    for (const [k, v] of extra) kw.entries.set('s:' + k, { key: strValue(k), value: v });
    return pyList([makePattern({ resolver: false, regex, view, kwargs: kw, urlconf: null, site, range: ctx.range })]);
  });
}

const SETTINGS_TYPE: ObjectType = {
  name: 'django.conf.LazySettings',
  getattr(self, name, ctx) {
    const pass = self.data as PassContext;
    if (name === 'DEBUG') return pyBool(pass.debug);
    const v = pass.settings.get(name);
    if (v) return v;
    if (name === 'configured') return pyBool(true);
    return ctx.rt.raise('AttributeError', `'Settings' object has no attribute '${name}'`);
  },
};

/** The modules urls.py imports from Django, for one pass. */
export function djangoUrlModules(pass: PassContext): Map<string, Map<string, PyValue>> {
  const settings: PyObject = { kind: 'object', type: SETTINGS_TYPE, data: pass };
  const path = routeFunction(pass, 'path', false);
  const rePath = routeFunction(pass, 're_path', true);
  const url = routeFunction(pass, 'url', true);
  const inc = builtin('include', include);
  const registerConverter = builtin('register_converter', (ctx, args, kwargs) => {
    const [, typeName] = bindArgs(ctx, 'register_converter', args, kwargs, ['converter', 'type_name'], 2);
    if (typeName && typeName.kind === 'str') pass.converters.add(typeName.value);
    return NONE;
  });
  const i18nPatterns = builtin('i18n_patterns', (ctx, args, kwargs) => {
    const useI18n = pass.settings.get('USE_I18N') ?? pyBool(true);
    if (useI18n.kind === 'unknown') return unknown(`i18n_patterns() depends on USE_I18N, which is unknown: ${useI18n.reason}`, ctx.range);
    if (useI18n.kind === 'bool' && !useI18n.value) return pyList([...args]);
    const languagesV = pass.settings.get('LANGUAGES');
    const languages = languagesV === undefined || isVersionDependentDefault(languagesV) ? 'default' : languageCodes(languagesV);
    const codeV = pass.settings.get('LANGUAGE_CODE') ?? strValue('en-us');
    return pyList([
      makePattern({
        resolver: true,
        regex: null,
        view: NONE,
        kwargs: NONE,
        urlconf: pyList([...args]),
        site: null,
        range: ctx.range,
        localePrefix: { prefixDefaultLanguage: kwargs?.get('prefix_default_language') ?? pyBool(true), languages, defaultCode: codeV.kind === 'str' ? codeV.value : null },
      }),
    ]);
  });
  const staticfilesUrlpatterns = builtin('staticfiles_urlpatterns', (ctx, args, kwargs) => {
    const [prefix] = bindArgs(ctx, 'staticfiles_urlpatterns', args, kwargs, ['prefix']);
    const p = prefix && prefix.kind !== 'none' ? prefix : (pass.settings.get('STATIC_URL') ?? NONE);
    return (staticFunction(pass, false).impl as (c: CallContext, a: PyValue[], k: Map<string, PyValue> | null) => PyValue)(ctx, [p, STATICFILES_SERVE], null);
  });
  // A URL is reversed when a request needs it (reverse_lazy), or against the finished URLconf.
  const reverse = builtin('reverse', (ctx) => unknown('a reversed URL is computed at request time', ctx.range));
  const reEscape = builtin('escape', (ctx, args, kwargs) => {
    const [pattern] = bindArgs(ctx, 'escape', args, kwargs, ['pattern'], 1) as [PyValue];
    if (pattern.kind === 'unknown') return pattern;
    if (pattern.kind !== 'str') return unknown(`re.escape() of a ${pattern.kind} is not evaluated`, ctx.range);
    return strValue(pyReEscape(pattern.value));
  });
  return new Map<string, Map<string, PyValue>>([
    ['django.conf', new Map<string, PyValue>([['settings', settings]])],
    ['django.urls', new Map<string, PyValue>([['path', path], ['re_path', rePath], ['include', inc], ['register_converter', registerConverter], ['reverse', reverse], ['reverse_lazy', reverse]])],
    // re.escape builds routes from settings (re_path(r"^%s(?P<path>.*)$" % re.escape(...))); the
    // rest of the module stays unknown.
    ['re', new Map<string, PyValue>([['escape', reEscape]])],
    ['django.conf.urls', new Map<string, PyValue>([['url', url], ['include', inc], ['re_path', rePath]])],
    ['django.conf.urls.static', new Map<string, PyValue>([['static', staticFunction(pass, true)]])],
    ['django.views.static', new Map<string, PyValue>([['serve', SERVE]])],
    ['django.contrib.staticfiles.views', new Map<string, PyValue>([['serve', STATICFILES_SERVE]])],
    ['django.contrib.staticfiles.urls', new Map<string, PyValue>([['staticfiles_urlpatterns', staticfilesUrlpatterns]])],
    ['django.conf.urls.i18n', new Map<string, PyValue>([['i18n_patterns', i18nPatterns]])],
  ]);
}

/** Language codes from LANGUAGES (a list of (code, name) pairs), or null when unknown. */
function languageCodes(v: PyValue | undefined): string[] | null {
  if (!v) return null;
  if (v.kind !== 'list' && v.kind !== 'tuple') return null;
  const out: string[] = [];
  for (const item of v.items) {
    if ((item.kind !== 'tuple' && item.kind !== 'list') || item.items[0]?.kind !== 'str') return null;
    out.push((item.items[0] as { value: string }).value);
  }
  return out;
}

/** Convenience for tests and callers: a settings map from plain values. */
export function settingsMap(values: Record<string, string | boolean | null>): Map<string, PyValue> {
  const m = new Map<string, PyValue>();
  for (const [k, v] of Object.entries(values)) m.set(k, v === null ? NONE : typeof v === 'boolean' ? pyBool(v) : strValue(v));
  return m;
}
