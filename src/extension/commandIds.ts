// Every `djangoMedia.*` command id the extension registers, links to or calls, spelled once. The
// public ones are also listed in package.json (contributes.commands and menus); the internal ones
// are not, so they stay out of the palette. A feature that only links to another's command imports
// the id from here, not the other feature.

/** Forgets discovery, parse cache and models, then re-analyses. */
export const REFRESH_COMMAND = 'djangoMedia.refresh';
/** Quick pick of the project's settings modules; remembered per project in workspaceState. */
export const CHOOSE_SETTINGS_MODULE_COMMAND = 'djangoMedia.chooseSettingsModule';
/** Shows the rendered media settings view of a project; returns the document's Markdown source. */
export const SHOW_MEDIA_SETTINGS_COMMAND = 'djangoMedia.showMediaSettings';
/** Opens (and returns the text of) the media settings document as read-only Markdown source. */
export const OPEN_MEDIA_SETTINGS_MARKDOWN_COMMAND = 'djangoMedia.openMediaSettingsAsMarkdown';
/** Internal command behind a diagnostic's code link: the rendered docs/diagnostics.md at that code. */
export const SHOW_DIAGNOSTIC_DOCS_COMMAND = 'djangoMedia.showDiagnosticDocs';
/** Internal command behind "where it came from" links in tooltips: opens a file at a line. */
export const OPEN_SOURCE_COMMAND = 'djangoMedia.openSource';
/** Internal command behind the link on a URL naming a missing media file: shows its hover ("did you mean"). */
export const SHOW_MISSING_FILE_COMMAND = 'djangoMedia.showMissingFile';
/** Command behind the fixes that create folders (a WorkspaceEdit cannot create a folder). */
export const CREATE_FOLDERS_COMMAND = 'djangoMedia.diagnostics.createFolders';
/** Owned by the Media explorer; the hover links to it by id and shows the link only when it exists. */
export const REVEAL_IN_MEDIA_EXPLORER_COMMAND = 'djangoMedia.revealInMediaExplorer';
/** Every template and code reference that the staticfiles finders resolve to a given file. */
export const FIND_STATIC_FILE_REFERENCES_COMMAND = 'djangoMedia.findStaticFileReferences';
/** Scans every project for unused and missing media (the "Unused & Missing" view). */
export const FIND_UNUSED_MEDIA_COMMAND = 'djangoMedia.findUnusedMedia';

/** The commands of the Media Files view, by the name of their handler. */
export const MEDIA_TREE_COMMANDS = {
  refresh: 'djangoMedia.mediaTree.refresh',
  showMore: 'djangoMedia.mediaTree.showMore',
  sortBy: 'djangoMedia.mediaTree.sortBy',
  search: 'djangoMedia.mediaTree.search',
  open: 'djangoMedia.mediaTree.open',
  revealInExplorer: 'djangoMedia.mediaTree.revealInExplorer',
  revealInOS: 'djangoMedia.mediaTree.revealInOS',
  copyUrl: 'djangoMedia.mediaTree.copyUrl',
  copyMediaUrlSnippet: 'djangoMedia.mediaTree.copyMediaUrlSnippet',
  copyMediaPrefixSnippet: 'djangoMedia.mediaTree.copyMediaPrefixSnippet',
  copyStorageName: 'djangoMedia.mediaTree.copyStorageName',
  insertUrl: 'djangoMedia.mediaTree.insertUrl',
  newFolder: 'djangoMedia.mediaTree.newFolder',
  rename: 'djangoMedia.mediaTree.rename',
  delete: 'djangoMedia.mediaTree.delete',
  findReferences: 'djangoMedia.mediaTree.findReferences',
  createMediaRoot: 'djangoMedia.mediaTree.createMediaRoot',
  openSettingsFile: 'djangoMedia.mediaTree.openSettingsFile',
} as const;

/** The commands of the "Unused & Missing" view's database-backed lists. */
export const MEDIA_AUDIT_COMMANDS = {
  /** Moves orphans (one, the selection, or every listed one) and their thumbnails to the trash, after a count-and-size confirmation. */
  moveOrphansToTrash: 'djangoMedia.mediaAudit.moveOrphansToTrash',
  copyPk: 'djangoMedia.mediaAudit.copyPk',
} as const;

/** The focus commands VS Code registers for the views of the Django Media container. */
export const FOCUS_MEDIA_FILES_VIEW_COMMAND = 'djangoMedia.mediaFiles.focus';
export const FOCUS_MEDIA_AUDIT_VIEW_COMMAND = 'djangoMedia.mediaAudit.focus';

/** Internal commands returning a feature's test API (integration tests call them). */
export const DIAGNOSTICS_TEST_API_COMMAND = 'djangoMedia.diagnostics.testApi';
export const MEDIA_TREE_TEST_API_COMMAND = 'djangoMedia.mediaTree.testApi';

/** The commands this extension has registered and not disposed of (asking VS Code for its whole
 *  command list is a round trip of a hundred milliseconds or more). */
export const registeredCommands = new Set<string>();
