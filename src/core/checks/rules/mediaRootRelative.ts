import { callArguments, calleeName, stringLiteral } from '../pySource';
import type { Rule } from '../rule';
import { findRootVariable, osImportEdit, preferredQuote } from '../settingsValues';
import { editAt } from '../textEdits';
import type { QuickFix } from '../types';

/** True for a path Python's os.path.abspath would resolve against the working directory. */
export function isRelativePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.startsWith('\\') && !/^[A-Za-z]:[\\/]/.test(p);
}

/**
 * MEDIA_ROOT is a relative path: FileSystemStorage resolves it with os.path.abspath, i.e. against
 * the process's working directory — the folder of manage.py under runserver, but wherever
 * gunicorn, celery or cron start elsewhere.
 */
export const mediaRootRelative: Rule = {
  code: 'media-root.relative',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: [],
  description: 'MEDIA_ROOT is a relative path, resolved against whatever folder the process runs in.',
  fix: 'Anchor it on the project root variable in the file\'s own style: BASE_DIR / "media" or os.path.join(BASE_DIR, "media").',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const raw = ctx.raw('MEDIA_ROOT');
    const eff = ctx.settings.MEDIA_ROOT;
    if (!raw || !raw.known || typeof raw.value !== 'string' || !raw.origin || !eff.known) return [];
    if (!isRelativePath(raw.value)) return [];
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(raw.origin);
    if (at) {
      const { src, node } = at;
      let lit = stringLiteral(src, node);
      if (!lit && node.name === 'CallExpression' && /^(pathlib\.)?Path$/.test(calleeName(src, node) ?? '')) {
        const args = callArguments(src, node);
        if (args.length === 1 && !args[0]!.name && !args[0]!.star) lit = stringLiteral(src, args[0]!.value);
      }
      const rel = lit?.value?.replace(/^\.\//, '');
      const root = rel !== undefined ? await findRootVariable(ctx, src) : undefined;
      if (root && rel !== undefined && rel !== '' && !rel.startsWith('../') && !lit!.formatted) {
        const q = lit!.quote.length === 1 ? lit!.quote : preferredQuote(src);
        const edits = [editAt(src.file, src.text, node.from, node.to, root.join(rel.replace(/\/+$/, ''), q), src.starts)];
        if (root.needsOsImport) edits.push(osImportEdit(src));
        fixes.push({ title: `Anchor MEDIA_ROOT on ${root.name}`, edits, isPreferred: true });
      }
    }
    return [
      {
        range: raw.origin,
        message:
          `MEDIA_ROOT "${raw.value}" is relative: Django resolves it against the working directory of the process ` +
          `(${eff.value} when started from the folder of manage.py; elsewhere for gunicorn, celery or cron). Anchor it on the project root.`,
        fixes,
      },
    ];
  },
};
