import type { FileSystem } from '../fileSystem';
import type { MediaReference } from '../model';
import type { MediaExclude } from '../mediaIndex/exclude';
import { mediaPath } from '../mediaIndex/listMediaFolder';
import { confineToMediaRoot, existenceOf, storageNameProblem } from '../mediaIndex/mediaRootGuard';
import type { StorageNameMention } from '../mediaIndex/storageNameMentions';
import { walkMediaFiles, type MediaWalkLimits, type MediaWalkSummary } from '../mediaIndex/walkMediaFiles';
import type {
  DatabaseStatus,
  FileFieldInfo,
  MissingUploadFile,
  OrphanUploadFile,
  RenditionLibrary,
  UploadRowSource,
  UploadsAudit,
  UploadTo,
} from './types';
import { renditionOriginOf, type RenditionFolders, type RenditionOrigin } from './renditions';

/** Whether a storage name is one `uploadTo` can produce: true, false, or null when it cannot be told.
 *  The answer must depend on the name's folder only (upload_to decides the folder; the name is the upload's). */
export type UploadToMatcher = (uploadTo: UploadTo, storageName: string) => boolean | null;

/** Inputs of auditUploads. */
export interface AuditUploadsInput {
  /** Absolute local MEDIA_ROOT (the default storage's location). */
  mediaRoot: string;
  /** The file fields of the project's models (the models catalogue). */
  fields: readonly FileFieldInfo[];
  /** Where the rows are, or why they cannot be read: then no file is ever called an orphan. */
  rows: UploadRowSource | { notRead: DatabaseStatus };
  /** Where the models catalogue could not see (ModelCatalogue.gaps): rows it did not read may name
   *  any file, so none is called an orphan then either. */
  catalogueGaps?: readonly string[];
  /** URL-form references in templates and code (collectMediaReferences). */
  references?: readonly MediaReference[];
  /** Bare storage-name mentions in code and fixtures (collectStorageNameMentions). */
  mentions?: readonly StorageNameMention[];
  exclude?: MediaExclude;
  /** Tells whether a file lies in a field's upload folder; without it the outside-folders list is not computed (a note says so). */
  matchesUploadTo?: UploadToMatcher;
  /** Libraries that derive renditions besides those the fields declare (from INSTALLED_APPS). */
  renditionLibraries?: readonly RenditionLibrary[];
  /** Where the libraries write their renditions, when the settings move them. */
  renditionFolders?: Partial<RenditionFolders>;
}

/** What the audit is doing, for a progress message. */
export interface AuditProgress {
  phase: 'files' | 'rows' | 'checks';
  files: number;
  rows: number;
}

/** Options of auditUploads. */
export interface AuditUploadsOptions {
  token?: { readonly aborted: boolean };
  onProgress?: (p: Readonly<AuditProgress>) => void;
  limits?: Partial<MediaWalkLimits>;
  /** Longest lists returned (counts stay exact). */
  maxListed?: number;
  /** Names the walk did not see that are stat'ed to tell missing from hidden or unreadable. */
  maxMissingChecks?: number;
  /** Stat the files of each field's upload folder for its total size, up to this many files in all (0, the default: none). */
  maxSizeStats?: number;
}

/** One field's numbers, in the order of `fields`. */
export interface FieldUploadCounts {
  /** Non-empty values read; null when the column was not read. */
  rows: number | null;
  /** Files under MEDIA_ROOT its upload folder holds (null when that cannot be told). */
  files: number | null;
  /** Rows whose file MEDIA_ROOT does not hold. */
  missing: number;
  /** Total size of `files`; null when not computed (not asked for, too many files, or `files` unknown). */
  bytes: number | null;
}

/** A group of renditions that cannot be tied to one original (sorl-thumbnail's hashed cache). */
export interface RenditionCache {
  library: RenditionLibrary;
  /** The folder, "/"-terminated ("cache/"). */
  folder: string;
  files: number;
}

/** The audit with what a user needs to trust it. */
export interface UploadsAuditReport extends UploadsAudit {
  /** Exact counts; the lists hold at most `maxListed`. */
  counts: { orphans: number; missingFiles: number; outsideUploadFolders: number; files: number; rows: number };
  perField: FieldUploadCounts[];
  renditionCaches: RenditionCache[];
  /** What limits the result, in words (custom storages, names out of MEDIA_ROOT, an incomplete walk…). */
  notes: string[];
  walk: MediaWalkSummary;
  /** The token was aborted: the report is partial and must not be shown as a result. */
  aborted: boolean;
}

const DEFAULT_MAX_LISTED = 10_000;
const DEFAULT_MAX_MISSING_CHECKS = 20_000;
/** Rows listed per missing name (a default image many rows share); the rest are counted. */
const MAX_ROWS_PER_NAME = 100;

function key(name: string): string {
  // macOS stores names decomposed (NFD); Django writes what the upload was called, usually composed.
  return name.normalize('NFC');
}

function isRowSource(rows: AuditUploadsInput['rows']): rows is UploadRowSource {
  return typeof (rows as UploadRowSource).readColumn === 'function';
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Audits the uploads of one project against its development database: walks MEDIA_ROOT once
 * (bounded, cancellable), then reads every file field's column, keeping only Sets of file names (the
 * rows themselves are never kept, so a million rows cost what the files cost), and reports
 *  - orphans: files that no row, no reference and no mention names — never when the database was
 *    not read completely (then `orphans` is empty and `database` says why);
 *  - missingFiles: rows of default-storage fields whose name MEDIA_ROOT does not hold; a name that
 *    leads out of MEDIA_ROOT, or whose folder cannot be read, is unknown, never missing;
 *  - outsideUploadFolders: files no field's upload_to can produce.
 * Renditions (easy-thumbnails, imagekit, sorl-thumbnail) are grouped under their original. Every
 * read goes through the MEDIA_ROOT guard. Lists are sorted by storage name.
 */
export async function auditUploads(fs: FileSystem, input: AuditUploadsInput, options: AuditUploadsOptions = {}): Promise<UploadsAuditReport> {
  const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
  const token = options.token;
  const progress: AuditProgress = { phase: 'files', files: 0, rows: 0 };
  const notes: string[] = [];

  // 1. The files (names only: the listing says what is a file, no stat).
  const files = new Set<string>();
  const walk = await walkMediaFiles(fs, input.mediaRoot, {
    onFiles: (batch) => {
      for (const f of batch) files.add(key(f.storageName));
      progress.files = files.size;
      options.onProgress?.(progress);
    },
    ...(input.exclude ? { exclude: input.exclude } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(token ? { token } : {}),
  });
  const fields = [...input.fields];
  const perField: FieldUploadCounts[] = fields.map(() => ({ rows: null, files: null, missing: 0, bytes: null }));
  const empty = (database: DatabaseStatus, aborted: boolean): UploadsAuditReport => ({
    database,
    fields,
    orphans: [],
    missingFiles: [],
    outsideUploadFolders: [],
    counts: { orphans: 0, missingFiles: 0, outsideUploadFolders: 0, files: files.size, rows: 0 },
    perField,
    renditionCaches: [],
    notes,
    walk,
    aborted,
  });
  if (walk.aborted || token?.aborted) return empty({ read: false, engine: engineOf(input.rows), reason: 'cancelled' }, true);

  // 2. The rows: which files they claim, which names are not among the files.
  const claimed = new Set<string>();
  /** Names rows point at that the walk did not see: field index and pk per name, checked below. */
  const unseen = new Map<string, { rows: Array<{ field: number; pk: string }>; count: number; beyond?: Map<number, number> }>();
  let database: DatabaseStatus;
  const custom = fields.filter((f) => f.storage.kind === 'custom');
  if (!isRowSource(input.rows)) {
    database = { ...input.rows.notRead, read: false };
  } else {
    const source = input.rows;
    database = { read: true, engine: source.engine };
    if (source.note) notes.push(`The database was read, but ${source.note}.`);
    const failures: string[] = [];
    const done = new Set<string>();
    progress.phase = 'rows';
    for (let i = 0; i < fields.length; i++) {
      if (token?.aborted) break;
      const field = fields[i]!;
      const column = `${field.table}.${field.column}`;
      if (done.has(column)) continue;
      done.add(column);
      const checkFiles = field.storage.kind === 'default';
      let count = 0;
      try {
        await source.readColumn(
          { table: field.table, column: field.column, pkColumn: field.pkColumn },
          (rows) => {
            for (const row of rows) {
              if (!row.name) continue;
              count++;
              const k = key(row.name);
              // A custom storage's names may still be files here (a FileSystemStorage under
              // MEDIA_ROOT): they protect a file from being called an orphan, never make one missing.
              if (files.has(k)) claimed.add(k);
              else if (checkFiles) {
                let entry = unseen.get(k);
                if (!entry) unseen.set(k, (entry = { rows: [], count: 0 }));
                // Bounded: a name is checked once; its first rows are enough to list.
                if (entry.rows.length < MAX_ROWS_PER_NAME) entry.rows.push({ field: i, pk: row.pk });
                else (entry.beyond ??= new Map()).set(i, (entry.beyond.get(i) ?? 0) + 1);
                entry.count++;
              }
            }
            progress.rows += rows.length;
            options.onProgress?.(progress);
          },
          token,
        );
        perField[i]!.rows = count;
      } catch (e) {
        failures.push(`${column}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (token?.aborted) return empty({ read: false, engine: source.engine, reason: 'cancelled' }, true);
    if (failures.length > 0) {
      database = {
        read: false,
        engine: source.engine,
        reason: `${failures.length === 1 ? 'a column' : `${failures.length} columns`} could not be read (${failures.slice(0, 3).join('; ')}${failures.length > 3 ? '; …' : ''})`,
      };
    }
  }
  if (custom.length > 0) {
    notes.push(
      `${plural(custom.length, 'field')} use${custom.length === 1 ? 's' : ''} a custom storage (${custom.map((f) => `${f.model}.${f.field}`).slice(0, 5).join(', ')}${custom.length > 5 ? ', …' : ''}): ${custom.length === 1 ? 'its' : 'their'} rows are not checked for missing files.`,
    );
  }

  // 3. Missing: a name the walk did not see is missing without a stat when the walk saw the whole
  // tree as it is (no folder skipped, hidden, unreadable or behind a link); otherwise it is stat'ed.
  progress.phase = 'checks';
  const complete = !walk.truncated && walk.unreadable.length === 0 && walk.linksOutside === 0 && walk.skippedLinks === 0;
  const media = confineToMediaRoot(fs, input.mediaRoot);
  const listings = new Map<string, Promise<ReadonlySet<string> | 'missing' | 'unknown'>>();
  const missing: MissingUploadFile[] = [];
  let missingCount = 0;
  let outOfRoot = 0;
  let unknown = 0;
  let unchecked = 0;
  let checks = 0;
  const missingNames = new Set<string>();
  for (const [name, entry] of unseen) {
    if (token?.aborted) break;
    let state: 'missing' | 'unknown' | 'file' | 'outside';
    if (storageNameProblem(name) !== undefined || name.startsWith('/')) state = 'outside';
    else if (complete && !hiddenByExclude(input.exclude, name)) state = 'missing';
    else if (checks >= (options.maxMissingChecks ?? DEFAULT_MAX_MISSING_CHECKS)) {
      unchecked++;
      continue;
    } else {
      checks++;
      const e = await existenceOf(media, mediaPath(input.mediaRoot, name), input.mediaRoot, listings);
      state = e === 'missing' || e === 'directory' ? 'missing' : e === 'file' ? 'file' : 'unknown';
    }
    if (state === 'file') claimed.add(name);
    if (state === 'outside') outOfRoot++;
    if (state === 'unknown') unknown++;
    if (state !== 'missing') continue;
    missingNames.add(name);
    missingCount += entry.count;
    for (const [field, n] of entry.beyond ?? []) perField[field]!.missing += n;
    for (const r of entry.rows) {
      perField[r.field]!.missing++;
      const f = fields[r.field]!;
      missing.push({ app: f.app, model: f.model, field: f.field, pk: r.pk, name });
    }
    if (missing.length > maxListed * 2) trimMissing(missing, maxListed);
  }
  trimMissing(missing, maxListed);
  if (outOfRoot) notes.push(`${plural(outOfRoot, 'stored name')} lead${outOfRoot === 1 ? 's' : ''} out of MEDIA_ROOT (absolute or with ".."): not checked, not reported as missing.`);
  if (unknown) notes.push(`${plural(unknown, 'stored name')} could not be checked (a folder cannot be read or lies behind a link): not reported as missing.`);
  if (unchecked) notes.push(`${plural(unchecked, 'stored name')} not checked (more than ${(options.maxMissingChecks ?? DEFAULT_MAX_MISSING_CHECKS).toLocaleString('en-US')} to stat).`);

  // 4. Renditions, orphans and files outside every upload folder.
  const libraries = new Set<RenditionLibrary>(input.renditionLibraries ?? []);
  for (const f of fields) if (f.renditions) libraries.add(f.renditions);
  const origins = new RenditionIndex(files, missingNames, claimed);
  const named = new Set<string>();
  for (const r of input.references ?? []) if (r.storageName) named.add(key(r.storageName));
  for (const m of input.mentions ?? []) named.add(key(m.storageName));
  const gaps = input.catalogueGaps ?? [];
  // Orphans only when every row that may name a file was read: the database, and every model with a file field.
  const dbRead = database.read && gaps.length === 0;
  const orphans: OrphanUploadFile[] = [];
  const renditionsOf = new Map<string, string[]>();
  const caches = new Map<string, RenditionCache>();
  const outside: Array<{ name: string }> = [];
  let orphanCount = 0;
  let outsideCount = 0;
  const match = input.matchesUploadTo;
  const fileCounts = fields.map(() => 0);
  const unknownFolders = fields.map(() => false);
  const maxSizeStats = options.maxSizeStats ?? 0;
  /** Files to stat for the fields' sizes, with the fields whose folder holds them. */
  const toSize: Array<{ name: string; fields: number[] }> = [];
  let sizeOverflow = false;
  const folderAnswers = new Map<string, Array<boolean | null>>();
  for (const name of files) {
    if (token?.aborted) break;
    const origin = libraries.size ? renditionOriginOf(name, libraries, input.renditionFolders, origins) : undefined;
    if (origin?.kind === 'cache') {
      let c = caches.get(origin.folder);
      if (!c) caches.set(origin.folder, (c = { library: origin.library, folder: origin.folder, files: 0 }));
      c.files++;
      continue;
    }
    if (origin?.kind === 'original') {
      // Kept with its original: an orphan's renditions go with it, a used original keeps them.
      let list = renditionsOf.get(origin.original);
      if (!list) renditionsOf.set(origin.original, (list = []));
      if (list.length < 1000) list.push(name);
      continue;
    }
    if (match) {
      let inside = false;
      let unsure = false;
      let within: number[] | undefined;
      // upload_to decides a file's folder, not its name: one answer per folder and field.
      const slash = name.lastIndexOf('/');
      const folder = slash < 0 ? '' : name.slice(0, slash);
      let answers = folderAnswers.get(folder);
      if (!answers) folderAnswers.set(folder, (answers = fields.map((f) => match(f.uploadTo, name))));
      for (let i = 0; i < fields.length; i++) {
        const m = answers[i];
        if (m === true) {
          inside = true;
          fileCounts[i]!++;
          (within ??= []).push(i);
        } else if (m === null) {
          unsure = true;
          unknownFolders[i] = true;
        }
      }
      if (within && maxSizeStats > 0) {
        if (toSize.length < maxSizeStats) toSize.push({ name, fields: within });
        else sizeOverflow = true;
      }
      if (!inside && !unsure && fields.length > 0) {
        outsideCount++;
        outside.push({ name });
        if (outside.length > maxListed * 2) trimByName(outside, maxListed);
      }
    }
    if (dbRead && !claimed.has(name) && !named.has(name)) {
      orphanCount++;
      orphans.push({ name, bytes: 0, mtime: 0 });
      if (orphans.length > maxListed * 2) trimByName(orphans, maxListed);
    }
  }
  if (match) {
    fields.forEach((_, i) => (perField[i]!.files = unknownFolders[i] ? null : fileCounts[i]!));
    if (maxSizeStats > 0 && !sizeOverflow) await sumFieldSizes(media, input.mediaRoot, toSize, perField, token);
  } else notes.push('Upload folders were not compared: files outside every upload folder are not listed.');
  if (fields.length === 0) notes.push('No FileField or ImageField was found in the models: no file is listed as outside the upload folders.');

  trimByName(orphans, maxListed);
  trimByName(outside, maxListed);
  // Only the listed orphans are stat'ed (size and age); a file gone since the walk is dropped.
  const stats = await Promise.all(orphans.map((o) => media.stat(mediaPath(input.mediaRoot, o.name))));
  const kept: OrphanUploadFile[] = [];
  orphans.forEach((o, i) => {
    const st = stats[i];
    if (!st || st.type !== 'file') {
      orphanCount--;
      return;
    }
    const renditions = renditionsOf.get(o.name);
    kept.push({ name: o.name, bytes: st.size, mtime: st.mtime, ...(renditions ? { renditions: renditions.sort(byCodeUnits) } : {}) });
  });
  if (!database.read) notes.push(`Database not read${database.reason ? `: ${database.reason}` : ''}. No file is called an orphan; the reference-only lists apply.`);
  const orphansNotListed = database.read && gaps.length > 0 ? `rows the models catalogue could not read may name any file (${gaps.join(' ')})` : undefined;
  if (orphansNotListed) notes.push(`No file is called an orphan: ${orphansNotListed}`);
  if (walk.truncated) notes.push(`MEDIA_ROOT was not read completely: ${walk.truncated}.`);
  if (walk.unreadable.length === 1 && walk.unreadable[0] === '' && (await fs.stat(input.mediaRoot)) === undefined) {
    notes.push(`MEDIA_ROOT (${input.mediaRoot}) does not exist yet: nothing has been uploaded there (Django creates it on the first upload).`);
  } else if (walk.unreadable.length) {
    notes.push(`${plural(walk.unreadable.length, 'folder')} of MEDIA_ROOT could not be read: ${walk.unreadable.slice(0, 3).map((n) => (n === '' ? 'MEDIA_ROOT itself' : n)).join(', ')}${walk.unreadable.length > 3 ? ', …' : ''}.`);
  }

  return {
    database,
    fields,
    orphans: kept,
    ...(orphansNotListed ? { orphansNotListed } : {}),
    missingFiles: missing,
    outsideUploadFolders: outside,
    counts: { orphans: orphanCount, missingFiles: missingCount, outsideUploadFolders: outsideCount, files: files.size, rows: progress.rows },
    perField,
    renditionCaches: [...caches.values()].sort((a, b) => byCodeUnits(a.folder, b.folder)),
    notes,
    walk,
    aborted: token?.aborted === true,
  };
}

/** Adds up the sizes of the files of each field's folder (a few stats at a time); a file that cannot be stat'ed makes its fields' sizes unknown. */
async function sumFieldSizes(
  fs: FileSystem,
  mediaRoot: string,
  files: ReadonlyArray<{ name: string; fields: number[] }>,
  perField: FieldUploadCounts[],
  token: { readonly aborted: boolean } | undefined,
): Promise<void> {
  const sums: Array<number | null> = perField.map((f) => (f.files === null ? null : 0));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !token?.aborted) {
      const f = files[next++]!;
      const st = await fs.stat(mediaPath(mediaRoot, f.name));
      for (const i of f.fields) {
        const sum = sums[i];
        if (sum === null || sum === undefined) continue;
        sums[i] = st?.type === 'file' ? sum + st.size : null;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  if (token?.aborted) return;
  sums.forEach((s, i) => (perField[i]!.bytes = s ?? null));
}

function engineOf(rows: AuditUploadsInput['rows']): string {
  return isRowSource(rows) ? rows.engine : rows.notRead.engine;
}

/** True when the name, or a folder above it, is hidden by the exclude patterns (it may exist unseen). */
function hiddenByExclude(exclude: MediaExclude | undefined, name: string): boolean {
  if (!exclude || exclude.empty) return false;
  if (exclude.matches(name, false)) return true;
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) if (exclude.matches(name.slice(0, i), true)) return true;
  return false;
}

/** Code-unit order: the same in every locale, and Python's sorted() order for the fixtures' expectations. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trimByName<T extends { name: string }>(list: T[], max: number): void {
  list.sort((a, b) => byCodeUnits(a.name, b.name));
  if (list.length > max) list.length = max;
}

/** Numbers as numbers ("9" before "10"), other keys as text. */
function comparePks(a: string, b: string): number {
  const na = /^-?\d+$/.test(a);
  const nb = /^-?\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b) || byCodeUnits(a, b);
  return na !== nb ? (na ? -1 : 1) : byCodeUnits(a, b);
}

/** Rows grouped by field (app, model, field), then by name and pk, as the fixtures' expectations list them. */
function trimMissing(list: MissingUploadFile[], max: number): void {
  list.sort(
    (a, b) => byCodeUnits(a.app, b.app) || byCodeUnits(a.model, b.model) || byCodeUnits(a.field, b.field) || byCodeUnits(a.name, b.name) || comparePks(a.pk, b.pk),
  );
  if (list.length > max) list.length = max;
}

/** Answers "is this a known original?" for the rendition rules, from the audit's own Sets. */
class RenditionIndex implements RenditionOrigin {
  private stems: Map<string, string> | undefined;
  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly missing: ReadonlySet<string>,
    private readonly claimed: ReadonlySet<string>,
  ) {}
  has(name: string): boolean {
    return this.files.has(name) || this.missing.has(name);
  }
  byStem(stem: string): string | undefined {
    if (!this.stems) {
      // Built on first use only (a project with imagekit's cache): name without extension → name.
      this.stems = new Map();
      for (const set of [this.files, this.missing, this.claimed]) {
        for (const n of set) {
          const slash = n.lastIndexOf('/');
          const dot = n.lastIndexOf('.');
          const stem = dot > slash + 1 ? n.slice(0, dot) : n;
          if (!this.stems.has(stem)) this.stems.set(stem, n);
        }
      }
    }
    return this.stems.get(stem);
  }
}
