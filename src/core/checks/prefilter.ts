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

/** What one text was found to name, and which names were looked for (MentionMemo). */
interface Mentions {
  text: string;
  tested: Set<string>;
  found: Set<string>;
  /** Answers of `test`, by pattern. */
  patterns?: Map<RegExp, boolean>;
  /** Answers of `amongList` and `anyList`, by the list's key. */
  lists?: Map<string, string[] | boolean>;
}

/**
 * A list of names with keys that stand for it (the names joined): the rules ask every module about
 * the same list, so the answer for a module is remembered by the key, not worked out again name by
 * name (thousands of modules × hundreds of form and model names on a large project).
 */
export interface NameList {
  readonly names: readonly string[];
  readonly amongKey: string;
  readonly anyKey: string;
}

/** A NameList of `names` (make one per run and list, and ask every module about it). */
export function nameList(names: readonly string[]): NameList {
  const key = names.join('\0');
  return { names, amongKey: `among\0${key}`, anyKey: `any\0${key}` };
}

/** Lists remembered per text; past this the oldest answers go (lists change with the project's forms and models). */
const MAX_LISTS = 8;

/**
 * Which names each file's text mentions (mentionsAny's test), and which of the rules' word
 * patterns it matches, remembered per file and text: asked
 * again with a name list that gained a name (a new form or model), only that name is looked for.
 * A fresh memo per check run in the CLI; the editor keeps one per project.
 */
export class MentionMemo {
  private readonly byFile = new Map<string, Mentions>();

  /**
   * Those of the list's names that `text` (the text of `file`) contains as a whole word, in the
   * list's order; the answer remembered by the list's key.
   */
  amongList(file: string, text: string, list: NameList): string[] {
    const m = this.of(file, text);
    const known = m.lists?.get(list.amongKey);
    if (known !== undefined) return known as string[];
    const answer = list.names.filter((n) => this.has(m, n));
    remember(m, list.amongKey, answer);
    return answer;
  }

  /**
   * True when `text` (the text of `file`) contains one of the list's names as a whole word
   * (mentionsAny); the answer remembered by the list's key.
   */
  anyList(file: string, text: string, list: NameList): boolean {
    const m = this.of(file, text);
    const known = m.lists?.get(list.anyKey);
    if (known !== undefined) return known as boolean;
    const answer = list.names.some((n) => this.has(m, n));
    remember(m, list.anyKey, answer);
    return answer;
  }

  /**
   * `pattern.test(text)` (a pattern without the g or y flag, a constant of its caller), remembered
   * the same way: the rules test every module's text for their words on each run.
   */
  test(file: string, text: string, pattern: RegExp): boolean {
    const m = this.of(file, text);
    m.patterns ??= new Map();
    let answer = m.patterns.get(pattern);
    if (answer === undefined) {
      answer = pattern.test(text);
      m.patterns.set(pattern, answer);
    }
    return answer;
  }

  private of(file: string, text: string): Mentions {
    let m = this.byFile.get(file);
    if (!m || m.text !== text) {
      m = { text, tested: new Set(), found: new Set() };
      this.byFile.set(file, m);
    }
    return m;
  }

  private has(m: Mentions, name: string): boolean {
    if (!name) return false;
    if (!m.tested.has(name)) {
      m.tested.add(name);
      if (mentions(m.text, name)) m.found.add(name);
    }
    return m.found.has(name);
  }

  clear(): void {
    this.byFile.clear();
  }
}

function remember(m: Mentions, key: string, answer: string[] | boolean): void {
  m.lists ??= new Map();
  if (m.lists.size >= MAX_LISTS) m.lists.delete(m.lists.keys().next().value!);
  m.lists.set(key, answer);
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
 * apply before parsing (model file fields, forms, views, request.POST). A hint for which syntax
 * trees are worth keeping for the rules (SyntaxTrees; a rule asking for another module parses it),
 * and the test by which the scans of Python modules skip a module unread when inspect's walk found
 * it false (CheckContext.mayHoldRuleWords): each of those scans tests one of these words first.
 */
export function rulesMayParse(text: string): boolean {
  return /FileField|ImageField|Form\b|render|View|\.POST/.test(text);
}

/**
 * What the checks' scans make of a text a walk of the project read (language as the media walk
 * names it): 'keep', a text they will read (a template, a module with one of rulesMayParse's words);
 * 'wordless', a module they skip unread (CheckContext.pythonWithoutRuleWords); undefined, a file
 * they never read (migrations, stylesheets, Markdown…).
 */
export function scanUse(file: string, language: string, text: string): 'keep' | 'wordless' | undefined {
  if (language === 'django-html') return 'keep';
  if (language !== 'python' || file.includes('/migrations/')) return undefined;
  return rulesMayParse(text) ? 'keep' : 'wordless';
}
