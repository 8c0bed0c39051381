import type { CheckContext } from './context';
import type { RuleFinding, RuleInfo } from './types';

/**
 * A rule: its static description plus the check itself, the one place a diagnostic is described.
 * Each lives in its own file in ./rules, exported as `const <fileName>: Rule`, with its test;
 * `npm run build` (scripts/generate-contributions.mjs) then lists it in RULES, in the editor's
 * `djangoMedia.diagnostics.severity` setting and in docs/diagnostics.md.
 */
export interface Rule extends RuleInfo {
  /** Never throws on bad input; unknown values produce no finding. */
  run(ctx: CheckContext): Promise<RuleFinding[]>;
}

/** Python truthiness of a JSON-like settings value (DEBUG = "False" is truthy in Python too). */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** Python's repr() of a str, as Django's %r messages print it. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

/** A double-quoted JSON-style literal, valid Python for the plain strings the fixes insert. */
export function pyStr(s: string, quote = '"'): string {
  return quote + s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), '\\' + quote) + quote;
}
