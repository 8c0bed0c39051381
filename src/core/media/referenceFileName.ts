import type { MediaReference } from '../model';

/**
 * Where a reference writes its file's name: the last path segment of the reference's text, before
 * any query or fragment, with 1-based columns on the reference's line. Undefined when the reference
 * spans lines or its last segment, decoded, is not the storage name's last segment (the name is
 * spelled in a way an edit could not safely replace).
 */
export function referenceFileNameSpan(ref: MediaReference): { column: number; endColumn: number; text: string } | undefined {
  if (ref.storageName === null || ref.range.endLine !== ref.range.line) return undefined;
  // Columns count from the text as written: a range of another length is not this text.
  if (ref.range.endColumn - ref.range.column !== ref.text.length) return undefined;
  const cut = ref.text.search(/[?#]/);
  const path = cut < 0 ? ref.text : ref.text.slice(0, cut);
  const from = path.lastIndexOf('/') + 1;
  const text = path.slice(from);
  const wanted = ref.storageName.slice(ref.storageName.lastIndexOf('/') + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  if (text === '' || decoded !== wanted) return undefined;
  const column = ref.range.column + from;
  return { column, endColumn: column + text.length, text };
}
