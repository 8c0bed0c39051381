/**
 * The analysis as a lazily loaded part (dist/analysis.js): the Python evaluator, the settings and the
 * URLconf analysis are not needed to activate, only for the first model, which ProjectModels asks
 * for right after. Load it with `loadPart<typeof import('./analysisPart')>(extensionUri, 'analysis')`.
 */
import type { FileStat } from '../core/fileSystem';
import type { ProjectModel } from '../core/model';
import type { AnalysisCache } from '../core/project/analyzeProject';
import { deferralFactsUnchanged } from '../core/python';
import { deferIfIrrelevant } from '../core/urls/findMediaServing';

export { analyzeProject, AnalysisCache } from '../core/project/analyzeProject';
// The env files' reader is used by the analysis alone: it need not be loaded to activate.
export { readEnvFiles } from '../core/project/readEnvFiles';

/**
 * True when `path`, saved with `text`, is a file `model` read only to decide that the URLconf could
 * leave modules unevaluated, and the new text decides the same: the model stays what it is.
 */
export function unchangedForModel(cache: AnalysisCache, model: ProjectModel, path: string, text: string, stat: FileStat): boolean {
  return model.deferralOnly?.has(path) === true && deferralFactsUnchanged(cache.parse, deferIfIrrelevant, path, text, stat);
}
