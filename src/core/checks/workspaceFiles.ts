import { basename, dirname, join } from 'pathe';
import type { FileSystem } from '../fileSystem';
import { walkProjectFiles } from '../project/walkProjectFiles';
import type { CancellationFlag } from './types';

/** The files of a project the workspace-wide rules read, found by one bounded walk. */
export interface WorkspaceFiles {
  python: string[];
  templates: string[];
  nginx: string[];
  compose: string[];
  dockerfiles: string[];
  /** True when a bound stopped the walk early: rules that need "nothing found" must not conclude it. */
  truncated: boolean;
}

/** Bounds of the walk. */
export interface WalkLimits {
  maxFolders: number;
  maxFiles: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: WalkLimits = { maxFolders: 4000, maxFiles: 20000, maxDepth: 12 };

const TEMPLATE_EXT = /\.(html?|djhtml|jinja2?|j2|dtl)$/i;
const NGINX_NAME = /(^nginx.*\.conf$|\.nginx$|^nginx$|\.conf\.template$|^default\.conf$|\.vhost$)/i;
const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i;
const DOCKERFILE_NAME = /^(Dockerfile(\.[\w-]+)?|[\w-]+\.Dockerfile)$/i;
// Folder names whose *.conf files are web-server configuration.
const NGINX_FOLDERS = /^(nginx|sites-available|sites-enabled|conf\.d|deploy|deployment|docker|compose|config|conf|etc|server|proxy|ops|infra)$/i;

type FileKind = Exclude<keyof WorkspaceFiles, 'truncated'>;

function kindOf(path: string, name: string): FileKind | undefined {
  if (name.endsWith('.py')) return 'python';
  if (TEMPLATE_EXT.test(name)) return 'templates';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DOCKERFILE_NAME.test(name)) return 'dockerfiles';
  if (NGINX_NAME.test(name) || (name.endsWith('.conf') && NGINX_FOLDERS.test(basename(dirname(path))))) return 'nginx';
  return undefined;
}

/**
 * Walks `root` breadth-first for the files the workspace rules read, skipping dependency and
 * cache folders, virtualenvs (pyvenv.cfg), dot-folders, symlinked folders (no loops) and the
 * `exclude` folders (MEDIA_ROOT, STATIC_ROOT: user data and build output, possibly huge).
 */
export async function listWorkspaceFiles(
  fs: FileSystem,
  root: string,
  exclude: readonly string[] = [],
  token?: CancellationFlag,
  limits: Partial<WalkLimits> = {},
): Promise<WorkspaceFiles> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  // Every file counts towards maxFiles, whether a rule reads it or not ('other').
  const walked = await walkProjectFiles(fs, root, {
    classify: (name, path) => kindOf(path, name) ?? 'other',
    exclude,
    order: 'breadth-first',
    followSymlinks: 'never',
    limits: { maxDepth: lim.maxDepth, maxFolders: lim.maxFolders, maxFiles: lim.maxFiles },
    token,
  });
  const out: WorkspaceFiles = { python: [], templates: [], nginx: [], compose: [], dockerfiles: [], truncated: walked.truncated };
  for (const f of walked.files) if (f.kind !== 'other') out[f.kind].push(f.path);
  return out;
}

/**
 * Deployment files (nginx, compose, Dockerfiles) in the folders above the project up to `top`
 * (the git work tree, or a few levels): they often live beside, not inside, the Django project.
 */
export async function listDeploymentFilesAbove(fs: FileSystem, projectRoot: string, top: string | null, maxUp = 3): Promise<WorkspaceFiles> {
  const out: WorkspaceFiles = { python: [], templates: [], nginx: [], compose: [], dockerfiles: [], truncated: false };
  let dir = projectRoot;
  for (let up = 0; up < maxUp; up++) {
    if (top && dir === top) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    const child = dir;
    dir = parent;
    let entries;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      break;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.type === 'file') {
        const kind = kindOf(path, e.name);
        if (kind && kind !== 'python' && kind !== 'templates') out[kind].push(path);
      } else if (e.type === 'directory' && !e.symlink && path !== child && NGINX_FOLDERS.test(e.name)) {
        const sub = await listWorkspaceFiles(fs, path, [], undefined, { maxDepth: 3, maxFolders: 100, maxFiles: 2000 });
        out.nginx.push(...sub.nginx);
        out.compose.push(...sub.compose);
        out.dockerfiles.push(...sub.dockerfiles);
      }
    }
    if (top === null && up >= 1) break;
  }
  return sortAll(out);
}

function sortAll(w: WorkspaceFiles): WorkspaceFiles {
  for (const k of ['python', 'templates', 'nginx', 'compose', 'dockerfiles'] as const) w[k].sort();
  return w;
}
