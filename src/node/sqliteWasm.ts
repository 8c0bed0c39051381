import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqliteWasmLoader } from '../core/uploads/sqliteRows';

/** The name scripts/build.mjs gives sql.js's WebAssembly module in dist/. */
export const SQLITE_WASM_FILE = 'sql-wasm.wasm';

/**
 * Where sql-wasm.wasm is: next to the running bundle (dist/, where scripts/build.mjs copies it for
 * the CLI), else in node_modules/sql.js/dist (unit tests and benchmarks run from out/).
 */
export function sqliteWasmPath(): string {
  const beside = join(__dirname, SQLITE_WASM_FILE);
  if (existsSync(beside)) return beside;
  return require.resolve(`sql.js/dist/${SQLITE_WASM_FILE}`);
}

let bytes: Promise<Uint8Array> | undefined;

/** Reads sql-wasm.wasm once per process (the same function object, so sql.js is set up once too). */
export const nodeSqliteWasm: SqliteWasmLoader = () => {
  bytes ??= readFile(sqliteWasmPath()).catch((e: unknown) => {
    bytes = undefined;
    throw e;
  });
  return bytes;
};
