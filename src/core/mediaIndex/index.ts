/**
 * The media index: what the Media explorer shows and computes, over the FileSystem port. Folder
 * listings with exclude patterns, natural sorting and paging; bounded walks of MEDIA_ROOT; the
 * unused/missing computation; where a project's media lives; search and snippets.
 */
export { compareNames } from './compareNames';
export { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE, type MediaExclude } from './exclude';
export {
  listMediaFolder,
  statMediaEntries,
  pageOfListing,
  mediaPath,
  parentStorageName,
  type MediaEntry,
  type MediaFolderListing,
  type MediaSortOrder,
  type ListMediaFolderOptions,
} from './listMediaFolder';
export {
  walkMediaFiles,
  type WalkedMediaFile,
  type MediaWalkLimits,
  type MediaWalkSummary,
  type WalkMediaOptions,
} from './walkMediaFiles';
export {
  findStorageNameMentions,
  collectStorageNameMentions,
  asStorageName,
  type StorageNameMention,
  type MentionSyntax,
  type MentionContext,
  type MentionLimits,
} from './storageNameMentions';
export {
  findUnusedMedia,
  usesOfStorageName,
  type MediaUse,
  type UnusedMediaFile,
  type MissingMediaFile,
  type MediaUsageReport,
  type MediaUsageInput,
  type MediaUsageOptions,
} from './findUnusedMedia';
export {
  mediaStorageLocation,
  isFileSystemBackend,
  fixtureDirsOf,
  type MediaStorageLocation,
  type MediaStorageFact,
} from './mediaStorage';
export { templateMediaSnippet, mediaDropText, dropFlavorOf, formatBytes, type TemplatePrefixStyle, type DropFlavor } from './snippets';
export { MediaNameIndex, type MediaNameMatch } from './mediaNameIndex';
export { collectProjectMediaUses, type ProjectMediaUses } from './projectMediaUses';
export { confineToMediaRoot, existenceOf, linksLeadingOut, storageNameProblem, type Existence } from './mediaRootGuard';
