import * as vscode from 'vscode';
import { SHOW_MISSING_FILE_COMMAND } from '../commandIds';

/**
 * The link on a URL naming a missing media file. It opens no file: Ctrl+click puts the caret on the
 * URL and shows its hover, which says where the file was looked for and the closest existing names.
 * VS Code keeps one link where links of several providers overlap, ours over a built-in one, so this
 * also stands in for the HTML support's link to the same missing path (an image editor that cannot
 * load it).
 */
export function missingFileLink(doc: vscode.TextDocument, range: vscode.Range, storageName: string): vscode.DocumentLink {
  const args = [doc.uri.toString(), range.start.line, range.start.character];
  const link = new vscode.DocumentLink(range, vscode.Uri.parse(`command:${SHOW_MISSING_FILE_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`));
  link.tooltip = `${storageName} is not in MEDIA_ROOT: show where it was looked for and the closest names`;
  return link;
}

/** Registers the command behind missingFileLink: caret onto the URL, then the hover. */
export function registerShowMissingFileCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_MISSING_FILE_COMMAND, async (uri: unknown, line: unknown, character: unknown) => {
    if (typeof uri !== 'string' || typeof line !== 'number' || typeof character !== 'number') return false;
    const target = vscode.Uri.parse(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
    const editor = visible ? await vscode.window.showTextDocument(visible.document, visible.viewColumn) : await vscode.window.showTextDocument(target);
    // One character into the URL: the hover is that of the reference, not of what ends just before it.
    const at = editor.document.validatePosition(new vscode.Position(line, character + 1));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
    await vscode.commands.executeCommand('editor.action.showHover');
    return true;
  });
}
