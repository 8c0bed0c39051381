/**
 * A database in WAL mode (what a running dev server's SQLite often is) keeps its recent commits in
 * "<name>-wal" until a checkpoint copies them into the main file. The WebAssembly SQLite opens a
 * copy of the bytes in memory and cannot see that file, so the reader folds the committed frames
 * into its copy first, the way a checkpoint would — without touching either file on disk.
 *
 * The WAL format (sqlite.org/fileformat2.html#walformat): a 32-byte header (magic, version, page
 * size, checkpoint sequence, two salts, a checksum), then frames of a 24-byte header (page number,
 * the database size in pages for the last frame of a commit, else 0, the two salts, a running
 * checksum) and one page. A frame counts only while its salts match the header's and the running
 * checksum holds; only the frames up to the last valid commit frame are committed.
 */

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** Offsets 18 and 19 of an SQLite header: the file format's write and read versions, 2 for WAL. */
export const WAL_MODE_VERSION = 2;

/** True when the database header says WAL mode. */
export function isWalMode(db: Uint8Array): boolean {
  return db.length >= 20 && (db[18] === WAL_MODE_VERSION || db[19] === WAL_MODE_VERSION);
}

/**
 * Makes a copy read as a rollback-journal database: SQLite then does not look for a "-wal" file
 * (which the in-memory copy never has), and reads exactly the pages given.
 */
export function markRollbackMode(db: Uint8Array): void {
  if (db.length >= 20) {
    db[18] = 1;
    db[19] = 1;
  }
}

/** What folding a WAL file into a database gave. */
export type WalResult =
  | { ok: true; bytes: Uint8Array; /** Committed frames applied. */ frames: number }
  | { ok: false; reason: string };

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** SQLite's WAL checksum over bytes [start, end) (a multiple of 8), continuing from (s0, s1). */
function checksum(bytes: Uint8Array, start: number, end: number, s: [number, number], bigEndian: boolean): [number, number] {
  let [s0, s1] = s;
  for (let i = start; i < end; i += 8) {
    const x0 = bigEndian ? u32(bytes, i) : ((bytes[i + 3]! << 24) | (bytes[i + 2]! << 16) | (bytes[i + 1]! << 8) | bytes[i]!) >>> 0;
    const x1 = bigEndian
      ? u32(bytes, i + 4)
      : ((bytes[i + 7]! << 24) | (bytes[i + 6]! << 16) | (bytes[i + 5]! << 8) | bytes[i + 4]!) >>> 0;
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** The page size a database header declares (offset 16, big-endian; 1 means 65536), 0 if none. */
function headerPageSize(db: Uint8Array): number {
  if (db.length < 100) return 0;
  const v = (db[16]! << 8) | db[17]!;
  return v === 1 ? 65536 : v;
}

/**
 * The database as a checkpoint of `wal` would leave it: a new array (the inputs are not changed).
 * A WAL with no valid committed frame gives the database unchanged (frames: 0), as SQLite reads it.
 */
export function applyWal(db: Uint8Array, wal: Uint8Array): WalResult {
  if (wal.length < WAL_HEADER) return { ok: true, bytes: db, frames: 0 };
  const magic = u32(wal, 0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return { ok: false, reason: 'the -wal file does not start with a WAL header' };
  const bigEndian = (magic & 1) === 1;
  const pageSize = u32(wal, 8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { ok: false, reason: `the -wal file declares a page size of ${pageSize}` };
  const dbPageSize = headerPageSize(db);
  if (db.length > 0 && dbPageSize !== pageSize) {
    return { ok: false, reason: `the -wal file's page size (${pageSize}) differs from the database's (${dbPageSize})` };
  }
  const salt1 = u32(wal, 16);
  const salt2 = u32(wal, 20);
  let sum = checksum(wal, 0, 24, [0, 0], bigEndian);
  // A header whose checksum fails is one SQLite ignores (with every frame after it).
  if (sum[0] !== u32(wal, 24) || sum[1] !== u32(wal, 28)) return { ok: true, bytes: db, frames: 0 };

  const frames: Array<{ page: number; at: number }> = [];
  let committed = 0;
  let dbPages = 0;
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    const page = u32(wal, at);
    if (page === 0 || u32(wal, at + 8) !== salt1 || u32(wal, at + 12) !== salt2) break;
    sum = checksum(wal, at, at + 8, sum, bigEndian);
    sum = checksum(wal, at + FRAME_HEADER, at + FRAME_HEADER + pageSize, sum, bigEndian);
    if (sum[0] !== u32(wal, at + 16) || sum[1] !== u32(wal, at + 20)) break;
    frames.push({ page, at: at + FRAME_HEADER });
    const size = u32(wal, at + 4);
    if (size !== 0) {
      committed = frames.length;
      dbPages = size;
    }
  }
  if (committed === 0) return { ok: true, bytes: db, frames: 0 };

  const out = new Uint8Array(dbPages * pageSize);
  out.set(db.subarray(0, Math.min(db.length, out.length)));
  for (let i = 0; i < committed; i++) {
    const { page, at } = frames[i]!;
    if (page <= dbPages) out.set(wal.subarray(at, at + pageSize), (page - 1) * pageSize);
  }
  return { ok: true, bytes: out, frames: committed };
}
