import * as vscode from 'vscode';
import { mark } from '../timeline';
import {
  describeMediaReference,
  markdownLink,
  modifiedAt,
  pathSpan,
  referenceAt,
  renderMediaHover,
  renderSettingHover,
  settingAt,
  type HoverAction,
  type HoverRenderer,
} from '../../core/editor';
import { renderUploadToHover, sameModuleUploadTo, uploadFolderContent, uploadToAt } from '../../core/editor/uploadToHover';
import { stringUploadTo } from '../../core/uploads/uploadFolders';
import { relativeToFolder, type ProjectEntry } from '../projectModels';
import { OPEN_SOURCE_COMMAND, REVEAL_IN_MEDIA_EXPLORER_COMMAND, registeredCommands } from '../commandIds';
import { commandUri, sourceLink } from '../sourceLinks';
import { readPreviewOptions } from './editorConfig';
import { lineRange, type EditorState } from './editorState';

const ACTION_COMMANDS: Record<HoverAction, string> = {
  open: 'vscode.open',
  revealInMediaExplorer: REVEAL_IN_MEDIA_EXPLORER_COMMAND,
  revealInExplorer: 'revealInExplorer',
};

const TRUSTED = { enabledCommands: [...Object.values(ACTION_COMMANDS), OPEN_SOURCE_COMMAND] };

/** Whether a command is registered, asked at most every few seconds (getCommands is not free). */
class CommandAvailability {
  private known = new Map<string, { at: number; value: boolean }>();

  async has(command: string): Promise<boolean> {
    if (registeredCommands.has(command)) return true;
    const hit = this.known.get(command);
    // Present stays present; absent is asked again later (the explorer may register after us).
    if (hit && (hit.value || Date.now() - hit.at < 5000)) return hit.value;
    const value = (await vscode.commands.getCommands(true)).includes(command);
    this.known.set(command, { at: Date.now(), value });
    return value;
  }
}

function renderer(entry: ProjectEntry, revealInMediaExplorer: boolean): HoverRenderer {
  return {
    imageSrc: (path) => entry.fs.toUri(path).toString(),
    displayPath: (path) => relativeToFolder(entry, path),
    actionLink: (action, path, label) => {
      if (action === 'revealInMediaExplorer' && !revealInMediaExplorer) return undefined;
      const uri = entry.fs.toUri(path);
      return markdownLink(label, commandUri(ACTION_COMMANDS[action], [uri]), label);
    },
    sourceLink: (range, label) => sourceLink(entry, range, label),
    formatTime: modifiedAt,
  };
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  // No raw HTML: the image is a Markdown image (sized with VS Code's "|width=,height=" suffix), and
  // command links are trusted for these few commands only.
  md.isTrusted = TRUSTED;
  return md;
}

/** Settings files and modules named like settings: where a bare `MEDIA_ROOT = …` is a setting. */
function looksLikeSettingsFile(path: string, filesRead: readonly string[]): boolean {
  return filesRead.includes(path) || /\/settings(\/[^/]+|[^/]*\.py)$/.test(path);
}

/** The hover provider: media references (image preview, facts, links) and media settings (value, origin). */
class MediaHoverProvider implements vscode.HoverProvider {
  private readonly commands = new CommandAvailability();

  constructor(private readonly state: EditorState) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const hover = await this.answer(doc, position, token);
    if (hover) mark('firstHover');
    return hover;
  }

  private async answer(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const media = await this.state.documentMedia(doc);
    if (!media || token.isCancellationRequested) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    const text = doc.lineAt(position.line).text;
    const uploadTo = media.language === 'python' ? uploadToAt(text, column) : undefined;
    if (uploadTo) {
      const root = media.ctx.root;
      const returned = uploadTo.callable !== null ? sameModuleUploadTo(media.path, doc.getText(), uploadTo.callable) : undefined;
      const folder = uploadTo.value !== null ? stringUploadTo(uploadTo.value).folder : (returned?.folder ?? null);
      const where: { folder: string; mediaRoot: string } | { reason: string } =
        root.kind !== 'local'
          ? { reason: root.kind === 'remote' ? `Uploads go to the default storage (${root.backend}), not a local folder.` : root.kind === 'unset' ? 'MEDIA_ROOT is not set.' : `MEDIA_ROOT is unknown: ${root.reason}` }
          : folder !== null
            ? { folder, mediaRoot: root.mediaRoot }
            : { reason: 'The folder is whatever the callable returns; run "Find Unused and Missing Media Files" to see each field\'s folder in the Models view.' };
      const content = 'folder' in where ? await uploadFolderContent(media.entry.fs, where.mediaRoot, where.folder) : undefined;
      if (token.isCancellationRequested) return undefined;
      return new vscode.Hover(markdown(renderUploadToHover(uploadTo, where, content, returned)), lineRange(line, uploadTo.column, uploadTo.endColumn));
    }
    const mention = settingAt(text, column, media.language);
    if (mention && (mention.form !== 'assignment' || looksLikeSettingsFile(media.path, media.model.filesRead))) {
      const md = renderSettingHover(media.model, mention, renderer(media.entry, false), {
        file: media.path,
        line,
        read: media.model.filesRead.includes(media.path),
      });
      return new vscode.Hover(markdown(md), lineRange(line, mention.column, mention.endColumn));
    }
    const ref = referenceAt(media.refs.refs, line, column);
    if (!ref) return undefined;
    const options = readPreviewOptions(doc.uri);
    const hover = await describeMediaReference(media.entry.fs, ref, media.ctx, options, this.state.images);
    if (token.isCancellationRequested) return undefined;
    const reveal = hover.kind === 'file' || hover.kind === 'folder' ? await this.commands.has(REVEAL_IN_MEDIA_EXPLORER_COMMAND) : false;
    const md = renderMediaHover(hover, renderer(media.entry, reveal), options);
    const span = pathSpan(ref);
    const onPath = column >= span.column;
    return new vscode.Hover(markdown(md), onPath ? lineRange(line, span.column, span.endColumn) : lineRange(line, ref.range.column, ref.range.endColumn));
  }
}

/** Registers the media hover for the given documents. */
export function registerMediaHoverSupport(state: EditorState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, new MediaHoverProvider(state));
}
