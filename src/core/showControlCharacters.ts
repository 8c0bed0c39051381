/**
 * Characters that change how text is laid out or coloured rather than what it says: C0 controls
 * (newline, carriage return, tab, ESC…), DEL, C1 controls (U+0080–U+009F, among them the 8-bit CSI
 * some terminals honour), the Unicode line and paragraph separators, and the bidirectional
 * embedding, override and isolate marks that reorder what a reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from a project (a file name, a setting value, a message quoting one) made safe for one line of
 * a terminal, a CI log or a Markdown line: every control character is shown as its escape (`\n`,
 * `\t`, `\x1b`, `\u202e`), so the text can neither start a forged line nor carry an ANSI colour or
 * cursor sequence. Backslashes are left as they are: the result is for reading, not for parsing back.
 */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

