/**
 * YAML for docker-compose files, read with the `yaml` package: block and flow collections, every
 * scalar style (quoted, folded, literal), anchors, aliases and `<<` merge keys, each scalar with
 * its offsets in the text. Scalars stay strings (the failsafe schema): a compose file's meaning is
 * Compose's, not YAML's. A file Compose itself would refuse (a syntax error, a duplicate key,
 * several documents) reads as null, and so does one too deep or too large to read safely.
 */
import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type CST, type Document, type Node, type Scalar } from 'yaml';

/** A YAML node as the compose rules read it: every scalar a string, keys in text order. */
export type YamlNode =
  | { kind: 'map'; entries: Array<{ key: string; value: YamlNode }> }
  | { kind: 'seq'; items: YamlNode[] }
  | { kind: 'scalar'; value: string; from: number; to: number }
  | { kind: 'null' };

const NULL: YamlNode = { kind: 'null' };

/** Compose files are a few kilobytes; the parser needs about a second per megabyte of items. */
const MAX_BYTES = 1024 * 1024;
/** Compose nests a handful of levels. Deeper input is refused before composing: the composer
 *  recurses per level, and at about a thousand levels V8 aborts the whole process. */
const MAX_DEPTH = 64;
/** Nodes after expanding aliases, so that nested aliases ("billion laughs") stay small. */
const MAX_NODES = 100_000;

/** Why a document is not read; caught in parseYaml. */
class Unreadable extends Error {}

/** Parses a compose file's YAML; a null node when empty or not readable (see the module comment). */
export function parseYaml(text: string): YamlNode {
  if (text.length > MAX_BYTES) return NULL;
  const tokens = [...new Parser().parse(text)];
  if (tokens.some((t) => nestingOf(t) > MAX_DEPTH)) return NULL;
  const docs = [...new Composer({ schema: 'failsafe', uniqueKeys: false }).compose(tokens)];
  const doc = docs[0];
  if (docs.length !== 1 || !doc || doc.errors.length > 0) return NULL;
  try {
    return new Converter(doc).node(doc.contents, 0);
  } catch (e) {
    if (e instanceof Unreadable) return NULL;
    throw e;
  }
}

/** The deepest collection nesting in a CST token, walked without recursion. */
function nestingOf(root: CST.Token): number {
  let max = 0;
  const stack: Array<[CST.Token, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    max = Math.max(max, depth);
    if (max > MAX_DEPTH) break;
    const children: Array<CST.Token | undefined> = [];
    if (token.type === 'document') children.push(token.value);
    else if (token.type === 'block-map' || token.type === 'flow-collection') for (const it of token.items) children.push(it.key ?? undefined, it.value);
    else if (token.type === 'block-seq') for (const it of token.items) children.push(it.value);
    for (const c of children) if (c) stack.push([c, depth + 1]);
  }
  return max;
}

/** Turns the composed document into YamlNodes, expanding aliases and merge keys. */
class Converter {
  private nodes = 0;
  /** Anchored nodes being expanded, to refuse an alias inside its own anchor. */
  private readonly expanding = new Set<Node>();

  constructor(private readonly doc: Document) {}

  node(n: unknown, depth: number): YamlNode {
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH) throw new Unreadable();
    if (n === null || n === undefined) return NULL;
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target || this.expanding.has(target)) throw new Unreadable();
      this.expanding.add(target);
      try {
        return this.node(target, depth + 1);
      } finally {
        this.expanding.delete(target);
      }
    }
    if (isScalar(n)) return scalarNode(n);
    if (isSeq(n)) return { kind: 'seq', items: n.items.map((item) => this.node(item, depth + 1)) };
    if (isMap(n)) return this.map(n.items, depth);
    throw new Unreadable();
  }

  /** Explicit keys win over merged ones, and an earlier merge source over a later one. */
  private map(pairs: ReadonlyArray<{ key: unknown; value: unknown }>, depth: number): YamlNode {
    const explicit = new Set<string>();
    for (const p of pairs) {
      if (isMergeKey(p.key)) continue;
      const key = keyOf(p.key);
      if (key === undefined) continue;
      // Compose refuses a mapping with a key given twice.
      if (explicit.has(key)) throw new Unreadable();
      explicit.add(key);
    }
    const entries: Array<{ key: string; value: YamlNode }> = [];
    const seen = new Set<string>();
    const add = (key: string, value: YamlNode) => {
      if (seen.has(key)) return;
      seen.add(key);
      entries.push({ key, value });
    };
    for (const p of pairs) {
      if (isMergeKey(p.key)) {
        const source = this.node(p.value, depth + 1);
        for (const m of source.kind === 'seq' ? source.items : [source]) {
          // YAML merges mappings only; Compose refuses anything else.
          if (m.kind !== 'map') throw new Unreadable();
          for (const e of m.entries) if (!explicit.has(e.key)) add(e.key, e.value);
        }
        continue;
      }
      const key = keyOf(p.key);
      if (key !== undefined) add(key, this.node(p.value, depth + 1));
    }
    return { kind: 'map', entries };
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.value === '<<';
}

/** A scalar key as a string; other keys (collections, aliases, none) are not compose keys. */
function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function scalarNode(n: Scalar): YamlNode {
  const value = String(n.value ?? '');
  if (n.type === 'PLAIN' && !n.tag && /^(|~|null|Null|NULL)$/.test(value)) return NULL;
  const [start, end] = n.range ?? [0, 0];
  // Offsets of a quoted scalar are those of its text, inside the quotes.
  const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
  return { kind: 'scalar', value, from: quoted ? start + 1 : start, to: quoted ? end - 1 : end };
}

/** The value of `key` in a mapping node. */
export function yamlGet(node: YamlNode | undefined, key: string): YamlNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key === key)?.value;
}

/** A scalar's string value. */
export function yamlString(node: YamlNode | undefined): string | undefined {
  return node && node.kind === 'scalar' ? node.value : undefined;
}
