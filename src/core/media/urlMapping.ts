/**
 * MEDIA_URL <-> storage name <-> file under MEDIA_ROOT, the way Django and a browser do it.
 *
 * The direction name -> URL mirrors FileSystemStorage.url(); the direction URL -> name mirrors the
 * chain a request goes through in development: the browser normalises the URL, the server
 * percent-decodes the path, Django's static() pattern strips the prefix and serve() normalises the
 * rest. Whatever the input, a mapped name never leaves MEDIA_ROOT.
 */

/** A URL split the way the mapping needs it: a host (lower-cased, default port dropped) or none. */
export interface UrlParts {
  /** null for a path-only URL ("/media/a.png"). */
  host: string | null;
  /** The path as written (still percent-encoded), starting with "/". */
  path: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

// Python's urllib.parse.uses_relative: the schemes urljoin resolves against.
const USES_RELATIVE = new Set([
  '', 'ftp', 'http', 'gopher', 'nntp', 'imap', 'wais', 'file', 'https', 'shttp', 'mms',
  'prospero', 'rtsp', 'rtsps', 'rtspu', 'sftp', 'svn', 'svn+ssh', 'ws', 'wss',
]);

/**
 * MEDIA_URL as django.conf.settings returns it: a value not starting with "/", "http://" or
 * "https://" gets the default script prefix "/" (Django's _add_script_prefix; case-sensitive like
 * Django's startswith). Callers normally pass the effective value already; this only makes a raw
 * value safe to use.
 */
export function effectiveMediaUrl(mediaUrl: string): string {
  if (mediaUrl.startsWith('/') || mediaUrl.startsWith('http://') || mediaUrl.startsWith('https://')) return mediaUrl;
  return `/${mediaUrl}`;
}

/** Replaces lone UTF-16 surrogates (which encodeURIComponent rejects) with U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Django's filepath_to_uri: backslashes become "/", then quote(safe="/~!*()'"). Python's quote
 * always keeps letters, digits and "_.-~"; encodeURIComponent keeps exactly those plus "!*'()",
 * so only "/" has to be put back.
 */
export function filepathToUri(name: string): string {
  return encodeURIComponent(wellFormed(name.replace(/\\/g, '/'))).replace(/%2F/g, '/');
}

/** Python's urllib.parse.urljoin for a base URL and a relative path without query or fragment. */
function urljoinPath(base: string, rel: string): string {
  if (!base) return rel;
  if (!rel) return base;
  let rest = base;
  let scheme = '';
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = m[0].slice(0, -1).toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (!USES_RELATIVE.has(scheme)) return rel;
  let netloc: string | null = null;
  if (rest.startsWith('//')) {
    const end = firstOf(rest, 2, '/?#');
    netloc = rest.slice(2, end);
    rest = rest.slice(end);
  }
  const bpath = rest.slice(0, firstOf(rest, 0, '?#'));
  const baseParts = bpath.split('/');
  if (baseParts[baseParts.length - 1] !== '') baseParts.pop();
  const segments = baseParts.concat(rel.split('/'));
  // urljoin drops empty segments between the first and the last one ("a//b" -> "a/b").
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  const all = segments.length > 1 ? [segments[0]!, ...middle, segments[segments.length - 1]!] : segments;
  const resolved: string[] = [];
  for (const seg of all) {
    if (seg === '..') resolved.pop();
    else if (seg !== '.') resolved.push(seg);
  }
  const last = all[all.length - 1];
  if (last === '.' || last === '..') resolved.push('');
  let path = resolved.join('/') || '/';
  if (netloc !== null || scheme === 'http' || scheme === 'https') {
    if (!path.startsWith('/')) path = `/${path}`;
    path = `//${netloc ?? ''}${path}`;
  }
  return scheme ? `${scheme}:${path}` : path;
}

function firstOf(s: string, from: number, chars: string): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}

/**
 * FileSystemStorage.url(name): urljoin(MEDIA_URL, filepath_to_uri(name).lstrip("/")), like Django.
 * Note Django's quirk, kept on purpose: with a MEDIA_URL lacking its trailing slash ("/media") urljoin
 * replaces the last segment, so "a.png" becomes "/a.png".
 */
export function storageNameToUrl(mediaUrl: string, name: string): string {
  return urljoinPath(effectiveMediaUrl(mediaUrl), filepathToUri(name).replace(/^\/+/, ''));
}

/** Drops userinfo, lower-cases, and removes the default http/https port. */
function hostKey(authority: string): string {
  let host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (host.endsWith(':80') || host.endsWith(':443')) host = host.slice(0, host.lastIndexOf(':'));
  if (host.endsWith(':')) host = host.slice(0, -1);
  return host;
}

/**
 * Splits a URL into host and path the way a browser resolves it against an http(s) page: "\" counts
 * as "/", query and fragment are dropped, "//host/…" is protocol-relative. Only http, https,
 * protocol-relative and root-relative URLs are accepted; anything else (a relative path, mailto:,
 * data:) is undefined because it cannot be placed without the page's own URL.
 */
export function splitUrl(url: string): UrlParts | undefined {
  // Browsers strip leading/trailing C0 controls and spaces and remove tabs and newlines anywhere.
  let s = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(0, hash);
  const q = s.indexOf('?');
  if (q >= 0) s = s.slice(0, q);
  s = s.replace(/\\/g, '/');
  const m = SCHEME.exec(s);
  if (m) {
    const scheme = m[0].slice(0, -1).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return undefined;
    s = s.slice(m[0].length);
    if (!s.startsWith('/')) return undefined;
    // Special schemes ignore any number of slashes before the host ("https:///cdn/x").
    s = `//${s.replace(/^\/+/, '')}`;
  }
  if (s.startsWith('//')) {
    const slash = s.indexOf('/', 2);
    const authority = slash < 0 ? s.slice(2) : s.slice(2, slash);
    const host = hostKey(authority);
    if (!host) return undefined;
    return { host, path: slash < 0 ? '/' : s.slice(slash) };
  }
  if (s.startsWith('/')) return { host: null, path: s };
  return undefined;
}

/** The browser's dot-segment removal; "%2e" counts as "." (WHATWG URL). Input starts with "/". */
function removeDotSegments(path: string): string {
  if (!path.includes('.') && !/%2e/i.test(path)) return path;
  const segs = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const lower = seg.length <= 6 ? seg.toLowerCase() : seg;
    if (lower === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
      out.pop();
      if (last) out.push('');
    } else if (lower === '.' || lower === '%2e') {
      if (last) out.push('');
    } else {
      out.push(seg);
    }
  }
  return `/${out.join('/')}`;
}

/** decodeURIComponent, but undefined for an invalid escape ("%zz") or invalid UTF-8 ("%C3%28"). */
function percentDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Resolves a relative name: "", "." dropped, ".." pops; "\" is a separator too (it is one on
 * Windows, where the same name could otherwise climb out). undefined when it climbs above the start.
 */
export function normalizeStorageName(name: string): string | undefined {
  const out: string[] = [];
  for (const seg of name.split(/[\\/]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

/** MEDIA_URL split once, for callers that map many URLs against the same setting. */
export interface MediaUrlPrefix {
  host: string | null;
  /** The path prefix a request must start with, percent-decoded when that is possible. */
  path: string;
}

/** Parses the effective MEDIA_URL; undefined when it is not something a URL can start with. */
export function parseMediaUrl(mediaUrl: string): MediaUrlPrefix | undefined {
  const parts = splitUrl(effectiveMediaUrl(mediaUrl));
  if (!parts) return undefined;
  return { host: parts.host, path: percentDecode(parts.path) ?? parts.path };
}

/**
 * A URL -> the storage name it names under MEDIA_URL, or null.
 *
 * Steps, each mirroring the real chain: drop ?query and #fragment; "\" -> "/"; a host must equal
 * MEDIA_URL's host (case-insensitive, default ports ignored; http, https and "//host" are
 * interchangeable), and a path-only URL only matches a path-only MEDIA_URL (the page's host is
 * unknown); the browser removes "." / ".." segments (also "%2e"); the server percent-decodes
 * ("%2F" becomes "/"; an invalid escape or invalid UTF-8 -> null, where Django would look for a file
 * literally named "%zz"); the decoded path must start with MEDIA_URL's path; the rest is normalised
 * ("//" collapsed, "." dropped, ".." resolved) and anything climbing out of MEDIA_ROOT -> null.
 *
 * MEDIA_URL without a trailing slash ("/media"): Django's static() pattern is `^media(?P<path>.*)$`
 * so "/mediaart/x.png" serves "art/x.png" and "/media/x.png" serves "x.png"; this function maps
 * both the same way. (storage.url() would produce "/x.png" instead: Django is inconsistent there,
 * and the system check urls.E006 flags such a MEDIA_URL.)
 *
 * A URL naming MEDIA_URL itself (empty name), or containing NUL or a newline after decoding
 * (Django's pattern does not match across a newline), -> null. A relative URL ("a.png",
 * "../media/a.png") -> null: it depends on the page's URL.
 */
export function urlToStorageName(url: string, mediaUrl: string | MediaUrlPrefix): string | null {
  const media = typeof mediaUrl === 'string' ? parseMediaUrl(mediaUrl) : mediaUrl;
  if (!media) return null;
  const parts = splitUrl(url);
  if (!parts) return null;
  if (parts.host !== media.host) return null;
  const decoded = percentDecode(removeDotSegments(parts.path));
  if (decoded === undefined || !decoded.startsWith(media.path)) return null;
  const rest = decoded.slice(media.path.length);
  if (rest.includes('\0') || rest.includes('\n')) return null;
  const name = normalizeStorageName(rest);
  return name ? name : null;
}

/**
 * Joins a storage name under MEDIA_ROOT (an absolute POSIX path, or a Windows drive path with "/"),
 * like FileSystemStorage.path() guarded by safe_join: null when the name would leave MEDIA_ROOT,
 * when MEDIA_ROOT is not absolute (unset or unresolved), or when the name holds NUL. An empty name
 * is MEDIA_ROOT itself.
 */
export function storageNameToPath(mediaRoot: string, name: string): string | null {
  if (!mediaRoot || name.includes('\0')) return null;
  const root = mediaRoot.replace(/\\/g, '/');
  if (!root.startsWith('/') && !/^[A-Za-z]:\//.test(root)) return null;
  // A name starting with "/" is joined like a relative one: Django's safe_join would only accept an
  // absolute name that already lies under MEDIA_ROOT, which no URL produces.
  const rel = normalizeStorageName(name);
  if (rel === undefined) return null;
  const base = normalizeStorageName(root);
  if (base === undefined) return null;
  const prefix = root.startsWith('/') ? `/${base}` : base;
  if (!rel) return prefix;
  return prefix === '/' ? `/${rel}` : `${prefix}/${rel}`;
}
