/**
 * VS Code's HTML language features (documents of language "html") complete paths in `src` and `href`
 * values by listing a folder: for a value starting with "/", the document's workspace folder joined
 * with the value up to its last "/"; otherwise the document's folder joined with it. Its items are a
 * folder "name/" (re-opening the suggestions) and a file "name" inserted as is. VS Code shows every
 * provider's items side by side (it never merges equal ones, and no provider can outrank another), so
 * where that folder is the one media completion lists, media completion leaves out what would be the
 * same item twice.
 */
import { join, normalize } from 'pathe';

/** Looking further back on one line is never needed for an attribute value. */
const MAX_LOOKBACK = 1024;
/** The attributes whose values the HTML language features complete as paths on any tag. */
const PATH_ATTRIBUTE = /(?:^|[\s"'])(?:src|href)[ \t]*=[ \t]*$/i;

/**
 * The absolute folder path that VS Code's HTML path completion lists at the caret (1-based `column`)
 * of `lineText`, or undefined when it offers nothing there: the caret is not inside a quoted `src` or
 * `href` value, or the value is a URL with a scheme or host. `documentFolder` and `workspaceFolder`
 * are absolute paths (the workspace folder that holds the document, if any).
 */
export function builtinHtmlPathFolder(lineText: string, column: number, documentFolder: string, workspaceFolder: string | undefined): string | undefined {
  const caret = Math.min(column - 1, lineText.length);
  const floor = Math.max(0, caret - MAX_LOOKBACK);
  let quote = caret - 1;
  while (quote >= floor && lineText[quote] !== '"' && lineText[quote] !== "'") {
    if (lineText[quote] === '<' || lineText[quote] === '>') return undefined;
    quote--;
  }
  if (quote < floor || !PATH_ATTRIBUTE.test(lineText.slice(Math.max(0, quote - 64), quote))) return undefined;
  const value = lineText.slice(quote + 1, caret);
  if (/^\w[\w\d+.-]*:/.test(value) || value.startsWith('//') || value.startsWith('http')) return undefined;
  const before = value.slice(0, value.lastIndexOf('/') + 1);
  if (before.startsWith('/')) return trimSlash(normalize(workspaceFolder !== undefined ? join(workspaceFolder, before) : before));
  return trimSlash(normalize(join(documentFolder, before || '.')));
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}
