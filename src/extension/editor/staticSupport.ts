import * as vscode from 'vscode';
import { describeStaticReference, renderStaticHover } from '../../core/editor/staticHover';
import { staticCompletionContext, staticCompletionItems } from '../../core/editor/staticCompletion';
import { markdownLink, modifiedAt } from '../../core/editor/markdown';
import { languageOfFile } from '../../core/media';
import type { ProjectModel } from '../../core/model';
import { resolveStaticFiles, StaticFileLookup, staticFindersOf, staticNameProblem, type StaticFinders } from '../../core/staticfiles/finders';
import { staticReferenceContext, collectStaticReferences } from '../../core/staticfiles/projectStatic';
import { findStaticReferences, staticReferenceAt, type StaticReference } from '../../core/staticfiles/references';
import { projectReadFileSystem, relativeToFolder, type ProjectEntry } from '../projectModels';
import { commandUri } from '../sourceLinks';
import { FIND_STATIC_FILE_REFERENCES_COMMAND } from '../commandIds';
import { withAbortFlag } from '../abortFlag';
import type { CancellationFlag } from '../../core/checks/types';
import { readPreviewOptions } from './editorConfig';
import { lineRange, type DocumentProject, type EditorState } from './editorState';

interface StaticDocument extends DocumentProject {
  readonly refs: readonly StaticReference[];
  readonly finders: Promise<StaticFinders>;
}

/**
 * The static side of the editor: the references of a document version and the finders of a model,
 * each computed once (the finders read app modules; a new model after a settings change recomputes).
 */
export class StaticState {
  private readonly finders = new WeakMap<ProjectModel, Promise<StaticFinders>>();
  private readonly docs = new Map<string, { version: number; model: ProjectModel; refs: StaticReference[] }>();

  constructor(readonly editor: EditorState) {}

  findersOf(entry: ProjectEntry, model: ProjectModel): Promise<StaticFinders> {
    let f = this.finders.get(model);
    if (!f) {
      f = staticFindersOf(projectReadFileSystem(entry), model);
      this.finders.set(model, f);
    }
    return f;
  }

  async document(doc: vscode.TextDocument): Promise<StaticDocument | undefined> {
    const p = await this.editor.documentProject(doc);
    if (!p) return undefined;
    const key = doc.uri.toString();
    let hit = this.docs.get(key);
    if (!hit || hit.version !== doc.version || hit.model !== p.model) {
      hit = { version: doc.version, model: p.model, refs: findStaticReferences(doc.getText(), p.language, staticReferenceContext(p.model, p.path)) };
      this.docs.delete(key);
      this.docs.set(key, hit);
      while (this.docs.size > 64) this.docs.delete(this.docs.keys().next().value!);
    }
    return { ...p, refs: hit.refs, finders: this.findersOf(p.entry, p.model) };
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }
}

function nameRange(ref: StaticReference): vscode.Range {
  return lineRange(ref.range.line, ref.nameColumn, ref.nameEndColumn);
}

/** The files the finders return for these references' names (each name looked up once). */
async function targetsOf(d: StaticDocument, refs: readonly StaticReference[]): Promise<Map<string, string>> {
  const finders = await d.finders;
  if (!finders.known) return new Map();
  return resolveStaticFiles(new StaticFileLookup(projectReadFileSystem(d.entry), finders.sources, refs.length > 1), refs.map((r) => r.name));
}

/** The file the finders return for a reference (first match), or undefined. */
async function targetOf(d: StaticDocument, ref: StaticReference): Promise<string | undefined> {
  return ref.name === null ? undefined : (await targetsOf(d, [ref])).get(ref.name);
}

class StaticHoverProvider implements vscode.HoverProvider {
  constructor(private readonly state: StaticState) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const d = await this.state.document(doc);
    if (!d || token.isCancellationRequested) return undefined;
    const ref = staticReferenceAt(d.refs, position.line + 1, position.character + 1);
    // On `{{ STATIC_URL }}` itself the setting's hover answers; this one covers the name.
    if (!ref || (ref.form === 'static-url-variable' && position.character + 1 < ref.nameColumn)) return undefined;
    const options = readPreviewOptions(doc.uri);
    const fs = projectReadFileSystem(d.entry);
    const hover = await describeStaticReference(fs, ref, await d.finders, options, this.state.editor.images);
    if (token.isCancellationRequested) return undefined;
    const md = new vscode.MarkdownString(
      renderStaticHover(hover, {
        imageSrc: (path) => d.entry.fs.toUri(path).toString(),
        displayPath: (path) => relativeToFolder(d.entry, path),
        actionLink: (action, path, label) => (action === 'open' ? markdownLink(label, commandUri('vscode.open', [d.entry.fs.toUri(path)]), label) : undefined),
        sourceLink: (_range, label) => label,
        formatTime: modifiedAt,
      }),
    );
    md.isTrusted = { enabledCommands: ['vscode.open'] };
    return new vscode.Hover(md, nameRange(ref));
  }
}

/** Ctrl+click on a static name opens the file the finders return. */
class StaticLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly state: StaticState) {}

  async provideDocumentLinks(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    const d = await this.state.document(doc);
    if (!d || d.refs.length === 0) return [];
    const targets = await targetsOf(d, d.refs);
    if (token.isCancellationRequested) return [];
    const links: vscode.DocumentLink[] = [];
    for (const ref of d.refs) {
      const target = ref.name === null ? undefined : targets.get(ref.name);
      if (!target) continue;
      const link = new vscode.DocumentLink(nameRange(ref), d.entry.fs.toUri(target));
      link.tooltip = `Open static file ${ref.name}`;
      links.push(link);
    }
    return links;
  }
}

/** F12 on a static name goes to the file the finders return. */
class StaticDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly state: StaticState) {}

  async provideDefinition(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[] | undefined> {
    const d = await this.state.document(doc);
    if (!d || token.isCancellationRequested) return undefined;
    const ref = staticReferenceAt(d.refs, position.line + 1, position.character + 1);
    if (!ref) return undefined;
    const target = await targetOf(d, ref);
    if (!target) return undefined;
    const start = new vscode.Range(0, 0, 0, 0);
    return [{ originSelectionRange: nameRange(ref), targetUri: d.entry.fs.toUri(target), targetRange: start, targetSelectionRange: start }];
  }
}

/** Shift+F12 on a static reference: every reference in the project the finders resolve to the same file. */
class StaticReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly state: StaticState) {}

  async provideReferences(doc: vscode.TextDocument, position: vscode.Position, _c: vscode.ReferenceContext, token: vscode.CancellationToken): Promise<vscode.Location[] | undefined> {
    const d = await this.state.document(doc);
    if (!d || token.isCancellationRequested) return undefined;
    const ref = staticReferenceAt(d.refs, position.line + 1, position.character + 1);
    if (!ref) return undefined;
    const target = await targetOf(d, ref);
    if (ref.name === null) return [];
    const name = ref.name;
    return withAbortFlag(token, (abort) => staticReferencesTo(this.state, d.entry, d.model, name, target, abort, doc));
  }
}

/**
 * Every static reference of the project that names `name`, or that the finders resolve to
 * `target`; open documents with unsaved changes count with their current text (`current` always).
 * Undefined when cancelled.
 */
async function staticReferencesTo(
  state: StaticState,
  entry: ProjectEntry,
  model: ProjectModel,
  name: string,
  target: string | undefined,
  abort: CancellationFlag,
  current?: vscode.TextDocument,
): Promise<vscode.Location[] | undefined> {
  const fs = projectReadFileSystem(entry);
  const all = await collectStaticReferences(fs, model, { token: abort });
  const dirty = new Map<string, readonly StaticReference[]>();
  for (const open of vscode.workspace.textDocuments) {
    if (open !== current && (!open.isDirty || languageOfFile(open.uri.path) === undefined)) continue;
    const o = await state.document(open);
    if (o && o.entry.key === entry.key) dirty.set(o.path, o.refs);
  }
  const candidates = [...all.filter((r) => !dirty.has(r.range.file)), ...[...dirty.values()].flat()];
  const out: vscode.Location[] = [];
  const finders = await state.findersOf(entry, model);
  const lookup = finders.known ? new StaticFileLookup(fs, finders.sources, true) : undefined;
  for (const r of candidates) {
    if (abort.aborted) return undefined;
    let same = r.name !== null && r.name === name;
    if (!same && target && lookup && r.name !== null && !staticNameProblem(r.name)) {
      const found = await lookup.find(r.name);
      same = found.kind === 'found' && found.match.path === target;
    }
    if (same) out.push(new vscode.Location(entry.fs.toUri(r.range.file), nameRange(r)));
  }
  return out;
}

/** Completes static names inside `{% static '…` from every finder location, the first holder of a name winning. */
class StaticCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly state: StaticState) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionItem[] | undefined> {
    const c = staticCompletionContext(doc.lineAt(position.line).text, position.character + 1);
    if (!c) return undefined;
    const p = await this.state.editor.documentProject(doc);
    if (!p || token.isCancellationRequested) return undefined;
    const finders = await this.state.findersOf(p.entry, p.model);
    if (!finders.known) return undefined;
    const items = await staticCompletionItems(projectReadFileSystem(p.entry), finders.sources, c.folder);
    const range = { inserting: lineRange(position.line + 1, c.start, c.caret), replacing: lineRange(position.line + 1, c.start, c.end) };
    return items.map((it) => {
      const item = new vscode.CompletionItem(it.label, it.isFolder ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.File);
      item.range = range;
      item.detail = `static: ${relativeToFolder(p.entry, it.path)} (${it.from})`;
      item.sortText = `${it.isFolder ? 0 : 1}${it.label}`;
      if (it.isFolder) {
        item.insertText = `${it.label}/`;
        item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      }
      return item;
    });
  }
}

/** The static name under which the finders of `finders` would look `path` up, per folder holding it. */
function staticNamesOf(finders: StaticFinders, path: string): string[] {
  const names: string[] = [];
  if (!finders.known) return names;
  for (const source of finders.sources) {
    if (source.kind !== 'folder' || !path.startsWith(source.folder + '/')) continue;
    const rest = path.slice(source.folder.length + 1);
    names.push(source.prefix ? `${source.prefix}/${rest}` : rest);
  }
  return names;
}

/**
 * "Find References to Static File": from a file (the Explorer's context menu, or the active editor)
 * to every reference the finders resolve to that very file. A file shadowed by another folder's
 * file of the same name has no references of its own, and the message says which file wins.
 * Returns the locations shown (for tests).
 */
async function findStaticFileReferences(state: StaticState, arg: unknown): Promise<vscode.Location[] | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const say = (m: string) => void vscode.window.showInformationMessage(`Django Media: ${m}`);
  if (!uri) return undefined;
  const entry = await state.editor.models.projectFor(uri);
  const model = entry ? await state.editor.models.settingsModel(entry) : undefined;
  const path = entry?.fs.toPath(uri);
  if (!entry || !model || path === undefined) {
    say(`${uri.path.split('/').pop()} is not in a Django project.`);
    return [];
  }
  const fs = projectReadFileSystem(entry);
  const finders = await state.findersOf(entry, model);
  const lookup = finders.known ? new StaticFileLookup(fs, finders.sources, true) : undefined;
  const rel = relativeToFolder(entry, path);
  let name: string | undefined;
  for (const candidate of staticNamesOf(finders, path)) {
    if (staticNameProblem(candidate)) continue;
    const found = await lookup!.find(candidate);
    if (found.kind === 'found' && found.match.path === path) {
      name = candidate;
      break;
    }
    if (found.kind === 'found') {
      say(`${rel} is shadowed: {% static '${candidate}' %} finds ${relativeToFolder(entry, found.match.path)} first.`);
      return [];
    }
  }
  if (name === undefined) {
    say(finders.known ? `${rel} is not in a folder the staticfiles finders search.` : `the staticfiles finders of this project are unknown: ${finders.reason}.`);
    return [];
  }
  const wanted = name;
  const locations = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Finding references to ${wanted}`, cancellable: true },
    (_p, cancel) => withAbortFlag(cancel, (abort) => staticReferencesTo(state, entry, model, wanted, path, abort)),
  );
  if (!locations) return undefined;
  if (locations.length === 0) {
    say(`nothing in the templates or code names ${wanted} (as {% static '${wanted}' %}, static('${wanted}') or a STATIC_URL URL).`);
    return [];
  }
  await vscode.commands.executeCommand('editor.action.showReferences', locations[0]!.uri, locations[0]!.range.start, locations);
  return locations;
}

/** Registers the static commands (once: the providers are registered again when languages change). */
export function registerStaticCommands(state: StaticState): vscode.Disposable {
  return vscode.commands.registerCommand(FIND_STATIC_FILE_REFERENCES_COMMAND, (arg: unknown) => findStaticFileReferences(state, arg));
}

/** Registers hover, links, definition, references and completion for static files. */
export function registerStaticSupport(state: StaticState, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidCloseTextDocument((d) => state.forget(d.uri.toString())),
    vscode.languages.registerHoverProvider(selector, new StaticHoverProvider(state)),
    vscode.languages.registerDocumentLinkProvider(selector, new StaticLinkProvider(state)),
    vscode.languages.registerDefinitionProvider(selector, new StaticDefinitionProvider(state)),
    vscode.languages.registerReferenceProvider(selector, new StaticReferenceProvider(state)),
    vscode.languages.registerCompletionItemProvider(selector, new StaticCompletionProvider(state), '/', '"', "'"),
  );
}
