import type { DirEntry, FileStat, FileSystem } from '../fileSystem';
import type { AnalysisBudget } from './budget';

/**
 * The file system an evaluation reads through, with the analysis budget's clock stopped while
 * each call waits (AnalysisBudget.waitFor): the time cap bounds the project's code, not the
 * latency of the file system it is read from.
 */
export class BudgetWaitsFileSystem implements FileSystem {
  readonly readFileHead?: (path: string, length: number) => Promise<Uint8Array>;
  readonly realpath?: (path: string) => Promise<string | undefined>;
  readonly denial?: (path: string) => Promise<string | undefined>;

  constructor(
    private readonly inner: FileSystem,
    private readonly budget: AnalysisBudget,
  ) {
    // Only what the inner port offers: callers test for these optional methods.
    const { readFileHead, realpath, denial } = inner;
    if (readFileHead) this.readFileHead = (p, n) => budget.waitFor(() => readFileHead.call(inner, p, n));
    if (realpath) this.realpath = (p) => budget.waitFor(() => realpath.call(inner, p));
    if (denial) this.denial = (p) => budget.waitFor(() => denial.call(inner, p));
  }

  stat(path: string): Promise<FileStat | undefined> {
    return this.budget.waitFor(() => this.inner.stat(path));
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.budget.waitFor(() => this.inner.readFile(path));
  }

  readDirectory(path: string): Promise<DirEntry[]> {
    return this.budget.waitFor(() => this.inner.readDirectory(path));
  }
}
