const UNITS: Array<[number, string]> = [
  [365 * 24 * 3600_000, 'year'],
  [30 * 24 * 3600_000, 'month'],
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/** How long ago `mtime` was, in the largest whole unit ("3 days old"); "just now" under a minute, "" for an unknown time (0). */
export function formatAge(mtime: number, now: number): string {
  if (!mtime) return '';
  const ms = Math.max(0, now - mtime);
  for (const [size, unit] of UNITS) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} old`;
  }
  return 'just now';
}
