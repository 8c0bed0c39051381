import type { FileSystem } from '../fileSystem';
import { templateDirsOf } from '../settings/templateDirs';
import { collectMediaReferences, type CollectLimits } from '../media/collectMediaReferences';
import type { MediaReference } from '../model';
import type { EditorMediaContext } from './mediaContext';

/** True when two references name the same file: the same target, or the same storage name when neither maps to a local path. */
export function sameMediaFile(a: Pick<MediaReference, 'target' | 'storageName'>, b: Pick<MediaReference, 'target' | 'storageName'>): boolean {
  if (a.target !== null && b.target !== null) return a.target === b.target;
  return a.target === null && b.target === null && a.storageName !== null && a.storageName === b.storageName;
}

/**
 * Every reference in the project's text files (the bounded walk of collectMediaReferences, with the
 * same folders and settings as `django-media inspect`) naming the same file as `ref`. `override`
 * replaces what the walk read for some files (documents open with unsaved changes): their
 * references come from it instead. Ordered by file, then position.
 */
export async function findReferencesToFile(
  fs: FileSystem,
  ctx: EditorMediaContext,
  ref: Pick<MediaReference, 'target' | 'storageName'>,
  options: {
    override?: ReadonlyMap<string, readonly MediaReference[]>;
    token?: { readonly aborted: boolean };
    limits?: Partial<CollectLimits>;
  } = {},
): Promise<MediaReference[]> {
  if (ctx.mediaUrl === null || (ref.target === null && ref.storageName === null)) return [];
  const model = ctx.model;
  const s = model.settings;
  const staticRoot = s.STATIC_ROOT.known ? s.STATIC_ROOT.value : null;
  const found = await collectMediaReferences(fs, model.project.root, {
    mediaUrl: ctx.mediaUrl,
    mediaRoot: ctx.root.kind === 'local' ? ctx.root.mediaRoot : null,
    staticUrl: ctx.staticUrl,
    ...(staticRoot ? { staticRoot } : {}),
    templateDirs: templateDirsOf(model),
    ...(options.limits ? { limits: options.limits } : {}),
  }, options.token);
  const override = options.override ?? new Map<string, readonly MediaReference[]>();
  const out = found.filter((r) => !override.has(r.range.file) && sameMediaFile(r, ref));
  for (const refs of override.values()) for (const r of refs) if (sameMediaFile(r, ref)) out.push(r);
  return out.sort((a, b) =>
    a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column,
  );
}
