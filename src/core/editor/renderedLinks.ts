/** A link a renderer placed in a text: the label it wrote at `line`, columns [start, end). */
export interface PlacedLink<T> {
  line: number;
  start: number;
  end: number;
  /** The text the renderer wrote for the link; a range is only kept where the document shows it. */
  label: string;
  target: T;
}

/** What {@link placeLinks} keeps: ranges valid in the document as it is, and how many were dropped. */
export interface LinkPlacement<T> {
  links: Array<PlacedLink<T>>;
  /** Links whose label is not in the document as shown (empty, out of range, or a stale render). */
  skipped: number;
}

/**
 * Checks each link against the text the document actually holds: a link is kept only where its
 * label is on its line (moved to the label's first occurrence on that line if the columns drifted),
 * never empty and never past the end of a line or of the document. A bad link is skipped alone, so
 * one wrong range cannot take the other links down.
 */
export function placeLinks<T>(lineCount: number, lineText: (line: number) => string, links: ReadonlyArray<PlacedLink<T>>): LinkPlacement<T> {
  const kept: Array<PlacedLink<T>> = [];
  let skipped = 0;
  for (const l of links) {
    const placed = place(lineCount, lineText, l);
    if (placed) kept.push(placed);
    else skipped++;
  }
  return { links: kept, skipped };
}

function place<T>(lineCount: number, lineText: (line: number) => string, l: PlacedLink<T>): PlacedLink<T> | undefined {
  if (l.label.length === 0 || !Number.isInteger(l.line) || l.line < 0 || l.line >= lineCount) return undefined;
  const text = lineText(l.line);
  if (Number.isInteger(l.start) && l.start >= 0 && text.slice(l.start, l.start + l.label.length) === l.label) {
    return { ...l, end: l.start + l.label.length };
  }
  const at = text.indexOf(l.label);
  return at < 0 ? undefined : { ...l, start: at, end: at + l.label.length };
}
