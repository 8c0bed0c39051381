import * as vscode from 'vscode';
import type { Finding, QuickFix, Severity, TextRange } from '../../core/checks';
import type { SourceRange } from '../../core/model';
import type { ProjectEntry } from '../projectModels';

/** The `source` of every Django Media diagnostic (the status bar looks for it). */
export const DIAGNOSTIC_SOURCE = 'django-media';

/** A core range (1-based lines and columns, UTF-16, end exclusive) as a VS Code range. */
export function toRange(r: TextRange | SourceRange): vscode.Range {
  const line = Math.max(0, r.line - 1);
  const column = Math.max(0, r.column - 1);
  const endLine = Math.max(line, r.endLine - 1);
  const endColumn = endLine === line ? Math.max(column, r.endColumn - 1) : Math.max(0, r.endColumn - 1);
  return new vscode.Range(line, column, endLine, endColumn);
}

/** The VS Code level of a severity. */
export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** A finding as the Problems panel shows it; `docs` links the code to its documentation. */
export function toDiagnostic(entry: ProjectEntry, f: Finding, severity: Severity, docs: vscode.Uri | undefined): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = docs ? { value: f.code, target: docs } : f.code;
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(entry.fs.toUri(r.range.file), toRange(r.range)), r.message));
  }
  return d;
}

/** The code string of a diagnostic, whichever form it has. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** True when two diagnostics show the same problem at the same place. */
export function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.range.isEqual(b.range) && a.message === b.message && codeOf(a) === codeOf(b) && a.source === b.source;
}

/** The text edits of a fix as a WorkspaceEdit (undoable); new files are created, never overwritten. */
export function toWorkspaceEdit(entry: ProjectEntry, fix: QuickFix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const file of fix.createFiles ?? []) {
    edit.createFile(entry.fs.toUri(file.path), { ignoreIfExists: true, contents: new TextEncoder().encode(file.content) });
  }
  for (const e of fix.edits) edit.replace(entry.fs.toUri(e.file), toRange(e.range), e.newText);
  return edit;
}
