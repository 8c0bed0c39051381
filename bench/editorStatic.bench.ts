// Budgets of the static side of the editor, next to the media ones (bench/editor.bench.ts): document
// links for a 10,000-line template (scan + one finder lookup per distinct name) < 20 ms; hover p95
// < 5 ms with the image header cached and < 20 ms with it read; completion of a folder across the
// finder locations < 100 ms. Over node:fs in a temporary project with three finder locations.
// Run: npx tsc -p tsconfig.test.json && node out/bench/editorStatic.bench.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageInfoCache, DEFAULT_PREVIEW_OPTIONS, type HoverRenderer } from '../src/core/editor';
import { describeStaticReference, renderStaticHover } from '../src/core/editor/staticHover';
import { staticCompletionContext, staticCompletionItems } from '../src/core/editor/staticCompletion';
import { resolveStaticFiles, StaticFileLookup, type StaticFinders } from '../src/core/staticfiles/finders';
import { findStaticReferences, staticReferenceAt } from '../src/core/staticfiles/references';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { seededRandom } from '../test/unit/helpers/seededRandom';
import { budgetReporter, headerOnlyPng as png, pct } from './benchHelpers';

const NAMES = 300;
const TEMPLATE_LINES = 10_000;

const renderer: HoverRenderer = {
  imageSrc: (p) => `file://${p}`,
  displayPath: (p) => p,
  actionLink: (_a, p, label) => `[${label}](command:open?${encodeURIComponent(JSON.stringify([p]))})`,
  sourceLink: (_r, label) => label,
  formatTime: (t) => new Date(t).toISOString(),
};

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'django-media-static-bench-'));
  const { report, allWithin } = budgetReporter('editor.static');
  try {
    const r = seededRandom(11);
    // Three locations: STATICFILES_DIRS "assets", a prefixed "vendor", an app's static folder. Names
    // are spread over them; a tenth of the app's names are shadowed by assets.
    const folders = { assets: join(root, 'assets'), vendor: join(root, 'third_party'), app: join(root, 'shop/static') };
    for (const f of Object.values(folders)) mkdirSync(join(f, 'img'), { recursive: true });
    const names: string[] = [];
    for (let i = 0; i < NAMES; i++) {
      const n = `img/i${String(i).padStart(3, '0')}.png`;
      const where = i % 3 === 0 ? 'assets' : i % 3 === 1 ? 'app' : 'vendor';
      writeFileSync(join(folders[where], n), png(100 + Math.floor(r() * 2000), 100 + Math.floor(r() * 2000), 1000 + Math.floor(r() * 30_000)));
      if (where === 'app' && i % 10 === 1) writeFileSync(join(folders.assets, n), png(50, 50, 800));
      names.push(where === 'vendor' ? `vendor/${n}` : n);
    }
    const finders: StaticFinders = {
      known: true,
      sources: [
        { kind: 'folder', finder: 'FileSystemFinder', folder: folders.assets, prefix: null, dirsIndex: 0 },
        { kind: 'folder', finder: 'FileSystemFinder', folder: folders.vendor, prefix: 'vendor', dirsIndex: 1 },
        { kind: 'folder', finder: 'AppDirectoriesFinder', folder: folders.app, prefix: null, app: 'shop' },
        { kind: 'outside', what: 'django.contrib.admin', reason: 'outside', namespaces: ['admin/'] },
      ],
    };
    const lines: string[] = ['{% extends "base.html" %}', '{% load static %}'];
    while (lines.length < TEMPLATE_LINES) {
      const roll = r();
      const name = names[Math.floor(r() * names.length)]!;
      if (roll < 0.2) lines.push(`  <img src="{% static '${name}' %}" alt="{{ item.name }}">`);
      else if (roll < 0.25) lines.push(`  <img src="/static/${name}" alt="">`);
      else if (roll < 0.6) lines.push(`  {% for item in items %}<li class="item">{{ item.title }} — {{ item.created|date:"Y-m-d" }}</li>{% endfor %}`);
      else lines.push(`  <p class="lead">Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>`);
    }
    const text = lines.join('\n');
    const file = join(root, 'templates/big.html');
    const ctx = { file, staticUrl: '/static/', mediaUrl: '/media/' };
    const fs = new NodeFileSystem();

    // Links: a new document version is scanned, and each distinct name is looked up once.
    const linkTimes: number[] = [];
    let linkCount = 0;
    for (let v = 0; v < 45; v++) {
      const t0 = performance.now();
      const refs = findStaticReferences(text, 'django-html', ctx);
      const targets = await resolveStaticFiles(new StaticFileLookup(fs, finders.known ? finders.sources : [], true), refs.map((x) => x.name));
      linkCount = refs.filter((x) => x.name !== null && targets.has(x.name)).length;
      linkTimes.push(performance.now() - t0);
    }
    report('links.10kLines.p95', pct(linkTimes.slice(5), 95), 20, `${linkCount} links in ${TEMPLATE_LINES} lines, median ${pct(linkTimes.slice(5), 50).toFixed(2)} ms`);

    const refs = findStaticReferences(text, 'django-html', ctx);
    const positions = Array.from({ length: 1000 }, () => {
      const ref = refs[Math.floor(r() * refs.length)]!;
      return { line: ref.range.line, column: Math.floor((ref.nameColumn + ref.nameEndColumn) / 2) };
    });
    const hover = async (images: ImageInfoCache, pos: { line: number; column: number }) => {
      const ref = staticReferenceAt(refs, pos.line, pos.column);
      if (!ref) throw new Error('no reference under a reference position');
      return renderStaticHover(await describeStaticReference(fs, ref, finders, DEFAULT_PREVIEW_OPTIONS, images), renderer);
    };
    const warm = new ImageInfoCache(1000);
    for (const p of positions) await hover(warm, p);
    const warmTimes: number[] = [];
    for (const p of positions) {
      const t0 = performance.now();
      await hover(warm, p);
      warmTimes.push(performance.now() - t0);
    }
    report('hover.cachedHeader.p95', pct(warmTimes, 95), 5, `median ${pct(warmTimes, 50).toFixed(3)} ms over ${positions.length} hovers (every match looked up, to name what it shadows)`);
    const coldTimes: number[] = [];
    for (const p of positions.slice(0, 300)) {
      const t0 = performance.now();
      await hover(new ImageInfoCache(), p);
      coldTimes.push(performance.now() - t0);
    }
    report('hover.headerRead.p95', pct(coldTimes, 95), 20, `median ${pct(coldTimes, 50).toFixed(3)} ms over 300 hovers`);

    const completion: number[] = [];
    const line = "<img src=\"{% static 'img/i0";
    for (let k = 0; k < 50; k++) {
      const t0 = performance.now();
      const c = staticCompletionContext(line, line.length + 1);
      if (!c) throw new Error('no completion context');
      const items = await staticCompletionItems(fs, finders.known ? finders.sources : [], c.folder);
      if (items.length < NAMES / 2) throw new Error(`only ${items.length} items`);
      completion.push(performance.now() - t0);
    }
    report('completion.threeLocations.p95', pct(completion, 95), 100, 'three folder listings, merged, first holder wins');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  process.exitCode = allWithin() ? 0 : 1;
}

void main();
