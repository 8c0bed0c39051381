import type { SyntaxNode } from '@lezer/common';
import { callArguments, calleeName, elementsOf, nodeText, stringLiteral, type PySource } from '../checks/pySource';
import { callableFolder } from './uploadFolders';

/** What an upload_to callable returns, as far as its syntax tells. */
export interface ReturnedPattern {
  /** The storage-name pattern ("avatars/{instance.pk}/{filename}"), when every return gives the same one. */
  pattern: string | null;
  /** The literal folder all returns share, null when one of them has none or is not understood. */
  folder: string | null;
}

const MAX_DEPTH = 16;
const JOINS = new Set(['os.path.join', 'posixpath.join', 'path.join', 'join']);
const NESTED_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);

/**
 * The pattern an upload_to function (a `def` or a lambda) returns: an f-string, "...".format(...),
 * "..." % (...), os.path.join(...) or "/".join([...]) of literals and names, or a concatenation;
 * names the function assigns once, and module-level string constants, are replaced by their value,
 * anything else becomes a `{placeholder}` holding its source text.
 */
export function returnedPattern(src: PySource, fn: SyntaxNode, constants: ReadonlyMap<string, string>): ReturnedPattern {
  const returns: SyntaxNode[] = [];
  const locals = new Map<string, SyntaxNode | null>();
  if (fn.name === 'LambdaExpression') {
    if (fn.lastChild) returns.push(fn.lastChild);
  } else {
    const body = fn.getChild('Body');
    if (body) collect(src, body, returns, locals);
  }
  if (returns.length === 0) return { pattern: null, folder: null };
  const patterns = returns.map((r) => patternOf(src, r, { locals, constants, depth: 0 }));
  if (patterns.some((p) => p === undefined)) return { pattern: null, folder: null };
  const distinct = [...new Set(patterns as string[])];
  if (distinct.length === 1) return { pattern: distinct[0]!, folder: callableFolder(distinct[0]!) };
  const folders = distinct.map(callableFolder);
  if (folders.some((f) => f === null)) return { pattern: null, folder: null };
  return { pattern: null, folder: commonFolder(folders as string[]) };
}

/** The longest folder ("a/b/") every one of `folders` starts with. */
function commonFolder(folders: string[]): string {
  let common = folders[0]!;
  for (const f of folders.slice(1)) {
    let i = 0;
    while (i < common.length && i < f.length && common[i] === f[i]) i++;
    common = common.slice(0, i);
  }
  return common.slice(0, common.lastIndexOf('/') + 1);
}

/** Return statements and single assignments of a function body, not descending into nested scopes. */
function collect(src: PySource, body: SyntaxNode, returns: SyntaxNode[], locals: Map<string, SyntaxNode | null>): void {
  const assign = (target: SyntaxNode, value: SyntaxNode | null): void => {
    const name = nodeText(src, target);
    locals.set(name, locals.has(name) ? null : value);
  };
  const stack: SyntaxNode[] = [body];
  let steps = 0;
  while (stack.length && steps++ < 20_000) {
    const n = stack.pop()!;
    if (n.name === 'ReturnStatement') {
      const value = n.lastChild;
      // A bare return gives None: kept as the statement itself, which is not a pattern.
      returns.push(value && value.name !== 'return' ? value : n);
      continue;
    }
    if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
      const target = n.firstChild;
      const single = n.name === 'AssignStatement' && n.getChildren('AssignOp').length === 1;
      if (target?.name === 'VariableName') assign(target, single ? n.lastChild : null);
    } else if (n.name === 'ForStatement' || n.name === 'WithStatement') {
      // Names bound by for/with targets are not simple values.
      for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName') assign(c, null);
    }
    for (let c = n.lastChild; c; c = c.prevSibling) if (!NESTED_SCOPES.has(c.name)) stack.push(c);
  }
}

interface Scope {
  locals: Map<string, SyntaxNode | null>;
  constants: ReadonlyMap<string, string>;
  depth: number;
}

/** The pattern an expression builds, undefined when it is not a string built from understood parts. */
function patternOf(src: PySource, node: SyntaxNode, scope: Scope): string | undefined {
  if (scope.depth > MAX_DEPTH) return undefined;
  const inner: Scope = { ...scope, depth: scope.depth + 1 };
  switch (node.name) {
    case 'String':
    case 'FormatString':
      return stringPattern(src, node, inner);
    case 'ContinuedString': {
      let out = '';
      for (let c = node.firstChild; c; c = c.nextSibling) {
        const p = stringPattern(src, c, inner);
        if (p === undefined) return undefined;
        out += p;
      }
      return out;
    }
    case 'ParenthesizedExpression': {
      const e = elementsOf(node);
      return e.length === 1 ? patternOf(src, e[0]!, inner) : undefined;
    }
    case 'VariableName': {
      const name = nodeText(src, node);
      if (scope.locals.has(name)) {
        const value = scope.locals.get(name);
        const p = value ? patternOf(src, value, inner) : undefined;
        return p ?? placeholder(name);
      }
      const c = scope.constants.get(name);
      return c !== undefined && !/[{}]/.test(c) ? c : placeholder(name);
    }
    case 'BinaryExpression': {
      const [left, op, right] = [node.firstChild, node.firstChild?.nextSibling, node.lastChild];
      if (!left || !op || !right) return undefined;
      const o = nodeText(src, op);
      if (o === '+') {
        const a = patternOf(src, left, inner);
        const b = patternOf(src, right, inner);
        return a === undefined || b === undefined ? undefined : a + b;
      }
      if (o === '%' && (left.name === 'String' || left.name === 'ContinuedString')) return percentFormat(src, left, right, inner);
      return undefined;
    }
    case 'CallExpression':
      return callPattern(src, node, inner);
    case 'None':
    case 'Number':
    case 'Boolean':
    case 'ArrayExpression':
    case 'DictionaryExpression':
    case 'TupleExpression':
    case 'ConditionalExpression':
    case 'ReturnStatement':
      return undefined;
    default:
      return placeholder(nodeText(src, node));
  }
}

/** `{text}` for a value the pattern cannot know; undefined when the text would read as a pattern itself. */
function placeholder(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  return /[{}]/.test(t) || t === '' ? undefined : `{${t}}`;
}

/** A plain string literal's text, or an f-string with its replacement fields as placeholders. */
function stringPattern(src: PySource, node: SyntaxNode, scope: Scope): string | undefined {
  const lit = stringLiteral(src, node);
  if (!lit) return undefined;
  if (!lit.formatted) return lit.value !== undefined && !/[{}]/.test(lit.value) ? lit.value : undefined;
  let out = '';
  let at = lit.contentFrom;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'FormatReplacement') continue;
    const literal = src.text.slice(at, c.from);
    if (/[{}\\]/.test(literal)) return undefined;
    out += literal;
    const expr = c.firstChild?.nextSibling;
    if (!expr || expr.name === '}') return undefined;
    const simple = expr.nextSibling?.name === '}';
    const p = simple && expr.name === 'VariableName' ? patternOf(src, expr, scope) : placeholder(nodeText(src, expr));
    if (p === undefined) return undefined;
    out += p;
    at = c.to;
  }
  const tail = src.text.slice(at, lit.contentTo);
  if (/[{}\\]/.test(tail)) return undefined;
  return out + tail;
}

/** "...".format(a, b), os.path.join(...), "/".join([...]); any other call is a placeholder. */
function callPattern(src: PySource, call: SyntaxNode, scope: Scope): string | undefined {
  const callee = call.firstChild;
  const args = callArguments(src, call);
  if (args.some((a) => a.star)) return placeholder(nodeText(src, call));
  if (callee?.name === 'MemberExpression') {
    const obj = callee.firstChild;
    const prop = callee.lastChild ? nodeText(src, callee.lastChild) : '';
    if (obj && (obj.name === 'String' || obj.name === 'ContinuedString')) {
      if (prop === 'format') return strFormat(src, obj, args, scope);
      if (prop === 'join' && args.length === 1 && !args[0]!.name) {
        const sep = patternOf(src, obj, scope);
        const list = args[0]!.value;
        if (sep === undefined || (list.name !== 'ArrayExpression' && list.name !== 'TupleExpression')) return undefined;
        const parts = elementsOf(list).map((e) => patternOf(src, e, scope));
        return parts.some((p) => p === undefined) ? undefined : parts.join(sep);
      }
    }
  }
  const name = calleeName(src, call);
  if (name && JOINS.has(name) && args.length > 0 && args.every((a) => !a.name)) {
    let out = '';
    for (const a of args) {
      const p = patternOf(src, a.value, scope);
      if (p === undefined) return undefined;
      // os.path.join restarts at an absolute component.
      if (p.startsWith('/')) out = p;
      else out = out === '' || out.endsWith('/') ? out + p : `${out}/${p}`;
    }
    return out;
  }
  return placeholder(nodeText(src, call));
}

/** "a/{}/{name}".format(x, name=y) with the arguments' patterns put in. */
function strFormat(src: PySource, template: SyntaxNode, args: ReturnType<typeof callArguments>, scope: Scope): string | undefined {
  const lit = stringLiteral(src, template.name === 'ContinuedString' ? template.firstChild : template);
  if (!lit || lit.formatted || template.name === 'ContinuedString') return undefined;
  const text = src.text.slice(lit.contentFrom, lit.contentTo);
  if (text.includes('\\') || /\{\{|\}\}/.test(text)) return undefined;
  const positional = args.filter((a) => !a.name);
  let auto = 0;
  let failed = false;
  const out = text.replace(/\{([^{}]*)\}|[{}]/g, (whole, field: string | undefined) => {
    if (field === undefined) {
      failed = true;
      return whole;
    }
    const m = /^(\w*)((?:\.\w+|\[[^\]]*\])*)(![rsa])?(:.*)?$/.exec(field);
    if (!m) {
      failed = true;
      return whole;
    }
    const key = m[1]!;
    const arg = key === '' ? positional[auto++] : /^\d+$/.test(key) ? positional[Number(key)] : args.find((a) => a.name === key);
    if (!arg) {
      failed = true;
      return whole;
    }
    const p = !m[2] && !m[3] && !m[4] ? patternOf(src, arg.value, scope) : placeholder(`${nodeText(src, arg.value)}${m[2]}`);
    if (p === undefined) failed = true;
    return p ?? whole;
  });
  return failed ? undefined : out;
}

/** "a/%s/%s" % (x, y) with the operands' patterns put in (only %s, %d, %i, %r and %%). */
function percentFormat(src: PySource, template: SyntaxNode, operand: SyntaxNode, scope: Scope): string | undefined {
  const lit = stringLiteral(src, template);
  if (!lit || lit.formatted || lit.value === undefined || /[{}]/.test(lit.value)) return undefined;
  const values = operand.name === 'TupleExpression' ? elementsOf(operand) : [operand];
  let i = 0;
  let failed = false;
  const out = lit.value.replace(/%(%|[-+ 0#]*\d*(?:\.\d+)?[sdir]|.?)/g, (whole, spec: string) => {
    if (spec === '%') return '%';
    if (!/[sdir]$/.test(spec)) {
      failed = true;
      return whole;
    }
    const v = values[i++];
    const p = v ? (spec === 's' ? patternOf(src, v, scope) : placeholder(nodeText(src, v))) : undefined;
    if (p === undefined) failed = true;
    return p ?? whole;
  });
  return failed || i !== values.length ? undefined : out;
}
