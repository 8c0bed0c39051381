import * as vscode from 'vscode';
import { templateMediaSnippet, type TemplatePrefixStyle } from '../../../core/mediaIndex';
import { copy, resolveTarget, say, urlOrSay, type MediaCommandContext } from './commandContext';

// The commands that copy or insert what names a media file: its URL, a template snippet, its storage name.

export async function copyUrl(ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  const t = await resolveTarget(ctx, arg, 'Copy Media URL', false);
  const url = t && urlOrSay(t);
  if (url) await copy(url, 'media URL');
  return url;
}

async function copySnippet(ctx: MediaCommandContext, arg: unknown, style: TemplatePrefixStyle): Promise<string | undefined> {
  const t = await resolveTarget(ctx, arg, 'Copy Template Snippet', false);
  if (!t) return undefined;
  const snippet = templateMediaSnippet(t.storageName, style);
  await copy(snippet, 'template snippet');
  return snippet;
}

/** `{{ MEDIA_URL }}name` */
export function copyMediaUrlSnippet(ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  return copySnippet(ctx, arg, 'media-url-variable');
}

/** `{% get_media_prefix %}name` */
export function copyMediaPrefixSnippet(ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  return copySnippet(ctx, arg, 'media-prefix-tag');
}

export async function copyStorageName(ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  const t = await resolveTarget(ctx, arg, 'Copy Storage Name', true);
  if (!t) return undefined;
  await copy(t.storageName, 'storage name');
  return t.storageName;
}

/** Writes the media URL over every selection of the active editor. */
export async function insertUrl(ctx: MediaCommandContext, arg: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    say('open an editor first: the URL is inserted at its cursor.');
    return undefined;
  }
  const t = await resolveTarget(ctx, arg, 'Insert Media URL at Cursor', false);
  const url = t && urlOrSay(t);
  if (!url) return undefined;
  await editor.edit((b) => {
    for (const s of editor.selections) b.replace(s, url);
  });
  return url;
}
