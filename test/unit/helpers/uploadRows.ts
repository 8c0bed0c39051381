import assert from 'node:assert/strict';
import type { UploadRow, UploadRowSource } from '../../../src/core/uploads/types';

/** Every row of `table.column`, sorted by pk (numerically when numeric). */
export async function readAllRows(source: UploadRowSource, table: string, column: string, pkColumn = 'id'): Promise<UploadRow[]> {
  const rows: UploadRow[] = [];
  await source.readColumn({ table, column, pkColumn }, (batch) => rows.push(...batch));
  return rows.sort((a, b) => a.pk.localeCompare(b.pk, 'en', { numeric: true }));
}

/**
 * Asserts what every UploadRowSource promises about a column of 25,000 non-empty values: batches
 * of 10,000, and a token aborted during the first batch ends the read after it.
 */
export async function assertBatchesAndAbort(source: UploadRowSource, table: string, column: string): Promise<void> {
  const sizes: number[] = [];
  await source.readColumn({ table, column, pkColumn: 'id' }, (rows) => sizes.push(rows.length));
  assert.deepEqual(sizes, [10000, 10000, 5000]);
  const token = { aborted: false };
  const seen: number[] = [];
  await source.readColumn({ table, column, pkColumn: 'id' }, (rows) => {
    seen.push(rows.length);
    token.aborted = true;
  }, token);
  assert.deepEqual(seen, [10000]);
}

/** Rows of a Django-like blog_post table, as SQL both SQLite and PostgreSQL take after
 *  `INSERT INTO blog_post (title, cover, attachment) VALUES`: a NULL and empty values among them. */
export const BLOG_POST_VALUES = `
    ('one', 'covers/2024/01/a.png', 'files/a.pdf'),
    ('two', NULL, ''),
    ('three', '', 'files/c.pdf'),
    ('four', 'covers/ünïcode name.png', 'files/d.pdf')`;

/** What a reader must give for BLOG_POST_VALUES: the non-empty values only, with their pks. */
export async function assertBlogPostRows(source: UploadRowSource): Promise<void> {
  assert.deepEqual(await readAllRows(source, 'blog_post', 'cover'), [
    { pk: '1', name: 'covers/2024/01/a.png' },
    { pk: '4', name: 'covers/ünïcode name.png' },
  ]);
  assert.deepEqual(await readAllRows(source, 'blog_post', 'attachment'), [
    { pk: '1', name: 'files/a.pdf' },
    { pk: '3', name: 'files/c.pdf' },
    { pk: '4', name: 'files/d.pdf' },
  ]);
}
