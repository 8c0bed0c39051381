/**
 * The cheap text test a rule applies before parsing a file: true when `text` contains one of
 * `names` (Python identifiers) as a whole word, wherever it is (code, string or comment). A rule that
 * looks for a name in the syntax tree can only find it where the text has it as a word, so the test
 * may parse a file for nothing but never skips one that matters.
 */
export function mentionsAny(text: string, names: readonly string[]): boolean {
  for (const n of names) if (n && mentions(text, n)) return true;
  return false;
}

/** Those of `names` that `text` contains as a whole word (see mentionsAny), in the order given. */
export function mentionedAmong(text: string, names: readonly string[]): string[] {
  return names.filter((n) => n && mentions(text, n));
}

function mentions(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isIdentifierChar(text.charCodeAt(at - 1)) && !isIdentifierChar(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

// Non-ASCII characters count as identifier characters (Python allows them): "Formé" is not "Form".
function isIdentifierChar(c: number): boolean {
  if (Number.isNaN(c)) return false;
  return c >= 128 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Whether a rule may parse a module with this text: the union of the text tests the scanning rules
 * apply before parsing (model file fields, forms, views, request.POST). Only a hint for which syntax
 * trees are worth keeping for the rules (SyntaxTrees); a rule asking for another module parses it.
 */
export function rulesMayParse(text: string): boolean {
  return /FileField|ImageField|Form\b|render|View|\.POST/.test(text);
}
