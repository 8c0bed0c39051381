import type * as vscode from 'vscode';
import type { CancellationFlag } from '../core/checks/types';

/**
 * Runs `work` with the core's cancellation flag following `token` (the core reads a plain flag; VS
 * Code signals cancellation through a token), and stops following it when the work ends.
 */
export async function withAbortFlag<T>(token: vscode.CancellationToken, work: (flag: CancellationFlag) => Promise<T>): Promise<T> {
  const flag = { aborted: false };
  const sub = token.onCancellationRequested(() => (flag.aborted = true));
  try {
    return await work(flag);
  } finally {
    sub.dispose();
  }
}
