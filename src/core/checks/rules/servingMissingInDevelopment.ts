import { fromImports, indentationAt, nodeRange, nodeText, topLevelStatements, type PySource } from '../pySource';
import type { SyntaxNode } from '@lezer/common';
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
  const line = extendUrlpatterns(src, 'static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)');
  const block = debugBlock(src, statements);
  if (block) edits.push(editAt(src.file, src.text, block.at, block.at, eol + block.indent + line, src.starts));
  else edits.push(appendEdit(src.file, src.text, `\nif settings.DEBUG:\n    ${line}`));
  return edits;
}

/**
 * Where a line goes at the end of the module's last `if settings.DEBUG:` block, so that the fix adds
 * to a block the project already has instead of writing a second one. Undefined (a new block then)
 * when there is none, when it has an elif/else, keeps its body on the header line, or when
 * urlpatterns is bound again after it (the added patterns would be lost).
 */
function debugBlock(src: PySource, statements: SyntaxNode[]): { at: number; indent: string } | undefined {
  const binds = (st: SyntaxNode) => (st.name === 'AssignStatement' || st.name === 'UpdateStatement') && st.firstChild !== null && nodeText(src, st.firstChild) === 'urlpatterns';
  const firstBinding = statements.find((st) => st.name === 'AssignStatement' && binds(st));
  if (!firstBinding) return undefined;
  const block = [...statements].reverse().find((st) => {
    if (st.name !== 'IfStatement' || st.from < firstBinding.to) return false;
    const condition = st.firstChild?.nextSibling;
    return condition !== null && condition !== undefined && nodeText(src, condition).replace(/\s+/g, '') === 'settings.DEBUG';
  });
  if (!block || block.getChild('else') || block.getChild('elif')) return undefined;
  if (statements.some((st) => st.from >= block.to && st.name === 'AssignStatement' && binds(st))) return undefined;
  const body = block.getChild('Body');
  const inner: SyntaxNode[] = [];
  for (let c = body?.firstChild; c; c = c.nextSibling) if (c.name !== ':' && c.name !== 'Comment') inner.push(c);
  const first = inner[0];
  const last = inner[inner.length - 1];
  if (!body || !first || !last || !/[\r\n]/.test(src.text.slice(body.from, first.from))) return undefined;
  // A compound last statement ends after its newline: insert right after its last character.
  let at = last.to;
  while (at > first.from && /\s/.test(src.text[at - 1]!)) at--;
  return { at, indent: indentationAt(src, first.from) };
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
  fix: 'Add `if settings.DEBUG: urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)` (with its imports) to ROOT_URLCONF, inside its module-level `if settings.DEBUG:` block when it has one.',
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

