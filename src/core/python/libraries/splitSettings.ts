/**
 * django-split-settings: include() runs the matched files in the including module's namespace,
 * optional() tolerates missing ones.
 */
import { builtin } from '../builtins/args';
import { refusedReason } from '../confinement';
import { ppDirname, ppJoin } from '../posixPath';
import { mod } from '../stdlib/shared';
import { NONE, unknown, type ObjectType, type PyModule, type Runtime } from '../values';
import { callerDir } from './shared';

const OPTIONAL_TYPE: ObjectType = { name: 'split_settings.optional', str: (self) => self.data as string };

/** split_settings.tools: include() and optional(). */
export function splitSettingsModule(rt: Runtime): PyModule {
  return mod('split_settings.tools', {
    optional: builtin('optional', (ctx, args) => {
      const v = args[0];
      if (!v || v.kind !== 'str') return unknown('optional() of an unknown file name', ctx.range);
      return { kind: 'object', type: OPTIONAL_TYPE, data: v.value };
    }),
    include: builtin('include', async (ctx, args, kwargs) => {
      const scope = kwargs?.get('scope');
      if (scope && !(scope.kind === 'object' && scope.type.name === 'namespace')) {
        rt.opaqueWrite(ctx.frame, ctx.range, 'include(…, scope=…) into a namespace that is not known');
        return NONE;
      }
      const base = callerDir(ctx);
      for (const a of args) {
        const optional = a.kind === 'object' && a.type === OPTIONAL_TYPE;
        const pattern = optional ? (a.data as string) : a.kind === 'str' ? a.value : null;
        if (pattern === null) {
          rt.opaqueWrite(ctx.frame, ctx.range, 'include() of a file that is not known');
          continue;
        }
        const full = ppJoin(base, pattern);
        const why = await rt.refusal(/[*?[]/.test(full) ? ppDirname(full) : full);
        if (why) {
          rt.opaqueWrite(ctx.frame, ctx.range, `include(${JSON.stringify(pattern)}) of ${refusedReason(full, why)}`);
          continue;
        }
        const files = await globFiles(rt, full);
        if (files === null) {
          rt.opaqueWrite(ctx.frame, ctx.range, `include(${JSON.stringify(pattern)}) with a pattern that is not evaluated`);
          continue;
        }
        if (!files.length && !optional) return rt.raise('OSError', `No such file: ${full}`);
        for (const f of files) await rt.includeFile(f, ctx.frame);
      }
      return NONE;
    }),
  });
}

/** Files matching a split-settings pattern (only "*" in the last component is supported). */
async function globFiles(rt: Runtime, pattern: string): Promise<string[] | null> {
  if (!/[*?[]/.test(pattern)) return (await rt.exists(pattern, 'file')) ? [pattern] : [];
  const dir = ppDirname(pattern);
  const namePattern = pattern.slice(dir.length + 1);
  if (/[*?[]/.test(dir) || /[?[]/.test(namePattern)) return null;
  let entries;
  try {
    entries = await rt.host.fs.readDirectory(dir);
  } catch {
    return [];
  }
  rt.filesRead.add(dir);
  const re = new RegExp('^' + namePattern.split('*').map((s) => s.replace(/[.+^${}()|\\]/g, '\\$&')).join('[^/]*') + '$');
  return entries
    .filter((e) => e.type === 'file' && re.test(e.name) && !(namePattern.startsWith('*') && e.name.startsWith('.')))
    .map((e) => ppJoin(dir, e.name))
    .sort();
}
