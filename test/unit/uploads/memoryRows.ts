/**
 * Test input for the uploads audit: rows held in memory, as a database would return them, behind
 * the UploadRowSource interface (a table that does not exist rejects, like SQLite's "no such table").
 */
import type { FileFieldInfo, UploadRow, UploadRowSource, UploadTo } from '../../../src/core/uploads/types';
import { stringUploadTo } from '../../../src/core/uploads/uploadFolders';

export class MemoryRows implements UploadRowSource {
  readonly engine = 'sqlite';
  note?: string;
  /** Columns read, as "table.column". */
  readonly read: string[] = [];
  closed = false;
  constructor(
    /** "table.column" → rows. */
    private readonly columns: Record<string, UploadRow[]>,
    private readonly batch = 1000,
  ) {}
  async readColumn(query: { table: string; column: string; pkColumn: string }, onRows: (rows: UploadRow[]) => void, token?: { readonly aborted: boolean }): Promise<void> {
    const rows = this.columns[`${query.table}.${query.column}`];
    if (!rows) throw new Error(`no such table: ${query.table}`);
    this.read.push(`${query.table}.${query.column}`);
    for (let i = 0; i < rows.length; i += this.batch) {
      if (token?.aborted) return;
      await Promise.resolve();
      onRows(rows.slice(i, i + this.batch).filter((r) => r.name !== ''));
    }
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A file field as the models catalogue describes one; `uploadTo` a plain string folder by default. */
export function fileField(app: string, model: string, field: string, uploadTo: string | UploadTo = '', extra: Partial<FileFieldInfo> = {}): FileFieldInfo {
  const ut: UploadTo = typeof uploadTo !== 'string' ? uploadTo : uploadTo === '' ? { kind: 'none' } : stringUploadTo(uploadTo);
  return {
    app,
    model,
    field,
    fieldClass: 'django.db.models.FileField',
    table: `${app}_${model.toLowerCase()}`,
    column: field,
    pkColumn: 'id',
    uploadTo: ut,
    storage: { kind: 'default' },
    null: false,
    blank: false,
    range: { file: `/site/${app}/models.py`, line: 1, column: 1, endLine: 1, endColumn: 1 },
    ...extra,
  };
}
