import * as vscode from 'vscode';
import { gutterCandidates, gutterThumbnailFile, gutterThumbnailsApply, pathSpan } from '../../core/editor';
import { affectsGutterThumbnails, readGutterThumbnailsMode, readPreviewOptions } from './editorConfig';
import { lineRange, type EditorState } from './editorState';

/** Quiet time after an edit or a scroll before the thumbnails are worked out again. */
const DEBOUNCE_MS = 200;

/** One thumbnail an editor shows: the 1-based line and the image file's Uri. */
export interface ShownThumbnail {
  line: number;
  uri: string;
}

/**
 * Thumbnails of images in the gutter next to media URLs (`djangoMedia.editor.gutterThumbnails`):
 * for the visible lines of each visible editor, a bounded number, redone after edits and scrolls
 * (debounced), setting changes and new project models. VS Code takes a gutter icon per decoration
 * type, so there is one type per image file shown, disposed once no editor shows that image.
 */
export class GutterThumbnails implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly shown = new Map<vscode.TextEditor, Map<string, vscode.Range[]>>();
  private readonly pending = new Set<vscode.TextEditor>();
  private readonly runs = new WeakMap<vscode.TextEditor, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly emitter = new vscode.EventEmitter<vscode.TextEditor>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires after an editor's thumbnails were set (for tests and other features). */
  readonly onDidUpdate = this.emitter.event;

  constructor(private readonly state: EditorState) {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of [...this.shown.keys()]) if (!editors.includes(editor)) this.shown.delete(editor);
        this.prune();
        this.scheduleAll();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.schedule(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) this.schedule(editor);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsGutterThumbnails(e)) this.scheduleAll();
      }),
      state.models.onDidChange(() => this.scheduleAll()),
    ];
    this.scheduleAll();
  }

  /** What an editor shows now, sorted by line. */
  current(editor: vscode.TextEditor): ShownThumbnail[] {
    const out: ShownThumbnail[] = [];
    for (const [uri, ranges] of this.shown.get(editor) ?? []) for (const r of ranges) out.push({ line: r.start.line + 1, uri });
    return out.sort((a, b) => a.line - b.line);
  }

  private scheduleAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor);
  }

  private schedule(editor: vscode.TextEditor): void {
    this.pending.add(editor);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const editors = [...this.pending];
    this.pending.clear();
    await Promise.all(editors.map((e) => this.update(e)));
  }

  private async update(editor: vscode.TextEditor): Promise<void> {
    const run = (this.runs.get(editor) ?? 0) + 1;
    this.runs.set(editor, run);
    const doc = editor.document;
    const version = doc.version;
    const wanted = new Map<string, vscode.Range[]>();
    const mode = readGutterThumbnailsMode(doc.uri);
    const media = mode === 'off' ? undefined : await this.state.documentMedia(doc);
    if (media && gutterThumbnailsApply(mode, media.language)) {
      const visible = editor.visibleRanges.map((r) => ({ start: r.start.line + 1, end: r.end.line + 1 }));
      const refs = gutterCandidates(media.refs.refs, visible);
      const { maxImageBytes } = readPreviewOptions(doc.uri);
      const files = await Promise.all(refs.map((ref) => gutterThumbnailFile(media.entry.fs, media.ctx, ref, maxImageBytes, this.state.images)));
      refs.forEach((ref, i) => {
        const file = files[i];
        if (file === undefined) return;
        const key = media.entry.fs.toUri(file).toString();
        const span = pathSpan(ref);
        wanted.set(key, [...(wanted.get(key) ?? []), lineRange(ref.range.line, span.column, span.column)]);
      });
    }
    // A later run, an edit meanwhile, or a closed editor: this answer is stale.
    if (this.runs.get(editor) !== run || doc.version !== version || !vscode.window.visibleTextEditors.includes(editor)) return;
    this.apply(editor, wanted);
    this.emitter.fire(editor);
  }

  private apply(editor: vscode.TextEditor, wanted: Map<string, vscode.Range[]>): void {
    for (const key of this.shown.get(editor)?.keys() ?? []) {
      if (!wanted.has(key)) {
        const type = this.types.get(key);
        if (type) editor.setDecorations(type, []);
      }
    }
    for (const [key, ranges] of wanted) {
      let type = this.types.get(key);
      if (!type) {
        type = vscode.window.createTextEditorDecorationType({ gutterIconPath: vscode.Uri.parse(key), gutterIconSize: 'contain' });
        this.types.set(key, type);
      }
      editor.setDecorations(type, ranges);
    }
    this.shown.set(editor, wanted);
    this.prune();
  }

  /** Disposes the decoration types of images no editor shows any more. */
  private prune(): void {
    const used = new Set<string>();
    for (const keys of this.shown.values()) for (const key of keys.keys()) used.add(key);
    for (const [key, type] of this.types) {
      if (used.has(key)) continue;
      type.dispose();
      this.types.delete(key);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
    this.shown.clear();
    this.emitter.dispose();
  }
}
