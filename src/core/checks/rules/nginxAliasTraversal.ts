import { parseNginxLocations } from '../nginxConfig';
import type { Rule } from '../rule';
import { editAt, lineStarts, rangeOf } from '../textEdits';
import type { RuleFinding } from '../types';

/**
 * nginx `location /media { alias /srv/media/; }`: the location has no trailing slash but the alias
 * has one, so "/media../secret" maps to "/srv/media/../secret" — the classic off-by-slash path
 * traversal out of the media folder.
 */
export const nginxAliasTraversal: Rule = {
  code: 'nginx.alias-traversal',
  defaultSeverity: 'error',
  djangoCheck: null,
  inputs: ['deploy'],
  description: 'An nginx prefix location without a trailing slash uses an alias with one ("location /media { alias /srv/media/; }"): requests like /media../x escape the folder.',
  fix: 'Add the trailing slash to the location.',
  async run(ctx) {
    const out: RuleFinding[] = [];
    for (const file of (await ctx.workspace()).nginx) {
      const text = await ctx.text(file);
      if (!text || !text.includes('alias')) continue;
      const starts = lineStarts(text);
      for (const loc of parseNginxLocations(text)) {
        if (loc.modifier !== '' && loc.modifier !== '^~') continue;
        if (loc.path.endsWith('/') || !loc.path.startsWith('/')) continue;
        const alias = loc.directives.find((d) => d.name === 'alias')?.args[0];
        if (!alias || !alias.value.endsWith('/')) continue;
        const quoted = text[loc.pathTo - 1] === '"' || text[loc.pathTo - 1] === "'";
        const at = quoted ? loc.pathTo - 1 : loc.pathTo;
        out.push({
          range: rangeOf(file, text, loc.pathFrom, loc.pathTo, starts),
          message:
            `Path traversal: "location ${loc.path}" has no trailing slash but its alias "${alias.value}" has one, so a request for ` +
            `${loc.path}../x is served from ${alias.value}../x, outside the folder. Write "location ${loc.path}/".`,
          fixes: [{ title: `Change the location to ${loc.path}/`, edits: [editAt(file, text, at, at, '/', starts)], isPreferred: true }],
        });
      }
    }
    return out;
  },
};
