import type { Rule } from '../rule';
import { localMediaPath, mediaRootServers, samePrefix } from '../serving';
import type { RuleFinding } from '../types';

/** A route serving MEDIA_ROOT under a hard-coded prefix other than MEDIA_URL: file URLs Django builds 404. */
export const servingPrefixMismatch: Rule = {
  code: 'media-serving.prefix-mismatch',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  description: 'A URL pattern serves MEDIA_ROOT under a prefix that differs from MEDIA_URL.',
  async run(ctx) {
    const path = localMediaPath(ctx);
    if (!path || path === '/') return [];
    // When the URLconf could not be followed, a prefix may be incomplete (an include() above it).
    if (ctx.model.mediaServingSummary.inDebug === null) return [];
    // Under FORCE_SCRIPT_NAME the URLconf sees paths without the script name.
    const fsn = ctx.settings.FORCE_SCRIPT_NAME;
    const script = fsn.known && fsn.value ? fsn.value.replace(/\/+$/, '') : '';
    const withoutScript = script && path.startsWith(script + '/') ? path.slice(script.length) : null;
    const out: RuleFinding[] = [];
    for (const s of mediaRootServers(ctx)) {
      if (s.prefix === null || s.prefix === '/') continue;
      if (samePrefix(s.prefix, path) || (withoutScript && samePrefix(s.prefix, withoutScript))) continue;
      out.push({
        range: s.range,
        message: `This serves MEDIA_ROOT under "${s.prefix}", but MEDIA_URL is "${ctx.settings.MEDIA_URL.known ? ctx.settings.MEDIA_URL.value : path}": the URLs Django builds for uploads (field.url) do not reach it. Build the pattern from settings.MEDIA_URL.`,
      });
    }
    return out;
  },
};
