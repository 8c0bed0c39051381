import type { Rule } from '../rule';
import type { RuleFinding } from '../types';

/**
 * Django ≥ 5.1 removed DEFAULT_FILE_STORAGE and STATICFILES_STORAGE and silently ignores them:
 * the backend named there is not used.
 */
export const storagesLegacySettingIgnored: Rule = {
  code: 'storage.legacy-setting-ignored',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  versions: '≥ 5.1',
  description: 'DEFAULT_FILE_STORAGE or STATICFILES_STORAGE is set, but Django ≥ 5.1 ignores them (removed in favour of STORAGES).',
  async run(ctx) {
    if (!ctx.since('5.1')) return [];
    const out: RuleFinding[] = [];
    const storagesSet = ctx.isOverridden('STORAGES') === true;
    for (const legacy of ['DEFAULT_FILE_STORAGE', 'STATICFILES_STORAGE']) {
      if (ctx.isOverridden(legacy) !== true) continue;
      const v = ctx.raw(legacy)!;
      const alias = legacy === 'DEFAULT_FILE_STORAGE' ? 'default' : 'staticfiles';
      const backend = v.known && typeof v.value === 'string' ? ` (${v.value})` : '';
      out.push({
        range: v.origin!,
        message:
          `${legacy} is ignored since Django 5.1: the backend it names${backend} is not used` +
          `${storagesSet ? '' : `, Django uses its default ${alias} storage`}. Move it to STORAGES["${alias}"]["BACKEND"].`,
      });
    }
    return out;
  },
};
