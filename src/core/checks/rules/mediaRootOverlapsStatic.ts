import { isInside } from '../context';
import type { Rule } from '../rule';
import { staticfilesDirsEntries } from '../staticfilesDirs';
import type { RuleFinding } from '../types';

/**
 * MEDIA_ROOT nested in STATIC_ROOT or in a STATICFILES_DIRS folder, or the reverse. Django only
 * notices exact equality of MEDIA_ROOT and STATIC_ROOT (the runtime error, reported separately);
 * nesting lets collectstatic publish or overwrite user uploads.
 */
export const mediaRootOverlapsStatic: Rule = {
  code: 'media-root.overlaps-static',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  description: 'MEDIA_ROOT is inside STATIC_ROOT or a STATICFILES_DIRS folder, or contains one of them.',
  async run(ctx) {
    const m = ctx.settings.MEDIA_ROOT;
    if (!m.known || !m.value) return [];
    const range = ctx.rangeFor(m);
    if (!range) return [];
    const out: RuleFinding[] = [];
    const s = ctx.settings.STATIC_ROOT;
    if (s.known && s.value && s.value !== m.value) {
      if (isInside(m.value, s.value)) {
        out.push({
          range,
          message: `MEDIA_ROOT (${m.value}) is inside STATIC_ROOT (${s.value}): collectstatic writes over user uploads and they are served as static files. Keep the two folders apart.`,
          ...(s.origin ? { related: [{ range: s.origin, message: 'STATIC_ROOT is set here' }] } : {}),
        });
      } else if (isInside(s.value, m.value)) {
        out.push({
          range,
          message: `STATIC_ROOT (${s.value}) is inside MEDIA_ROOT (${m.value}): collected static files are mixed with user uploads. Keep the two folders apart.`,
          ...(s.origin ? { related: [{ range: s.origin, message: 'STATIC_ROOT is set here' }] } : {}),
        });
      }
    }
    if (ctx.staticfilesInstalled === true) {
      for (const e of (await staticfilesDirsEntries(ctx)) ?? []) {
        if (isInside(m.value, e.path)) {
          out.push({
            range,
            message: `MEDIA_ROOT (${m.value}) is ${m.value === e.path ? '' : 'inside '}the STATICFILES_DIRS folder ${e.path}: collectstatic publishes every user upload as a static file.`,
            related: [{ range: e.range, message: 'STATICFILES_DIRS entry' }],
          });
        } else if (isInside(e.path, m.value)) {
          out.push({
            range,
            message: `The STATICFILES_DIRS folder ${e.path} is inside MEDIA_ROOT (${m.value}): static source files are mixed with user uploads.`,
            related: [{ range: e.range, message: 'STATICFILES_DIRS entry' }],
          });
        }
      }
    }
    return out;
  },
};
