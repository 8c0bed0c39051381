import * as vscode from 'vscode';
import { markdownLink } from '../core/editor/markdown';
import type { SourceRange } from '../core/model';
import { OPEN_SOURCE_COMMAND } from './commandIds';
import type { ProjectEntry } from './projectModels';

/** The vscode.Range of a core SourceRange (1-based lines and columns become 0-based). */
export function toRange(r: SourceRange): vscode.Range {
  const line = Math.max(0, r.line - 1);
  const col = Math.max(0, r.column - 1);
  const endLine = Math.max(line, r.endLine - 1);
  const endCol = endLine === line ? Math.max(col, r.endColumn - 1) : Math.max(0, r.endColumn - 1);
  return new vscode.Range(line, col, endLine, endCol);
}

/** A command: URI for a trusted MarkdownString (arguments are JSON, as VS Code expects). */
export function commandUri(command: string, args: unknown[] = []): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** A markdown link that opens `range` of a project file in the editor; the label (a path) is escaped. */
export function sourceLink(entry: ProjectEntry, range: SourceRange, label: string): string {
  const uri = entry.fs.toUri(range.file).toString();
  return markdownLink(label, commandUri(OPEN_SOURCE_COMMAND, [uri, range.line, range.column]), `Open ${label}`);
}

/** Registers the internal open-at-line command used by tooltip links. */
export function registerSourceLinkSupport(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, async (uri: unknown, line: unknown, column: unknown) => {
    if (typeof uri !== 'string') return;
    const l = typeof line === 'number' && line > 0 ? line - 1 : 0;
    const c = typeof column === 'number' && column > 0 ? column - 1 : 0;
    const position = new vscode.Position(l, c);
    await vscode.window.showTextDocument(vscode.Uri.parse(uri, true), { selection: new vscode.Range(position, position) });
  });
}
