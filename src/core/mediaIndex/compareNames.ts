/**
 * Natural, case-insensitive order for file names, the way file explorers sort: "img2.png" before
 * "img10.png", "a.png" next to "A.png". Ties (names equal but for case or leading zeros) fall back
 * to code-unit order, so the order is total and does not depend on the input order or the locale.
 * Both arguments must already be lower-cased (compareNames does it for one-off calls).
 */
export function compareNameKeys(a: string, b: string, rawA: string, rawB: string): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la && j < lb) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      // Compare the digit runs as numbers: skip leading zeros, then longer run wins, then digits.
      let si = i;
      while (si < la && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < lb && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      while (ei < la && isDigit(a.charCodeAt(ei))) ei++;
      let ej = sj;
      while (ej < lb && isDigit(b.charCodeAt(ej))) ej++;
      const lenA = ei - si;
      const lenB = ej - sj;
      if (lenA !== lenB) return lenA - lenB;
      for (let k = 0; k < lenA; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  if (la - i !== lb - j) return la - i - (lb - j);
  return rawA < rawB ? -1 : rawA > rawB ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Natural, case-insensitive comparison of two file names (see compareNameKeys). */
export function compareNames(a: string, b: string): number {
  return compareNameKeys(a.toLowerCase(), b.toLowerCase(), a, b);
}
