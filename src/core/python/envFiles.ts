/**
 * The file formats settings code loads, each parsed by the rules of the library that reads it
 * (they differ: python-dotenv strips inline comments, django-environ keeps them, decouple only
 * strips matching quotes). Where library versions disagree, the value is reported as
 * version-dependent instead of guessed.
 */
/** One python-dotenv binding: `value` null for a bare `KEY` line. */
export interface DotenvBinding {
  key: string;
  value: string | null;
  /** The value differs between python-dotenv releases. */
  versionDependent: boolean;
}

const DOUBLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Parses a .env file the way python-dotenv's parser does. */
export function parseDotenv(input: string): DotenvBinding[] {
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  const out: DotenvBinding[] = [];
  const read = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return null;
    pos = re.lastIndex;
    return m;
  };
  while (pos < s.length) {
    const mark = pos;
    read(/\s*/y);
    if (pos >= s.length) break;
    try {
      read(/(?:export[^\S\r\n]+)?/y);
      let key: string | null;
      if (s[pos] === '#') key = null;
      else if (s[pos] === "'") {
        const m = read(/'([^']+)'/y);
        if (!m) throw new Error('key');
        key = m[1];
      } else {
        const m = read(/([^=#\s]+)/y);
        if (!m) throw new Error('key');
        key = m[1];
      }
      read(/[^\S\r\n]*/y);
      let value: string | null = null;
      let versionDependent = false;
      if (s[pos] === '=') {
        const eq = read(/(=[^\S\r\n]*)/y) as RegExpExecArray;
        const spaced = eq[1].length > 1;
        const c = s[pos];
        if (c === "'") {
          const m = read(/'((?:\\'|[^'])*)'/y);
          if (!m) throw new Error('value');
          value = m[1].replace(/\\[\\']/g, (x) => x[1]);
        } else if (c === '"') {
          const m = read(/"((?:\\"|[^"])*)"/y);
          if (!m) throw new Error('value');
          value = m[1].replace(/\\[\\'"abfnrtv]/g, (x) => DOUBLE_ESCAPES[x[1]]);
        } else if (c === undefined || c === '\n' || c === '\r') {
          value = '';
        } else {
          const m = read(/([^\r\n]*)/y) as RegExpExecArray;
          const part = m[1];
          // `KEY=  # comment` is "" in recent python-dotenv and "# comment" in older releases.
          if (spaced && part.startsWith('#')) versionDependent = true;
          value = part.replace(/\s+#.*/, '').replace(/\s+$/, '');
        }
      }
      read(/(?:[^\S\r\n]*#[^\r\n]*)?/y);
      if (!read(/[^\S\r\n]*(?:\r\n|\n|\r|$)/y)) throw new Error('eol');
      if (key !== null) out.push({ key, value, versionDependent });
    } catch {
      // Like python-dotenv: skip the rest of the line where parsing failed.
      read(/[^\r\n]*(?:\r\n|\r|\n)?/y);
      if (pos === mark) pos++;
    }
  }
  return out;
}

/** python-dotenv's `${NAME}` / `${NAME:-default}` expansion of one value. */
export function expandDotenvValue(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/\$\{([^}:]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt: string | undefined) => {
    const v = lookup(name);
    return v ?? dflt ?? '';
  });
}

/** One django-environ read_env() entry. */
export interface EnvironEntry {
  key: string;
  value: string;
  /** Why the value differs between django-environ releases, if it does. */
  versionDependent: string | null;
}

/** Parses a .env file the way django-environ's Env.read_env does (inline comments are kept). */
export function parseEnvironFile(content: string, parseComments: boolean): EnvironEntry[] {
  const out: EnvironEntry[] = [];
  for (const line of pySplitlines(content)) {
    const m1 = /^(export )?([A-Za-z_0-9]+)=(.*)$/s.exec(line);
    if (!m1) continue;
    const key = m1[2];
    let val = m1[3];
    // `export KEY=…` is read by recent releases only.
    let versionDependent: string | null = m1[1] ? '"export" lines are read only by recent releases' : null;
    if (!parseComments) {
      const m2 = /^'(.*)'$/s.exec(val);
      if (m2) val = m2[1];
    } else {
      const m2 = /^\s*'(.*)'\s*(#.*\s*)?$/s.exec(val);
      if (m2) val = m2[1];
      else {
        const m2a = /^(.*?)(#.*\s*)?$/s.exec(val);
        if (m2a) val = m2a[1];
      }
    }
    const m3 = /^"(.*)"$/s.exec(val);
    if (m3) {
      // Newer releases keep "\n", "\r", "\t" as backslash sequences; older ones drop the backslash.
      if (/\\[rnt]/.test(m3[1])) versionDependent = 'releases differ in how they unescape \\n, \\r and \\t';
      val = m3[1].replace(/\\(.)/gs, (_x, c: string) => ('rnt'.includes(c) ? '\\' + c : c));
    }
    out.push({ key, value: val, versionDependent });
  }
  return out;
}

/** Python's str.splitlines(). */
function pySplitlines(s: string): string[] {
  const parts = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** One python-decouple .env entry. */
export interface DecoupleEntry {
  key: string;
  value: string;
  versionDependent: boolean;
}

/** Parses a .env file the way python-decouple's RepositoryEnv does. */
export function parseDecoupleEnv(content: string): Map<string, DecoupleEntry> {
  const out = new Map<string, DecoupleEntry>();
  for (const raw of content.split(/(?<=\n)/)) {
    const line = pyStrip(raw);
    if (!line || line.startsWith('#') || !line.includes('=')) continue;
    const i = line.indexOf('=');
    const key = pyStrip(line.slice(0, i));
    let v = pyStrip(line.slice(i + 1));
    let versionDependent = false;
    if (v.length >= 2 && ((v[0] === "'" && v[v.length - 1] === "'") || (v[0] === '"' && v[v.length - 1] === '"'))) v = v.slice(1, -1);
    // Releases before 3.5 stripped every surrounding quote character.
    if (/^['"]|['"]$/.test(v)) versionDependent = true;
    out.set(key, { key, value: v, versionDependent });
  }
  return out;
}

function pyStrip(s: string): string {
  return s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '');
}

/** A parsed INI file (configparser): section -> option (lower-cased) -> raw value. */
export interface IniFile {
  sections: Map<string, Map<string, string>>;
  defaults: Map<string, string>;
  error: string | null;
}

/** Parses an INI file with configparser.ConfigParser's default rules. */
export function parseIni(content: string): IniFile {
  const sections = new Map<string, Map<string, string>>();
  const defaults = new Map<string, string>();
  let cur: Map<string, string> | null = null;
  let curName = '';
  let lastKey: string | null = null;
  let lastIndent = 0;
  const pendingBlank: string[] = [];
  const lines = pySplitlines(content);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const stripped = pyStrip(line);
    const indent = line.length - line.replace(/^[ \t]+/, '').length;
    if (!stripped) {
      if (lastKey !== null) pendingBlank.push('');
      continue;
    }
    if (stripped.startsWith('#') || stripped.startsWith(';')) continue;
    if (cur && lastKey !== null && indent > lastIndent) {
      // Continuation line of a multi-line value.
      const prev = cur.get(lastKey) ?? '';
      cur.set(lastKey, prev + '\n' + [...pendingBlank, stripped].join('\n'));
      pendingBlank.length = 0;
      continue;
    }
    pendingBlank.length = 0;
    const sect = /^\[(.+)\]$/.exec(stripped);
    if (sect) {
      curName = sect[1];
      if (curName === 'DEFAULT') cur = defaults;
      else {
        if (sections.has(curName)) return { sections, defaults, error: `section ${curName} appears twice` };
        cur = new Map();
        sections.set(curName, cur);
      }
      lastKey = null;
      continue;
    }
    if (!cur) return { sections, defaults, error: `line ${n + 1} is outside any section` };
    const m = /^(.*?)\s*[=:]\s*(.*)$/s.exec(stripped);
    if (!m || !m[1]) return { sections, defaults, error: `line ${n + 1} is not "key = value"` };
    const key = m[1].toLowerCase();
    if (cur.has(key) && cur !== defaults) return { sections, defaults, error: `option ${key} appears twice in [${curName}]` };
    cur.set(key, m[2]);
    lastKey = key;
    lastIndent = indent;
  }
  return { sections, defaults, error: null };
}

/** configparser's BasicInterpolation of an option; a string error when Python would raise. */
export function iniGet(ini: IniFile, section: string, option: string): { value: string } | { error: string } | null {
  const sec = section === 'DEFAULT' ? ini.defaults : ini.sections.get(section);
  if (!sec) return null;
  const key = option.toLowerCase();
  const raw = sec.get(key) ?? ini.defaults.get(key);
  if (raw === undefined) return null;
  const expand = (v: string, depth: number): string | { error: string } => {
    if (depth > 10) return { error: 'interpolation too deep' };
    let out = '';
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c !== '%') {
        out += c;
        continue;
      }
      if (v[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const m = /^%\(([^)]+)\)s/.exec(v.slice(i));
      if (!m) return { error: "'%' must be followed by '%' or '('" };
      const ref = sec.get(m[1].toLowerCase()) ?? ini.defaults.get(m[1].toLowerCase());
      if (ref === undefined) return { error: `bad interpolation reference %(${m[1]})s` };
      const r = expand(ref, depth + 1);
      if (typeof r !== 'string') return r;
      out += r;
      i += m[0].length - 1;
    }
    return out;
  };
  const r = expand(raw, 0);
  return typeof r === 'string' ? { value: r } : r;
}
