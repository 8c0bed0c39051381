// What a hover shows over media references and media settings, as Markdown.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeMediaReference,
  editorMediaContext,
  fitImage,
  markdownImage,
  formatBytes,
  formatSettingValue,
  ImageInfoCache,
  remoteStorageUrl,
  renderMediaHover,
  renderSettingHover,
  scanDocument,
  settingAt,
  type HoverRenderer,
  type PreviewOptions,
} from '../../../src/core/editor';
import { analyze, managePy, png, project } from './helpers';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const OPTIONS: PreviewOptions = { maxWidth: 300, maxHeight: 200, maxImageBytes: 10 * 1024 * 1024 };

/** Links and paths the way a test can read them. */
const renderer: HoverRenderer = {
  imageSrc: (p) => `file://${p}`,
  displayPath: (p) => (p.startsWith('/ws/') ? p.slice(4) : p),
  actionLink: (action, p, label) => `[${label}](${action}:${p})`,
  sourceLink: (r, label) => `[${label}](open:${r.file}#${r.line})`,
  formatTime: (t) => `t=${t}`,
};

const LOCAL = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\n';

async function hoverOf(fs: MemoryFileSystem, template: string, options = OPTIONS, images = new ImageInfoCache()) {
  const ctx = editorMediaContext(await analyze(fs));
  const refs = scanDocument(template, 'django-html', '/ws/templates/t.html', ctx).refs;
  assert.equal(refs.length, 1, `one reference in ${template}`);
  const h = await describeMediaReference(fs, refs[0]!, ctx, options, images);
  return { h, md: renderMediaHover(h, renderer, options) };
}

describe('media reference hover', () => {
  it('embeds an image through its Uri, bounded and in proportion, with dimensions, size, time, path and links', async () => {
    const fs = project(LOCAL).file('/ws/media/photos/a.png', { text: png(1200, 600, 3000), mtime: 1234 });
    const { h, md } = await hoverOf(fs, '<img src="{{ MEDIA_URL }}photos/a.png">');
    assert.equal(h.kind, 'file');
    assert.equal(md, [
      '![photos/a.png](file:///ws/media/photos/a.png|width=300,height=150)',
      '',
      '**photos/a\\.png** — PNG image, 1200 × 600 px, 2.9 KB  ',
      '`media/photos/a.png` · modified t=1234  ',
      '[Open](open:/ws/media/photos/a.png) · [Reveal in Media explorer](revealInMediaExplorer:/ws/media/photos/a.png) · [Reveal in Explorer](revealInExplorer:/ws/media/photos/a.png)',
    ].join('\n'));
  });

  it('says "not found" only when MEDIA_ROOT could be read; a link out of it is never previewed', async () => {
    const fs = project(LOCAL, { '/ws/media/photos/a.png': png(10, 10), '/secret/x.png': png(10, 10) }).link('/ws/media/out', '/secret');
    const missing = await hoverOf(fs, '"/media/photos/gone.png"');
    assert.equal(missing.h.kind, 'missing');
    const out = await hoverOf(fs, '"/media/out/x.png"');
    assert.equal(out.h.kind, 'unmapped');
    assert.ok(!out.md.includes('file:///secret'), out.md);
    fs.denied.add('/ws/media/photos');
    const unreadable = await hoverOf(fs, '"/media/photos/gone.png"');
    assert.equal(unreadable.h.kind, 'unmapped');
    assert.match(unreadable.md, /Whether this file exists is unknown/);
  });

  it('follows the configured bounds, and never enlarges a small image', async () => {
    const fs = project(LOCAL, { '/ws/media/tall.png': png(100, 1000), '/ws/media/icon.png': png(16, 16) });
    const tall = await hoverOf(fs, '"/media/tall.png"', { ...OPTIONS, maxWidth: 50, maxHeight: 80 });
    assert.ok(tall.md.includes('|width=8,height=80)'), tall.md);
    const icon = await hoverOf(fs, '"/media/icon.png"');
    assert.ok(icon.md.includes('|width=16,height=16)'), icon.md);
    assert.deepEqual(fitImage(3000, 2000, 300, 200), { width: 300, height: 200 });
  });

  it('shows an SVG as an image, never as inline markup', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>alert(1)</script></svg>';
    const fs = project(LOCAL, { '/ws/media/logo.svg': svg });
    const { md } = await hoverOf(fs, '{% get_media_prefix %}logo.svg');
    assert.ok(md.includes('![logo.svg](file:///ws/media/logo.svg|width=40,height=20)'), md);
    assert.ok(md.includes('SVG image'), md);
    assert.ok(!md.includes('<svg') && !md.includes('<script'), md);
  });

  it('does not embed an image over maxImageBytes, and says so', async () => {
    const fs = project(LOCAL, { '/ws/media/big.png': png(4000, 3000, 5000) });
    const { h, md } = await hoverOf(fs, '"/media/big.png"', { ...OPTIONS, maxImageBytes: 4096 });
    assert.equal(h.kind === 'file' && h.preview.kind, 'too-large');
    assert.ok(!md.includes('!['), md);
    assert.ok(md.includes('No preview: 4.9 KB is over the 4.0 KB limit (`djangoMedia.hover.maxImageBytes`)'), md);
    assert.ok(md.includes('4000 × 3000 px'), 'the header still gives the dimensions');
  });

  it('does not embed a small file whose header declares 50,000 × 50,000 pixels, and says why', async () => {
    const fs = project(LOCAL, { '/ws/media/bomb.png': png(50_000, 50_000, 300 * 1024), '/ws/media/wide.png': png(12_000, 10, 2000) });
    const { h, md } = await hoverOf(fs, '"/media/bomb.png"');
    assert.deepEqual(h.kind === 'file' && h.preview, { kind: 'too-many-pixels', width: 50_000, height: 50_000 });
    assert.ok(!md.includes('!['), md);
    assert.ok(md.includes('*No preview: 50000 × 50000 px is over the limit of 40 megapixels and 10,000 px a side.*'), md);
    assert.ok(md.includes('PNG image, 50000 × 50000 px, 300 KB'), 'the facts are still shown');
    const wide = await hoverOf(fs, '"/media/wide.png"');
    assert.ok(!wide.md.includes('![') && wide.md.includes('12000 × 10 px is over the limit'), wide.md);
  });

  it('embeds an image without readable dimensions only when it is small', async () => {
    const fs = project(LOCAL, { '/ws/media/odd.png': new Uint8Array(2000), '/ws/media/odd-big.png': new Uint8Array(2 * 1024 * 1024) });
    assert.ok((await hoverOf(fs, '"/media/odd.png"')).md.startsWith('![odd.png]('));
    const big = await hoverOf(fs, '"/media/odd-big.png"');
    assert.equal(big.h.kind === 'file' && big.h.preview.kind, 'unknown-dimensions');
    assert.ok(!big.md.includes('![') && big.md.includes('*No preview: the dimensions of this 2.0 MB image cannot be read from its header.*'), big.md);
  });

  it('never embeds a remote image source, whatever the renderer gives', async () => {
    const fs = project(LOCAL, { '/ws/media/a.png': png(10, 10) });
    const ctx = editorMediaContext(await analyze(fs));
    const refs = scanDocument('"https://evil.example/a.png" "/media/a.png"', 'django-html', '/ws/templates/t.html', ctx).refs;
    for (const ref of refs) {
      const h = await describeMediaReference(fs, ref, ctx, OPTIONS, new ImageInfoCache());
      const md = renderMediaHover(h, { ...renderer, imageSrc: () => 'https://evil.example/a.png' }, OPTIONS);
      assert.ok(!md.includes('!['), md);
    }
  });

  it('gives kind and size for video, audio, PDF and other files, without a preview', async () => {
    const fs = project(LOCAL, { '/ws/media/a.mp4': 'x'.repeat(2048), '/ws/media/d.pdf': 'x', '/ws/media/n.bin': 'xy' });
    assert.ok((await hoverOf(fs, '"/media/a.mp4"')).md.includes('**a\\.mp4** — Video, 2.0 KB'));
    assert.ok((await hoverOf(fs, '"/media/d.pdf"')).md.includes('PDF document, 1 B'));
    const other = await hoverOf(fs, '"/media/n.bin"');
    assert.ok(other.md.includes('File, 2 B') && !other.md.includes('!['), other.md);
  });

  it('says where it looked for a missing file', async () => {
    const fs = project(LOCAL, { '/ws/media/photos/a.png': png(1, 1) });
    const { md } = await hoverOf(fs, '<img src="/media/photos/missing-cat.png">');
    assert.equal(md, '**Not found in MEDIA_ROOT:** `photos/missing-cat.png`  \nLooked in `media/photos/`');
  });

  it('a missing file: "did you mean" the closest files of the same folder, each opening its file', async () => {
    const fs = project(LOCAL, { '/ws/media/photos/sunset.png': png(1, 1), '/ws/media/photos/forest.png': png(1, 1), '/ws/media/sunset.png': png(1, 1) });
    const { md } = await hoverOf(fs, '<img src="/media/photos/sunst.png">');
    assert.equal(md, '**Not found in MEDIA_ROOT:** `photos/sunst.png`  \nLooked in `media/photos/`\n\nDid you mean [sunset.png](open:/ws/media/photos/sunset.png)?');
  });

  it('says a folder is a folder', async () => {
    const fs = project(LOCAL, { '/ws/media/photos/a.png': png(1, 1) });
    const { md } = await hoverOf(fs, '"/media/photos"');
    assert.ok(md.startsWith('**photos/** — a folder under MEDIA_ROOT, not a file'), md);
  });

  it('maps an absolute CDN URL back to the local file', async () => {
    const fs = project('MEDIA_URL = "https://cdn.example.com/media/"\nMEDIA_ROOT = "/ws/media"\n', { '/ws/media/p/x.png': png(10, 10) });
    const { h } = await hoverOf(fs, '<img src="https://cdn.example.com/media/p/x.png?v=2">');
    assert.equal(h.kind, 'file');
    assert.equal(h.kind === 'file' && h.path, '/ws/media/p/x.png');
  });

  it('explains an unknown or unset MEDIA_ROOT and a URL leaving MEDIA_ROOT', async () => {
    const unknown = project('import os\nMEDIA_URL = "/media/"\nMEDIA_ROOT = os.environ["MEDIA_DIR"]\n');
    const u = await hoverOf(unknown, '"/media/a.png"');
    assert.ok(u.md.startsWith('`a.png`: MEDIA\\_ROOT is unknown: '), u.md);
    assert.ok(u.md.includes('MEDIA\\_DIR'), u.md);
    const unset = await hoverOf(project('MEDIA_URL = "/media/"\n'), '"/media/a.png"');
    assert.ok(unset.md.includes('MEDIA\\_ROOT is not set'), unset.md);
    const out = await hoverOf(project(LOCAL), '"/media/%2e%2e/%2e%2e/etc/passwd"');
    assert.ok(out.md.includes('names no file under MEDIA\\_ROOT'), out.md);
  });

  it('reads an image header once per file version (cache by path, size and mtime)', async () => {
    const fs = project(LOCAL, { '/ws/media/a.png': png(20, 10) });
    const images = new ImageInfoCache();
    const imageReads = () => fs.reads.filter((p) => p === '/ws/media/a.png').length;
    await hoverOf(fs, '"/media/a.png"', OPTIONS, images);
    assert.equal(imageReads(), 1);
    await hoverOf(fs, '"/media/a.png"', OPTIONS, images);
    assert.equal(imageReads(), 1, 'no second header read');
    fs.write('/ws/media/a.png', png(40, 10));
    const again = await hoverOf(fs, '"/media/a.png"', OPTIONS, images);
    assert.equal(imageReads(), 2, 'a changed file is read again');
    assert.ok(again.md.includes('40 × 10 px'), again.md);
  });
});

describe('remote default storage', () => {
  const s3 = (extra: string) => project(`MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\nSTORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"${extra}}}\n`);

  it('shows the URL Django would produce with a custom domain (and location)', async () => {
    const { md } = await hoverOf(s3(', "OPTIONS": {"custom_domain": "cdn.example.com", "location": "uploads"}'), '{{ MEDIA_URL }}a%20b.png');
    assert.ok(md.includes('`a b.png` is kept by the default storage `storages.backends.s3.S3Storage`, not under MEDIA_ROOT.'), md);
    assert.ok(md.includes('Django would produce `https://cdn.example.com/uploads/a%20b.png` (from `STORAGES["default"]["OPTIONS"]["custom_domain"]`)'), md);
  });

  it('says the URLs are signed without a custom domain', async () => {
    const { md } = await hoverOf(s3(''), '"/media/a.png"');
    assert.ok(md.includes('signed URL, different on every request'), md);
  });

  it('reads the legacy django-storages settings too', async () => {
    const model = await analyze(project('DEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"\nAWS_S3_CUSTOM_DOMAIN = "media.example.org"\nAWS_LOCATION = "/m/"\n'));
    assert.deepEqual(remoteStorageUrl(model, 'storages.backends.s3boto3.S3Boto3Storage', 'x/y.png'), { kind: 'url', url: 'https://media.example.org/m/x/y.png', setting: 'AWS_S3_CUSTOM_DOMAIN' });
    const gcs = await analyze(project('GS_CUSTOM_ENDPOINT = "https://storage.example.net"\n'));
    assert.deepEqual(remoteStorageUrl(gcs, 'storages.backends.gcloud.GoogleCloudStorage', 'a.png'), { kind: 'url', url: 'https://storage.example.net/a.png', setting: 'GS_CUSTOM_ENDPOINT' });
    const azure = await analyze(project('AZURE_CUSTOM_DOMAIN = "acct.blob.core.windows.net"\nAZURE_CONTAINER = "media"\n'));
    assert.equal(remoteStorageUrl(azure, 'storages.backends.azure_storage.AzureStorage', 'a.png').kind, 'url');
    const open = await analyze(project('AWS_STORAGE_BUCKET_NAME = "pics"\nAWS_QUERYSTRING_AUTH = False\n'));
    assert.deepEqual(remoteStorageUrl(open, 'storages.backends.s3.S3Storage', 'a.png'), { kind: 'url', url: 'https://pics.s3.amazonaws.com/a.png', setting: 'AWS_QUERYSTRING_AUTH' });
  });
});

describe('setting hover', () => {
  // base.py sets both; dev.py star-imports it and overrides MEDIA_ROOT.
  function split(): MemoryFileSystem {
    return new MemoryFileSystem({
      '/ws/manage.py': managePy('site.settings.dev'),
      '/ws/site/__init__.py': '',
      '/ws/site/settings/__init__.py': '',
      '/ws/site/settings/base.py': 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nMEDIA_URL = "/media/"\nMEDIA_ROOT = BASE_DIR / "media"\n',
      '/ws/site/settings/dev.py': 'from .base import *\n\nMEDIA_ROOT = BASE_DIR / "uploads"\n',
    }, { unsorted: true });
  }

  it('shows the effective value and the assignment that decided it, through a star import and an override', async () => {
    const model = await analyze(split());
    const md = renderSettingHover(model, settingAt('p = settings.MEDIA_ROOT', 16, 'python')!, renderer);
    assert.ok(md.startsWith("**MEDIA_ROOT** = `'/ws/uploads'` (`uploads`)"), md);
    assert.ok(md.includes('Set in [site/settings/dev.py:3](open:/ws/site/settings/dev.py#3) of `site.settings.dev`'), md);
    const url = renderSettingHover(model, settingAt('{% get_media_prefix %}', 5, 'django-html')!, renderer);
    assert.ok(url.includes("**MEDIA_URL** = `'/media/'`"), url);
    assert.ok(url.includes('`{% get_media_prefix %}` renders the effective MEDIA_URL.'), url);
    assert.ok(url.includes('Set in [site/settings/base.py:3]'), url);
  });

  it('on an overridden assignment in the base module, says it is not the one that counts', async () => {
    const model = await analyze(split());
    const mention = settingAt('MEDIA_ROOT = BASE_DIR / "media"', 2, 'python')!;
    const md = renderSettingHover(model, mention, renderer, { file: '/ws/site/settings/base.py', line: 4, read: true });
    assert.ok(md.includes('Set in [site/settings/dev.py:3](open:/ws/site/settings/dev.py#3) of `site.settings.dev` — not by this assignment'), md);
    const unread = renderSettingHover(model, mention, renderer, { file: '/ws/site/settings/prod.py', line: 4, read: false });
    assert.ok(unread.includes('This file is not part of the settings module of `site.settings.dev`'), unread);
  });

  it("says when a value is Django's default, and why one is unknown", async () => {
    const model = await analyze(project('MEDIA_URL = "/media/"\n'));
    const md = renderSettingHover(model, { name: 'STATIC_ROOT', form: 'attribute' }, renderer);
    assert.equal(md, "**STATIC_ROOT** = `None`\n\nDjango's default: not set by the settings of `site.settings`");
    const unknown = await analyze(project('import os\nMEDIA_ROOT = os.environ["X_ROOT"]\n'));
    const u = renderSettingHover(unknown, { name: 'MEDIA_ROOT', form: 'attribute' }, renderer);
    assert.ok(u.startsWith('**MEDIA_ROOT** is unknown: '), u);
    assert.ok(u.includes('Set in [site/settings.py:2]'), u);
  });
});

describe('markdownImage', () => {
  it('keeps the destination one token and the alt text literal', () => {
    assert.equal(markdownImage('file:///m/a b(1).png', 'a [b]', 10, 0), '![a \\[b\\]](file:///m/a%20b%281%29.png|width=10)');
    assert.equal(markdownImage('file:///m/x.png', 'x', 0, 128), '![x](file:///m/x.png|height=128)');
  });
});

describe('formatSettingValue', () => {
  it("shows control characters as Python's repr does, on one line", () => {
    assert.equal(formatSettingValue('/m/\n::error::forged\u001b[31m\t\\'), "'/m/\\n::error::forged\\x1b[31m\\t\\\\'");
  });
});

describe('formatBytes', () => {
  it('uses binary units like the Explorer', () => {
    assert.deepEqual([0, 1023, 1024, 1536, 10 * 1024 * 1024, 123 * 1024 * 1024].map(formatBytes), ['0 B', '1023 B', '1.0 KB', '1.5 KB', '10 MB', '123 MB']);
  });
});
