import { MAX_TEXT_FILE_BYTES, type FileSystem } from '../fileSystem';
import { compareNames } from '../mediaIndex/compareNames';
import type { MediaExclude } from '../mediaIndex/exclude';
import { mediaPath } from '../mediaIndex/listMediaFolder';
import { confineToMediaRoot } from '../mediaIndex/mediaRootGuard';
import { walkMediaFiles } from '../mediaIndex/walkMediaFiles';
import { formatBytes } from '../media/formatBytes';
import { escapeMarkdown, inlineCode } from './markdown';
import { moduleStringConstants } from '../checks/modelFields';
import { nodeText, parsePySource, stringLiteral } from '../checks/pySource';
import { returnedPattern, type ReturnedPattern } from '../uploads/returnedPattern';

/** An `upload_to=` argument on a line of Python, under the cursor. */
export interface UploadToMention {
  /** 1-based columns of the argument (keyword and value), end exclusive. */
  column: number;
  endColumn: number;
  /** The string value (a plain or raw literal, no f-string), or null. */
  value: string | null;
  /** The name of a callable value (`upload_to=avatar_path`, `upload_to=utils.path_for`), or null. */
  callable: string | null;
}

const UPLOAD_TO = /\bupload_to\s*=\s*(?:([rRuU]?)(['"])((?:(?!\2)[^\\\n]|\\.)*)\2|([A-Za-z_][\w.]*))?/g;

/** The `upload_to=` argument at `column` (1-based) of `line`, if the cursor is on it. */
export function uploadToAt(line: string, column: number): UploadToMention | undefined {
  UPLOAD_TO.lastIndex = 0;
  for (let m = UPLOAD_TO.exec(line); m; m = UPLOAD_TO.exec(line)) {
    const start = m.index + 1;
    const end = start + m[0].length;
    if (column < start || column > end) continue;
    // A string with escapes other than "\\" and "\/" is not worth guessing at.
    const raw = m[3];
    const value = raw === undefined ? null : m[1]?.toLowerCase() === 'r' ? raw : raw.includes('\\') ? null : raw;
    return { column: start, endColumn: end, value, callable: m[4] ?? null };
  }
  return undefined;
}

/**
 * What an upload_to function defined at the top of the same module returns (`def avatar_path(instance,
 * filename): return f"avatars/{instance.pk}/{filename}"`), as the models catalogue reads it; undefined
 * when `name` is not a function of this module (an import: the Models view has it after a scan).
 */
export function sameModuleUploadTo(file: string, text: string, name: string): ReturnedPattern | undefined {
  if (!/^[A-Za-z_]\w*$/.test(name) || text.length > MAX_TEXT_FILE_BYTES) return undefined;
  const src = parsePySource(file, text);
  for (let st = src.tree.topNode.firstChild; st; st = st.nextSibling) {
    const fn = st.name === 'DecoratedStatement' ? st.getChild('FunctionDefinition') : st;
    if (fn?.name !== 'FunctionDefinition') continue;
    const id = fn.getChild('VariableName');
    if (!id || nodeText(src, id) !== name) continue;
    const constants = new Map<string, string>();
    for (const [k, node] of moduleStringConstants(src)) {
      const lit = stringLiteral(src, node);
      if (lit?.value !== undefined) constants.set(k, lit.value);
    }
    return returnedPattern(src, fn, constants);
  }
  return undefined;
}

/** What an upload folder holds now. */
export type UploadFolderContent =
  | {
      kind: 'listed';
      files: number;
      /** Total size of the first `sized` files. */
      bytes: number;
      sized: number;
      /** The first few names, sorted (relative to the folder). */
      names: string[];
      /** Why the count is incomplete. */
      truncated?: string;
    }
  | { kind: 'missing' }
  | { kind: 'unknown'; reason: string };

/** Bounds of uploadFolderContent: a hover must answer in a blink. */
export interface UploadFolderLimits {
  maxEntries: number;
  maxSized: number;
  names: number;
}

const DEFAULT_LIMITS: UploadFolderLimits = { maxEntries: 20_000, maxSized: 500, names: 5 };

/** Reads what `folder` (a storage name, "" for MEDIA_ROOT) holds, through the MEDIA_ROOT guard, bounded. */
export async function uploadFolderContent(
  fs: FileSystem,
  mediaRoot: string,
  folder: string,
  options: { exclude?: MediaExclude; limits?: Partial<UploadFolderLimits>; token?: { readonly aborted: boolean } } = {},
): Promise<UploadFolderContent> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const media = confineToMediaRoot(fs, mediaRoot);
  const name = folder.replace(/\/+$/, '');
  const path = mediaPath(mediaRoot, name);
  const st = await media.stat(path);
  if (!st) return (await media.denial(path)) ? { kind: 'unknown', reason: 'it lies outside MEDIA_ROOT' } : { kind: 'missing' };
  if (st.type !== 'directory') return { kind: 'unknown', reason: 'it is not a folder' };
  const found: string[] = [];
  const walk = await walkMediaFiles(media, path, {
    ...(options.exclude ? { exclude: options.exclude } : {}),
    limits: { maxEntries: limits.maxEntries },
    ...(options.token ? { token: options.token } : {}),
    onFiles: (files) => {
      for (const f of files) found.push(f.storageName);
    },
  });
  if (walk.unreadable.includes('')) return { kind: 'unknown', reason: 'the folder cannot be read' };
  found.sort(compareNames);
  const sized = found.slice(0, limits.maxSized);
  const stats = await Promise.all(sized.map((n) => media.stat(mediaPath(path, n))));
  const bytes = stats.reduce((s, x) => s + (x?.type === 'file' ? x.size : 0), 0);
  return {
    kind: 'listed',
    files: found.length,
    bytes,
    sized: sized.length,
    names: found.slice(0, limits.names),
    ...(walk.truncated ? { truncated: walk.truncated } : walk.unreadable.length ? { truncated: `${walk.unreadable.length} subfolder(s) could not be read` } : {}),
  };
}

/** The hover of an `upload_to=` argument: where uploads go, and what that folder holds now. */
export function renderUploadToHover(
  m: UploadToMention,
  where: { folder: string; mediaRoot: string } | { reason: string },
  content: UploadFolderContent | undefined,
  returned?: ReturnedPattern,
): string {
  const lines: string[] = [];
  if (m.value !== null) lines.push(`**upload_to** ${inlineCode(m.value)}${/%[a-zA-Z]/.test(m.value) ? ' (strftime: the date of the upload fills in the %-directives)' : ''}`);
  else if (m.callable !== null) {
    lines.push(`**upload_to** decided by ${inlineCode(m.callable)}: Django calls it with the instance and the file name`);
    if (returned?.pattern) lines.push('', `It returns ${inlineCode(returned.pattern)}.`);
  }
  else lines.push('**upload_to**');
  if ('reason' in where) {
    lines.push('', escapeMarkdown(where.reason));
    return lines.join('\n');
  }
  const shown = where.folder ? where.folder : 'MEDIA_ROOT itself';
  lines.push('', `Uploads go under ${inlineCode(shown)} of MEDIA_ROOT ${inlineCode(where.mediaRoot)}.`);
  if (!content) return lines.join('\n');
  if (content.kind === 'missing') lines.push('', 'The folder does not exist yet: nothing has been uploaded there.');
  else if (content.kind === 'unknown') lines.push('', `Its content is unknown: ${escapeMarkdown(content.reason)}.`);
  else {
    const size = content.sized < content.files ? `${formatBytes(content.bytes)} in the first ${content.sized.toLocaleString('en-US')}` : formatBytes(content.bytes);
    lines.push('', `Now: ${content.files.toLocaleString('en-US')} file${content.files === 1 ? '' : 's'}${content.files ? `, ${size}` : ''}${content.truncated ? ` (incomplete: ${escapeMarkdown(content.truncated)})` : ''}`);
    if (content.names.length) {
      lines.push('');
      for (const n of content.names) lines.push(`- ${inlineCode(n)}`);
      if (content.files > content.names.length) lines.push(`- … ${(content.files - content.names.length).toLocaleString('en-US')} more`);
    }
  }
  return lines.join('\n');
}
