// Find-all-references from one media reference to every place naming the same file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editorMediaContext, findReferencesToFile, referenceAt, scanDocument, sameMediaFile } from '../../../src/core/editor';
import { analyze, project } from './helpers';

const SETTINGS = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\nSTATIC_URL = "/static/"\n';

describe('findReferencesToFile', () => {
  it('finds every form naming the same file across templates, CSS and Python, and nothing else', async () => {
    const fs = project(SETTINGS, {
      '/ws/templates/a.html': '<img src="{{ MEDIA_URL }}photos/a.png">\n<img src="/media/photos/b.png">\n',
      '/ws/templates/b.html': '{% get_media_prefix %}photos/a.png and /media/photos/./a.png?v=1',
      '/ws/static/site.css': 'x { background: url("/media/photos/a.png") }',
      '/ws/app/views.py': 'DEFAULT = "/media/photos/a.png"  # /media/photos/a.png in a comment is not a use\n',
      '/ws/media/photos/a.png': 'png',
    });
    const ctx = editorMediaContext(await analyze(fs));
    const text = '<img src="{{ MEDIA_URL }}photos/a.png">';
    const ref = referenceAt(scanDocument(text, 'django-html', '/ws/templates/a.html', ctx).refs, 1, 30)!;
    assert.equal(ref.target, '/ws/media/photos/a.png');
    const found = await findReferencesToFile(fs, ctx, ref);
    assert.deepEqual(found.map((r) => `${r.range.file.slice(4)}:${r.range.line}:${r.range.column}`), [
      'app/views.py:1:12',
      'static/site.css:1:22',
      'templates/a.html:1:11',
      'templates/b.html:1:1',
      'templates/b.html:1:40',
    ]);
  });

  it('uses the unsaved text of open documents instead of the file on disk', async () => {
    const fs = project(SETTINGS, {
      '/ws/templates/a.html': '<img src="/media/x.png">',
      '/ws/templates/b.html': '<img src="/media/x.png">',
    });
    const ctx = editorMediaContext(await analyze(fs));
    const edited = scanDocument('\n\n<img src="/media/y.png"> <img src="/media/x.png">', 'django-html', '/ws/templates/b.html', ctx).refs;
    const found = await findReferencesToFile(fs, ctx, edited[1]!, { override: new Map([['/ws/templates/b.html', edited]]) });
    assert.deepEqual(found.map((r) => `${r.range.file.slice(4)}:${r.range.line}:${r.range.column}`), ['templates/a.html:1:11', 'templates/b.html:3:36']);
  });

  it('stops when cancelled', async () => {
    const fs = project(SETTINGS, { '/ws/templates/a.html': '<img src="/media/x.png">' });
    const ctx = editorMediaContext(await analyze(fs));
    const found = await findReferencesToFile(fs, ctx, { target: '/ws/media/x.png', storageName: 'x.png' }, { token: { aborted: true } });
    assert.deepEqual(found, []);
  });

  it('matches by storage name when there is no local file (remote storage)', () => {
    assert.equal(sameMediaFile({ target: null, storageName: 'a.png' }, { target: null, storageName: 'a.png' }), true);
    assert.equal(sameMediaFile({ target: null, storageName: 'a.png' }, { target: '/m/a.png', storageName: 'a.png' }), false);
    assert.equal(sameMediaFile({ target: null, storageName: null }, { target: null, storageName: null }), false);
  });
});
