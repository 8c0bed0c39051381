import type { FileSystem } from '../fileSystem';
import { openSqliteRows, type OpenedRows, type SqliteRowsOptions } from './sqliteRows';
import type { DatabaseTarget } from './types';

/** What each host can read a database with. */
export interface UploadRowReaders {
  /** The SQLite reader's wasm loader and size cap. */
  sqlite: SqliteRowsOptions;
  /** Opens a PostgreSQL database from a URL; absent where no client can run (the web host),
   *  then `postgresUnavailable` is the reason. */
  postgres?: (url: string) => Promise<OpenedRows>;
  postgresUnavailable?: string;
}

/**
 * What src/node/postgresRows.ts exports to the editor, which loads it by name as the Node host's
 * part dist/postgresRows.js (scripts/build.mjs) rather than importing it: the web host has no pg.
 */
export interface PostgresRowsPart {
  openPostgresRows(url: string): Promise<OpenedRows>;
}

/**
 * Opens the database a DatabaseTarget names with the host's readers. Never rejects: when nothing
 * can be read, `source` is undefined and `status.reason` says why (shown as "database not read: …").
 */
export async function openUploadRows(fs: FileSystem, target: DatabaseTarget, readers: UploadRowReaders): Promise<OpenedRows> {
  switch (target.engine) {
    case 'sqlite':
      return openSqliteRows(fs, target.path, readers.sqlite);
    case 'postgresql':
      if (readers.postgres) return readers.postgres(target.url);
      return {
        source: undefined,
        status: { read: false, engine: 'postgresql', reason: readers.postgresUnavailable ?? 'PostgreSQL cannot be read here' },
      };
    case 'unsupported':
      return { source: undefined, status: { read: false, engine: 'none', reason: target.reason } };
  }
}
