import type { Rule } from '../rule';
import type { RuleFinding } from '../types';

/**
 * static()/serve() mounted at "/": usually `static(settings.MEDIA_URL, ...)` with MEDIA_URL unset,
 * which reads as "/". Every URL nothing else matches is answered from the document root — with
 * MEDIA_ROOT unset, the working directory: GET /manage.py returns your source. `check` is silent.
 */
export const servingCatchAll: Rule = {
  code: 'media-serving.catch-all',
  defaultSeverity: 'error',
  djangoCheck: null,
  inputs: [],
  description: 'static()/serve() for media is mounted at "/" (MEDIA_URL unset reads "/"): it serves files for every URL, from the working directory when MEDIA_ROOT is unset too.',
  async run(ctx) {
    const out: RuleFinding[] = [];
    const mediaUrl = ctx.settings.MEDIA_URL;
    const mediaRoot = ctx.settings.MEDIA_ROOT;
    for (const s of ctx.model.mediaServing) {
      if (s.kind === 'other' || s.prefix !== '/' || s.documentRoot === 'STATIC_ROOT') continue;
      const unsetUrl = mediaUrl.known && mediaUrl.value === '/' && !mediaUrl.origin;
      const cwd = s.documentRoot === 'MEDIA_ROOT' && mediaRoot.known && mediaRoot.value === '';
      out.push({
        range: s.range,
        message:
          `${s.kind === 'static()' ? 'static()' : 'serve()'} is mounted at "/"` +
          (unsetUrl ? ' because MEDIA_URL is not set (it reads "/")' : '') +
          ': every URL no other pattern matches is answered with a file from ' +
          (cwd ? 'the working directory (MEDIA_ROOT is not set either): GET /manage.py returns your source code.' : 'the document root.') +
          ' Set MEDIA_URL = "/media/" (and MEDIA_ROOT).',
        ...(mediaUrl.origin ? { related: [{ range: mediaUrl.origin, message: 'MEDIA_URL is set here' }] } : {}),
      });
    }
    return out;
  },
};
