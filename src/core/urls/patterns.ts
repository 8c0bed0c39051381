/**
 * Django URL pattern syntax: path() routes to regexes (django.urls.resolvers._route_to_regex),
 * Python regexes to JS RegExp, literal prefixes of patterns, re.escape and urlsplit().netloc.
 */

/** Regexes of Django's builtin path converters. */
const CONVERTERS: Record<string, string> = {
  str: '[^/]+',
  int: '[0-9]+',
  slug: '[-a-zA-Z0-9_]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  path: '.+',
};

/** Python's re.escape (3.7+): escapes only regex-special characters and whitespace. */
export function pyReEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c);
}

/** A route converted to a Python regex, or the error Django raises (ImproperlyConfigured). */
export function routeToRegex(route: string, isEndpoint: boolean, extraConverters: Set<string>): { regex: string } | { error: string } | { unknown: string } {
  let rest = route;
  let out = '^';
  const re = /<(?:([^>:]+):)?([^>]+)>/;
  for (;;) {
    const m = re.exec(rest);
    if (!m) {
      out += pyReEscape(rest);
      break;
    }
    if (/\s/.test(m[0])) return { error: `URL route '${route}' cannot contain whitespace in angle brackets <…>.` };
    out += pyReEscape(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    const param = m[2];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(param)) return { error: `URL route '${route}' uses parameter name '${param}' which isn't a valid Python identifier.` };
    const conv = m[1] ?? 'str';
    const rx = CONVERTERS[conv];
    if (!rx) {
      if (extraConverters.has(conv)) return { unknown: `the route ${JSON.stringify(route)} uses the custom converter "${conv}", which is not evaluated` };
      return { error: `URL route '${route}' uses invalid converter '${conv}'.` };
    }
    out += `(?P<${param}>${rx})`;
  }
  if (isEndpoint) out += '\\Z';
  return { regex: out };
}

/** Converts a Python regex to a JS RegExp; null when it uses syntax JS cannot express. */
export function pyRegexToJs(py: string): RegExp | null {
  let flags = '';
  let src = py;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (lead) {
    if (/[Lx]/.test(lead[1])) return null;
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('s')) flags += 's';
    if (lead[1].includes('m')) flags += 'm';
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) return null;
      if (!inClass && d === 'Z') out += '$(?![\\s\\S])';
      else if (!inClass && d === 'A') out += '^';
      else out += c + d;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i);
      const named = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      const backref = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length - 1;
        continue;
      }
      // (?: (?= (?! (?<= (?<! are the same in JS; comments, conditionals and inline flags are not.
      if (/^\(\?(:|=|!|<=|<!)/.test(rest)) {
        out += c;
        continue;
      }
      return null;
    }
    if (c === '$') {
      // Python's $ also matches before a final newline.
      out += '(?=\\n?$(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch {
    return null;
  }
}

/** The literal text a Python regex starts with (after ^), and whether the pattern is exactly that
 *  literal (`exact`) or that literal followed by a capture of the rest (`rest`: "(?P<path>.*)$"). */
export function literalPrefix(py: string): { text: string; exact: boolean; rest: boolean } {
  let i = 0;
  if (py.startsWith('^')) i = 1;
  else if (py.startsWith('\\A')) i = 2;
  let text = '';
  let lastLen = 0;
  while (i < py.length) {
    const c = py[i];
    if (c === '\\') {
      const d = py[i + 1];
      if (d === undefined || /[A-Za-z0-9]/.test(d)) break;
      lastLen = text.length;
      text += d;
      i += 2;
      continue;
    }
    if ('.^$*+?{}[]|()'.includes(c)) {
      if ('*?{'.includes(c)) text = text.slice(0, lastLen);
      else if (c === '+') {
        // "a+" still starts with one "a".
      }
      break;
    }
    lastLen = text.length;
    text += c;
    i++;
  }
  const remainder = py.slice(i);
  const exact = remainder === '' || remainder === '$' || remainder === '\\Z';
  const rest = /^\(\?P<[A-Za-z_][A-Za-z0-9_]*>\.[*+]\)(\$|\\Z)?$/.test(remainder);
  return { text, exact, rest };
}

/** urlsplit(url).netloc is non-empty: "https://cdn…/x" or "//cdn…/x". */
export function hasNetloc(url: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(url);
  const rest = m ? m[2] : url;
  if (!rest.startsWith('//')) return false;
  const netloc = rest.slice(2).split(/[/?#]/)[0];
  return netloc.length > 0;
}

/** urlsplit(url).path */
export function urlPath(url: string): string {
  let rest = url;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(rest);
  if (m) rest = m[2];
  if (rest.startsWith('//')) {
    const i = rest.slice(2).search(/[/?#]/);
    rest = i < 0 ? '' : rest.slice(2 + i);
  }
  const q = rest.search(/[?#]/);
  return q < 0 ? rest : rest.slice(0, q);
}
