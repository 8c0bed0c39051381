/**
 * External tokenizers and the indentation context of the Python grammar in python.grammar.
 *
 * Adapted from the tokenizer of @lezer/python 1.1.19 (src/tokens.js, MIT licence, Copyright (C)
 * 2020 by Marijn Haverbeke and others; the licence text is in LICENSE-lezer-python beside this
 * file). Changes here: TypeScript; `print` is a Python 2 print statement only when an operand
 * follows it (`print = f`, `print, x`, `print >> f` are Python 3 expressions); a line indented
 * where no indented block may start is an error, as in CPython; `except E, name` is gone from the
 * grammar.
 */
import { ContextTracker, ExternalTokenizer, type InputStream } from '@lezer/lr';
import {
  newline as newlineToken, eof, newlineBracketed, blankLineStart, indent, dedent, printKeyword, matchKeyword, typeKeyword,
  ParenthesizedExpression, TupleExpression, ComprehensionExpression,
  PatternArgList, SequencePattern, MappingPattern, TypeParamList,
  ArrayExpression, ArrayComprehensionExpression, ArgList, ParamList, importList, subscript, withItemList,
  DictionaryExpression, DictionaryComprehensionExpression, SetExpression, SetComprehensionExpression,
  String as StringTerm, FormatString, FormatReplacement, nestedFormatReplacement,
  stringStart, stringStartD, stringStartL, stringStartLD,
  stringStartR, stringStartRD, stringStartRL, stringStartRLD,
  stringStartF, stringStartFD, stringStartFL, stringStartFLD,
  stringStartFR, stringStartFRD, stringStartFRL, stringStartFRLD,
  stringContent, Escape, replacementStart, stringEnd,
  ParenL, BraceL, BracketL,
} from './parser.terms';

const newline = 10, carriageReturn = 13, space = 32, tab = 9, hash = 35,
  braceOpen = 123, braceClose = 125, singleQuote = 39, doubleQuote = 34, backslash = 92,
  colon = 58, letterO = 111, letterX = 120, letterN = 78, letterU = 117, letterUpperU = 85;

/** Terms whose reduction closes a bracketed context opened by their first token. */
const bracketed = new Set([
  ParenthesizedExpression, TupleExpression, ComprehensionExpression, importList, withItemList, ArgList, ParamList,
  ArrayExpression, ArrayComprehensionExpression, subscript,
  SetExpression, SetComprehensionExpression, FormatString, FormatReplacement, nestedFormatReplacement,
  DictionaryExpression, DictionaryComprehensionExpression,
  SequencePattern, MappingPattern, PatternArgList, TypeParamList,
]);

function isLineBreak(ch: number): boolean {
  return ch === newline || ch === carriageReturn;
}

function isHex(ch: number): boolean {
  return (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 70) || (ch >= 97 && ch <= 102);
}

// Flags of a Context.
const cxBracketed = 1, cxString = 2, cxDoubleQuote = 4, cxLong = 8, cxRaw = 16, cxFormat = 32;

/** One level of block indentation, bracket or string the tokenizers are inside. */
class Context {
  readonly hash: number;
  constructor(readonly parent: Context | null, readonly indent: number, readonly flags: number) {
    this.hash = (parent ? (parent.hash + parent.hash) << 8 : 0) + indent + (indent << 4) + flags + (flags << 6);
  }
}

const topIndent = new Context(null, 0, 0);

/** Width of the `length` whitespace characters at the input position (tabs to multiples of 8). */
function countIndent(input: InputStream, length: number): number {
  let depth = 0;
  for (let i = 0; i < length; i++) depth += input.peek(i) === tab ? 8 - (depth % 8) : 1;
  return depth;
}

/** True when the line break just before the input position is escaped by a backslash. */
function continuedLine(input: InputStream): boolean {
  const prev = input.peek(-1);
  const before = prev === newline && input.peek(-2) === carriageReturn ? input.peek(-3) : input.peek(-2);
  return before === backslash;
}

/** Newlines (meaningful outside brackets), blank lines, end of file, and misplaced indentation. */
export const newlines = new ExternalTokenizer((input, stack) => {
  let prev;
  if (input.next < 0) {
    input.acceptToken(eof);
  } else if ((stack.context as Context).flags & cxBracketed) {
    if (isLineBreak(input.next)) input.acceptToken(newlineBracketed, 1);
  } else if (((prev = input.peek(-1)) < 0 || isLineBreak(prev)) && stack.canShift(blankLineStart)) {
    let spaces = 0;
    let depth = 0;
    while (input.next === space || input.next === tab) {
      depth += input.next === tab ? 8 - (depth % 8) : 1;
      input.advance();
      spaces++;
    }
    if (input.next === newline || input.next === carriageReturn || input.next === hash) {
      input.acceptToken(blankLineStart, -spaces);
    } else if (input.next >= 0 && depth > (stack.context as Context).indent && !stack.canShift(indent) && !continuedLine(input)) {
      // CPython's "unexpected indent" (also an unindent to a level no block has): an indent
      // where none can be shifted, so the parser reports an error here instead of going on.
      input.acceptToken(indent);
    }
  } else if (isLineBreak(input.next)) {
    input.acceptToken(newlineToken, 1);
  }
}, { contextual: true });

/** Indent and dedent tokens at the start of a line, against the current block's indentation. */
export const indentation = new ExternalTokenizer((input, stack) => {
  const context = stack.context as Context;
  if (context.flags) return;
  const prev = input.peek(-1);
  if (prev === newline || prev === carriageReturn) {
    let depth = 0;
    let chars = 0;
    for (;;) {
      if (input.next === space) depth++;
      else if (input.next === tab) depth += 8 - (depth % 8);
      else break;
      input.advance();
      chars++;
    }
    if (depth !== context.indent && input.next !== newline && input.next !== carriageReturn && input.next !== hash) {
      if (depth < context.indent) input.acceptToken(dedent, -chars);
      else input.acceptToken(indent);
    }
  }
});

const stringFlags = new Map<number, number>(
  ([
    [stringStart, 0],
    [stringStartD, cxDoubleQuote],
    [stringStartL, cxLong],
    [stringStartLD, cxLong | cxDoubleQuote],
    [stringStartR, cxRaw],
    [stringStartRD, cxRaw | cxDoubleQuote],
    [stringStartRL, cxRaw | cxLong],
    [stringStartRLD, cxRaw | cxLong | cxDoubleQuote],
    [stringStartF, cxFormat],
    [stringStartFD, cxFormat | cxDoubleQuote],
    [stringStartFL, cxFormat | cxLong],
    [stringStartFLD, cxFormat | cxLong | cxDoubleQuote],
    [stringStartFR, cxFormat | cxRaw],
    [stringStartFRD, cxFormat | cxRaw | cxDoubleQuote],
    [stringStartFRL, cxFormat | cxRaw | cxLong],
    [stringStartFRLD, cxFormat | cxRaw | cxLong | cxDoubleQuote],
  ] as const).map(([term, flags]) => [term, flags | cxString]),
);

/** Tracks block indentation, brackets (where newlines do not count) and the string being read. */
export const trackIndent = new ContextTracker<Context>({
  start: topIndent,
  reduce(context, term) {
    if (((context.flags & cxBracketed) && bracketed.has(term)) || ((term === StringTerm || term === FormatString) && (context.flags & cxString))) {
      return context.parent ?? context;
    }
    return context;
  },
  shift(context, term, stack, input) {
    if (term === indent) return new Context(context, countIndent(input, stack.pos - input.pos), 0);
    if (term === dedent) return context.parent ?? context;
    if (term === ParenL || term === BracketL || term === BraceL || term === replacementStart) return new Context(context, 0, cxBracketed);
    const flags = stringFlags.get(term);
    if (flags !== undefined) return new Context(context, 0, flags | (context.flags & cxBracketed));
    return context;
  },
  hash(context) {
    return context.hash;
  },
});

/** Python 3 keywords that may follow the name `print` in an expression (`print if x else y`). */
const operatorWords = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'async']);

/**
 * `print` followed by an operand on the same line (`print "x"`, `print x`, `print -1`… no: see
 * below) is a Python 2 print statement, which the grammar parses so that it can be reported as
 * such. Everything else (`print(…)`, `print = f`, `print, x`, `print >> f`, `print.x`, `print[0]`,
 * `print if a else b`) is Python 3 and starts with the name print.
 */
export const legacyPrint = new ExternalTokenizer((input, stack) => {
  if (pendingIndentChange(input, stack.context as Context)) return;
  for (let i = 0; i < 5; i++) {
    if (input.next !== 'print'.charCodeAt(i)) return;
    input.advance();
  }
  if (/\w/.test(String.fromCharCode(input.next))) return;
  let off = 0;
  while (input.peek(off) === space || input.peek(off) === tab) off++;
  const next = input.peek(off);
  if (next === singleQuote || next === doubleQuote || (next >= 48 && next <= 57)) {
    input.acceptToken(printKeyword);
    return;
  }
  // An identifier (also a string prefix such as r"…") that is not an operator keyword.
  let word = '';
  for (let ch = next; ch >= 0 && /\w/.test(String.fromCharCode(ch)); ch = input.peek(++off)) word += String.fromCharCode(ch);
  if (word && !/^\d/.test(word) && !operatorWords.has(word)) input.acceptToken(printKeyword);
});

/**
 * True at the first word of a line whose indentation differs from the current block's: the
 * indentation tokenizer must first close (or open) blocks there, so a keyword tokenizer that runs
 * before it must not claim the word yet.
 */
function pendingIndentChange(input: InputStream, context: Context): boolean {
  let off = -1;
  while (input.peek(off) === space || input.peek(off) === tab) off--;
  const before = input.peek(off);
  if (before >= 0 && !isLineBreak(before)) return false;
  let depth = 0;
  for (let i = off + 1; i < 0; i++) depth += input.peek(i) === tab ? 8 - (depth % 8) : 1;
  return depth !== context.indent;
}

function isWordChar(ch: number): boolean {
  return (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95 || ch > 0x7f;
}

/** The word at `off` characters ahead (empty when none starts there). */
function wordAt(input: InputStream, off: number): string {
  let word = '';
  for (let ch = input.peek(off); ch >= 0 && isWordChar(ch); ch = input.peek(++off)) word += String.fromCharCode(ch);
  return word;
}

/**
 * True when the logical line from `off` on ends with a colon (outside brackets, strings and the
 * comment): only a match statement's header line, among lines starting with the name `match`, does.
 */
function lineEndsWithColon(input: InputStream, off: number): boolean {
  let depth = 0;
  let last = 0;
  for (;;) {
    const ch = input.peek(off);
    if (ch < 0) return last === colon;
    if (ch === backslash && isLineBreak(input.peek(off + 1))) {
      off += input.peek(off + 1) === carriageReturn && input.peek(off + 2) === newline ? 3 : 2;
      continue;
    }
    if (isLineBreak(ch) && depth === 0) return last === colon;
    if (ch === hash) {
      while (input.peek(off) >= 0 && !isLineBreak(input.peek(off))) off++;
      continue;
    }
    if (ch === singleQuote || ch === doubleQuote) {
      const long = input.peek(off + 1) === ch && input.peek(off + 2) === ch;
      off += long ? 3 : 1;
      for (;;) {
        const c = input.peek(off);
        if (c < 0 || (!long && isLineBreak(c))) break;
        if (c === backslash) off += 2;
        else if (c === ch && (!long || (input.peek(off + 1) === ch && input.peek(off + 2) === ch))) {
          off += long ? 3 : 1;
          break;
        } else off++;
      }
      last = ch;
      continue;
    }
    if (ch === 40 || ch === 91 || ch === braceOpen) depth++;
    else if ((ch === 41 || ch === 93 || ch === braceClose) && depth > 0) depth--;
    if (ch !== space && ch !== tab && !isLineBreak(ch)) last = ch;
    off++;
  }
}

/**
 * `match` and `type` are keywords only where a statement of theirs starts (`match x:` /
 * `type X = …`); elsewhere they are names (`match = re.match(…)`, `type(x)`). Deciding here, by
 * looking ahead, keeps the parse from splitting at every such name: a split at the start of a
 * statement can make lezer's guard against deep left-recursive trees cut a later statement short,
 * which broke a match statement after a few thousand lines of settings.
 */
export const softKeywords = new ExternalTokenizer((input, stack) => {
  const word = wordAt(input, 0);
  if ((word !== 'match' && word !== 'type') || pendingIndentChange(input, stack.context as Context)) return;
  let off = word.length;
  while (input.peek(off) === space || input.peek(off) === tab) off++;
  if (word === 'match') {
    if (off > word.length || input.peek(off) === 40 || input.peek(off) === 91 || input.peek(off) === braceOpen || input.peek(off) === 45) {
      if (lineEndsWithColon(input, off)) input.acceptToken(matchKeyword, word.length);
    }
    return;
  }
  const next = wordAt(input, off);
  if (off > word.length && next && !/^\d/.test(next) && !operatorWords.has(next)) input.acceptToken(typeKeyword, word.length);
});

/** String content, escapes and the end quote, in the string the context says we are in. */
export const strings = new ExternalTokenizer((input, stack) => {
  const { flags } = stack.context as Context;
  const quote = flags & cxDoubleQuote ? doubleQuote : singleQuote;
  const long = (flags & cxLong) > 0;
  const escapes = !(flags & cxRaw);
  const format = (flags & cxFormat) > 0;

  const start = input.pos;
  for (;;) {
    if (input.next < 0) {
      break;
    } else if (format && input.next === braceOpen) {
      if (input.peek(1) === braceOpen) {
        input.advance(2);
      } else {
        if (input.pos === start) {
          input.acceptToken(replacementStart, 1);
          return;
        }
        break;
      }
    } else if (escapes && input.next === backslash) {
      if (input.pos === start) {
        input.advance();
        const escaped = input.next;
        if (escaped >= 0) {
          input.advance();
          skipEscape(input, escaped);
        }
        input.acceptToken(Escape);
        return;
      }
      break;
    } else if (input.next === backslash && !escapes && input.peek(1) > -1) {
      // Raw strings still keep a backslash-escaped quote inside the string.
      input.advance(2);
    } else if (input.next === quote && (!long || (input.peek(1) === quote && input.peek(2) === quote))) {
      if (input.pos === start) {
        input.acceptToken(stringEnd, long ? 3 : 1);
        return;
      }
      break;
    } else if (input.next === newline) {
      // A line break ends a short string without its closing quote: no token, so the parser
      // reports the error (CPython: "unterminated string literal").
      if (!long) break;
      input.advance();
    } else {
      input.advance();
    }
  }
  if (input.pos > start) input.acceptToken(stringContent);
});

function skipEscape(input: InputStream, ch: number): void {
  if (ch === letterO) {
    for (let i = 0; i < 2 && input.next >= 48 && input.next <= 55; i++) input.advance();
  } else if (ch === letterX) {
    for (let i = 0; i < 2 && isHex(input.next); i++) input.advance();
  } else if (ch === letterU) {
    for (let i = 0; i < 4 && isHex(input.next); i++) input.advance();
  } else if (ch === letterUpperU) {
    for (let i = 0; i < 8 && isHex(input.next); i++) input.advance();
  } else if (ch === letterN && input.next === braceOpen) {
    input.advance();
    let next = input.next;
    while (next >= 0 && next !== braceClose && next !== singleQuote && next !== doubleQuote && next !== newline) {
      input.advance();
      next = input.next;
    }
    if (next === braceClose) input.advance();
  }
}
