import * as vscode from 'vscode';
import { MediaNameIndex, walkMediaFiles } from '../../core/mediaIndex';
import { readMediaTreeConfig } from './mediaTreeConfig';
import type { MediaTarget } from './mediaNodes';
import type { ProjectMedia } from './projectMedia';

interface MediaPick extends vscode.QuickPickItem {
  target?: MediaTarget;
}

/** Results shown at once: the list is re-ranked at every keystroke, never rendered whole. */
const MAX_RESULTS = 200;
const UPDATE_EVERY_MS = 150;
/** Names held for searching: far beyond the 200,000 files the explorer is built for, and still bounded. */
const MAX_SEARCHED_ENTRIES = 500_000;

/** What the search offers besides picking: buttons on each result. */
export interface MediaSearchButtons {
  reveal?: (t: MediaTarget) => void;
  copyUrl?: (t: MediaTarget) => void;
}

const REVEAL_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Reveal in Media Explorer' };
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link'), tooltip: 'Copy Media URL' };

/**
 * A quick pick over every file under the MEDIA_ROOT of `projects`: MEDIA_ROOT is walked in the
 * background while the picker is open (results appear as folders are read), the walk is bounded by
 * the media index's limits and stops when the picker closes. Resolves to the chosen file, or
 * undefined when the user cancels.
 */
export function pickMediaFile(projects: ProjectMedia[], title: string, buttons: MediaSearchButtons = {}): Promise<MediaTarget | undefined> {
  const local = projects.filter((p) => p.mediaRoot !== undefined);
  const qp = vscode.window.createQuickPick<MediaPick>();
  qp.title = title;
  qp.placeholder = 'Type part of a file name or path under MEDIA_ROOT';
  qp.matchOnDescription = true;
  qp.busy = true;
  const token = { aborted: false };
  const indexes = local.map((p) => ({ p, index: new MediaNameIndex() }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = 0;
  const notes: string[] = [];

  const render = (): void => {
    timer = undefined;
    const found: Array<{ score: number; item: MediaPick }> = [];
    for (const { p, index } of indexes) {
      for (const m of index.search(qp.value, MAX_RESULTS)) {
        const slash = m.storageName.lastIndexOf('/');
        found.push({ score: m.score, item: {
          label: m.storageName.slice(slash + 1),
          description: `${local.length > 1 ? `${p.name}: ` : ''}${slash < 0 ? '' : m.storageName.slice(0, slash)}`,
          // Filtering is done here, over every name; VS Code's own filter must not hide results.
          alwaysShow: true,
          buttons: [REVEAL_BUTTON, COPY_BUTTON],
          target: { project: p, storageName: m.storageName, isFolder: false },
        } });
      }
    }
    // Each project's results are ranked already; merging keeps that order (stable sort by score).
    found.sort((a, b) => a.score - b.score);
    qp.items = found.slice(0, MAX_RESULTS).map((f) => f.item);
    const total = indexes.reduce((n, x) => n + x.index.size, 0);
    qp.placeholder = `${done < local.length ? 'Searching' : 'Search'} ${total.toLocaleString('en-US')} files under MEDIA_ROOT${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
  const schedule = (): void => {
    timer ??= setTimeout(render, UPDATE_EVERY_MS);
  };

  return new Promise<MediaTarget | undefined>((resolve) => {
    let settled = false;
    const finish = (t: MediaTarget | undefined): void => {
      if (settled) return;
      settled = true;
      token.aborted = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(t);
      qp.dispose();
    };
    qp.onDidChangeValue(() => render());
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.target));
    qp.onDidHide(() => finish(undefined));
    qp.onDidTriggerItemButton((e) => {
      const t = e.item.target;
      if (!t) return;
      if (e.button === REVEAL_BUTTON) {
        buttons.reveal?.(t);
        finish(undefined);
      } else {
        buttons.copyUrl?.(t);
      }
    });
    qp.show();
    if (local.length === 0) {
      qp.busy = false;
      qp.placeholder = 'No project of this workspace keeps its media in a local MEDIA_ROOT';
      return;
    }
    for (const { p, index } of indexes) {
      const exclude = readMediaTreeConfig(p.entry.rootUri).exclude;
      void walkMediaFiles(p.mediaFs!, p.mediaRoot!, {
        exclude,
        limits: { maxEntries: MAX_SEARCHED_ENTRIES },
        token,
        onFiles: (files) => {
          index.add(files.map((f) => f.storageName));
          schedule();
        },
      }).then((summary) => {
        done++;
        if (summary.truncated) notes.push(`${p.name}: ${summary.truncated}`);
        if (summary.unreadable.length) notes.push(`${summary.unreadable.length} folder(s) unreadable`);
        if (done === local.length) qp.busy = false;
        if (!settled) render();
      });
    }
    render();
  });
}
