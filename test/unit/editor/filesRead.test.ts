// "Files the analysis depends on": what was read is listed apart from what was only looked for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitFilesRead } from '../../../src/core/editor';
import { analyze, project } from './helpers';

describe('splitFilesRead', () => {
  it('separates the files read from module probes and optional files that do not exist', async () => {
    const fs = project("try:\n    from .local import *\nexcept ImportError:\n    pass\nimport environ\nMEDIA_ROOT = '/srv/media'\n");
    const model = await analyze(fs);
    const { existing, missing } = await splitFilesRead(fs, model.filesRead);
    assert.ok(existing.includes('/ws/site/settings.py'));
    assert.ok(existing.includes('/ws/manage.py'));
    assert.ok(missing.some((p) => p.startsWith('/ws/site/local')), `missing: ${missing.join(', ')}`);
    for (const p of existing) assert.ok(fs.text(p) !== undefined, `${p} is listed as read but does not exist`);
    for (const p of missing) assert.equal(fs.text(p), undefined, `${p} exists but is listed as not found`);
    assert.equal(existing.length + missing.length, model.filesRead.length);
  });

  it('keeps the order of the list and counts a folder as not a file read', async () => {
    const fs = project('', { '/ws/pkg/__init__.py': '' });
    const files = ['/ws/pkg/__init__.py', '/ws/pkg', '/nowhere/.env', '/ws/site/settings.py'];
    assert.deepEqual(await splitFilesRead(fs, files, 2), { existing: ['/ws/pkg/__init__.py', '/ws/site/settings.py'], missing: ['/ws/pkg', '/nowhere/.env'] });
  });
});
