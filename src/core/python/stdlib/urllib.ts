/**
 * urllib.parse: urlsplit/urlparse (results are named tuples with hostname, port, username and
 * password), quote and unquote, following CPython 3.9+ (a scheme is any leading run of scheme
 * characters before ":"). urljoin and the query helpers are not evaluated.
 */
import { bindArgs, needStr } from '../builtins/args';
import { NONE, pyInt, strValue, unknown, type CallContext, type NamedTupleInfo, type PyModule, type PyTuple, type PyValue } from '../values';
import { namedTuple } from './namedtuple';
import { fn, mod, unknownFn } from './shared';

const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;

function splitNetloc(url: string, start: number): [string, string] {
  let delim = url.length;
  for (const c of '/?#') {
    const w = url.indexOf(c, start);
    if (w >= 0) delim = Math.min(delim, w);
  }
  return [url.slice(start, delim), url.slice(delim)];
}

function netlocParts(t: PyTuple, name: string, ctx: CallContext): PyValue | undefined {
  const netloc = (t.items[1] as { value: string }).value;
  const userinfo = netloc.includes('@') ? netloc.slice(0, netloc.lastIndexOf('@')) : null;
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  switch (name) {
    case 'username':
    case 'password': {
      if (userinfo === null) return NONE;
      const i = userinfo.indexOf(':');
      if (name === 'username') return strValue(i >= 0 ? userinfo.slice(0, i) : userinfo);
      return i >= 0 ? strValue(userinfo.slice(i + 1)) : NONE;
    }
    case 'hostname': {
      let host: string;
      if (hostinfo.startsWith('[')) {
        const end = hostinfo.indexOf(']');
        host = end >= 0 ? hostinfo.slice(1, end) : hostinfo.slice(1);
        const pct = host.indexOf('%');
        return host ? strValue(pct >= 0 ? host.slice(0, pct).toLowerCase() + host.slice(pct) : host.toLowerCase()) : NONE;
      }
      host = hostinfo.split(':')[0];
      return host ? strValue(host.toLowerCase()) : NONE;
    }
    case 'port': {
      const after = hostinfo.startsWith('[') ? hostinfo.slice(hostinfo.indexOf(']') + 1) : hostinfo;
      const i = after.indexOf(':');
      if (i < 0) return NONE;
      const p = after.slice(i + 1);
      if (p === '') return NONE;
      if (!/^[0-9]+$/.test(p) || Number(p) > 65535) return ctx.rt.raise('ValueError', `Port could not be cast to integer value as '${p}'`);
      return pyInt(Number(p));
    }
    case 'geturl':
      return undefined;
  }
  return undefined;
}

const SPLIT_INFO: NamedTupleInfo = { typeName: 'SplitResult', fields: ['scheme', 'netloc', 'path', 'query', 'fragment'], attr: netlocParts };
const PARSE_INFO: NamedTupleInfo = { typeName: 'ParseResult', fields: ['scheme', 'netloc', 'path', 'params', 'query', 'fragment'], attr: netlocParts };

/** urlsplit as CPython 3.9+ does it (leading C0 controls and spaces stripped, tab/CR/LF removed). */
function urlsplit(ctx: CallContext, input: string, defaultScheme: string, allowFragments: boolean): [string, string, string, string, string] {
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = defaultScheme.replace(/^[\x00-\x20]+/, '');
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    [netloc, url] = splitNetloc(url, 2);
    if ((netloc.includes('[') && !netloc.includes(']')) || (netloc.includes(']') && !netloc.includes('['))) ctx.rt.raise('ValueError', 'Invalid IPv6 URL');
  }
  if (allowFragments && url.includes('#')) [url, fragment] = [url.slice(0, url.indexOf('#')), url.slice(url.indexOf('#') + 1)];
  if (url.includes('?')) [url, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  return [scheme, netloc, url, query, fragment];
}

function splitParams(url: string): [string, string] {
  const i = url.includes('/') ? url.indexOf(';', url.lastIndexOf('/')) : url.indexOf(';');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function urlArgs(ctx: CallContext, name: string, args: PyValue[], kwargs: Map<string, PyValue> | null): { url: string; scheme: string; frags: boolean } | PyValue {
  const [u, s, f] = bindArgs(ctx, name, args, kwargs, ['url', 'scheme', 'allow_fragments'], 1);
  for (const v of [u, s, f]) if (v?.kind === 'unknown') return v;
  if (u?.kind !== 'str') return unknown(`${name}() of something that is not a str`, ctx.range);
  return { url: u.value, scheme: s ? needStr(ctx, s, 'scheme') : '', frags: !f || !(f.kind === 'bool' && !f.value) };
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

function quote(s: string, safe: string): string {
  let out = '';
  for (const ch of s) {
    if (ALWAYS_SAFE.test(ch) || (safe.includes(ch) && ch.charCodeAt(0) < 128)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function unquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return new TextDecoder('utf-8').decode(bytes);
  });
}

/** urllib.parse. */
export function urllibParseModule(): PyModule {
  return mod('urllib.parse', {
    urlsplit: fn('urlsplit', (ctx, args, kwargs) => {
      const a = urlArgs(ctx, 'urlsplit', args, kwargs);
      if ('kind' in a) return a;
      return namedTuple(urlsplit(ctx, a.url, a.scheme, a.frags).map(strValue), SPLIT_INFO);
    }),
    urlparse: fn('urlparse', (ctx, args, kwargs) => {
      const a = urlArgs(ctx, 'urlparse', args, kwargs);
      if ('kind' in a) return a;
      const [scheme, netloc, url, query, fragment] = urlsplit(ctx, a.url, a.scheme, a.frags);
      const [path, params] = USES_PARAMS.has(scheme) && url.includes(';') ? splitParams(url) : [url, ''];
      return namedTuple([scheme, netloc, path, params, query, fragment].map(strValue), PARSE_INFO);
    }),
    quote: fn('quote', (ctx, args, kwargs) => {
      const [s, safe, enc, errors] = bindArgs(ctx, 'quote', args, kwargs, ['string', 'safe', 'encoding', 'errors'], 1);
      for (const v of [s, safe]) if (v?.kind === 'unknown') return v;
      if (enc || errors) return unknown('quote() with an encoding is not evaluated', ctx.range);
      return strValue(quote(needStr(ctx, s, 'quote() argument'), safe ? needStr(ctx, safe, 'safe') : '/'));
    }),
    unquote: fn('unquote', (ctx, args, kwargs) => {
      const [s, enc, errors] = bindArgs(ctx, 'unquote', args, kwargs, ['string', 'encoding', 'errors'], 1);
      if (s?.kind === 'unknown') return s;
      if (enc || errors) return unknown('unquote() with an encoding is not evaluated', ctx.range);
      return strValue(unquote(needStr(ctx, s, 'unquote() argument')));
    }),
  }, (n) => unknownFn(n, `urllib.parse.${n}() is not evaluated`));
}
