/**
 * What each check reads besides the project model, and which checks a file change makes stale.
 * The editor's diagnostics scheduler asks `planChange` for every created, changed or deleted file
 * and re-runs only what the answer names. A change to a file the model was built from (settings,
 * URLconf, .env) is not planned here: the model is analysed again and every check re-runs.
 */
import { basename, dirname } from 'pathe';
import { RULES, type RuleInput } from '../checks';

/** Every check's inputs, as its rule file declares them. */
export const RULE_INPUTS: Readonly<Record<string, readonly RuleInput[]>> = Object.fromEntries(RULES.map((r) => [r.code, r.inputs]));

/** Inputs whose checks look at one file at a time, so that a run can be narrowed to changed files. */
export const PER_FILE_INPUTS: ReadonlySet<RuleInput> = new Set<RuleInput>(['templates', 'references']);

/** What to re-run for one project. Requests merge; an empty request does nothing. */
export interface RefreshRequest {
  /** Every check, with fresh file lists (the model or the Django version changed). */
  full: boolean;
  /** Re-run, over the whole project, every check reading one of these. */
  inputs: Set<RuleInput>;
  /** Re-run these checks over the whole project (one the user stopped ignoring). */
  codes: Set<string>;
  /** Re-run the per-file checks (templates, references) on these files only. */
  files: Set<string>;
  /** Files were created or deleted: the cached list of the project's files is stale. */
  relist: boolean;
}

/** A request that does nothing, to merge others into. */
export function emptyRequest(): RefreshRequest {
  return { full: false, inputs: new Set(), codes: new Set(), files: new Set(), relist: false };
}

/** A request for every check. */
export function fullRequest(): RefreshRequest {
  return { full: true, inputs: new Set(), codes: new Set(), files: new Set(), relist: true };
}

/** `into` extended by `more` (mutates and returns `into`). */
export function mergeRequests(into: RefreshRequest, more: RefreshRequest): RefreshRequest {
  into.full ||= more.full;
  into.relist ||= more.relist;
  for (const i of more.inputs) into.inputs.add(i);
  for (const c of more.codes) into.codes.add(c);
  for (const f of more.files) into.files.add(f);
  return into;
}

/** True when the request asks for nothing. */
export function isEmptyRequest(r: RefreshRequest): boolean {
  return !r.full && !r.relist && r.inputs.size === 0 && r.codes.size === 0 && r.files.size === 0;
}

/** The codes a project-wide run must re-run for a request (all codes for a full one). */
export function projectWideCodes(r: RefreshRequest, codes: readonly string[]): Set<string> {
  if (r.full) return new Set(codes);
  return new Set(codes.filter((c) => r.codes.has(c) || (RULE_INPUTS[c] ?? []).some((i) => r.inputs.has(i))));
}

/** The per-file codes a narrowed run must re-run on `r.files`, leaving out those already re-run project-wide. */
export function perFileCodes(r: RefreshRequest, codes: readonly string[]): Set<string> {
  if (r.full || r.files.size === 0) return new Set();
  const wide = projectWideCodes(r, codes);
  return new Set(codes.filter((c) => !wide.has(c) && (RULE_INPUTS[c] ?? []).some((i) => PER_FILE_INPUTS.has(i))));
}

/** What the planner needs to know about a project. */
export interface ProjectFacts {
  /** Folder of manage.py. */
  root: string;
  /** Files the model was built from; their changes re-analyse the model (and re-run everything). */
  filesRead: ReadonlySet<string>;
  /** Absolute MEDIA_ROOT when known and stored locally. */
  mediaRoot?: string;
  /** Folders whose existence checks report on (MEDIA_ROOT, STATICFILES_DIRS entries). */
  folders: readonly string[];
}

/** How a file changed. */
export type ChangeKind = 'created' | 'changed' | 'deleted';

// The core's own classification (src/core/checks/workspaceFiles.ts, djangoVersion.ts), widened a
// little: running a cheap check once too often is harmless, missing a change is not.
const TEMPLATE_FILE = /\.(html?|djhtml|jinja2?|j2|dtl)$/i;
const REFERENCE_FILE = /\.(css|scss|sass|less|md|markdown)$/i;
// Plain-text files hold references only as templates (emails, robots.txt) in template folders.
const TEXT_TEMPLATE = /\/(templates|jinja2)\/(.+\/)?[^/]+\.txt$/i;
const DEPLOY_FILE = /(^nginx|\.nginx$|\.conf$|\.conf\.template$|\.vhost$|^(docker-)?compose(\.[\w-]+)*\.ya?ml$|dockerfile)/i;
const REQUIREMENT_FILE = /^(requirements.*\.(txt|in)|pyproject\.toml|pipfile|setup\.cfg)$/i;
/** How far above the project the core looks for requirement and deployment files. */
const LEVELS_ABOVE = 3;

/** True when `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  if (!dir) return false;
  if (path === dir) return true;
  return path.startsWith(dir.endsWith('/') ? dir : dir + '/');
}

function levelsAbove(root: string, dir: string): number {
  if (!isInside(root, dir)) return -1;
  if (root === dir) return 0;
  return root.slice(dir.length).split('/').filter(Boolean).length;
}

/**
 * The refresh one file event calls for in one project, or undefined when none of its checks read
 * that file. `hadFindingsUnder` tells whether a deleted path (perhaps a folder) held findings.
 */
export function planChange(
  path: string,
  kind: ChangeKind,
  facts: ProjectFacts,
  hadFindingsUnder: (path: string) => boolean = () => false,
): RefreshRequest | undefined {
  // A file the model was built from is analysed again. A module changed in place also gets the
  // checks that scan modules: when the new model gives the same findings (ProjectModel.fingerprint:
  // a view or a model edited), those are all that the change needs; otherwise a full run follows.
  if (facts.filesRead.has(path) && !(kind === 'changed' && /\.pyi?$/i.test(path))) return undefined;
  const name = basename(path);
  const dir = dirname(path);
  const request = emptyRequest();
  const inProject = isInside(path, facts.root);
  const above = levelsAbove(facts.root, dir);

  // The pinned Django version changes what every check mirrors.
  const requirements =
    (REQUIREMENT_FILE.test(name) && above >= 0 && above <= LEVELS_ABOVE) ||
    (/^requirements$/i.test(basename(dir)) && /\.(txt|in)$/i.test(name) && levelsAbove(facts.root, dirname(dir)) >= 0 && levelsAbove(facts.root, dirname(dir)) <= LEVELS_ABOVE);
  if (requirements) return fullRequest();

  if (name === '.gitignore' || path.endsWith('/.git/info/exclude')) request.inputs.add('gitignore');
  if (kind !== 'changed' && name === '.git') request.inputs.add('gitignore');

  // The folder itself, or a parent of it, appeared or vanished.
  if (kind !== 'changed' && facts.folders.some((f) => isInside(f, path))) request.inputs.add('folders');
  if (facts.mediaRoot && isInside(path, facts.mediaRoot)) {
    // MEDIA_ROOT is never scanned for templates or code: only which files exist there matters.
    if (kind !== 'changed') request.inputs.add('media');
    return isEmptyRequest(request) ? undefined : request;
  }

  if (DEPLOY_FILE.test(name) && (inProject || above >= 0)) {
    request.inputs.add('deploy');
    if (kind !== 'changed') request.relist = true;
  }
  if (inProject) {
    if (/\.pyi?$/i.test(name)) {
      request.inputs.add('python');
      if (kind !== 'changed') request.relist = true;
    } else if (TEMPLATE_FILE.test(name) || REFERENCE_FILE.test(name) || TEXT_TEMPLATE.test(path)) {
      request.files.add(path);
      if (kind !== 'changed') request.relist = true;
    } else if (kind === 'deleted' && hadFindingsUnder(path)) {
      // A deleted folder: whatever it held is gone from every list.
      request.inputs.add('templates').add('references').add('python').add('deploy');
      request.relist = true;
    } else if (kind !== 'changed' && !/\.[^/]+$/.test(name)) {
      // A created or deleted folder may hold templates or modules: list the files again, and
      // re-run what scans them.
      request.inputs.add('templates').add('references').add('python').add('deploy');
      request.relist = true;
    }
  }
  return isEmptyRequest(request) ? undefined : request;
}
