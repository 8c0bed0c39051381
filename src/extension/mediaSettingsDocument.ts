import * as vscode from 'vscode';
import { escapeMarkdownLinks as asText, inlineCode } from '../core/editor/markdown';
import type { ProjectModel, SettingValue, SourceRange } from '../core/model';
import { formatPython, mediaServingAnswers, settingsModuleSourceText, SHOWN_SETTINGS, type ServingAnswer, type UserSettingsModuleOrigin } from '../core/editor/describeModel';
import type { ProjectEntry, ProjectModels } from './projectModels';
import { relativeToFolder } from './projectModels';
import { resolveProject } from './projectPicker';
import { SHOW_MEDIA_SETTINGS_COMMAND } from './commandIds';
import { placeLinks, type PlacedLink } from '../core/editor/renderedLinks';
import { splitFilesRead, type FilesReadByExistence } from '../core/editor/filesRead';

const SCHEME = 'django-media';

/** A rendered document: Markdown text plus the places that link to project files. */
interface RenderedDocument {
  text: string;
  links: Array<PlacedLink<SourceRange>>;
}

/**
 * The "Show Media Settings" feature: a virtual Markdown document per project that says each value,
 * where it came from (clickable), what is unknown and why, and whether runserver serves media. It
 * follows the model: when the model changes, an open document changes with it.
 */
export function registerMediaSettingsDocumentSupport(models: ProjectModels, log: vscode.LogOutputChannel): vscode.Disposable {
  let loggedBadLink = false;
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const rendered = new Map<string, { entry: ProjectEntry; doc: RenderedDocument }>();

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const entry = (await models.projects()).find((e) => e.key === uri.query);
      if (!entry) return '# Media settings\n\nThis Django project is no longer in the workspace.\n';
      const model = await models.model(entry);
      const doc = model
        ? await renderForEntry(entry, model)
        : { text: `# Media settings · ${asText(entry.project.name)}\n\nThe analysis failed: ${asText(models.errorOf(entry) ?? 'unknown error')}.\nSee the “Django Media” output.\n`, links: [] };
      rendered.set(uri.toString(), { entry, doc });
      return doc.text;
    },
  };

  const renderForEntry = async (entry: ProjectEntry, model: ProjectModel): Promise<RenderedDocument> =>
    renderMediaSettings(entry, model, models.userOriginOf(entry), await splitFilesRead(entry.fs, model.filesRead));

  const linkProvider: vscode.DocumentLinkProvider = {
    provideDocumentLinks(document) {
      const r = rendered.get(document.uri.toString());
      if (!r) return [];
      // Ranges come from the text the editor holds, not the render's bookkeeping: a stale or odd
      // render drops only its own links, never the whole provider.
      const placement = placeLinks(document.lineCount, (line) => document.lineAt(line).text, r.doc.links);
      const links: vscode.DocumentLink[] = [];
      let failure: string | undefined;
      for (const l of placement.links) {
        try {
          const target = r.entry.fs.toUri(l.target.file).with({ fragment: `L${l.target.line},${l.target.column}` });
          const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), target);
          link.tooltip = 'Open the line that decided this';
          links.push(link);
        } catch (e) {
          failure ??= `${l.label}: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      if ((placement.skipped > 0 || failure) && !loggedBadLink) {
        loggedBadLink = true;
        log.warn(`Media settings document: ${placement.skipped} link(s) not on the shown text were skipped${failure ? `; a link failed (${failure})` : ''}`);
      }
      return links;
    },
  };

  return vscode.Disposable.from(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, linkProvider),
    models.onDidChange((change) => {
      // Refresh only documents that are open; closed ones are rendered on demand.
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme !== SCHEME) continue;
        if (!change.entry || doc.uri.query === change.entry.key) changed.fire(doc.uri);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === SCHEME) rendered.delete(doc.uri.toString());
    }),
    vscode.commands.registerCommand(SHOW_MEDIA_SETTINGS_COMMAND, async (project?: unknown): Promise<string | undefined> => {
      const entry = await resolveProject(models, project, 'Show Media Settings');
      if (!entry) return undefined;
      const uri = documentUri(entry);
      const model = await models.model(entry);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open && model) {
        // An open document refreshes asynchronously after a model change: let it catch up first, so
        // that what is shown and what the command returns are the current model.
        const expected = (await renderForEntry(entry, model)).text;
        if (open.getText() !== expected) await documentText(open, expected, () => changed.fire(uri));
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
      return doc.getText();
    }),
  );
}

/** Resolves when `doc` holds `expected` (after `refresh` asks for it), or after 2 s at most. */
function documentText(doc: vscode.TextDocument, expected: string, refresh: () => void): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() === expected) finish();
    });
    const timer = setTimeout(finish, 2000);
    refresh();
  });
}

function documentUri(entry: ProjectEntry): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${entry.project.name} · media settings.md`, query: entry.key });
}

const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|_KEY$|^KEY$|CREDENTIAL|PRIVATE/i;

/** Renders the media settings document of a model (pure: the text depends on the model only). */
function renderMediaSettings(
  entry: ProjectEntry,
  model: ProjectModel,
  userOrigin: UserSettingsModuleOrigin | undefined,
  files: FilesReadByExistence,
): RenderedDocument {
  const w = new DocWriter();
  const rel = (p: string) => relativeToFolder(entry, p);
  const at = (r: SourceRange) => ({ target: r, label: `${rel(r.file)}:${r.line}` });

  w.line(`# Media settings · ${asText(entry.project.name)}`);
  w.line();
  w.line('Read from the project files without running Python.');
  w.line();
  w.line(`- Project: ${asText(entry.project.name)} — `, { target: fileStart(entry.project.managePy), label: rel(entry.project.managePy) });
  if (model.settingsModule) {
    w.line(
      `- Settings module: ${inlineCode(model.settingsModule)} — ${asText(settingsModuleSourceText(model, userOrigin))} — `,
      model.settingsFile ? { target: fileStart(model.settingsFile), label: rel(model.settingsFile) } : 'file not found',
    );
  } else {
    w.line('- Settings module: **none could be determined**. Run “Django Media: Choose Settings Module”.');
  }
  const others = model.settingsCandidates.filter((c) => c !== model.settingsModule);
  if (others.length > 0) {
    w.line(`- Other settings modules: ${others.map((c) => inlineCode(c)).join(', ')} (switch with “Django Media: Choose Settings Module”)`);
  }

  w.line();
  w.line('## Values');
  w.line();
  for (const name of SHOWN_SETTINGS) {
    const v = model.settings[name] as SettingValue<unknown>;
    if (v.known) {
      w.line(`- **${name}** = ${inlineCode(formatPython(v.value, 300))} — `, v.origin ? at(v.origin) : "Django's default");
    } else {
      w.line(`- **${name}** is unknown: ${asText(v.reason)}`, ...(v.origin ? [' — ', at(v.origin)] : []));
    }
  }

  w.line();
  w.line('## Media in development (runserver)');
  w.line();
  const answers = mediaServingAnswers(model);
  const answerLine = (question: string, a: ServingAnswer) =>
    w.line(`- ${question} **${a.state}** — ${asText(a.text)}`, ...(a.state === 'unknown' && a.where ? [' — stopped at ', at(a.where)] : []));
  answerLine('With DEBUG on, is MEDIA_URL served?', answers.inDebug);
  answerLine('With DEBUG as configured?', answers.now);
  if (model.mediaServing.length === 0) {
    w.line(answers.inDebug.state === 'unknown' ? '- No place that serves files was found in the part of the URLconf that could be read.' : '- Nothing in the URLconf serves files.');
  } else {
    w.line('- Places in the URLconf that serve files:');
    for (const m of model.mediaServing) {
      const serves = m.servesMediaInDebug === true ? ' — serves MEDIA_URL' : m.servesMediaInDebug === null ? ' — whether it serves MEDIA_URL is unknown' : '';
      const what = `${inlineCode(m.kind)} serves ${m.prefix ? inlineCode(m.prefix) : 'an unknown prefix'} from ${asText(m.documentRoot)}` +
        `${m.debugOnly ? ', only when DEBUG' : ''}${serves}`;
      w.line(`  - ${what} — `, at(m.range));
    }
  }

  const env = [...model.environment.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (env.length > 0) {
    w.line();
    w.line('## Environment the settings saw');
    w.line();
    for (const [name, value] of env.slice(0, 100)) {
      const shown = SECRET_NAME.test(name) ? '(hidden)' : inlineCode(value.slice(0, 200));
      w.line(`- ${inlineCode(name)} = ${shown}`);
    }
    if (env.length > 100) w.line(`- … and ${env.length - 100} more`);
  }

  if (model.notes.length > 0) {
    w.line();
    w.line('## Notes');
    w.line();
    for (const n of model.notes.slice(0, 200)) {
      const mark = n.severity === 'warning' ? '⚠ ' : '';
      if (n.range) w.line(`- ${mark}`, at(n.range), `: ${asText(n.message)}`);
      else w.line(`- ${mark}${asText(n.message)}`);
    }
    if (model.notes.length > 200) w.line(`- … and ${model.notes.length - 200} more`);
  }

  w.line();
  w.line('## Files the analysis depends on');
  w.line();
  w.line('This document follows changes to these files.');
  w.line();
  for (const f of files.existing.slice(0, 200)) w.line('- ', { target: fileStart(f), label: rel(f) });
  if (files.existing.length > 200) w.line(`- … and ${files.existing.length - 200} more`);
  if (files.missing.length > 0) {
    // Module probes and optional files: the model is recomputed if one appears, but none was read.
    w.line();
    w.line('## Looked for and not found');
    w.line();
    w.line(`${files.missing.length} path${files.missing.length === 1 ? '' : 's'} the analysis looked for (imports, optional settings and \`.env\` files); it follows them in case they appear:`);
    w.line();
    for (const f of files.missing.slice(0, 50)) w.line(`- ${inlineCode(rel(f))}`);
    if (files.missing.length > 50) w.line(`- … and ${files.missing.length - 50} more`);
  }
  return w.done();
}

function fileStart(file: string): SourceRange {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

type Part = string | { target: SourceRange; label: string };

/** Builds lines of text and remembers where each link label landed. */
class DocWriter {
  private readonly lines: string[] = [];
  private readonly links: RenderedDocument['links'] = [];

  line(...parts: Part[]): void {
    let text = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        // Reasons and notes come from project text; keep one entry per line.
        text += p.replace(/\r\n|\r|\n/g, ' ');
      } else {
        const label = asText(p.label);
        this.links.push({ line: this.lines.length, start: text.length, end: text.length + label.length, label, target: p.target });
        text += label;
      }
    }
    this.lines.push(text);
  }

  done(): RenderedDocument {
    return { text: this.lines.join('\n') + '\n', links: this.links };
  }
}
