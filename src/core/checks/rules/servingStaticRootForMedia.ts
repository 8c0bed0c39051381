import type { Rule } from '../rule';
import { offsetsOf } from '../pySource';
import { localMediaPath, samePrefix } from '../serving';
import { editAt } from '../textEdits';
import type { QuickFix, RuleFinding } from '../types';

/** MEDIA_URL served from document_root=settings.STATIC_ROOT: uploads are looked up among collected static files. */
export const servingStaticRootForMedia: Rule = {
  code: 'media-serving.wrong-document-root',
  defaultSeverity: 'error',
  djangoCheck: null,
  inputs: [],
  description: 'MEDIA_URL is served with document_root=settings.STATIC_ROOT instead of MEDIA_ROOT.',
  fix: 'Replace STATIC_ROOT by MEDIA_ROOT in the call.',
  async run(ctx) {
    const path = localMediaPath(ctx);
    if (!path) return [];
    const out: RuleFinding[] = [];
    for (const s of ctx.model.mediaServing) {
      if (s.documentRoot !== 'STATIC_ROOT' || s.prefix === null || !samePrefix(s.prefix, path)) continue;
      const fixes: QuickFix[] = [];
      const src = await ctx.python(s.range.file);
      if (src) {
        const { from, to } = offsetsOf(src, s.range);
        const text = src.text.slice(from, to);
        const hits = [...text.matchAll(/\bSTATIC_ROOT\b/g)];
        if (hits.length === 1 && !/\bMEDIA_ROOT\b/.test(text)) {
          const at = from + hits[0]!.index!;
          fixes.push({ title: 'Serve MEDIA_ROOT instead of STATIC_ROOT', edits: [editAt(src.file, src.text, at, at + 'STATIC_ROOT'.length, 'MEDIA_ROOT', src.starts)], isPreferred: true });
        }
      }
      out.push({
        range: s.range,
        message: `This serves MEDIA_URL (${path}) from STATIC_ROOT: uploaded files are looked for among the collected static files and 404. Use document_root=settings.MEDIA_ROOT.`,
        fixes,
      });
    }
    return out;
  },
};
