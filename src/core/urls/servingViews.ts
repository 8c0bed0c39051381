/**
 * Whether the view a media URL reaches serves files from the document_root it is given:
 * django.views.static.serve itself, or a project function that plainly hands the request to it
 * (`def serve_media(request, path, document_root=None): response = serve(request, path,
 * document_root=document_root); response[...] = ...; return response`). Anything else — a
 * decorated view, a condition before the call, another document root — is not evaluated.
 */
import type { Arg, Expr, Stmt } from '../python/ast';
import type { Frame, PyFunction, PyValue } from '../python/values';
import { SERVE, STATICFILES_SERVE } from './djangoUrls';

/** What a view does with a request for `path` under `document_root`. */
export interface ViewServing {
  /** true: it serves the file; false: it does not; null: not evaluated. */
  serves: boolean | null;
  /** Why it is null. */
  reason?: string;
}

/** Whether `view` serves the requested file from the document_root it receives. */
export function viewServesFiles(view: PyValue): ViewServing {
  if (view === SERVE) return { serves: true };
  // staticfiles' serve looks files up with the finders and rejects a document_root.
  if (view === STATICFILES_SERVE) return { serves: false };
  if (view.kind === 'function' && view.def) {
    if (wrapsServe(view)) return { serves: true };
    if (neverServes(view)) return { serves: false };
    return { serves: null, reason: `the view ${view.name}() answers MEDIA_URL; what it returns is not evaluated (only a plain call of django.views.static.serve is)` };
  }
  // Django's generic class-based views render templates or redirect (TemplateView.as_view(), …).
  if (view.kind === 'unknown' && view.opaque && /^django\.views\.generic\.[\w.]+\.as_view\(\)$/.test(view.opaque)) return { serves: false };
  const name = view.kind === 'unknown' ? view.opaque ?? 'a view that is not evaluated' : view.kind === 'builtin' ? view.name : `a ${view.kind}`;
  return { serves: null, reason: `MEDIA_URL is answered by ${name}, which is not evaluated` };
}

function lookup(fn: PyFunction, name: string): PyValue | undefined {
  const defining = fn.closure as Frame;
  for (let f: Frame | null = defining; f; f = f.closure) {
    const b = f.isClass ? undefined : f.locals?.get(name);
    if (b) return b.value;
  }
  return defining.module.globals.get(name)?.value;
}

function isServe(fn: PyFunction, e: Expr): boolean {
  if (e.t === 'Name') return lookup(fn, e.id) === SERVE;
  if (e.t === 'Attr' && e.attr === 'serve' && e.obj.t === 'Name') {
    const m = lookup(fn, e.obj.id);
    return m?.kind === 'module' && m.attrs?.get('serve') === SERVE;
  }
  return false;
}

function isName(e: Expr | undefined, id: string): boolean {
  return e?.t === 'Name' && e.id === id;
}

/** serve(request, path, document_root=document_root) with the function's own parameters. */
function passesThrough(fn: PyFunction, args: Arg[]): boolean {
  const params = fn.params.map((p) => p.name);
  const kwargsParam = fn.params.find((p) => p.kind === 'kwarg')?.name;
  const pos = args.filter((a) => a.kind === 'pos').map((a) => a.value);
  const kw = (n: string) => args.find((a) => a.kind === 'kw' && a.name === n)?.value;
  const spread = kwargsParam !== undefined && args.some((a) => a.kind === 'dstar' && isName(a.value, kwargsParam));
  const pathOk = params.includes('path') && (isName(pos[1], 'path') || isName(kw('path'), 'path'));
  const rootOk = (params.includes('document_root') && (isName(pos[2], 'document_root') || isName(kw('document_root'), 'document_root'))) || (spread && !kw('document_root') && pos.length <= 2);
  return pos.length >= 1 && pathOk && rootOk;
}

function serveCall(fn: PyFunction, e: Expr | null): boolean {
  return !!e && e.t === 'Call' && isServe(fn, e.func) && passesThrough(fn, e.args);
}

/** Words that hint at a view reading files: it may serve media, so no "no" is claimed. */
const FILE_WORDS = /serve|file|open|storage|media|sendfile|accel|static|path|read|stream|download/i;

/**
 * A project view that plainly cannot answer with a file of MEDIA_ROOT (an SPA catch-all that
 * renders a template): nothing in its body names files, storage or serving, and it calls no
 * other project function (which could).
 */
function neverServes(fn: PyFunction): boolean {
  // A body that does nothing returns None: Django raises ValueError, nothing is served.
  if ((fn.def?.body ?? []).every((st) => st.t === 'Pass' || (st.t === 'Expr' && st.value.t === 'Const'))) return true;
  let clean = true;
  const visit = (node: unknown): void => {
    if (!clean || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as { t?: string; id?: string; attr?: string; value?: unknown; func?: Expr; name?: unknown };
    if (n.t === 'Name' && FILE_WORDS.test(n.id ?? '')) clean = false;
    else if (n.t === 'Attr' && FILE_WORDS.test(n.attr ?? '')) clean = false;
    else if (n.t === 'Const' && typeof n.value === 'string' && FILE_WORDS.test(n.value)) clean = false;
    else if (n.t === 'Call' && n.func?.t === 'Name') {
      const callee = lookup(fn, n.func.id);
      if (!callee || callee.kind === 'function' || callee.kind === 'class') clean = false;
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(fn.def?.body);
  // Parameters named after files (path, filename) suggest the same.
  if (fn.params.some((p) => p.kind === 'normal' && p.name !== 'request' && FILE_WORDS.test(p.name))) return false;
  return clean;
}

/** The body returns serve(...)'s response, reached unconditionally, changing at most its headers. */
function wrapsServe(fn: PyFunction): boolean {
  const body: Stmt[] = fn.def?.body ?? [];
  let response: string | null = null;
  for (const st of body) {
    if (st.t === 'Return') {
      if (response === null) return serveCall(fn, st.value);
      return !!st.value && isName(st.value, response);
    }
    if (st.t === 'Assign' && st.targets.length === 1 && st.targets[0].t === 'Name' && serveCall(fn, st.value)) {
      if (response !== null) return false;
      response = st.targets[0].id;
      continue;
    }
    // Setting a header: response["Cache-Control"] = "…".
    if (response !== null && st.t === 'Assign' && st.targets.every((t) => t.t === 'Subscript' && isName(t.obj, response as string))) continue;
    if (st.t === 'Pass' || (st.t === 'Expr' && st.value.t === 'Const')) continue;
    return false;
  }
  return false;
}
