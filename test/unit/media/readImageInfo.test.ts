import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mediaKindOf, readImageInfo } from '../../../src/core/media';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

function bytes(...parts: Array<number[] | string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];

/** A PNG signature and IHDR chunk (all image-size needs), then some filler. */
function png(width: number, height: number): Uint8Array {
  return bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 6, 0, 0, 0], [0, 0, 0, 0], new Uint8Array(64));
}

function gif(width: number, height: number): Uint8Array {
  return bytes('GIF89a', [width & 255, width >> 8, height & 255, height >> 8], new Uint8Array(32));
}

/** A JPEG whose size (SOF0) comes after `paddingSegments` full 64 KB APP2 segments, optionally with an EXIF orientation. */
function jpeg(width: number, height: number, options: { paddingSegments?: number; orientation?: number } = {}): Uint8Array {
  // Real JPEGs start with an APP0 (JFIF) segment; image-size expects one before the size.
  const parts: Array<number[] | string | Uint8Array> = [[0xff, 0xd8, 0xff, 0xe0], be16(16), 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]];
  if (options.orientation !== undefined) {
    const tiff = bytes('MM', [0, 0x2a], be32(8), be16(1), be16(0x0112), be16(3), be32(1), be16(options.orientation), [0, 0], be32(0));
    const data = bytes('Exif', [0, 0], tiff);
    parts.push([0xff, 0xe1], be16(data.length + 2), data);
  }
  for (let i = 0; i < (options.paddingSegments ?? 0); i++) parts.push([0xff, 0xe2], be16(65535), new Uint8Array(65533));
  parts.push([0xff, 0xc0], be16(17), [8], be16(height), be16(width), [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  parts.push([0xff, 0xd9]);
  return bytes(...parts);
}

describe('readImageInfo', () => {
  it('reads PNG, GIF, JPEG and SVG dimensions', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true })
      .file('/m/a.png', png(640, 480))
      .file('/m/b.gif', gif(32, 16))
      .file('/m/c.jpg', jpeg(1200, 800))
      .file('/m/d.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="48"></svg>')
      .file('/m/e.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"></svg>');
    assert.deepEqual(await readImageInfo(fs, '/m/a.png'), { width: 640, height: 480, type: 'png' });
    assert.deepEqual(await readImageInfo(fs, '/m/b.gif'), { width: 32, height: 16, type: 'gif' });
    assert.deepEqual(await readImageInfo(fs, '/m/c.jpg'), { width: 1200, height: 800, type: 'jpg' });
    assert.deepEqual(await readImageInfo(fs, '/m/d.svg'), { width: 96, height: 48, type: 'svg' });
    assert.deepEqual(await readImageInfo(fs, '/m/e.svg'), { width: 200, height: 100, type: 'svg' });
  });

  it('finds a JPEG size behind large metadata segments (second, larger head read)', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true }).file('/m/big-exif.jpg', jpeg(4000, 3000, { paddingSegments: 3 }));
    assert.deepEqual(await readImageInfo(fs, '/m/big-exif.jpg'), { width: 4000, height: 3000, type: 'jpg' });
  });

  it('reports the displayed size of a rotated JPEG (EXIF orientation 6) and not of an unrotated one', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true })
      .file('/m/portrait.jpg', jpeg(300, 200, { orientation: 6 }))
      .file('/m/upright.jpg', jpeg(300, 200, { orientation: 1 }));
    assert.deepEqual(await readImageInfo(fs, '/m/portrait.jpg'), { width: 200, height: 300, type: 'jpg' });
    assert.deepEqual(await readImageInfo(fs, '/m/upright.jpg'), { width: 300, height: 200, type: 'jpg' });
  });

  it('returns undefined for corrupt, truncated, empty, missing and unreadable images', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true })
      .file('/m/corrupt.png', 'this is not a png at all')
      .file('/m/truncated.jpg', jpeg(10, 10).subarray(0, 8))
      .file('/m/empty.png', new Uint8Array(0))
      .file('/m/locked.png', png(1, 1));
    fs.denied.add('/m/locked.png');
    for (const p of ['/m/corrupt.png', '/m/truncated.jpg', '/m/empty.png', '/m/missing.png', '/m/locked.png']) {
      assert.equal(await readImageInfo(fs, p), undefined, p);
    }
  });

  it('does not read files that are not images', async () => {
    const fs = new MemoryFileSystem({}, { unsorted: true }).file('/m/doc.pdf', png(10, 10)).file('/m/noext', png(10, 10));
    assert.equal(await readImageInfo(fs, '/m/doc.pdf'), undefined);
    assert.equal(await readImageInfo(fs, '/m/noext'), undefined);
    assert.deepEqual(fs.reads, []);
  });

  it('reads only the head when the port can, whatever the file size', async () => {
    const huge = new Uint8Array(20 * 1024 * 1024);
    huge.set(png(5000, 4000));
    const fs = new MemoryFileSystem({}, { unsorted: true }).file('/m/huge.png', huge);
    let asked = 0;
    const head = fs.readFileHead!;
    fs.readFileHead = async (p, n) => {
      asked = n;
      return head(p, n);
    };
    assert.deepEqual(await readImageInfo(fs, '/m/huge.png'), { width: 5000, height: 4000, type: 'png' });
    assert.ok(asked > 0 && asked <= 64 * 1024, `asked for ${asked} bytes`);
  });

  it('without ranged reads, reads small files whole and gives up on huge ones', async () => {
    const huge = new Uint8Array(20 * 1024 * 1024);
    huge.set(png(5000, 4000));
    const fs = new MemoryFileSystem({}, { ranged: false, unsorted: true }).file('/m/small.png', png(7, 9)).file('/m/huge.png', huge);
    assert.equal(fs.readFileHead, undefined);
    assert.deepEqual(await readImageInfo(fs, '/m/small.png'), { width: 7, height: 9, type: 'png' });
    assert.equal(await readImageInfo(fs, '/m/huge.png'), undefined);
    assert.deepEqual(fs.reads, ['/m/small.png']);
  });
});

describe('mediaKindOf', () => {
  it('classifies by extension, case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['photos/a.PNG', 'image'], ['a.jpeg', 'image'], ['a.webp', 'image'], ['a.avif', 'image'], ['a.HEIC', 'image'],
      ['icons/logo.svg', 'svg'], ['clip.mp4', 'video'], ['clip.webm', 'video'], ['song.mp3', 'audio'],
      ['voice.ogg', 'audio'], ['manual.pdf', 'pdf'], ['report.docx', 'document'], ['data.csv', 'document'],
      ['backup.tar.gz', 'archive'], ['a.zip', 'archive'], ['a.exe', 'other'], ['README', 'other'],
      ['.png', 'other'], ['dir.png/file', 'other'], ['a.', 'other'], ['C:\\media\\a.gif', 'image'],
    ];
    for (const [name, kind] of cases) assert.equal(mediaKindOf(name), kind, name);
  });
});
