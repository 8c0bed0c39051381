import { modelFileFields } from '../modelFields';
import { nodeRange, stringLiteral } from '../pySource';
import type { Rule } from '../rule';
import { editAt } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

/** fields.E202: a FileField/ImageField upload_to string starting with "/" (models of installed apps). */
export const uploadToAbsolute: Rule = {
  code: 'models.upload-to-absolute',
  defaultSeverity: 'error',
  djangoCheck: 'fields.E202',
  inputs: ['python'],
  description: "A model FileField/ImageField has an upload_to starting with \"/\" (Django: \"FileField's 'upload_to' argument must be a relative path, not an absolute path.\").",
  fix: 'Drop the leading slash.',
  async run(ctx) {
    const out: RuleFinding[] = [];
    for (const f of await modelFileFields(ctx)) {
      if (!f.uploadTo || f.uploadTo.startsWithSlash !== true || !f.appModule) continue;
      // Django checks the models of installed apps only.
      if (ctx.appOfModuleInstalled(f.appModule) !== true) continue;
      const { src, node } = f.uploadTo;
      const lit = stringLiteral(src, node.name === 'ContinuedString' ? node.firstChild : node);
      const fixes: QuickFix[] = [];
      if (lit) {
        const content = src.text.slice(lit.contentFrom, lit.contentTo);
        const slashes = /^\/+/.exec(content)![0].length;
        fixes.push({
          title: 'Remove the leading slash from upload_to',
          edits: [editAt(src.file, src.text, lit.contentFrom, lit.contentFrom + slashes, '', src.starts)],
          isPreferred: true,
        });
      }
      out.push({
        range: nodeRange(src, node),
        message:
          `${f.fieldClass}'s 'upload_to' argument must be a relative path, not an absolute path. Remove the leading slash. ` +
          `(${f.modelName}.${f.fieldName}: upload_to is joined under MEDIA_ROOT.)`,
        fixes,
      });
    }
    return out;
  },
};
