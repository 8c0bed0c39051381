import type { PyJson } from '../../model';
import type { SyntaxNode } from '@lezer/common';
import type { CheckContext } from '../context';
import type { PySource } from '../pySource';
import type { Rule } from '../rule';
import { appendElementEdit, dictEntries, preferredQuote } from '../settingsValues';
import { rangeOf } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

const MEDIA_PROCESSOR = 'django.template.context_processors.media';
const DJANGO_BACKEND = 'django.template.backends.django.DjangoTemplates';
const MEDIA_URL_VARIABLE = /\{\{\s*MEDIA_URL\s*(?:\|[^}]*)?\}\}/g;
const MAX_FINDINGS = 200;

/** Whether a DjangoTemplates backend in TEMPLATES has the media context processor; undefined when unknown. */
export function mediaProcessorEnabled(templates: PyJson): boolean | undefined {
  if (!Array.isArray(templates)) return undefined;
  let sawDjango = false;
  for (const t of templates) {
    if (!t || typeof t !== 'object' || Array.isArray(t)) return undefined;
    if (t['BACKEND'] !== DJANGO_BACKEND) continue;
    sawDjango = true;
    const options = t['OPTIONS'];
    if (options === undefined) continue;
    if (!options || typeof options !== 'object' || Array.isArray(options)) return undefined;
    const cps = options['context_processors'];
    if (cps === undefined) continue;
    if (!Array.isArray(cps)) return undefined;
    if (cps.includes(MEDIA_PROCESSOR)) return true;
  }
  return sawDjango ? false : undefined;
}

/** The edit adding the media processor to the first DjangoTemplates backend's context_processors literal. */
async function addProcessorFix(ctx: CheckContext): Promise<QuickFix | undefined> {
  const t = ctx.raw('TEMPLATES');
  const at = await ctx.originNode(t?.origin);
  if (!at) return undefined;
  const list = findContextProcessors(at.src, at.node);
  if (!list) return undefined;
  const q = preferredQuote(at.src);
  const edit = appendElementEdit(at.src, list, `${q}${MEDIA_PROCESSOR}${q}`);
  return edit ? { title: `Add ${MEDIA_PROCESSOR} to TEMPLATES`, edits: [edit], isPreferred: true } : undefined;
}

function findContextProcessors(src: PySource, templates: SyntaxNode): SyntaxNode | undefined {
  if (templates.name !== 'ArrayExpression' && templates.name !== 'TupleExpression') return undefined;
  for (let backend = templates.firstChild; backend; backend = backend.nextSibling) {
    const entries = dictEntries(src, backend);
    if (!entries) continue;
    const b = entries.find((e) => e.key === 'BACKEND');
    if (!b || !src.text.slice(b.value.from, b.value.to).includes('DjangoTemplates')) continue;
    const options = entries.find((e) => e.key === 'OPTIONS');
    const optEntries = options ? dictEntries(src, options.value) : undefined;
    const cps = optEntries?.find((e) => e.key === 'context_processors');
    if (cps && (cps.value.name === 'ArrayExpression' || cps.value.name === 'TupleExpression')) return cps.value;
    return undefined;
  }
  return undefined;
}

/**
 * `{{ MEDIA_URL }}` in a Django template while no DjangoTemplates backend has the media context
 * processor: the variable renders "" and the URL silently becomes relative to the page.
 */
export const mediaContextProcessorMissing: Rule = {
  code: 'templates.media-context-processor-missing',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['templates'],
  description: "A template uses {{ MEDIA_URL }} but 'django.template.context_processors.media' is not in TEMPLATES: it renders as an empty string.",
  fix: "Add 'django.template.context_processors.media' to the context_processors of the DjangoTemplates backend.",
  async run(ctx) {
    const t = ctx.raw('TEMPLATES');
    if (!t || !t.known || mediaProcessorEnabled(t.value) !== false) return [];
    const files = (await ctx.workspace()).templates.filter((f) => !/\.(jinja2?|j2)$/i.test(f) && !f.includes('/jinja2/'));
    const out: RuleFinding[] = [];
    let fix: QuickFix | undefined | null = null;
    for (const file of files) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      const turn = ctx.breathe();
      if (turn) await turn;
      const text = await ctx.text(file);
      if (!text || !text.includes('MEDIA_URL')) continue;
      for (const m of text.matchAll(MEDIA_URL_VARIABLE)) {
        if (fix === null) fix = await addProcessorFix(ctx);
        out.push({
          range: rangeOf(file, text, m.index!, m.index! + m[0].length),
          message: "{{ MEDIA_URL }} renders as an empty string: 'django.template.context_processors.media' is not in TEMPLATES' context_processors. Add it, or use {% get_media_prefix %} after {% load static %}.",
          fixes: fix ? [fix] : [],
          ...(t.origin ? { related: [{ range: t.origin, message: 'TEMPLATES is set here' }] } : {}),
        });
      }
    }
    return out;
  },
};
