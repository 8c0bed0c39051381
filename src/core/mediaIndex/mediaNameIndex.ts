import { compareNames } from './compareNames';

/** One search result. */
export interface MediaNameMatch {
  readonly storageName: string;
  /** Lower is better. */
  readonly score: number;
}

/**
 * Storage names gathered while MEDIA_ROOT is walked, searchable at every keystroke: names are
 * lower-cased once when added, a query is a few substring tests per name (200,000 names in about
 * 10 ms), and only the best `limit` results are kept.
 */
export class MediaNameIndex {
  private readonly names: string[] = [];
  private readonly lower: string[] = [];

  /** Number of names held. */
  get size(): number {
    return this.names.length;
  }

  add(storageNames: readonly string[]): void {
    for (const n of storageNames) {
      this.names.push(n);
      this.lower.push(n.toLowerCase());
    }
  }

  /**
   * The best matches of `query`: every space-separated term must occur in the name (case-insensitive);
   * names whose file name (not folder) holds the first term rank first, a file name starting with it
   * before that, shorter names before longer. A query matching nothing that way falls back to the
   * letters of the query in order (fuzzy: "sunpng" finds "photos/sunset.png"). An empty query lists
   * names in natural order.
   */
  search(query: string, limit: number): MediaNameMatch[] {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    const best: MediaNameMatch[] = [];
    const consider = (i: number, score: number): void => {
      best.push({ storageName: this.names[i]!, score });
      // Trim now and then, not at every push: amortised O(n log limit).
      if (best.length >= limit * 4) settle(best, limit);
    };
    if (terms.length === 0) {
      for (let i = 0; i < this.names.length; i++) consider(i, 0);
      return settle(best, limit);
    }
    const first = terms[0]!;
    for (let i = 0; i < this.lower.length; i++) {
      const name = this.lower[i]!;
      let ok = true;
      for (const t of terms) {
        if (!name.includes(t)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const slash = name.lastIndexOf('/');
      const at = name.indexOf(first, slash + 1);
      const score = (at < 0 ? 2000 : at === slash + 1 ? 0 : 1000) + Math.min(name.length, 999);
      consider(i, score);
    }
    if (best.length === 0) {
      const letters = terms.join('');
      for (let i = 0; i < this.lower.length; i++) {
        const span = subsequenceSpan(this.lower[i]!, letters);
        if (span >= 0) consider(i, 3000 + Math.min(span, 999));
      }
    }
    return settle(best, limit);
  }
}

/** Sorts by score then name and keeps `limit`; returns the same array. */
function settle(list: MediaNameMatch[], limit: number): MediaNameMatch[] {
  list.sort((a, b) => a.score - b.score || compareNames(a.storageName, b.storageName));
  if (list.length > limit) list.length = limit;
  return list;
}

/** Length of the span from the first matched letter to the last (greedy), or -1 when `letters` do not all occur in order. */
function subsequenceSpan(name: string, letters: string): number {
  let from = -1;
  let j = 0;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) === letters.charCodeAt(j)) {
      if (j === 0) from = i;
      if (++j === letters.length) return i - from + 1;
    }
  }
  return -1;
}
