import * as vscode from 'vscode';
import { FIND_UNUSED_MEDIA_COMMAND, MEDIA_AUDIT_COMMANDS, MEDIA_TREE_COMMANDS, REVEAL_IN_MEDIA_EXPLORER_COMMAND, registeredCommands } from '../../commandIds';
import { copyPk, moveOrphansToTrash } from './auditCommands';
import type { MediaCommand, MediaCommandContext } from './commandContext';
import { copyMediaPrefixSnippet, copyMediaUrlSnippet, copyStorageName, copyUrl, insertUrl } from './copyCommands';
import { createMediaRoot, deleteMedia, newFolder, rename } from './fileCommands';
import { open, openSettingsFile, revealInExplorer, revealInMediaExplorer, revealInOS } from './openCommands';
import { findReferences, findUnusedMedia } from './usageCommands';
import { refresh, search, showMore, sortBy } from './viewCommands';

type MediaCommandId =
  | (typeof MEDIA_TREE_COMMANDS)[keyof typeof MEDIA_TREE_COMMANDS]
  | (typeof MEDIA_AUDIT_COMMANDS)[keyof typeof MEDIA_AUDIT_COMMANDS]
  | typeof REVEAL_IN_MEDIA_EXPLORER_COMMAND
  | typeof FIND_UNUSED_MEDIA_COMMAND;

/** Every command of the Media explorer and its handler (the type requires one handler per id). */
const HANDLERS: Record<MediaCommandId, MediaCommand> = {
  [MEDIA_TREE_COMMANDS.refresh]: refresh,
  [MEDIA_TREE_COMMANDS.showMore]: showMore,
  [MEDIA_TREE_COMMANDS.sortBy]: sortBy,
  [MEDIA_TREE_COMMANDS.search]: search,
  [MEDIA_TREE_COMMANDS.open]: open,
  [MEDIA_TREE_COMMANDS.revealInExplorer]: revealInExplorer,
  [MEDIA_TREE_COMMANDS.revealInOS]: revealInOS,
  [MEDIA_TREE_COMMANDS.copyUrl]: copyUrl,
  [MEDIA_TREE_COMMANDS.copyMediaUrlSnippet]: copyMediaUrlSnippet,
  [MEDIA_TREE_COMMANDS.copyMediaPrefixSnippet]: copyMediaPrefixSnippet,
  [MEDIA_TREE_COMMANDS.copyStorageName]: copyStorageName,
  [MEDIA_TREE_COMMANDS.insertUrl]: insertUrl,
  [MEDIA_TREE_COMMANDS.newFolder]: newFolder,
  [MEDIA_TREE_COMMANDS.rename]: rename,
  [MEDIA_TREE_COMMANDS.delete]: deleteMedia,
  [MEDIA_TREE_COMMANDS.findReferences]: findReferences,
  [REVEAL_IN_MEDIA_EXPLORER_COMMAND]: revealInMediaExplorer,
  [FIND_UNUSED_MEDIA_COMMAND]: findUnusedMedia,
  [MEDIA_TREE_COMMANDS.createMediaRoot]: createMediaRoot,
  [MEDIA_TREE_COMMANDS.openSettingsFile]: openSettingsFile,
  [MEDIA_AUDIT_COMMANDS.moveOrphansToTrash]: moveOrphansToTrash,
  [MEDIA_AUDIT_COMMANDS.copyPk]: copyPk,
};

/** Registers every command of the Media explorer; a failing command logs and shows its error. */
export function registerMediaTreeCommands(ctx: MediaCommandContext): vscode.Disposable {
  const registrations = Object.entries(HANDLERS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(ctx, ...args);
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        ctx.log.error(`${id}: ${text}`);
        void vscode.window.showErrorMessage(`Django Media: ${text}`);
        return undefined;
      }
    }),
  );
  for (const id of Object.keys(HANDLERS)) registeredCommands.add(id);
  return vscode.Disposable.from(...registrations, { dispose: () => Object.keys(HANDLERS).forEach((id) => registeredCommands.delete(id)) });
}
