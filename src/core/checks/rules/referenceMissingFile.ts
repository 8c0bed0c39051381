import { languageOfFile } from '../../media';
import { confineToMediaRoot, existenceOf } from '../../mediaIndex/mediaRootGuard';
import { didYouMeanFixes } from '../didYouMeanFixes';
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
  fix: 'Replaces the file name in the URL with the closest existing name in the same folder.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const root = ctx.settings.MEDIA_ROOT;
    if (!root.known || !root.value) return [];
    // With no MEDIA_ROOT folder at all every reference would be reported; media-root.missing says it once.
    if ((await ctx.fs.stat(root.value))?.type !== 'directory') return [];
    const out: RuleFinding[] = [];
    // Unknown is not missing: a folder that cannot be read, or a link out of MEDIA_ROOT, says nothing.
    const media = confineToMediaRoot(ctx.fs, root.value);
    const listings = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
    for (const ref of await ctx.references()) {
      if (out.length >= MAX_FINDINGS || ctx.token?.aborted) break;
      if (!ref.target || !ref.storageName) continue;
      const lang = languageOfFile(ref.range.file);
      if (!lang || !CHECKED.has(lang)) continue;
      const state = await existenceOf(media, ref.target, root.value, listings);
      if (state === 'file' || state === 'unknown') continue;
      const fixes = state === 'missing' ? await didYouMeanFixes(media, ref, root.value, listings) : [];
      out.push({
        range: ref.range,
        message: `"${ref.storageName}" is not in MEDIA_ROOT (${root.value}): this reference ${state === 'directory' ? 'names a folder' : 'is broken'}.`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
    return out;
  },
};
