import type * as vscode from 'vscode';
import { loadPart } from '../lazyParts';
import type * as part from '../uploadsAudit';
import type { UploadsAuditRunner } from './commands/commandContext';

/** The uploads audit for the Media explorer: dist/uploadsAudit.js, loaded on the first scan. */
export function editorUploadsAudit(extensionUri: vscode.Uri): UploadsAuditRunner {
  let loaded: Promise<typeof part> | undefined;
  return async (entry, model, options) => {
    loaded ??= loadPart<typeof part>(extensionUri, 'uploadsAudit').catch((e: unknown) => {
      loaded = undefined;
      throw e;
    });
    return (await loaded).auditInEditor(extensionUri, entry, model, options);
  };
}
