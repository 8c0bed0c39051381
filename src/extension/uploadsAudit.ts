import type * as vscode from 'vscode';
import { ConfinedFileSystem } from '../core/confinedFileSystem';
import type { ProjectModel } from '../core/model';
import { databaseTarget } from '../core/uploads/databaseTarget';
import { modelCatalogue } from '../core/uploads/modelCatalogue';
import { auditProjectUploads, type ProjectUploadsAudit, type ProjectUploadsAuditOptions } from '../core/uploads/projectUploadsAudit';
import { MAX_SQLITE_BYTES } from '../core/uploads/rowSource';
import { matchesUploadTo } from '../core/uploads/uploadFolders';
import { loadPart } from './lazyParts';
import { projectReadFileSystem, type ProjectEntry } from './projectModels';
import type * as database from './uploadsDatabase';

/**
 * The entry of the lazily loaded part dist/uploadsAudit.js (scripts/build.mjs): the uploads audit
 * — the models catalogue, the audit itself — loaded on the first "Find Unused and Missing Media
 * Files", never at activation; the database readers come from their own part (uploadsDatabase) when
 * a database is opened. Load it with `loadPart<typeof import('./uploadsAudit')>(extensionUri, 'uploadsAudit')`.
 */

let readers: Promise<typeof database> | undefined;

/** One project's uploads audit in the editor: its files read through the workspace folder's confinement. */
export function auditInEditor(extensionUri: vscode.Uri, entry: ProjectEntry, model: ProjectModel, options: ProjectUploadsAuditOptions): Promise<ProjectUploadsAudit> {
  return auditProjectUploads(
    projectReadFileSystem(entry),
    model,
    {
      catalogue: (fs, m) => modelCatalogue(fs, m),
      target: (m, o) => databaseTarget(m, o),
      open: async (target) => {
        readers ??= loadPart<typeof database>(extensionUri, 'uploadsDatabase');
        // The analysis's confinement caps reads far below a database: this one has the reader's cap.
        const fs = new ConfinedFileSystem(entry.fs, { roots: [entry.folder.uri.path], maxFileBytes: MAX_SQLITE_BYTES });
        const opened = await (await readers).openUploadRowsInEditor(extensionUri, fs, target);
        if (!opened.source) throw new Error(opened.status.reason ?? `the ${target.engine} database cannot be read`);
        return opened.source;
      },
      matchesUploadTo,
    },
    options,
  );
}
