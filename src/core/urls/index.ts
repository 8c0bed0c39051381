/** What serves MEDIA_URL in development, from ROOT_URLCONF (see findMediaServing). */
export { findMediaServing, mayChangeServing, type MediaServingResult, type UrlAnalysisInput } from './findMediaServing';
export { settingsMap } from './djangoUrls';
