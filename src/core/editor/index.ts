/**
 * Editor features' pure logic: which media reference or setting is under a position, what a hover
 * over it shows, and what to complete after a media prefix. The VS Code adapters in
 * src/extension/editor only convert positions and render what this computes.
 */
export { editorMediaContext, referenceContextFor, remoteStorageUrl, type EditorMediaContext, type MediaRootState, type RemoteUrl } from './mediaContext';
export { scanDocument, prefixVariablesIn, pathSpan, referenceAt, DocumentReferencesCache, type DocumentReferences } from './documentReferences';
export { settingAt, type EditorSettingName, type SettingMention, type SettingMentionForm } from './settingAt';
export {
  describeMediaReference,
  renderMediaHover,
  renderSettingHover,
  ImageInfoCache,
  fitImage,
  formatBytes,
  describeKind,
  formatSettingValue,
  DEFAULT_PREVIEW_OPTIONS,
  type MediaHover,
  type HoverAction,
  type HoverRenderer,
  type PreviewOptions,
} from './hover';
export { escapeMarkdown, escapeMarkdownLinks, inlineCode, isRemoteImageSource, markdownImage, markdownLink, modifiedAt } from './markdown';
export {
  mediaCompletionContext,
  completionCandidates,
  toFolderListing,
  FolderListingCache,
  MAX_LISTED_ENTRIES,
  type MediaCompletionContext,
  type FolderListing,
  type CompletionCandidate,
} from './completion';
export { referenceLanguageOf } from './languages';
export { findReferencesToFile, sameMediaFile } from './references';
export { placeLinks, type PlacedLink, type LinkPlacement } from './renderedLinks';
export {
  gutterCandidates,
  gutterThumbnailFile,
  gutterThumbnailsApply,
  GUTTER_THUMBNAILS_MODES,
  MAX_GUTTER_THUMBNAILS,
  type GutterThumbnailsMode,
  type LineSpan,
} from './gutterThumbnails';
export { builtinHtmlPathFolder } from './builtinPathCompletion';
export { missingTargets, MAX_FOLDERS_LISTED } from './missingTargets';
export { splitFilesRead, type FilesReadByExistence } from './filesRead';
