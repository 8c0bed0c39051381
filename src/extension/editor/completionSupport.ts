import * as vscode from 'vscode';
import {
  completionCandidates,
  describeKind,
  fitImage,
  formatBytes,
  inlineCode,
  markdownImage,
  mediaCompletionContext,
  prefixVariablesIn,
} from '../../core/editor';
import { imagePreviewVerdict, mediaKindOf } from '../../core/media';
import type { ProjectEntry } from '../projectModels';
import { relativeToFolder } from '../projectModels';
import { builtinCompletionLists } from './builtinHtmlCompletion';
import { readPreviewOptions } from './editorConfig';
import type { EditorState } from './editorState';

/** Most items one answer holds; the list says it is incomplete, so typing more asks again (filtered). */
const MAX_COMPLETION_ITEMS = 500;
/** A folder not listed within this time answers "incomplete, nothing yet"; the listing goes on and serves the next keystroke. */
const LISTING_BUDGET_MS = 80;
/** Characters that open the suggestions: a path separator, quotes, the end of a template tag, CSS url(. */
const TRIGGER_CHARACTERS = ['/', '"', "'", '}', '('];

const TIMEOUT = Symbol('timeout');

function withinBudget<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** A suggested file or folder, with what resolve needs to add its size and preview. */
class MediaCompletionItem extends vscode.CompletionItem {
  constructor(
    label: string,
    kind: vscode.CompletionItemKind,
    readonly entry?: ProjectEntry,
    readonly path?: string,
  ) {
    super(label, kind);
  }
}

const TRIGGER_SUGGEST: vscode.Command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };

/**
 * Completes media paths level by level after a media prefix, from MEDIA_ROOT's folders (listed
 * asynchronously, cached per folder version, filtered by what was typed before capping); folders
 * re-open the suggestions. The size of a file (one stat) and an image preview are added only for the
 * item the user looks at.
 */
class MediaCompletionProvider implements vscode.CompletionItemProvider<MediaCompletionItem> {
  constructor(private readonly state: EditorState) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionList<MediaCompletionItem> | undefined> {
    const p = await this.state.documentProject(doc);
    if (!p || token.isCancellationRequested) return undefined;
    const line = doc.lineAt(position.line).text;
    // Only a "}}" before the caret can close a `{{ P }}` bound by get_media_prefix: scan the text only then.
    const vars = line.lastIndexOf('}}', position.character) >= 0 ? prefixVariablesIn(doc.getText()) : [];
    const c = mediaCompletionContext(line, position.character + 1, p.language, p.ctx, vars);
    if (!c) return undefined;
    const l = position.line;
    const range = {
      inserting: new vscode.Range(l, c.start - 1, l, c.caret - 1),
      replacing: new vscode.Range(l, c.start - 1, l, Math.max(c.caret, c.end) - 1),
    };
    if (c.kind === 'prefix') {
      const items = c.prefixes.map((prefix, i) => {
        const item = new MediaCompletionItem(prefix, vscode.CompletionItemKind.Folder);
        item.detail = prefix.startsWith('{{') ? 'MEDIA_URL (media context processor)' : 'MEDIA_URL';
        item.insertText = prefix;
        item.range = range;
        item.sortText = `0${i}`;
        item.command = TRIGGER_SUGGEST;
        return item;
      });
      return new vscode.CompletionList(items, false);
    }
    const pending = this.state.listingsOf(p.entry).list(c.folderPath);
    const listing = await withinBudget(pending, LISTING_BUDGET_MS);
    if (token.isCancellationRequested) return undefined;
    if (listing === TIMEOUT) {
      // A huge or remote folder: answer now, and open the suggestions again once it is listed,
      // if the caret has not moved meanwhile.
      const version = doc.version;
      void pending.then((done) => {
        const editor = vscode.window.activeTextEditor;
        if (done && editor?.document === doc && doc.version === version && editor.selection.active.isEqual(position)) {
          void vscode.commands.executeCommand('editor.action.triggerSuggest');
        }
      });
      return new vscode.CompletionList([], true);
    }
    if (!listing) return undefined;
    const { candidates, incomplete } = completionCandidates(listing, c.typed, MAX_COMPLETION_ITEMS);
    const folder = c.folderPath.endsWith('/') ? c.folderPath : `${c.folderPath}/`;
    // VS Code's HTML path completion lists this very folder here: its "name/" and "name" items are
    // ours too, and VS Code would show both. Ours keep only the names it would insert unencoded.
    const builtin = builtinCompletionLists(doc, position, p.entry.fs.toUri(c.folderPath));
    const items = candidates.flatMap((cand, i) => {
      const dir = cand.type === 'directory';
      if (builtin && (dir || cand.insert === cand.name)) return [];
      const label = builtin ? cand.insert : cand.name;
      const item = new MediaCompletionItem(label, dir ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.File, p.entry, folder + cand.name);
      item.insertText = dir ? `${cand.insert}/` : cand.insert;
      item.filterText = cand.insert;
      item.detail = cand.detail;
      item.range = range;
      item.sortText = String(i).padStart(6, '0');
      if (dir) item.command = TRIGGER_SUGGEST;
      return [item];
    });
    return new vscode.CompletionList(items, incomplete);
  }

  async resolveCompletionItem(item: MediaCompletionItem, token: vscode.CancellationToken): Promise<MediaCompletionItem> {
    if (!item.entry || !item.path) return item;
    const { entry, path } = item;
    if (item.kind === vscode.CompletionItemKind.Folder) {
      // The user is looking at a folder: list it now, so its suggestions are ready when it is accepted.
      void this.state.listingsOf(entry).list(path);
      return item;
    }
    const st = await entry.fs.stat(path);
    if (!st || token.isCancellationRequested) return item;
    const kind = mediaKindOf(path);
    const options = readPreviewOptions(entry.rootUri);
    const image = (kind === 'image' || kind === 'svg') ? await this.state.images.get(entry.fs, path, st.size, st.mtime) : undefined;
    item.detail = [describeKind(kind, image), image ? `${image.width} × ${image.height} px` : '', formatBytes(st.size)].filter(Boolean).join(' · ');
    const parts: string[] = [];
    if (image && imagePreviewVerdict(st.size, image, options.maxImageBytes).kind === 'embed') {
      const shown = fitImage(image.width, image.height, Math.min(options.maxWidth, 240), Math.min(options.maxHeight, 160));
      const picture = markdownImage(entry.fs.toUri(path).toString(), relativeToFolder(entry, path), shown.width, shown.height);
      if (picture) parts.push(picture);
    }
    parts.push(inlineCode(relativeToFolder(entry, path)));
    item.documentation = new vscode.MarkdownString(parts.join('\n\n'));
    return item;
  }
}

/** Registers media path completion for the given documents. */
export function registerMediaCompletionSupport(state: EditorState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(selector, new MediaCompletionProvider(state), ...TRIGGER_CHARACTERS);
}
