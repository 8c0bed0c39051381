import * as vscode from 'vscode';
import type { ProjectModel, SettingValue, SourceRange } from '../core/model';
import { formatPython, mediaServingAnswers, settingsModuleSourceText, SHOWN_SETTINGS, type ServingAnswer, type UserSettingsModuleOrigin } from '../core/editor/describeModel';
import type { ProjectEntry, ProjectModels } from './projectModels';
import { relativeToFolder } from './projectModels';
import { resolveProject } from './projectPicker';
import { OPEN_MEDIA_SETTINGS_MARKDOWN_COMMAND } from './commandIds';
import { placeLinks } from '../core/editor/renderedLinks';
import { splitFilesRead, type FilesReadByExistence } from '../core/editor/filesRead';
import { StructuredDocument, toMarkdown, type Inline, type MarkdownRendering } from '../core/editor/settingsDocument';

const SCHEME = 'django-media';

/**
 * The media settings document of a project as its model says now: each value, where it came from,
 * what is unknown and why, whether runserver serves media (or why the analysis failed).
 */
export async function mediaSettingsDocumentOf(models: ProjectModels, entry: ProjectEntry): Promise<StructuredDocument> {
  const model = await models.model(entry);
  if (model) return renderMediaSettings(entry, model, models.userOriginOf(entry), await splitFilesRead(entry.fs, model.filesRead));
  const doc = new StructuredDocument();
  doc.title(`Media settings · ${entry.project.name}`);
  doc.paragraph(`The analysis failed: ${models.errorOf(entry) ?? 'unknown error'}. See the “Django Media” output.`);
  return doc;
}

/**
 * The media settings document as Markdown source ("Open Media Settings as Markdown"): a virtual,
 * read-only document per project whose "decided by" labels are links. It follows the model: when
 * the model changes, an open document changes with it.
 */
export function registerMediaSettingsDocumentSupport(models: ProjectModels, log: vscode.LogOutputChannel): vscode.Disposable {
  let loggedBadLink = false;
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const rendered = new Map<string, { entry: ProjectEntry; doc: MarkdownRendering }>();

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const entry = (await models.projects()).find((e) => e.key === uri.query);
      if (!entry) return '# Media settings\n\nThis Django project is no longer in the workspace.\n';
      const doc = toMarkdown(await mediaSettingsDocumentOf(models, entry));
      rendered.set(uri.toString(), { entry, doc });
      return doc.text;
    },
  };

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
    vscode.commands.registerCommand(OPEN_MEDIA_SETTINGS_MARKDOWN_COMMAND, async (project?: unknown): Promise<string | undefined> => {
      const entry = await resolveProject(models, project, 'Open Media Settings as Markdown');
      if (!entry) return undefined;
      return openMediaSettingsMarkdown(models, entry, changed);
    }),
  );
}

async function openMediaSettingsMarkdown(models: ProjectModels, entry: ProjectEntry, changed: vscode.EventEmitter<vscode.Uri>): Promise<string> {
  const uri = documentUri(entry);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // An open document refreshes asynchronously after a model change: let it catch up first, so
    // that what is shown and what the command returns are the current model.
    const expected = toMarkdown(await mediaSettingsDocumentOf(models, entry)).text;
    if (open.getText() !== expected) await documentText(open, expected, () => changed.fire(uri));
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  return doc.getText();
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
export function renderMediaSettings(
  entry: ProjectEntry,
  model: ProjectModel,
  userOrigin: UserSettingsModuleOrigin | undefined,
  files: FilesReadByExistence,
): StructuredDocument {
  const w = new StructuredDocument();
  const rel = (p: string) => relativeToFolder(entry, p);
  const at = (r: SourceRange): Inline => ({ target: r, label: `${rel(r.file)}:${r.line}` });

  w.title(`Media settings · ${entry.project.name}`);
  w.paragraph('Read from the project files without running Python.');
  w.item(`Project: ${entry.project.name} — `, { target: fileStart(entry.project.managePy), label: rel(entry.project.managePy) });
  if (model.settingsModule) {
    w.item(
      'Settings module: ', { code: model.settingsModule }, ` — ${settingsModuleSourceText(model, userOrigin)} — `,
      model.settingsFile ? { target: fileStart(model.settingsFile), label: rel(model.settingsFile) } : 'file not found',
    );
  } else {
    w.item('Settings module: ', { strong: 'none could be determined' }, '. Run “Django Media: Choose Settings Module”.');
  }
  const others = model.settingsCandidates.filter((c) => c !== model.settingsModule);
  if (others.length > 0) {
    w.item('Other settings modules: ', ...others.flatMap((c, i): Inline[] => (i === 0 ? [{ code: c }] : [', ', { code: c }])), ' (switch with “Django Media: Choose Settings Module”)');
  }

  w.heading('Values');
  for (const name of SHOWN_SETTINGS) {
    const v = model.settings[name] as SettingValue<unknown>;
    if (v.known) {
      w.item({ strong: name }, ' = ', { code: formatPython(v.value, 300) }, ' — ', v.origin ? at(v.origin) : "Django's default");
    } else {
      w.item({ strong: name }, ` is unknown: ${v.reason}`, ...(v.origin ? [' — ', at(v.origin)] : []));
    }
  }

  w.heading('Media in development (runserver)');
  const answers = mediaServingAnswers(model);
  const answerLine = (question: string, a: ServingAnswer) =>
    w.item(`${question} `, { strong: a.state }, ` — ${a.text}`, ...(a.state === 'unknown' && a.where ? [' — stopped at ', at(a.where)] : []));
  answerLine('With DEBUG on, is MEDIA_URL served?', answers.inDebug);
  answerLine('With DEBUG as configured?', answers.now);
  if (model.mediaServing.length === 0) {
    w.item(answers.inDebug.state === 'unknown' ? 'No place that serves files was found in the part of the URLconf that could be read.' : 'Nothing in the URLconf serves files.');
  } else {
    w.item('Places in the URLconf that serve files:');
    for (const m of model.mediaServing) {
      const serves = m.servesMediaInDebug === true ? ' — serves MEDIA_URL' : m.servesMediaInDebug === null ? ' — whether it serves MEDIA_URL is unknown' : '';
      w.subitem(
        { code: m.kind }, ' serves ', m.prefix ? { code: m.prefix } : 'an unknown prefix',
        ` from ${m.documentRoot}${m.debugOnly ? ', only when DEBUG' : ''}${serves} — `, at(m.range),
      );
    }
  }

  const env = [...model.environment.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (env.length > 0) {
    w.heading('Environment the settings saw');
    for (const [name, value] of env.slice(0, 100)) {
      w.item({ code: name }, ' = ', SECRET_NAME.test(name) ? '(hidden)' : { code: value.slice(0, 200) });
    }
    if (env.length > 100) w.item(`… and ${env.length - 100} more`);
  }

  if (model.notes.length > 0) {
    w.heading('Notes');
    for (const n of model.notes.slice(0, 200)) {
      const mark = n.severity === 'warning' ? '⚠ ' : '';
      if (n.range) w.item(mark, at(n.range), `: ${n.message}`);
      else w.item(`${mark}${n.message}`);
    }
    if (model.notes.length > 200) w.item(`… and ${model.notes.length - 200} more`);
  }

  w.heading('Files the analysis depends on');
  w.paragraph('This document follows changes to these files.');
  for (const f of files.existing.slice(0, 200)) w.item({ target: fileStart(f), label: rel(f) });
  if (files.existing.length > 200) w.item(`… and ${files.existing.length - 200} more`);
  if (files.missing.length > 0) {
    // Module probes and optional files: the model is recomputed if one appears, but none was read.
    w.heading('Looked for and not found');
    w.paragraph(
      `${files.missing.length} path${files.missing.length === 1 ? '' : 's'} the analysis looked for (imports, optional settings and `,
      { code: '.env' },
      ' files); it follows them in case they appear:',
    );
    for (const f of files.missing.slice(0, 50)) w.item({ code: rel(f) });
    if (files.missing.length > 50) w.item(`… and ${files.missing.length - 50} more`);
  }
  return w;
}

function fileStart(file: string): SourceRange {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
