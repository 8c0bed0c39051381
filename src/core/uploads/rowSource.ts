import type { DatabaseStatus, UploadRowSource } from './types';

/**
 * What the database readers share, kept apart from sqliteRows.ts so that code loaded at activation
 * can use it without bringing in sql.js (scripts/build.mjs refuses that).
 */

/** Largest SQLite file (and -wal file) read: the copy lives in memory (about twice its size while
 *  open). A ConfinedFileSystem the reader is given must allow reads this large. */
export const MAX_SQLITE_BYTES = 512 * 1024 * 1024;

/** A database opened for reading, or why it was not. */
export type OpenedRows = { source: UploadRowSource; status: DatabaseStatus } | { source: undefined; status: DatabaseStatus };

/** An SQL identifier, quoted (SQLite and PostgreSQL alike): table and column names come from the
 *  project's models, never interpolated as written. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}
