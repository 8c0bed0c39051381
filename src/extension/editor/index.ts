import * as vscode from 'vscode';
import type { ProjectModels } from '../projectModels';
import { registerMediaCompletionSupport } from './completionSupport';
import { affectsLanguages, readEditorLanguages } from './editorConfig';
import { EditorState } from './editorState';
import { GutterThumbnails } from './gutterThumbnailSupport';
import { registerMediaHoverSupport } from './hoverSupport';
import { registerMediaDefinitionSupport, registerMediaLinkSupport, registerMediaReferenceSupport } from './navigationSupport';
import { registerStaticCommands, registerStaticSupport, StaticState } from './staticSupport';


/** The document selector of the served languages, on any scheme the project's file system serves. */
function editorSelector(languages: readonly string[]): vscode.DocumentFilter[] {
  return languages.map((language) => ({ language }));
}

/** What the editor features expose to other features and tests. */
export interface EditorSupport extends vscode.Disposable {
  /** The gutter thumbnails each visible editor shows. */
  readonly gutterThumbnails: Pick<GutterThumbnails, 'current' | 'onDidUpdate'>;
}

/**
 * Hover previews, gutter thumbnails, Ctrl+click links, go-to-definition, find-references and path completion for
 * media URLs and media settings, in the languages of `djangoMedia.languages` plus the defaults.
 * The providers are registered again when that setting changes. One Disposable owns it all.
 */
export function registerEditorSupport(models: ProjectModels): EditorSupport {
  const state = new EditorState(models);
  const gutterThumbnails = new GutterThumbnails(state);
  // One static state for the providers and the command: the finders of a model are worked out once.
  const staticState = new StaticState(state);
  const staticCommands = registerStaticCommands(staticState);
  let providers: vscode.Disposable | undefined;
  const register = () => {
    providers?.dispose();
    const selector = editorSelector(readEditorLanguages());
    providers = vscode.Disposable.from(
      registerMediaHoverSupport(state, selector),
      registerMediaLinkSupport(state, selector),
      registerMediaDefinitionSupport(state, selector),
      registerMediaReferenceSupport(state, selector),
      registerMediaCompletionSupport(state, selector),
      registerStaticSupport(staticState, selector),
    );
  };
  register();
  const config = vscode.workspace.onDidChangeConfiguration((e) => {
    if (affectsLanguages(e)) register();
  });
  return Object.assign(new vscode.Disposable(() => {
    config.dispose();
    staticCommands.dispose();
    providers?.dispose();
    gutterThumbnails.dispose();
    state.dispose();
  }), { gutterThumbnails });
}
