import * as vscode from 'vscode';
import {
  DocumentReferencesCache,
  editorMediaContext,
  FolderListingCache,
  ImageInfoCache,
  referenceLanguageOf,
  type DocumentReferences,
  type EditorMediaContext,
} from '../../core/editor';
import type { ReferenceLanguage } from '../../core/media';
import type { ProjectModel } from '../../core/model';
import type { ProjectEntry, ProjectModels } from '../projectModels';

/** What a provider needs about one document: its project, model and scan language. */
export interface DocumentProject {
  readonly entry: ProjectEntry;
  readonly model: ProjectModel;
  readonly ctx: EditorMediaContext;
  /** The document's path on the project's file system. */
  readonly path: string;
  readonly language: ReferenceLanguage;
}

/** A DocumentProject with the references of the document's current version. */
export interface DocumentMedia extends DocumentProject {
  readonly refs: DocumentReferences;
}

/**
 * State the editor providers share: references per document version, image headers per file version,
 * folder listings per folder version. Nothing here re-reads settings: the models come from
 * ProjectModels, which re-analyses only when a settings file changes.
 */
export class EditorState implements vscode.Disposable {
  readonly documents = new DocumentReferencesCache();
  readonly images = new ImageInfoCache();
  private readonly contexts = new WeakMap<ProjectModel, EditorMediaContext>();
  private readonly listings = new WeakMap<ProjectEntry['fs'], FolderListingCache>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly models: ProjectModels) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => this.documents.delete(d.uri.toString())),
      // A new model (settings changed) changes the context key, so cached scans are not reused;
      // dropping them frees the memory at once.
      models.onDidChange(() => this.documents.delete()),
    ];
  }

  /** The media view of a document, or undefined when it belongs to no Django project or the analysis failed. */
  async documentMedia(doc: vscode.TextDocument): Promise<DocumentMedia | undefined> {
    const p = await this.documentProject(doc);
    if (!p) return undefined;
    const refs = this.documents.get(doc.uri.toString(), doc.version, p.language, p.path, p.ctx, () => doc.getText());
    return { ...p, refs };
  }

  /** The project side only, without scanning the text (completion runs on every keystroke). */
  async documentProject(doc: vscode.TextDocument): Promise<DocumentProject | undefined> {
    const entry = await this.models.projectFor(doc.uri);
    if (!entry) return undefined;
    const path = entry.fs.toPath(doc.uri);
    if (path === undefined) return undefined;
    // Hovers, links and completions need the settings, not the URLconf's serving answers.
    const model = await this.models.settingsModel(entry);
    if (!model) return undefined;
    return { entry, model, ctx: this.contextOf(model), path, language: referenceLanguageOf(doc.languageId, path) };
  }

  /** The editor context of a model (computed once per model). */
  contextOf(model: ProjectModel): EditorMediaContext {
    let ctx = this.contexts.get(model);
    if (!ctx) {
      ctx = editorMediaContext(model);
      this.contexts.set(model, ctx);
    }
    return ctx;
  }

  /** The folder listing cache of a project's file system. */
  listingsOf(entry: ProjectEntry): FolderListingCache {
    let cache = this.listings.get(entry.fs);
    if (!cache) {
      cache = new FolderListingCache(entry.fs, () => Date.now());
      this.listings.set(entry.fs, cache);
    }
    return cache;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.documents.delete();
  }
}

/** The vscode.Range of one line's 1-based [column, endColumn). */
export function lineRange(line: number, column: number, endColumn: number): vscode.Range {
  return new vscode.Range(line - 1, column - 1, line - 1, endColumn - 1);
}
