import type { Rule } from '../rule';
import type { RuleFinding } from '../types';

/**
 * runtime.storages-mutually-exclusive (Django 4.2–5.0): STORAGES together with the legacy
 * DEFAULT_FILE_STORAGE or STATICFILES_STORAGE. Django raises while loading the settings, before
 * any command (or system check) runs.
 */
export const storagesMutuallyExclusive: Rule = {
  code: 'storage.mutually-exclusive',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.storages-mutually-exclusive',
  inputs: [],
  versions: '4.2 – 5.0',
  description: 'STORAGES is set together with DEFAULT_FILE_STORAGE or STATICFILES_STORAGE (Django 4.2–5.0 raise "DEFAULT_FILE_STORAGE/STORAGES are mutually exclusive.").',
  async run(ctx) {
    if (!ctx.since('4.2') || ctx.since('5.1')) return [];
    if (ctx.isOverridden('STORAGES') !== true) return [];
    const out: RuleFinding[] = [];
    for (const legacy of ['DEFAULT_FILE_STORAGE', 'STATICFILES_STORAGE']) {
      if (ctx.isOverridden(legacy) !== true) continue;
      const v = ctx.raw(legacy)!;
      out.push({
        range: v.origin!,
        message:
          `${legacy}/STORAGES are mutually exclusive. Django fails while loading the settings; move the backend into ` +
          `STORAGES["${legacy === 'DEFAULT_FILE_STORAGE' ? 'default' : 'staticfiles'}"] and delete ${legacy}.`,
        related: [{ range: ctx.raw('STORAGES')!.origin!, message: 'STORAGES is set here' }],
      });
      // Django checks DEFAULT_FILE_STORAGE first and stops there.
      break;
    }
    return out;
  },
};
