import { isAbsolute, join, normalize } from 'pathe';
import { readTextFile } from '../fileSystem';
import type { FileSystem } from '../fileSystem';
import { expandDotenvValue, parseDotenv } from '../python/envFiles';

/** .env files larger than this are not environment files; they are skipped. */
const MAX_ENV_FILE_BYTES = 256 * 1024;

/** What `djangoMedia.envFiles` contributed to a project's environment. */
export interface EnvFilesRead {
  env: Record<string, string>;
  /** Absolute paths of every listed file, read or not (creating a missing one must re-analyse). */
  paths: string[];
  /** Files that could not be read, in words, for the log. */
  problems: string[];
}

/** Reads the configured env files of a project in order; a later file overrides an earlier one. */
export async function readEnvFiles(fs: FileSystem, projectRoot: string, files: readonly string[]): Promise<EnvFilesRead> {
  const env: Record<string, string> = {};
  const paths: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const path = normalize(isAbsolute(file) ? file : join(projectRoot, file));
    paths.push(path);
    const text = await readTextFile(fs, path, MAX_ENV_FILE_BYTES);
    if (text === undefined) {
      problems.push(`env file ${path} is missing, unreadable or not a text file; ignored`);
      continue;
    }
    Object.assign(env, parseEnvText(text, env));
  }
  return { env, paths, problems };
}

/**
 * The variables of one env file, read by python-dotenv's rules (the core's parser): `#` comments,
 * `export`, quotes and escapes; `${NAME}` expands from `known` (earlier files) and earlier lines.
 * A bare `NAME` line sets nothing, as with load_dotenv.
 */
export function parseEnvText(text: string, known: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of parseDotenv(text)) {
    if (b.value === null) continue;
    out[b.key] = expandDotenvValue(b.value, (name) => out[name] ?? known[name]);
  }
  return out;
}
