import type { CheckContext } from '../context';
import { stringLiteral } from '../pySource';
import type { Rule } from '../rule';
import { urlSetting } from '../settingsValues';
import { editAt } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

/**
 * urls.E006 for one URL setting. Django checks the value its settings object returns (script
 * prefix applied), whenever it is truthy — unrelated to INSTALLED_APPS.
 */
export async function checkTrailingSlash(ctx: CheckContext, name: 'MEDIA_URL' | 'STATIC_URL'): Promise<RuleFinding[]> {
  const s = urlSetting(ctx, name);
  if (!s || !s.value || s.value.endsWith('/')) return [];
  const range = ctx.rangeFor(ctx.settings[name]);
  if (!range) return [];
  const fixes: QuickFix[] = [];
  const at = await ctx.originNode(s.origin);
  const lit = at ? stringLiteral(at.src, at.node) : undefined;
  if (at && lit && !lit.quote.startsWith('"""') && !lit.quote.startsWith("'''")) {
    fixes.push({
      title: `Add the trailing slash to ${name}`,
      edits: [editAt(at.src.file, at.src.text, lit.contentTo, lit.contentTo, '/', at.src.starts)],
      isPreferred: true,
    });
  }
  return [
    {
      range,
      message: `The ${name} setting must end with a slash. It reads "${s.value}"; use "${s.value}/".`,
      fixes,
    },
  ];
}

/** urls.E006 for MEDIA_URL. */
export const mediaUrlTrailingSlash: Rule = {
  code: 'media-url.missing-trailing-slash',
  defaultSeverity: 'error',
  djangoCheck: 'urls.E006',
  inputs: [],
  description: 'MEDIA_URL does not end with a slash (Django: "The MEDIA_URL setting must end with a slash.").',
  fix: 'Add the trailing slash to the string literal.',
  run: (ctx) => checkTrailingSlash(ctx, 'MEDIA_URL'),
};
