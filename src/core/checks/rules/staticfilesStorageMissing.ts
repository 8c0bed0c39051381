import type { Rule } from '../rule';
import { appendElementEdit, preferredQuote } from '../settingsValues';
import type { QuickFix } from '../types';

const STATICFILES_BACKEND = 'django.contrib.staticfiles.storage.StaticFilesStorage';

/** staticfiles.E005 (Django ≥ 5.0): a STORAGES setting without a "staticfiles" entry. */
export const staticfilesStorageMissing: Rule = {
  code: 'staticfiles.storage-missing',
  defaultSeverity: 'error',
  djangoCheck: 'staticfiles.E005',
  inputs: [],
  versions: '≥ 5.0',
  description: 'STORAGES has no "staticfiles" entry (Django: "The STORAGES setting must define a \'staticfiles\' storage.").',
  fix: 'Add the default "staticfiles" entry to the STORAGES literal.',
  async run(ctx) {
    if (!ctx.since('5.0') || ctx.staticfilesInstalled !== true) return [];
    const storages = ctx.raw('STORAGES');
    // Defining STORAGES replaces Django's default dict entirely; only an overridden one can miss the key.
    if (!storages || !storages.known || !storages.origin) return [];
    const v = storages.value;
    if (!v || typeof v !== 'object' || Array.isArray(v) || 'staticfiles' in v) return [];
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(storages.origin);
    if (at && at.node.name === 'DictionaryExpression') {
      const q = preferredQuote(at.src);
      const edit = appendElementEdit(at.src, at.node, `${q}staticfiles${q}: {${q}BACKEND${q}: ${q}${STATICFILES_BACKEND}${q}}`);
      if (edit) fixes.push({ title: 'Add the "staticfiles" storage to STORAGES', edits: [edit], isPreferred: true });
    }
    return [
      {
        range: storages.origin,
        message:
          "The STORAGES setting must define a 'staticfiles' storage. A STORAGES setting replaces Django's default " +
          `entirely; add "staticfiles": {"BACKEND": "${STATICFILES_BACKEND}"} (or your own backend).`,
        fixes,
      },
    ];
  },
};
