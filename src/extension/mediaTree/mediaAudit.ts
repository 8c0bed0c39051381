import * as vscode from 'vscode';
import { formatBytes, mediaStorageLocation } from '../../core/mediaIndex';
import { formatAge } from '../../core/uploads/formatAge';
import type { ProjectModel, SourceRange } from '../../core/model';
import { FIND_UNUSED_MEDIA_COMMAND, MEDIA_TREE_COMMANDS } from '../commandIds';
import { relativeToFolder, type ProjectModels } from '../projectModels';
import { toRange } from '../sourceLinks';
import { GroupNode, MissingNode, MissingRowNode, NoteNode, OrphanNode, OutsideNode, UnusedNode, UseNode, type AuditNode, type AuditResult } from './mediaNodes';
import type { ProjectMedia } from './projectMedia';

/** What the view says above every result: the limit of a static scan. */
export const DATABASE_CAVEAT = 'Uploads that only database rows name show up as unused: check before deleting.';

function openAt(uri: vscode.Uri, range: SourceRange): vscode.Command {
  return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: toRange(range) }] };
}

/** The lists are the database-backed ones (orphans, rows with missing files, outside the upload folders). */
function databaseRead(r: AuditResult): boolean {
  return r.uploads?.database.read === true;
}

/** Above the lists: why the database was not read (then the lists are reference-only), and the caveat. */
function viewMessage(results: readonly AuditResult[]): string | undefined {
  const referenceOnly = results.filter((r) => r.report && !databaseRead(r));
  if (referenceOnly.length === 0) return undefined;
  // The reason in full is the list's last row (with the project's name): the message stays short.
  const notRead = referenceOnly.some((r) => r.uploads);
  return notRead ? `Database not read (the last row says why). ${DATABASE_CAVEAT}` : DATABASE_CAVEAT;
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
    if (this.view) this.view.message = viewMessage(results);
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
    const files = results.reduce((n, r) => n + (r.uploads?.walk.files ?? r.report?.walk.files ?? 0), 0);
    const ms = results.reduce((n, r) => n + r.ms, 0);
    const scanned = `${files.toLocaleString('en-US')} files scanned in ${(ms / 1000).toFixed(1)} s`;
    this.view.description = results.some((r) => r.stale) ? `out of date · ${scanned}` : scanned;
  }

  /** Drops a file from the unused list (it was deleted or renamed from the view). */
  forget(project: ProjectMedia, storageName: string): void {
    if (!this.results) return;
    let changed = false;
    const prefix = `${storageName}/`;
    const gone = (name: string): boolean => name === storageName || name.startsWith(prefix);
    for (const r of this.results) {
      if (r.project !== project) continue;
      const u = r.uploads;
      if (u) {
        const before = u.orphans.length + u.outsideUploadFolders.length;
        const orphans = u.orphans.filter((o) => !gone(o.name));
        u.counts.orphans -= u.orphans.length - orphans.length;
        u.orphans = orphans;
        const outside = u.outsideUploadFolders.filter((o) => !gone(o.name));
        u.counts.outsideUploadFolders -= u.outsideUploadFolders.length - outside.length;
        u.outsideUploadFolders = outside;
        for (const o of u.orphans) if (o.renditions?.some(gone)) o.renditions = o.renditions.filter((n) => !gone(n));
        changed ||= before !== u.orphans.length + u.outsideUploadFolders.length;
      }
      if (!r.report) continue;
      const before = r.report.unused.length;
      r.report.unused = r.report.unused.filter((u) => !gone(u.storageName));
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
      const u = r.uploads!;
      if (node.group === 'orphans') return u.orphans.map((o) => new OrphanNode(r.project, o));
      if (node.group === 'outside') return u.outsideUploadFolders.map((o) => new OutsideNode(r.project, o.name));
      if (node.group === 'missingRows') {
        const fields = new Map(u.fields.map((f) => [`${f.app}.${f.model}.${f.field}`, f]));
        return u.missingFiles.map((m) => new MissingRowNode(r.project, m, fields.get(`${m.app}.${m.model}.${m.field}`)));
      }
    }
    if (node.kind === 'missing') return node.missing.uses.map((u) => new UseNode(node.project, u));
    return [];
  }

  private groupsOf(r: AuditResult): AuditNode[] {
    const key = r.project.key;
    const stale = r.stale ? [new NoteNode(`${key}#stale`, 'Out of date: run the scan again', 'history', r.stale.reason, RESCAN)] : [];
    if (r.stale?.relocated) return stale;
    const u = r.uploads;
    if (u && u.database.read) return [...stale, new GroupNode(r, 'orphans'), new GroupNode(r, 'missingRows'), new GroupNode(r, 'outside'), ...this.uploadNotes(r)];
    if (!r.report) return [...stale, new NoteNode(`${key}#skipped`, r.skipped ?? 'Not scanned', 'info')];
    const nodes: AuditNode[] = [...stale, new GroupNode(r, 'unused'), new GroupNode(r, 'missing')];
    if (u && u.missingFiles.length) nodes.push(new GroupNode(r, 'missingRows'));
    if (u && u.counts.outsideUploadFolders) nodes.push(new GroupNode(r, 'outside'));
    if (u) {
      nodes.push(new NoteNode(`${key}#notRead`, `Database not read: ${u.database.reason ?? 'unknown reason'}`, 'database', `The lists above are reference-only: they compare MEDIA_ROOT with templates, code and fixtures. ${DATABASE_CAVEAT}`));
    }
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

  /** The audit's notes (custom storages, names out of MEDIA_ROOT, an incomplete walk) and the sorl cache. */
  private uploadNotes(r: AuditResult): AuditNode[] {
    const u = r.uploads!;
    const key = r.project.key;
    const nodes: AuditNode[] = u.renditionCaches.map(
      (c) => new NoteNode(`${key}#cache:${c.folder}`, `${c.library} cache ${c.folder}: ${c.files.toLocaleString('en-US')} thumbnails, not listed as orphans`, 'file-media'),
    );
    u.notes.forEach((n, i) => nodes.push(new NoteNode(`${key}#note${i}`, n, 'info', n)));
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
        if (node.group === 'orphans' || node.group === 'missingRows' || node.group === 'outside') return uploadsGroupItem(r, node.group);
        const unused = node.group === 'unused';
        const count = unused ? r.report!.unusedCount : r.report!.missingCount;
        const listed = unused ? r.report!.unused.length : r.report!.missing.length;
        const item = new vscode.TreeItem(
          unused ? `Unused files (${count.toLocaleString('en-US')})` : `Missing files (${count.toLocaleString('en-US')})`,
          count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `audit:${r.project.key}#${node.group}`;
        item.iconPath = new vscode.ThemeIcon(unused ? 'circle-slash' : 'warning');
        const description = [r.uploads ? 'reference-only' : '', listed < count ? `first ${listed.toLocaleString('en-US')} listed` : ''].filter(Boolean).join(' · ');
        if (description) item.description = description;
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
      case 'orphan': {
        const o = node.file;
        const item = fileItem(node, 'orphan');
        const size = formatBytes(o.bytes);
        const age = formatAge(o.mtime, Date.now());
        const thumbs = o.renditions?.length ? ` · +${o.renditions.length} thumbnail${o.renditions.length === 1 ? '' : 's'}` : '';
        item.description = [item.description, size, age].filter(Boolean).join(' · ') + thumbs;
        item.contextValue = 'djangoMedia.file.orphan';
        item.tooltip = `${o.name}\n${size}${age ? `, ${age}` : ''}\nNo database row, template, code or fixture names this file.${o.renditions?.length ? `\nThumbnails made from it (moved to the trash with it):\n${o.renditions.join('\n')}` : ''}`;
        return item;
      }
      case 'outside': {
        const item = fileItem(node, 'outside');
        item.contextValue = 'djangoMedia.file.outside';
        item.tooltip = `${node.storageName}\nNo file field's upload_to puts files here.`;
        return item;
      }
      case 'missingRow': {
        const m = node.row;
        const item = new vscode.TreeItem(`${m.model}.${m.field}  pk=${m.pk}`, vscode.TreeItemCollapsibleState.None);
        item.id = `audit:${node.project.key}#row:${m.app}.${m.model}.${m.field}:${m.pk}:${m.name}`;
        item.description = m.name;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.contextValue = 'djangoMedia.missingRow';
        item.tooltip = `${m.app}.${m.model} pk=${m.pk}: ${m.field} = "${m.name}", which MEDIA_ROOT does not hold${node.field ? `\nDeclared in ${relativeToFolder(node.project.entry, node.field.range.file)}:${node.field.range.line}` : ''}`;
        if (node.field) item.command = openAt(node.project.entry.fs.toUri(node.field.range.file), node.field.range);
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

  /** The orphans (and their thumbnails) listed for `project`, for "Move All to Trash". */
  orphansOf(project: ProjectMedia): OrphanNode[] {
    const r = this.results?.find((x) => x.project === project);
    return r?.uploads?.database.read ? r.uploads.orphans.map((o) => new OrphanNode(project, o)) : [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
    this.staleEmitter.dispose();
  }
}

/** A file of MEDIA_ROOT in one of the lists: its name, its folder, a click that opens it. */
function fileItem(node: OrphanNode | OutsideNode, list: string): vscode.TreeItem {
  const { project, storageName: name } = node;
  const slash = name.lastIndexOf('/');
  const item = new vscode.TreeItem(name.slice(slash + 1), vscode.TreeItemCollapsibleState.None);
  item.id = `audit:${project.key}#${list}:${name}`;
  const uri = project.uriOf(name);
  if (uri) {
    item.resourceUri = uri;
    item.command = { command: MEDIA_TREE_COMMANDS.open, title: 'Open', arguments: [node] };
  }
  item.iconPath = vscode.ThemeIcon.File;
  item.description = slash < 0 ? '' : name.slice(0, slash);
  return item;
}

const UPLOAD_GROUPS = {
  orphans: { title: 'Orphans', icon: 'trash', tooltip: 'Files under MEDIA_ROOT that no database row, template, code or fixture names: safe to clean up. Thumbnails are listed with their original.' },
  missingRows: { title: 'Rows with missing files', icon: 'warning', tooltip: 'Database rows whose file field names a file MEDIA_ROOT does not hold: broken images and downloads on the site.' },
  outside: { title: 'Outside upload folders', icon: 'question', tooltip: "Files that exist but sit outside every file field's upload_to folder." },
} as const;

/** The heading of one of the database-backed lists, with its count (and the orphans' total size). */
function uploadsGroupItem(r: AuditResult, group: keyof typeof UPLOAD_GROUPS): vscode.TreeItem {
  const u = r.uploads!;
  const g = UPLOAD_GROUPS[group];
  const count = group === 'orphans' ? u.counts.orphans : group === 'missingRows' ? u.counts.missingFiles : u.counts.outsideUploadFolders;
  const listed = group === 'orphans' ? u.orphans.length : group === 'missingRows' ? u.missingFiles.length : u.outsideUploadFolders.length;
  const notListed = group === 'orphans' ? u.orphansNotListed : undefined;
  const item = new vscode.TreeItem(notListed !== undefined ? `${g.title}: not listed` : `${g.title} (${count.toLocaleString('en-US')})`, count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `audit:${r.project.key}#${group}`;
  item.iconPath = new vscode.ThemeIcon(g.icon);
  if (notListed !== undefined) {
    // Rows the catalogue could not read may name any file: none may be offered for the trash.
    item.description = 'models outside the catalogue';
    item.tooltip = `No file is called an orphan: ${notListed}`;
    return item;
  }
  const parts: string[] = [];
  if (group === 'orphans' && listed) parts.push(formatBytes(u.orphans.reduce((s, o) => s + o.bytes, 0)));
  if (listed < count) parts.push(`first ${listed.toLocaleString('en-US')} listed`);
  item.description = parts.join(' · ');
  item.tooltip = g.tooltip;
  if (group === 'orphans' && listed) item.contextValue = 'djangoMedia.orphans';
  return item;
}
