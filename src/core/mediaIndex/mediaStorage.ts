import { normalize } from 'pathe';
import type { ProjectModel, PyJson } from '../model';
import { isRemoteStorage } from '../settings/effectiveSettings';

/** One fact about where media lives, for the explorer to show ("Bucket: photos-prod"). */
export interface MediaStorageFact {
  readonly label: string;
  readonly value: string;
  /** The setting that gave the value ("AWS_STORAGE_BUCKET_NAME", "STORAGES['default']['OPTIONS']"). */
  readonly setting: string;
}

/** Where a project's uploads live, as far as its settings tell. */
export type MediaStorageLocation =
  | {
      readonly kind: 'local';
      /** Absolute MEDIA_ROOT. */
      readonly mediaRoot: string;
      readonly mediaUrl: string | null;
      readonly backend: string;
    }
  | {
      readonly kind: 'remote';
      /** Dotted backend class. */
      readonly backend: string;
      /** "Amazon S3", "Google Cloud Storage"… */
      readonly service: string;
      readonly mediaUrl: string | null;
      readonly facts: MediaStorageFact[];
    }
  | {
      /** Storage that keeps no files anywhere a person can browse (InMemoryStorage). */
      readonly kind: 'memory';
      readonly backend: string;
    }
  | {
      readonly kind: 'unknown';
      /** Why the explorer cannot show the files, in words. */
      readonly reason: string;
      /** What the user can do about it, when something obvious helps. */
      readonly setting: 'MEDIA_ROOT' | 'DEFAULT_STORAGE';
    };

const FILE_SYSTEM_BACKENDS = /(^|\.)(FileSystemStorage|OverwriteStorage|OverwriteFileSystemStorage)$|^django\.core\.files\.storage\./;

function serviceOf(backend: string): string {
  const b = backend.toLowerCase();
  if (/s3|boto/.test(b)) return 'Amazon S3 (or an S3-compatible service)';
  if (/gcloud|google/.test(b)) return 'Google Cloud Storage';
  if (/azure/.test(b)) return 'Azure Blob Storage';
  if (/dropbox/.test(b)) return 'Dropbox';
  if (/sftp/.test(b)) return 'an SFTP server';
  if (/ftp/.test(b)) return 'an FTP server';
  if (/cloudinary/.test(b)) return 'Cloudinary';
  if (/minio/.test(b)) return 'MinIO';
  return 'a remote storage service';
}

// Names django-storages (and the other backends) read, per label, in the order a backend uses them:
// the STORAGES["default"]["OPTIONS"] key first (Django 4.2+), then the legacy top-level setting.
const FACTS: Array<{ label: string; options: string[]; settings: string[] }> = [
  { label: 'Bucket', options: ['bucket_name'], settings: ['AWS_STORAGE_BUCKET_NAME', 'GS_BUCKET_NAME', 'MINIO_STORAGE_MEDIA_BUCKET_NAME'] },
  { label: 'Container', options: ['azure_container'], settings: ['AZURE_CONTAINER'] },
  { label: 'Account', options: ['account_name'], settings: ['AZURE_ACCOUNT_NAME'] },
  { label: 'Custom domain', options: ['custom_domain'], settings: ['AWS_S3_CUSTOM_DOMAIN', 'AZURE_CUSTOM_DOMAIN', 'GS_CUSTOM_ENDPOINT'] },
  { label: 'Endpoint', options: ['endpoint_url'], settings: ['AWS_S3_ENDPOINT_URL', 'MINIO_STORAGE_ENDPOINT'] },
  { label: 'Region', options: ['region_name'], settings: ['AWS_S3_REGION_NAME'] },
  { label: 'Folder in the bucket', options: ['location'], settings: ['AWS_LOCATION', 'GS_LOCATION', 'AZURE_LOCATION'] },
  { label: 'Root path', options: ['root_path'], settings: ['DROPBOX_ROOT_PATH', 'SFTP_STORAGE_ROOT'] },
  { label: 'Host', options: ['host'], settings: ['SFTP_STORAGE_HOST'] },
];

function text(v: PyJson | undefined): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function asObject(v: PyJson | undefined): { [key: string]: PyJson } | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** What the settings name about a remote storage: bucket, container, custom domain, region… */
function remoteStorageFacts(model: Pick<ProjectModel, 'raw'>): MediaStorageFact[] {
  const storages = model.raw('STORAGES');
  const options = asObject(asObject(asObject(storages?.known ? storages.value : undefined)?.['default'])?.['OPTIONS']);
  const facts: MediaStorageFact[] = [];
  for (const f of FACTS) {
    let found: MediaStorageFact | undefined;
    for (const o of f.options) {
      const v = text(options?.[o]);
      if (v) {
        found = { label: f.label, value: v, setting: `STORAGES["default"]["OPTIONS"]["${o}"]` };
        break;
      }
    }
    if (!found) {
      for (const s of f.settings) {
        const raw = model.raw(s);
        const v = raw?.known ? text(raw.value) : undefined;
        if (v) {
          found = { label: f.label, value: v, setting: s };
          break;
        }
      }
    }
    if (found) facts.push(found);
  }
  const cloudinary = asObject(model.raw('CLOUDINARY_STORAGE')?.value ?? undefined);
  const cloudName = text(cloudinary?.['CLOUD_NAME']);
  if (cloudName) facts.push({ label: 'Cloud name', value: cloudName, setting: 'CLOUDINARY_STORAGE["CLOUD_NAME"]' });
  return facts;
}

/**
 * Where uploads live: MEDIA_ROOT for file-system storage, a remote service (with the bucket, domain…
 * the settings name) for django-storages and friends, nowhere browsable for InMemoryStorage, or
 * unknown with the reason (MEDIA_ROOT unset, unresolved, or the backend itself unknown).
 */
export function mediaStorageLocation(model: Pick<ProjectModel, 'settings' | 'raw'>): MediaStorageLocation {
  const s = model.settings;
  const mediaUrl = s.MEDIA_URL.known ? s.MEDIA_URL.value : null;
  if (!s.DEFAULT_STORAGE.known) {
    return { kind: 'unknown', reason: `The default storage backend is unknown: ${s.DEFAULT_STORAGE.reason}`, setting: 'DEFAULT_STORAGE' };
  }
  const backend = s.DEFAULT_STORAGE.value;
  if (isRemoteStorage(backend)) {
    return { kind: 'remote', backend, service: serviceOf(backend), mediaUrl, facts: remoteStorageFacts(model) };
  }
  if (/(^|\.)InMemoryStorage$/.test(backend)) return { kind: 'memory', backend };
  if (!s.MEDIA_ROOT.known) return { kind: 'unknown', reason: `MEDIA_ROOT is unknown: ${s.MEDIA_ROOT.reason}`, setting: 'MEDIA_ROOT' };
  const root = s.MEDIA_ROOT.value;
  if (!root) {
    return { kind: 'unknown', reason: 'MEDIA_ROOT is not set: Django would save uploads relative to the folder the server runs in.', setting: 'MEDIA_ROOT' };
  }
  if (!root.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(root)) {
    return { kind: 'unknown', reason: `MEDIA_ROOT "${root}" is not an absolute path.`, setting: 'MEDIA_ROOT' };
  }
  const clean = normalize(root.replace(/\\/g, '/'));
  // A custom backend that is not a FileSystemStorage may still save under MEDIA_ROOT; show it.
  return { kind: 'local', mediaRoot: clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean, mediaUrl, backend };
}

/** True when a dotted backend is Django's FileSystemStorage or a well-known subclass. */
export function isFileSystemBackend(backend: string): boolean {
  return FILE_SYSTEM_BACKENDS.test(backend);
}

/** FIXTURE_DIRS as absolute folders (relative entries resolved against the project root). */
export function fixtureDirsOf(model: Pick<ProjectModel, 'raw' | 'project'>): string[] {
  const v = model.raw('FIXTURE_DIRS');
  if (!v?.known || !Array.isArray(v.value)) return [];
  const out: string[] = [];
  for (const d of v.value) {
    if (typeof d !== 'string' || d === '') continue;
    out.push(d.startsWith('/') ? normalize(d) : normalize(`${model.project.root}/${d}`));
  }
  return out;
}
