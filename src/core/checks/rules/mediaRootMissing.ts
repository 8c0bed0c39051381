import type { Rule } from '../rule';
import { isInside } from '../context';

/**
 * MEDIA_ROOT does not exist on disk. Django creates it at the first upload, so this is
 * information: until then the media explorer is empty and every media reference is "missing".
 * Not reported for a production-looking settings module pointing outside the project (that
 * folder lives on the server, not here).
 */
export const mediaRootMissing: Rule = {
  code: 'media-root.missing',
  defaultSeverity: 'information',
  djangoCheck: null,
  inputs: ['folders'],
  description: 'The MEDIA_ROOT folder does not exist (Django creates it at the first upload).',
  fix: 'Create the folder.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const m = ctx.settings.MEDIA_ROOT;
    if (!m.known || !m.value || !m.value.startsWith('/')) return [];
    if (ctx.looksLikeProduction && !isInside(m.value, ctx.root)) return [];
    const st = await ctx.fs.stat(m.value);
    if (st?.type === 'directory') return [];
    const range = ctx.rangeFor(m);
    if (!range) return [];
    if (st) {
      return [{ range, severity: 'error', message: `MEDIA_ROOT ${m.value} is a file, not a folder: uploads will fail.` }];
    }
    return [
      {
        range,
        message: `MEDIA_ROOT ${m.value} does not exist yet. Django creates it at the first upload; create it now to see media here.`,
        fixes: [{ title: `Create the folder ${m.value}`, edits: [], createFolders: [m.value], isPreferred: true }],
      },
    ];
  },
};
