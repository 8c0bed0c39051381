import type { FileSystem } from '../fileSystem';
import type { ProjectModel } from '../model';
import { StaticFileLookup, staticFindersOf, staticNameProblem } from './finders';
import { collectStaticReferences } from './projectStatic';

/**
 * The static references of `inspect --json`: every reference with the path the finders return
 * (the first match), null when no finder in the workspace finds it or the answer is unknown.
 */
export async function staticInspectReferences(
  fs: FileSystem,
  model: ProjectModel,
  rel: (path: string) => string,
): Promise<Array<{ kind: 'static'; file: string; line: number; column: number; text: string; target: string | null; exists: boolean }>> {
  const refs = await collectStaticReferences(fs, model);
  if (refs.length === 0) return [];
  const finders = await staticFindersOf(fs, model);
  const lookup = finders.known ? new StaticFileLookup(fs, finders.sources, true) : undefined;
  const out = [];
  for (const r of refs) {
    let target: string | null = null;
    let exists = false;
    if (lookup && r.name !== null && !staticNameProblem(r.name)) {
      const found = await lookup.find(r.name);
      if (found.kind === 'found') {
        target = found.match.path;
        exists = found.match.type === 'file';
      }
    }
    out.push({ kind: 'static' as const, file: rel(r.range.file), line: r.range.line, column: r.range.column, text: r.text, target, exists });
  }
  return out;
}
