import type { Rule } from '../rule';
import { appendElementEdit, preferredQuote } from '../settingsValues';
import type { QuickFix } from '../types';

const FILE_SYSTEM_STORAGE = 'django.core.files.storage.FileSystemStorage';

/**
 * runtime.storages-missing-default (Django ≥ 4.2): STORAGES without "default". No system check
 * exists; the first upload or default_storage access fails with "Could not find config for
 * 'default' in settings.STORAGES." — defining STORAGES replaces Django's dict, it is not merged.
 */
export const storagesMissingDefault: Rule = {
  code: 'storage.missing-default',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.storages-missing-default',
  inputs: [],
  versions: '≥ 4.2',
  description: 'STORAGES has no "default" entry: the first upload fails with "Could not find config for \'default\' in settings.STORAGES." (no system check catches it).',
  fix: 'Add the default FileSystemStorage entry to the STORAGES literal.',
  async run(ctx) {
    if (!ctx.since('4.2')) return [];
    const storages = ctx.raw('STORAGES');
    if (!storages || !storages.known || !storages.origin) return [];
    const v = storages.value;
    if (!v || typeof v !== 'object' || Array.isArray(v) || 'default' in v) return [];
    // Django 4.2–5.0 fills "default" from DEFAULT_FILE_STORAGE (and then raises "mutually exclusive").
    if (!ctx.since('5.1') && ctx.isOverridden('DEFAULT_FILE_STORAGE') !== false) return [];
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(storages.origin);
    if (at && at.node.name === 'DictionaryExpression') {
      const q = preferredQuote(at.src);
      const edit = appendElementEdit(at.src, at.node, `${q}default${q}: {${q}BACKEND${q}: ${q}${FILE_SYSTEM_STORAGE}${q}}`);
      if (edit) fixes.push({ title: 'Add the "default" storage (FileSystemStorage) to STORAGES', edits: [edit], isPreferred: true });
    }
    return [
      {
        range: storages.origin,
        message:
          "STORAGES has no 'default' storage: the first upload fails with \"Could not find config for 'default' in settings.STORAGES.\" " +
          `Defining STORAGES replaces Django's default dict; add "default": {"BACKEND": "${FILE_SYSTEM_STORAGE}"} (or your media backend).`,
        fixes,
      },
    ];
  },
};
