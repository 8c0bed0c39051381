import type { ReferenceContext } from '../media/findMediaReferences';
import { filepathToUri, storageNameToUrl } from '../media/urlMapping';
import type { ProjectModel, PyJson, SettingValue } from '../model';
import { isRemoteStorage } from '../settings/effectiveSettings';

/** Where a project's uploads live as far as the editor features care, with the reason when unknown. */
export type MediaRootState =
  | { kind: 'local'; mediaRoot: string }
  /** MEDIA_ROOT is "" (Django's default): uploads would land in the working directory. */
  | { kind: 'unset' }
  | { kind: 'unknown'; reason: string }
  /** The default storage keeps files off the local disk (S3, GCS, Azure…). */
  | { kind: 'remote'; backend: string };

/** What every editor feature needs from one ProjectModel, computed once per model. */
export interface EditorMediaContext {
  readonly model: ProjectModel;
  /** Effective MEDIA_URL; null when unknown (then no reference can be recognised). */
  readonly mediaUrl: string | null;
  /** Why MEDIA_URL is unknown, when it is. */
  readonly mediaUrlReason: string | null;
  readonly staticUrl: string | null;
  readonly root: MediaRootState;
  /** Identifies the values the reference finder depends on (a cache key). */
  readonly key: string;
}

/** The editor's view of a model's media settings. */
export function editorMediaContext(model: ProjectModel): EditorMediaContext {
  const s = model.settings;
  const mediaUrl = s.MEDIA_URL.known ? s.MEDIA_URL.value : null;
  const staticUrl = s.STATIC_URL.known ? s.STATIC_URL.value : null;
  let root: MediaRootState;
  if (s.DEFAULT_STORAGE.known && isRemoteStorage(s.DEFAULT_STORAGE.value)) {
    root = { kind: 'remote', backend: s.DEFAULT_STORAGE.value };
  } else if (!s.DEFAULT_STORAGE.known) {
    // The files may live in a remote storage: a local file of the same name is not the one.
    root = { kind: 'unknown', reason: `the default storage is unknown (${s.DEFAULT_STORAGE.reason}), so uploads may not be under MEDIA_ROOT` };
  } else if (!s.MEDIA_ROOT.known) {
    root = { kind: 'unknown', reason: s.MEDIA_ROOT.reason };
  } else if (s.MEDIA_ROOT.value === '') {
    root = { kind: 'unset' };
  } else {
    root = { kind: 'local', mediaRoot: s.MEDIA_ROOT.value };
  }
  const mediaRoot = root.kind === 'local' ? root.mediaRoot : '';
  return {
    model,
    mediaUrl,
    mediaUrlReason: s.MEDIA_URL.known ? null : s.MEDIA_URL.reason,
    staticUrl,
    root,
    key: JSON.stringify([mediaUrl, mediaRoot, staticUrl]),
  };
}

/** The reference finder's context for one file of the project; undefined when MEDIA_URL is unknown. */
export function referenceContextFor(ctx: EditorMediaContext, file: string): ReferenceContext | undefined {
  if (ctx.mediaUrl === null) return undefined;
  return {
    file,
    mediaUrl: ctx.mediaUrl,
    mediaRoot: ctx.root.kind === 'local' ? ctx.root.mediaRoot : null,
    staticUrl: ctx.staticUrl,
  };
}

/** What a remote storage would serve a name at: a fixed URL, or why there is none. */
export type RemoteUrl =
  | { kind: 'url'; url: string; setting: string }
  | { kind: 'signed'; reason: string }
  | { kind: 'unknown'; reason: string };

function str(v: PyJson | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function known(v: SettingValue<PyJson> | undefined): PyJson | undefined {
  return v && v.known ? v.value : undefined;
}

/** STORAGES["default"]["OPTIONS"] as a dict, when the settings give one. */
function defaultOptions(model: ProjectModel): Record<string, PyJson> {
  const storages = known(model.raw('STORAGES'));
  if (!storages || typeof storages !== 'object' || Array.isArray(storages)) return {};
  const def = storages['default'];
  if (!def || typeof def !== 'object' || Array.isArray(def)) return {};
  const options = def['OPTIONS'];
  return options && typeof options === 'object' && !Array.isArray(options) ? options : {};
}

/** An option of the default storage: the STORAGES OPTIONS key first (Django 4.2+), then the legacy setting. */
function option(model: ProjectModel, key: string, setting: string): { value: PyJson; setting: string } | undefined {
  const options = defaultOptions(model);
  if (key in options) return { value: options[key]!, setting: `STORAGES["default"]["OPTIONS"]["${key}"]` };
  const v = model.raw(setting);
  // raw() falls back to Django's own defaults only; a django-storages setting that is not set is undefined.
  if (v && v.known) return { value: v.value, setting };
  return undefined;
}

function joinUrl(base: string, location: string | undefined, name: string): string {
  const loc = location ? location.replace(/^\/+|\/+$/g, '') : '';
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return storageNameToUrl(prefix, loc ? `${loc}/${name}` : name);
}

/**
 * The URL a remote default storage (django-storages) returns for `name`, when the settings fix one:
 * a custom domain (S3 / Azure) or a custom endpoint (GCS). Without one the backends sign their URLs
 * per request (S3's AWS_QUERYSTRING_AUTH, GCS and Azure signed URLs), so no fixed URL exists.
 */
export function remoteStorageUrl(model: ProjectModel, backend: string, name: string): RemoteUrl {
  const b = backend.toLowerCase();
  if (/s3|boto|minio/.test(b)) {
    const domain = option(model, 'custom_domain', 'AWS_S3_CUSTOM_DOMAIN');
    const location = str(option(model, 'location', 'AWS_LOCATION')?.value);
    if (domain && str(domain.value)) {
      const protocol = str(option(model, 'url_protocol', 'AWS_S3_URL_PROTOCOL')?.value) ?? 'https:';
      return { kind: 'url', url: joinUrl(`${protocol}//${str(domain.value)}`, location, name), setting: domain.setting };
    }
    const auth = option(model, 'querystring_auth', 'AWS_QUERYSTRING_AUTH');
    if (auth && auth.value === false) {
      const bucket = str(option(model, 'bucket_name', 'AWS_STORAGE_BUCKET_NAME')?.value);
      const endpoint = str(option(model, 'endpoint_url', 'AWS_S3_ENDPOINT_URL')?.value);
      if (bucket && !endpoint) {
        return { kind: 'url', url: joinUrl(`https://${bucket}.s3.amazonaws.com`, location, name), setting: auth.setting };
      }
      return { kind: 'unknown', reason: 'the URL depends on the bucket and endpoint, which the settings do not fix' };
    }
    return { kind: 'signed', reason: 'S3 URLs are signed per request (AWS_QUERYSTRING_AUTH is on by default) and no AWS_S3_CUSTOM_DOMAIN is set' };
  }
  if (/gcloud|google/.test(b)) {
    const endpoint = option(model, 'custom_endpoint', 'GS_CUSTOM_ENDPOINT');
    const location = str(option(model, 'location', 'GS_LOCATION')?.value);
    if (endpoint && str(endpoint.value)) return { kind: 'url', url: joinUrl(str(endpoint.value)!, location, name), setting: endpoint.setting };
    return { kind: 'signed', reason: 'Google Cloud Storage URLs are signed per request unless GS_CUSTOM_ENDPOINT or public ACLs are used' };
  }
  if (/azure/.test(b)) {
    const domain = option(model, 'custom_domain', 'AZURE_CUSTOM_DOMAIN');
    const container = str(option(model, 'azure_container', 'AZURE_CONTAINER')?.value);
    const location = str(option(model, 'location', 'AZURE_LOCATION')?.value);
    if (domain && str(domain.value) && container) {
      return { kind: 'url', url: joinUrl(`https://${str(domain.value)}/${filepathToUri(container)}`, location, name), setting: domain.setting };
    }
    return { kind: 'signed', reason: 'Azure Blob Storage URLs carry a SAS token unless AZURE_CUSTOM_DOMAIN and the container are set' };
  }
  return { kind: 'unknown', reason: `${backend} decides its URLs at runtime` };
}
