import { staticInputs, staticfilesStorageBackend } from '../../staticfiles/checkInputs';
import { staticNameProblem } from '../../staticfiles/finders';
import { blankInert } from '../../staticfiles/templateLoad';
import type { Rule } from '../rule';
import type { RuleFinding } from '../types';

const MAX_FINDINGS = 500;

/** `{% static 'name' %}` of a name no staticfiles finder finds. */
export const staticMissingFile: Rule = {
  code: 'static.missing-file',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['templates', 'references', 'folders'],
  description:
    'A `{% static %}` name that no staticfiles finder finds (STATICFILES_DIRS, then the apps\' static folders): collectstatic will not collect it; an error with a manifest storage ("Missing staticfiles manifest entry").',
  async run(ctx) {
    const { references, lookup } = staticInputs(ctx);
    const finder = await lookup;
    if (!finder) return [];
    const backend = staticfilesStorageBackend(ctx);
    const manifest = backend !== undefined && /Manifest/.test(backend);
    const out: RuleFinding[] = [];
    const live = new Map<string, Promise<string[] | undefined>>();
    for (const ref of await references) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      if (ref.form !== 'static-tag' || ref.name === null || staticNameProblem(ref.name)) continue;
      if (await inComment(ctx, live, ref.range)) continue;
      const found = await finder.find(ref.name);
      if (found.kind !== 'missing') continue;
      const range = { ...ref.range, column: ref.nameColumn, endLine: ref.range.line, endColumn: ref.nameEndColumn };
      const looked = found.searched.length === 0 ? 'no finder folder takes this name' : `looked in ${found.searched.length} folder${found.searched.length === 1 ? '' : 's'}`;
      out.push(
        manifest
          ? {
              range,
              severity: 'error',
              message: `Missing staticfiles manifest entry for '${ref.name}': no staticfiles finder finds it (${looked}), so collectstatic will not collect it and ${backend} raises ValueError when this renders with DEBUG off.`,
            }
          : { range, message: `No staticfiles finder finds '${ref.name}' (${looked}): collectstatic will not collect it, and its URL will not be served.` },
      );
    }
    return out;
  },
};

/** Whether a tag lies in a template comment or verbatim block (Django never renders it). */
async function inComment(
  ctx: { text(path: string): Promise<string | undefined> },
  live: Map<string, Promise<string[] | undefined>>,
  at: { file: string; line: number; column: number },
): Promise<boolean> {
  let lines = live.get(at.file);
  if (!lines) {
    lines = ctx.text(at.file).then((t) => (t === undefined ? undefined : blankInert(t).split(/\r\n|\r|\n/)));
    live.set(at.file, lines);
  }
  const l = (await lines)?.[at.line - 1];
  return l !== undefined && l.charCodeAt(at.column - 1) === 0x20;
}
