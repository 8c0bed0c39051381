// Media path completion: where it applies, which folder it lists, and what it offers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  completionCandidates,
  editorMediaContext,
  FolderListingCache,
  mediaCompletionContext,
  toFolderListing,
  type EditorMediaContext,
  type MediaCompletionContext,
} from '../../../src/core/editor';
import type { ReferenceLanguage } from '../../../src/core/media';
import { analyze, project } from './helpers';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

async function contextFor(settings: string): Promise<EditorMediaContext> {
  return editorMediaContext(await analyze(project(settings)));
}

const LOCAL = 'MEDIA_URL = "/media/"\nMEDIA_ROOT = "/ws/media"\nSTATIC_URL = "/static/"\n';
const CDN = 'MEDIA_URL = "https://cdn.example.com/media/"\nMEDIA_ROOT = "/ws/media"\n';

/** The completion context with the caret at the last "|" of `line`. */
function at(ctx: EditorMediaContext, line: string, language: ReferenceLanguage = 'django-html', vars: string[] = []): MediaCompletionContext | undefined {
  const caret = line.lastIndexOf('|');
  assert.ok(caret >= 0);
  return mediaCompletionContext(line.slice(0, caret) + line.slice(caret + 1), caret + 1, language, ctx, vars);
}

function folderOf(c: MediaCompletionContext | undefined): string | undefined {
  return c?.kind === 'path' ? `${c.folderName}|${c.typed}` : undefined;
}

describe('mediaCompletionContext', () => {
  it('completes after every template prefix form', async () => {
    const ctx = await contextFor(LOCAL);
    assert.equal(folderOf(at(ctx, '<img src="{{ MEDIA_URL }}|">')), '|');
    assert.equal(folderOf(at(ctx, '<img src="{{MEDIA_URL}}photos/su|">')), 'photos|su');
    assert.equal(folderOf(at(ctx, '<img src="{{ settings.MEDIA_URL|safe }}a/b/|">', 'jinja')), 'a/b|');
    assert.equal(folderOf(at(ctx, '<a href="{% get_media_prefix %}docs/|">')), 'docs|');
    assert.equal(folderOf(at(ctx, '<img src="{{ P }}x|">', 'django-html', ['P'])), '|x');
    assert.equal(at(ctx, '<img src="{{ Q }}x|">', 'django-html', ['P']), undefined, 'an unbound variable');
    assert.equal(at(ctx, '<img src="{{ photo.url }}x|">'), undefined);
  });

  it('completes after the literal MEDIA_URL path where a URL may start in each language', async () => {
    const ctx = await contextFor(LOCAL);
    assert.equal(folderOf(at(ctx, '<img src="/media/photos/|">')), 'photos|');
    assert.equal(folderOf(at(ctx, 'IMG = "/media/|"', 'python')), '|');
    assert.equal(at(ctx, 'x = /media/|', 'python'), undefined, 'outside a string in Python');
    assert.equal(folderOf(at(ctx, 'const u = `/media/p|`;', 'javascript')), '|p');
    assert.equal(folderOf(at(ctx, 'background: url( /media/b|);', 'css')), '|b');
    assert.equal(folderOf(at(ctx, '![x](/media/a|)', 'markdown')), '|a');
    assert.equal(at(ctx, '<img src="/static/|">'), undefined, 'STATIC_URL is not MEDIA_URL');
  });

  it('decodes percent-escapes in the folder, keeps MEDIA_ROOT a jail, and stops in a query', async () => {
    const ctx = await contextFor(LOCAL);
    assert.equal(folderOf(at(ctx, '"/media/my%20photos/a|"')), 'my photos|a');
    assert.equal(folderOf(at(ctx, '"/media/a/../b/|"')), 'b|');
    assert.equal(at(ctx, '"/media/../|"'), undefined);
    assert.equal(at(ctx, '"/media/%2e%2e/|"'), undefined, 'encoded dots climb out just the same once decoded');
    assert.equal(at(ctx, '"/media/%zz/|"'), undefined);
    assert.equal(at(ctx, '"/media/a.png?v=|"'), undefined);
    const c = at(ctx, '<img src="/media/ph|otos/x.png">');
    assert.ok(c?.kind === 'path');
    const line = '<img src="/media/photos/x.png">';
    assert.equal(line.slice(c.start - 1, c.end - 1), 'photos', 'the replaced segment runs to the next "/"');
    assert.equal(c.caret - c.start, 2);
  });

  it('completes after an absolute CDN MEDIA_URL, with or without the scheme, host in any case', async () => {
    const ctx = await contextFor(CDN);
    assert.equal(folderOf(at(ctx, '<img src="https://cdn.example.com/media/p/|">')), 'p|');
    assert.equal(folderOf(at(ctx, '<img src="//CDN.Example.com/media/|">')), '|');
    assert.equal(at(ctx, '<img src="https://cdn.example.com/MEDIA/|">'), undefined, 'the path is case-sensitive');
    assert.equal(at(ctx, '<img src="/media/|">'), undefined, 'a path-only URL is not under an absolute MEDIA_URL');
  });

  it('offers the prefix itself after the quote of a URL attribute, after url(, and for a partly typed prefix', async () => {
    const ctx = await contextFor(LOCAL);
    const p = (c: MediaCompletionContext | undefined) => (c?.kind === 'prefix' ? c.prefixes : undefined);
    assert.deepEqual(p(at(ctx, '<img src="|">')), ['/media/', '{{ MEDIA_URL }}']);
    assert.deepEqual(p(at(ctx, '<img src="|">', 'html')), ['/media/']);
    assert.deepEqual(p(at(ctx, '.a { background: url(|) }', 'css')), ['/media/']);
    assert.deepEqual(p(at(ctx, 'X = "/me|"', 'python')), ['/media/']);
    assert.equal(at(ctx, '<div class="|">'), undefined, 'not a URL attribute');
    assert.equal(at(ctx, 'x = "|"', 'python'), undefined, 'not every string in code');
    assert.equal(at(ctx, '<img src="/st|">'), undefined);
    const cdn = await contextFor(CDN);
    assert.deepEqual(p(at(cdn, '<img src="https://cd|">')), ['https://cdn.example.com/media/']);
  });

  it('is off when MEDIA_ROOT is not a local folder or MEDIA_URL is "/"', async () => {
    const remote = await contextFor(`${LOCAL}STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}\n`);
    assert.equal(at(remote, '"/media/|"'), undefined);
    const root = await contextFor('MEDIA_URL = "/"\nMEDIA_ROOT = "/ws/media"\n');
    assert.equal(at(root, '<a href="/|">'), undefined, 'every root-relative link would be a media path');
    assert.equal(folderOf(at(root, '<a href="{{ MEDIA_URL }}|">')), '|', 'the template prefix still works');
  });
});

describe('completionCandidates', () => {
  // Listed in no particular order (the port's).
  const listing = toFolderListing([
    { name: 'zeta.png', type: 'file' },
    { name: 'Alpha.JPG', type: 'file' },
    { name: 'photos', type: 'directory' },
    { name: '.hidden', type: 'file' },
    { name: 'my photo.png', type: 'file' },
    { name: 'Archive', type: 'directory' },
    { name: 'fifo', type: 'other' },
    { name: 'doc.pdf', type: 'file' },
  ]);

  it('puts folders first, then names case-insensitively, with kinds and URL-encoded inserts', () => {
    const { candidates, incomplete } = completionCandidates(listing, '', 100);
    assert.deepEqual(candidates.map((c) => c.name), ['Archive', 'photos', 'Alpha.JPG', 'doc.pdf', 'my photo.png', 'zeta.png']);
    assert.deepEqual(candidates.map((c) => c.detail), ['Folder', 'Folder', 'Image', 'PDF document', 'Image', 'Image']);
    assert.equal(candidates.find((c) => c.name === 'my photo.png')?.insert, 'my%20photo.png');
    assert.equal(incomplete, false);
  });

  it('filters by the typed prefix (case-insensitive) before capping, and shows dot files only when asked', () => {
    assert.deepEqual(completionCandidates(listing, 'A', 100).candidates.map((c) => c.name), ['Archive', 'Alpha.JPG']);
    assert.deepEqual(completionCandidates(listing, '.', 100).candidates.map((c) => c.name), ['.hidden']);
    const capped = completionCandidates(listing, '', 3);
    assert.deepEqual(capped.candidates.map((c) => c.name), ['Archive', 'photos', 'Alpha.JPG']);
    assert.equal(capped.incomplete, true);
  });

  it('picks the first entries in order from any listing order, whatever the cap', () => {
    // A deterministic shuffle of 2,000 names, a few of them folders, some differing only in case.
    const entries = Array.from({ length: 2000 }, (_, i) => {
      const n = (i * 7919) % 2000;
      return { name: `${n % 3 === 0 ? 'F' : 'f'}ile-${String(n).padStart(4, '0')}.png`, type: (n % 97 === 0 ? 'directory' : 'file') as 'directory' | 'file' };
    });
    const l = toFolderListing(entries);
    const full = completionCandidates(l, '', 10_000).candidates.map((c) => c.name);
    const key = (e: { name: string; type: string }) => `${e.type === 'directory' ? 0 : 1}${e.name.toLowerCase()}`;
    assert.deepEqual(full, [...entries].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((e) => e.name));
    for (const cap of [1, 7, 21, 500]) assert.deepEqual(completionCandidates(l, '', cap).candidates.map((c) => c.name), full.slice(0, cap), `cap ${cap}`);
    assert.deepEqual(completionCandidates(l, 'file-19', 5).candidates.map((c) => c.name), full.filter((n) => n.toLowerCase().startsWith('file-19')).slice(0, 5));
  });

  it('answers a 100,000-entry folder with a bounded list', () => {
    const big = toFolderListing(Array.from({ length: 100_000 }, (_, i) => ({ name: `img_${String((i * 7919) % 100_000).padStart(6, '0')}.jpg`, type: 'file' as const })));
    const all = completionCandidates(big, '', 500);
    assert.equal(all.candidates.length, 500);
    assert.equal(all.candidates[0]!.name, 'img_000000.jpg');
    assert.equal(all.candidates[499]!.name, 'img_000499.jpg');
    assert.equal(all.incomplete, true);
    const narrow = completionCandidates(big, 'img_09999', 500);
    assert.deepEqual(narrow.candidates.map((c) => c.name), Array.from({ length: 10 }, (_, i) => `img_09999${i}.jpg`));
    assert.equal(narrow.incomplete, false);
  });
});

describe('FolderListingCache', () => {
  function fsWithPhotos(): MemoryFileSystem {
    return new MemoryFileSystem({ '/m/photos/a.png': 'a', '/m/photos/b.png': 'b' }, { unsorted: true });
  }

  it('lists a folder once while it is unchanged, and again after an entry is added', async () => {
    const fs = fsWithPhotos();
    const cache = new FolderListingCache(fs, () => 0);
    assert.deepEqual([...(await cache.list('/m/photos'))!.names].sort(), ['a.png', 'b.png']);
    await cache.list('/m/photos');
    assert.equal(fs.listings, 1);
    fs.write('/m/photos/c.png', 'c');
    assert.deepEqual([...(await cache.list('/m/photos'))!.names].sort(), ['a.png', 'b.png', 'c.png']);
    assert.equal(fs.listings, 2);
    assert.equal(fs.stats, 3, 'one stat of the folder per request, none per entry');
  });

  it('falls back to a short time-to-live when the file system reports no modification time', async () => {
    const fs = fsWithPhotos();
    fs.noFolderMtimes = true;
    let now = 0;
    const cache = new FolderListingCache(fs, () => now, { capacity: 4, ttlMs: 1000 });
    await cache.list('/m/photos');
    now = 500;
    await cache.list('/m/photos');
    assert.equal(fs.listings, 1);
    now = 1600;
    await cache.list('/m/photos');
    assert.equal(fs.listings, 2);
  });

  it('shares one read between concurrent requests, and says undefined for a file or a missing folder', async () => {
    const fs = fsWithPhotos();
    let open!: () => void;
    fs.gate = new Promise((r) => (open = r));
    const cache = new FolderListingCache(fs, () => 0);
    const a = cache.list('/m/photos');
    const b = cache.list('/m/photos');
    open();
    assert.equal(await a, await b);
    assert.equal(fs.listings, 1);
    fs.gate = undefined;
    assert.equal(await cache.list('/m/photos/a.png'), undefined);
    assert.equal(await cache.list('/m/nope'), undefined);
  });
});

describe('completion on hostile lines', () => {
  it('looks at most 1024 characters back and ahead on a megabyte-long line', async () => {
    const ctx = await contextFor(LOCAL);
    const line = `"/media/${'a'.repeat(1_000_000)}`;
    const near = mediaCompletionContext(line, 21, 'django-html', ctx);
    assert.ok(near?.kind === 'path');
    assert.equal(near.end - near.caret, 1024, 'the replaced segment stops at the look-ahead bound');
    assert.equal(mediaCompletionContext(line, line.length + 1, 'django-html', ctx), undefined, 'the prefix is too far back to be seen');
  });
});
