// The demo site (examples/demo-site) shows the product at its best: the checks report exactly the
// mistakes its README documents, and nothing about its own committed sample media (its .gitignore
// keeps uploads out of git and lets the sample files in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { CheckContext, resolveDjangoVersion, runChecksIn } from '../../../src/core/checks';
import { analyzeWorkspace } from '../../../src/core/inspect';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

const DEMO = resolve(__dirname, '../../../../examples/demo-site');
const fs = new NodeFileSystem();

async function codes(settingsModule: string): Promise<string[]> {
  const [model] = await analyzeWorkspace(fs, DEMO, { settingsModule });
  assert.ok(model, 'the demo site is a Django project');
  const ctx = new CheckContext(fs, model, await resolveDjangoVersion(fs, model.project.root));
  return (await runChecksIn(ctx)).map((f) => `${f.range.file.slice(DEMO.length + 1)} ${f.code}`).sort();
}

test('the demo site reports the mistakes its README documents, and no others', async () => {
  assert.deepEqual(await codes('demo.settings.dev'), [
    'demo/urls.py media-serving.missing-in-development',
    'templates/gallery/photo_list.html references.missing-file',
    'templates/gallery/photo_upload.html templates.form-missing-enctype',
  ]);
  const prod = await codes('demo.settings.prod');
  assert.ok(prod.includes('demo/settings/prod.py media-url.missing-trailing-slash'), prod.join('\n'));
  assert.ok(!prod.some((c) => c.includes('media-root.not-ignored')), prod.join('\n'));
});
