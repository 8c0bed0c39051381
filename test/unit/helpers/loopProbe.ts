/**
 * The longest stretch (ms) in which a 1 ms timer could not run while `work` ran: how long the event
 * loop was held at a time, as an editor's extension host would feel it.
 */
export async function longestLoopStretch(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    last = performance.now();
    await work();
  } finally {
    clearInterval(probe);
  }
  return longest;
}
