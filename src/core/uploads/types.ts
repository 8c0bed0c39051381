import type { SourceRange } from '../model';

/**
 * The shared vocabulary of the uploads audit (issue #15): what the models declare
 * (`FileFieldInfo`), where the rows live (`DatabaseTarget`, `UploadRowSource`), and what the audit
 * reports (`UploadsAudit`). The models catalogue, the database readers and the audit itself are
 * separate modules that meet only through these types.
 */

/** How a field's upload_to decides the folder of a new upload. */
export type UploadTo =
  /** No upload_to: files go to the storage's root (storage name = file name). */
  | { kind: 'none' }
  /** A string, possibly with strftime patterns ("photos/%Y/%m/"); `folder` is the part before the
   *  first "%" directive, "/"-terminated ("photos/"), or "" when the string starts with one. */
  | { kind: 'string'; value: string; strftime: boolean; folder: string }
  /** A callable: Django calls it with (instance, filename). `pattern` is the storage-name pattern it
   *  returns when that is a simple f-string / str.format / "%" template ("avatars/{instance.pk}/{filename}"),
   *  null otherwise; `folder` is the literal prefix up to the last "/" before the first placeholder, or
   *  null when nothing is literal. */
  | { kind: 'callable'; functionName: string; pattern: string | null; folder: string | null; range?: SourceRange }
  /** Cannot be told statically (a value computed at runtime, a name not found…). */
  | { kind: 'unknown'; reason: string };

/** Which library derives renditions (thumbnails…) from this field's files, if any. */
export type RenditionLibrary = 'easy-thumbnails' | 'imagekit' | 'sorl-thumbnail';

/** A FileField/ImageField (or a subclass) of a concrete model, as Django would install it. */
export interface FileFieldInfo {
  /** App label ("blog"; Meta.app_label or the AppConfig label when set). */
  app: string;
  /** Model class name ("Post"). */
  model: string;
  /** Attribute name ("cover"). */
  field: string;
  /** Dotted field class as resolved ("django.db.models.ImageField", "myapp.fields.AvatarField",
   *  "easy_thumbnails.fields.ThumbnailerImageField"). */
  fieldClass: string;
  /** Database table: Meta.db_table, or "<app_label>_<model name lowercased>". */
  table: string;
  /** Column: db_column or the attribute name. */
  column: string;
  /** The table's primary key column ("id"; "<parent>_ptr_id" under multi-table inheritance; a
   *  field with primary_key=True). */
  pkColumn: string;
  uploadTo: UploadTo;
  /** The storage the field writes to: Django's default storage, or the `storage=` expression as
   *  written (a callable or an instance). */
  storage: { kind: 'default' } | { kind: 'custom'; expression: string };
  null: boolean;
  blank: boolean;
  /** Where the field is declared (an abstract base's line for an inherited field). */
  range: SourceRange;
  renditions?: RenditionLibrary;
}

/** What the static catalogue of the project's models found. */
export interface ModelCatalogue {
  /** Sorted by app, model, field. */
  fields: FileFieldInfo[];
  /** What could not be followed ("a base class from a package outside the project"…). */
  notes: Array<{ message: string; range?: SourceRange }>;
  /**
   * Where file names may be stored that the catalogue cannot read (an installed app outside the
   * project that may have file fields, a model it could not place): the rows it reads do not cover
   * every upload then, so no file may be called an orphan. Empty when the catalogue is complete.
   */
  gaps?: string[];
}

/** The database the audit reads, from DATABASES["default"] (or a user-given URL). */
export type DatabaseTarget =
  | { engine: 'sqlite'; /** Absolute path, inside the project. */ path: string }
  | { engine: 'postgresql'; /** A connection URL; never shown with its password. */ url: string }
  | { engine: 'unsupported'; reason: string };

/** One file-field value of one row. */
export interface UploadRow {
  /** The primary key, as text. */
  pk: string;
  /** The stored name (relative to the storage's root); empty values are not reported. */
  name: string;
}

/** A read-only view of the rows of a database. */
export interface UploadRowSource {
  /** "sqlite" | "postgresql". */
  readonly engine: string;
  /** What the rows read may lack although the database was read ("recent writes may be missing"
   *  when a -wal file could not be applied); the audit shows it with its database status. */
  readonly note?: string;
  /**
   * Calls `onRows` with batches of the non-empty values of `table.column`, with `pkColumn` as the
   * pk. Rejects with an Error whose message says why (missing table, no permission…); stops early,
   * resolving, when the token is aborted.
   */
  readColumn(
    query: { table: string; column: string; pkColumn: string },
    onRows: (rows: UploadRow[]) => void,
    token?: { readonly aborted: boolean },
  ): Promise<void>;
  /** Releases the database (a connection, a wasm heap). */
  close(): Promise<void>;
}

/** Whether the database could be read, and why not. */
export interface DatabaseStatus {
  read: boolean;
  engine: string;
  /** Why it was not read (or not completely): shown as "database not read: <reason>". */
  reason?: string;
}

/** A row pointing at a file that MEDIA_ROOT does not hold. */
export interface MissingUploadFile {
  app: string;
  model: string;
  field: string;
  pk: string;
  /** Storage name, POSIX separators. */
  name: string;
}

/** A file under MEDIA_ROOT that nothing names. */
export interface OrphanUploadFile {
  name: string;
  bytes: number;
  /** Modification time, ms since the epoch. */
  mtime: number;
  /** Renditions derived from it (thumbnails), grouped with it rather than listed as orphans. */
  renditions?: string[];
}

/** The result of one audit of one project. */
export interface UploadsAudit {
  database: DatabaseStatus;
  fields: FileFieldInfo[];
  /** Files no row and no reference points to; empty (never guessed) when the database was not read. */
  orphans: OrphanUploadFile[];
  /** Why no orphan is listed although the database was read (the models catalogue has gaps). */
  orphansNotListed?: string;
  missingFiles: MissingUploadFile[];
  /** Files that exist but sit outside every field's upload folder. */
  outsideUploadFolders: Array<{ name: string }>;
}
