import type * as vscode from 'vscode';
import { describeModel } from '../core/editor/describeModel';
import { relativeToFolder, type ProjectModels } from './projectModels';

/** Writes what each fresh model says (settings module, values and where they came from, unknowns,
 *  media serving, notes) to the output channel, as its analysis finishes. */
export function registerAnalysisLogSupport(models: ProjectModels, log: vscode.LogOutputChannel): vscode.Disposable {
  return models.onDidAnalyze(({ entry, model, userOrigin }) => {
    for (const line of describeModel(model, userOrigin, (p) => relativeToFolder(entry, p))) {
      log[line.level](`[${entry.project.name}] ${line.text}`);
    }
  });
}
