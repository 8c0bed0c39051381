import type { FileSystem } from '../core/fileSystem';
import { openUploadRows } from '../core/uploads/openUploadRows';
import type { OpenedRows } from '../core/uploads/sqliteRows';
import type { DatabaseTarget } from '../core/uploads/types';
import { openPostgresRows, type PostgresRowsOptions } from './postgresRows';
import { nodeSqliteWasm } from './sqliteWasm';

/**
 * Opens the database a DatabaseTarget names, for the CLI (and tests, benchmarks): SQLite through
 * sql.js with the wasm from dist/ or node_modules, PostgreSQL through pg. `fs` must allow reads as
 * large as the database (MAX_SQLITE_BYTES). Never rejects; see openUploadRows.
 */
export function openUploadRowsInNode(fs: FileSystem, target: DatabaseTarget, postgres: PostgresRowsOptions = {}): Promise<OpenedRows> {
  return openUploadRows(fs, target, { sqlite: { wasm: nodeSqliteWasm }, postgres: (url) => openPostgresRows(url, postgres) });
}
