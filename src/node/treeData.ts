/**
 * Lezer trees of Python modules as JSON, for the CLI's store of parsed modules (nodeAstStore.ts): the
 * tree's own structure (its Tree nodes, their children and positions, the per-node props the parser
 * sets for incremental parsing) with each TreeBuffer's 16-bit words in base64, and back. A tree read
 * back is the same tree: the same nodes, types, positions and props (the store's tests check it on
 * every fixture module). A tree this cannot write exactly (a foreign node type or prop) is not stored.
 */
import { NodeProp, NodeType, Tree, TreeBuffer } from '@lezer/common';
import { parser } from '../core/pythonParser';

/** A Tree: its type id (-1: an unnamed balancing node), length, children, positions and props. */
interface TreeNode {
  t: number;
  n: number;
  c: (TreeNode | BufferNode)[];
  p: number[];
  h?: number;
  a?: number;
}

/** A TreeBuffer: its words in base64 and its length. */
interface BufferNode {
  b: string;
  n: number;
}

/** Thrown while writing: a value that would not read back the same. */
export class NotStorable extends Error {}

/** The ids of the per-node props a parse sets (Tree.propValues names props by id). */
const CONTEXT_HASH = (NodeProp.contextHash as unknown as { id: number }).id;
const LOOK_AHEAD = (NodeProp.lookAhead as unknown as { id: number }).id;

export function treeToData(tree: Tree): TreeNode {
  const types = parser.nodeSet.types;
  const t = tree.type === NodeType.none ? -1 : tree.type.id;
  if (t >= 0 && types[t] !== tree.type) throw new NotStorable();
  const out: TreeNode = { t, n: tree.length, c: [], p: [...tree.positions] };
  for (const [prop, value] of tree.propValues) {
    const id = typeof prop === 'number' ? prop : (prop as unknown as { id: number }).id;
    if (id === CONTEXT_HASH && typeof value === 'number') out.h = value;
    else if (id === LOOK_AHEAD && typeof value === 'number') out.a = value;
    else throw new NotStorable();
  }
  for (const child of tree.children) {
    if (child instanceof TreeBuffer) {
      if (child.set !== parser.nodeSet) throw new NotStorable();
      out.c.push({ b: Buffer.from(child.buffer.buffer, child.buffer.byteOffset, child.buffer.byteLength).toString('base64'), n: child.length });
    } else out.c.push(treeToData(child));
  }
  return out;
}

/** The tree written by treeToData; undefined when `data` is not one that lezer can walk (a damaged file). */
export function treeFromData(data: unknown): Tree | undefined {
  try {
    return build(data as TreeNode);
  } catch {
    return undefined;
  }
}

/**
 * Whether `words` is a TreeBuffer lezer can walk: groups of four (type, start, end, index past the
 * node's children), every type known, every span inside the buffer's length and its parent's, every
 * node's children inside it. A damaged buffer would otherwise make a cursor read out of range or loop.
 */
function validBuffer(words: Uint16Array, length: number): boolean {
  if (words.length % 4 !== 0) return false;
  const types = parser.nodeSet.types.length;
  const ends: number[] = [words.length];
  const spans: number[] = [length];
  for (let i = 0; i < words.length; i += 4) {
    while (i >= ends[ends.length - 1]!) {
      ends.pop();
      spans.pop();
    }
    const [type, from, to, end] = [words[i]!, words[i + 1]!, words[i + 2]!, words[i + 3]!];
    if (type >= types || from > to || to > spans[spans.length - 1]! || end < i + 4 || end > ends[ends.length - 1]! || end % 4 !== 0) return false;
    ends.push(end);
    spans.push(to);
  }
  return true;
}

function build(d: TreeNode): Tree {
  const type = d.t === -1 ? NodeType.none : Number.isInteger(d.t) ? parser.nodeSet.types[d.t] : undefined;
  if (!type || !Array.isArray(d.c) || !Array.isArray(d.p) || d.c.length !== d.p.length || !Number.isSafeInteger(d.n) || d.n < 0) throw new NotStorable();
  const children = d.c.map((c, i) => {
    let child: Tree | TreeBuffer;
    if (c && typeof c === 'object' && 'b' in c) {
      if (typeof c.b !== 'string' || !Number.isSafeInteger(c.n) || c.n < 0) throw new NotStorable();
      const bytes = Buffer.from(c.b, 'base64');
      const words = new Uint16Array(bytes.length >> 1);
      new Uint8Array(words.buffer).set(bytes.subarray(0, words.length * 2));
      if (!validBuffer(words, c.n)) throw new NotStorable();
      child = new TreeBuffer(words, c.n, parser.nodeSet);
    } else child = build(c);
    const at = d.p[i];
    if (!Number.isSafeInteger(at) || at! < 0 || at! + child.length > d.n) throw new NotStorable();
    return child;
  });
  const props: [NodeProp<number>, number][] = [];
  if (typeof d.h === 'number') props.push([NodeProp.contextHash, d.h]);
  if (typeof d.a === 'number') props.push([NodeProp.lookAhead, d.a]);
  return new Tree(type, children, d.p, d.n, props.length ? props : undefined);
}
