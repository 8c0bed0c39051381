import { promises as fsp } from 'node:fs';
import type { DirEntry, FileStat, FileSystem, FileType } from '../core/fileSystem';

function typeOf(s: { isFile(): boolean; isDirectory(): boolean }): FileType {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
}

/** The core's FileSystem port over node:fs, for the CLI, unit tests and benchmarks. */
export class NodeFileSystem implements FileSystem {
  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const l = await fsp.lstat(path);
      if (!l.isSymbolicLink()) return { type: typeOf(l), size: l.isFile() ? l.size : 0, mtime: l.mtimeMs };
      const s = await fsp.stat(path);
      return { type: typeOf(s), size: s.isFile() ? s.size : 0, mtime: s.mtimeMs, symlink: true };
    } catch {
      return undefined;
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(path);
  }

  async readFileHead(path: string, length: number): Promise<Uint8Array> {
    const handle = await fsp.open(path, 'r');
    try {
      const buf = new Uint8Array(length);
      const { bytesRead } = await handle.read(buf, 0, length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async realpath(path: string): Promise<string | undefined> {
    try {
      return await fsp.realpath(path);
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    const out: DirEntry[] = [];
    for (const e of entries) {
      if (e.isSymbolicLink()) {
        const target = await this.stat(`${path.replace(/\/$/, '')}/${e.name}`);
        out.push({ name: e.name, type: target?.type ?? 'other', symlink: true });
      } else {
        out.push({ name: e.name, type: typeOf(e) });
      }
    }
    return out;
  }
}
