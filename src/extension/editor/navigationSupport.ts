import * as vscode from 'vscode';
import { withAbortFlag } from '../abortFlag';
import { findReferencesToFile, missingTargets, pathSpan, referenceAt, settingAt } from '../../core/editor';
import { languageOfFile } from '../../core/media';
import type { MediaReference } from '../../core/model';
import { toRange } from '../sourceLinks';
import { lineRange, type EditorState } from './editorState';
import { missingFileLink, registerShowMissingFileCommand } from './missingFileLinks';
import { projectReadFileSystem } from '../projectModels';

/** Ctrl+click on a media reference opens its file (the link covers the path, not a template tag before it). */
class MediaLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly state: EditorState) {}

  async provideDocumentLinks(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    const media = await this.state.documentMedia(doc);
    if (!media || token.isCancellationRequested) return [];
    // A link to a missing file would open an image editor that cannot load it: its link shows the
    // hover instead, with the closest existing names (the diagnostic's quick fix offers them too).
    const listings = this.state.listingsOf(media.entry);
    const missing = await withAbortFlag(token, (abort) => missingTargets(media.entry.fs, media.ctx, media.refs.refs, abort, (f) => listings.list(f)));
    if (token.isCancellationRequested) return [];
    const links: vscode.DocumentLink[] = [];
    for (const ref of media.refs.refs) {
      if (ref.target === null) continue;
      const span = pathSpan(ref);
      if (missing.has(ref.target)) {
        links.push(missingFileLink(doc, lineRange(ref.range.line, span.column, span.endColumn), ref.storageName ?? ref.target));
        continue;
      }
      const link = new vscode.DocumentLink(lineRange(ref.range.line, span.column, span.endColumn), media.entry.fs.toUri(ref.target));
      link.tooltip = `Open ${ref.storageName ?? ref.target}`;
      links.push(link);
    }
    return links;
  }
}

/**
 * F12 on a media reference goes to its file; on `settings.MEDIA_ROOT`, `{{ MEDIA_URL }}`,
 * `{% get_media_prefix %}` (and STATIC_*) to the assignment that decided the value — through star
 * imports and overrides, as the model's origin records it.
 */
class MediaDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly state: EditorState) {}

  async provideDefinition(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[] | undefined> {
    const media = await this.state.documentMedia(doc);
    if (!media || token.isCancellationRequested) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    const mention = settingAt(doc.lineAt(position.line).text, column, media.language);
    if (mention) {
      const origin = media.model.settings[mention.name].origin;
      if (!origin) return undefined; // Django's default: nothing in the project decided it
      const target = toRange(origin);
      return [{
        originSelectionRange: lineRange(line, mention.column, mention.endColumn),
        targetUri: media.entry.fs.toUri(origin.file),
        targetRange: target,
        targetSelectionRange: target,
      }];
    }
    const ref = referenceAt(media.refs.refs, line, column);
    if (!ref || ref.target === null) return undefined;
    const st = await media.entry.fs.stat(ref.target);
    if (!st || st.type !== 'file') return undefined;
    const span = pathSpan(ref);
    const start = new vscode.Range(0, 0, 0, 0);
    return [{
      originSelectionRange: lineRange(line, span.column, span.endColumn),
      targetUri: media.entry.fs.toUri(ref.target),
      targetRange: start,
      targetSelectionRange: start,
    }];
  }
}

/**
 * Shift+F12 on a media reference: every place in the project's templates and code that names the
 * same file (a bounded walk, cancellable; open documents count with their unsaved text).
 */
class MediaReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly state: EditorState) {}

  async provideReferences(doc: vscode.TextDocument, position: vscode.Position, _context: vscode.ReferenceContext, token: vscode.CancellationToken): Promise<vscode.Location[] | undefined> {
    const media = await this.state.documentMedia(doc);
    if (!media || token.isCancellationRequested) return undefined;
    const ref = referenceAt(media.refs.refs, position.line + 1, position.character + 1);
    if (!ref) return undefined;
    const override = new Map<string, readonly MediaReference[]>();
    for (const open of vscode.workspace.textDocuments) {
      // Unsaved text wins over the file on disk; other files the walk would not read stay out.
      if (open !== doc && (!open.isDirty || languageOfFile(open.uri.path) === undefined)) continue;
      const m = open === doc ? media : await this.state.documentMedia(open);
      if (m && m.entry.key === media.entry.key) override.set(m.path, m.refs.refs);
    }
    return withAbortFlag(token, async (abort) => {
      const found = await findReferencesToFile(projectReadFileSystem(media.entry), media.ctx, ref, { override, token: abort });
      if (abort.aborted) return undefined;
      return found.map((r) => new vscode.Location(media.entry.fs.toUri(r.range.file), lineRange(r.range.line, r.range.column, r.range.endColumn)));
    });
  }
}

/** Registers Ctrl+click links from media references to their files. */
export function registerMediaLinkSupport(state: EditorState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.Disposable.from(vscode.languages.registerDocumentLinkProvider(selector, new MediaLinkProvider(state)), registerShowMissingFileCommand());
}

/** Registers go-to-definition for media references and media settings. */
export function registerMediaDefinitionSupport(state: EditorState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(selector, new MediaDefinitionProvider(state));
}

/** Registers find-all-references from a media reference to every use of the same file. */
export function registerMediaReferenceSupport(state: EditorState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerReferenceProvider(selector, new MediaReferenceProvider(state));
}
