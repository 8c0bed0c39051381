import type { FileSystem } from '../fileSystem';
import { findMediaReferences } from '../media/findMediaReferences';
import { scanUse } from '../checks/prefilter';
import { sameWalk, scanProjectTexts, type CollectContext } from '../media/collectMediaReferences';
import type { MediaReference, ProjectModel } from '../model';
import { StaticFileLookup, staticFindersOf, staticNameProblem } from './finders';
import { staticReferenceContext } from './projectStatic';
import { findStaticReferences, type StaticReference } from './references';

/**
 * The media references of `ctx` and the project's static references in one walk (the walks skip
 * the same folders: MEDIA_ROOT, STATIC_ROOT, dependency and VCS folders). With `checks` (the context
 * the checks look for media references with) whose walk reads the same files, also the checks'
 * media references, from the same texts, the Python modules whose text none of the checks'
 * scans would parse (rulesMayParse), and the texts the checks' scans will read (templates, the other
 * modules but migrations), so that the checks need not read them again.
 */
export async function collectMediaAndStaticReferences(
  fs: FileSystem,
  model: ProjectModel,
  ctx: CollectContext,
  checks?: CollectContext,
): Promise<{ media: MediaReference[]; statics: StaticReference[]; checkMedia?: MediaReference[]; pythonWithoutRuleWords?: Set<string>; texts?: Map<string, string> }> {
  const media: MediaReference[] = [];
  const statics: StaticReference[] = [];
  const also = checks && sameWalk(ctx, checks) ? checks : undefined;
  // The same scan when the two contexts scan alike (a local MEDIA_ROOT, as in most projects).
  const alike = also !== undefined && also.mediaUrl === ctx.mediaUrl && also.mediaRoot === ctx.mediaRoot && (also.staticUrl ?? null) === (ctx.staticUrl ?? null);
  const checkMedia: MediaReference[] | undefined = also && !alike ? [] : undefined;
  const pythonWithoutRuleWords = also ? new Set<string>() : undefined;
  const texts = also ? new Map<string, string>() : undefined;
  await scanProjectTexts(fs, model.project.root, ctx, (text, language, file) => {
    for (const r of findMediaReferences(text, language, { file, mediaUrl: ctx.mediaUrl, mediaRoot: ctx.mediaRoot, staticUrl: ctx.staticUrl ?? null })) media.push(r);
    if (also && checkMedia) for (const r of findMediaReferences(text, language, { file, mediaUrl: also.mediaUrl, mediaRoot: also.mediaRoot, staticUrl: also.staticUrl ?? null })) checkMedia.push(r);
    for (const r of findStaticReferences(text, language, staticReferenceContext(model, file))) statics.push(r);
    if (pythonWithoutRuleWords && texts) {
      const use = scanUse(file, language, text);
      if (use === 'keep') texts.set(file, text);
      else if (use === 'wordless') pythonWithoutRuleWords.add(file);
    }
    return [];
  });
  return { media, statics, ...(also ? { checkMedia: checkMedia ?? media, pythonWithoutRuleWords, texts } : {}) };
}

/**
 * The static references of `inspect --json`: every reference with the path the finders return
 * (the first match), null when no finder in the workspace finds it or the answer is unknown.
 * `refs`: the project's static references (collectStaticReferences, or the caller's own walk).
 */
export async function staticInspectReferences(
  fs: FileSystem,
  model: ProjectModel,
  rel: (path: string) => string,
  refs: StaticReference[],
): Promise<Array<{ kind: 'static'; file: string; line: number; column: number; text: string; target: string | null; exists: boolean | null }>> {
  if (refs.length === 0) return [];
  const finders = await staticFindersOf(fs, model);
  const lookup = finders.known ? new StaticFileLookup(fs, finders.sources, true) : undefined;
  const out = [];
  for (const r of refs) {
    let target: string | null = null;
    // null: the finders are unknown, or a source that cannot be read in the workspace may hold it.
    let exists: boolean | null = null;
    if (lookup && r.name !== null && !staticNameProblem(r.name)) {
      const found = await lookup.find(r.name);
      if (found.kind === 'found') {
        target = found.match.path;
        exists = found.match.type === 'file';
      } else if (found.kind === 'missing') {
        exists = false;
      }
    }
    out.push({ kind: 'static' as const, file: rel(r.range.file), line: r.range.line, column: r.range.column, text: r.text, target, exists });
  }
  return out;
}
