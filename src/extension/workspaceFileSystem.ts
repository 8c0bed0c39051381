import * as vscode from 'vscode';
import type { DirEntry, FileStat, FileSystem, FileType } from '../core/fileSystem';

function typeOf(t: vscode.FileType): FileType {
  if (t & vscode.FileType.Directory) return 'directory';
  if (t & vscode.FileType.File) return 'file';
  return 'other';
}

/**
 * The core's FileSystem port over `vscode.workspace.fs`, for one scheme + authority (the workspace
 * folder's). Core paths are the Uri's path: absolute and POSIX-style for every scheme ("/c:/x" for a
 * Windows drive), so local, remote (SSH, WSL, containers) and virtual workspaces all map one to one.
 */
export class WorkspaceFileSystem implements FileSystem {
  /**
   * @param base any Uri of the file system to reach; only its scheme and authority are used.
   * @param disk for a `file` folder in the Node extension host (desktop, or remote where the files
   *   are): the disk reached directly (see diskFileSystem in extension.ts). Through
   *   vscode.workspace.fs each call is a round trip of ~5 ms in a remote extension host; an
   *   analysis of a large project makes thousands.
   */
  constructor(
    private readonly base: vscode.Uri,
    private readonly disk?: Promise<FileSystem | undefined>,
  ) {}

  /** The disk, when this file system reaches it directly. */
  private async direct(): Promise<FileSystem | undefined> {
    return this.disk && (await this.disk);
  }

  /** The Uri of a core path. */
  toUri(path: string): vscode.Uri {
    return this.base.with({ path, query: '', fragment: '' });
  }

  /** The core path of a Uri, or undefined when it lives on another file system. */
  toPath(uri: vscode.Uri): string | undefined {
    return uri.scheme === this.base.scheme && uri.authority === this.base.authority ? uri.path : undefined;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const disk = await this.direct();
    if (disk) return disk.stat(this.toUri(path).fsPath);
    try {
      const s = await vscode.workspace.fs.stat(this.toUri(path));
      const type = typeOf(s.type);
      const stat: FileStat = { type, size: type === 'file' ? s.size : 0, mtime: s.mtime };
      if (s.type & vscode.FileType.SymbolicLink) stat.symlink = true;
      return stat;
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    const disk = await this.direct();
    if (disk) return disk.readFile(this.toUri(path).fsPath);
    return vscode.workspace.fs.readFile(this.toUri(path));
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const disk = await this.direct();
    if (disk) return disk.readDirectory(this.toUri(path).fsPath);
    const entries = await vscode.workspace.fs.readDirectory(this.toUri(path));
    return entries.map(([name, t]) => {
      const entry: DirEntry = { name, type: typeOf(t) };
      if (t & vscode.FileType.SymbolicLink) entry.symlink = true;
      return entry;
    });
  }
  // No readFileHead: vscode.workspace.fs cannot read a byte range, and the port makes it optional.
}
