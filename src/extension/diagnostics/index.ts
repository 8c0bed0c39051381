import * as vscode from 'vscode';
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

/** The diagnostics feature: one Disposable that owns it all, and what the integration tests read. */
export interface DiagnosticsSupport extends vscode.Disposable {
  readonly testApi: DiagnosticsTestApi;
}

/**
 * Django Media's diagnostics (source `django-media`) for every project of the workspace, kept
 * current as settings, templates and code change, with quick fixes for the findings that have
 * them. Settings: `djangoMedia.diagnostics.enable`, `djangoMedia.diagnostics.severity`,
 * `djangoMedia.djangoVersion`. The entry of the lazily loaded part dist/diagnostics.js (see
 * ./lazy.ts, which registers the test API command at activation).
 */
export function createDiagnosticsSupport(models: ProjectModels, log: vscode.LogOutputChannel): DiagnosticsSupport {
  const manager = new DiagnosticsManager(models, log);
  const testApi: DiagnosticsTestApi = {
    whenIdle: () => manager.whenIdle(),
    onDidRun: manager.onDidRun,
    get reports() {
      return manager.reports;
    },
  };
  const disposable = vscode.Disposable.from(
    manager,
    vscode.languages.registerCodeActionsProvider(FIX_SELECTOR, new FindingCodeActionProvider(manager), FindingCodeActionProvider.metadata),
    registerCreateFoldersCommand(manager, log),
    registerDiagnosticDocsCommand(manager.docs, log),
  );
  return { testApi, dispose: () => disposable.dispose() };
}
