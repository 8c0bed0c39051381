/**
 * Media: URL <-> storage name <-> file mapping, reference extraction from templates and sources,
 * media kinds and image metadata. Everything here is pure and goes through the FileSystem port.
 */
export {
  storageNameToUrl,
  urlToStorageName,
  storageNameToPath,
  parseMediaUrl,
  effectiveMediaUrl,
  filepathToUri,
  normalizeStorageName,
  splitUrl,
  type MediaUrlPrefix,
  type UrlParts,
} from './urlMapping';
export { findMediaReferences, languageOfFile, MAX_REFERENCES, type ReferenceContext, type ReferenceLanguage } from './findMediaReferences';
export { mediaKindOf, type MediaKind } from './mediaKind';
export { readImageInfo, type ImageInfo } from './readImageInfo';
export {
  imagePreviewVerdict,
  describeSkippedPreview,
  MAX_PREVIEW_PIXELS,
  MAX_PREVIEW_SIDE,
  UNKNOWN_DIMENSIONS_MAX_BYTES,
  type ImagePreviewVerdict,
} from './imagePreview';
export {
  collectMediaReferences,
  DEFAULT_COLLECT_LIMITS,
  type CollectContext,
  type CollectLimits,
} from './collectMediaReferences';
