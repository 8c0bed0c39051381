/** A PNG of `total` bytes whose header declares width × height (the rest is zeros): enough for image-size. */
export function headerOnlyPng(width: number, height: number, total: number): Uint8Array {
  const out = new Uint8Array(total);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out.set([8, 6, 0, 0, 0], 24);
  return out;
}

/** The p-th percentile of a sample. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
}

/** Prints one measurement against its budget and records whether it is within. */
export function budgetReporter(prefix: string): { report: (name: string, value: number, budget: number, extra?: string) => void; allWithin: () => boolean } {
  const verdicts: boolean[] = [];
  return {
    report: (name, value, budget, extra = '') => {
      const ok = value < budget;
      verdicts.push(ok);
      console.log(`${prefix}.${name}: ${value.toFixed(2)} ms (budget < ${budget} ms) ${ok ? 'ok' : 'OVER'}${extra ? ` — ${extra}` : ''}`);
    },
    allWithin: () => verdicts.every(Boolean),
  };
}
