import type { SourceRange } from '../model';
import type { TextEdit, TextRange } from './types';

/** Start offsets of every line of `text` (line 1 starts at 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line/column (UTF-16 columns, as JS strings count) → offset, clamped to the text. */
export function offsetAt(text: string, line: number, column: number, starts = lineStarts(text)): number {
  if (line < 1) return 0;
  if (line > starts.length) return text.length;
  const start = starts[line - 1]!;
  const next = line < starts.length ? starts[line]! : text.length;
  return Math.min(start + Math.max(column - 1, 0), next);
}

/** Offset → 1-based line/column. */
export function positionAt(text: string, offset: number, starts = lineStarts(text)): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The SourceRange of [from, to) in `file`. */
export function rangeOf(file: string, text: string, from: number, to: number, starts = lineStarts(text)): SourceRange {
  const a = positionAt(text, from, starts);
  const b = positionAt(text, to, starts);
  return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** The TextRange part of a SourceRange. */
export function textRange(r: SourceRange | TextRange): TextRange {
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** An edit replacing [from, to) of `text` in `file`. */
export function editAt(file: string, text: string, from: number, to: number, newText: string, starts = lineStarts(text)): TextEdit {
  return { file, range: textRange(rangeOf(file, text, from, to, starts)), newText };
}

/**
 * Applies edits (all meant for this text; their `file` is not looked at) and returns the new text.
 * Edits are applied from the end so offsets stay valid; overlapping edits throw, because a fix
 * that overlaps itself is a bug, not something to guess about.
 */
export function applyTextEdits(text: string, edits: ReadonlyArray<Pick<TextEdit, 'range' | 'newText'>>): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e, i) => ({
      from: offsetAt(text, e.range.line, e.range.column, starts),
      to: offsetAt(text, e.range.endLine, e.range.endColumn, starts),
      newText: e.newText,
      i,
    }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k]!.from < spans[k - 1]!.to) throw new Error('overlapping text edits');
  }
  let out = text;
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k]!;
    out = out.slice(0, s.from) + s.newText + out.slice(s.to);
  }
  return out;
}

/** The line ending a file uses ("\r\n" when its first line break is one). */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** An edit appending `block` (lines without a trailing newline) at the end of `text`, keeping one newline before it. */
export function appendEdit(file: string, text: string, block: string): TextEdit {
  const eol = eolOf(text);
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  const body = block.split('\n').join(eol);
  return editAt(file, text, text.length, text.length, (needsBreak ? eol : '') + body + eol);
}
