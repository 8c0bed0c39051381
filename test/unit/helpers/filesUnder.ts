import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The text files under `dir`, by their path with `dir` replaced by `prefix` (for a MemoryWorkspace). */
export function filesUnder(dir: string, prefix: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string, rel: string) => {
    for (const name of readdirSync(folder)) {
      const p = join(folder, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}/${name}`);
      else files[`${prefix}${rel}/${name}`] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return files;
}
