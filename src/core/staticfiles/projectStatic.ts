import type { FileSystem } from '../fileSystem';
import { scanProjectTexts, type CollectLimits } from '../media/collectMediaReferences';
import type { ProjectModel } from '../model';
import { templateDirsOf } from '../settings/templateDirs';
import { findStaticReferences, type StaticReference } from './references';

/** The scanner context of a model: effective STATIC_URL and MEDIA_URL when known. */
export function staticReferenceContext(model: ProjectModel, file: string): { file: string; staticUrl: string | null; mediaUrl: string | null } {
  const s = model.settings;
  return {
    file,
    staticUrl: s.STATIC_URL.known && s.STATIC_URL.value ? s.STATIC_URL.value : null,
    mediaUrl: s.MEDIA_URL.known ? s.MEDIA_URL.value : null,
  };
}

/**
 * Every static reference in the project's text files: the same bounded walk as the media
 * references (templates, Python, CSS, JS, Markdown; MEDIA_ROOT and STATIC_ROOT skipped).
 */
export async function collectStaticReferences(
  fs: FileSystem,
  model: ProjectModel,
  options: { token?: { readonly aborted: boolean }; limits?: Partial<CollectLimits> } = {},
): Promise<StaticReference[]> {
  const s = model.settings;
  const mediaRoot = s.MEDIA_ROOT.known && s.MEDIA_ROOT.value ? s.MEDIA_ROOT.value : null;
  const staticRoot = s.STATIC_ROOT.known ? s.STATIC_ROOT.value : null;
  return scanProjectTexts(
    fs,
    model.project.root,
    { mediaRoot, staticRoot, templateDirs: templateDirsOf(model), ...(options.limits ? { limits: options.limits } : {}) },
    (text, language, file) => findStaticReferences(text, language, staticReferenceContext(model, file)),
    options.token,
  );
}
