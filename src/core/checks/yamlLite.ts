/**
 * A small YAML reader for docker-compose files: block mappings and sequences, flow sequences and
 * flat flow mappings, plain and quoted scalars with their offsets. Anchors, tags and multi-line
 * scalars are read as opaque scalars. Bounded by the input size; never throws.
 */
export type YamlNode =
  | { kind: 'map'; entries: Array<{ key: string; value: YamlNode }> }
  | { kind: 'seq'; items: YamlNode[] }
  | { kind: 'scalar'; value: string; from: number; to: number }
  | { kind: 'null' };

interface Line {
  indent: number;
  /** Offset of the first non-blank character. */
  start: number;
  content: string;
}

const NULL: YamlNode = { kind: 'null' };

function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(s[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) {
      return s.slice(0, i).trimEnd();
    }
  }
  return s.trimEnd();
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = /^ */.exec(lineText)![0].length;
    const content = stripComment(lineText.slice(indent));
    if (content && content !== '---' && content !== '...' && !content.startsWith('%')) out.push({ indent, start: offset + indent, content });
    offset += raw.length + 1;
  }
  return out;
}

function scalar(text: string, from: number): YamlNode {
  let value = text.trim();
  const lead = text.length - text.trimStart().length;
  let start = from + lead;
  let end = start + value.length;
  if (value === '' || value === '~' || value === 'null') return NULL;
  if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
    value = value.slice(1, -1);
    start += 1;
    end -= 1;
  }
  return { kind: 'scalar', value, from: start, to: end };
}

function splitFlow(inner: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push({ text: inner.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  if (inner.slice(start).trim()) parts.push({ text: inner.slice(start), offset: start });
  return parts;
}

function inlineValue(text: string, from: number): YamlNode {
  const t = text.trim();
  const lead = text.length - text.trimStart().length;
  if (t.startsWith('[') && t.endsWith(']')) {
    return { kind: 'seq', items: splitFlow(t.slice(1, -1)).map((p) => scalar(p.text, from + lead + 1 + p.offset)) };
  }
  if (t.startsWith('{') && t.endsWith('}')) {
    const entries: Array<{ key: string; value: YamlNode }> = [];
    for (const p of splitFlow(t.slice(1, -1))) {
      const colon = p.text.indexOf(':');
      if (colon < 0) continue;
      const key = p.text.slice(0, colon).trim().replace(/^["']|["']$/g, '');
      entries.push({ key, value: scalar(p.text.slice(colon + 1), from + lead + 1 + p.offset + colon + 1) });
    }
    return { kind: 'map', entries };
  }
  return scalar(text, from);
}

const KEY = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'#[\]{},][^:#]*?)\s*:(\s|$)/;

class Parser {
  private steps = 0;
  constructor(private readonly lines: Line[]) {}

  block(i: number, indent: number): [YamlNode, number] {
    const line = this.lines[i];
    if (!line || line.indent < indent || ++this.steps > 100_000) return [NULL, i];
    if (line.content === '-' || line.content.startsWith('- ')) return this.seq(i, line.indent);
    if (KEY.test(line.content)) return this.map(i, line.indent);
    return [inlineValue(line.content, line.start), i + 1];
  }

  private seq(i: number, indent: number): [YamlNode, number] {
    const items: YamlNode[] = [];
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      if (line.indent !== indent || !(line.content === '-' || line.content.startsWith('- '))) break;
      const rest = line.content.slice(1);
      const restTrim = rest.trimStart();
      if (!restTrim) {
        const [node, next] = this.block(i + 1, indent + 1);
        items.push(node);
        i = next;
        continue;
      }
      const restIndent = indent + 1 + (rest.length - restTrim.length);
      if (KEY.test(restTrim)) {
        // "- key: value" opens a mapping whose first line is this one.
        this.lines[i] = { indent: restIndent, start: line.start + (restIndent - indent), content: restTrim };
        const [node, next] = this.map(i, restIndent);
        items.push(node);
        i = next;
        continue;
      }
      items.push(inlineValue(restTrim, line.start + (restIndent - indent)));
      i++;
    }
    return [{ kind: 'seq', items }, i];
  }

  private map(i: number, indent: number): [YamlNode, number] {
    const entries: Array<{ key: string; value: YamlNode }> = [];
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      if (line.indent !== indent) break;
      const m = KEY.exec(line.content);
      if (!m) break;
      const key = m[1]!.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
      const restStart = m[0].length;
      const rest = line.content.slice(restStart);
      i++;
      if (rest.trim() === '') {
        const next = this.lines[i];
        if (next && (next.indent > indent || (next.indent === indent && (next.content === '-' || next.content.startsWith('- '))))) {
          const [node, after] = this.block(i, next.indent);
          entries.push({ key, value: node });
          i = after;
        } else {
          entries.push({ key, value: NULL });
        }
      } else if (/^[|>]/.test(rest.trim())) {
        while (i < this.lines.length && this.lines[i]!.indent > indent) i++;
        entries.push({ key, value: { kind: 'scalar', value: '', from: line.start, to: line.start } });
      } else {
        entries.push({ key, value: inlineValue(rest, line.start + restStart) });
      }
    }
    return [{ kind: 'map', entries }, i];
  }
}

/** Parses a YAML text (the compose subset); a null node when empty. */
export function parseYaml(text: string): YamlNode {
  if (text.length > 2 * 1024 * 1024) return NULL;
  const lines = splitLines(text);
  if (lines.length === 0) return NULL;
  return new Parser(lines).block(0, 0)[0];
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
