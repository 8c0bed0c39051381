import { dirname, join } from 'pathe';
import type { FileSystem } from '../fileSystem';
import { readTextFile } from '../fileSystem';

/** A Django version as [major, minor, patch]. */
export type Version = readonly [number, number, number];

/** The version the checks mirror when nothing else is known: the current LTS the reference describes. */
export const DEFAULT_DJANGO_VERSION: Version = [5, 2, 0];

/** Where the version the checks mirror came from. */
export interface ResolvedVersion {
  version: Version;
  source: 'option' | 'project' | 'default';
  /** The file that pins it, for `source: "project"`. */
  file?: string;
  line?: number;
}

/** Parses "4.2", "5.0.3", "3.2.25"; undefined when it is not a version. */
export function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Compares two versions (negative, 0, positive). */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** True when `v` is at least `min` ("4.0"). */
export function atLeast(v: Version, min: string): boolean {
  return compareVersions(v, parseVersion(min)!) >= 0;
}

/** "5.2" for display. */
export function formatVersion(v: Version): string {
  return v[2] ? `${v[0]}.${v[1]}.${v[2]}` : `${v[0]}.${v[1]}`;
}

// Feature releases, newest last. Behaviour the checks mirror changes only at feature releases, so a
// requirement range is resolved to the newest feature release it allows (what pip would install).
const FEATURE_RELEASES: Version[] = [
  [1, 8, 0], [1, 9, 0], [1, 10, 0], [1, 11, 0], [2, 0, 0], [2, 1, 0], [2, 2, 0], [3, 0, 0], [3, 1, 0], [3, 2, 0],
  [4, 0, 0], [4, 1, 0], [4, 2, 0], [5, 0, 0], [5, 1, 0], [5, 2, 0], [6, 0, 0],
];

interface Clause {
  op: string;
  version: Version;
  /** "==4.2.*": a prefix match on this many components. */
  wildcardParts?: number;
}

function satisfies(v: Version, clauses: Clause[]): boolean {
  return clauses.every((c) => {
    if (c.wildcardParts !== undefined) {
      const same = v.slice(0, c.wildcardParts).every((n, i) => n === c.version[i]);
      return c.op === '!=' ? !same : same;
    }
    const cmp = compareVersions(v, c.version);
    switch (c.op) {
      case '==':
      case '===':
        return cmp === 0;
      case '!=':
        return cmp !== 0;
      case '>=':
        return cmp >= 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      case '<':
        return cmp < 0;
      default:
        return true;
    }
  });
}

/** Expands one specifier ("~=4.2", "^4.2", "~4.2", "==4.2.*") into PEP 440-style clauses. */
function clausesOf(spec: string): Clause[] | undefined {
  const out: Clause[] = [];
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (!part || part === '*') continue;
    const m = /^(===|==|~=|!=|>=|<=|>|<|\^|~|=)?\s*v?(\d+(?:\.\d+)*)(\.\*)?$/.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? '==';
    const nums = m[2]!.split('.').map(Number);
    const version = parseVersion(m[2]!)!;
    if (m[3]) {
      out.push({ op: op === '!=' ? '!=' : '==', version, wildcardParts: nums.length });
    } else if (op === '~=') {
      // ~=4.2 means >=4.2, ==4.*; ~=4.2.1 means >=4.2.1, ==4.2.*
      out.push({ op: '>=', version });
      if (nums.length >= 2) out.push({ op: '==', version, wildcardParts: nums.length - 1 });
    } else if (op === '^') {
      out.push({ op: '>=', version });
      out.push({ op: '<', version: version[0] > 0 ? [version[0] + 1, 0, 0] : [0, version[1] + 1, 0] });
    } else if (op === '~') {
      out.push({ op: '>=', version });
      out.push({ op: '<', version: nums.length >= 2 ? [version[0], version[1] + 1, 0] : [version[0] + 1, 0, 0] });
    } else if (op === '=' || op === '==' || op === '===') {
      // "==4.2" pins the feature release; the checks never look at patch levels below it.
      out.push(nums.length >= 3 ? { op: '==', version } : { op: '==', version, wildcardParts: nums.length });
    } else {
      out.push({ op, version });
    }
  }
  return out;
}

/**
 * The version a requirement specifier selects: an exact pin as written, else the newest feature
 * release the range allows. Undefined for an unconstrained or unreadable specifier.
 */
export function versionFromSpecifier(spec: string): Version | undefined {
  const clauses = clausesOf(spec.trim());
  if (!clauses || clauses.length === 0) return undefined;
  const exact = clauses.find((c) => c.op === '==' && c.wildcardParts === undefined);
  if (exact) return exact.version;
  for (let i = FEATURE_RELEASES.length - 1; i >= 0; i--) {
    const f = FEATURE_RELEASES[i]!;
    // A feature release qualifies when one of its patch releases does.
    for (const candidate of [f, [f[0], f[1], 99] as Version]) {
      if (satisfies(candidate, clauses)) return f;
    }
  }
  return undefined;
}

/** The Django requirement in one file's text, with its line; undefined when it names none. */
export function findDjangoRequirement(fileName: string, text: string): { version: Version; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  const lower = fileName.toLowerCase();
  for (let i = 0; i < lines.length && i < 5000; i++) {
    const line = lines[i]!.replace(/\s+#.*$/, '');
    let spec: string | undefined;
    if (lower.endsWith('.txt') || lower.endsWith('.in') || lower === 'setup.cfg') {
      // requirements.txt / setup.cfg install_requires: "Django>=4.2,<5.0", "django[argon2]==5.0.1"
      const m = /^\s*["']?django(?:\[[^\]]*\])?\s*((?:[<>=!~^]=?|===)\s*[\d.*]+(?:\s*,\s*(?:[<>=!~]=?|===)\s*[\d.*]+)*)\s*(?:;.*)?["']?,?\s*$/i.exec(line);
      spec = m?.[1];
    } else if (lower === 'pyproject.toml') {
      // PEP 621: "Django>=4.2,<5.0" inside a list; Poetry: django = "^4.2" or {version = "~4.2"}
      const pep = /["']django(?:\[[^\]]*\])?\s*((?:[<>=!~]=?|===)\s*[\d.*]+(?:\s*,\s*(?:[<>=!~]=?|===)\s*[\d.*]+)*)\s*(?:;[^"']*)?["']/i.exec(line);
      const poetry = /^\s*django\s*=\s*(?:\{[^}]*version\s*=\s*)?["']([^"']+)["']/i.exec(line);
      spec = pep?.[1] ?? poetry?.[1];
    } else if (lower === 'pipfile') {
      const m = /^\s*["']?django["']?\s*=\s*(?:\{[^}]*version\s*=\s*)?["']([^"']+)["']/i.exec(line);
      spec = m?.[1];
    }
    if (spec === undefined) continue;
    const version = versionFromSpecifier(spec);
    if (version) return { version, line: i + 1 };
  }
  return undefined;
}

const REQUIREMENT_FILE = /^(requirements.*\.(txt|in)|pyproject\.toml|pipfile|setup\.cfg)$/i;

/**
 * The Django version to mirror: the explicit option, else the version the project pins in
 * requirements*.txt (also requirements/ folders), pyproject.toml, Pipfile or setup.cfg in the
 * project folder or up to `maxUp` folders above it, else Django 5.2.
 */
export async function resolveDjangoVersion(
  fs: FileSystem,
  projectRoot: string,
  option?: string,
  maxUp = 3,
): Promise<ResolvedVersion> {
  if (option) {
    const v = parseVersion(option);
    if (v) return { version: v, source: 'option' };
  }
  let dir = projectRoot;
  for (let up = 0; up <= maxUp; up++) {
    const found = await findInFolder(fs, dir, true);
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { version: DEFAULT_DJANGO_VERSION, source: 'default' };
}

async function findInFolder(fs: FileSystem, dir: string, descend: boolean): Promise<ResolvedVersion | undefined> {
  let entries;
  try {
    entries = await fs.readDirectory(dir);
  } catch {
    return undefined;
  }
  const names = entries.filter((e) => e.type === 'file' && REQUIREMENT_FILE.test(e.name)).map((e) => e.name).sort(preferProduction);
  for (const name of names) {
    const path = join(dir, name);
    const text = await readTextFile(fs, path, 512 * 1024);
    if (text === undefined) continue;
    const req = findDjangoRequirement(name, text);
    if (req) return { version: req.version, source: 'project', file: path, line: req.line };
  }
  if (descend) {
    const sub = entries.find((e) => e.type === 'directory' && /^requirements$/i.test(e.name));
    if (sub) {
      const subDir = join(dir, sub.name);
      let subEntries;
      try {
        subEntries = await fs.readDirectory(subDir);
      } catch {
        return undefined;
      }
      const files = subEntries.filter((e) => e.type === 'file' && /\.(txt|in)$/i.test(e.name)).map((e) => e.name).sort(preferProduction);
      for (const name of files) {
        const path = join(subDir, name);
        const text = await readTextFile(fs, path, 512 * 1024);
        if (text === undefined) continue;
        const req = findDjangoRequirement('requirements.txt', text);
        if (req) return { version: req.version, source: 'project', file: path, line: req.line };
      }
    }
  }
  return undefined;
}

// The base/production requirement files name the version that runs; dev files often only
// include them. Deterministic order either way.
function preferProduction(a: string, b: string): number {
  const rank = (n: string) => (/^requirements\.txt$/i.test(n) ? 0 : /base|prod|common|main/i.test(n) ? 1 : /pyproject|pipfile|setup/i.test(n) ? 2 : 3);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
