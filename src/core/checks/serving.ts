import { join } from 'pathe';
import type { MediaServing } from '../model';
import { parseMediaUrl } from '../media';
import type { CheckContext } from './context';

/** The path MEDIA_URL serves under, when it is a local (host-less) URL; null when absolute; undefined when unknown. */
export function localMediaPath(ctx: CheckContext): string | null | undefined {
  const m = ctx.settings.MEDIA_URL;
  if (!m.known) return undefined;
  const parsed = parseMediaUrl(m.value);
  if (!parsed) return undefined;
  return parsed.host ? null : parsed.path;
}

/** True when MEDIA_URL has a host (a CDN or another domain): static() ignores it. */
export function mediaUrlIsAbsolute(ctx: CheckContext): boolean | undefined {
  const p = localMediaPath(ctx);
  return p === undefined ? undefined : p === null;
}

/** Two URL prefixes name the same place (a trailing slash aside). */
export function samePrefix(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * True when the URLconf analysis followed everything: no note about a part of the URLconf it
 * could not evaluate. Rules that conclude "nothing serves media" need this.
 */
export function urlconfFullyAnalysed(ctx: CheckContext): boolean {
  const root = ctx.settings.ROOT_URLCONF;
  if (!root.known || !root.value) return false;
  const settingsFiles = new Set<string>();
  if (ctx.model.settingsFile) settingsFiles.add(ctx.model.settingsFile);
  for (const n of ctx.model.notes) {
    if (n.severity !== 'warning') continue;
    if (/urlconf|urlpatterns|include\(|url pattern|media serving/i.test(n.message)) return false;
    if (n.range && !settingsFiles.has(n.range.file) && /(^|\/)urls(\.py$|\/)/.test(n.range.file)) return false;
  }
  return true;
}

/** The file of ROOT_URLCONF (module.py or module/__init__.py under the project root). */
export async function rootUrlconfFile(ctx: CheckContext): Promise<string | undefined> {
  const root = ctx.settings.ROOT_URLCONF;
  if (!root.known || !root.value || !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(root.value)) return undefined;
  const rel = root.value.split('.');
  for (const candidate of [join(ctx.root, ...rel) + '.py', join(ctx.root, ...rel, '__init__.py')]) {
    const st = await ctx.fs.stat(candidate);
    if (st?.type === 'file') return candidate;
  }
  return undefined;
}

/** Serving entries that send requests to MEDIA_ROOT. */
export function mediaRootServers(ctx: CheckContext): MediaServing[] {
  return ctx.model.mediaServing.filter((s) => s.documentRoot === 'MEDIA_ROOT');
}
