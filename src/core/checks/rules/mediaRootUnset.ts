import { modelFileFields } from '../modelFields';
import type { Rule } from '../rule';
import { endOfStatementAt, findRootVariable, osImportEdit, preferredQuote } from '../settingsValues';
import { appendEdit, editAt, eolOf } from '../textEdits';
import type { QuickFix, TextEdit } from '../types';

/**
 * MEDIA_ROOT is unset (or "") while installed models have FileField/ImageField: uploads land in
 * the process's working directory, next to manage.py and the source code.
 */
export const mediaRootUnset: Rule = {
  code: 'media-root.unset',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['python'],
  description: 'MEDIA_ROOT is not set while models have FileField/ImageField: uploads are written into the working directory.',
  fix: 'Set MEDIA_ROOT under the project root variable (BASE_DIR / "media").',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const raw = ctx.raw('MEDIA_ROOT');
    if (!raw || !raw.known || raw.value !== '') return [];
    const fields = (await modelFileFields(ctx)).filter((f) => f.appModule && ctx.appOfModuleInstalled(f.appModule) === true);
    if (fields.length === 0) return [];
    const range = ctx.rangeFor(raw);
    if (!range) return [];
    const first = fields[0]!;
    const fixes: QuickFix[] = [];
    // The fix goes where MEDIA_ROOT is assigned, else beside MEDIA_URL, else at the end of the settings module.
    const target = raw.origin?.file ?? ctx.settings.MEDIA_URL.origin?.file ?? ctx.model.settingsFile;
    const src = target ? await ctx.python(target) : undefined;
    const root = src ? await findRootVariable(ctx, src, null) : undefined;
    if (src && root) {
      const q = preferredQuote(src);
      const value = root.join('media', q);
      const edits: TextEdit[] = [];
      const at = await ctx.originNode(raw.origin);
      const o = ctx.settings.MEDIA_URL.origin;
      const mediaUrlEnd = o?.file === src.file ? endOfStatementAt(src, src.starts[o.line - 1]! + o.column - 1) : undefined;
      if (at) {
        edits.push(editAt(src.file, src.text, at.node.from, at.node.to, value, src.starts));
      } else if (mediaUrlEnd !== undefined) {
        edits.push(editAt(src.file, src.text, mediaUrlEnd, mediaUrlEnd, `${eolOf(src.text)}MEDIA_ROOT = ${value}`, src.starts));
      } else {
        edits.push(appendEdit(src.file, src.text, `MEDIA_ROOT = ${value}`));
      }
      if (root.needsOsImport) edits.push(osImportEdit(src));
      fixes.push({ title: `Set MEDIA_ROOT = ${value}`, edits, isPreferred: true });
    }
    const names = fields.slice(0, 3).map((f) => `${f.modelName}.${f.fieldName}`).join(', ');
    return [
      {
        range,
        message:
          `MEDIA_ROOT is not set, but ${names}${fields.length > 3 ? ` and ${fields.length - 3} more` : ''} store uploads: ` +
          'they are written into the working directory of the process (next to manage.py and your code). Set MEDIA_ROOT to a folder for uploads.',
        fixes,
        related: [{ range: first.range, message: `${first.modelName}.${first.fieldName} is a ${first.fieldClass}` }],
      },
    ];
  },
};
