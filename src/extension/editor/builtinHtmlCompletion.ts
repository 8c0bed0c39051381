import * as vscode from 'vscode';
import { builtinHtmlPathFolder } from '../../core/editor';

/** VS Code's built-in HTML support, whose path completion lists folders in `src` and `href` values. */
const HTML_EXTENSION = 'vscode.html-language-features';

/**
 * True when VS Code's HTML path completion lists `folder` (a Uri) at this position: the document
 * is HTML, the built-in extension is enabled, and the folder it resolves the value to is this one.
 * Its items for the folder's entries are then the same as media completion's.
 */
export function builtinCompletionLists(doc: vscode.TextDocument, position: vscode.Position, folder: vscode.Uri): boolean {
  if (doc.languageId !== 'html' || folder.scheme !== doc.uri.scheme || !vscode.extensions.getExtension(HTML_EXTENSION)) return false;
  const documentFolder = doc.uri.path.slice(0, doc.uri.path.lastIndexOf('/')) || '/';
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.path;
  const listed = builtinHtmlPathFolder(doc.lineAt(position.line).text, position.character + 1, documentFolder, workspaceFolder);
  const ours = folder.path.length > 1 ? folder.path.replace(/\/+$/, '') : folder.path;
  return listed !== undefined && listed === ours;
}
