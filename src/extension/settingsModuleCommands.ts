import * as vscode from 'vscode';
import type { ProjectModels } from './projectModels';
import { resolveProject } from './projectPicker';
import { CHOOSE_SETTINGS_MODULE_COMMAND, REFRESH_COMMAND } from './commandIds';

interface ModulePick extends vscode.QuickPickItem {
  module: string | undefined;
}

/**
 * The settings-module chooser and the refresh command.
 * `djangoMedia.chooseSettingsModule(module?, project?)`: with no module it asks; a module name picks
 * it; "" or null goes back to automatic (djangoMedia.settingsModule, else manage.py). Resolves to
 * the settings module the new model uses.
 */
export function registerSettingsModuleSupport(models: ProjectModels): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CHOOSE_SETTINGS_MODULE_COMMAND, async (module?: unknown, project?: unknown) => {
      const entry = await resolveProject(models, project, 'Choose Settings Module');
      if (!entry) return undefined;
      let choice: string | undefined;
      if (typeof module === 'string' || module === null) {
        choice = module || undefined;
      } else {
        const model = await models.model(entry);
        const chosen = models.chosenSettingsModule(entry);
        const current = model?.settingsModule ?? undefined;
        const items: ModulePick[] = [
          {
            label: '$(discard) Automatic',
            description: chosen ? '' : 'current',
            detail: 'The djangoMedia.settingsModule setting if set, else what manage.py sets (DJANGO_SETTINGS_MODULE)',
            module: undefined,
          },
          ...(model?.settingsCandidates ?? []).map((c): ModulePick => ({
            label: c === current && chosen ? `$(check) ${c}` : c,
            description: c === current ? (chosen ? 'chosen' : 'in use') : '',
            module: c,
          })),
        ];
        const picked = await vscode.window.showQuickPick(items, {
          title: `Django Media: settings module for ${entry.project.name}`,
          placeHolder: current ? `In use: ${current}` : 'No settings module could be determined: pick one',
          matchOnDetail: false,
        });
        if (!picked) return current;
        choice = picked.module;
      }
      const model = await models.setChosenSettingsModule(entry, choice);
      return model?.settingsModule ?? undefined;
    }),
    vscode.commands.registerCommand(REFRESH_COMMAND, async () => {
      await models.refresh();
    }),
  );
}
