import { isAbsolute, join, normalize } from 'pathe';
import { readTextFile } from '../core/fileSystem';
import type { FileSystem } from '../core/fileSystem';

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
    Object.assign(env, parseEnvText(text));
  }
  return { env, paths, problems };
}

const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=[ \t]*(.*))?$/;

/**
 * Parses `NAME=value` lines the way docker-compose env files and python-dotenv read them: `#`
 * comments, optional `export`, single quotes literal, double quotes with \n \t \" \\ escapes and
 * line breaks inside, unquoted values trimmed with a trailing ` # comment` removed. Lines it does
 * not understand are skipped; no variable expansion (a `${X}` stays as written).
 */
export function parseEnvText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i] ?? '');
    if (!m || m[2] === undefined) continue;
    const name = m[1]!;
    let rest = m[2];
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may span lines until its closing quote (bounded by the file itself).
      let body = rest.slice(1);
      let close = findClosingQuote(body, quote);
      while (close < 0 && i + 1 < lines.length) {
        body += '\n' + lines[++i];
        close = findClosingQuote(body, quote);
      }
      if (close < 0) continue; // unterminated: python-dotenv gives up on such a line too
      rest = body.slice(0, close);
      out[name] = quote === '"' ? unescapeDouble(rest) : rest;
    } else {
      const hash = rest.search(/[ \t]#/);
      out[name] = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
    }
  }
  return out;
}

function findClosingQuote(s: string, quote: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (s[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}
