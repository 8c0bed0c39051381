import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-media.django-media';

/** The Media explorer's test API (djangoMedia.mediaTree.testApi), typed by each suite as far as it uses it. */
export async function mediaTreeTestApi<T>(): Promise<T> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await ext.activate();
  const testApi = await vscode.commands.executeCommand<T>('djangoMedia.mediaTree.testApi');
  assert.ok(testApi, 'the Media explorer is registered');
  return testApi;
}

/** A tree item's label as shown. */
export function treeLabel(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}
