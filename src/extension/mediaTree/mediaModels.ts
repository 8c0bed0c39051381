import * as vscode from 'vscode';
import { formatBytes } from '../../core/mediaIndex';
import type { FieldUploadCounts } from '../../core/uploads/auditUploads';
import type { FileFieldInfo } from '../../core/uploads/types';
import { uploadToText } from '../../core/uploads/uploadToText';
import { FIND_UNUSED_MEDIA_COMMAND, REVEAL_IN_MEDIA_EXPLORER_COMMAND } from '../commandIds';
import { relativeToFolder } from '../projectModels';
import { toRange } from '../sourceLinks';
import type { MediaAuditProvider } from './mediaAudit';
import type { AuditResult } from './mediaNodes';

/** A node of the Models view: a project (several in the workspace), a model, a field, its upload folder. */
export type ModelsNode =
  | { kind: 'project'; result: AuditResult }
  | { kind: 'model'; result: AuditResult; app: string; model: string; fields: number[] }
  | { kind: 'field'; result: AuditResult; index: number }
  | { kind: 'folder'; result: AuditResult; index: number }
  | { kind: 'note'; id: string; label: string; tooltip?: string };

function fieldOf(node: { result: AuditResult; index: number }): { field: FileFieldInfo; counts: FieldUploadCounts } {
  const u = node.result.uploads!;
  return { field: u.fields[node.index]!, counts: u.perField[node.index]! };
}

/** The literal folder an upload_to writes under ("photos/" for "photos/%Y/%m/"), when known. */
function literalFolder(field: FileFieldInfo): string | null {
  const ut = field.uploadTo;
  if (ut.kind === 'none') return '';
  if (ut.kind === 'string') return ut.folder;
  if (ut.kind === 'callable') return ut.folder;
  return null;
}

/**
 * The "Models" view: each file field of the project's models (model → field → upload folder), with
 * the rows the database holds for it, the files its folder holds and their size, as the last
 * "Find Unused and Missing Media Files" found them; a click opens the field's definition.
 */
export class MediaModelsProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly audit: MediaAuditProvider) {
    this.subscription = audit.onDidChangeTreeData(() => this.emitter.fire(undefined));
  }

  getChildren(node?: ModelsNode): ModelsNode[] {
    const results = (this.audit.current ?? []).filter((r) => r.uploads && !r.stale?.relocated);
    if (!node) {
      if (results.length === 1) return this.modelsOf(results[0]!);
      return results.map((result) => ({ kind: 'project', result }));
    }
    if (node.kind === 'project') return this.modelsOf(node.result);
    if (node.kind === 'model') return node.fields.map((index) => ({ kind: 'field', result: node.result, index }));
    if (node.kind === 'field') return [{ kind: 'folder', result: node.result, index: node.index }];
    return [];
  }

  private modelsOf(result: AuditResult): ModelsNode[] {
    const u = result.uploads!;
    if (u.fields.length === 0) {
      return [{ kind: 'note', id: `${result.project.key}#none`, label: 'No FileField or ImageField in the models', tooltip: u.notes.join('\n') }];
    }
    const byModel = new Map<string, ModelsNode & { kind: 'model' }>();
    u.fields.forEach((f, index) => {
      const key = `${f.app}.${f.model}`;
      let m = byModel.get(key);
      if (!m) byModel.set(key, (m = { kind: 'model', result, app: f.app, model: f.model, fields: [] }));
      m.fields.push(index);
    });
    return [...byModel.values()];
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project': {
        const item = new vscode.TreeItem(node.result.project.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `models:${node.result.project.key}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        return item;
      }
      case 'model': {
        const u = node.result.uploads!;
        const first = u.fields[node.fields[0]!]!;
        const item = new vscode.TreeItem(`${node.app}.${node.model}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `models:${node.result.project.key}#${node.app}.${node.model}`;
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        item.description = first.table;
        return item;
      }
      case 'field': {
        const { field, counts } = fieldOf(node);
        const item = new vscode.TreeItem(field.field, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `models:${node.result.project.key}#${field.app}.${field.model}.${field.field}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        const parts = [
          field.fieldClass.slice(field.fieldClass.lastIndexOf('.') + 1),
          counts.rows !== null ? `${counts.rows.toLocaleString('en-US')} row${counts.rows === 1 ? '' : 's'}` : 'rows not read',
          counts.files !== null ? `${counts.files.toLocaleString('en-US')} file${counts.files === 1 ? '' : 's'}` : null,
          counts.bytes !== null ? formatBytes(counts.bytes) : null,
          counts.missing ? `${counts.missing.toLocaleString('en-US')} missing` : null,
        ];
        item.description = parts.filter(Boolean).join(' · ');
        const entry = node.result.project.entry;
        item.tooltip = [
          `${field.app}.${field.model}.${field.field} (${field.fieldClass})`,
          `Column ${field.table}.${field.column}`,
          `upload_to: ${uploadToText(field.uploadTo) || '(none: MEDIA_ROOT itself)'}`,
          field.storage.kind === 'custom' ? `Storage: ${field.storage.expression} (its rows are not checked against MEDIA_ROOT)` : 'Storage: the default storage',
          `Declared in ${relativeToFolder(entry, field.range.file)}:${field.range.line}`,
          counts.rows === null ? `Rows: not read (${node.result.uploads!.database.reason ?? 'database not read'})` : '',
          counts.files === null ? 'Files: the folder cannot be told statically' : counts.bytes === null ? 'Size: not computed (too many files)' : '',
        ]
          .filter(Boolean)
          .join('\n');
        item.command = { command: 'vscode.open', title: 'Open Field Definition', arguments: [entry.fs.toUri(field.range.file), { selection: toRange(field.range) }] };
        item.contextValue = 'djangoMedia.modelField';
        return item;
      }
      case 'folder': {
        const { field } = fieldOf(node);
        const folder = literalFolder(field);
        const text = uploadToText(field.uploadTo);
        const item = new vscode.TreeItem(text || 'MEDIA_ROOT', vscode.TreeItemCollapsibleState.None);
        item.id = `models:${node.result.project.key}#${field.app}.${field.model}.${field.field}#folder`;
        item.iconPath = new vscode.ThemeIcon('folder');
        item.description = folder === null ? 'folder not known statically' : folder && folder !== text ? `in ${folder}` : '';
        const uri = folder ? node.result.project.uriOf(folder.replace(/\/+$/, '')) : undefined;
        if (uri) item.command = { command: REVEAL_IN_MEDIA_EXPLORER_COMMAND, title: 'Reveal in Media Explorer', arguments: [uri] };
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `models:${node.id}`;
        item.iconPath = new vscode.ThemeIcon('info');
        if (node.tooltip) item.tooltip = node.tooltip;
        item.command = { command: FIND_UNUSED_MEDIA_COMMAND, title: 'Scan again' };
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
