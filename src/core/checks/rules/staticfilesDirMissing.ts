import type { Rule } from '../rule';
import { finderChecksRun, staticfilesDirsEntries } from '../staticfilesDirs';
import type { RuleFinding } from '../types';

/** staticfiles.W004 (Django ≥ 4.0): a STATICFILES_DIRS folder does not exist. */
export const staticfilesDirMissing: Rule = {
  code: 'staticfiles.dir-missing',
  defaultSeverity: 'warning',
  djangoCheck: 'staticfiles.W004',
  inputs: ['folders'],
  versions: '≥ 4.0',
  description: 'A STATICFILES_DIRS folder does not exist (Django: "The directory … in the STATICFILES_DIRS setting does not exist.").',
  fix: 'Create the folder.',
  async run(ctx) {
    if (!ctx.since('4.0')) return [];
    if ((await finderChecksRun(ctx)) !== true) return [];
    const entries = await staticfilesDirsEntries(ctx);
    if (!entries) return [];
    const out: RuleFinding[] = [];
    for (const e of entries) {
      if (!e.path.startsWith('/') && !/^[A-Za-z]:\//.test(e.path)) continue;
      const st = await ctx.fs.stat(e.path);
      if (st?.type === 'directory') continue;
      out.push({
        range: e.range,
        message: `The directory '${e.rawPath}' in the STATICFILES_DIRS setting does not exist.${st ? ' (It is a file.)' : ''}`,
        fixes: st ? [] : [{ title: `Create the folder ${e.path}`, edits: [], createFolders: [e.path] }],
      });
    }
    return out;
  },
};
