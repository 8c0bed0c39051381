import { fileFormTemplates, rendersForm } from '../formTemplates';
import type { Rule } from '../rule';
import { editAt, lineStarts, rangeOf } from '../textEdits';
import type { RuleFinding } from '../types';

const MAX_FINDINGS = 200;
const FORM_OPEN = /<form\b/gi;
const INPUT_TAG = /<input\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const FILE_TYPE = /\btype\s*=\s*["']?file\b/i;
/** The word tests of a template (memoised per text: constants, one pattern object each). */
const FORM_WORD = /<form/i;
const FILE_TYPE_WORD = /type\s*=\s*["']?file/i;

/** A file input the form submits: one with a name (a nameless input is never sent; a script
 *  reads it). Attributes rendered by template syntax may add the name, so they count too. */
export function hasSubmittedFileInput(body: string): boolean {
  for (const m of body.matchAll(INPUT_TAG)) {
    const tag = m[0];
    if (!FILE_TYPE.test(tag)) continue;
    if (/\sname\s*=/i.test(tag) || /\{[{%]/.test(tag)) return true;
  }
  return false;
}

/** Each <form …> tag of an HTML text with its end offset and body, until </form> (or the next <form). */
export function formsOf(text: string): Array<{ start: number; tagEnd: number; tag: string; body: string }> {
  const out: Array<{ start: number; tagEnd: number; tag: string; body: string }> = [];
  const opens = [...text.matchAll(FORM_OPEN)].map((m) => m.index!);
  for (let i = 0; i < opens.length; i++) {
    const start = opens[i]!;
    const tagEnd = endOfTag(text, start);
    if (tagEnd < 0) continue;
    const limit = i + 1 < opens.length ? opens[i + 1]! : text.length;
    const close = text.slice(tagEnd, limit).search(/<\/form\s*>/i);
    const bodyEnd = close >= 0 ? tagEnd + close : limit;
    out.push({ start, tagEnd, tag: text.slice(start, tagEnd), body: text.slice(tagEnd, bodyEnd) });
  }
  return out;
}

// The ">" that closes a tag, skipping quoted attribute values and template tags/variables inside it.
function endOfTag(text: string, start: number): number {
  let quote = '';
  for (let i = start + 5; i < text.length && i < start + 5000; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '{' && (text[i + 1] === '%' || text[i + 1] === '{')) {
      const close = text.indexOf(text[i + 1] === '%' ? '%}' : '}}', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

/**
 * A <form> holding a file input without enctype="multipart/form-data": the browser sends only the
 * file name and request.FILES stays empty.
 */
export const formMissingEnctype: Rule = {
  code: 'templates.form-missing-enctype',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['templates', 'python'],
  description: 'A <form> with a file input (or rendering a form with a file field) has no enctype="multipart/form-data": the file never reaches request.FILES.',
  fix: 'Add enctype="multipart/form-data" to the <form> tag.',
  async run(ctx) {
    const out: RuleFinding[] = [];
    const byTemplate = await fileFormTemplates(ctx);
    // The template names by their last segment: a template file is matched against its own only.
    const byLastSegment = new Map<string, Array<[string, Set<string>]>>();
    for (const [name, vars] of byTemplate) {
      const last = name.slice(name.lastIndexOf('/') + 1);
      const same = byLastSegment.get(last);
      if (same) same.push([name, vars]);
      else byLastSegment.set(last, [[name, vars]]);
    }
    for (const file of (await ctx.workspace()).templates) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      const turn = ctx.breathe();
      if (turn) await turn;
      const text = await ctx.text(file);
      if (!text || !ctx.mentions.test(file, text, FORM_WORD)) continue;
      // Context variables holding a form with a file field, from the views rendering this template.
      const formVars = new Set<string>();
      for (const [name, vars] of byLastSegment.get(file.slice(file.lastIndexOf('/') + 1)) ?? []) if (file.endsWith('/' + name)) vars.forEach((v) => formVars.add(v));
      if (formVars.size === 0 && !ctx.mentions.test(file, text, FILE_TYPE_WORD)) continue;
      const starts = lineStarts(text);
      // The template's forms depend on its text alone: worked out once per text.
      for (const form of await ctx.fromFile('template-forms', file, text, '', async () => formsOf(text))) {
        const rendered = [...formVars].find((v) => rendersForm(form.body, v));
        if (!hasSubmittedFileInput(form.body) && !rendered) continue;
        if (/\benctype\b/i.test(form.tag)) {
          if (/\benctype\s*=\s*["']?multipart\/form-data/i.test(form.tag) || /\{[{%]/.test(form.tag)) continue;
        } else if (/\{\{/.test(form.tag)) {
          continue; // attributes rendered by a variable may carry the enctype
        }
        const hasEnctype = /\benctype\b/i.test(form.tag);
        const method = /\bmethod\s*=\s*["']?(\w+)/i.exec(form.tag)?.[1]?.toLowerCase();
        const insertAt = form.start + 5;
        out.push({
          range: rangeOf(file, text, form.start, form.start + 5, starts),
          message:
            `This <form> ${rendered && !hasSubmittedFileInput(form.body) ? `renders the form "${rendered}", which has a file field,` : 'has a file input'} but ${hasEnctype ? 'its enctype is not' : 'no enctype='}"multipart/form-data": the browser sends only the file name and request.FILES stays empty.` +
            (method !== 'post' ? ' File uploads also need method="post".' : ''),
          fixes: hasEnctype
            ? []
            : [{ title: 'Add enctype="multipart/form-data"', edits: [editAt(file, text, insertAt, insertAt, ' enctype="multipart/form-data"', starts)], isPreferred: true }],
        });
      }
    }
    return out;
  },
};
