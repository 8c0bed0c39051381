// The core runs in Node, in a web worker and in the VS Code extension host. It compiles with
// `types: []` so that neither node nor vscode typings leak in; these are the few web-standard
// globals it uses, available in every one of those runtimes.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function encodeURIComponent(s: string): string;
declare function decodeURIComponent(s: string): string;
declare function encodeURI(s: string): string;
declare function decodeURI(s: string): string;
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function clearTimeout(h: unknown): void;
declare const performance: { now(): number };
