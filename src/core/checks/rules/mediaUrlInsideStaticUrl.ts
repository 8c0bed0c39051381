import type { Rule } from '../rule';
import { staticfilesRuntimeChain } from '../staticfilesRuntime';

/** runtime.media-url-inside-static-url: DEBUG on and MEDIA_URL starts with STATIC_URL. */
export const mediaUrlInsideStaticUrl: Rule = {
  code: 'media-url.inside-static-url',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.media-url-inside-static-url',
  inputs: [],
  description:
    'With DEBUG on, MEDIA_URL lies under STATIC_URL (runserver raises "runserver can\'t serve media if MEDIA_URL is within STATIC_URL.").',
  async run(ctx) {
    const step = (await staticfilesRuntimeChain(ctx))?.['media-url-inside-static-url'];
    if (!step?.holds) return [];
    const m = ctx.settings.MEDIA_URL;
    const s = ctx.settings.STATIC_URL;
    const range = ctx.rangeFor(m);
    if (!range) return [];
    return [
      {
        range,
        djangoCheck: step.djangoRaises ? 'runtime.media-url-inside-static-url' : null,
        message:
          "runserver can't serve media if MEDIA_URL is within STATIC_URL. " +
          `MEDIA_URL "${m.known ? m.value : ''}" starts with STATIC_URL "${s.known ? s.value : ''}"; move media to its own prefix such as "/media/".`,
        ...(s.origin ? { related: [{ range: s.origin, message: 'STATIC_URL is set here' }] } : {}),
      },
    ];
  },
};
