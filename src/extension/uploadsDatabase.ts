import * as vscode from 'vscode';
import type { FileSystem } from '../core/fileSystem';
import { openUploadRows, type PostgresRowsPart } from '../core/uploads/openUploadRows';
import type { OpenedRows, SqliteWasmLoader } from '../core/uploads/sqliteRows';
import type { DatabaseTarget } from '../core/uploads/types';
import { loadPart, nodeExtensionHost } from './lazyParts';

/**
 * The entry of the lazily loaded part dist/uploadsDatabase.js (scripts/build.mjs): the WebAssembly
 * SQLite (sql.js, ~100 KB of JavaScript and a 700 KB wasm module) is loaded only when an uploads
 * audit reads a database, never at activation. Load it with
 * `loadPart<typeof import('./uploadsDatabase')>(extensionUri, 'uploadsDatabase')`.
 */

/** The wasm file scripts/build.mjs copies from sql.js into dist/. */
const WASM = 'sql-wasm.wasm';

const loaders = new Map<string, SqliteWasmLoader>();

/**
 * Reads dist/sql-wasm.wasm from the extension itself: through vscode.workspace.fs (desktop and
 * remote hosts, and a web extension served from a file system provider), or over http(s) when the
 * web host serves the extension from a URL. One loader per extension location, so sql.js is
 * compiled once per session.
 */
export function extensionSqliteWasm(extensionUri: vscode.Uri): SqliteWasmLoader {
  const key = extensionUri.toString();
  let loader = loaders.get(key);
  if (!loader) {
    let bytes: Promise<Uint8Array> | undefined;
    loader = () => {
      const uri = vscode.Uri.joinPath(extensionUri, 'dist', WASM);
      bytes ??= (
        uri.scheme === 'http' || uri.scheme === 'https'
          ? fetch(uri.toString(true)).then(async (r) => new Uint8Array(await r.arrayBuffer()))
          : Promise.resolve(vscode.workspace.fs.readFile(uri))
      ).catch((e: unknown) => {
        bytes = undefined;
        throw e;
      });
      return bytes;
    };
    loaders.set(key, loader);
  }
  return loader;
}

let postgres: Promise<PostgresRowsPart> | undefined;

/**
 * Opens the development database for an uploads audit. `fs` must be the project's confined file
 * system allowing reads as large as the database (MAX_SQLITE_BYTES). PostgreSQL (the user's
 * opt-in URL) is read in the Node extension host by the CLI's reader, loaded as the part
 * dist/postgresRows.js on the first PostgreSQL audit; the web host has no network sockets for it.
 */
export function openUploadRowsInEditor(extensionUri: vscode.Uri, fs: FileSystem, target: DatabaseTarget): Promise<OpenedRows> {
  return openUploadRows(fs, target, {
    sqlite: { wasm: extensionSqliteWasm(extensionUri) },
    ...(nodeExtensionHost()
      ? {
          postgres: async (url: string) => {
            postgres ??= loadPart<PostgresRowsPart>(extensionUri, 'postgresRows').catch((e: unknown) => {
              postgres = undefined;
              throw e;
            });
            return (await postgres).openPostgresRows(url);
          },
        }
      : { postgresUnavailable: 'PostgreSQL needs the desktop or a remote VS Code: the web host has no network sockets' }),
  });
}
