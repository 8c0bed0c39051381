import type { Rule } from '../rule';
import { djangoSeesRootsEqual, staticfilesRuntimeChain } from '../staticfilesRuntime';

/**
 * runtime.media-root-equals-static-root: MEDIA_ROOT and STATIC_ROOT are the same folder. Django
 * compares them with == and so misses the same folder written once as str and once as Path, or
 * with a trailing slash: those findings carry no Django id.
 */
export const mediaRootEqualsStaticRoot: Rule = {
  code: 'media-root.equals-static-root',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.media-root-equals-static-root',
  inputs: [],
  description:
    'MEDIA_ROOT and STATIC_ROOT are the same folder (Django raises "The MEDIA_ROOT and STATIC_ROOT settings must have different values" when they compare equal; it misses str vs Path and trailing slashes).',
  async run(ctx) {
    const step = (await staticfilesRuntimeChain(ctx))?.['media-root-equals-static-root'];
    if (!step?.holds) return [];
    const m = ctx.settings.MEDIA_ROOT;
    const s = ctx.settings.STATIC_ROOT;
    const range = ctx.rangeFor(m);
    if (!range || !m.known) return [];
    const djangoEqual = await djangoSeesRootsEqual(ctx);
    const raises = step.djangoRaises && djangoEqual === true;
    const folder = m.value;
    const message = raises
      ? 'The MEDIA_ROOT and STATIC_ROOT settings must have different values. ' +
        `Both are ${folder}: collectstatic would mix static files with user uploads; give uploads their own folder such as "media".`
      : `MEDIA_ROOT and STATIC_ROOT are the same folder (${folder}). ` +
        (djangoEqual === false
          ? 'Django does not notice (it compares the values with ==, and they are written differently: str vs Path, or a trailing slash), '
          : '') +
        'but collectstatic would mix static files with user uploads; give uploads their own folder such as "media".';
    return [
      {
        range,
        djangoCheck: raises ? 'runtime.media-root-equals-static-root' : null,
        message,
        ...(s.origin ? { related: [{ range: s.origin, message: 'STATIC_ROOT is set here' }] } : {}),
      },
    ];
  },
};
