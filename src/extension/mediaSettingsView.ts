import * as vscode from 'vscode';
import type { SourceRange } from '../core/model';
import { escapeHtml, StructuredDocument, toHtml, toMarkdown } from '../core/editor/settingsDocument';
import { OPEN_MEDIA_SETTINGS_MARKDOWN_COMMAND, SHOW_MEDIA_SETTINGS_COMMAND } from './commandIds';
import { mediaSettingsDocumentOf } from './mediaSettingsDocument';
import type { ProjectEntry, ProjectModels } from './projectModels';
import { resolveProject } from './projectPicker';

const VIEW_TYPE = 'djangoMedia.mediaSettings';

/** What an open media settings view shows (read by the integration tests through the API). */
export interface MediaSettingsViewState {
  /** The rendered document (the part of the page inside `<main>`). */
  html: string;
  /** The Markdown source that "Copy as Markdown" and "Open as Markdown" give. */
  markdown: string;
  /** Bumped at each new render; a link click names the render it was made in. */
  version: number;
  /** Where link `i` of the page goes. */
  targets: readonly SourceRange[];
}

/** The media settings views, for other features and tests. */
export interface MediaSettingsViews {
  /** What the open view of a project shows, if one is open. */
  shown(projectKey: string): MediaSettingsViewState | undefined;
  /** How many views are open (a closed view leaves nothing behind). */
  readonly openCount: number;
  /** Fires with the project key each time a view shows a new render. */
  readonly onDidRender: vscode.Event<string>;
  /**
   * Handles `message` exactly as if the page of the project's view had posted it (what a click on a
   * link or a button posts); false when the message was refused or no view is open.
   */
  receive(projectKey: string, message: unknown): Promise<boolean>;
}

/** A message a page may post; anything else is refused. */
type ViewMessage = { type: 'open'; link: number; version: number } | { type: 'copyMarkdown' } | { type: 'openMarkdown' };

/** The page's messages, checked field by field: the page shows project text and is not trusted. */
function parseMessage(m: unknown): ViewMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const { type, link, version } = m as Record<string, unknown>;
  if (type === 'open' && typeof link === 'number' && Number.isSafeInteger(link) && typeof version === 'number' && Number.isSafeInteger(version)) {
    return { type, link, version };
  }
  if (type === 'copyMarkdown' || type === 'openMarkdown') return { type };
  return undefined;
}

interface View extends MediaSettingsViewState {
  key: string;
  panel: vscode.WebviewPanel;
  entry: ProjectEntry | undefined;
  /** The latest render asked for; an older one finishing late is dropped. */
  renderSeq: number;
}

/**
 * "Show Media Settings": the media settings document rendered in a webview panel, one per project.
 * Every "decided by" label is a link; a click posts the link's index, and the extension opens the
 * place its own render put there (so the page can never name a file). The view follows the model
 * and offers the Markdown source (copy, or open as a document) for bug reports.
 */
export function registerMediaSettingsViewSupport(models: ProjectModels, log: vscode.LogOutputChannel): vscode.Disposable & MediaSettingsViews {
  const views = new Map<string, View>();
  const rendered = new vscode.EventEmitter<string>();

  const render = async (view: View): Promise<void> => {
    const seq = ++view.renderSeq;
    const entry = (await models.projects()).find((e) => e.key === view.key);
    const doc = entry ? await mediaSettingsDocumentOf(models, entry) : gone();
    if (seq !== view.renderSeq || views.get(view.key) !== view) return;
    const { html, targets } = toHtml(doc);
    view.entry = entry;
    view.markdown = toMarkdown(doc).text;
    if (html === view.html) return;
    // Only a different document reloads the page (the page keeps its scroll position in its state).
    view.html = html;
    view.targets = targets;
    view.version++;
    view.panel.title = entry ? `Media Settings · ${entry.project.name}` : 'Media Settings';
    view.panel.webview.html = page(view.panel.webview, view.html, view.version);
    rendered.fire(view.key);
  };

  const receive = async (view: View, raw: unknown): Promise<boolean> => {
    const message = parseMessage(raw);
    if (!message) {
      log.warn(`Media settings view: a message from the page was refused (${describe(raw)})`);
      return false;
    }
    switch (message.type) {
      case 'open': {
        const target = message.version === view.version ? view.targets[message.link] : undefined;
        // A click in a page that was being replaced names a link of the previous render: ignored.
        if (!target || !view.entry) return false;
        const position = new vscode.Position(Math.max(0, target.line - 1), Math.max(0, target.column - 1));
        await vscode.window.showTextDocument(view.entry.fs.toUri(target.file), {
          selection: new vscode.Range(position, position),
          viewColumn: vscode.ViewColumn.Beside,
        });
        return true;
      }
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(view.markdown);
        vscode.window.setStatusBarMessage('Media settings copied as Markdown', 3000);
        return true;
      case 'openMarkdown':
        await vscode.commands.executeCommand(OPEN_MEDIA_SETTINGS_MARKDOWN_COMMAND, view.key);
        return true;
    }
  };

  const open = (entry: ProjectEntry): View => {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Media Settings · ${entry.project.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    const view: View = { key: entry.key, panel, entry, html: '', markdown: '', version: 0, targets: [], renderSeq: 0 };
    views.set(entry.key, view);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((m: unknown) => {
        receive(view, m).catch((e: unknown) => log.warn(`Media settings view: ${e instanceof Error ? e.message : String(e)}`));
      }),
      panel.onDidDispose(() => {
        if (views.get(view.key) === view) views.delete(view.key);
        for (const s of subscriptions) s.dispose();
      }),
    ];
    return view;
  };

  const disposable = vscode.Disposable.from(
    rendered,
    models.onDidChange((change) => {
      for (const view of views.values()) {
        if (!change.entry || change.entry.key === view.key) render(view).catch((e: unknown) => log.warn(`Media settings view: ${e instanceof Error ? e.message : String(e)}`));
      }
    }),
    vscode.commands.registerCommand(SHOW_MEDIA_SETTINGS_COMMAND, async (project?: unknown): Promise<string | undefined> => {
      const entry = await resolveProject(models, project, 'Show Media Settings');
      if (!entry) return undefined;
      const existing = views.get(entry.key);
      const view = existing ?? open(entry);
      if (existing) existing.panel.reveal();
      await render(view);
      return view.markdown;
    }),
    { dispose: () => [...views.values()].forEach((v) => v.panel.dispose()) },
  );

  return {
    dispose: () => disposable.dispose(),
    shown: (key) => {
      const v = views.get(key);
      return v && { html: v.html, markdown: v.markdown, version: v.version, targets: v.targets };
    },
    get openCount() {
      return views.size;
    },
    onDidRender: rendered.event,
    receive: async (key, message) => {
      const v = views.get(key);
      return v ? receive(v, message) : false;
    },
  };
}

function gone(): StructuredDocument {
  const doc = new StructuredDocument();
  doc.title('Media settings');
  doc.paragraph('This Django project is no longer in the workspace.');
  return doc;
}

function describe(m: unknown): string {
  try {
    return JSON.stringify(m)?.slice(0, 200) ?? typeof m;
  } catch {
    return typeof m;
  }
}

/** Web Crypto, global in browsers and in Node ≥ 19 (VS Code 1.85 ships Node 18, where it may be missing). */
const webCrypto = (globalThis as { crypto?: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto;

function nonce(): string {
  const bytes = new Uint8Array(18);
  if (webCrypto) webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The page: a strict CSP (no network, no other origin, only this page's own style and script by
 * nonce), theme colours from VS Code's CSS variables, the rendered document, and a script that
 * only posts which link or button was clicked.
 */
function page(webview: vscode.Webview, body: string, version: number): string {
  const n = nonce();
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${n}'; script-src 'nonce-${n}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Media settings</title>
<style nonce="${n}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5; padding: 0 20px 24px; max-width: 980px; }
h1 { font-size: 1.6em; font-weight: 600; margin: 0.6em 0 0.4em; }
h2 { font-size: 1.2em; font-weight: 600; margin: 1.4em 0 0.4em; padding-bottom: 0.2em; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); }
ul { padding-left: 1.4em; margin: 0.3em 0; }
li { margin: 0.15em 0; overflow-wrap: anywhere; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; background: var(--vscode-textCodeBlock-background); padding: 0.05em 0.3em; border-radius: 3px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.toolbar { position: sticky; top: 0; display: flex; gap: 8px; justify-content: flex-end; padding: 8px 0; background: var(--vscode-editor-background); }
button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
</style>
</head>
<body>
<nav class="toolbar" aria-label="Media settings actions">
<button type="button" data-action="openMarkdown" title="Open the Markdown source of this document">Open as Markdown</button>
<button type="button" data-action="copyMarkdown" title="Copy the Markdown source of this document (for a bug report)">Copy as Markdown</button>
</nav>
<main id="document" data-version="${version}">
${body}
</main>
<script nonce="${n}">
(function () {
  const vscode = acquireVsCodeApi();
  const version = Number(document.getElementById('document').dataset.version);
  const state = vscode.getState();
  if (state && typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);
  let pending = false;
  window.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; vscode.setState({ scrollY: window.scrollY }); });
  });
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const link = target && target.closest('a[data-link]');
    if (link) {
      event.preventDefault();
      vscode.postMessage({ type: 'open', link: Number(link.getAttribute('data-link')), version: version });
      return;
    }
    const button = target && target.closest('button[data-action]');
    if (button) vscode.postMessage({ type: button.getAttribute('data-action') });
  });
})();
</script>
</body>
</html>`;
}
