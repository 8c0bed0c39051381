// Which images a preview embeds: under the byte cap, and under the pixel caps by their header.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imagePreviewVerdict, MAX_PREVIEW_PIXELS, MAX_PREVIEW_SIDE, readImageInfo } from '../../../src/core/media';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A PNG signature and IHDR chunk declaring width × height, padded to `size` bytes (what tinypng.py writes first). */
function pngHeader(width: number, height: number, size: number): Uint8Array {
  const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), 0x49, 0x48, 0x44, 0x52, ...be32(width), ...be32(height), 8, 6, 0, 0, 0, 0, 0, 0, 0];
  const out = new Uint8Array(size);
  out.set(head);
  return out;
}

describe('imagePreviewVerdict', () => {
  it('refuses a 300 KB PNG declaring 50,000 × 50,000 pixels, read through the header reader', async () => {
    const fs = new MemoryFileSystem({ '/m/bomb.png': pngHeader(50_000, 50_000, 300 * 1024) });
    const info = await readImageInfo(fs, '/m/bomb.png');
    assert.deepEqual(info, { width: 50_000, height: 50_000, type: 'png' });
    assert.deepEqual(imagePreviewVerdict(300 * 1024, info, 10 * 1024 * 1024), { kind: 'too-many-pixels', width: 50_000, height: 50_000 });
  });

  it('caps the area and each side, inclusive', () => {
    const verdict = (width: number, height: number) => imagePreviewVerdict(1000, { width, height, type: 'png' }, 1 << 20).kind;
    assert.equal(verdict(MAX_PREVIEW_SIDE, MAX_PREVIEW_PIXELS / MAX_PREVIEW_SIDE), 'embed');
    assert.equal(verdict(MAX_PREVIEW_SIDE, MAX_PREVIEW_PIXELS / MAX_PREVIEW_SIDE + 1), 'too-many-pixels');
    assert.equal(verdict(MAX_PREVIEW_SIDE + 1, 1), 'too-many-pixels');
    assert.equal(verdict(1, MAX_PREVIEW_SIDE + 1), 'too-many-pixels');
    assert.equal(verdict(6000, 4000), 'embed');
  });

  it('puts the byte cap first, and embeds a file without dimensions only when small', () => {
    assert.deepEqual(imagePreviewVerdict(2000, { width: 10, height: 10, type: 'png' }, 1000), { kind: 'too-large', maxBytes: 1000 });
    assert.equal(imagePreviewVerdict(1024 * 1024, undefined, 1 << 30).kind, 'embed');
    assert.equal(imagePreviewVerdict(1024 * 1024 + 1, undefined, 1 << 30).kind, 'unknown-dimensions');
  });
});
