import { Minimatch } from 'minimatch';

/** What `djangoMedia.mediaTree.exclude` hides by default: operating-system litter and placeholders. */
export const DEFAULT_MEDIA_EXCLUDE: readonly string[] = [
  '**/.DS_Store',
  '**/._*',
  '**/Thumbs.db',
  '**/ehthumbs.db',
  '**/desktop.ini',
  '**/.gitkeep',
  '**/.keep',
  '**/.gitignore',
  '**/.directory',
];

/** Glob patterns compiled once, tested against storage names ("photos/2024/a.png"). */
export interface MediaExclude {
  /** True when the entry at `storageName` is hidden; `isDirectory` lets "cache/**" hide the folder itself. */
  matches(storageName: string, isDirectory: boolean): boolean;
  /** Patterns that could not be compiled, as given (ignored). */
  readonly invalid: readonly string[];
  /** The same for the entry `name` of the folder `parent` (a storage name, "" for MEDIA_ROOT); cheaper
   *  in a loop over a large folder, because the full name is only built when a pattern needs it. */
  matchesEntry(parent: string, name: string, isDirectory: boolean): boolean;
  /** True when no pattern is active: callers can skip the test. */
  readonly empty: boolean;
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * Compiles minimatch patterns (dotfiles included). A pattern without "/" matches an entry's name at
 * any depth ("*.tmp"); one with "/" matches the whole storage name ("cache/**", "**\/.DS_Store").
 * "**\/NAME" with a literal NAME is answered by a set lookup: a folder of 100,000 files is filtered
 * in milliseconds. Invalid or empty patterns are reported in `invalid` and ignored; never throws.
 */
export function compileMediaExclude(patterns: readonly unknown[]): MediaExclude {
  const literalNames = new Set<string>();
  const baseRes: RegExp[] = [];
  const pathRes: RegExp[] = [];
  const invalid: string[] = [];
  for (const raw of patterns) {
    if (typeof raw !== 'string' || raw.trim() === '') {
      invalid.push(String(raw));
      continue;
    }
    let pattern = raw.trim().replace(/^\.\//, '').replace(/^\/+/, '');
    // "**/NAME" is "NAME at any depth": the same as a pattern without a slash, tested on the name only.
    const anyDepth = /^\*\*\/([^/]+)$/.exec(pattern);
    if (anyDepth) {
      if (!GLOB_CHARS.test(anyDepth[1]!)) {
        literalNames.add(anyDepth[1]!);
        continue;
      }
      pattern = anyDepth[1]!;
    }
    let re: RegExp | false;
    try {
      re = new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true }).makeRe();
    } catch {
      re = false;
    }
    if (!re) {
      invalid.push(raw);
      continue;
    }
    (pattern.includes('/') ? pathRes : baseRes).push(re);
  }
  const empty = literalNames.size === 0 && baseRes.length === 0 && pathRes.length === 0;
  const byName = (name: string): boolean => {
    if (literalNames.has(name)) return true;
    for (const re of baseRes) if (re.test(name)) return true;
    return false;
  };
  const byPath = (storageName: string, isDirectory: boolean): boolean => {
    for (const re of pathRes) {
      if (re.test(storageName) || (isDirectory && re.test(`${storageName}/`))) return true;
    }
    return false;
  };
  return {
    invalid,
    empty,
    matches(storageName: string, isDirectory: boolean): boolean {
      if (empty) return false;
      const slash = storageName.lastIndexOf('/');
      return byName(slash < 0 ? storageName : storageName.slice(slash + 1)) || byPath(storageName, isDirectory);
    },
    matchesEntry(parent: string, name: string, isDirectory: boolean): boolean {
      if (empty) return false;
      if (byName(name)) return true;
      return pathRes.length > 0 && byPath(parent ? `${parent}/${name}` : name, isDirectory);
    },
  };
}
