/**
 * Literal tokens: Python numbers (ints beyond 2**53 stay exact or become unknown) and string
 * tokens with their prefixes and escapes.
 */
import type { Literal } from '../ast';

/** Parses a Python number literal (underscores removed). Null for complex or unsafe integers. */
export function parseNumber(raw: string): Literal | null {
  if (/[jJ]$/.test(raw)) return null;
  if (/^0[xX]/.test(raw)) return intLiteral(BigInt(raw));
  if (/^0[oO]/.test(raw)) return intLiteral(BigInt('0o' + raw.slice(2)));
  if (/^0[bB]/.test(raw)) return intLiteral(BigInt('0b' + raw.slice(2)));
  if (/[.eE]/.test(raw)) return { k: 'float', v: Number(raw) };
  try {
    return intLiteral(BigInt(raw));
  } catch {
    return null;
  }
}

function intLiteral(b: bigint): Literal | null {
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { k: 'int', v: Number(b) };
}

/** Decodes a complete (non-f) string token: prefix, quotes, escapes. */
export function decodeStringToken(text: string): string | { error: string } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) return { error: 'malformed string literal' };
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return { error: 'bytes literals are not evaluated' };
  const q = m[2];
  if (text.length < m[0].length + q.length || !text.endsWith(q)) return { error: 'unterminated string literal' };
  const body = text.slice(m[0].length, text.length - q.length);
  return decodeBody(body, prefix.includes('r'), false);
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Processes backslash escapes (unless raw) and, in f-string text, doubled braces. */
export function decodeBody(body: string, raw: boolean, fstring: boolean): string | { error: string } {
  if (!body.includes('\\') && !(fstring && (body.includes('{{') || body.includes('}}')))) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (fstring && (c === '{' || c === '}') && body[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = body[i + 1];
    if (d === undefined) {
      out += c;
      continue;
    }
    if (raw) {
      // In raw strings a backslash stays, but it still keeps the next character (even a quote).
      out += c + d;
      i++;
      continue;
    }
    if (d === '\n') {
      i++;
      continue;
    }
    if (d === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    if (SIMPLE_ESCAPES[d] !== undefined) {
      out += SIMPLE_ESCAPES[d];
      i++;
      continue;
    }
    if (d >= '0' && d <= '7') {
      let j = i + 1;
      let digits = '';
      while (j < body.length && digits.length < 3 && body[j] >= '0' && body[j] <= '7') digits += body[j++];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = j - 1;
      continue;
    }
    const hexLen = d === 'x' ? 2 : d === 'u' ? 4 : d === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) return { error: 'invalid escape sequence in string literal' };
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return { error: 'invalid escape sequence in string literal' };
      out += String.fromCodePoint(cp);
      i += 1 + hexLen;
      continue;
    }
    if (d === 'N') return { error: 'named unicode escapes (\\N{…}) are not evaluated' };
    // Unknown escapes keep the backslash (Python warns but keeps both characters).
    out += c;
  }
  return out;
}
