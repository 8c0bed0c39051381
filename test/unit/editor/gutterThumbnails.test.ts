import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  editorMediaContext,
  gutterCandidates,
  gutterThumbnailFile,
  gutterThumbnailsApply,
  ImageInfoCache,
  MAX_GUTTER_THUMBNAILS,
  scanDocument,
} from '../../../src/core/editor';
import { analyze, png, project } from './helpers';

const LOCAL = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\n';

async function refsOf(settings: string, files: Record<string, string | Uint8Array>, template: string) {
  const fs = project(settings, files);
  const ctx = editorMediaContext(await analyze(fs));
  return { fs, ctx, refs: scanDocument(template, 'django-html', '/ws/templates/t.html', ctx).refs };
}

describe('gutter thumbnails', () => {
  it('templates by default, every served language with "all", none with "off"', () => {
    assert.ok(gutterThumbnailsApply('templates', 'django-html') && gutterThumbnailsApply('templates', 'html') && gutterThumbnailsApply('templates', 'jinja'));
    assert.ok(!gutterThumbnailsApply('templates', 'python') && !gutterThumbnailsApply('templates', 'css'));
    assert.ok(gutterThumbnailsApply('all', 'python'));
    assert.ok(!gutterThumbnailsApply('off', 'django-html'));
  });

  it('one per line, images only, in and near the visible lines', async () => {
    const lines = [
      '<img src="/media/a.png"><img src="/media/b.png">',
      '<a href="/media/doc.pdf">pdf</a>',
      '<img src="/media/c.svg">',
    ];
    const { refs } = await refsOf(LOCAL, {}, lines.join('\n'));
    assert.deepEqual(gutterCandidates(refs, [{ start: 1, end: 3 }]).map((r) => r.storageName), ['a.png', 'c.svg']);
    const far = Array.from({ length: 200 }, (_, i) => `<img src="/media/p${i + 1}.png">`).join('\n');
    const many = await refsOf(LOCAL, {}, far);
    const near = gutterCandidates(many.refs, [{ start: 100, end: 110 }]).map((r) => r.range.line);
    assert.equal(near[0], 60, 'from 40 lines above the visible ones');
    assert.equal(near.at(-1), 150, 'to 40 lines below');
  });

  it('a 10,000-line template gets at most the bounded number, cheaply', async () => {
    const big = Array.from({ length: 10_000 }, (_, i) => `<img src="/media/p${i}.png">`).join('\n');
    const { refs } = await refsOf(LOCAL, {}, big);
    const started = performance.now();
    const chosen = gutterCandidates(refs, [{ start: 1, end: 10_000 }]);
    assert.equal(chosen.length, MAX_GUTTER_THUMBNAILS);
    assert.ok(performance.now() - started < 50, 'no per-line work beyond the cap');
  });

  it('shows only local images inside MEDIA_ROOT within the hover caps', async () => {
    const { fs, ctx, refs } = await refsOf(LOCAL, {
      '/ws/media/ok.png': png(20, 10),
      '/ws/media/huge.png': png(60_000, 60_000),
      '/ws/media/heavy.png': png(20, 10, 5000),
      '/secret/s.png': png(20, 10),
    }, '/media/ok.png\n/media/huge.png\n/media/heavy.png\n/media/gone.png\n/media/out/s.png\n');
    fs.link('/ws/media/out', '/secret');
    const images = new ImageInfoCache();
    const shown = await Promise.all(refs.map((r) => gutterThumbnailFile(fs, ctx, r, 4000, images)));
    assert.deepEqual(shown, ['/ws/media/ok.png', undefined, undefined, undefined, undefined]);
    const remote = await refsOf(`${LOCAL}STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "x"}}\n`, { '/ws/media/ok.png': png(20, 10) }, '/media/ok.png');
    assert.equal(await gutterThumbnailFile(remote.fs, remote.ctx, remote.refs[0]!, 4000, images), undefined, 'remote storage: the local file is not the one');
  });
});
