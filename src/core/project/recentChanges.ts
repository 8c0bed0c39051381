/**
 * The paths file events and saves reported lately, with when: whether something read since some
 * moment may have changed since (ProjectModels reuses a settings analysis made ahead of a project's
 * discovery only when nothing it read changed meanwhile). Bounded: past `max` changes it no longer
 * remembers the oldest, and says "changed" for any moment before them.
 */
export class RecentChanges {
  private changes: Array<{ at: number; path: string }> = [];
  /** Changes at or before this moment may have been forgotten. */
  private forgottenUntil = -Infinity;

  constructor(
    private readonly max = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Remembers that `path` changed now. */
  note(path: string): void {
    this.changes.push({ at: this.now(), path });
    if (this.changes.length > this.max) this.forgottenUntil = this.changes.shift()!.at;
  }

  /**
   * Whether a change since `since` may change what was read: one of `paths`, or any Python module
   * (one created where an import looked for it and found none).
   */
  changedSince(since: number, paths: readonly string[]): boolean {
    if (this.forgottenUntil >= since) return true;
    const read = new Set(paths);
    return this.changes.some((c) => c.at >= since && (read.has(c.path) || c.path.endsWith('.py')));
  }
}
