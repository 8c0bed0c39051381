import type { DirEntry, FileStat, FileSystem } from './fileSystem';
import { MAX_TEXT_FILE_BYTES } from './fileSystem';

/** What an analysis did to a path, so that the next analysis can ask for it ahead of time. */
export type AccessKind = 'stat' | 'read' | 'dir';

/** Paths and what was done to them, in first-access order. */
export type AccessList = Array<[path: string, kind: AccessKind]>;

/** More than this is not a settings analysis any more; the list is cut. */
const MAX_RECORDED = 2000;

/**
 * A FileSystem for the duration of one analysis. Outside desktop VS Code (remote and web
 * workspaces) each `vscode.workspace.fs` call is a round trip of several milliseconds, and the
 * evaluator asks one question after another. This wrapper answers repeated questions once, records
 * what was asked, and can ask the previous analysis's questions all at once beforehand (`prefetch`),
 * so a re-analysis mostly waits for one batch instead of dozens of sequential round trips.
 * Answers are a snapshot taken at the start: the wrapper is thrown away with the analysis.
 */
export class SnapshotFileSystem implements FileSystem {
  private readonly stats = new Map<string, Promise<FileStat | undefined>>();
  private readonly files = new Map<string, Promise<Uint8Array>>();
  private readonly dirs = new Map<string, Promise<DirEntry[]>>();
  /** "kind\0path" of each distinct request, in first-request order. */
  private readonly accessed = new Set<string>();

  constructor(private readonly inner: FileSystem) {}

  /** Everything the analysis asked, for the next one's prefetch. */
  get accesses(): AccessList {
    return [...this.accessed].map((k) => {
      const cut = k.indexOf('\0');
      return [k.slice(cut + 1), k.slice(0, cut) as AccessKind];
    });
  }

  /** Starts the given requests concurrently; their answers are served to the analysis when it asks. */
  prefetch(list: Readonly<AccessList>): void {
    for (const [path, kind] of list.slice(0, MAX_RECORDED)) {
      if (kind === 'dir') {
        this.memoDir(path).catch(() => undefined);
      } else {
        const stat = this.memoStat(path);
        if (kind === 'read') {
          void stat.then((s) => {
            if (s?.type === 'file' && s.size <= MAX_TEXT_FILE_BYTES) this.memoFile(path).catch(() => undefined);
          });
        }
      }
    }
  }

  stat(path: string): Promise<FileStat | undefined> {
    this.record(path, 'stat');
    return this.memoStat(path);
  }

  readFile(path: string): Promise<Uint8Array> {
    this.record(path, 'read');
    return this.memoFile(path);
  }

  readDirectory(path: string): Promise<DirEntry[]> {
    this.record(path, 'dir');
    return this.memoDir(path);
  }

  private record(path: string, kind: AccessKind): void {
    if (this.accessed.size < MAX_RECORDED) this.accessed.add(`${kind}\0${path}`);
  }

  private memoStat(path: string): Promise<FileStat | undefined> {
    let p = this.stats.get(path);
    if (!p) {
      p = this.inner.stat(path);
      this.stats.set(path, p);
    }
    return p;
  }

  private memoFile(path: string): Promise<Uint8Array> {
    let p = this.files.get(path);
    if (!p) {
      p = this.inner.readFile(path);
      this.files.set(path, p);
    }
    return p;
  }

  private memoDir(path: string): Promise<DirEntry[]> {
    let p = this.dirs.get(path);
    if (!p) {
      p = this.inner.readDirectory(path);
      this.dirs.set(path, p);
    }
    return p;
  }
}
