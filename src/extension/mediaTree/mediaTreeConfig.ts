import * as vscode from 'vscode';
import { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE, type MediaExclude } from '../../core/mediaIndex';

/** The `djangoMedia.mediaTree.*` settings, read and checked. */
export interface MediaTreeConfig {
  thumbnails: boolean;
  exclude: MediaExclude;
  /** Entries per page of a folder. */
  pageSize: number;
  /** Ignored parts of the user's values, in words, for the log. */
  problems: string[];
}

const SECTION = 'djangoMedia.mediaTree';
const DEFAULT_PAGE_SIZE = 500;

/** Reads the settings as they apply to `scope` (a project root: exclude is resource-scoped). */
export function readMediaTreeConfig(scope?: vscode.Uri): MediaTreeConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const thumbnails = c.get<unknown>('thumbnails');
  const rawExclude = c.get<unknown>('exclude');
  let patterns: readonly unknown[] = DEFAULT_MEDIA_EXCLUDE;
  if (Array.isArray(rawExclude)) patterns = rawExclude;
  else if (rawExclude !== undefined && rawExclude !== null) problems.push(`${SECTION}.exclude is not a list of glob patterns; the defaults apply`);
  const exclude = compileMediaExclude(patterns);
  for (const p of exclude.invalid) problems.push(`${SECTION}.exclude: "${p}" is not a usable glob pattern; ignored`);
  const rawPage = c.get<unknown>('pageSize');
  let pageSize = DEFAULT_PAGE_SIZE;
  if (typeof rawPage === 'number' && Number.isFinite(rawPage)) pageSize = Math.max(50, Math.min(5000, Math.floor(rawPage)));
  else if (rawPage !== undefined && rawPage !== null) problems.push(`${SECTION}.pageSize is not a number; ${DEFAULT_PAGE_SIZE} applies`);
  return { thumbnails: thumbnails !== false, exclude, pageSize, problems };
}

/** Which parts of the view a configuration change touches. */
export function mediaTreeConfigChange(e: vscode.ConfigurationChangeEvent): { listing: boolean; rendering: boolean } {
  return {
    listing: e.affectsConfiguration(`${SECTION}.exclude`) || e.affectsConfiguration(`${SECTION}.pageSize`),
    rendering: e.affectsConfiguration(`${SECTION}.thumbnails`),
  };
}

/** `djangoMedia.database.*`: which database the uploads audit reads instead of the one the settings name. */
export interface DatabaseConfig {
  /** A database URL (PostgreSQL or SQLite) the user opted in with; undefined when none (or ignored: see `ignored`). */
  url?: string;
  /** Why a configured URL is not used, in words (Restricted Mode, not a PostgreSQL URL). */
  ignored?: string;
}

/**
 * Reads `djangoMedia.database.url` for `scope`. Unused in Restricted Mode whatever the setting says:
 * a workspace must not make the editor connect anywhere, or read another file, before it is trusted.
 */
export function readDatabaseConfig(scope?: vscode.Uri): DatabaseConfig {
  const raw = vscode.workspace.getConfiguration('djangoMedia.database', scope).get<unknown>('url');
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string' || !(raw.trim() === 'settings' || /^(?:postgres(?:ql)?|sqlite):\/\//.test(raw.trim()))) {
    return { ignored: 'djangoMedia.database.url is neither a postgresql://, postgres:// or sqlite:/// URL nor "settings"' };
  }
  if (!vscode.workspace.isTrusted) return { ignored: 'djangoMedia.database.url is not used in Restricted Mode (trust the workspace to use it)' };
  return { url: raw.trim() };
}

/** True when a configuration change touches what the uploads audit reads. */
export function databaseConfigChanged(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('djangoMedia.database');
}
