import type { Rule } from '../rule';
import { pyRepr } from '../rule';
import { elementsOf, nodeRange, stringLiteral } from '../pySource';
import { finderChecksRun, staticfilesDirsEntries } from '../staticfilesDirs';
import { editAt } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

/** staticfiles.E003: the prefix of a (prefix, path) STATICFILES_DIRS entry ends with "/". */
export const staticfilesPrefixTrailingSlash: Rule = {
  code: 'staticfiles.prefix-trailing-slash',
  defaultSeverity: 'error',
  djangoCheck: 'staticfiles.E003',
  inputs: [],
  description: 'A (prefix, path) STATICFILES_DIRS entry has a prefix ending with a slash (Django: "The prefix … in the STATICFILES_DIRS setting must not end with a slash.").',
  fix: 'Drop the trailing slash from the prefix.',
  async run(ctx) {
    if ((await finderChecksRun(ctx)) !== true) return [];
    const entries = await staticfilesDirsEntries(ctx);
    if (!entries) return [];
    const out: RuleFinding[] = [];
    for (const e of entries) {
      if (e.prefix === null || !e.prefix.endsWith('/')) continue;
      const fixes: QuickFix[] = [];
      let range = e.range;
      if (e.element && e.element.node.name === 'TupleExpression') {
        const { src, node } = e.element;
        const lit = stringLiteral(src, elementsOf(node)[0]);
        if (lit && lit.value !== undefined) {
          const keep = lit.value.replace(/\/+$/, '');
          const cut = lit.contentFrom + keep.length;
          range = nodeRange(src, lit.node);
          fixes.push({
            title: `Drop the trailing slash from the prefix ${pyRepr(e.prefix)}`,
            edits: [editAt(src.file, src.text, cut, lit.contentTo, '', src.starts)],
            isPreferred: true,
          });
        }
      }
      out.push({
        range,
        message: `The prefix ${pyRepr(e.prefix)} in the STATICFILES_DIRS setting must not end with a slash. Use ${pyRepr(e.prefix.replace(/\/+$/, ''))}.`,
        fixes,
      });
    }
    return out;
  },
};

