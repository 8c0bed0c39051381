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

/** Answers for the explorer's prompts (its test API's setPrompts) that record every confirmation asked. */
export interface RecordingPrompts {
  /** "<action>: <message>" of each confirmation, in order. */
  readonly asked: string[];
  /** What the confirmations answer. */
  answer: boolean;
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}

/** Prompts that answer `answer` to every confirmation (no at first) and record what was asked. */
export function recordingPrompts(): RecordingPrompts {
  const prompts: RecordingPrompts = {
    asked: [],
    answer: false,
    confirm: async (message, _detail, action) => {
      prompts.asked.push(`${action}: ${message}`);
      return prompts.answer;
    },
    input: async () => undefined,
  };
  return prompts;
}
