// What Restricted Mode (an untrusted workspace) turns off: the policy, free of vscode (the extension applies it).

/**
 * Settings whose workspace values VS Code ignores until the workspace is trusted (package.json
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`): each could point the analysis at
 * files or values the project's author chose rather than the user, lift a bound on what a hover decodes,
 * or make the editor connect to a database server.
 */
export const RESTRICTED_CONFIGURATIONS = [
  'djangoMedia.settingsModule',
  'djangoMedia.env',
  'djangoMedia.envFiles',
  'djangoMedia.hover.maxImageBytes',
  'djangoMedia.database.url',
] as const;

/** True when an env file entry names a file outside the folder of manage.py (absolute, `~`, or climbing with `..`). */
export function leavesProjectFolder(entry: string): boolean {
  const p = entry.trim().replace(/\\/g, '/');
  return p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..');
}

/**
 * The `djangoMedia.envFiles` entries the analysis reads: all of them in a trusted workspace; in
 * Restricted Mode only those inside the folder of manage.py. A user-level entry such as
 * `~/secrets.env` applies to every workspace, and an untrusted project's settings could copy its
 * values into what the editor shows; files inside the project are the project's own.
 */
export function envFilesForTrust(files: readonly string[], trusted: boolean): { read: string[]; skipped: string[] } {
  if (trusted) return { read: [...files], skipped: [] };
  const read: string[] = [];
  const skipped: string[] = [];
  for (const f of files) (leavesProjectFolder(f) ? skipped : read).push(f);
  return { read, skipped };
}
