// A project in memory whose ROOT_URLCONF is proj.urls, analysed for media serving with fixed
// settings (MEDIA_URL /media/, MEDIA_ROOT /p/media, DEBUG on).
import { findMediaServing, settingsMap } from '../../../src/core/urls';
import type { ParseCache } from '../../../src/core/python';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const SETTINGS = { MEDIA_URL: '/media/', MEDIA_ROOT: '/p/media', STATIC_URL: '/static/', STATIC_ROOT: '/p/staticfiles', DEBUG: true };

/** The files under /p, with manage.py and the proj package added. */
export function projectFs(files: Record<string, string>): MemoryFileSystem {
  return new MemoryFileSystem({ '/p/manage.py': '', '/p/proj/__init__.py': '', ...files });
}

/** What serves media in the project made of `files` (or `options.fs`). */
export async function analyseUrlconf(files: Record<string, string>, options: { evaluateEveryImport?: boolean; cache?: ParseCache; fs?: MemoryFileSystem } = {}) {
  const fs = options.fs ?? projectFs(files);
  return findMediaServing({
    host: { fs, env: new Map(), sysPath: ['/p'], cwd: '/p', ...(options.cache ? { cache: options.cache } : {}) },
    rootUrlconf: 'proj.urls',
    settings: settingsMap(SETTINGS),
    mediaUrl: SETTINGS.MEDIA_URL,
    mediaRoot: SETTINGS.MEDIA_ROOT,
    staticRoot: SETTINGS.STATIC_ROOT,
    debug: true,
    ...(options.evaluateEveryImport ? { evaluateEveryImport: true } : {}),
  });
}
