import * as vscode from 'vscode';
import { mediaKindOf } from '../../core/media';
import { formatBytes } from '../../core/mediaIndex';
import { MEDIA_TREE_COMMANDS } from '../commandIds';
import { escapeMarkdown, fitImage, inlineCode, markdownImage } from '../../core/editor';
import { describeSkippedPreview, imagePreviewVerdict, type ImageInfo } from '../../core/media';
import { readPreviewOptions } from '../editor/editorConfig';
import type { ImageDimensions } from './imageDimensions';
import { targetUri, type FileNode, type FolderNode, type MediaNode } from './mediaNodes';
import type { MediaTreeConfig } from './mediaTreeConfig';

/** Thumbnails load the whole image in the workbench: larger files keep the theme's icon. */
const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;

function isImage(name: string): boolean {
  const kind = mediaKindOf(name);
  return kind === 'image' || kind === 'svg';
}

/** How a node of the Media Files view looks: label, icon, description, context value, click. */
export function mediaTreeItem(node: MediaNode, config: MediaTreeConfig, dimensions: ImageDimensions): vscode.TreeItem {
  switch (node.kind) {
    case 'project': {
      const p = node.project;
      const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `project:${p.key}`;
      item.description = p.mediaUrl ?? 'MEDIA_URL unknown';
      item.iconPath = new vscode.ThemeIcon(p.location?.kind === 'remote' ? 'cloud' : 'root-folder');
      item.contextValue = p.mediaRoot !== undefined ? 'djangoMedia.root' : 'djangoMedia.project';
      item.tooltip = `${p.entry.project.root}\nMEDIA_ROOT: ${p.mediaRoot ?? '(none)'}\nMEDIA_URL: ${p.mediaUrl ?? 'unknown'}`;
      if (p.mediaRoot !== undefined) item.resourceUri = p.uriOf('');
      return item;
    }
    case 'folder':
    case 'file':
      if (node.entry.linkOutside) return linkOutsideItem(node);
      return node.kind === 'file' ? fileItem(node, config, dimensions) : folderItem(node);
    case 'more': {
      const item = new vscode.TreeItem(`Show more… (${node.shown.toLocaleString('en-US')} of ${node.total.toLocaleString('en-US')})`, vscode.TreeItemCollapsibleState.None);
      item.id = `more:${node.project.key}#${node.folder}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'djangoMedia.more';
      item.tooltip = node.note ?? `Shows the next ${config.pageSize} entries`;
      if (node.note) item.description = 'sorted by name';
      item.command = { command: MEDIA_TREE_COMMANDS.showMore, title: 'Show More', arguments: [node] };
      return item;
    }
    case 'info': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `info:${node.id}`;
      item.contextValue = 'djangoMedia.info';
      if (node.options.description) item.description = node.options.description;
      if (node.options.tooltip) item.tooltip = node.options.tooltip;
      if (node.options.icon) item.iconPath = new vscode.ThemeIcon(node.options.icon);
      if (node.options.command) item.command = node.options.command;
      return item;
    }
  }
}

function folderItem(node: FolderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.entry.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `folder:${node.project.key}#${node.storageName}`;
  item.resourceUri = targetUri(node);
  item.iconPath = vscode.ThemeIcon.Folder;
  item.contextValue = 'djangoMedia.folder';
  const notes = [node.entry.symlink ? 'symbolic link' : '', node.entry.undecodable ? 'name is not valid UTF-8' : ''].filter(Boolean);
  if (notes.length) item.description = notes.join(' · ');
  return item;
}

/**
 * A symbolic link that leads out of MEDIA_ROOT (or that cannot be resolved here): shown so that the
 * folder's contents are not a mystery, but not opened, listed into, renamed or deleted — its context
 * value matches no menu.
 */
function linkOutsideItem(node: FileNode | FolderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.entry.name, vscode.TreeItemCollapsibleState.None);
  item.id = `link:${node.project.key}#${node.storageName}`;
  item.iconPath = new vscode.ThemeIcon(node.kind === 'folder' ? 'file-symlink-directory' : 'file-symlink-file');
  item.contextValue = 'djangoMedia.linkOutside';
  item.description = 'symbolic link out of MEDIA_ROOT · not followed';
  item.tooltip = `${node.storageName}\nA symbolic link that leads out of MEDIA_ROOT (or that cannot be resolved here): the explorer does not follow it, and never offers to rename or delete it.`;
  return item;
}

function fileItem(node: FileNode, config: MediaTreeConfig, dimensions: ImageDimensions): vscode.TreeItem {
  const e = node.entry;
  const uri = targetUri(node)!;
  const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.None);
  item.id = `file:${node.project.key}#${node.storageName}`;
  item.resourceUri = uri;
  const image = isImage(e.name);
  const size = e.stat ? e.stat.size : undefined;
  const dims = image && size !== undefined ? dimensions.forDescription(node, size) : undefined;
  // A thumbnail only once the header says the picture is small enough to decode: a 300 KB PNG can
  // declare 50,000 × 50,000 pixels. Until its dimensions are read, the file icon stands in.
  const thumbnail = config.thumbnails && size !== undefined && size > 0 && dims !== undefined && imagePreviewVerdict(size, dims, THUMBNAIL_MAX_BYTES).kind === 'embed';
  item.iconPath = thumbnail ? uri : vscode.ThemeIcon.File;
  item.contextValue = image ? 'djangoMedia.file.image' : 'djangoMedia.file';
  const parts: string[] = [];
  if (size !== undefined) parts.push(formatBytes(size));
  if (dims) parts.push(`${dims.width}×${dims.height}`);
  if (e.stat === null) parts.push(e.undecodable ? 'name is not valid UTF-8' : 'cannot be read');
  if (e.symlink) parts.push('symbolic link');
  item.description = parts.join(' · ');
  if (!e.undecodable) item.command = { command: MEDIA_TREE_COMMANDS.open, title: 'Open', arguments: [node] };
  return item;
}

/** The tooltip of a file or folder: its URL, size, dimensions (an image is read for them), date. */
export async function mediaEntryTooltip(node: FileNode | FolderNode, dimensions: ImageDimensions, token: vscode.CancellationToken): Promise<vscode.MarkdownString> {
  const p = node.project;
  const e = node.entry;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(node.storageName)}**\n\n`);
  const url = p.urlOf(node.storageName);
  if (node.kind === 'file') {
    md.appendMarkdown(url ? `URL: ${inlineCode(url)}\n\n` : 'URL: unknown (MEDIA_URL is unknown)\n\n');
    if (e.stat) md.appendMarkdown(`Size: ${formatBytes(e.stat.size)} (${e.stat.size.toLocaleString('en-US')} bytes)\n\n`);
    if (isImage(e.name) && e.stat && !token.isCancellationRequested) {
      const dims = await dimensions.read(node);
      if (dims) md.appendMarkdown(`Dimensions: ${dims.width} × ${dims.height} px (${dims.type})\n\n`);
      const preview = await tooltipPreview(node, e.stat.size, dims);
      if (preview && !token.isCancellationRequested) md.appendMarkdown(`${preview}\n\n`);
    }
  } else if (url) {
    md.appendMarkdown(`URL prefix: ${inlineCode(`${url}/`)}\n\n`);
  }
  if (e.stat) md.appendMarkdown(`Modified: ${new Date(e.stat.mtime).toLocaleString()}\n\n`);
  if (e.symlink) md.appendMarkdown('Symbolic link\n\n');
  if (e.undecodable) md.appendMarkdown('The name on disk is not valid UTF-8: VS Code cannot open it by this name.\n\n');
  return md;
}

/**
 * The picture itself for a file's tooltip, within the hover's bounds (djangoMedia.hover.maxWidth,
 * maxHeight, maxImageBytes, and the pixel caps), or why it is left out. Only a regular file MEDIA_ROOT's
 * guard lets through is shown, by its local Uri (markdownImage refuses remote sources).
 */
async function tooltipPreview(node: FileNode, size: number, dims: ImageInfo | undefined): Promise<string | undefined> {
  const fs = node.project.mediaFs;
  const uri = targetUri(node);
  if (!fs || !uri || node.entry.linkOutside || size === 0 || (await fs.denial(node.entry.path))) return undefined;
  const options = readPreviewOptions(uri);
  const verdict = imagePreviewVerdict(size, dims, options.maxImageBytes);
  if (verdict.kind !== 'embed') return `*No preview: ${escapeMarkdown(describeSkippedPreview(verdict, size) ?? '')}.*`;
  const shown = dims ? fitImage(dims.width, dims.height, options.maxWidth, options.maxHeight) : { width: 0, height: Math.min(options.maxHeight, 128) };
  return markdownImage(uri.toString(), node.entry.name, shown.width, shown.height);
}
