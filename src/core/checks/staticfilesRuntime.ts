import { normalize } from 'pathe';
import type { CheckContext, PyKind } from './context';
import { pyTruthy } from './rule';
import { urlSetting } from './settingsValues';

/**
 * The four errors django.contrib.staticfiles.utils.check_settings() raises (runserver,
 * collectstatic, {% static %}), in Django's order. Django stops at the first that holds, so a
 * step claims its Django id only when every earlier step is known not to hold.
 */
export type RuntimeStep = 'static-url-missing' | 'media-url-equals-static-url' | 'media-url-inside-static-url' | 'media-root-equals-static-root';

const ORDER: RuntimeStep[] = ['static-url-missing', 'media-url-equals-static-url', 'media-url-inside-static-url', 'media-root-equals-static-root'];

/** What one step found: `holds` undefined when a value it needs is unknown. */
export interface RuntimeStepState {
  holds: boolean | undefined;
  /** True when Django itself raises this step's error (it holds, and no earlier step stops Django first). */
  djangoRaises: boolean;
}

/** The state of the whole chain (memoised per context). */
export type RuntimeChain = Record<RuntimeStep, RuntimeStepState>;

const cache = new WeakMap<CheckContext, Promise<RuntimeChain | undefined>>();

/** Evaluates the chain; undefined when the staticfiles app is not (known to be) installed. */
export function staticfilesRuntimeChain(ctx: CheckContext): Promise<RuntimeChain | undefined> {
  let p = cache.get(ctx);
  if (!p) {
    p = computeChain(ctx);
    cache.set(ctx, p);
  }
  return p;
}

/** Django's `settings.MEDIA_ROOT == settings.STATIC_ROOT` for the values as written (str vs Path matters). */
export function pythonEquals(a: string, aKind: PyKind | undefined, b: string, bKind: PyKind | undefined): boolean | undefined {
  if (aKind === undefined || bKind === undefined) return undefined;
  if (aKind === 'str' && bKind === 'str') return a === b;
  // PurePath equality compares the normalised parts: a trailing slash, "//" and "." do not count.
  if (aKind === 'path' && bKind === 'path') return purePath(a) === purePath(b);
  if ((aKind === 'str' && bKind === 'path') || (aKind === 'path' && bKind === 'str')) return false;
  return undefined;
}

function purePath(p: string): string {
  const parts = p.split('/').filter((s, i) => s !== '' && (s !== '.' || i === 0));
  const out = (p.startsWith('/') ? '/' : '') + parts.filter((s) => s !== '.').join('/');
  return out || '.';
}

async function computeChain(ctx: CheckContext): Promise<RuntimeChain | undefined> {
  if (ctx.staticfilesInstalled !== true) return undefined;
  const staticUrl = urlSetting(ctx, 'STATIC_URL');
  const mediaUrl = urlSetting(ctx, 'MEDIA_URL');
  const debug = ctx.settings.DEBUG;
  const holds: Record<RuntimeStep, boolean | undefined> = {
    'static-url-missing': staticUrl ? !staticUrl.value : undefined,
    'media-url-equals-static-url': staticUrl && mediaUrl ? mediaUrl.value === staticUrl.value : undefined,
    'media-url-inside-static-url':
      staticUrl && mediaUrl
        ? !mediaUrl.value || !staticUrl.value
          ? false
          : !mediaUrl.value.startsWith(staticUrl.value)
            ? false
            : debug.known
              ? pyTruthy(debug.value)
              : undefined
        : undefined,
    'media-root-equals-static-root': await rootsEqual(ctx),
  };
  const out = {} as RuntimeChain;
  let open = true; // every earlier step is known not to hold
  for (const step of ORDER) {
    const h = holds[step];
    out[step] = { holds: h, djangoRaises: open && h === true };
    if (h !== false) open = false;
  }
  // Step 4 "holds" for us when both name the same folder; Django raises only on Python equality.
  return out;
}

async function rootsEqual(ctx: CheckContext): Promise<boolean | undefined> {
  const m = ctx.raw('MEDIA_ROOT');
  const s = ctx.raw('STATIC_ROOT');
  if (!m || !s || !m.known || !s.known) return undefined;
  if (!pyTruthy(m.value) || !pyTruthy(s.value)) return false;
  if (typeof m.value !== 'string' || typeof s.value !== 'string') return undefined;
  return ctx.settings.MEDIA_ROOT.known && ctx.settings.STATIC_ROOT.known
    ? normalize(ctx.settings.MEDIA_ROOT.value) === normalize(ctx.settings.STATIC_ROOT.value ?? '')
    : undefined;
}

/** Whether Django's own `==` would call MEDIA_ROOT and STATIC_ROOT equal (undefined: cannot tell). */
export async function djangoSeesRootsEqual(ctx: CheckContext): Promise<boolean | undefined> {
  const m = ctx.raw('MEDIA_ROOT');
  const s = ctx.raw('STATIC_ROOT');
  if (!m || !s || !m.known || !s.known || typeof m.value !== 'string' || typeof s.value !== 'string') return undefined;
  return pythonEquals(m.value, await ctx.kindOf('MEDIA_ROOT'), s.value, await ctx.kindOf('STATIC_ROOT'));
}
