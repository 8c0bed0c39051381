import type { Rule } from '../rule';
import { staticfilesRuntimeChain } from '../staticfilesRuntime';

/** runtime.media-url-equals-static-url: MEDIA_URL == STATIC_URL (after the script prefix). */
export const mediaUrlEqualsStaticUrl: Rule = {
  code: 'media-url.equals-static-url',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.media-url-equals-static-url',
  inputs: [],
  description:
    'MEDIA_URL and STATIC_URL are the same URL (runserver, collectstatic and {% static %} raise "The MEDIA_URL and STATIC_URL settings must have different values").',
  async run(ctx) {
    const step = (await staticfilesRuntimeChain(ctx))?.['media-url-equals-static-url'];
    if (!step?.holds) return [];
    const m = ctx.settings.MEDIA_URL;
    const range = ctx.rangeFor(m);
    if (!range) return [];
    const unset = !m.origin;
    return [
      {
        range,
        djangoCheck: step.djangoRaises ? 'runtime.media-url-equals-static-url' : null,
        message:
          'The MEDIA_URL and STATIC_URL settings must have different values. ' +
          `Both read "${m.known ? m.value : ''}"${unset ? ' (MEDIA_URL is not set, so it reads as the script prefix)' : ''}; give media its own prefix such as "/media/".`,
        ...(ctx.settings.STATIC_URL.origin ? { related: [{ range: ctx.settings.STATIC_URL.origin, message: 'STATIC_URL is set here' }] } : {}),
      },
    ];
  },
};
