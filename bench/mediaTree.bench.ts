// Budgets (media explorer issue), on a generated MEDIA_ROOT of 200,000 files read through NodeFileSystem:
//   - expanding any folder shows its first page within 300 ms (the 100,000-file folder included);
//   - the unused-file scan of all 200,000 files finishes within 10 s, reports progress, and stops
//     promptly when cancelled;
//   - memory stays under 150 MB while browsing and scanning: the peak of the JS heap (what the feature
//     allocates, live or not yet collected), sampled every 10 ms; the process RSS (Node's own ~45 MB
//     included) and the heap retained at the end are printed too.
// The tree has nested year/month folders, one flat folder of 100,000 files, a symlink loop, a folder
// the port refuses to read (permission bits do not stop root, so the port denies it) and names that
// are not valid UTF-8.
// Run: npx tsc -p tsconfig.test.json && node --expose-gc out/bench/mediaTree.bench.js [--keep]
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirEntry } from '../src/core/fileSystem';
import {
  compileMediaExclude,
  DEFAULT_MEDIA_EXCLUDE,
  findUnusedMedia,
  listMediaFolder,
  MediaNameIndex,
  pageOfListing,
  statMediaEntries,
  walkMediaFiles,
  type MediaSortOrder,
} from '../src/core/mediaIndex';
import { findMediaReferences } from '../src/core/media';
import { NodeFileSystem } from '../src/node/nodeFileSystem';

const PAGE = 500;
const FIRST_PAGE_BUDGET_MS = 300;
const SCAN_BUDGET_MS = 10_000;
const MEMORY_BUDGET_MB = 150;

/** NodeFileSystem, except that one folder refuses to be read (as it would for a non-root user). */
class BenchFileSystem extends NodeFileSystem {
  constructor(private readonly denied: string) {
    super();
  }
  override async readDirectory(path: string): Promise<DirEntry[]> {
    if (path === this.denied) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    return super.readDirectory(path);
  }
}

let peakRss = 0;
let peakHeap = 0;
function sampleRss(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

/** Collects garbage between measured steps (run with --expose-gc), so one step's garbage does not count against the next. */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function generate(root: string): number {
  let files = 0;
  const touch = (path: string | Buffer): void => {
    writeFileSync(path, '');
    files++;
  };
  // Nested: 10 years × 12 months × 834 files ≈ 100,000.
  for (let y = 2015; y < 2025; y++) {
    for (let m = 1; m <= 12; m++) {
      const dir = join(root, 'photos', String(y), String(m).padStart(2, '0'));
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 834; i++) touch(join(dir, `IMG_${y}${m}_${i}.jpg`));
    }
  }
  const bulk = join(root, 'bulk');
  mkdirSync(bulk);
  for (let i = 0; i < 100_000; i++) touch(join(bulk, `upload_${i}.png`));
  // A loop: photos/2020/01/again -> MEDIA_ROOT.
  symlinkSync(root, join(root, 'photos', '2020', '01', 'again'));
  mkdirSync(join(root, 'locked'));
  touch(join(root, 'locked', 'secret.png'));
  mkdirSync(join(root, 'odd'));
  for (const bytes of [[0x63, 0x61, 0x66, 0xe9], [0xff, 0xfe, 0x41], [0xc3, 0x28]]) {
    touch(Buffer.concat([Buffer.from(join(root, 'odd') + '/'), Buffer.from(bytes), Buffer.from('.png')]));
  }
  writeFileSync(join(root, '.DS_Store'), '');
  return files;
}

async function timeExpand(fs: NodeFileSystem, root: string, folder: string, sort: MediaSortOrder): Promise<{ ms: number; shown: number; total: number; note?: string; error?: string }> {
  settle();
  const t0 = performance.now();
  const listing = await listMediaFolder(fs, root, folder, { sort, exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE) });
  const page = pageOfListing(listing, PAGE);
  await statMediaEntries(fs, page.entries);
  const ms = performance.now() - t0;
  sampleRss();
  return { ms, shown: page.entries.length, total: listing.total, ...(listing.sortNote ? { note: listing.sortNote } : {}), ...(listing.error ? { error: listing.error } : {}) };
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const base = mkdtempSync(join(tmpdir(), 'django-media-tree-bench-'));
  const root = join(base, 'media');
  mkdirSync(root);
  let ok = true;
  const check = (label: string, pass: boolean, text: string): void => {
    ok &&= pass;
    console.log(`${pass ? '✓' : '✗'} mediaTree.${label}: ${text}`);
  };
  try {
    const t0 = performance.now();
    const files = generate(root);
    console.log(`generated ${files.toLocaleString('en-US')} files in ${((performance.now() - t0) / 1000).toFixed(1)} s under ${root}`);
    settle();
    peakRss = 0;
    sampleRss();
    const sampler = setInterval(sampleRss, 10);
    const fs = new BenchFileSystem(join(root, 'locked'));

    // 1. Expanding folders (a cold first run, then the median of 5).
    const cases: Array<[string, string, MediaSortOrder]> = [
      ['root', '', 'name'],
      ['flat100k', 'bulk', 'name'],
      ['flat100k.sortBySize', 'bulk', 'size'],
      ['nested', 'photos/2019/07', 'name'],
      ['nested.sortByDate', 'photos/2019/07', 'modified'],
      ['symlinkLoop', 'photos/2020/01/again/photos/2020/01', 'name'],
      ['unreadable', 'locked', 'name'],
      ['notUtf8', 'odd', 'name'],
    ];
    for (const [label, folder, sort] of cases) {
      const runs = [];
      for (let i = 0; i < 6; i++) runs.push(await timeExpand(fs, root, folder, sort));
      const cold = runs[0]!;
      const warm = runs.slice(1).map((r) => r.ms).sort((a, b) => a - b)[2]!;
      const last = runs[runs.length - 1]!;
      const detail = last.error ? `error "${last.error}"` : `${last.shown} of ${last.total.toLocaleString('en-US')} shown`;
      check(`expand.${label}`, cold.ms < FIRST_PAGE_BUDGET_MS, `first page in ${cold.ms.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm (budget ${FIRST_PAGE_BUDGET_MS} ms); ${detail}${last.note ? `; ${last.note}` : ''}`);
    }
    settle();
    // "Show more…" on the 100k folder: the listing is kept, the next page only stats 500 entries.
    const listing = await listMediaFolder(fs, root, 'bulk');
    const t1 = performance.now();
    const more = pageOfListing(listing, PAGE * 2);
    await statMediaEntries(fs, more.entries);
    check('showMore', performance.now() - t1 < FIRST_PAGE_BUDGET_MS, `next ${PAGE} entries in ${(performance.now() - t1).toFixed(0)} ms, ${more.remaining.toLocaleString('en-US')} left`);

    // 2. The unused scan over everything, with references to a few files and one missing file.
    const template = ['photos/2019/07/IMG_20197_1.jpg', 'bulk/upload_42.png', 'photos/gone.jpg'].map((n) => `<img src="/media/${n}">`).join('\n');
    const references = findMediaReferences(template, 'django-html', { file: '/site/templates/a.html', mediaUrl: '/media/', mediaRoot: root });
    let progressCalls = 0;
    settle();
    const t2 = performance.now();
    const report = await findUnusedMedia(fs, { mediaRoot: root, references, exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE) }, { onProgress: () => progressCalls++ });
    const scanMs = performance.now() - t2;
    check(
      'unusedScan',
      scanMs < SCAN_BUDGET_MS && report.walk.files >= 200_000 && report.missingCount === 1 && !report.aborted,
      `${report.walk.files.toLocaleString('en-US')} files in ${(scanMs / 1000).toFixed(2)} s (budget ${SCAN_BUDGET_MS / 1000} s), ${progressCalls} progress updates; ` +
        `${report.unusedCount.toLocaleString('en-US')} unused (${report.unused.length} listed), ${report.usedCount} used, ${report.missingCount} missing; ` +
        `unreadable: [${report.walk.unreadable.join(', ')}], links not followed: ${report.walk.skippedLinks}${report.walk.truncated ? `, ${report.walk.truncated}` : ''}`,
    );

    settle();
    // 3. Cancelling the scan after 300 ms.
    const token = { aborted: false };
    const t3 = performance.now();
    setTimeout(() => (token.aborted = true), 300);
    const cancelled = await findUnusedMedia(fs, { mediaRoot: root, references }, { token });
    const cancelMs = performance.now() - t3;
    check('unusedScan.cancel', cancelled.aborted && cancelMs < 1_000, `cancelled at 300 ms, returned after ${cancelMs.toFixed(0)} ms with ${cancelled.walk.files.toLocaleString('en-US')} files seen`);

    settle();
    // 4. Quick-pick search: names arrive in batches while walking; each keystroke searches all of them.
    const index = new MediaNameIndex();
    const t4 = performance.now();
    let firstBatchMs = -1;
    await walkMediaFiles(fs, root, {
      onFiles: (batch) => {
        if (firstBatchMs < 0) firstBatchMs = performance.now() - t4;
        index.add(batch.map((f) => f.storageName));
      },
    });
    const walkMs = performance.now() - t4;
    const t5 = performance.now();
    const hits = index.search('upload_9999', 200);
    const searchMs = performance.now() - t5;
    sampleRss();
    check('search', firstBatchMs < FIRST_PAGE_BUDGET_MS && searchMs < 100, `first names after ${firstBatchMs.toFixed(0)} ms, all ${index.size.toLocaleString('en-US')} in ${(walkMs / 1000).toFixed(2)} s; one query over all of them ${searchMs.toFixed(1)} ms (${hits.length} hits, best ${hits[0]?.storageName})`);

    clearInterval(sampler);
    sampleRss();
    // What stays while the explorer is open: the 100k listing, the scan report and the search index.
    settle();
    const retainedMb = process.memoryUsage().heapUsed / 1024 / 1024;
    const heapMb = peakHeap / 1024 / 1024;
    check(
      'memory',
      heapMb < MEMORY_BUDGET_MB,
      `peak JS heap ${heapMb.toFixed(0)} MB (budget ${MEMORY_BUDGET_MB} MB); peak process RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB; ` +
        `retained after GC with the 100k listing, the scan report and ${index.size.toLocaleString('en-US')} searchable names: ${retainedMb.toFixed(0)} MB`,
    );
    if (listing.total + report.unused.length === 0) throw new Error('nothing was kept alive: the retained figure would be meaningless');
  } finally {
    if (keep) console.log(`kept ${base}`);
    else rmSync(base, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

void main();
