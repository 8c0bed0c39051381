import type * as vscode from 'vscode';
import type { MediaSettingsViews } from './mediaSettingsView';
import type { ProjectModels } from './projectModels';
import type { StatusBarSupport } from './statusBar';
import type { EditorSupport } from './editor';
import type { Timeline } from './timeline';

/**
 * What `activate` returns (`vscode.extensions.getExtension('django-media.django-media').exports`):
 * the live project models for other features and tests, and what the status bar shows.
 */
export interface DjangoMediaApi {
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
  readonly models: ProjectModels;
  readonly statusBar: Pick<StatusBarSupport, 'current' | 'onDidUpdate'>;
  /** The open "Show Media Settings" views: what each shows, and the messages its page may post. */
  readonly mediaSettingsViews: MediaSettingsViews;
  readonly log: vscode.LogOutputChannel;
  /** What the editor features show (the gutter thumbnails of each visible editor). */
  readonly editor: Pick<EditorSupport, 'gutterThumbnails'>;
  /** When the status bar and the diagnostics first showed results (read by bench/workbench.bench.ts). */
  readonly timeline: Timeline;
}
