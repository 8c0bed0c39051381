/**
 * The only way the core touches files. The CLI and unit tests implement it over node:fs
 * (src/node/nodeFileSystem.ts); the extension over vscode.workspace.fs. All paths are absolute,
 * POSIX-style ("/" separators) strings.
 */
export type FileType = 'file' | 'directory' | 'other';

export interface FileStat {
  type: FileType;
  /** Size in bytes (0 for directories). */
  size: number;
  /** Modification time, milliseconds since the epoch. */
  mtime: number;
  /** True when the path itself is a symbolic link (type describes its target). */
  symlink?: boolean;
}

export interface DirEntry {
  name: string;
  type: FileType;
  symlink?: boolean;
}

export interface FileSystem {
  /** Resolves to undefined when the path does not exist or cannot be stat'ed; never throws. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Rejects when the file cannot be read. */
  readFile(path: string): Promise<Uint8Array>;
  /** Rejects when the folder cannot be read. */
  readDirectory(path: string): Promise<DirEntry[]>;
  /** Reads at most `length` bytes from the start of a file (image headers). Optional: ports that
   *  cannot read a range leave it out and callers fall back to readFile with a size cap. `size`:
   *  what a stat of the file just said, when the caller has one (it only sizes the first read: the
   *  read still goes on to the end or to `length`). */
  readFileHead?(path: string, length: number, size?: number): Promise<Uint8Array>;
  /** The path with every symbolic link resolved; undefined when it does not exist. Optional: a port
   *  that cannot resolve links leaves it out, and confinement then refuses paths through links. */
  realpath?(path: string): Promise<string | undefined>;
  /** Why the path may not be read (outside the project…), or undefined when it may. Set by a
   *  confining file system (ConfinedFileSystem) and forwarded by every wrapper over one, so that the
   *  evaluator reports a refused read as unknown rather than as a missing file. */
  denial?(path: string): Promise<string | undefined>;
}

/** Files larger than this are never parsed as Python or scanned as text. */
export const MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Reads a text file as UTF-8; undefined when missing, unreadable, too large or binary (has NUL). */
export async function readTextFile(
  fs: FileSystem,
  path: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<string | undefined> {
  const st = await fs.stat(path);
  if (!st || st.type !== 'file' || st.size > maxBytes) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch {
    return undefined;
  }
  if (bytes.length > maxBytes || bytes.includes(0)) return undefined;
  return decoder.decode(bytes);
}

/** How readTextFiles bounds its work. */
export interface ReadTextFilesOptions<T> {
  /** Characters read in total; no file is started once reached. Unbounded by default. */
  maxBytes?: number;
  /** Per-file size cap for readTextFile (a number, or one per file); MAX_TEXT_FILE_BYTES by default. */
  maxFileBytes?: number | ((file: T) => number);
  /** Reads in flight at once; 8 by default. */
  concurrency?: number;
  /** When it becomes aborted no further file is started. */
  token?: { readonly aborted: boolean };
  /** Asked before each file is started: true stops (e.g. enough results). */
  enough?: () => boolean;
}

/**
 * Reads `files` as text a few at a time (readTextFile: missing, unreadable, too large and binary
 * files are left out) and returns what `use` made of each file read, in the order of `files`,
 * whatever order the reads complete in.
 */
export async function readTextFiles<T extends { readonly path: string }, R>(
  fs: FileSystem,
  files: readonly T[],
  use: (text: string, file: T) => R,
  options: ReadTextFilesOptions<T> = {},
): Promise<R[]> {
  const { maxBytes = Infinity, maxFileBytes = MAX_TEXT_FILE_BYTES, concurrency = 16, token, enough } = options;
  const perFile: Array<{ value: R } | undefined> = new Array(files.length);
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !token?.aborted && bytes < maxBytes && !enough?.()) {
      const n = next++;
      const file = files[n]!;
      const text = await readTextFile(fs, file.path, typeof maxFileBytes === 'number' ? maxFileBytes : maxFileBytes(file));
      if (text === undefined) continue;
      bytes += text.length;
      perFile[n] = { value: use(text, file) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  const out: R[] = [];
  for (const r of perFile) if (r) out.push(r.value);
  return out;
}
