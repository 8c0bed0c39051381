// Budget (uploads audit, issue 15: 1,000,000 rows and 200,000 files audited in < 10 s): reading the
// file-field values of 1,000,000 rows from a development SQLite database through sqliteRows — the
// file read through NodeFileSystem, the copy opened in sql.js (WebAssembly), the rows streamed in
// batches — takes < 3 s, so the rest of the audit keeps most of the 10 s. Memory: the peak RSS while
// reading (the in-memory copy of the database lives in the wasm heap and sql.js's in-memory file
// system, so it is not in the JS heap), sampled every 10 ms, and the peak JS heap.
// The database is made by SQLite itself (sql.js): a Django-shaped table blog_photo with an integer
// pk, a title, an ImageField "image" (storage names like "photos/2024/05/IMG_000123.jpg", 1 row in
// 50 empty) and a FileField "attachment" (NULL in 9 rows of 10), generated in a child process so
// that its memory does not count.
// Run: npx tsc -p tsconfig.test.json && node --expose-gc out/bench/auditRows.bench.js [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import { openSqliteRows } from '../src/core/uploads/sqliteRows';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { nodeSqliteWasm } from '../src/node/sqliteWasm';
import { budgetReporter } from './benchHelpers';

const ROWS = 1_000_000;
const READ_BUDGET_MS = 3_000;
const RSS_BUDGET_MB = 600;

async function makeDatabase(path: string): Promise<void> {
  const SQL = await initSqlJs({ wasmBinary: await nodeSqliteWasm() });
  const db = new SQL.Database();
  db.run(`
    CREATE TABLE "blog_photo" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL,
      "image" varchar(100) NOT NULL, "attachment" varchar(100) NULL, "created" datetime NOT NULL);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO blog_photo (title, image, attachment, created)
      SELECT 'Photo ' || i,
        CASE WHEN i % 50 = 0 THEN '' ELSE printf('photos/%04d/%02d/IMG_%06d.jpg', 2015 + i % 10, 1 + i % 12, i) END,
        CASE WHEN i % 10 = 0 THEN printf('files/doc_%d.pdf', i) ELSE NULL END,
        '2024-05-01 12:00:00'
      FROM n;`);
  writeFileSync(path, (db as unknown as { export(): Uint8Array }).export());
  db.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dm-bench-rows-'));
  const path = join(dir, 'db.sqlite3');
  const made = performance.now();
  const child = spawnSync(process.execPath, [__filename, '--generate', path], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('generating the database failed');
  const bytes = statSync(path).size;
  console.log(`auditRows: generated ${ROWS.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB, in ${(performance.now() - made).toFixed(0)} ms`);
  (globalThis as { gc?: () => void }).gc?.();
  await nodeSqliteWasm();

  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const { report, allWithin } = budgetReporter('auditRows');
  try {
    const t0 = performance.now();
    const opened = await openSqliteRows(new NodeFileSystem(), path, { wasm: nodeSqliteWasm });
    if (!opened.source) throw new Error(`not opened: ${opened.status.reason}`);
    const tOpen = performance.now() - t0;
    let images = 0;
    let attachments = 0;
    let longest = 0;
    const t1 = performance.now();
    await opened.source.readColumn({ table: 'blog_photo', column: 'image', pkColumn: 'id' }, (rows) => {
      images += rows.length;
      for (const r of rows) longest = Math.max(longest, r.name.length);
    });
    const tImage = performance.now() - t1;
    const t2 = performance.now();
    await opened.source.readColumn({ table: 'blog_photo', column: 'attachment', pkColumn: 'id' }, (rows) => (attachments += rows.length));
    const tAttachment = performance.now() - t2;
    await opened.source.close();
    const total = performance.now() - t0;
    if (images !== ROWS - ROWS / 50 || attachments !== ROWS / 10) throw new Error(`read ${images} images and ${attachments} attachments`);
    console.log(`auditRows: open (read ${(bytes / 1024 / 1024).toFixed(1)} MB + sql.js) ${tOpen.toFixed(0)} ms, image column (${images.toLocaleString('en')} values) ${tImage.toFixed(0)} ms, attachment column (${attachments.toLocaleString('en')} values) ${tAttachment.toFixed(0)} ms`);
    report('read1MRows', total, READ_BUDGET_MS, `${((ROWS / total) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} rows/s`);
  } finally {
    clearInterval(sample);
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
  const rssMb = peakRss / 1024 / 1024;
  console.log(
    `auditRows.peakRss: ${rssMb.toFixed(0)} MB (budget < ${RSS_BUDGET_MB} MB) ${rssMb < RSS_BUDGET_MB ? 'ok' : 'OVER'} — ` +
      `${((peakRss - base.rss) / 1024 / 1024).toFixed(0)} MB over the ${(base.rss / 1024 / 1024).toFixed(0)} MB before reading; peak JS heap ${(peakHeap / 1024 / 1024).toFixed(0)} MB`,
  );
  process.exitCode = allWithin() && rssMb < RSS_BUDGET_MB ? 0 : 1;
}

const generate = process.argv.indexOf('--generate');
if (generate > 0) void makeDatabase(process.argv[generate + 1]!);
else void main();
