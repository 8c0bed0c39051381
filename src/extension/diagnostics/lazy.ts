import * as vscode from 'vscode';
import { DIAGNOSTICS_TEST_API_COMMAND } from '../commandIds';
import { loadPart } from '../lazyParts';
import type { ProjectModels } from '../projectModels';
import type * as part from './index';

/**
 * Registers the diagnostics, whose checks (and their YAML and TOML parsers) are not needed to
 * activate: they come from dist/diagnostics.js, loaded right after activation while the first
 * analysis runs. The test API command is there from the start and answers once the part is in.
 */
export function registerDiagnosticsSupport(models: ProjectModels, log: vscode.LogOutputChannel, extensionUri: vscode.Uri): vscode.Disposable {
  let disposed = false;
  const support = loadPart<typeof part>(extensionUri, 'diagnostics').then(
    (m) => {
      if (disposed) return undefined;
      return m.createDiagnosticsSupport(models, log);
    },
    (e: unknown) => {
      log.error(`Loading the diagnostics failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    },
  );
  const command = vscode.commands.registerCommand(DIAGNOSTICS_TEST_API_COMMAND, async () => (await support)?.testApi);
  return new vscode.Disposable(() => {
    disposed = true;
    command.dispose();
    void support.then((s) => s?.dispose());
  });
}
