import * as vscode from 'vscode';
import { mediaStorageLocation } from '../../core/mediaIndex';
import type { ProjectModel, SourceRange } from '../../core/model';
import { FIND_UNUSED_MEDIA_COMMAND, MEDIA_TREE_COMMANDS } from '../commandIds';
import { relativeToFolder, type ProjectModels } from '../projectModels';
import { toRange } from '../sourceLinks';
import { GroupNode, MissingNode, NoteNode, UnusedNode, UseNode, type AuditNode, type AuditResult } from './mediaNodes';
import type { ProjectMedia } from './projectMedia';

/** What the view says above every result: the limit of a static scan. */
export const DATABASE_CAVEAT =
  'Uploads referenced only from database rows (FileField and ImageField values) cannot be seen by this scan and show up as unused: check before deleting.';

function openAt(uri: vscode.Uri, range: SourceRange): vscode.Command {
  return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: toRange(range) }] };
}

const RESCAN: vscode.Command = { command: FIND_UNUSED_MEDIA_COMMAND, title: 'Find Unused and Missing Media Files' };

/** MEDIA_ROOT of a model when media is stored locally. */
function localMediaRoot(model: ProjectModel | undefined): string | undefined {
  const loc = model ? mediaStorageLocation(model) : undefined;
  return loc?.kind === 'local' ? loc.mediaRoot : undefined;
}

/**
 * The "Unused & Missing" view: the result of the last scan, per project (files under MEDIA_ROOT that
 * no template, code or fixture names; references to files that are not there), with the caveat that
 * database rows are invisible to it. A project analysed again since the scan (its settings, .env or
 * urls changed) has its result marked out of date; when MEDIA_ROOT moved, its lists are withdrawn,
 * since their names would now point into another folder.
 */
export class MediaAuditProvider implements vscode.TreeDataProvider<AuditNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<AuditNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly staleEmitter = new vscode.EventEmitter<void>();
  /** Fires when a result becomes out of date (tests wait on it). */
  readonly onDidBecomeStale = this.staleEmitter.event;
  private results: AuditResult[] | undefined;
  private readonly subscription: vscode.Disposable;
  view: vscode.TreeView<AuditNode> | undefined;

  constructor(private readonly models: ProjectModels) {
    this.subscription = models.onDidChange((e) => this.checkStale(e.entry?.key));
  }

  /** The last scan's results (undefined before the first scan). */
  get current(): readonly AuditResult[] | undefined {
    return this.results;
  }

  setResults(results: AuditResult[]): void {
    this.results = results;
    void vscode.commands.executeCommand('setContext', 'djangoMedia.mediaAudit.hasResults', true);
    if (this.view) this.view.message = DATABASE_CAVEAT;
    // A model adopted while the scan ran already makes its result out of date.
    if (!this.checkStale(undefined)) {
      this.describe();
      this.emitter.fire(undefined);
    }
  }

  /** Marks out of date the results of `key` (every project when undefined) whose model was replaced; true when one was. */
  private checkStale(key: string | undefined): boolean {
    let changed = false;
    for (const r of this.results ?? []) {
      if (r.stale?.relocated || (key !== undefined && r.project.key !== key)) continue;
      const latest = this.models.peek(r.project.entry);
      if (latest === r.model) continue;
      const root = localMediaRoot(latest);
      // Until the new analysis finishes there is no model: MEDIA_ROOT is not known to have moved.
      const relocated = latest !== undefined && root !== r.mediaRoot;
      const reason = relocated
        ? `MEDIA_ROOT changed since this scan (${r.mediaRoot ?? 'none'} → ${root ?? 'none'}): its lists are withdrawn.`
        : `${r.project.name} was analysed again since this scan (its settings, .env or urls files, the settings module or the djangoMedia settings changed): templates, apps and MEDIA_URL may differ.`;
      r.stale = { reason, relocated };
      changed = true;
    }
    if (changed) {
      this.describe();
      this.emitter.fire(undefined);
      this.staleEmitter.fire();
    }
    return changed;
  }

  private describe(): void {
    const results = this.results;
    if (!this.view || !results) return;
    const files = results.reduce((n, r) => n + (r.report?.walk.files ?? 0), 0);
    const ms = results.reduce((n, r) => n + r.ms, 0);
    const scanned = `${files.toLocaleString('en-US')} files scanned in ${(ms / 1000).toFixed(1)} s`;
    this.view.description = results.some((r) => r.stale) ? `out of date · ${scanned}` : scanned;
  }

  /** Drops a file from the unused list (it was deleted or renamed from the view). */
  forget(project: ProjectMedia, storageName: string): void {
    if (!this.results) return;
    let changed = false;
    for (const r of this.results) {
      if (r.project !== project || !r.report) continue;
      const prefix = `${storageName}/`;
      const before = r.report.unused.length;
      r.report.unused = r.report.unused.filter((u) => u.storageName !== storageName && !u.storageName.startsWith(prefix));
      const removed = before - r.report.unused.length;
      r.report.unusedCount -= removed;
      changed ||= removed > 0;
    }
    if (changed) this.emitter.fire(undefined);
  }

  getChildren(node?: AuditNode): AuditNode[] {
    const results = this.results;
    if (!results) return [];
    if (!node) {
      if (results.length === 1) return this.groupsOf(results[0]!);
      return results.map((r) => new GroupNode(r, 'project'));
    }
    if (node.kind === 'group') {
      const r = node.result;
      if (node.group === 'project') return this.groupsOf(r);
      if (node.group === 'unused') return r.report!.unused.map((u) => new UnusedNode(r.project, u));
      if (node.group === 'missing') return r.report!.missing.map((m) => new MissingNode(r.project, m));
    }
    if (node.kind === 'missing') return node.missing.uses.map((u) => new UseNode(node.project, u));
    return [];
  }

  private groupsOf(r: AuditResult): AuditNode[] {
    const key = r.project.key;
    const stale = r.stale ? [new NoteNode(`${key}#stale`, 'Out of date: run the scan again', 'history', r.stale.reason, RESCAN)] : [];
    if (r.stale?.relocated) return stale;
    if (!r.report) return [...stale, new NoteNode(`${key}#skipped`, r.skipped ?? 'Not scanned', 'info')];
    const nodes: AuditNode[] = [...stale, new GroupNode(r, 'unused'), new GroupNode(r, 'missing')];
    const w = r.report.walk;
    if (w.unreadable.length) {
      nodes.push(new NoteNode(`${key}#unreadable`, `${w.unreadable.length} folder(s) could not be read`, 'warning', w.unreadable.map((u) => u || 'MEDIA_ROOT').join('\n')));
    }
    if (w.truncated) nodes.push(new NoteNode(`${key}#truncated`, `Scan incomplete: ${w.truncated}`, 'warning'));
    if (w.linksOutside) {
      nodes.push(new NoteNode(`${key}#linksOutside`, `${w.linksOutside} symbolic link(s) lead out of MEDIA_ROOT: not scanned, never listed as unused`, 'info'));
    }
    if (r.report.unknownReferences) {
      nodes.push(new NoteNode(`${key}#unknown`, `${r.report.unknownReferences} referenced name(s) could not be checked (a folder cannot be read): not reported as missing`, 'warning'));
    }
    if (w.skippedLinks) nodes.push(new NoteNode(`${key}#links`, `${w.skippedLinks} symbolic link(s) not followed (loops or links inside links)`, 'info'));
    if (r.report.uncheckedReferences) nodes.push(new NoteNode(`${key}#unchecked`, `${r.report.uncheckedReferences} referenced names not checked (too many)`, 'info'));
    return nodes;
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const r = node.result;
        if (node.group === 'project') {
          const item = new vscode.TreeItem(r.project.name, vscode.TreeItemCollapsibleState.Expanded);
          item.id = `audit:${r.project.key}`;
          item.iconPath = new vscode.ThemeIcon('root-folder');
          item.description = r.project.mediaRoot ?? r.skipped ?? '';
          return item;
        }
        const unused = node.group === 'unused';
        const count = unused ? r.report!.unusedCount : r.report!.missingCount;
        const listed = unused ? r.report!.unused.length : r.report!.missing.length;
        const item = new vscode.TreeItem(
          unused ? `Unused files (${count.toLocaleString('en-US')})` : `Missing files (${count.toLocaleString('en-US')})`,
          count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `audit:${r.project.key}#${node.group}`;
        item.iconPath = new vscode.ThemeIcon(unused ? 'circle-slash' : 'warning');
        if (listed < count) item.description = `first ${listed.toLocaleString('en-US')} listed`;
        item.tooltip = unused
          ? `Files under MEDIA_ROOT that no template, Python file or fixture names. ${DATABASE_CAVEAT}`
          : 'Media references in templates and code that name a file MEDIA_ROOT does not hold.';
        return item;
      }
      case 'unused': {
        const name = node.storageName;
        const slash = name.lastIndexOf('/');
        const item = new vscode.TreeItem(name.slice(slash + 1), vscode.TreeItemCollapsibleState.None);
        item.id = `audit:${node.project.key}#unused:${name}`;
        const uri = node.project.uriOf(name);
        if (uri) {
          item.resourceUri = uri;
          item.command = { command: MEDIA_TREE_COMMANDS.open, title: 'Open', arguments: [node] };
        }
        item.iconPath = vscode.ThemeIcon.File;
        item.description = slash < 0 ? '' : name.slice(0, slash);
        item.contextValue = 'djangoMedia.file.unused';
        item.tooltip = `${name}\nNo template, Python file or fixture names this file. A database row may still point at it.`;
        return item;
      }
      case 'missing': {
        const m = node.missing;
        const item = new vscode.TreeItem(m.storageName, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `audit:${node.project.key}#missing:${m.storageName}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.description = `${m.uses.length} reference${m.uses.length === 1 ? '' : 's'}${m.isFolder ? ' · names a folder' : ''}`;
        item.contextValue = 'djangoMedia.missing';
        item.tooltip = `${m.path} ${m.isFolder ? 'is a folder, not a file' : 'does not exist'}`;
        return item;
      }
      case 'use': {
        const u = node.use;
        const entry = node.project.entry;
        const item = new vscode.TreeItem(`${relativeToFolder(entry, u.range.file)}:${u.range.line}`, vscode.TreeItemCollapsibleState.None);
        item.description = u.text;
        item.iconPath = new vscode.ThemeIcon('references');
        item.command = openAt(entry.fs.toUri(u.range.file), u.range);
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `audit:${node.id}`;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.command) item.command = node.command;
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
    this.staleEmitter.dispose();
  }
}
