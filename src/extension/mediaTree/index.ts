import * as vscode from 'vscode';
import { MEDIA_TREE_TEST_API_COMMAND } from '../commandIds';
import type { ProjectModels } from '../projectModels';
import { windowPrompts, type MediaCommandContext, type MediaTreePrompts, type UploadsAuditRunner } from './commands/commandContext';
import { registerMediaTreeCommands } from './commands/mediaTreeCommands';
import { MediaAuditProvider } from './mediaAudit';
import { MediaModelsProvider, type ModelsNode } from './mediaModels';
import { mediaTreeConfigChange } from './mediaTreeConfig';
import { MediaDragController, MediaDropProvider } from './mediaDrop';
import type { AuditNode, MediaNode } from './mediaNodes';
import { MediaTreeProvider } from './mediaTreeProvider';
import type { MediaTreeState } from './welcomeState';

export { MEDIA_FILE_MIME } from './mediaDrop';

/**
 * What the Media explorer exposes to tests (through the internal command
 * `djangoMedia.mediaTree.testApi`, or the extension's API if the shell adds it): the providers as
 * VS Code calls them, and a way to answer the confirmations and input boxes commands show.
 */
export interface MediaTreeTestApi {
  readonly provider: MediaTreeProvider;
  readonly audit: MediaAuditProvider;
  readonly modelsView: MediaModelsProvider;
  readonly view: vscode.TreeView<MediaNode>;
  /** The welcome state and its changes; `reason` says why there are no files (single project). */
  readonly state: () => MediaTreeState;
  readonly reason: () => string | undefined;
  readonly onDidChangeState: vscode.Event<MediaTreeState>;
  /** Replaces the prompts (undefined restores the real ones). */
  setPrompts(prompts: MediaTreePrompts | undefined): void;
  /** The drag source of the view and the drop provider editors use (a test cannot drag with a mouse). */
  readonly dragController: MediaDragController;
  readonly dropProvider: MediaDropProvider;
}

/** The Media explorer as a Disposable that also answers tests. */
export interface MediaTreeSupport extends vscode.Disposable {
  readonly testApi: MediaTreeTestApi;
}

/**
 * The "Media Files", "Unused & Missing" and "Models" views of the Django Media container, their commands,
 * the drag of media files into editors, and the drop provider that writes their URLs.
 * Nothing is read before a view is shown or a command runs.
 */
export function registerMediaTreeSupport(
  models: ProjectModels,
  log: vscode.LogOutputChannel,
  memento: vscode.Memento,
  uploadsAudit?: UploadsAuditRunner,
): MediaTreeSupport {
  const provider = new MediaTreeProvider(models, log, memento);
  const audit = new MediaAuditProvider(models);
  const dragController = new MediaDragController();
  const dropProvider = new MediaDropProvider();
  const view = vscode.window.createTreeView<MediaNode>('djangoMedia.mediaFiles', {
    treeDataProvider: provider,
    dragAndDropController: dragController,
    showCollapseAll: true,
    canSelectMany: true,
  });
  provider.view = view;
  provider.updateDescription();
  const auditView = vscode.window.createTreeView<AuditNode>('djangoMedia.mediaAudit', { treeDataProvider: audit, showCollapseAll: true });
  audit.view = auditView;
  const modelsView = new MediaModelsProvider(audit);
  const modelsTree = vscode.window.createTreeView<ModelsNode>('djangoMedia.mediaModels', { treeDataProvider: modelsView, showCollapseAll: true });
  const ctx: MediaCommandContext = { models, provider, audit, view, log, prompts: windowPrompts, uploadsAudit };
  const testApi: MediaTreeTestApi = {
    provider,
    audit,
    modelsView,
    view,
    state: () => provider.currentState,
    reason: () => provider.reason,
    onDidChangeState: provider.onDidChangeState,
    setPrompts: (prompts) => {
      ctx.prompts = prompts ?? windowPrompts;
    },
    dragController,
    dropProvider,
  };
  const disposable = vscode.Disposable.from(
    view,
    auditView,
    modelsTree,
    provider,
    audit,
    modelsView,
    registerMediaTreeCommands(ctx),
    // A pattern filter outranks the built-in path providers (registered for '*'), so that a Shift+drop
    // from the Media Files view writes the media URL by default; other drops carry no media data and
    // this provider returns nothing for them. The drop widget still offers the path instead.
    vscode.languages.registerDocumentDropEditProvider([{ pattern: '**' }, { language: '*' }], dropProvider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const change = mediaTreeConfigChange(e);
      if (change.listing || change.rendering) provider.reloadConfig(change.listing);
    }),
    vscode.commands.registerCommand(MEDIA_TREE_TEST_API_COMMAND, () => testApi),
  );
  return { testApi, dispose: () => disposable.dispose() };
}
