import { basename, relative } from 'pathe';
import { isInside } from '../context';
import { parseNginxLocations } from '../nginxConfig';
import type { Rule } from '../rule';
import { localMediaPath, samePrefix } from '../serving';
import { lineStarts, rangeOf } from '../textEdits';
import type { RuleFinding } from '../types';

/**
 * The folder an nginx location for MEDIA_URL serves matches MEDIA_ROOT: equal, or (for a MEDIA_ROOT
 * inside the project, deployed elsewhere) ending with the same path relative to the project.
 */
export function sameMediaFolder(served: string, mediaRoot: string, projectRoot: string): boolean {
  const s = served.replace(/\/+$/, '');
  if (s === mediaRoot) return true;
  if (isInside(mediaRoot, projectRoot)) {
    const rel = relative(projectRoot, mediaRoot);
    return s.endsWith('/' + rel);
  }
  return false;
}

/** An nginx location serving MEDIA_URL from a folder other than MEDIA_ROOT: uploads are saved in one place and served from another. */
export const nginxMediaRootMismatch: Rule = {
  code: 'nginx.media-root-mismatch',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['deploy'],
  description: 'An nginx location for MEDIA_URL serves a folder other than MEDIA_ROOT.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const path = localMediaPath(ctx);
    const root = ctx.settings.MEDIA_ROOT;
    if (!path || path === '/' || !root.known || !root.value) return [];
    const out: RuleFinding[] = [];
    for (const file of (await ctx.workspace()).nginx) {
      const text = await ctx.text(file);
      if (!text || !text.includes('location')) continue;
      const starts = lineStarts(text);
      for (const loc of parseNginxLocations(text)) {
        if ((loc.modifier !== '' && loc.modifier !== '^~' && loc.modifier !== '=') || !samePrefix(loc.path, path)) continue;
        const alias = loc.directives.find((d) => d.name === 'alias')?.args[0];
        const ownRoot = loc.directives.find((d) => d.name === 'root')?.args[0]?.value ?? null;
        let served: string | null = null;
        if (alias) served = alias.value;
        else if (ownRoot ?? loc.inheritedRoot) served = `${(ownRoot ?? loc.inheritedRoot)!.replace(/\/+$/, '')}${loc.path}`;
        // proxy_pass or try_files only: Django (or something else) answers; nothing to compare.
        if (!served || served.includes('$') || !served.startsWith('/')) continue;
        if (sameMediaFolder(served, root.value, ctx.root)) continue;
        const token = alias ?? loc.directives.find((d) => d.name === 'root')?.args[0];
        const from = token ? token.from : loc.pathFrom;
        const to = token ? token.to : loc.pathTo;
        out.push({
          range: rangeOf(file, text, from, to, starts),
          message:
            `nginx serves ${loc.path} from ${served.replace(/\/+$/, '')}, but MEDIA_ROOT is ${root.value}` +
            `${isInside(root.value, ctx.root) ? ` (…/${relative(ctx.root, root.value)} in the project)` : ''}: uploads are saved in one folder and looked for in another` +
            `${basename(served.replace(/\/+$/, '')) !== basename(root.value) ? '' : ' (same folder name, different location)'}.`,
          ...(root.origin ? { related: [{ range: root.origin, message: 'MEDIA_ROOT is set here' }] } : {}),
        });
      }
    }
    return out;
  },
};
