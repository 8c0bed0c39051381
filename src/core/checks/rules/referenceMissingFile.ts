import { languageOfFile } from '../../media';
import type { Rule } from '../rule';
import type { RuleFinding } from '../types';

const MAX_FINDINGS = 500;
// References in Python and JavaScript are often built at runtime or belong to tests and fixtures;
// templates, stylesheets and Markdown name files a page really loads.
const CHECKED = new Set(['html', 'django-html', 'jinja', 'text', 'css', 'markdown']);

/** A template/CSS/Markdown reference to a file under MEDIA_URL that is not in MEDIA_ROOT (local storage only). */
export const referenceMissingFile: Rule = {
  code: 'references.missing-file',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['references', 'media', 'folders'],
  description: 'A media URL in a template, stylesheet or Markdown file names a file that is not in MEDIA_ROOT.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const root = ctx.settings.MEDIA_ROOT;
    if (!root.known || !root.value) return [];
    // With no MEDIA_ROOT folder at all every reference would be reported; media-root.missing says it once.
    if ((await ctx.fs.stat(root.value))?.type !== 'directory') return [];
    const out: RuleFinding[] = [];
    for (const ref of await ctx.references()) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      if (!ref.target || !ref.storageName) continue;
      const lang = languageOfFile(ref.range.file);
      if (!lang || !CHECKED.has(lang)) continue;
      const st = await ctx.fs.stat(ref.target);
      if (st?.type === 'file') continue;
      out.push({
        range: ref.range,
        message: `"${ref.storageName}" is not in MEDIA_ROOT (${root.value}): this reference ${st ? 'names a folder' : 'is broken'}.`,
      });
    }
    return out;
  },
};
