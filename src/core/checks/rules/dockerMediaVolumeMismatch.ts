import { dirname, join, normalize, relative } from 'pathe';
import { isInside, type CheckContext } from '../context';
import type { Rule } from '../rule';
import { rangeOf } from '../textEdits';
import type { RuleFinding } from '../types';
import { parseYaml, yamlGet, yamlString, type YamlNode } from '../../project/parseYaml';

interface Mount {
  source: string | undefined;
  target: string;
  from: number;
  to: number;
}

const MEDIA_NAME = /^(media|mediafiles|media_files|media-files|media_root|uploads?|user[-_]?uploads|user[-_]?media)$/i;

function mountsOf(service: YamlNode): Mount[] {
  const vols = yamlGet(service, 'volumes');
  if (!vols || vols.kind !== 'seq') return [];
  const out: Mount[] = [];
  for (const v of vols.items) {
    if (v.kind === 'scalar') {
      const parts = v.value.split(':');
      if (parts.length === 1) out.push({ source: undefined, target: parts[0]!, from: v.from, to: v.to });
      else out.push({ source: parts[0], target: parts[1]!, from: v.from, to: v.to });
    } else if (v.kind === 'map') {
      const target = yamlGet(v, 'target');
      const source = yamlString(yamlGet(v, 'source'));
      if (target?.kind === 'scalar') out.push({ source, target: target.value, from: target.from, to: target.to });
    }
  }
  return out.filter((m) => m.target.startsWith('/'));
}

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

/** Where the project (folder of manage.py) is inside the container, from a bind mount or the image's WORKDIR. */
async function containerProjectRoot(ctx: CheckContext, composeDir: string, service: YamlNode, mounts: Mount[]): Promise<string | undefined> {
  for (const m of mounts) {
    if (!m.source || !isHostPath(m.source) || m.source.startsWith('~')) continue;
    const host = normalize(m.source.startsWith('/') ? m.source : join(composeDir, m.source)).replace(/\/+$/, '');
    if (isInside(ctx.root, host)) return join(m.target, relative(host, ctx.root)).replace(/\/+$/, '') || '/';
  }
  const build = yamlGet(service, 'build');
  const contextRel = build?.kind === 'scalar' ? build.value : yamlString(yamlGet(build, 'context'));
  if (!contextRel || /^[a-z]+:\/\//i.test(contextRel)) return undefined;
  const context = normalize(join(composeDir, contextRel));
  if (!isInside(ctx.root, context)) return undefined;
  const dockerfile = yamlString(yamlGet(build, 'dockerfile')) ?? 'Dockerfile';
  const text = await ctx.text(join(context, dockerfile));
  if (!text) return undefined;
  let workdir: string | undefined;
  let copiesContext = false;
  for (const line of text.split(/\r?\n/)) {
    const wd = /^\s*WORKDIR\s+(\S+)/i.exec(line);
    if (wd) workdir = wd[1]!.startsWith('/') ? wd[1]! : join(workdir ?? '/', wd[1]!);
    if (/^\s*(COPY|ADD)\s+(--\S+\s+)*\.\/?\s+(\.\/?|\S+)\s*$/i.test(line)) copiesContext = true;
  }
  if (!workdir || !copiesContext || workdir.includes('$')) return undefined;
  return join(workdir, relative(context, ctx.root)).replace(/\/+$/, '') || '/';
}

/**
 * A docker-compose service running the project mounts a media volume somewhere other than where
 * MEDIA_ROOT is inside the container: uploads go to the container's writable layer and vanish
 * with it, while the volume stays empty.
 */
export const dockerMediaVolumeMismatch: Rule = {
  code: 'docker.media-volume-mismatch',
  defaultSeverity: 'warning',
  djangoCheck: null,
  inputs: ['deploy'],
  description: 'A docker-compose media volume is mounted somewhere other than MEDIA_ROOT inside the container.',
  async run(ctx) {
    if (ctx.mediaStoredLocally !== true) return [];
    const root = ctx.settings.MEDIA_ROOT;
    if (!root.known || !root.value) return [];
    const out: RuleFinding[] = [];
    for (const file of (await ctx.workspace()).compose) {
      const text = await ctx.text(file);
      if (!text) continue;
      const services = yamlGet(parseYaml(text), 'services');
      if (!services || services.kind !== 'map') continue;
      for (const { key: name, value: service } of services.entries) {
        if (service.kind !== 'map') continue;
        // The environment may move MEDIA_ROOT in the container; the local evaluation cannot see it.
        const env = yamlGet(service, 'environment');
        if (env && JSON.stringify(env).includes('MEDIA')) continue;
        const mounts = mountsOf(service);
        const media = mounts.filter((m) => MEDIA_NAME.test(m.target.replace(/\/+$/, '').split('/').pop() ?? '') || (m.source !== undefined && !isHostPath(m.source) && /media|upload/i.test(m.source)));
        if (media.length === 0) continue;
        const projectInContainer = await containerProjectRoot(ctx, dirname(file), service, mounts);
        if (!projectInContainer) continue;
        const expected = isInside(root.value, ctx.root) ? join(projectInContainer, relative(ctx.root, root.value)) : root.value;
        // Fine when a volume is mounted at MEDIA_ROOT, or a media volume holds it.
        const strip = (t: string) => t.replace(/\/+$/, '') || '/';
        if (mounts.some((m) => strip(m.target) === expected || (media.includes(m) && isInside(expected, strip(m.target))))) continue;
        for (const m of media) {
          out.push({
            range: rangeOf(file, text, m.from, m.to),
            message:
              `Service "${name}" mounts its media volume at ${m.target}, but MEDIA_ROOT inside the container is ${expected}: ` +
              'uploads are written into the container and lost when it is recreated, and the volume stays empty. Mount the volume at MEDIA_ROOT.',
            ...(root.origin ? { related: [{ range: root.origin, message: 'MEDIA_ROOT is set here' }] } : {}),
          });
        }
      }
    }
    return out;
  },
};
