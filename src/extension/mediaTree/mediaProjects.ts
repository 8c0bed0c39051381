import type * as vscode from 'vscode';
import type { ProjectModel } from '../../core/model';
import type { ProjectEntry, ProjectModels } from '../projectModels';
import type { MediaTarget } from './mediaNodes';
import { ProjectMedia } from './projectMedia';

/** What the view does when a project's media moves or the project leaves the workspace. */
export interface ProjectMediaHandler {
  /** Where the project's media lives changed: its listings are gone, its nodes must go too. */
  relocated(p: ProjectMedia): void;
  /** The project is no longer in the workspace. */
  removed(p: ProjectMedia): void;
}

/** The projects of the workspace as the Media explorer sees them, kept in step with the model store. */
export class MediaProjects implements vscode.Disposable {
  private readonly projects = new Map<string, ProjectMedia>();

  constructor(
    private readonly models: ProjectModels,
    private readonly handler: ProjectMediaHandler,
  ) {}

  /** Every project (discovering and analysing as needed). */
  async all(): Promise<ProjectMedia[]> {
    const entries = await this.models.projects();
    this.prune(entries);
    return Promise.all(entries.map((e) => this.load(e)));
  }

  /** The projects known so far, without discovering or analysing. */
  known(): Iterable<ProjectMedia> {
    return this.projects.values();
  }

  /** The project holding a Uri under its MEDIA_ROOT, with the storage name. */
  async locate(uri: vscode.Uri): Promise<MediaTarget | undefined> {
    for (const p of await this.all()) {
      const storageName = p.storageNameOf(uri);
      if (storageName === undefined) continue;
      const fs = p.mediaFs;
      const path = p.pathOf(storageName);
      if (!fs || path === undefined || (await fs.denial(path))) return undefined;
      const st = await fs.stat(path);
      return { project: p, storageName, isFolder: st?.type === 'directory' };
    }
    return undefined;
  }

  /** Adopts the store's latest model of a known project; the project when its model changed. */
  adoptLatest(entry: ProjectEntry): ProjectMedia | undefined {
    const p = this.projects.get(entry.key);
    if (!p) return undefined;
    const model = this.models.peek(entry);
    if (model === p.model) return undefined;
    this.adopt(p, model, model ? undefined : this.models.errorOf(entry));
    return p;
  }

  dispose(): void {
    for (const p of this.projects.values()) p.dispose();
    this.projects.clear();
  }

  private async load(entry: ProjectEntry): Promise<ProjectMedia> {
    let p = this.projects.get(entry.key);
    if (!p) {
      p = new ProjectMedia(entry);
      this.projects.set(entry.key, p);
    }
    const model = await this.models.model(entry);
    if (model !== p.model) this.adopt(p, model, model ? undefined : this.models.errorOf(entry) ?? 'the analysis failed');
    return p;
  }

  private adopt(p: ProjectMedia, model: ProjectModel | undefined, error: string | undefined): void {
    if (p.update(model, error)) this.handler.relocated(p);
  }

  private prune(entries: ProjectEntry[]): void {
    const keys = new Set(entries.map((e) => e.key));
    for (const [key, p] of this.projects) {
      if (keys.has(key)) continue;
      p.dispose();
      this.projects.delete(key);
      this.handler.removed(p);
    }
  }
}
