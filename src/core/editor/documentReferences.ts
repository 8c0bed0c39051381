import { findMediaReferences, type ReferenceLanguage } from '../media/findMediaReferences';
import type { MediaReference } from '../model';
import { referenceContextFor, type EditorMediaContext } from './mediaContext';

/** The media references of one document version, sorted by position, for lookups by position. */
export interface DocumentReferences {
  readonly refs: readonly MediaReference[];
  /** Names bound by `{% get_media_prefix as NAME %}` (completion recognises `{{ NAME }}`). */
  readonly prefixVariables: readonly string[];
}

const EMPTY: DocumentReferences = { refs: [], prefixVariables: [] };

const PREFIX_AS = /\{%-?[ \t]*get_media_prefix[ \t]+as[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*-?%\}/g;
/** A template binds a handful of these; more is hostile input. */
const MAX_PREFIX_VARIABLES = 16;

/** Finds the references of a text with the project's media settings. */
export function scanDocument(text: string, language: ReferenceLanguage, file: string, ctx: EditorMediaContext): DocumentReferences {
  const rc = referenceContextFor(ctx, file);
  if (!rc) return EMPTY;
  return { refs: findMediaReferences(text, language, rc), prefixVariables: prefixVariablesIn(text) };
}

/** The names a template binds with `{% get_media_prefix as NAME %}` (at most a few). */
export function prefixVariablesIn(text: string): string[] {
  const names: string[] = [];
  if (!text.includes('get_media_prefix')) return names;
  PREFIX_AS.lastIndex = 0;
  for (let m = PREFIX_AS.exec(text); m && names.length < MAX_PREFIX_VARIABLES; m = PREFIX_AS.exec(text)) {
    if (!names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}

/**
 * The part of a reference that names the file: for the template forms (`{{ MEDIA_URL }}a.png`,
 * `{% get_media_prefix %}a.png`, `{{ P }}a.png`) the path after the tag, else the whole URL.
 * 1-based columns, end exclusive. The path never holds "}" (it ends a reference), so the tag ends at
 * the last "}".
 */
export function pathSpan(ref: MediaReference): { column: number; endColumn: number } {
  if (ref.form === 'url' || ref.form === 'absolute-url') return { column: ref.range.column, endColumn: ref.range.endColumn };
  const cut = ref.text.lastIndexOf('}') + 1;
  return { column: ref.range.column + cut, endColumn: ref.range.endColumn };
}

/**
 * The reference under a position (1-based line and UTF-16 column of the character, or of the
 * caret: a caret right after the reference still counts, as for words). Binary search: refs are
 * sorted and never overlap.
 */
export function referenceAt(refs: readonly MediaReference[], line: number, column: number): MediaReference | undefined {
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = refs[mid]!.range;
    if (r.line < line || (r.line === line && r.endColumn < column)) lo = mid + 1;
    else if (r.line > line || r.column > column) hi = mid - 1;
    else {
      // Two references can touch ("…a.png,/media/b.png" in a srcset): the one starting here wins.
      const next = refs[mid + 1];
      if (r.endColumn === column && next && next.range.line === line && next.range.column === column) return next;
      return refs[mid];
    }
  }
  return undefined;
}

interface Entry {
  version: number;
  key: string;
  value: DocumentReferences;
}

/**
 * Document references cached per document version and settings: a hover, a link request and a
 * definition on the same version scan the text once. Bounded (least recently used out).
 */
export class DocumentReferencesCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 64) {}

  /** The references of `uri` at `version`; `text` is only called when the cache misses. */
  get(uri: string, version: number, language: ReferenceLanguage, file: string, ctx: EditorMediaContext, text: () => string): DocumentReferences {
    const key = `${language}\0${ctx.key}`;
    const hit = this.entries.get(uri);
    if (hit && hit.version === version && hit.key === key) {
      this.entries.delete(uri);
      this.entries.set(uri, hit);
      return hit.value;
    }
    const value = scanDocument(text(), language, file, ctx);
    this.entries.delete(uri);
    this.entries.set(uri, { version, key, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Forgets one document (closed) or everything. */
  delete(uri?: string): void {
    if (uri === undefined) this.entries.clear();
    else this.entries.delete(uri);
  }
}
