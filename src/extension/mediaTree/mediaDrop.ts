import * as vscode from 'vscode';
import { dropFlavorOf, mediaDropText, storageNameProblem } from '../../core/mediaIndex';
import type { MediaNode } from './mediaNodes';

/** The data a dragged media file carries: what an editor needs to write its URL. */
export interface DraggedMediaFile {
  storageName: string;
  /** storage.url() of the file; absent when MEDIA_URL is unknown. */
  url?: string;
}

/** Custom mime type of the drag data (VS Code lower-cases mime types). */
export const MEDIA_FILE_MIME = 'application/vnd.django-media.file+json';

/**
 * Dragging files out of the Media Files view: the drag carries their storage names and URLs under a
 * custom mime type (besides the file Uris VS Code adds on its own), and the drop provider below turns
 * them into text that fits the target document. Shift+drop inserts into an editor, as for any file.
 */
export class MediaDragController implements vscode.TreeDragAndDropController<MediaNode> {
  readonly dragMimeTypes = [MEDIA_FILE_MIME];
  readonly dropMimeTypes: readonly string[] = [];

  handleDrag(source: readonly MediaNode[], dataTransfer: vscode.DataTransfer): void {
    const files: DraggedMediaFile[] = [];
    for (const node of source) {
      if (node.kind !== 'file') continue;
      const url = node.project.urlOf(node.storageName);
      files.push(url === undefined ? { storageName: node.storageName } : { storageName: node.storageName, url });
    }
    if (files.length > 0) dataTransfer.set(MEDIA_FILE_MIME, new vscode.DataTransferItem(JSON.stringify(files)));
  }
}

/** Parses the drag data, tolerating anything (a drop from elsewhere must never throw). */
export function parseDraggedFiles(text: string): DraggedMediaFile[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is DraggedMediaFile =>
      !!v &&
      typeof v === 'object' &&
      typeof (v as DraggedMediaFile).storageName === 'string' &&
      // Drag data can come from anywhere: only plain names below MEDIA_ROOT are written into a document.
      storageNameProblem((v as DraggedMediaFile).storageName) === undefined &&
      (v as DraggedMediaFile).storageName !== '' &&
      ((v as DraggedMediaFile).url === undefined || typeof (v as DraggedMediaFile).url === 'string'),
  );
}

/** The text dropping these files into a document of `languageId` inserts (one line per file). */
export function dropTextFor(files: readonly DraggedMediaFile[], languageId: string): string | undefined {
  const flavor = dropFlavorOf(languageId);
  const lines = files.filter((f) => f.url !== undefined).map((f) => mediaDropText(flavor, f.url!, f.storageName));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Inserts the URL of media files dragged from the view: an <img> in HTML and templates, an image in Markdown, the URL elsewhere. */
export class MediaDropProvider implements vscode.DocumentDropEditProvider {
  async provideDocumentDropEdits(
    document: vscode.TextDocument,
    _position: vscode.Position,
    dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentDropEdit | undefined> {
    const item = dataTransfer.get(MEDIA_FILE_MIME);
    if (!item) return undefined;
    const files = parseDraggedFiles(await item.asString());
    if (token.isCancellationRequested) return undefined;
    const text = dropTextFor(files, document.languageId);
    return text === undefined ? undefined : new vscode.DocumentDropEdit(text);
  }
}
