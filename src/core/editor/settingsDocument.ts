import type { SourceRange } from '../model';
import { showControlCharacters } from '../showControlCharacters';
import { escapeMarkdownLinks, inlineCode } from './markdown';
import type { PlacedLink } from './renderedLinks';

/*
 * The media settings document as structure, written once and shown two ways: Markdown (the source
 * users copy into bug reports, with links placed on its labels) and HTML (the rendered view, whose
 * links are indexes into the document's own list of places, never a path or URI from the page).
 * Every piece of text is project data until proven otherwise: each renderer escapes all of it.
 */

/** A piece of a line: plain text, a code span, strong text, or a link to a place in the project. */
export type Inline = string | { code: string } | { strong: string } | { label: string; target: SourceRange };

/** How a line is laid out: the title, a section heading, a paragraph, a list item or an item nested under the one before. */
export type LineKind = 'title' | 'heading' | 'paragraph' | 'item' | 'subitem';

/** One line of a {@link StructuredDocument}. */
export interface DocumentLine {
  kind: LineKind;
  parts: Inline[];
}

/** A document as lines of inline parts; see {@link toMarkdown} and {@link toHtml}. */
export class StructuredDocument {
  readonly lines: DocumentLine[] = [];

  title(...parts: Inline[]): void {
    this.lines.push({ kind: 'title', parts });
  }
  heading(...parts: Inline[]): void {
    this.lines.push({ kind: 'heading', parts });
  }
  paragraph(...parts: Inline[]): void {
    this.lines.push({ kind: 'paragraph', parts });
  }
  item(...parts: Inline[]): void {
    this.lines.push({ kind: 'item', parts });
  }
  subitem(...parts: Inline[]): void {
    this.lines.push({ kind: 'subitem', parts });
  }
}

/** A document as Markdown text, with where each link label landed (0-based line and columns). */
export interface MarkdownRendering {
  text: string;
  links: Array<PlacedLink<SourceRange>>;
}

const MARKDOWN_PREFIX: Record<LineKind, string> = { title: '# ', heading: '## ', paragraph: '', item: '- ', subitem: '  - ' };

const isListKind = (k: LineKind): boolean => k === 'item' || k === 'subitem';

/**
 * The Markdown source of a document: one line per line, a blank line between blocks (list items
 * stay together), project text escaped so that it renders no link, image, HTML or code span.
 */
export function toMarkdown(doc: StructuredDocument): MarkdownRendering {
  const out: string[] = [];
  const links: MarkdownRendering['links'] = [];
  let previous: LineKind | undefined;
  for (const line of doc.lines) {
    if (previous !== undefined && !(isListKind(previous) && isListKind(line.kind))) out.push('');
    previous = line.kind;
    let text = MARKDOWN_PREFIX[line.kind];
    for (const p of line.parts) {
      if (typeof p === 'string') text += escapeMarkdownLinks(p);
      else if ('code' in p) text += inlineCode(p.code);
      else if ('strong' in p) text += `**${escapeMarkdownLinks(p.strong)}**`;
      else {
        const label = escapeMarkdownLinks(p.label);
        links.push({ line: out.length, start: text.length, end: text.length + label.length, label, target: p.target });
        text += label;
      }
    }
    out.push(text);
  }
  return { text: out.join('\n') + '\n', links };
}

/** A document as an HTML fragment; link `i` (its `data-link` attribute) goes to `targets[i]`. */
export interface HtmlRendering {
  html: string;
  targets: SourceRange[];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text shown literally in HTML, in an element or in a quoted attribute: the five characters HTML
 * reads as markup become entities, control characters are shown as escapes (`\n`).
 */
export function escapeHtml(text: string): string {
  return showControlCharacters(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * The HTML of a document: headings, paragraphs and (nested) lists; every piece of text escaped.
 * A link is an anchor carrying only its index in `targets`, so a page can ask for "link 3" and
 * never name a file itself.
 */
export function toHtml(doc: StructuredDocument): HtmlRendering {
  const out: string[] = [];
  const targets: SourceRange[] = [];
  const inline = (parts: Inline[]): string => {
    let html = '';
    for (const p of parts) {
      if (typeof p === 'string') html += escapeHtml(p);
      else if ('code' in p) html += `<code>${escapeHtml(p.code)}</code>`;
      else if ('strong' in p) html += `<strong>${escapeHtml(p.strong)}</strong>`;
      else {
        html += `<a href="#" data-link="${targets.length}" title="Open the line that decided this">${escapeHtml(p.label)}</a>`;
        targets.push(p.target);
      }
    }
    return html;
  };
  // 0: no list open; 1: a list with its last <li> open; 2: also a nested list inside that <li>.
  let depth = 0;
  const closeLists = () => {
    if (depth === 2) out.push('</ul>');
    if (depth >= 1) out.push('</li></ul>');
    depth = 0;
  };
  for (const line of doc.lines) {
    const body = inline(line.parts);
    if (line.kind === 'item') {
      if (depth === 2) out.push('</ul>');
      out.push(depth === 0 ? '<ul>' : '</li>');
      out.push(`<li>${body}`);
      depth = 1;
    } else if (line.kind === 'subitem') {
      if (depth === 0) out.push('<ul><li>');
      if (depth < 2) out.push('<ul>');
      out.push(`<li>${body}</li>`);
      depth = 2;
    } else {
      closeLists();
      const tag = line.kind === 'title' ? 'h1' : line.kind === 'heading' ? 'h2' : 'p';
      out.push(`<${tag}>${body}</${tag}>`);
    }
  }
  closeLists();
  return { html: out.join('\n'), targets };
}
