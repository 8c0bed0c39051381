import * as vscode from 'vscode';
import { registerAnalysisLogSupport } from './analysisLog';
import type { DjangoMediaApi } from './api';
import { registerDiagnosticsSupport } from './diagnostics/lazy';
import { registerEditorSupport } from './editor';
import { registerMediaSettingsDocumentSupport } from './mediaSettingsDocument';
import { registerMediaSettingsViewSupport } from './mediaSettingsView';
import { registerMediaTreeSupport } from './mediaTree';
import { editorUploadsAudit } from './mediaTree/uploadsAuditRunner';
import { ProjectModels, type AnalysisPart } from './projectModels';
import { loadPart, nodeExtensionHost } from './lazyParts';
import type { FileSystem } from '../core/fileSystem';
import { YieldingFileSystem } from '../core/yieldingFileSystem';
import { registerSettingsModuleSupport } from './settingsModuleCommands';
import { registerSourceLinkSupport } from './sourceLinks';
import { registerStatusBarSupport } from './statusBar';
import { startTimeline } from './timeline';

/** Composition root: creates the shared model store and registers each feature; VS Code disposes them. */
export function activate(context: vscode.ExtensionContext): DjangoMediaApi {
  const timeline = startTimeline();
  const started = timeline.activatedAt;
  const log = vscode.window.createOutputChannel('Django Media', { log: true });
  let analysis: Promise<AnalysisPart> | undefined;
  const loadAnalysis = () => (analysis ??= loadPart<AnalysisPart>(context.extensionUri, 'analysis'));
  const models = new ProjectModels(log, context.workspaceState, loadAnalysis, diskFileSystem(context.extensionUri, log));
  const analysisLog = registerAnalysisLogSupport(models, log);
  const statusBar = registerStatusBarSupport(models, log);
  const mediaSettingsViews = registerMediaSettingsViewSupport(models, log);
  const editor = registerEditorSupport(models);
  context.subscriptions.push(
    analysisLog,
    statusBar,
    registerMediaSettingsDocumentSupport(models, log),
    mediaSettingsViews,
    registerSettingsModuleSupport(models),
    registerSourceLinkSupport(),
    registerDiagnosticsSupport(models, log, context.extensionUri),
    editor,
    registerMediaTreeSupport(models, log, context.workspaceState, editorUploadsAudit(context.extensionUri)),
    // Trust lifts Restricted Mode: the workspace's values of the restricted settings and env files
    // outside the project now count, so every model is computed again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: re-analysing with the workspace settings and env files outside the project');
      void models.refresh();
    }),
    models,
    log,
  );
  // The first model needs the analysis part: read it while the projects are being looked for.
  setTimeout(() => void loadAnalysis().catch(() => undefined), 0);
  const activationMs = performance.now() - started;
  const host = `${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, ${vscode.env.remoteName ?? 'local'} extension host`;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (${host})`);
  return { activationMs, models, statusBar, mediaSettingsViews, log, editor, timeline };
}

/**
 * The disk, reached with Node's own file functions (src/node/nodeFileSystem.ts, a part for the Node
 * extension host only), for `file` workspace folders: the extension host runs where those files are
 * (on the remote machine in a remote window). vscode.workspace.fs answers a stat or a read in ~5 ms
 * there, Node in ~0.1 ms, and the analysis of a large project makes thousands of calls. The web
 * worker host, and any other scheme, keep vscode.workspace.fs.
 */
function diskFileSystem(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<FileSystem | undefined> {
  if (!nodeExtensionHost()) return Promise.resolve(undefined);
  return loadPart<{ NodeFileSystem: new (options: { synchronous: 'while-fast' }) => FileSystem }>(extensionUri, 'diskFileSystem').then(
    // Synchronous calls while the disk answers quickly: they cost the shared event loop far less.
    // Each resolves at once, so a scan would hold the loop for as long as it runs: whoever reads
    // through this gives the loop a turn every few milliseconds.
    (part) => new YieldingFileSystem(new part.NodeFileSystem({ synchronous: 'while-fast' })),
    (e: unknown) => {
      log.warn(`Reading files through vscode.workspace.fs (the direct disk reader did not load: ${e instanceof Error ? e.message : String(e)})`);
      return undefined;
    },
  );
}

/** Everything is owned by context.subscriptions. */
export function deactivate(): void {}
