import type { DirEntry, FileStat, FileSystem } from './fileSystem';

/** A turn of the event loop: resolves from a timer (a macrotask), after what is queued meanwhile. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** When the event loop last had a turn given by a LoopTurns, and the turn under way: shared by all. */
const loop: { last: number; pending?: Promise<void> } = { last: performance.now() };

/**
 * Turns of the event loop (a macrotask) given once `everyMs` of work have passed since the last.
 * One turn serves every caller that asks while it is due, and every LoopTurns counts from the same
 * last turn: concurrent workers (a pool of 16 readers, parses in slices, check runs) each taking a
 * timer of their own would all wake in the same timers phase of the event loop, each then working
 * `everyMs` before its next turn: blocks of 16 × `everyMs`.
 */
export class LoopTurns {
  constructor(private readonly everyMs: number) {}

  /** A turn to await when one is due, else undefined (go on). */
  due(): Promise<void> | undefined {
    if (loop.pending) return loop.pending;
    if (performance.now() - loop.last < this.everyMs) return undefined;
    loop.pending = nextTurn().then(() => {
      loop.pending = undefined;
      loop.last = performance.now();
    });
    return loop.pending;
  }

  /** Until when (performance.now()) work may go on before the next turn; past already while one is under way. */
  deadline(): number {
    return loop.pending ? 0 : loop.last + this.everyMs;
  }

  /** The turn that is due, or at once when none is (for work that checked {@link deadline}). */
  turn(): Promise<void> {
    return this.due() ?? Promise.resolve();
  }
}

/**
 * A FileSystem that gives the event loop a turn (a macrotask) before a call once `everyMs` of work
 * have passed since the last turn. Answers from a cache (a snapshot of the project, the parse
 * cache) resolve as microtasks: without this, an analysis through hundreds of cached modules, or a
 * scan of thousands of files, would hold the editor's extension host for as long as it runs. The
 * CLI does not use it (nothing else waits for its loop).
 */
export class YieldingFileSystem implements FileSystem {
  private readonly turns: LoopTurns;
  readonly readFileHead?: (path: string, length: number) => Promise<Uint8Array>;
  readonly realpath?: (path: string) => Promise<string | undefined>;
  readonly denial?: (path: string) => Promise<string | undefined>;

  constructor(
    private readonly inner: FileSystem,
    everyMs = 10,
  ) {
    this.turns = new LoopTurns(everyMs);
    // Only what the inner port offers: callers test for these optional methods.
    const { readFileHead, realpath, denial } = inner;
    if (readFileHead) this.readFileHead = async (p, n) => (await this.turn(), readFileHead.call(inner, p, n));
    if (realpath) this.realpath = async (p) => (await this.turn(), realpath.call(inner, p));
    if (denial) this.denial = async (p) => (await this.turn(), denial.call(inner, p));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    await this.turn();
    return this.inner.stat(path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    await this.turn();
    return this.inner.readFile(path);
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    await this.turn();
    return this.inner.readDirectory(path);
  }

  private turn(): Promise<void> | undefined {
    return this.turns.due();
  }
}
