import type * as vscode from 'vscode';
import type { MediaSortOrder } from '../../core/mediaIndex';

const SORT_KEY = 'djangoMedia.mediaTree.sortOrder';

/** The order of every folder of the view, remembered in workspaceState. */
export class SortPreference {
  private current: MediaSortOrder;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<string>(SORT_KEY);
    this.current = saved === 'size' || saved === 'modified' ? saved : 'name';
  }

  get order(): MediaSortOrder {
    return this.current;
  }

  async set(order: MediaSortOrder): Promise<void> {
    this.current = order;
    await this.memento.update(SORT_KEY, order);
  }

  /** The view's description: the order, unless it is the default one. Kept to a word: the header
   *  shares its width with the title and the title-bar buttons. */
  get description(): string | undefined {
    return this.current === 'name' ? undefined : `by ${this.current === 'size' ? 'size' : 'date'}`;
  }
}
