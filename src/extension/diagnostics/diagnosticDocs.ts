import * as vscode from 'vscode';
import { SHOW_DIAGNOSTIC_DOCS_COMMAND } from '../commandIds';
import { commandUri } from '../sourceLinks';

/** docs/diagnostics.md as shipped with the extension, and the line of each code's `### <code>` heading. */
export interface DiagnosticDocs {
  uri: vscode.Uri;
  headings: ReadonlyMap<string, number>;
}

/** Reads the shipped docs/diagnostics.md; undefined when the file is not there (or not readable). */
export async function loadDiagnosticDocs(extensionUri: vscode.Uri | undefined): Promise<DiagnosticDocs | undefined> {
  if (!extensionUri) return undefined;
  const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'diagnostics.md');
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
  const headings = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^### ([a-z0-9.-]+)\s*$/.exec(line);
    if (m && !headings.has(m[1]!)) headings.set(m[1]!, i);
  });
  return { uri, headings };
}

/**
 * The code link of each documented code: a command link that shows the rendered page at the code's
 * heading (the hover and the Problems panel open command links; the file itself would open as raw Markdown).
 */
export function diagnosticDocTargets(docs: DiagnosticDocs | undefined): Map<string, vscode.Uri> {
  const out = new Map<string, vscode.Uri>();
  for (const code of docs?.headings.keys() ?? []) out.set(code, vscode.Uri.parse(commandUri(SHOW_DIAGNOSTIC_DOCS_COMMAND, [code])));
  return out;
}

/** The anchor VS Code's Markdown preview (and GitHub) gives the heading `### <code>`: lower case, dots dropped. */
export function headingAnchor(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/**
 * The command behind a code link: docs/diagnostics.md in the Markdown preview, scrolled to the
 * code's heading; the source at that heading when the preview is not available. Only codes the
 * docs list are opened. Returns the Uri shown (for tests), undefined when the code is not documented.
 */
export function registerDiagnosticDocsCommand(docs: Promise<DiagnosticDocs | undefined>, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_DIAGNOSTIC_DOCS_COMMAND, async (code: unknown): Promise<string | undefined> => {
    const d = await docs;
    const line = typeof code === 'string' ? d?.headings.get(code) : undefined;
    if (!d || line === undefined || typeof code !== 'string') return undefined;
    const target = d.uri.with({ fragment: headingAnchor(code) });
    try {
      await vscode.commands.executeCommand('markdown.showPreview', target);
      return target.toString();
    } catch (e) {
      log.info(`The Markdown preview is not available (${e instanceof Error ? e.message : String(e)}): showing docs/diagnostics.md as text`);
      const at = new vscode.Position(line, 0);
      await vscode.window.showTextDocument(d.uri, { selection: new vscode.Range(at, at) });
      return d.uri.with({ fragment: `L${line + 1}` }).toString();
    }
  });
}
