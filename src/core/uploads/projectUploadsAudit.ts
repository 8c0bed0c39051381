import type { FileSystem } from '../fileSystem';
import type { ProjectModel } from '../model';
import type { MediaExclude } from '../mediaIndex/exclude';
import { mediaStorageLocation } from '../mediaIndex/mediaStorage';
import { collectProjectMediaUses } from '../mediaIndex/projectMediaUses';
import { auditUploads, type AuditProgress, type UploadsAuditReport, type UploadToMatcher } from './auditUploads';
import type { RenditionFolders } from './renditions';
import type { DatabaseStatus, DatabaseTarget, ModelCatalogue, RenditionLibrary, UploadRowSource } from './types';

/**
 * The host-specific parts of an audit: how the models are read, which database the settings name,
 * and how it is opened (sql.js is loaded differently by node and by the extension; PostgreSQL only
 * from node). The CLI and the extension each hand in their own.
 */
export interface UploadsAuditParts {
  catalogue(fs: FileSystem, model: ProjectModel): Promise<ModelCatalogue>;
  target(model: ProjectModel, options: { databaseUrl?: string }): DatabaseTarget;
  /** Opens the rows read-only (a SQLite file through `fs`); rejects with an Error saying why it cannot (shown as "database not read: …"). */
  open(target: Exclude<DatabaseTarget, { engine: 'unsupported' }>, fs: FileSystem): Promise<UploadRowSource>;
  matchesUploadTo?: UploadToMatcher;
}

/** One project's audit, or why it was not made. */
export type ProjectUploadsAudit =
  | { kind: 'audited'; mediaRoot: string; report: UploadsAuditReport; catalogueNotes: ModelCatalogue['notes'] }
  | { kind: 'skipped'; reason: string };

/** Options of auditProjectUploads. */
export interface ProjectUploadsAuditOptions {
  /** A PostgreSQL URL given by the user (--database-url, djangoMedia.database.url). */
  databaseUrl?: string;
  exclude?: MediaExclude;
  token?: { readonly aborted: boolean };
  onProgress?: (p: Readonly<AuditProgress> | { phase: 'models' | 'sources' | 'database' }) => void;
  /** Longest lists returned (see auditUploads). */
  maxListed?: number;
  /** Files stat'ed for the upload folders' sizes (see auditUploads). */
  maxSizeStats?: number;
  /** What MEDIA_ROOT is walked through, when not `fs` (the editor's MEDIA_ROOT may lie outside the workspace folder). */
  mediaFs?: FileSystem;
}

const LIBRARY_APPS: Record<string, RenditionLibrary> = { easy_thumbnails: 'easy-thumbnails', imagekit: 'imagekit', 'sorl.thumbnail': 'sorl-thumbnail' };

/** Thumbnail libraries the project installs (their renditions can come from any image field). */
export function renditionLibrariesOf(model: Pick<ProjectModel, 'settings'>): RenditionLibrary[] {
  const apps = model.settings.INSTALLED_APPS;
  if (!apps.known) return [];
  const out = new Set<RenditionLibrary>();
  for (const app of apps.value) {
    const name = app.replace(/\.apps\.\w+$/, '');
    if (LIBRARY_APPS[name]) out.add(LIBRARY_APPS[name]);
  }
  return [...out];
}

/** Where the thumbnail libraries write, from the settings that move their folders (string values only). */
export function renditionFoldersOf(model: Pick<ProjectModel, 'raw'>, libraries: readonly RenditionLibrary[]): Partial<RenditionFolders> {
  const text = (name: string): string | undefined => {
    const v = model.raw(name);
    return v?.known && typeof v.value === 'string' ? v.value : undefined;
  };
  const out: Partial<RenditionFolders> = {};
  const set = <K extends keyof RenditionFolders>(k: K, v: string | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  // THUMBNAIL_PREFIX means a file-name prefix to easy-thumbnails and a folder to sorl.
  if (libraries.includes('easy-thumbnails')) {
    set('easyThumbnailsBasedir', text('THUMBNAIL_BASEDIR'));
    set('easyThumbnailsSubdir', text('THUMBNAIL_SUBDIR'));
    set('easyThumbnailsPrefix', text('THUMBNAIL_PREFIX'));
  }
  if (libraries.includes('sorl-thumbnail')) set('sorlPrefix', text('THUMBNAIL_PREFIX'));
  if (libraries.includes('imagekit')) set('imagekitCacheDir', text('IMAGEKIT_CACHEFILE_DIR'));
  return out;
}

/**
 * Audits one project's uploads: its models (the catalogue), its database (read-only, closed
 * afterwards), its MEDIA_ROOT and what its templates and code name. A project whose media is not
 * in a local MEDIA_ROOT is skipped with the reason; a database that cannot be opened is reported as
 * not read, and then no file is called an orphan.
 */
export async function auditProjectUploads(
  fs: FileSystem,
  model: ProjectModel,
  parts: UploadsAuditParts,
  options: ProjectUploadsAuditOptions = {},
): Promise<ProjectUploadsAudit> {
  const location = mediaStorageLocation(model);
  if (location.kind !== 'local') {
    const why = location.kind === 'remote' ? `media is stored in ${location.service}` : location.kind === 'memory' ? 'media is kept in memory' : location.reason;
    return { kind: 'skipped', reason: why };
  }
  const mediaRoot = location.mediaRoot;
  const token = options.token;
  options.onProgress?.({ phase: 'models' });
  const catalogue = await parts.catalogue(fs, model);
  options.onProgress?.({ phase: 'sources' });
  const uses = await collectProjectMediaUses(fs, model, mediaRoot, token ? { token } : {});
  options.onProgress?.({ phase: 'database' });
  const target = parts.target(model, options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {});
  let rows: UploadRowSource | { notRead: DatabaseStatus };
  if (target.engine === 'unsupported') rows = { notRead: { read: false, engine: 'unsupported', reason: target.reason } };
  else {
    try {
      rows = await parts.open(target, fs);
    } catch (e) {
      rows = { notRead: { read: false, engine: target.engine, reason: e instanceof Error ? e.message : String(e) } };
    }
  }
  const libraries = renditionLibrariesOf(model);
  try {
    const report = await auditUploads(
      options.mediaFs ?? fs,
      {
        mediaRoot,
        fields: catalogue.fields,
        rows,
        catalogueGaps: catalogue.gaps ?? [],
        references: uses.references,
        mentions: uses.mentions,
        renditionLibraries: libraries,
        renditionFolders: renditionFoldersOf(model, [...libraries, ...catalogue.fields.flatMap((f) => (f.renditions ? [f.renditions] : []))]),
        ...(options.exclude ? { exclude: options.exclude } : {}),
        ...(parts.matchesUploadTo ? { matchesUploadTo: parts.matchesUploadTo } : {}),
      },
      {
        ...(token ? { token } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.maxListed !== undefined ? { maxListed: options.maxListed } : {}),
        ...(options.maxSizeStats !== undefined ? { maxSizeStats: options.maxSizeStats } : {}),
      },
    );
    // What the catalogue could not follow limits the orphans (a field it missed protects no file): said with them.
    report.notes.push(...catalogue.notes.map((n) => `Models: ${n.message}`));
    return { kind: 'audited', mediaRoot, report, catalogueNotes: catalogue.notes };
  } finally {
    if ('close' in rows) await rows.close().catch(() => undefined);
  }
}
