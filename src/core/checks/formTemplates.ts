import type { SyntaxNode } from '@lezer/common';
import type { CheckContext } from './context';
import { derived } from './derived';
import { nameList } from './prefilter';
import { callArguments, calleeName, forEachNode, nodeText, stringLiteral, type PySource } from './pySource';
import { fileFormNames, modelFileFieldNames, sourceModules } from './rules/formFilesNotBound';
import { dictEntries } from './settingsValues';

const NODES = new Set(['AssignStatement', 'CallExpression']);
const CLASSES = new Set(['ClassDefinition']);
/** The words of a module that may hold a view rendering a template. */
const RENDERS = /render|View/;
const RENDER = /^(render|render_to_response|TemplateResponse|shortcuts\.render|loader\.render_to_string|render_to_string)$/;

function last(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/**
 * Template name -> the context variables holding a form that takes a file, from the project's
 * views: function views that build such a form and pass it to render(), and CreateView /
 * UpdateView / FormView classes (context variable "form") with a file form_class, or a model with a
 * file field among `fields`. Computed once per run (or per `ctx.derivations`).
 */
export function fileFormTemplates(ctx: CheckContext): Promise<Map<string, Set<string>>> {
  return derived(ctx, templatesCache, scanViews);
}

const templatesCache = new WeakMap<object, Promise<Map<string, Set<string>>>>();

async function scanViews(ctx: CheckContext): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const files = await sourceModules(ctx);
  const forms = await fileFormNames(ctx);
  const modelFields = await modelFileFieldNames(ctx);
  if (forms.size === 0 && modelFields.size === 0) return out;
  const formNames = [...forms].sort();
  const modelNames = [...modelFields.keys()].sort();
  const namesOf = (f: readonly string[], m: readonly string[]) => `${f.join(',')}|${m.map((n) => `${n}=${modelFields.get(n)!.join('+')}`).join(',')}`;
  const allNames = namesOf(formNames, modelNames);
  const formList = nameList(formNames);
  const modelList = nameList(modelNames);
  for (const file of files) {
    if (ctx.token?.aborted) break;
    const turn = ctx.breathe();
    if (turn) await turn;
    if (!ctx.mayHoldRuleWords(file)) continue;
    const text = await ctx.text(file);
    if (!text || !ctx.mentions.test(file, text, RENDERS)) continue;
    // What a module's views give depends on the forms and models it names (a view names the form
    // it builds, a class view its model), so a new form elsewhere leaves its answer standing.
    const namedForms = ctx.prefilter ? ctx.mentions.amongList(file, text, formList) : formNames;
    const namedModels = ctx.prefilter ? ctx.mentions.amongList(file, text, modelList) : modelNames;
    const named = ctx.prefilter ? namesOf(namedForms, namedModels) : `all:${allNames}`;
    const found = await ctx.fromFile('form-templates', file, text, named, async () => {
      const pairs: Array<[template: string, variable: string]> = [];
      if (ctx.prefilter && !mayAddTemplate(text, namedForms, namedModels)) return pairs;
      const src = await ctx.python(file);
      if (!src) return pairs;
      const add = (template: string, variable: string) => void pairs.push([template, variable]);
      functionViews(src, forms, add);
      forEachNode(src, CLASSES, (cls) => classView(src, cls, forms, modelFields, add));
      return pairs;
    });
    for (const [template, variable] of found) {
      let s = out.get(template);
      if (!s) out.set(template, (s = new Set()));
      s.add(variable);
    }
  }
  return out;
}

/**
 * The text test before parsing a module for views, given the file forms and models its text names:
 * a function view is found only where it builds one of the forms (it names one), a class view only
 * in a CreateView, UpdateView or FormView with a template_name naming one of the forms or models. A
 * test module that merely uses the models is not parsed.
 */
function mayAddTemplate(text: string, namedForms: readonly string[], namedModels: readonly string[]): boolean {
  if (namedForms.length > 0) return true;
  return /\b(CreateView|UpdateView|FormView)\b/.test(text) && text.includes('template_name') && namedModels.length > 0;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition') return p;
  return null;
}

/** Function views: `form = PhotoForm(...)` then `render(request, "t.html", {"form": form})` in the same function. */
function functionViews(src: PySource, forms: Set<string>, add: (t: string, v: string) => void): void {
  const isFormCall = (n: SyntaxNode | null | undefined) => !!n && n.name === 'CallExpression' && forms.has(last(calleeName(src, n) ?? ''));
  const formVars = new Map<number, Set<string>>();
  const calls: SyntaxNode[] = [];
  forEachNode(src, NODES, (n) => {
    if (n.name === 'AssignStatement') {
      const fn = enclosingFunction(n);
      if (fn && n.firstChild?.name === 'VariableName' && isFormCall(n.lastChild)) {
        const set = formVars.get(fn.from) ?? new Set<string>();
        set.add(nodeText(src, n.firstChild));
        formVars.set(fn.from, set);
      }
    } else if (RENDER.test(calleeName(src, n) ?? '')) {
      calls.push(n);
    }
  });
  for (const call of calls) {
    const vars = formVars.get(enclosingFunction(call)?.from ?? -1) ?? new Set<string>();
    const args = callArguments(src, call).filter((a) => !a.star);
    const positional = args.filter((a) => !a.name);
    const offset = last(calleeName(src, call) ?? '') === 'render' ? 1 : 0;
    const templateArg = args.find((a) => a.name === 'template_name')?.value ?? positional[offset]?.value;
    const contextArg = args.find((a) => a.name === 'context')?.value ?? positional[offset + 1]?.value;
    const template = stringLiteral(src, templateArg)?.value;
    if (!template || !contextArg) continue;
    for (const e of dictEntries(src, contextArg) ?? []) {
      if ((e.value.name === 'VariableName' && vars.has(nodeText(src, e.value))) || isFormCall(e.value)) add(template, e.key);
    }
  }
}

function classView(src: PySource, cls: SyntaxNode, forms: Set<string>, modelFields: Map<string, string[]>, add: (t: string, v: string) => void): void {
  const args = cls.getChild('ArgList');
  const body = cls.getChild('Body');
  if (!args || !body || !/\b(CreateView|UpdateView|FormView)\b/.test(nodeText(src, args))) return;
  const attrs = new Map<string, SyntaxNode>();
  for (let st = body.firstChild; st; st = st.nextSibling) {
    if (st.name === 'AssignStatement' && st.firstChild?.name === 'VariableName' && st.lastChild) attrs.set(nodeText(src, st.firstChild), st.lastChild);
  }
  const template = stringLiteral(src, attrs.get('template_name'))?.value;
  if (!template) return;
  const formClass = attrs.get('form_class');
  let takesFile = formClass ? forms.has(last(nodeText(src, formClass))) : false;
  const model = attrs.get('model');
  const fields = attrs.get('fields');
  if (!takesFile && model && fields) {
    const fileFields = modelFields.get(last(nodeText(src, model))) ?? [];
    const listed = stringLiteral(src, fields)?.value === '__all__' ? fileFields : fileFields.filter((f) => new RegExp(`["']${f}["']`).test(nodeText(src, fields)));
    takesFile = listed.length > 0;
  }
  if (takesFile) add(template, 'form');
}

/** True when a template fragment renders the form in `variable` (whole, field by field, or with a form tag library). */
export function rendersForm(body: string, variable: string): boolean {
  const v = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `\\{\\{\\s*${v}(\\.(as_\\w+|\\w+))?\\s*(\\|[^}]*)?\\}\\}|\\{%\\s*for\\s+\\w+\\s+in\\s+${v}(\\.\\w+)?\\s*%\\}|\\{%\\s*(crispy|bootstrap_form|render_form|form)\\s+${v}\\b`,
  ).test(body);
}
