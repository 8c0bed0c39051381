import * as vscode from 'vscode';
import { DIAGNOSTICS_TEST_API_COMMAND } from '../commandIds';
import type { ProjectModels } from '../projectModels';
import { FindingCodeActionProvider, FIX_SELECTOR, registerCreateFoldersCommand } from './codeActions';
import { registerDiagnosticDocsCommand } from './diagnosticDocs';
import { DiagnosticsManager, type RunReport } from './diagnosticsManager';

export { DIAGNOSTIC_SOURCE } from './convert';
export type { RunReport } from './diagnosticsManager';

/** What the integration tests read (`djangoMedia.diagnostics.testApi`; not in the manifest, so not in the palette). */
export interface DiagnosticsTestApi {
  /** Resolves once every project has been checked and nothing is scheduled or running. */
  whenIdle(): Promise<void>;
  /** Fires after each check run. */
  readonly onDidRun: vscode.Event<RunReport>;
  /** The latest runs, oldest first. */
  readonly reports: readonly RunReport[];
}

/**
 * Django Media's diagnostics (source `django-media`) for every project of the workspace, kept
 * current as settings, templates and code change, with quick fixes for the findings that have
 * them. Settings: `djangoMedia.diagnostics.enable`, `djangoMedia.diagnostics.severity`,
 * `djangoMedia.djangoVersion`. One Disposable owns it all.
 */
export function registerDiagnosticsSupport(models: ProjectModels, log: vscode.LogOutputChannel): vscode.Disposable {
  const manager = new DiagnosticsManager(models, log);
  const testApi: DiagnosticsTestApi = {
    whenIdle: () => manager.whenIdle(),
    onDidRun: manager.onDidRun,
    get reports() {
      return manager.reports;
    },
  };
  return vscode.Disposable.from(
    manager,
    vscode.languages.registerCodeActionsProvider(FIX_SELECTOR, new FindingCodeActionProvider(manager), FindingCodeActionProvider.metadata),
    registerCreateFoldersCommand(manager, log),
    registerDiagnosticDocsCommand(manager.docs, log),
    vscode.commands.registerCommand(DIAGNOSTICS_TEST_API_COMMAND, () => testApi),
  );
}
