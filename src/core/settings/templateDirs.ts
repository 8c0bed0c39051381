import type { ProjectModel } from '../model';
import { absolutizeRoot } from './effectiveSettings';

/** TEMPLATES[*]["DIRS"] as absolute folders, when the settings make them known; [] otherwise. */
export function templateDirsOf(model: Pick<ProjectModel, 'raw' | 'project'>): string[] {
  const templates = model.raw('TEMPLATES');
  if (!templates?.known || !Array.isArray(templates.value)) return [];
  const dirs: string[] = [];
  for (const t of templates.value) {
    if (!t || typeof t !== 'object' || Array.isArray(t)) continue;
    const d = t['DIRS'];
    if (Array.isArray(d)) for (const x of d) if (typeof x === 'string' && x) dirs.push(absolutizeRoot(x, model.project.root));
  }
  return dirs;
}
