/**
 * The CLI's lasting store of parsed modules (core/python/astStore.ts): the evaluator's ASTs and the
 * checks' lezer trees of one project, kept in one pack file per project, in `parsed/<build>/` of the
 * user's cache folder (src/node/userCacheFolder.ts), so that a build never reads what another wrote.
 * Another build's folder is removed once no run used it for a day (two installed builds can take
 * turns; nothing outside `parsed/` is ever removed).
 *
 * A run reads its project's pack once (one file, whatever the project's size) and parses only the
 * entries it asks for. What it parses anew is appended to a new pack as it goes (not kept in memory:
 * on a project like netbox that would be tens of MB more at its peak); at its end the run adds the
 * earlier entries worth keeping and the index, and puts the new pack in place of the old one
 * (thousands of small files cost a project's first run more in file creation than the parses they
 * save). Each entry holds the text it was parsed from, so a module is only ever given what was parsed
 * from its own exact text (two texts of one name only miss; loading node:crypto to name them would
 * cost a small project's run more than this saves). What is kept is data, not code, and only this
 * user can have written it; a pack or an entry that does not read back (truncated, foreign) is a miss.
 * Bounds: an entry of more than MAX_ENTRY_BYTES is not kept; an entry no writing run used for
 * STALE_AFTER writes of its pack is dropped (the texts of an edited file do not pile up); a pack
 * holds at most MAX_PACK_BYTES: the run's new entries first, then as many earlier ones as fit, and
 * none at all when the new ones alone take more (such a project is parsed each time); past
 * MAX_PACKS projects, the least recently used packs are removed (a run that reads its pack marks it
 * used), and so are the temporary files of runs that were killed while writing.
 *
 * Pack format: the entries' JSON texts (UTF-8), one after the other, then a last line of JSON, the
 * index: `{"write": n, "entries": {"<name>.<kind>": [offset, length, last write that used it], …}}`,
 * in bytes. A run keeps the pack's bytes and decodes an entry only when it asks for it.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@lezer/common';
import type { ModuleAst, Stmt } from '../core/python/ast';
import type { AstStore } from '../core/python/astStore';
import { computeLineStarts } from '../core/python/parse/parseModule';
import { treeFromData, treeToData } from './treeData';

const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const MAX_PACK_BYTES = 64 * 1024 * 1024;
const MAX_PACKS = 32;
const STALE_AFTER = 8;
/** What an entry takes in the index at most (its key, three numbers): counted in the pack's bound. */
const INDEX_BYTES_PER_ENTRY = 64;
/** The folder of the stores, in the user's cache folder. */
const STORES = 'parsed';
/** Another build's store is removed once it was not used for this long. */
const OTHER_BUILD_KEPT_MS = 24 * 60 * 60 * 1000;
/** A temporary file this old was left by a run that was killed while writing. */
const LEFT_OVER_MS = 10 * 60 * 1000;
const FLOAT_WRITTEN_AS_NULL = '{"k":"float","v":null}';

/** Bounds of a store (tests make them small). */
export interface StoreLimits {
  /** Packs (projects) kept. */
  maxPacks?: number;
  /** Bytes of one pack. */
  maxPackBytes?: number;
}

/** A 64-bit name of `s` (two 32-bit lanes over its UTF-16 code units: FNV-1a and a multiply-xorshift), and its length, in hex. */
function nameOf(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}-${s.length.toString(16)}`;
}

export class NodeAstStore implements AstStore {
  /** The pack's entries as read, by key, with the last write of the pack that used each. */
  private readonly kept = new Map<string, { bytes: Buffer; write: number }>();
  /** How many times the pack was written. */
  private writes = 0;
  /** Keys asked for or added by this run. */
  private readonly used = new Set<string>();
  /** Entries this run added, by key: where they are in the new pack (bytes). */
  private readonly added = new Map<string, { offset: number; length: number }>();
  private next: { fd: number; tmp: string; bytes: number } | undefined;
  /** The new pack could not be written (or grew past its bound): nothing is saved. */
  private failed = false;
  /** The names of texts looked up (a text is looked up, parsed, then added: named once). */
  private readonly names = new Map<string, string>();

  private constructor(
    private readonly folder: string,
    private readonly pack: string,
    private readonly limits: Required<StoreLimits>,
  ) {}

  /**
   * The store of build `build` for the project at `project`, in `cacheFolder`, dropping the stores of
   * other builds no run used for a day; undefined when it cannot be made.
   */
  static open(cacheFolder: string, build: string, project: string, limits: StoreLimits = {}): NodeAstStore | undefined {
    const name = build.replace(/[^\w.-]/g, '_');
    const stores = join(cacheFolder, STORES);
    let store: NodeAstStore;
    try {
      const folder = join(stores, name);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const now = Date.now();
      utimesSync(folder, now / 1000, now / 1000);
      for (const other of readdirSync(stores)) {
        if (other !== name && now - statSync(join(stores, other)).mtimeMs > OTHER_BUILD_KEPT_MS) rmSync(join(stores, other), { recursive: true, force: true });
      }
      store = new NodeAstStore(folder, join(folder, `${nameOf(project)}.pack`), { maxPacks: MAX_PACKS, maxPackBytes: MAX_PACK_BYTES, ...limits });
    } catch {
      return undefined;
    }
    store.readPack();
    return store;
  }

  private readPack(): void {
    let bytes: Buffer;
    try {
      // Only a regular file of a sane size (never a link, a pipe or a device someone put there).
      const st = lstatSync(this.pack, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size > this.limits.maxPackBytes) return;
      bytes = readFileSync(this.pack);
    } catch {
      return; // no pack yet
    }
    try {
      const now = Date.now() / 1000;
      utimesSync(this.pack, now, now); // used: the last to be removed past MAX_PACKS
    } catch {
      // Removed meanwhile by another run's prune: this run still has what it read.
    }
    try {
      const end = bytes.lastIndexOf(10);
      if (end < 0) return;
      const index = JSON.parse(bytes.toString('utf8', end + 1)) as { write?: unknown; entries?: Record<string, unknown> };
      this.writes = Number.isSafeInteger(index.write) ? (index.write as number) : 0;
      for (const [key, at] of Object.entries(index.entries ?? {})) {
        if (!Array.isArray(at) || at.length !== 3 || !at.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) continue;
        const [offset, length, write] = at as number[];
        if (offset! + length! > end) continue;
        this.kept.set(key, { bytes: bytes.subarray(offset!, offset! + length!), write: write! });
      }
    } catch {
      this.kept.clear(); // a damaged pack: everything is parsed again, and the pack rewritten
    }
  }

  private nameOf(source: string): string {
    let name = this.names.get(source);
    if (name === undefined) {
      if (this.names.size >= 4096) this.names.clear();
      name = nameOf(source);
      this.names.set(source, name);
    }
    return name;
  }

  /** The entry kept for `source` under `kind`, when it was made from exactly this text. */
  private read(source: string, kind: string): Record<string, unknown> | undefined {
    const key = `${this.nameOf(source)}.${kind}`;
    const kept = this.kept.get(key);
    if (kept === undefined) return undefined;
    try {
      const entry = JSON.parse(kept.bytes.toString('utf8')) as unknown;
      if (!entry || typeof entry !== 'object' || (entry as { source?: unknown }).source !== source) return undefined;
      this.used.add(key);
      return entry as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  get(source: string): ModuleAst | undefined {
    const entry = this.read(source, 'ast');
    if (!entry || !Array.isArray(entry['body']) || !Array.isArray(entry['syntaxErrors'])) return undefined;
    return { body: entry['body'] as Stmt[], source, lineStarts: computeLineStarts(source), syntaxErrors: entry['syntaxErrors'] as number[], failure: null };
  }

  set(source: string, ast: ModuleAst): void {
    if (ast.failure !== null || ast.deferred) return;
    let text: string;
    try {
      text = JSON.stringify({ source, body: ast.body, syntaxErrors: ast.syntaxErrors });
    } catch {
      return; // a cycle: parsed again next time
    }
    // The one number of an AST that JSON cannot hold: a float literal too large for a double
    // (`1e999`, Infinity), which JSON writes as null (parse/literals.ts makes no NaN and no -0).
    if (text.includes(FLOAT_WRITTEN_AS_NULL)) return;
    this.add(`${this.nameOf(source)}.ast`, text);
  }

  tree(source: string): Tree | undefined {
    const entry = this.read(source, 'tree');
    return entry ? treeFromData(entry['tree']) : undefined;
  }

  setTree(source: string, tree: Tree): void {
    let text: string;
    try {
      text = JSON.stringify({ source, tree: treeToData(tree) });
    } catch {
      return; // a node type or prop that would not read back
    }
    this.add(`${this.nameOf(source)}.tree`, text);
  }

  private add(key: string, text: string): void {
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_ENTRY_BYTES || this.failed || this.added.has(key)) return;
    try {
      this.next ??= (() => {
        const tmp = `${this.pack}.${process.pid}.tmp`;
        return { fd: openSync(tmp, 'wx', 0o600), tmp, bytes: 0 };
      })();
      if (writeSync(this.next.fd, text) !== bytes) throw new Error('short write'); // a full disk
      this.added.set(key, { offset: this.next.bytes, length: bytes });
      this.next.bytes += bytes;
      this.used.add(key);
      if (this.next.bytes + INDEX_BYTES_PER_ENTRY * this.added.size > this.limits.maxPackBytes) this.abandon(); // too big to keep: parsed each time
    } catch {
      this.abandon();
    }
  }

  /** Gives up the new pack (the old one stays as it is). */
  private abandon(): void {
    this.failed = true;
    if (!this.next) return;
    try {
      closeSync(this.next.fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(this.next.tmp);
    } catch {
      // never made, or removed by a prune
    }
    this.next = undefined;
  }

  /**
   * Puts the new pack in place when this run added entries: after them, the entries it used from the
   * old pack and those another run used in the last STALE_AFTER writes (as many as fit in
   * MAX_PACK_BYTES), then the index; atomically, since another run may be reading the old one. Then
   * removes the least recently used packs past the bound. Never throws.
   */
  save(): void {
    const next = this.next;
    if (!next || this.failed) return;
    const write = this.writes + 1;
    const index: Record<string, [number, number, number]> = {};
    for (const [key, at] of this.added) index[key] = [at.offset, at.length, write];
    let indexed = this.added.size;
    try {
      for (const [key, kept] of this.kept) {
        if (this.added.has(key) || (!this.used.has(key) && write - kept.write >= STALE_AFTER)) continue;
        const bytes = kept.bytes.length;
        if (next.bytes + bytes + INDEX_BYTES_PER_ENTRY * (indexed + 1) > this.limits.maxPackBytes) continue;
        if (writeSync(next.fd, kept.bytes) !== bytes) throw new Error('short write');
        index[key] = [next.bytes, bytes, this.used.has(key) ? write : kept.write];
        indexed++;
        next.bytes += bytes;
      }
      writeSync(next.fd, `\n${JSON.stringify({ write, entries: index })}`);
      closeSync(next.fd);
      this.next = undefined;
      renameSync(next.tmp, this.pack);
    } catch {
      this.abandon();
      return;
    }
    this.prune();
  }

  /** Removes the least recently used packs past the bound, and what killed runs left half written. */
  private prune(): void {
    try {
      const now = Date.now();
      const files = readdirSync(this.folder).map((n) => ({ name: n, path: join(this.folder, n), at: statSync(join(this.folder, n)).mtimeMs }));
      for (const f of files) if (f.name.endsWith('.tmp') && now - f.at > LEFT_OVER_MS) rmSync(f.path, { force: true });
      const packs = files.filter((f) => f.name.endsWith('.pack')).sort((a, b) => b.at - a.at);
      for (const old of packs.slice(this.limits.maxPacks)) rmSync(old.path, { force: true });
    } catch {
      // A file left over costs only disk space until the next run prunes.
    }
  }
}
