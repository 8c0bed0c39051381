import type { SyntaxNode } from '@lezer/common';
import type { CheckContext } from '../context';
import { derived } from '../derived';
import { baseNames, FILE_FIELD_WORD, modelFileFields } from '../modelFields';
import { nameList } from '../prefilter';
import { callArguments, calleeName, forEachNode, nodeRange, nodeText, stringLiteral, type PySource } from '../pySource';
import type { Rule } from '../rule';
import { literalElements } from '../settingsValues';
import { editAt } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

const MAX_FINDINGS = 200;
/** The words of a module that may declare a form class, and bind one with request.POST. */
const FORM_WORD = /Form\b/;
const CLASS_WORD = /class\s/;
const POST_WORD = /\.POST/;
const CLASSES = new Set(['ClassDefinition']);
const CALLS = new Set(['CallExpression']);

interface FormClass {
  name: string;
  bases: string[];
  /** Declares a forms.FileField / forms.ImageField itself. */
  declaresFile: boolean;
  /** ModelForm: Meta.model's name and the fields it takes (null = all), or undefined. */
  meta?: { model: string; fields: string[] | null; exclude: string[] };
}

function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

function stringList(src: PySource, node: SyntaxNode): string[] | undefined {
  const items = literalElements(node);
  if (!items) return undefined;
  const out: string[] = [];
  for (const i of items) {
    const v = stringLiteral(src, i)?.value;
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function readFormClass(src: PySource, cls: SyntaxNode): FormClass | undefined {
  const nameNode = cls.getChild('VariableName');
  const body = cls.getChild('Body');
  if (!nameNode || !body) return undefined;
  const bases = baseNames(src, cls);
  if (!bases.some((b) => /Form$|FormMixin$/.test(b))) return undefined;
  const form: FormClass = { name: nodeText(src, nameNode), bases: bases.map(lastSegment), declaresFile: false };
  for (let st = body.firstChild; st; st = st.nextSibling) {
    if (st.name === 'AssignStatement') {
      const call = st.lastChild;
      if (call?.name === 'CallExpression') {
        const callee = calleeName(src, call);
        if (callee && /^(forms\.)?(FileField|ImageField|MultipleFileField)$/.test(callee)) form.declaresFile = true;
      }
    } else if (st.name === 'ClassDefinition' && nodeText(src, st.getChild('VariableName')!) === 'Meta') {
      const metaBody = st.getChild('Body');
      let model: string | undefined;
      let fields: string[] | null | undefined;
      let exclude: string[] = [];
      for (let m = metaBody?.firstChild ?? null; m; m = m.nextSibling) {
        if (m.name !== 'AssignStatement' || !m.firstChild || !m.lastChild) continue;
        const key = nodeText(src, m.firstChild);
        const value = m.lastChild;
        if (key === 'model') model = lastSegment(nodeText(src, value));
        else if (key === 'fields') fields = stringLiteral(src, value)?.value === '__all__' ? null : stringList(src, value);
        else if (key === 'exclude') exclude = stringList(src, value) ?? [];
      }
      if (model && fields !== undefined) form.meta = { model, fields, exclude };
      else if (model && exclude.length) form.meta = { model, fields: null, exclude };
    }
  }
  return form;
}

/** The project's Python modules other than migrations: where views and forms live. */
export async function sourceModules(ctx: CheckContext): Promise<string[]> {
  const files = await ctx.workspace();
  let list = sourceLists.get(files);
  if (!list) {
    list = files.python.filter((f) => !/\/migrations\//.test(f));
    sourceLists.set(files, list);
  }
  return list;
}

/** The source modules of each file list (the editor keeps a list across runs until files come or go). */
const sourceLists = new WeakMap<object, string[]>();

function formClassesIn(ctx: CheckContext, file: string, text: string): Promise<FormClass[]> {
  return ctx.fromFile('form-classes', file, text, '', () => readFormClasses(ctx, file));
}

async function readFormClasses(ctx: CheckContext, file: string): Promise<FormClass[]> {
  const src = await ctx.python(file);
  const out: FormClass[] = [];
  if (!src) return out;
  forEachNode(src, CLASSES, (cls) => {
    const f = readFormClass(src, cls);
    if (f) out.push(f);
  });
  return out;
}

/** Which of `forms` (the first class of each name, in file order) take a file: own field, model field, or inherited. */
function formsTakingFile(perFile: Iterable<FormClass[]>, modelFields: Map<string, string[]>): Set<string> {
  const forms = new Map<string, FormClass>();
  for (const list of perFile) for (const f of list) if (!forms.has(f.name)) forms.set(f.name, f);
  const withFile = new Set<string>();
  for (const f of forms.values()) {
    if (f.declaresFile) withFile.add(f.name);
    const fileFields = f.meta ? modelFields.get(f.meta.model) : undefined;
    if (f.meta && fileFields) {
      const taken = fileFields.filter((n) => (f.meta!.fields === null || f.meta!.fields.includes(n)) && !f.meta!.exclude.includes(n));
      if (taken.length) withFile.add(f.name);
    }
  }
  // Inheritance, a few levels deep.
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (const f of forms.values()) {
      if (!withFile.has(f.name) && f.bases.some((b) => withFile.has(b))) {
        withFile.add(f.name);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return withFile;
}

/** Model name -> its FileField/ImageField names. */
export async function modelFileFieldNames(ctx: CheckContext): Promise<Map<string, string[]>> {
  const modelFields = new Map<string, string[]>();
  for (const f of await modelFileFields(ctx)) modelFields.set(f.modelName, [...(modelFields.get(f.modelName) ?? []), f.fieldName]);
  return modelFields;
}

const formNamesCache = new WeakMap<object, Promise<Set<string>>>();

/**
 * Names of the project's form classes that take an uploaded file (own field, model field, or
 * inherited), from its modules other than migrations; computed once per run (or per `ctx.derivations`).
 */
export function fileFormNames(ctx: CheckContext): Promise<Set<string>> {
  return derived(ctx, formNamesCache, scanFileForms);
}

async function scanFileForms(ctx: CheckContext): Promise<Set<string>> {
  const candidates: Array<{ file: string; text: string }> = [];
  for (const file of await sourceModules(ctx)) {
    const turn = ctx.breathe();
    if (turn) await turn;
    if (!ctx.mayHoldRuleWords(file)) continue;
    const text = await ctx.text(file);
    if (text && ctx.mentions.test(file, text, FORM_WORD) && ctx.mentions.test(file, text, CLASS_WORD)) candidates.push({ file, text });
  }
  const modelFields = await modelFileFieldNames(ctx);
  const parsed = new Map<string, FormClass[]>();
  const inFileOrder = () => candidates.flatMap((c) => parsed.get(c.file) ?? []);
  if (!ctx.prefilter) {
    for (const c of candidates) {
      const turn = ctx.breathe();
      if (turn) await turn;
      parsed.set(c.file, await formClassesIn(ctx, c.file, c.text));
    }
    return formsTakingFile([inFileOrder()], modelFields);
  }
  // A form takes a file only through a file field (the text names FileField/ImageField), a model with
  // one (names the model), or a base class that does (names the base). So parse those modules, then
  // the modules naming a form found so far, until no unparsed module names one: the modules left
  // cannot add a form with a file, nor shadow one (a class definition names its class).
  const models = nameList([...modelFields.keys()]);
  let pending = candidates.filter((c) => ctx.mentions.test(c.file, c.text, FILE_FIELD_WORD) || ctx.mentions.anyList(c.file, c.text, models));
  while (pending.length > 0) {
    for (const c of pending) {
      const turn = ctx.breathe();
      if (turn) await turn;
      parsed.set(c.file, await formClassesIn(ctx, c.file, c.text));
    }
    const names = nameList([...formsTakingFile([inFileOrder()], modelFields)]);
    pending = candidates.filter((c) => !parsed.has(c.file) && ctx.mentions.anyList(c.file, c.text, names));
  }
  return formsTakingFile([inFileOrder()], modelFields);
}

const POST = /^([A-Za-z_][\w.]*)\.POST(\s+or\s+None)?$/;

/** A form with a FileField/ImageField bound with request.POST but not request.FILES: the upload is dropped. */
export const formFilesNotBound: Rule = {
  code: 'forms.files-not-bound',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['python'],
  description: 'A form with a FileField/ImageField is bound with request.POST only: uploaded files are ignored and the field is "required".',
  fix: 'Pass request.FILES as the second argument.',
  async run(ctx) {
    const files = await sourceModules(ctx);
    const names = await fileFormNames(ctx);
    if (names.size === 0) return [];
    const sorted = [...names].sort();
    const listed = nameList(sorted);
    const allNames = sorted.join(',');
    const out: RuleFinding[] = [];
    for (const file of files) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      const turn = ctx.breathe();
      if (turn) await turn;
      if (!ctx.mayHoldRuleWords(file)) continue;
      const text = await ctx.text(file);
      if (!text || !ctx.mentions.test(file, text, POST_WORD)) continue;
      // Only a call of one of these forms can be reported: what a module gives depends on those it names.
      const mentioned = ctx.prefilter ? ctx.mentions.amongList(file, text, listed) : sorted;
      const named = ctx.prefilter ? mentioned.join(',') : `all:${allNames}`;
      out.push(...(await ctx.fromFile('files-not-bound', file, text, named, () => unboundFormsIn(ctx, file, names, mentioned))));
    }
    return out;
  },
};

/**
 * The calls of `names` (forms taking a file) in one module that bind request.POST without
 * request.FILES; `mentioned`: those of the names its text has (only their calls can be reported).
 */
async function unboundFormsIn(ctx: CheckContext, file: string, names: ReadonlySet<string>, mentioned: readonly string[]): Promise<RuleFinding[]> {
  const out: RuleFinding[] = [];
  if (mentioned.length === 0) return out;
  const src = await ctx.python(file);
  if (!src) return out;
  forEachNode(src, CALLS, (call) => {
    const callee = calleeName(src, call);
    if (!callee || !names.has(lastSegment(callee))) return;
    const args = callArguments(src, call);
    if (args.some((a) => a.star || a.name === 'files')) return;
    const positional = args.filter((a) => !a.name);
    const data = positional[0] ?? args.find((a) => a.name === 'data');
    if (!data || positional.length > 1) return;
    const m = POST.exec(nodeText(src, data.value).replace(/\s+/g, ' '));
    if (!m) return;
    const filesExpr = `${m[1]}.FILES${m[2] ? ' or None' : ''}`;
    const insert = data.name ? `, files=${filesExpr}` : `, ${filesExpr}`;
    const fix: QuickFix = {
      title: `Pass ${m[1]}.FILES to ${lastSegment(callee)}`,
      edits: [editAt(src.file, src.text, data.value.to, data.value.to, insert, src.starts)],
      isPreferred: true,
    };
    out.push({
      range: nodeRange(src, data.value),
      message: `${lastSegment(callee)} has a file field but is bound without ${m[1]}.FILES: uploaded files are ignored. Use ${lastSegment(callee)}(${m[1]}.POST, ${m[1]}.FILES).`,
      fixes: [fix],
    });
  });
  return out;
}
