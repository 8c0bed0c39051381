import { ConfinedFileSystem } from '../core/confinedFileSystem';
import { databaseTarget } from '../core/uploads/databaseTarget';
import { modelCatalogue } from '../core/uploads/modelCatalogue';
import type { UploadsAuditParts } from '../core/uploads/projectUploadsAudit';
import { MAX_SQLITE_BYTES } from '../core/uploads/rowSource';
import { matchesUploadTo } from '../core/uploads/uploadFolders';
import { NodeFileSystem } from '../node/nodeFileSystem';

/**
 * The audit's parts under node: the models catalogue, the database DATABASES (or --database-url)
 * names, sql.js with its wasm from the package, PostgreSQL through pg. The database file is read
 * through its own confinement to PATH, whose size cap is the SQLite reader's (the analysis's is
 * far smaller).
 */
export function nodeAuditParts(base: string): UploadsAuditParts {
  const databaseFs = new ConfinedFileSystem(new NodeFileSystem(), { roots: [base], maxFileBytes: MAX_SQLITE_BYTES });
  return {
    catalogue: (fs, model) => modelCatalogue(fs, model),
    target: (model, options) => databaseTarget(model, options),
    open: async (target) => {
      // pg and sql.js load only when an audit opens a database: every other command starts faster.
      const { openUploadRowsInNode } = await import('../node/nodeUploadRows.js');
      const opened = await openUploadRowsInNode(databaseFs, target);
      if (!opened.source) throw new Error(opened.status.reason ?? `the ${target.engine} database cannot be read`);
      return opened.source;
    },
    matchesUploadTo,
  };
}
