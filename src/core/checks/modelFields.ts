import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../model';
import type { CheckContext } from './context';
import { derived } from './derived';
import {
  callArguments,
  calleeName,
  dottedName,
  type CallArgument,
  forEachNode,
  nodeRange,
  nodeText,
  stringLiteral,
  topLevelStatements,
  type PySource,
} from './pySource';

/** A FileField / ImageField declared on a model class. */
export interface ModelFileField {
  file: string;
  /** "Photo" */
  modelName: string;
  /** "image" */
  fieldName: string;
  /** "FileField" | "ImageField" */
  fieldClass: string;
  /** The app module the models module belongs to ("shop.gallery"), when it is under the project root. */
  appModule: string | undefined;
  abstract: boolean;
  range: SourceRange;
  /** The upload_to argument, when given. */
  uploadTo?: { node: SyntaxNode; src: PySource; value: string | undefined; startsWithSlash: boolean | undefined };
}

const FIELD_CLASSES = new Set(['FileField', 'ImageField']);
/** The word test of a module that may declare a file field (the memo's key: one pattern object). */
export const FILE_FIELD_WORD = /FileField|ImageField/;
const SCAN = new Set(['ClassDefinition']);

/** Paths of models modules: <app>/models.py and <app>/models/<x>.py (never migrations). */
export function isModelsModule(path: string): boolean {
  return /\/models\.py$/.test(path) || /\/models\/[^/]+\.py$/.test(path);
}

function appModuleOf(ctx: CheckContext, path: string): string | undefined {
  const mod = ctx.moduleNameOf(path);
  if (!mod) return undefined;
  const i = mod.lastIndexOf('.models');
  return i > 0 ? mod.slice(0, i) : undefined;
}

const cache = new WeakMap<object, Promise<ModelFileField[]>>();

/** Every FileField/ImageField of every model class in the project's models modules (cached per run, or per `ctx.derivations`). */
export function modelFileFields(ctx: CheckContext): Promise<ModelFileField[]> {
  return derived(ctx, cache, scan);
}

async function scan(ctx: CheckContext): Promise<ModelFileField[]> {
  const files = (await ctx.workspace()).python.filter(isModelsModule);
  const out: ModelFileField[] = [];
  for (const file of files) {
    if (ctx.token?.aborted) break;
    const turn = ctx.breathe();
    if (turn) await turn;
    if (!ctx.mayHoldRuleWords(file)) continue;
    const text = await ctx.text(file);
    if (text === undefined || !ctx.mentions.test(file, text, FILE_FIELD_WORD)) continue;
    out.push(...(await ctx.fromFile('model-file-fields', file, text, '', () => fieldsIn(ctx, file))));
  }
  return out;
}

/** The FileField/ImageField declarations of one models module. */
async function fieldsIn(ctx: CheckContext, file: string): Promise<ModelFileField[]> {
  const out: ModelFileField[] = [];
  const src = await ctx.python(file);
  if (!src) return out;
  const constants = moduleStringConstants(src);
  const appModule = appModuleOf(ctx, file);
  forEachNode(src, SCAN, (cls) => {
    const body = cls.getChild('Body');
    const nameNode = cls.getChild('VariableName');
    if (!body || !nameNode) return;
    if (cls.getChild('ArgList') === null) return; // a model always has a base class
    const abstract = isAbstract(src, body);
    for (const { name, call, callee } of classFieldCalls(src, body)) {
      if (callee.startsWith('forms.')) continue;
      const cls = callee.split('.').pop()!;
      if (!FIELD_CLASSES.has(cls)) continue;
      const upload = uploadToArgument(callArguments(src, call), cls === 'FileField');
      const field: ModelFileField = {
        file,
        modelName: nodeText(src, nameNode),
        fieldName: name,
        fieldClass: cls,
        appModule,
        abstract,
        range: nodeRange(src, call),
      };
      if (upload) field.uploadTo = { src, node: upload, ...uploadToValue(src, upload, constants) };
      out.push(field);
    }
  });
  return out;
}

/** A `name = Callee(...)` statement of a class body: the field declarations of a model. */
export interface ClassFieldCall {
  name: string;
  statement: SyntaxNode;
  call: SyntaxNode;
  /** The dotted callee ("models.ImageField"). */
  callee: string;
}

/** The `name = dotted.Callee(...)` statements directly in a class body, in order. */
export function classFieldCalls(src: PySource, body: SyntaxNode): ClassFieldCall[] {
  const out: ClassFieldCall[] = [];
  for (let st = body.firstChild; st; st = st.nextSibling) {
    if (st.name !== 'AssignStatement') continue;
    const target = st.firstChild;
    const call = st.lastChild;
    if (!target || target.name !== 'VariableName' || !call || call.name !== 'CallExpression') continue;
    const callee = calleeName(src, call);
    if (callee) out.push({ name: nodeText(src, target), statement: st, call, callee });
  }
  return out;
}

/**
 * The upload_to argument of a file field call: the keyword, else — when the field takes
 * FileField's signature (verbose_name, name, upload_to, storage) — the third positional argument.
 */
export function uploadToArgument(args: CallArgument[], positional: boolean): SyntaxNode | undefined {
  const keyword = args.find((a) => a.name === 'upload_to')?.value;
  if (keyword || !positional) return keyword;
  const plain = args.filter((a) => !a.name && !a.star);
  return plain.length >= 3 && !args.some((a) => a.star) ? plain[2]!.value : undefined;
}

/** The string an upload_to expression is, as far as syntax tells (a literal, f-string prefix, or a module constant). */
function uploadToValue(src: PySource, node: SyntaxNode, constants: Map<string, SyntaxNode>): { value: string | undefined; startsWithSlash: boolean | undefined } {
  let n: SyntaxNode = node;
  if (n.name === 'VariableName') {
    const c = constants.get(nodeText(src, n));
    if (!c) return { value: undefined, startsWithSlash: undefined };
    n = c;
  }
  if (n.name === 'ContinuedString') n = n.firstChild ?? n;
  const lit = stringLiteral(src, n);
  if (!lit) return { value: undefined, startsWithSlash: undefined };
  const content = src.text.slice(lit.contentFrom, lit.contentTo);
  // An f-string starting with "/" is still an absolute path whatever its fields hold.
  const startsWithSlash = content.startsWith('{') && lit.formatted ? undefined : content.startsWith('/');
  return { value: lit.value, startsWithSlash };
}

/** Module-level `NAME = "literal"` assignments (assigned once), for upload_to=CONSTANT. */
export function moduleStringConstants(src: PySource): Map<string, SyntaxNode> {
  const seen = new Map<string, SyntaxNode | null>();
  for (const st of topLevelStatements(src)) {
    if (st.name !== 'AssignStatement') continue;
    const target = st.firstChild;
    const value = st.lastChild;
    if (!target || target.name !== 'VariableName' || !value) continue;
    const name = nodeText(src, target);
    seen.set(name, seen.has(name) ? null : value.name === 'String' || value.name === 'FormatString' || value.name === 'ContinuedString' ? value : null);
  }
  const out = new Map<string, SyntaxNode>();
  for (const [k, v] of seen) if (v) out.set(k, v);
  return out;
}

/** `class Meta: abstract = True` inside a model body. */
function isAbstract(src: PySource, body: SyntaxNode): boolean {
  for (let st = body.firstChild; st; st = st.nextSibling) {
    if (st.name !== 'ClassDefinition') continue;
    const name = st.getChild('VariableName');
    if (!name || nodeText(src, name) !== 'Meta') continue;
    const metaBody = st.getChild('Body');
    if (metaBody && /\babstract\s*=\s*True\b/.test(nodeText(src, metaBody))) return true;
  }
  return false;
}

/** The dotted base class names of a class definition. */
export function baseNames(src: PySource, cls: SyntaxNode): string[] {
  const list = cls.getChild('ArgList');
  if (!list) return [];
  const out: string[] = [];
  for (let c = list.firstChild; c; c = c.nextSibling) {
    const n = dottedName(src, c);
    if (n) out.push(n);
  }
  return out;
}
