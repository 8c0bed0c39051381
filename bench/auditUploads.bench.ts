// Budget (uploads audit, issue #15): 1,000,000 rows and 200,000 files audited in < 10 s, with
// progress, cancellable, memory bounded. MEDIA_ROOT is generated on disk (NodeFileSystem, 200
// folders of 1,000 files); the rows come from memory (reading them from SQLite is benched on its
// own: auditRows.bench.ts), so this measures the walk, the name sets, the missing checks and the
// lists. 1,000,000 rows name 190,000 of the files (many rows share a file) plus 10,000 missing
// names; 10,000 files are orphans.
// Run: npx tsc -p tsconfig.test.json && node --expose-gc out/bench/auditUploads.bench.js [--keep]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE } from '../src/core/mediaIndex';
import { auditUploads } from '../src/core/uploads/auditUploads';
import type { FileFieldInfo, UploadRow, UploadRowSource } from '../src/core/uploads/types';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { budgetReporter } from './benchHelpers';

const FILES = 200_000;
const ROWS = 1_000_000;
const FOLDERS = 200;
const BUDGET_MS = 10_000;
const CANCEL_BUDGET_MS = 500;
const MEMORY_BUDGET_MB = 200;

const nameOf = (i: number): string => `photos/${String(i % FOLDERS).padStart(3, '0')}/img${i}.jpg`;

/** Rows as a database cursor hands them over: batches of 5,000. */
class GeneratedRows implements UploadRowSource {
  readonly engine = 'sqlite';
  async readColumn(_q: unknown, onRows: (rows: UploadRow[]) => void, token?: { readonly aborted: boolean }): Promise<void> {
    for (let start = 0; start < ROWS; start += 5000) {
      if (token?.aborted) return;
      const batch: UploadRow[] = [];
      for (let i = start; i < start + 5000; i++) {
        // Rows 0…989,999 name files 0…189,999 (several rows per file); the last 10,000 name files that do not exist.
        batch.push({ pk: String(i + 1), name: i < ROWS - 10_000 ? nameOf(i % (FILES - 10_000)) : nameOf(FILES + i) });
      }
      onRows(batch);
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  async close(): Promise<void> {}
}

const field: FileFieldInfo = {
  app: 'gallery',
  model: 'Photo',
  field: 'image',
  fieldClass: 'django.db.models.ImageField',
  table: 'gallery_photo',
  column: 'image',
  pkColumn: 'id',
  uploadTo: { kind: 'string', value: 'photos/', strftime: false, folder: 'photos/' },
  storage: { kind: 'default' },
  null: false,
  blank: false,
  range: { file: '/p/gallery/models.py', line: 5, column: 5, endLine: 5, endColumn: 40 },
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dm-audit-bench-'));
  const root = join(dir, 'media');
  try {
    const t0 = performance.now();
    for (let f = 0; f < FOLDERS; f++) mkdirSync(join(root, 'photos', String(f).padStart(3, '0')), { recursive: true });
    for (let i = 0; i < FILES; i++) writeFileSync(join(root, nameOf(i)), '');
    console.log(`generated ${FILES.toLocaleString('en-US')} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const fs = new NodeFileSystem();
    const exclude = compileMediaExclude(DEFAULT_MEDIA_EXCLUDE);
    const { report, allWithin } = budgetReporter('auditUploads');

    global.gc?.();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    let progress = 0;
    const started = performance.now();
    const result = await auditUploads(fs, { mediaRoot: root, fields: [field], rows: new GeneratedRows(), exclude, matchesUploadTo: (_u, n) => n.startsWith('photos/') }, { onProgress: () => progress++ });
    const ms = performance.now() - started;
    clearInterval(sampler);
    const c = result.counts;
    report('full', ms, BUDGET_MS, `${c.files.toLocaleString('en-US')} files, ${c.rows.toLocaleString('en-US')} rows, ${c.orphans.toLocaleString('en-US')} orphans, ${c.missingFiles.toLocaleString('en-US')} rows with missing files, ${progress.toLocaleString('en-US')} progress calls`);
    const mb = peak / 1024 / 1024;
    console.log(`auditUploads.peakHeap: ${mb.toFixed(0)} MB (budget < ${MEMORY_BUDGET_MB} MB) ${mb < MEMORY_BUDGET_MB ? 'ok' : 'OVER'}`);
    const right = c.files === FILES && c.rows === ROWS && c.orphans === 10_000 && c.missingFiles === 10_000;
    if (!right) console.log(`auditUploads: WRONG counts ${JSON.stringify(c)}`);

    // Cancelled once the rows start: it must stop within a fraction of a second.
    const token = { aborted: false };
    let cancelledAt = 0;
    const cancelled = await auditUploads(
      fs,
      { mediaRoot: root, fields: [field], rows: new GeneratedRows(), exclude },
      {
        token,
        onProgress: (p) => {
          if (p.phase === 'rows' && !token.aborted) {
            token.aborted = true;
            cancelledAt = performance.now();
          }
        },
      },
    );
    report('cancel', performance.now() - cancelledAt, CANCEL_BUDGET_MS, `aborted: ${cancelled.aborted}`);
    process.exitCode = allWithin() && right && mb < MEMORY_BUDGET_MB && cancelled.aborted ? 0 : 1;
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
