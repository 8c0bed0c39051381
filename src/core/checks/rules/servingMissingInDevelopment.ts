import { fromImports, nodeRange, nodeText, topLevelStatements, type PySource } from '../pySource';
import type { Rule } from '../rule';
import { pyTruthy } from '../rule';
import { localMediaPath, mediaRootServers, rootUrlconfFile, urlconfFullyAnalysed } from '../serving';
import { importEdit } from '../settingsValues';
import { appendEdit, editAt, eolOf } from '../textEdits';
import type { QuickFix, TextEdit } from '../types';

/**
 * The edits that make ROOT_URLCONF serve MEDIA_ROOT under MEDIA_URL in development, in the
 * tutorial's form; undefined when the file has no top-level urlpatterns or binds `settings` or
 * `static` to something else.
 */
export function serveMediaEdits(src: PySource): TextEdit[] | undefined {
  const statements = topLevelStatements(src);
  const hasUrlpatterns = statements.some((st) => (st.name === 'AssignStatement' || st.name === 'UpdateStatement') && st.firstChild && nodeText(src, st.firstChild) === 'urlpatterns');
  if (!hasUrlpatterns) return undefined;
  const imports = fromImports(src);
  const need: string[] = [];
  const settings = imports.get('settings');
  if (settings === undefined) need.push('from django.conf import settings');
  else if (settings !== 'django.conf.settings') return undefined;
  const statik = imports.get('static');
  if (statik === undefined) need.push('from django.conf.urls.static import static');
  else if (statik !== 'django.conf.urls.static.static') return undefined;
  const eol = eolOf(src.text);
  const edits: TextEdit[] = [];
  if (need.length) {
    const lastImport = [...statements].reverse().find((st) => st.name === 'ImportStatement');
    if (lastImport) edits.push(editAt(src.file, src.text, lastImport.to, lastImport.to, need.map((l) => eol + l).join(''), src.starts));
    else edits.push(importEdit(src, need));
  }
  edits.push(appendEdit(src.file, src.text, `\nif settings.DEBUG:\n    ${extendUrlpatterns(src, 'static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)')}`));
  return edits;
}

/**
 * The statement adding the patterns of `call` (a list) to urlpatterns, valid for what the module
 * last bound it to: `+=` onto a list literal (the tutorial's form), `+= tuple(...)` onto a tuple
 * (a tuple plus a list is a TypeError at import), and a new list of both for anything else.
 */
function extendUrlpatterns(src: PySource, call: string): string {
  const assigned = topLevelStatements(src)
    .filter((st) => st.name === 'AssignStatement' && st.firstChild && nodeText(src, st.firstChild) === 'urlpatterns')
    .pop();
  const value = assigned?.lastChild;
  if (value && (value.name === 'ArrayExpression' || value.name === 'ArrayComprehensionExpression')) return `urlpatterns += ${call}`;
  if (value && value.name === 'TupleExpression') return `urlpatterns += tuple(${call})`;
  return `urlpatterns = [*urlpatterns, *${call}]`;
}

/**
 * DEBUG is on, MEDIA_URL is a local path, media is stored on disk, and nothing in the URLconf
 * serves MEDIA_ROOT: runserver serves static files by itself but never media, so every upload
 * 404s in development.
 */
export const servingMissingInDevelopment: Rule = {
  code: 'media-serving.missing-in-development',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  description: 'DEBUG is on but nothing in ROOT_URLCONF serves MEDIA_URL: runserver never serves media by itself, so uploads 404.',
  fix: 'Add `if settings.DEBUG: urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)` (with its imports) to ROOT_URLCONF.',
  async run(ctx) {
    const debug = ctx.settings.DEBUG;
    if (!debug.known || !pyTruthy(debug.value)) return [];
    const path = localMediaPath(ctx);
    if (!path || path === '/') return [];
    if (ctx.mediaStoredLocally !== true) return [];
    const mediaRoot = ctx.settings.MEDIA_ROOT;
    if (!mediaRoot.known || !mediaRoot.value) return [];
    // Only a definite "no": silent when the URLconf could not be followed to the end.
    if (ctx.model.mediaServingSummary.inDebug !== false) return [];
    if (!urlconfFullyAnalysed(ctx)) return [];
    if (ctx.model.mediaServing.some((s) => s.servesMediaInDebug !== false || s.kind === 'other')) return [];
    // Something serves MEDIA_ROOT under another prefix: media-serving.prefix-mismatch explains that.
    if (mediaRootServers(ctx).length > 0) return [];
    const file = await rootUrlconfFile(ctx);
    if (!file) return [];
    const src = await ctx.python(file);
    if (!src) return [];
    const fixes: QuickFix[] = [];
    const edits = serveMediaEdits(src);
    if (edits) fixes.push({ title: 'Serve MEDIA_ROOT at MEDIA_URL in development (static() under settings.DEBUG)', edits, isPreferred: true });
    const urlpatterns = topLevelStatements(src).find((st) => st.name === 'AssignStatement' && st.firstChild && nodeText(src, st.firstChild) === 'urlpatterns');
    const range = urlpatterns?.firstChild ? nodeRange(src, urlpatterns.firstChild) : { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return [
      {
        range,
        message:
          `DEBUG is on, but nothing in ${ctx.settings.ROOT_URLCONF.known ? ctx.settings.ROOT_URLCONF.value : 'ROOT_URLCONF'} serves MEDIA_URL (${ctx.settings.MEDIA_URL.known ? ctx.settings.MEDIA_URL.value : ''}): ` +
          'runserver serves static files by itself but never media, so uploaded files 404. Add static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) under `if settings.DEBUG:`.',
        fixes,
        ...(debug.origin ? { related: [{ range: debug.origin, message: 'DEBUG is set here' }] } : {}),
      },
    ];
  },
};

