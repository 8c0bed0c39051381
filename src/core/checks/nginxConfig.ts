/** A token of an nginx configuration file, with its offsets. */
interface Token {
  text: string;
  /** Unquoted value for quoted strings. */
  value: string;
  from: number;
  to: number;
}

/** One directive (`alias /srv/media/;`) with its arguments. */
export interface NginxDirective {
  name: string;
  args: Token[];
}

/** A `location [modifier] path { ... }` block with the directives directly inside it. */
export interface NginxLocation {
  modifier: '' | '=' | '^~' | '~' | '~*' | '@';
  path: string;
  pathFrom: number;
  pathTo: number;
  directives: NginxDirective[];
  /** The `root` in effect from the enclosing server/http block, if any. */
  inheritedRoot: string | null;
}

function tokenize(text: string, max = 200_000): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length && out.length < max) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '{' || c === '}' || c === ';') {
      out.push({ text: c, value: c, from: i, to: i + 1 });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i++;
      let value = '';
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
      out.push({ text: text.slice(start, i), value, from: start, to: i });
      continue;
    }
    const start = i;
    while (i < text.length && !/[\s{};#]/.test(text[i]!)) {
      // "${var}" keeps its braces.
      if (text[i] === '$' && text[i + 1] === '{') {
        const close = text.indexOf('}', i);
        i = close < 0 ? text.length : close + 1;
        continue;
      }
      i++;
    }
    out.push({ text: text.slice(start, i), value: text.slice(start, i), from: start, to: i });
  }
  return out;
}

/** Every location block of an nginx configuration text (any nesting), in order. Never throws. */
export function parseNginxLocations(text: string): NginxLocation[] {
  const tokens = tokenize(text);
  const out: NginxLocation[] = [];
  interface Frame { location?: NginxLocation; root: string | null }
  const stack: Frame[] = [{ root: null }];
  let statement: Token[] = [];
  for (const t of tokens) {
    if (t.text === ';' && t.value === ';' && t.to - t.from === 1) {
      const [head, ...args] = statement;
      statement = [];
      if (!head) continue;
      const frame = stack[stack.length - 1]!;
      if (frame.location) frame.location.directives.push({ name: head.value, args });
      if (head.value === 'root' && args[0]) frame.root = args[0].value;
      continue;
    }
    if (t.text === '{' && t.to - t.from === 1) {
      const [head, ...args] = statement;
      statement = [];
      const parent = stack[stack.length - 1]!;
      const frame: Frame = { root: parent.root };
      if (head?.value === 'location' && args.length >= 1) {
        const hasModifier = args.length >= 2 && /^(=|\^~|~|~\*)$/.test(args[0]!.value);
        const p = hasModifier ? args[1]! : args[0]!;
        const modifier = (hasModifier ? args[0]!.value : p.value.startsWith('@') ? '@' : '') as NginxLocation['modifier'];
        frame.location = { modifier, path: p.value, pathFrom: p.from, pathTo: p.to, directives: [], inheritedRoot: parent.root };
        out.push(frame.location);
      }
      stack.push(frame);
      continue;
    }
    if (t.text === '}' && t.to - t.from === 1) {
      statement = [];
      if (stack.length > 1) stack.pop();
      continue;
    }
    statement.push(t);
  }
  return out;
}
