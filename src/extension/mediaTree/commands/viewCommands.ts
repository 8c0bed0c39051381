import * as vscode from 'vscode';
import type { MediaSortOrder } from '../../../core/mediaIndex';
import { MoreNode, targetUri, type MediaTarget } from '../mediaNodes';
import { pickMediaFile } from '../mediaSearch';
import { copy, reveal, urlOrSay, type MediaCommandContext } from './commandContext';

// The commands of the Media Files view itself: refresh, paging, order, search.

export function refresh(ctx: MediaCommandContext): void {
  ctx.provider.refresh();
}

export function showMore(ctx: MediaCommandContext, node: unknown): void {
  if (node instanceof MoreNode) ctx.provider.showMore(node);
}

/** Sorts every folder by `order`, or by the order the user picks; resolves to the order in effect. */
export async function sortBy(ctx: MediaCommandContext, order?: unknown): Promise<MediaSortOrder> {
  const { provider } = ctx;
  let choice: MediaSortOrder | undefined = order === 'name' || order === 'size' || order === 'modified' ? order : undefined;
  if (!choice) {
    const items: Array<vscode.QuickPickItem & { order: MediaSortOrder }> = [
      { label: 'Name', description: 'natural order, folders first', order: 'name' },
      { label: 'Size', description: 'largest first', order: 'size' },
      { label: 'Date Modified', description: 'newest first', order: 'modified' },
    ];
    for (const i of items) if (i.order === provider.sort) i.label = `$(check) ${i.label}`;
    choice = (await vscode.window.showQuickPick(items, { title: 'Django Media: sort media files by' }))?.order;
  }
  if (choice) await provider.setSort(choice);
  return provider.sort;
}

/**
 * Finds a media file by name across projects, opens it and shows it in the tree (its buttons reveal
 * it or copy its URL).
 */
export async function search(ctx: MediaCommandContext): Promise<MediaTarget | undefined> {
  const projects = await ctx.provider.allProjects();
  const t = await (ctx.prompts.pickFile ?? pickMediaFile)(projects, 'Django Media: Search Media Files', {
    reveal: (x) => void reveal(ctx, x),
    copyUrl: (x) => {
      const url = urlOrSay(x);
      if (url) void copy(url, 'media URL');
    },
  });
  if (t) {
    const uri = targetUri(t);
    if (uri) await vscode.commands.executeCommand('vscode.open', uri);
    await reveal(ctx, t, false);
  }
  return t;
}
