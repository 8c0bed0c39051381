/**
 * re: escape() (deterministic, the same on every Python since 3.7) and the flag constants.
 * Matching is not evaluated: Python's regular expressions are not JavaScript's.
 */
import { needStr } from '../builtins/args';
import { pyInt, strValue, type PyModule, type PyValue } from '../values';
import { fn, mod, unknownFn } from './shared';

/** re.escape: a backslash before each of Python's special characters (3.7+). */
export function reEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c);
}

const FLAGS: Record<string, number> = { A: 256, ASCII: 256, I: 2, IGNORECASE: 2, L: 4, LOCALE: 4, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, U: 32, UNICODE: 32, X: 64, VERBOSE: 64 };

/** The re module. */
export function reModule(): PyModule {
  const attrs: Record<string, PyValue> = {
    escape: fn('escape', (ctx, args) => (args[0]?.kind === 'unknown' ? args[0] : strValue(reEscape(needStr(ctx, args[0], 'escape() argument'))))),
  };
  for (const [k, v] of Object.entries(FLAGS)) attrs[k] = pyInt(v);
  return mod('re', attrs, (n) => unknownFn(n, `re.${n}() is not evaluated (Python regular expressions)`));
}
