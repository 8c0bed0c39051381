/**
 * One budget per analysis. Settings and URLconf code can be written by someone else (a cloned
 * repository, a pull request checked in CI): steps, the size of the work builtins do (characters
 * and items scanned or produced), the size of single values and wall time are charged to one
 * object that the evaluator, its builtins and modelled libraries, and the URLconf walk share.
 * Spending it stops the evaluation with an unknown that says why — never a crash or a hang.
 */

/** The bounds of one analysis (all evaluations and walks together) and of single values. */
export interface BudgetLimits {
  /** Interpreter steps of all evaluations together. */
  maxSteps: number;
  /** Units of size-proportional work (a character or an item scanned or produced counts 1). */
  maxWork: number;
  /** Time of the whole analysis, in milliseconds, not counting what it spent waiting for files
   *  (see AnalysisBudget.waitFor). */
  maxMillis: number;
  /** Characters in one str (a longer result becomes unknown). */
  maxStringLength: number;
  /** Items in one list, tuple, dict or set (a larger result becomes unknown). */
  maxItems: number;
}

/** Defaults for BudgetLimits: far above what settings and URLconfs do, far below what hurts. */
export const DEFAULT_BUDGET: BudgetLimits = {
  maxSteps: 1_000_000,
  maxWork: 60_000_000,
  maxMillis: 30_000,
  maxStringLength: 4_000_000,
  maxItems: 200_000,
};

/** Characters one recursive walk of a value (repr, JSON, hash) may produce, counting 3 for each
 *  item besides a str (itself and a separator): values can share parts, so a small value can
 *  stand for an exponentially large tree. */
export const MAX_VISITED = 2 * DEFAULT_BUDGET.maxStringLength;

/** Thrown when the budget is spent: ends the evaluation (its values become unknown with `reason`). */
export class BudgetExhausted {
  constructor(readonly reason: string) {}
}

/** Weight of one item of a list, tuple, dict or set in work units (an object, not a character). */
export const ITEM_WEIGHT = 16;

/** The budget of one analysis; see the module comment. */
export class AnalysisBudget {
  readonly limits: BudgetLimits;
  steps = 0;
  work = 0;
  private readonly started: number;
  private deadline: number;
  private deadlineReason: string;
  private ticks = 0;
  /** Time spent waiting for the file system so far (overlapping waits counted once). */
  private waited = 0;
  private waiting = 0;
  private waitStarted = 0;

  constructor(limits: Partial<BudgetLimits> = {}, private readonly now: () => number = Date.now) {
    this.limits = { ...DEFAULT_BUDGET, ...limits };
    this.started = this.clock();
    this.deadline = this.started + this.limits.maxMillis;
    this.deadlineReason = `the analysis took longer than ${this.limits.maxMillis / 1000} s`;
  }

  /** Counts `n` interpreter steps; throws BudgetExhausted when spent. */
  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw new BudgetExhausted(`the project's code is too complex to evaluate (more than ${this.limits.maxSteps} steps in this analysis)`);
    if ((this.ticks += n) >= 512) this.checkClock();
  }

  /** Charges `units` of size-proportional work; throws BudgetExhausted when spent. */
  charge(units: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) throw new BudgetExhausted(`the project's code does too much string and list work to evaluate (more than ${this.limits.maxWork} units)`);
    if ((this.ticks += 1 + (units >> 12)) >= 512) this.checkClock();
  }

  /**
   * Gives back the steps and work spent since `mark` (taken with {@link mark}), for an attempt whose
   * result is thrown away and done again in full (the URLconf pass with modules deferred). Time is
   * not given back, so such an attempt can at most double an analysis' steps and work.
   */
  rewind(mark: { steps: number; work: number }): void {
    this.steps = Math.min(this.steps, mark.steps);
    this.work = Math.min(this.work, mark.work);
  }

  /** What {@link rewind} goes back to. */
  mark(): { steps: number; work: number } {
    return { steps: this.steps, work: this.work };
  }

  /** Why a str of `length` characters is not built, or undefined when it may be. */
  stringTooLong(length: number): string | undefined {
    return length > this.limits.maxStringLength ? `the string would be too long to evaluate (more than ${this.limits.maxStringLength} characters)` : undefined;
  }

  /** Why a collection of `count` items is not built, or undefined when it may be. */
  tooManyItems(count: number): string | undefined {
    return count > this.limits.maxItems ? `the collection would be too large to evaluate (more than ${this.limits.maxItems} items)` : undefined;
  }

  /**
   * The analysis' clock: wall time less the time spent waiting for the file system. In the editor
   * a read is a round trip that also gives the extension host a turn; on a large project those
   * waits are most of the wall time, and a cap on wall time stopped the URLconf half-way on a busy
   * machine. What bounds hostile code is its own work, which this clock still counts.
   */
  private clock(): number {
    const now = this.now();
    return now - this.waited - (this.waiting > 0 ? now - this.waitStarted : 0);
  }

  /** Runs `work` (a file system call) with the analysis' clock stopped meanwhile. */
  async waitFor<T>(work: () => Promise<T>): Promise<T> {
    if (this.waiting++ === 0) this.waitStarted = this.now();
    try {
      return await work();
    } finally {
      if (--this.waiting === 0) this.waited += this.now() - this.waitStarted;
    }
  }

  /**
   * Caps the time of one module's evaluation (and what it imports) at `millis`, within the
   * analysis' own deadline; returns the function that lifts the cap again.
   */
  capTime(millis: number, what: string): () => void {
    const saved = [this.deadline, this.deadlineReason] as const;
    const end = this.clock() + millis;
    if (end < this.deadline) {
      this.deadline = end;
      this.deadlineReason = `the evaluation of ${what} took longer than ${millis / 1000} s`;
    }
    return () => {
      [this.deadline, this.deadlineReason] = saved;
    };
  }

  /** Throws BudgetExhausted when the time cap has passed. */
  checkClock(): void {
    this.ticks = 0;
    if (this.clock() > this.deadline) throw new BudgetExhausted(this.deadlineReason);
  }
}
