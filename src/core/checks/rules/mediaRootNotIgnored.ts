import ignore from 'ignore';
import { join, relative } from 'pathe';
import { isInside, type CheckContext } from '../context';
import { modelFileFields } from '../modelFields';
import type { Rule } from '../rule';
import { appendEdit } from '../textEdits';
import type { QuickFix } from '../types';

interface IgnoreSource {
  /** Folder the patterns are relative to. */
  dir: string;
  matcher: ReturnType<typeof ignore>;
}

// A name an upload could have: `media/*` ignores the files but not the folder itself.
const PROBE_FILE = 'example-upload.jpg';

/** upload_to with its strftime fields filled in, as Django would on some day. */
function expandUploadTo(uploadTo: string): string {
  return uploadTo.replace(/%([a-zA-Z%])/g, (_, c: string) => ({ Y: '2025', y: '25', m: '01', d: '01', H: '00', M: '00', S: '00', '%': '%' })[c] ?? 'x');
}

/** Where uploads land: one probe file per upload_to folder of the installed models (MEDIA_ROOT itself when unknown). */
async function uploadProbes(ctx: CheckContext, mediaRoot: string): Promise<Array<{ path: string; folder: string }>> {
  const out = new Map<string, string>();
  for (const f of await modelFileFields(ctx)) {
    if (!f.appModule || ctx.appOfModuleInstalled(f.appModule) !== true) continue;
    const v = f.uploadTo ? f.uploadTo.value : '';
    const folder = v === undefined || v.startsWith('/') || v.includes('..') ? '' : expandUploadTo(v).replace(/^\/+|\/+$/g, '');
    out.set(folder, join(mediaRoot, folder, PROBE_FILE));
  }
  if (out.size === 0) out.set('', join(mediaRoot, PROBE_FILE));
  return [...out].map(([folder, path]) => ({ folder, path }));
}

/**
 * Git's answer to "is this path ignored", for the .gitignore files on the way from the work tree
 * root to the path (deeper files win, the last matching line of a file wins, a path inside an
 * ignored folder is ignored whatever later lines say) plus .git/info/exclude.
 */
export async function gitIgnores(ctx: CheckContext, gitRoot: string, path: string, isDir: boolean): Promise<boolean> {
  const rel = relative(gitRoot, path);
  if (!rel || rel.startsWith('..')) return false;
  const segments = rel.split('/');
  const sources: IgnoreSource[] = [];
  const exclude = await ctx.text(join(gitRoot, '.git', 'info', 'exclude'));
  const excludeSource = exclude !== undefined ? { dir: gitRoot, matcher: ignore().add(exclude) } : undefined;
  // .gitignore files of every folder from the root down to the path's own folder.
  for (let i = 0; i < segments.length; i++) {
    const dir = i === 0 ? gitRoot : join(gitRoot, ...segments.slice(0, i));
    const text = await ctx.text(join(dir, '.gitignore'));
    if (text !== undefined) sources.push({ dir, matcher: ignore().add(text) });
  }
  const selfIgnored = (p: string, dir: boolean): boolean => {
    for (let i = sources.length - 1; i >= 0; i--) {
      const s = sources[i]!;
      if (!isInside(p, s.dir) || p === s.dir) continue;
      const r = s.matcher.test(relative(s.dir, p) + (dir ? '/' : ''));
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    if (excludeSource) return excludeSource.matcher.ignores(relative(gitRoot, p) + (dir ? '/' : ''));
    return false;
  };
  for (let i = 1; i < segments.length; i++) {
    if (selfIgnored(join(gitRoot, ...segments.slice(0, i)), true)) return true;
  }
  return selfIgnored(path, isDir);
}

const UNTRACK_NOTE = ' (files already committed stay tracked)';

async function holdsEntries(ctx: CheckContext, folder: string): Promise<boolean> {
  const st = await ctx.fs.stat(folder);
  if (st?.type !== 'directory') return false;
  try {
    return (await ctx.fs.readDirectory(folder)).length > 0;
  } catch {
    return false;
  }
}

/** A path as one POSIX shell word. */
function shellArgument(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** MEDIA_ROOT lies inside the git work tree and git does not ignore it: user uploads would be committed. */
export const mediaRootNotIgnored: Rule = {
  code: 'media-root.not-ignored',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['python', 'gitignore', 'media', 'folders'],
  description: 'MEDIA_ROOT is inside the git work tree and not ignored: user uploads would end up in version control.',
  fix: 'Add the folder to the .gitignore at the root of the work tree. That does not untrack files already committed: the message gives the `git rm -r --cached` step to run by hand.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const m = ctx.settings.MEDIA_ROOT;
    if (!m.known || !m.value) return [];
    const gitRoot = await ctx.gitRoot();
    if (!gitRoot || !isInside(m.value, gitRoot) || m.value === gitRoot) return [];
    const range = ctx.rangeFor(m);
    if (!range) return [];
    if (await gitIgnores(ctx, gitRoot, m.value, true)) return [];
    const exposed: string[] = [];
    for (const probe of await uploadProbes(ctx, m.value)) {
      if (!(await gitIgnores(ctx, gitRoot, probe.path, false))) exposed.push(probe.folder);
    }
    if (exposed.length === 0) return [];
    const rel = relative(gitRoot, m.value);
    const where = exposed.some((f) => f === '') ? '' : ` (uploads to ${exposed.map((f) => f + '/').join(', ')})`;
    const line = `/${rel}/`;
    const gitignore = join(gitRoot, '.gitignore');
    const text = await ctx.text(gitignore);
    const fixes: QuickFix[] = [];
    if (text !== undefined) {
      fixes.push({ title: `Add ${line} to .gitignore${UNTRACK_NOTE}`, edits: [appendEdit(gitignore, text, `# User uploads (MEDIA_ROOT)\n${line}`)], isPreferred: true });
    } else if (!(await ctx.fs.stat(gitignore))) {
      fixes.push({ title: `Create .gitignore with ${line}${UNTRACK_NOTE}`, edits: [], createFiles: [{ path: gitignore, content: `# User uploads (MEDIA_ROOT)\n${line}\n` }], isPreferred: true });
    }
    // Whether files are tracked needs git's index, which is never read: say it conditionally, and
    // only when the folder holds something that could have been committed.
    const untrack = (await holdsEntries(ctx, m.value))
      ? ` .gitignore does not untrack files already committed: if files under ${rel}/ are in git, also run \`git rm -r --cached ${shellArgument(rel)}\` (it keeps them on disk).`
      : '';
    return [
      {
        range,
        message: `MEDIA_ROOT (${rel}/) is inside the git work tree and not ignored${where}: user uploads would be committed. Add "${line}" to .gitignore.${untrack}`,
        fixes,
      },
    ];
  },
};
