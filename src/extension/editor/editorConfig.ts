import * as vscode from 'vscode';
import { DEFAULT_PREVIEW_OPTIONS, GUTTER_THUMBNAILS_MODES, type GutterThumbnailsMode, type PreviewOptions } from '../../core/editor';
import { CONFIG_SECTION } from '../config';

/** The languages the editor features serve out of the box (never "*": hovers run only where media URLs live). */
const DEFAULT_LANGUAGES: readonly string[] = [
  'html', 'django-html', 'jinja', 'jinja-html', 'python', 'css', 'scss', 'less',
  'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'markdown',
];

const LANGUAGE_ID = /^[\w.+-]+$/;

/** The language ids to serve: the defaults plus `djangoMedia.languages` (ignoring "*" and malformed ids). */
export function readEditorLanguages(): string[] {
  const extra = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>('languages');
  const ids = new Set(DEFAULT_LANGUAGES);
  if (Array.isArray(extra)) for (const id of extra) if (typeof id === 'string' && LANGUAGE_ID.test(id)) ids.add(id);
  return [...ids];
}

function positive(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;
}

/** `djangoMedia.hover.*` for one document (resource-scoped), sanitised. */
export function readPreviewOptions(scope: vscode.Uri | undefined): PreviewOptions {
  const c = vscode.workspace.getConfiguration(`${CONFIG_SECTION}.hover`, scope);
  return {
    maxWidth: Math.round(positive(c.get('maxWidth'), DEFAULT_PREVIEW_OPTIONS.maxWidth, 2000)),
    maxHeight: Math.round(positive(c.get('maxHeight'), DEFAULT_PREVIEW_OPTIONS.maxHeight, 2000)),
    maxImageBytes: positive(c.get('maxImageBytes'), DEFAULT_PREVIEW_OPTIONS.maxImageBytes, Number.MAX_SAFE_INTEGER),
  };
}

/** True when a configuration change alters which languages are served. */
export function affectsLanguages(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${CONFIG_SECTION}.languages`);
}

/** `djangoMedia.editor.gutterThumbnails` for one document (resource-scoped); an unknown value is the default. */
export function readGutterThumbnailsMode(scope: vscode.Uri | undefined): GutterThumbnailsMode {
  const value = vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<unknown>('editor.gutterThumbnails');
  return GUTTER_THUMBNAILS_MODES.find((m) => m === value) ?? GUTTER_THUMBNAILS_MODES[0]!;
}

/** True when a configuration change alters which gutter thumbnails are shown (the mode, or the byte cap they share with hovers). */
export function affectsGutterThumbnails(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${CONFIG_SECTION}.editor.gutterThumbnails`) || e.affectsConfiguration(`${CONFIG_SECTION}.hover.maxImageBytes`);
}
