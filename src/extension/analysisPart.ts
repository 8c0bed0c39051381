/**
 * The analysis as a lazily loaded part (dist/analysis.js): the Python evaluator, the settings and the
 * URLconf analysis are not needed to activate, only for the first model, which ProjectModels asks
 * for right after. Load it with `loadPart<typeof import('./analysisPart')>(extensionUri, 'analysis')`.
 */
export { analyzeProject, AnalysisCache } from '../core/project/analyzeProject';
