import { staticInputs } from '../../staticfiles/checkInputs';
import { staticTagAvailability, staticTagsWithoutLoad } from '../../staticfiles/templateLoad';
import type { Rule } from '../rule';
import { lineStarts, rangeOf } from '../textEdits';
import type { RuleFinding } from '../types';

/** `{% static %}` in a Django template that has not loaded the static library itself. */
export const staticTagNotLoaded: Rule = {
  code: 'templates.static-not-loaded',
  defaultSeverity: 'error',
  djangoCheck: null,
  inputs: ['templates'],
  description:
    'A Django template uses `{% static %}` without its own `{% load static %}` before it: Django raises TemplateSyntaxError "Invalid block tag … \'static\'" (a parent template\'s load does not count).',
  fix: 'Insert `{% load static %}` at the top of the template (after `{% extends %}`).',
  async run(ctx) {
    const availability = staticTagAvailability(ctx.model);
    if (availability.kind !== 'load') return [];
    const files = new Set<string>();
    for (const ref of await staticInputs(ctx).references) {
      if (ref.form === 'static-tag' && ref.text.startsWith('{%') && !/\/jinja2\/|\.(jinja2?|j2)$/.test(ref.range.file)) files.add(ref.range.file);
    }
    const out: RuleFinding[] = [];
    for (const file of files) {
      const text = await ctx.text(file);
      if (text === undefined) continue;
      const offsets = staticTagsWithoutLoad(text, availability.libraries);
      if (offsets.length === 0) continue;
      const insert = loadInsertion(text);
      const starts = lineStarts(text);
      for (const offset of offsets) {
        const range = rangeOf(file, text, offset, text.indexOf('%}', offset) + 2, starts);
        out.push({
          range,
          message: `{% static %} is used without {% load static %} earlier in this template: Django raises TemplateSyntaxError "Invalid block tag on line ${range.line}: 'static'. Did you forget to register or load this tag?". Each template needs its own load, even one that extends another.`,
          fixes: [{ title: 'Insert {% load static %}', edits: [{ file, range: insert, newText: '{% load static %}\n' }], isPreferred: true }],
        });
      }
    }
    return out;
  },
};

/** Where `{% load static %}` goes: after a leading `{% extends %}` line (Django requires extends first), else at the top. */
function loadInsertion(text: string): { line: number; column: number; endLine: number; endColumn: number } {
  const m = /^(?:[ \t]*(?:\{#.*?#\})?[ \t]*\r?\n)*[ \t]*\{%-?[ \t]*extends\b[^\n]*%\}[^\n]*\n/.exec(text);
  const line = m ? m[0].split('\n').length : 1;
  return { line, column: 1, endLine: line, endColumn: 1 };
}
