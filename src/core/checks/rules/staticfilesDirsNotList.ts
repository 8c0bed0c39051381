import type { Rule } from '../rule';
import { elementsOf, nodeText } from '../pySource';
import { finderChecksRun } from '../staticfilesDirs';
import { editAt } from '../textEdits';
import type { QuickFix } from '../types';

/** staticfiles.E001: STATICFILES_DIRS is not a list or tuple — usually `("static")` without its comma. */
export const staticfilesDirsNotList: Rule = {
  code: 'staticfiles.dirs-not-a-list',
  defaultSeverity: 'error',
  djangoCheck: 'staticfiles.E001',
  inputs: [],
  description: 'STATICFILES_DIRS is not a tuple or list (Django: "The STATICFILES_DIRS setting is not a tuple or list.").',
  fix: 'Add the missing trailing comma, or wrap the value in a list.',
  async run(ctx) {
    if ((await finderChecksRun(ctx)) !== true) return [];
    const raw = ctx.raw('STATICFILES_DIRS');
    if (!raw || !raw.origin) return [];
    // Django only asks isinstance(…, (list, tuple)): the type decides, even when the values (a set's
    // order) cannot be known. A JSON array may still be a set, so only a known kind decides.
    const evaluated = ctx.model.pyKind?.('STATICFILES_DIRS');
    const kind = raw.known ? await ctx.kindOf('STATICFILES_DIRS') : evaluated === 'set' || evaluated === 'dict' ? evaluated : undefined;
    if (!raw.known && kind === undefined) return [];
    const notList = kind !== undefined ? kind !== 'list' && kind !== 'tuple' : typeof raw.value === 'string';
    if (!notList) return [];
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(raw.origin);
    if (at) {
      const { src, node } = at;
      const inner = node.name === 'ParenthesizedExpression' ? elementsOf(node) : [];
      if (node.name === 'ParenthesizedExpression' && inner.length === 1) {
        fixes.push({
          title: 'Add the trailing comma to make STATICFILES_DIRS a tuple',
          edits: [editAt(src.file, src.text, inner[0]!.to, inner[0]!.to, ',', src.starts)],
          isPreferred: true,
        });
      } else if (node.name === 'SetExpression') {
        fixes.push({
          title: 'Make STATICFILES_DIRS a list',
          edits: [editAt(src.file, src.text, node.from, node.to, `[${nodeText(src, node).slice(1, -1)}]`, src.starts)],
          isPreferred: true,
        });
      } else if (kind === 'str' || kind === 'path') {
        fixes.push({
          title: 'Wrap STATICFILES_DIRS in a list',
          edits: [editAt(src.file, src.text, node.from, node.to, `[${nodeText(src, node)}]`, src.starts)],
          isPreferred: true,
        });
      }
    }
    return [
      {
        range: raw.origin,
        message:
          'The STATICFILES_DIRS setting is not a tuple or list. Perhaps you forgot a trailing comma? ' +
          `It is a ${kind === 'path' ? 'Path' : kind === 'set' ? 'set' : kind === 'dict' ? 'dict' : 'string'}; Django would iterate over it ${kind === 'str' ? 'character by character' : 'wrongly'}.`,
        fixes,
      },
    ];
  },
};
