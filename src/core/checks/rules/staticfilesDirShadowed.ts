import { ConfinedFileSystem } from '../../confinedFileSystem';
import { StaticFileLookup } from '../../staticfiles/finders';
import type { Rule } from '../rule';
import { finderChecksRun, staticfilesDirsEntries } from '../staticfilesDirs';
import type { RuleFinding } from '../types';

/** More files than this in one folder: the rule gives no answer rather than walking on. */
const MAX_FILES = 5000;

/** The names a STATICFILES_DIRS folder serves (its prefix applied); undefined when the walk is cut short, unreadable or meets a link. */
async function servedNames(fs: ConfinedFileSystem, folder: string, prefix: string | null): Promise<string[] | undefined> {
  const names: string[] = [];
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = await fs.readDirectory(rel ? `${folder}/${rel}` : folder);
    } catch {
      return undefined;
    }
    for (const e of entries) {
      if (e.symlink || e.type === 'other') return undefined;
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.type === 'directory') stack.push(name);
      else names.push(prefix !== null ? `${prefix}/${name}` : name);
      if (names.length + stack.length > MAX_FILES) return undefined;
    }
  }
  return names;
}

/** A STATICFILES_DIRS entry every file of which an earlier entry already provides. */
export const staticfilesDirShadowed: Rule = {
  code: 'staticfiles.dir-shadowed',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['folders'],
  description: 'Every file of a STATICFILES_DIRS folder is also found in an earlier entry, so the finders never return a file from it (the first match wins).',
  async run(ctx) {
    if ((await finderChecksRun(ctx)) !== true) return [];
    const entries = await staticfilesDirsEntries(ctx);
    if (!entries || entries.length < 2) return [];
    const out: RuleFinding[] = [];
    for (let i = 1; i < entries.length; i++) {
      const e = entries[i]!;
      if (!e.path.startsWith('/') || (await ctx.fs.stat(e.path))?.type !== 'directory') continue;
      const names = await servedNames(new ConfinedFileSystem(ctx.fs, { roots: [e.path] }), e.path, e.prefix);
      if (!names || names.length === 0) continue;
      const earlier = entries.slice(0, i);
      const lookup = new StaticFileLookup(ctx.fs, earlier.map((x) => ({ kind: 'folder', finder: 'FileSystemFinder', folder: x.path, prefix: x.prefix, dirsIndex: x.index })), true);
      const by = new Set<number>();
      let all = true;
      for (const name of names) {
        if (ctx.token?.aborted) return out;
        const found = await lookup.find(name);
        if (found.kind !== 'found' || found.match.type !== 'file') {
          all = false;
          break;
        }
        by.add(found.match.source.dirsIndex!);
      }
      if (!all) continue;
      const shadowing = [...by].sort((a, b) => a - b).map((k) => entries[k]!);
      out.push({
        range: e.range,
        message: `Every file in '${e.rawPath}' (${names.length}) is also in ${shadowing.map((x) => `'${x.rawPath}'`).join(' and ')}, earlier in STATICFILES_DIRS: the finders return the first match, so no file of this folder is ever used.`,
        related: shadowing.map((x) => ({ range: x.range, message: `'${x.rawPath}' provides the same names first` })),
      });
    }
    return out;
  },
};
