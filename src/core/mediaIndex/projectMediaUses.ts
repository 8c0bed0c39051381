import type { FileSystem } from '../fileSystem';
import { collectMediaReferences, type CollectLimits } from '../media';
import type { MediaReference, ProjectModel } from '../model';
import { fixtureDirsOf } from './mediaStorage';
import { templateDirsOf } from '../settings/templateDirs';
import { collectStorageNameMentions, type MentionLimits, type StorageNameMention } from './storageNameMentions';

/** Everything in a project's sources that names media files. */
export interface ProjectMediaUses {
  /** URL forms in templates, Python, CSS, JS and Markdown (collectMediaReferences). */
  references: MediaReference[];
  /** Bare storage names in Python and fixture files. */
  mentions: StorageNameMention[];
}

/**
 * The media references and storage-name mentions of one project, each from one bounded walk of the
 * project folder (MEDIA_ROOT and STATIC_ROOT skipped). Empty references when MEDIA_URL is unknown.
 */
export async function collectProjectMediaUses(
  fs: FileSystem,
  model: Pick<ProjectModel, 'settings' | 'raw' | 'project'>,
  mediaRoot: string | null,
  options: { token?: { readonly aborted: boolean }; referenceLimits?: Partial<CollectLimits>; mentionLimits?: Partial<MentionLimits> } = {},
): Promise<ProjectMediaUses> {
  const s = model.settings;
  const staticRoot = s.STATIC_ROOT.known && s.STATIC_ROOT.value ? s.STATIC_ROOT.value : null;
  const root = model.project.root;
  const [references, mentions] = await Promise.all([
    s.MEDIA_URL.known
      ? collectMediaReferences(
          fs,
          root,
          {
            mediaUrl: s.MEDIA_URL.value,
            mediaRoot,
            staticUrl: s.STATIC_URL.known ? s.STATIC_URL.value : null,
            staticRoot,
            templateDirs: templateDirsOf(model),
            ...(options.referenceLimits ? { limits: options.referenceLimits } : {}),
          },
          options.token,
        )
      : Promise.resolve([]),
    collectStorageNameMentions(
      fs,
      root,
      { mediaRoot, staticRoot, fixtureDirs: fixtureDirsOf(model), ...(options.mentionLimits ? { limits: options.mentionLimits } : {}) },
      options.token,
    ),
  ]);
  return { references, mentions };
}
