import type { Rule } from '../rule';
import { finderChecksRun, staticfilesDirsEntries } from '../staticfilesDirs';
import type { RuleFinding } from '../types';

/** staticfiles.E002: a STATICFILES_DIRS entry is STATIC_ROOT itself (os.path.abspath equality, as Django compares). */
export const staticfilesDirsContainsStaticRoot: Rule = {
  code: 'staticfiles.dirs-contains-static-root',
  defaultSeverity: 'error',
  djangoCheck: 'staticfiles.E002',
  inputs: [],
  description: 'A STATICFILES_DIRS entry is the STATIC_ROOT folder (Django: "The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting.").',
  async run(ctx) {
    if ((await finderChecksRun(ctx)) !== true) return [];
    const root = ctx.settings.STATIC_ROOT;
    if (!root.known || !root.value) return [];
    const entries = await staticfilesDirsEntries(ctx);
    if (!entries) return [];
    const out: RuleFinding[] = [];
    for (const e of entries) {
      if (e.path !== root.value) continue;
      out.push({
        range: e.range,
        message:
          'The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting. ' +
          `collectstatic copies STATICFILES_DIRS into STATIC_ROOT (${root.value}); keep your source static files in another folder.`,
        ...(root.origin ? { related: [{ range: root.origin, message: 'STATIC_ROOT is set here' }] } : {}),
      });
    }
    return out;
  },
};
