import * as vscode from 'vscode';
import shared from 'dm:shared-modules';
import { nextTurn } from '../core/yieldingFileSystem';

/** Folder of the bundles in the extension (dist or dist/web), set by scripts/build.mjs. */
declare const LAZY_PARTS_DIR: string;
/** The extension host this bundle was built for, set by scripts/build.mjs. */
declare const EXTENSION_PLATFORM: 'node' | 'browser';

/** True in the Node extension host (desktop and remote VS Code), false in the web worker host. */
export function nodeExtensionHost(): boolean {
  return EXTENSION_PLATFORM === 'node';
}

/** Prefix of the activation bundle's modules as a lazily loaded part names them (scripts/build.mjs). */
const SHARED_PREFIX = 'dm-shared:';

/**
 * Loads a part of the extension that activation does not need (dist/<name>.js, built by
 * scripts/build.mjs from its own entry). A part does not carry its own copy of the modules the
 * activation bundle already has: it asks for them by name and gets the very same module objects
 * (one ProjectModels class, one timeline), so state and `instanceof` stay shared. The text is
 * read and evaluated here rather than with require(), because the web worker's extension host has
 * no module loader and the Node one cannot hand a module its own `require`.
 */
export async function loadPart<T>(extensionUri: vscode.Uri, name: string): Promise<T> {
  const uri = vscode.Uri.joinPath(extensionUri, LAZY_PARTS_DIR, `${name}.js`);
  const source =
    uri.scheme === 'http' || uri.scheme === 'https'
      ? await (await fetch(uri.toString(true))).text()
      : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const module: { exports: unknown } = { exports: {} };
  const require = (id: string): unknown => {
    if (id === 'vscode') return vscode;
    const found = id.startsWith(SHARED_PREFIX) ? (shared as Record<string, unknown>)[id.slice(SHARED_PREFIX.length)] : nodeBuiltin(id);
    if (found === undefined) throw new Error(`${name}.js asks for ${id}, which the activation bundle does not provide`);
    return found;
  };
  // The same wrapper Node and the web extension host put around a CommonJS module. Compiling a part
  // and running its top level each take tens of milliseconds in a busy host: the event loop turns
  // between the two.
  const body = new Function('module', 'exports', 'require', `${source}\n//# sourceURL=${uri.toString(true)}`);
  await nextTurn();
  body(module, module.exports, require);
  return module.exports as T;
}

/** The CommonJS `require` of dist/extension.js in the Node host (undefined in the web worker). */
declare const require: ((id: string) => unknown) | undefined;

/**
 * The Node built-ins a part built for Node may ask for (the YAML parser's `process` and `Buffer`,
 * pg's `net`, `tls`, `crypto`…): the Node extension host has them as globals, through
 * process.getBuiltinModule (Node ≥ 20.16), or else through this bundle's own `require` (the older
 * Electron of VS Code 1.85). The web build asks for none.
 */
function nodeBuiltin(id: string): unknown {
  const g = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown }; Buffer?: unknown };
  if (id === 'process' || id === 'node:process') return g.process;
  if ((id === 'buffer' || id === 'node:buffer') && g.Buffer) return { Buffer: g.Buffer };
  if (g.process?.getBuiltinModule) return g.process.getBuiltinModule(id);
  // Only the built-ins a part leaves to the host reach here: esbuild bundles every other module.
  return EXTENSION_PLATFORM === 'node' && typeof require === 'function' ? require(id.replace(/^node:/, '')) : undefined;
}
