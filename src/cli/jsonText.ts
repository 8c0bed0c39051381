/**
 * Characters JSON.stringify leaves raw that a terminal or a log viewer may still act on: DEL and the
 * C1 controls (U+0080–U+009F, among them the 8-bit CSI), the Unicode line and paragraph separators,
 * and the bidirectional marks. C0 controls (newline, ESC…) are escaped by JSON.stringify itself.
 */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as indented JSON in which every control character is a `\uXXXX` escape: the same document
 * to a JSON parser, and nothing a CI log could show as a new line or a colour.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
