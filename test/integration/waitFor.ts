// The one wait of the integration tests: a condition re-checked when the host announces a change
// (or, for state no event announces, polled), with a deadline. Never a fixed sleep.
import * as vscode from 'vscode';

export interface WaitForOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Also re-check this long after each unmet check. Only for state that no event announces. */
  pollMs?: number;
  /** What was last seen, for the timeout message. */
  describe?: () => string;
}

type NotYet = undefined | null | false;

/**
 * Resolves with the first truthy value `check` gives. `check` runs at once, then again whenever one
 * of `events` fires (and every `pollMs`, when given); checks never overlap: an event during a check
 * re-checks once that check is over. Rejects with the error `check` throws or rejects with, or at
 * the deadline with "timed out after N ms waiting for <what>; last seen: <describe()>". Every
 * subscription and timer is disposed of however it ends.
 */
export function waitFor<T>(
  what: string,
  events: ReadonlyArray<vscode.Event<unknown>>,
  check: () => T | NotYet | PromiseLike<T | NotYet>,
  options: WaitForOptions = {},
): Promise<T> {
  const { timeoutMs = 20_000, pollMs, describe } = options;
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let poll: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    let running = false;
    let again = false;

    const deadline = setTimeout(() => {
      let seen = '';
      if (describe) {
        try {
          seen = `; last seen: ${describe()}`;
        } catch (error) {
          seen = `; last seen: (describe failed: ${error instanceof Error ? error.message : String(error)})`;
        }
      }
      finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`)));
    }, timeoutMs);
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(poll);
      for (const s of subscriptions.splice(0)) s.dispose();
      settle();
    };

    const run = async (): Promise<void> => {
      if (settled) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(poll);
      poll = undefined;
      try {
        const value = await check();
        if (value) finish(() => resolve(value as T));
      } catch (error) {
        finish(() => reject(error));
      } finally {
        running = false;
        if (!settled) {
          if (again) {
            again = false;
            void run();
          } else if (pollMs !== undefined) {
            poll = setTimeout(() => void run(), pollMs);
          }
        }
      }
    };

    try {
      for (const event of events) {
        const subscription = event(() => void run());
        if (settled) subscription.dispose();
        else subscriptions.push(subscription);
      }
    } catch (error) {
      finish(() => reject(error));
      return;
    }
    void run();
  });
}
