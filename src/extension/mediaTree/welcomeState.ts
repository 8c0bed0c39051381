import * as vscode from 'vscode';

/** The welcome state, as the `djangoMedia.mediaTree.state` context key (package.json's viewsWelcome reads it). */
export type MediaTreeState = 'loading' | 'noProject' | 'noMedia' | 'media' | 'remote' | 'multi';

/** Why a single project shows no files, as `djangoMedia.mediaTree.reason` (one welcome text each). */
export type MediaTreeReason = 'missing' | 'unknown' | 'failed' | 'memory' | 'notFolder';

const STATE_CONTEXT = 'djangoMedia.mediaTree.state';
const REASON_CONTEXT = 'djangoMedia.mediaTree.reason';

/** What the Media Files view shows when it shows no files, and the message above the files it shows. */
export class WelcomeState implements vscode.Disposable {
  private state: MediaTreeState = 'loading';
  private reasonKind: MediaTreeReason | '' = '';
  private reasonText: string | undefined;
  private readonly emitter = new vscode.EventEmitter<MediaTreeState>();
  /** Fires when the welcome state changes (tests wait on it). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly view: () => vscode.TreeView<unknown> | undefined,
  ) {}

  get current(): MediaTreeState {
    return this.state;
  }

  /** Why the view shows its welcome instead of files (single project), in words. */
  get reason(): string | undefined {
    return this.reasonText;
  }

  /**
   * Sets the welcome state. With nothing to show, `why` picks the welcome text (VS Code hides the
   * welcome view while the view has a message, so the reason goes to the log and `reason`, not to
   * the message); `note` is a message above a non-empty tree.
   */
  set(state: MediaTreeState, why?: { kind: MediaTreeReason; text: string }, note?: string): void {
    const view = this.view();
    if (view) view.message = note;
    const reasonKind = why?.kind ?? '';
    if (why && why.text !== this.reasonText) this.log.info(`Media explorer: ${why.text}`);
    this.reasonText = why?.text;
    if (state === this.state && reasonKind === this.reasonKind) return;
    this.state = state;
    this.reasonKind = reasonKind;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, state);
    void vscode.commands.executeCommand('setContext', REASON_CONTEXT, reasonKind);
    this.emitter.fire(state);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
