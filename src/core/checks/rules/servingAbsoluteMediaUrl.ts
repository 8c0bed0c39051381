import type { Rule } from '../rule';
import { mediaUrlIsAbsolute } from '../serving';
import type { RuleFinding } from '../types';

/** static() with an absolute MEDIA_URL (a host): Django's static() returns [] for it — a no-op. */
export const servingAbsoluteMediaUrl: Rule = {
  code: 'media-serving.static-noop',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  description: 'static() is given an absolute MEDIA_URL (with a host), for which it returns no pattern: it serves nothing.',
  async run(ctx) {
    if (mediaUrlIsAbsolute(ctx) !== true) return [];
    const url = ctx.settings.MEDIA_URL.known ? ctx.settings.MEDIA_URL.value : '';
    const out: RuleFinding[] = [];
    for (const s of ctx.model.mediaServing) {
      if (s.kind !== 'static()' || s.documentRoot !== 'MEDIA_ROOT') continue;
      out.push({
        range: s.range,
        message: `static() does nothing here: MEDIA_URL "${url}" has a host, and static() only serves local prefixes (it returns an empty list). Media is served by ${url.replace(/^(https?:)?\/\//, '').split('/')[0]}; remove the call or use a local MEDIA_URL in development.`,
      });
    }
    return out;
  },
};
