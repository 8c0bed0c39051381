import * as vscode from 'vscode';
import type { ProjectModel, SettingValue } from '../core/model';
import { formatPython, mediaServingAnswers, settingsModuleSourceText } from '../core/editor/describeModel';
import type { ProjectEntry, ProjectModels } from './projectModels';
import { relativeToFolder } from './projectModels';
import { CHOOSE_SETTINGS_MODULE_COMMAND, OPEN_SOURCE_COMMAND, SHOW_MEDIA_SETTINGS_COMMAND } from './commandIds';
import { commandUri, sourceLink } from './sourceLinks';
import { mark } from './timeline';

/** What the status bar item shows, as plain data (read by the integration tests). */
export interface StatusSnapshot {
  visible: boolean;
  text: string;
  /** The tooltip's Markdown source. */
  tooltip: string;
  /** Warning background: a value is unknown, the analysis failed, or an error diagnostic exists. */
  warning: boolean;
  /** Key of the project shown. */
  projectKey: string | undefined;
}

/** The status bar feature; a Disposable that also reports what it shows. */
export interface StatusBarSupport extends vscode.Disposable {
  readonly current: StatusSnapshot;
  readonly onDidUpdate: vscode.Event<StatusSnapshot>;
}

const DIAGNOSTIC_SOURCE = 'django-media';

/** Shows `MEDIA_URL → MEDIA_ROOT` of the active editor's Django project; click shows the details. */
export function registerStatusBarSupport(models: ProjectModels, log: vscode.LogOutputChannel): StatusBarSupport {
  return new MediaStatusBar(models, log);
}

class MediaStatusBar implements StatusBarSupport {
  private readonly item = vscode.window.createStatusBarItem('djangoMedia.status', vscode.StatusBarAlignment.Left, 0);
  private readonly emitter = new vscode.EventEmitter<StatusSnapshot>();
  readonly onDidUpdate = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];
  private snapshot: StatusSnapshot = { visible: false, text: '', tooltip: '', warning: false, projectKey: undefined };
  private shown: ProjectEntry | undefined;
  private hasErrorDiagnostic = false;
  private sequence = 0;
  /** What is shown was chosen before the search for projects was done. */
  private shownBeforeDiscovery = false;

  constructor(
    private readonly models: ProjectModels,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Django Media';
    this.subscriptions = [
      this.item,
      this.emitter,
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      models.onDidChange((change) => {
        if (!change.entry || change.entry.key === this.shown?.key) void this.update();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => this.onDiagnostics(e)),
      // Shown before the search for projects was done: told again once it is (another project may
      // hold the editor's file after all, or the name prefix of several projects may be needed).
      models.onDidDiscover(() => {
        if (this.shownBeforeDiscovery) void this.update();
      }),
    ];
    void this.update();
  }

  get current(): StatusSnapshot {
    return this.snapshot;
  }

  dispose(): void {
    this.sequence++;
    for (const d of this.subscriptions) d.dispose();
  }

  private async update(): Promise<void> {
    const sequence = ++this.sequence;
    try {
      const entry = await this.target();
      if (sequence !== this.sequence) return;
      if (!entry) {
        this.shown = undefined;
        this.publish({ visible: false, text: '', tooltip: '', warning: false, projectKey: undefined });
        return;
      }
      if (entry.key !== this.shown?.key) {
        this.shown = entry;
        this.hasErrorDiagnostic = this.computeErrorDiagnostic(entry);
      }
      const ready = this.models.peek(entry);
      const multi = await this.models.severalProjects();
      if (sequence !== this.sequence) return;
      this.shownBeforeDiscovery = this.chosenEarly;
      if (!ready) {
        // (Already showing this project's settings, read before the search for projects was done: kept.)
        if (!this.snapshot.visible || this.snapshot.projectKey !== entry.key) {
          this.publish({ ...this.snapshot, visible: true, text: '$(sync~spin) Django Media', tooltip: 'Reading the media settings…', projectKey: entry.key });
        }
        // The settings alone decide what the item shows; the tooltip's serving answers follow.
        const early = await this.models.settingsModel(entry);
        if (sequence !== this.sequence) return;
        if (early) {
          mark('statusBar');
          this.publish(this.render(entry, early, multi));
        }
      }
      const model = await this.models.model(entry);
      if (sequence !== this.sequence) return;
      mark('statusBar');
      this.publish(model ? this.render(entry, model, multi) : this.renderFailure(entry));
    } catch (e) {
      this.log.error(`status bar: ${e instanceof Error ? e.message : String(e)}`);
      if (sequence === this.sequence) {
        this.publish({ visible: false, text: '', tooltip: '', warning: false, projectKey: undefined });
      }
    }
  }

  /** Whether the last target() answered before the search for projects was done. */
  private chosenEarly = false;

  /** The active editor's project; with no editor (or one outside the workspace) the project shown
   *  before, else the first one; hidden when the editor is in the workspace but in no project. While
   *  the workspace is still searched for projects, what the settings read ahead already tell for
   *  certain (ProjectModels.projectBeforeDiscovery). */
  private async target(): Promise<ProjectEntry | undefined> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const inWorkspace = uri !== undefined && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    const early = !this.shown || this.shownBeforeDiscovery ? await this.models.projectBeforeDiscovery(inWorkspace ? uri : undefined) : undefined;
    this.chosenEarly = early !== undefined;
    if (early) return early;
    const all = await this.models.projects();
    if (inWorkspace) return (await this.models.projectFor(uri)) ?? (all.length === 1 ? all[0] : undefined);
    return all.find((e) => e.key === this.shown?.key) ?? all[0];
  }

  private render(entry: ProjectEntry, model: ProjectModel, multi: boolean): StatusSnapshot {
    const url = model.settings.MEDIA_URL;
    const root = model.settings.MEDIA_ROOT;
    const urlText = url.known ? url.value : '?';
    const rootText = root.known ? displayRoot(entry, root.value) : '?';
    const text = `$(file-media) ${multi ? `${entry.project.name}: ` : ''}${urlText} → ${rootText}`;
    const warning = !url.known || !root.known || !model.settingsModule || this.hasErrorDiagnostic;
    return { visible: true, text, tooltip: this.tooltip(entry, model), warning, projectKey: entry.key };
  }

  private renderFailure(entry: ProjectEntry): StatusSnapshot {
    const why = this.models.errorOf(entry) ?? 'unknown error';
    return {
      visible: true,
      text: `$(file-media) ${entry.project.name}: analysis failed`,
      tooltip: `**Django Media** could not analyse ${entry.project.name}: ${why}\n\nSee the “Django Media” output.`,
      warning: true,
      projectKey: entry.key,
    };
  }

  private tooltip(entry: ProjectEntry, model: ProjectModel): string {
    const rel = (p: string) => relativeToFolder(entry, p);
    const out: string[] = [];
    out.push(`**Django Media** · ${cell(entry.project.name)}`, '');
    if (model.settingsModule) {
      const file = model.settingsFile
        ? sourceLink(entry, { file: model.settingsFile, line: 1, column: 1, endLine: 1, endColumn: 1 }, rel(model.settingsFile))
        : 'file not found';
      out.push(`Settings module \`${model.settingsModule}\` — ${settingsModuleSourceText(model, this.models.userOriginOf(entry))} (${file})`);
    } else {
      out.push('No settings module could be determined: choose one.');
    }
    out.push('', '| Setting | Value | Decided by |', '|---|---|---|');
    for (const name of ['MEDIA_URL', 'MEDIA_ROOT', 'DEBUG'] as const) {
      const v = model.settings[name] as SettingValue<unknown>;
      if (v.known) {
        const shown = formatPython(v.value, 100);
        const by = v.origin ? sourceLink(entry, v.origin, `${rel(v.origin.file)}:${v.origin.line}`) : "Django's default";
        out.push(`| ${name} | ${code(shown)} | ${by} |`);
      } else {
        const at = v.origin ? ` (${sourceLink(entry, v.origin, `${rel(v.origin.file)}:${v.origin.line}`)})` : '';
        out.push(`| ${name} | $(warning) unknown | ${cell(v.reason)}${at} |`);
      }
    }
    const serving = mediaServingAnswers(model);
    const why = serving.inDebug.state === 'unknown'
      ? ` — ${cell(serving.inDebug.text)}${serving.inDebug.where ? ` (${sourceLink(entry, serving.inDebug.where, `${rel(serving.inDebug.where.file)}:${serving.inDebug.where.line}`)})` : ''}`
      : '';
    out.push('', `Media served by runserver with DEBUG on: **${serving.inDebug.state}**${why}`);
    if (this.hasErrorDiagnostic) out.push('', '$(error) Django Media reports errors in this project (see Problems).');
    out.push(
      '',
      `[$(file-media) Show media settings](${commandUri(SHOW_MEDIA_SETTINGS_COMMAND, [entry.key])}) · ` +
        `[$(list-selection) Choose settings module](${commandUri(CHOOSE_SETTINGS_MODULE_COMMAND, [undefined, entry.key])})`,
    );
    return out.join('\n');
  }

  private publish(snapshot: StatusSnapshot): void {
    this.snapshot = snapshot;
    if (!snapshot.visible) {
      this.item.hide();
    } else {
      this.item.text = snapshot.text;
      const md = new vscode.MarkdownString(snapshot.tooltip, true);
      // Only our own commands may run from the tooltip's links.
      md.isTrusted = { enabledCommands: [OPEN_SOURCE_COMMAND, SHOW_MEDIA_SETTINGS_COMMAND, CHOOSE_SETTINGS_MODULE_COMMAND] };
      this.item.tooltip = md;
      this.item.backgroundColor = snapshot.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.command = snapshot.projectKey
        ? { title: 'Show Media Settings', command: SHOW_MEDIA_SETTINGS_COMMAND, arguments: [snapshot.projectKey] }
        : SHOW_MEDIA_SETTINGS_COMMAND;
      this.item.accessibilityInformation = { label: snapshot.text.replace(/\$\([^)]*\)\s*/g, '').replace('→', 'served from'), role: 'button' };
      this.item.show();
    }
    this.emitter.fire(snapshot);
  }

  private onDiagnostics(e: vscode.DiagnosticChangeEvent): void {
    const entry = this.shown;
    if (!entry) return;
    if (!e.uris.some((uri) => isUnder(entry, uri))) return;
    const has = this.computeErrorDiagnostic(entry);
    if (has !== this.hasErrorDiagnostic) {
      this.hasErrorDiagnostic = has;
      void this.update();
    }
  }

  private computeErrorDiagnostic(entry: ProjectEntry): boolean {
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (!isUnder(entry, uri)) continue;
      if (diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error)) return true;
    }
    return false;
  }
}

function isUnder(entry: ProjectEntry, uri: vscode.Uri): boolean {
  const path = entry.fs.toPath(uri);
  const root = entry.project.root;
  return path !== undefined && (path === root || path.startsWith(root.endsWith('/') ? root : root + '/'));
}

/** MEDIA_ROOT for the status bar: relative to the workspace folder when inside it. */
function displayRoot(entry: ProjectEntry, root: string): string {
  if (root === '') return '(unset)';
  const folder = entry.folder.uri.path.replace(/\/+$/, '');
  const value = root.replace(/\/+$/, '') || '/';
  if (value === folder) return '.';
  return value.startsWith(folder + '/') ? value.slice(folder.length + 1) : value;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
