/**
 * Reads the file-field columns of a development SQLite database through a WebAssembly SQLite
 * (sql.js), so that it works in the desktop, remote and web extension hosts alike. The file's bytes
 * come through the core's FileSystem port (a ConfinedFileSystem decides whether they may be read)
 * and are opened as a copy in memory: the file on disk is never opened by SQLite, so no lock is taken
 * that a running dev server would meet, and nothing can be written back.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js/dist/sql-wasm-browser.js';
import type { FileSystem } from '../fileSystem';
import { MAX_SQLITE_BYTES, quoteIdentifier, type OpenedRows } from './rowSource';
import type { UploadRow, UploadRowSource } from './types';
import { applyWal, isWalMode, markRollbackMode } from './sqliteWal';

export { MAX_SQLITE_BYTES, quoteIdentifier, type OpenedRows } from './rowSource';

/** Rows handed to `onRows` at once. */
const BATCH_ROWS = 10_000;
/** Longest stretch of stepping before the reader lets other work (a cancel click) run. */
const SLICE_MS = 25;

/**
 * Supplies the bytes of sql.js's `sql-wasm.wasm`. The core cannot read it itself (it has no file
 * access of its own): src/node/sqliteWasm.ts reads it from node_modules or dist/, the extension from
 * its own dist/ folder through vscode.workspace.fs.
 */
export type SqliteWasmLoader = () => Promise<Uint8Array>;

/** How openSqliteRows reads the database. */
export interface SqliteRowsOptions {
  wasm: SqliteWasmLoader;
  /** Largest file (and -wal file) read; MAX_SQLITE_BYTES by default. The FileSystem given must
   *  allow reads this large (a ConfinedFileSystem's `maxFileBytes`). */
  maxBytes?: number;
}

const initialised = new WeakMap<SqliteWasmLoader, Promise<SqlJsStatic>>();

/** sql.js, initialised once per wasm loader (compiling the module takes tens of milliseconds). */
function sqlJs(wasm: SqliteWasmLoader): Promise<SqlJsStatic> {
  let p = initialised.get(wasm);
  if (!p) {
    p = wasm().then((wasmBinary) => initSqlJs({ wasmBinary }));
    initialised.set(wasm, p);
    p.catch(() => initialised.delete(wasm));
  }
  return p;
}

const megabytes = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;
const decoder = new TextDecoder('utf-8', { fatal: false });
const SQLITE_MAGIC = 'SQLite format 3\u0000';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens the SQLite database at `path` (absolute, read through `fs`) for reading. Never rejects: a
 * database that cannot be read gives `source: undefined` and the reason in `status`. With `source`,
 * `status.reason` and `source.note` say what the copy may lack (a -wal file that could not be
 * applied, a write in progress).
 */
export async function openSqliteRows(fs: FileSystem, path: string, options: SqliteRowsOptions): Promise<OpenedRows> {
  const maxBytes = options.maxBytes ?? MAX_SQLITE_BYTES;
  const fail = (reason: string): OpenedRows => ({ source: undefined, status: { read: false, engine: 'sqlite', reason } });
  const st = await fs.stat(path);
  if (!st) {
    const denied = await fs.denial?.(path);
    return fail(denied ? `the SQLite file may not be read (${path}: ${denied})` : `the file does not exist yet: run migrate (${path})`);
  }
  if (st.type !== 'file') return fail(`the SQLite database ${path} is not a file`);
  if (st.size > maxBytes) return fail(`the SQLite file is larger than ${megabytes(maxBytes)} (${megabytes(st.size)}): it is not read`);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    return fail(`the SQLite file could not be read: ${message(e)}`);
  }
  if (bytes.length > 0 && (bytes.length < 100 || decoder.decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC)) {
    return fail(`${path} is not an SQLite database`);
  }

  let note: string | undefined;
  if (!isWalMode(bytes) && (await hotJournal(fs, `${path}-journal`))) {
    note = 'a write was in progress while the database was read (a -journal file is open): rows may be missing or changed, run the audit again';
  }
  if (isWalMode(bytes)) {
    const walPath = `${path}-wal`;
    const walStat = await fs.stat(walPath);
    let applied = false;
    if (walStat && walStat.size > 0) {
      const missing = 'recent writes may be missing';
      if (walStat.size > maxBytes) {
        note = `the -wal file is larger than ${megabytes(maxBytes)} and was not read: ${missing}`;
      } else {
        try {
          const wal = applyWal(bytes, await fs.readFile(walPath));
          if (!wal.ok) note = `${wal.reason}: ${missing}`;
          else if (wal.frames > 0) [bytes, applied] = [wal.bytes, true];
        } catch (e) {
          note = `the -wal file could not be read (${message(e)}): ${missing}`;
        }
      }
    }
    // A port may hand out a buffer it keeps (a snapshot): change only a copy of our own.
    if (!applied) bytes = bytes.slice();
    markRollbackMode(bytes);
  }

  let db: Database;
  try {
    const SQL = await sqlJs(options.wasm);
    db = new SQL.Database(bytes);
    // Defence in depth: the copy is in memory, but nothing here has a reason to change it.
    db.run('PRAGMA query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').free();
  } catch (e) {
    return fail(`the SQLite database could not be opened: ${message(e)}`);
  }
  return { source: new SqliteRows(db, note), status: note ? { read: true, engine: 'sqlite', reason: note } : { read: true, engine: 'sqlite' } };
}

/** The first bytes of a rollback journal that holds pages to restore (sqlite.org/fileformat2.html#rollbackjournal). */
const JOURNAL_MAGIC = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

/**
 * True when `journal` is a hot rollback journal: a writer was changing the main file when it was
 * read (a journal left with a zeroed header, as journal_mode=PERSIST leaves it, is not).
 */
async function hotJournal(fs: FileSystem, journal: string): Promise<boolean> {
  const st = await fs.stat(journal);
  if (!st || st.type !== 'file' || st.size < JOURNAL_MAGIC.length) return false;
  try {
    const head = fs.readFileHead ? await fs.readFileHead(journal, JOURNAL_MAGIC.length) : st.size <= 1024 * 1024 ? await fs.readFile(journal) : undefined;
    return head !== undefined && JOURNAL_MAGIC.every((b, i) => head[i] === b);
  } catch {
    return false;
  }
}

/** An UploadRowSource over an SQLite database held in memory. */
class SqliteRows implements UploadRowSource {
  readonly engine = 'sqlite';
  private db: Database | undefined;

  constructor(db: Database, readonly note: string | undefined) {
    this.db = db;
  }

  private all(sql: string, params: SqlValue[]): SqlValue[][] {
    const stmt = this.db!.prepare(sql, params);
    try {
      const rows: SqlValue[][] = [];
      while (stmt.step()) rows.push(stmt.get());
      return rows;
    } finally {
      stmt.free();
    }
  }

  /** The table's columns by lowercased name (SQLite matches names without regard to case). */
  private columns(table: string): Set<string> {
    return new Set(this.all('SELECT name FROM pragma_table_info(?)', [table]).map((r) => String(r[0]).toLowerCase()));
  }

  async readColumn(
    query: { table: string; column: string; pkColumn: string },
    onRows: (rows: UploadRow[]) => void,
    token?: { readonly aborted: boolean },
  ): Promise<void> {
    if (!this.db) throw new Error('the SQLite database is closed');
    const { table, column, pkColumn } = query;
    const columns = this.columns(table);
    if (columns.size === 0) throw new Error(`table ${table} does not exist: run migrate`);
    for (const c of [column, pkColumn]) {
      if (!columns.has(c.toLowerCase())) throw new Error(`column ${table}.${c} does not exist: run migrate`);
    }
    const col = quoteIdentifier(column);
    // The pk as text: SQLite integers go up to 2^63, beyond what a JavaScript number holds exactly.
    const stmt = this.db.prepare(
      `SELECT CAST(${quoteIdentifier(pkColumn)} AS TEXT), ${col} FROM ${quoteIdentifier(table)} WHERE ${col} IS NOT NULL AND ${col} <> ''`,
    );
    try {
      let batch: UploadRow[] = [];
      let sliceStart = performance.now();
      while (!token?.aborted && this.db && stmt.step()) {
        const [pk, name] = stmt.get();
        batch.push({ pk: pk === null ? '' : String(pk), name: typeof name === 'string' ? name : name instanceof Uint8Array ? decoder.decode(name) : String(name) });
        if (batch.length === BATCH_ROWS) {
          onRows(batch);
          batch = [];
          if (performance.now() - sliceStart > SLICE_MS) {
            await new Promise<void>((resolve) => setTimeout(resolve, 0));
            sliceStart = performance.now();
          }
        }
      }
      if (!this.db) throw new Error('the SQLite database was closed while it was read');
      if (batch.length > 0 && !token?.aborted) onRows(batch);
    } finally {
      // close() during a pause has freed the statement with the database.
      if (this.db) stmt.free();
    }
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
