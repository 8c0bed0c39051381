import type * as vscode from 'vscode';
import type { MediaEntry, MediaUsageReport, MediaUse, MissingMediaFile, UnusedMediaFile } from '../../core/mediaIndex';
import type { ProjectModel } from '../../core/model';
import type { UploadsAuditReport } from '../../core/uploads/auditUploads';
import type { FileFieldInfo, MissingUploadFile, OrphanUploadFile } from '../../core/uploads/types';
import type { ProjectMedia } from './projectMedia';

// The nodes of the two views of the Media explorer: "Media Files" (MediaNode) and
// "Unused & Missing" (AuditNode). Nodes are plain data; the providers turn them into TreeItems.

/** What a command acts on: a file or folder under a project's MEDIA_ROOT. */
export interface MediaTarget {
  readonly project: ProjectMedia;
  /** "" for MEDIA_ROOT itself. */
  readonly storageName: string;
  readonly isFolder: boolean;
}

/** The Uri of a target, when its project stores media locally. */
export function targetUri(t: MediaTarget): vscode.Uri | undefined {
  return t.project.uriOf(t.storageName);
}

// --- Media Files -------------------------------------------------------------------------------

/** A project (shown only when the workspace has several). */
export class ProjectNode {
  readonly kind = 'project';
  constructor(readonly project: ProjectMedia) {}
}

/** A folder under MEDIA_ROOT. */
export class FolderNode implements MediaTarget {
  readonly kind = 'folder';
  readonly isFolder = true;
  constructor(
    readonly project: ProjectMedia,
    public entry: MediaEntry,
  ) {}
  get storageName(): string {
    return this.entry.storageName;
  }
}

/** A file under MEDIA_ROOT. */
export class FileNode implements MediaTarget {
  readonly kind = 'file';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    public entry: MediaEntry,
  ) {}
  get storageName(): string {
    return this.entry.storageName;
  }
}

/** "Show more…" at the end of a folder shown in part. */
export class MoreNode {
  readonly kind = 'more';
  constructor(
    readonly project: ProjectMedia,
    readonly folder: string,
    readonly shown: number,
    readonly total: number,
    readonly note: string | undefined,
  ) {}
}

/** A line of information (remote storage, an unreadable folder, an empty MEDIA_ROOT). */
export class InfoNode {
  readonly kind = 'info';
  constructor(
    readonly id: string,
    readonly label: string,
    readonly options: { description?: string; tooltip?: string; icon?: string; command?: vscode.Command } = {},
  ) {}
}

export type MediaNode = ProjectNode | FolderNode | FileNode | MoreNode | InfoNode;

/**
 * The project, folder and file nodes handed to VS Code: the same object for the same entry, as
 * VS Code requires for refreshes and reveal.
 */
export class MediaNodeCache {
  private readonly projects = new Map<string, ProjectNode>();
  /** By project key and storage name. */
  private readonly entries = new Map<string, FolderNode | FileNode>();

  projectNode(p: ProjectMedia): ProjectNode {
    let n = this.projects.get(p.key);
    if (!n) {
      n = new ProjectNode(p);
      this.projects.set(p.key, n);
    }
    return n;
  }

  /** The project's node if the view has shown it (with several projects). */
  shownProjectNode(p: ProjectMedia): ProjectNode | undefined {
    return this.projects.get(p.key);
  }

  /** The node of an entry, updated to the entry's latest listing. */
  entryNode(p: ProjectMedia, entry: MediaEntry): FolderNode | FileNode {
    const key = `${p.key}#${entry.storageName}`;
    const isDir = entry.type === 'directory';
    const existing = this.entries.get(key);
    if (existing && existing.kind === (isDir ? 'folder' : 'file')) {
      existing.entry = entry;
      return existing;
    }
    const node = isDir ? new FolderNode(p, entry) : new FileNode(p, entry);
    this.entries.set(key, node);
    return node;
  }

  /** The node of a storage name the view has shown. */
  get(p: ProjectMedia, storageName: string): FolderNode | FileNode | undefined {
    return this.entries.get(`${p.key}#${storageName}`);
  }

  /** Forgets the nodes of a project under `under` (a storage name; all of them when undefined). */
  drop(p: ProjectMedia, under: string | undefined): void {
    const prefix = `${p.key}#${under ? `${under}/` : ''}`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Forgets a project that left the workspace. */
  dropProject(p: ProjectMedia): void {
    this.projects.delete(p.key);
    this.drop(p, undefined);
  }

  clear(): void {
    this.entries.clear();
  }
}

// --- Unused & Missing --------------------------------------------------------------------------

/** One project's scan, as the "Unused & Missing" view shows it. */
export interface AuditResult {
  readonly project: ProjectMedia;
  /** undefined when the project was not scanned (remote or unknown media), with the reason. */
  readonly report: MediaUsageReport | undefined;
  readonly skipped?: string;
  readonly ms: number;
  /** The model and MEDIA_ROOT the scan read: a newer analysis makes the result out of date. */
  readonly model: ProjectModel | undefined;
  readonly mediaRoot: string | undefined;
  /** Why the result is out of date (the settings were analysed again since the scan). */
  stale?: { reason: string; relocated: boolean };
  /** The uploads audit against the database, when it ran: with the database read it replaces the
   *  reference-only lists (`report` is then undefined); otherwise it says why not. */
  uploads?: UploadsAuditReport;
}

/** A file under MEDIA_ROOT that no row, template or code names. */
export class OrphanNode implements MediaTarget {
  readonly kind = 'orphan';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    public file: OrphanUploadFile,
  ) {}
  get storageName(): string {
    return this.file.name;
  }
}

/** A row whose file MEDIA_ROOT does not hold. */
export class MissingRowNode {
  readonly kind = 'missingRow';
  constructor(
    readonly project: ProjectMedia,
    readonly row: MissingUploadFile,
    /** Its field's declaration, when the catalogue has it. */
    readonly field: FileFieldInfo | undefined,
  ) {}
}

/** A file that no field's upload_to can produce. */
export class OutsideNode implements MediaTarget {
  readonly kind = 'outside';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    readonly storageName: string,
  ) {}
}

/** A file nothing names. */
export class UnusedNode implements MediaTarget {
  readonly kind = 'unused';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    readonly file: UnusedMediaFile,
  ) {}
  get storageName(): string {
    return this.file.storageName;
  }
}

/** A referenced name with no file. */
export class MissingNode implements MediaTarget {
  readonly kind = 'missing';
  readonly isFolder = false;
  constructor(
    readonly project: ProjectMedia,
    readonly missing: MissingMediaFile,
  ) {}
  get storageName(): string {
    return this.missing.storageName;
  }
}

/** Where a missing file is referenced. */
export class UseNode {
  readonly kind = 'use';
  constructor(
    readonly project: ProjectMedia,
    readonly use: MediaUse,
  ) {}
}

/** A heading ("Unused files (12)") or a project. */
export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly result: AuditResult,
    readonly group: 'project' | 'unused' | 'missing' | 'notes' | 'orphans' | 'missingRows' | 'outside',
  ) {}
}

/** A line of information. */
export class NoteNode {
  readonly kind = 'note';
  constructor(
    readonly id: string,
    readonly label: string,
    readonly icon: string,
    readonly tooltip?: string,
    readonly command?: vscode.Command,
  ) {}
}

export type AuditNode = UnusedNode | MissingNode | UseNode | GroupNode | NoteNode | OrphanNode | MissingRowNode | OutsideNode;

/** A node either view shows for a file or folder under MEDIA_ROOT (what commands accept). */
export function isMediaTarget(arg: unknown): arg is MediaTarget {
  return arg instanceof FileNode || arg instanceof FolderNode || arg instanceof UnusedNode || arg instanceof MissingNode || arg instanceof OrphanNode || arg instanceof OutsideNode;
}
