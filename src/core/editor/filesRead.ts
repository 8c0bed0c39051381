import type { FileSystem } from '../fileSystem';

/** The files an analysis depends on, split by whether they exist now. */
export interface FilesReadByExistence {
  /** Files that exist: what the analysis read. */
  existing: string[];
  /** Paths the analysis looked for and did not find (module probes, optional `.env` files…). */
  missing: string[];
}

/**
 * Splits a model's `filesRead` into the files that exist and the paths that were only looked for.
 * The evaluator records every probe, because a file appearing later must invalidate the model; a
 * reader wants to see what was read. Stats run a few at a time; order is kept; a path that cannot be
 * stat'ed counts as missing (the FileSystem port never throws from stat).
 */
export async function splitFilesRead(fs: FileSystem, files: readonly string[], concurrency = 16): Promise<FilesReadByExistence> {
  const exists: boolean[] = new Array<boolean>(files.length).fill(false);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const st = await fs.stat(files[i]);
      exists[i] = st !== undefined && st.type === 'file';
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return { existing: files.filter((_, i) => exists[i]), missing: files.filter((_, i) => !exists[i]) };
}
