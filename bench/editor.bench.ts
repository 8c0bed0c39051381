// Budgets (editor issue): hover p95 < 5 ms without the image header read and < 20 ms with it;
// document links for a 10,000-line template < 20 ms (with the check that leaves out missing files);
// gutter thumbnails for the visible part of it < 20 ms; completion in a 100,000-file folder answers
// within 100 ms with a bounded list. Measures the core path the VS Code providers run (reference
// cache, position lookup, one stat, image header cache, Markdown; listing cache, filter, cap) over
// node:fs in a temporary project. The editor adds vscode.workspace.fs round trips on top.
// Run: npx tsc -p tsconfig.test.json && node out/bench/editor.bench.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  completionCandidates,
  describeMediaReference,
  DocumentReferencesCache,
  editorMediaContext,
  FolderListingCache,
  gutterCandidates,
  gutterThumbnailFile,
  ImageInfoCache,
  mediaCompletionContext,
  missingTargets,
  pathSpan,
  referenceAt,
  renderMediaHover,
  settingAt,
  DEFAULT_PREVIEW_OPTIONS,
  type HoverRenderer,
} from '../src/core/editor';
import type { EffectiveSettings, ProjectModel, SettingValue } from '../src/core/model';
import { confineToMediaRoot } from '../src/core/mediaIndex/mediaRootGuard';
import { similarFiles } from '../src/core/mediaIndex/similarNames';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { seededRandom } from '../test/unit/helpers/seededRandom';
import { headerOnlyPng as png, pct } from './benchHelpers';

const IMAGES = 200;
const HUGE_FOLDER = 100_000;
const TEMPLATE_LINES = 10_000;


function known<T>(value: T): SettingValue<T> {
  return { known: true, value, origin: { file: '/settings.py', line: 1, column: 1, endLine: 1, endColumn: 2 } };
}

/** A model as the analysis would give it: the editor features only read it. */
function modelFor(root: string): ProjectModel {
  const settings: EffectiveSettings = {
    DEBUG: known(true),
    MEDIA_ROOT: known(join(root, 'media')),
    MEDIA_URL: known('/media/'),
    STATIC_URL: known('/static/'),
    STATIC_ROOT: known(null),
    STATICFILES_DIRS: known([]),
    DEFAULT_STORAGE: known('django.core.files.storage.FileSystemStorage'),
    FORCE_SCRIPT_NAME: known(null),
    ROOT_URLCONF: known('site.urls'),
    INSTALLED_APPS: known([]),
  };
  return {
    project: { root, managePy: join(root, 'manage.py'), name: 'bench' },
    settingsModule: 'site.settings',
    settingsModuleSource: 'manage.py',
    settingsFile: join(root, 'site/settings.py'),
    settingsCandidates: ['site.settings'],
    settings,
    raw: () => undefined,
    environment: new Map(),
    mediaServing: [],
    mediaServingSummary: { inDebug: false, now: false },
    filesRead: [],
    notes: [],
  };
}

function template(r: () => number): string {
  const lines: string[] = ['{% extends "base.html" %}', '{% load static %}', '{% get_media_prefix as P %}'];
  while (lines.length < TEMPLATE_LINES) {
    const roll = r();
    const n = Math.floor(r() * IMAGES);
    const img = `p${String(n).padStart(3, '0')}.png`;
    if (roll < 0.05) lines.push(`  <img src="/media/photos/${img}" alt="" width="240" height="160">`);
    else if (roll < 0.09) lines.push(`  <img src="{{ MEDIA_URL }}photos/${img}?v={{ version }}" alt="">`);
    else if (roll < 0.11) lines.push(`  <a href="{% get_media_prefix %}photos/${img}">Download</a>`);
    else if (roll < 0.12) lines.push(`  <img src="{{ P }}photos/${img}">`);
    else if (roll < 0.3) lines.push(`  <img src="{% static 'img/logo.svg' %}" alt="{{ item.name }}">`);
    else if (roll < 0.6) lines.push(`  {% for item in items %}<li class="item">{{ item.title }} — {{ item.created|date:"Y-m-d" }}</li>{% endfor %}`);
    else lines.push(`  <p class="lead">Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>`);
  }
  return lines.join('\n');
}

const renderer: HoverRenderer = {
  imageSrc: (p) => `file://${p}`,
  displayPath: (p) => p,
  actionLink: (a, p, label) => `[${label}](command:${a}?${encodeURIComponent(JSON.stringify([p]))})`,
  sourceLink: (r, label) => `[${label}](command:open?${r.line})`,
  formatTime: (t) => new Date(t).toISOString(),
};

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'django-media-editor-bench-'));
  const verdicts: boolean[] = [];
  const report = (name: string, value: number, budget: number, extra = '') => {
    const ok = value < budget;
    verdicts.push(ok);
    console.log(`editor.${name}: ${value.toFixed(2)} ms (budget < ${budget} ms) ${ok ? 'ok' : 'OVER'}${extra ? ` — ${extra}` : ''}`);
  };
  try {
    const r = seededRandom(7);
    mkdirSync(join(root, 'media/photos'), { recursive: true });
    mkdirSync(join(root, 'media/huge'), { recursive: true });
    mkdirSync(join(root, 'templates'), { recursive: true });
    for (let i = 0; i < IMAGES; i++) {
      const w = 100 + Math.floor(r() * 4000);
      const h = 100 + Math.floor(r() * 3000);
      writeFileSync(join(root, `media/photos/p${String(i).padStart(3, '0')}.png`), png(w, h, 1000 + Math.floor(r() * 60_000)));
    }
    const made = performance.now();
    for (let i = 0; i < HUGE_FOLDER; i++) writeFileSync(join(root, `media/huge/img_${String(i).padStart(6, '0')}.jpg`), '');
    console.log(`(setup: ${IMAGES} images, ${HUGE_FOLDER} files in one folder in ${((performance.now() - made) / 1000).toFixed(1)} s)`);
    const text = template(r);
    const lines = text.split('\n');
    const file = join(root, 'templates/big.html');
    writeFileSync(file, text);

    const fs = new NodeFileSystem();
    const ctx = editorMediaContext(modelFor(root));

    // Links: a new document version is scanned and every mapped reference becomes a link.
    const linkTimes: number[] = [];
    let linkCount = 0;
    const docs = new DocumentReferencesCache();
    const linkListings = new FolderListingCache(fs, () => Date.now());
    for (let v = 0; v < 65; v++) {
      const t0 = performance.now();
      const { refs } = docs.get('bench:big', v, 'django-html', file, ctx, () => text);
      // As the provider: missing files get no link (one cached listing per folder, the guard for the rest).
      const missing = await missingTargets(fs, ctx, refs, undefined, (f) => linkListings.list(f));
      const links = [];
      for (const ref of refs) if (ref.target !== null && !missing.has(ref.target)) links.push({ line: ref.range.line, ...pathSpan(ref), target: ref.target });
      linkCount = links.length;
      linkTimes.push(performance.now() - t0);
    }
    report('links.10kLines.p95', pct(linkTimes.slice(5), 95), 20, `${linkCount} links in ${TEMPLATE_LINES} lines, median ${pct(linkTimes.slice(5), 50).toFixed(2)} ms`);

    // Gutter thumbnails: the visible 60 lines of the middle of the document, image headers cached after the first update.
    const gutterImages = new ImageInfoCache(1000);
    const gutterTimes: number[] = [];
    let thumbnails = 0;
    for (let k = 0; k < 65; k++) {
      const t0 = performance.now();
      const { refs: current } = docs.get('bench:big', 64, 'django-html', file, ctx, () => text);
      const start = 4000 + k * 13;
      const chosen = gutterCandidates(current, [{ start, end: start + 60 }]);
      const files = await Promise.all(chosen.map((ref) => gutterThumbnailFile(fs, ctx, ref, DEFAULT_PREVIEW_OPTIONS.maxImageBytes, gutterImages)));
      thumbnails = files.filter(Boolean).length;
      gutterTimes.push(performance.now() - t0);
    }
    if (thumbnails === 0) throw new Error('no gutter thumbnail');
    report('gutter.visible60Lines.p95', pct(gutterTimes.slice(5), 95), 20, `${thumbnails} thumbnails, median ${pct(gutterTimes.slice(5), 50).toFixed(2)} ms`);

    // Did you mean: the closest names to a missing file in the 100,000-file folder (bounded comparisons).
    const mediaFs = confineToMediaRoot(fs, join(root, 'media'));
    const huge = join(root, 'media/huge');
    // The folder is listed by existenceOf when it finds the file missing (as before); the ranking reuses that listing.
    const hugeNames = new Set((await mediaFs.readDirectory(huge)).map((e) => e.name));
    const similarTimes: number[] = [];
    for (let k = 0; k < 20; k++) {
      const t0 = performance.now();
      const found = await similarFiles(mediaFs, join(huge, `img_0${k}O123.jpg`), join(root, 'media'), new Map([[huge, Promise.resolve(hugeNames)]]));
      similarTimes.push(performance.now() - t0);
      if (found.length === 0) throw new Error('no suggestion in the huge folder');
    }
    report('didYouMean.100kFolder.p95', pct(similarTimes, 95), 100, `median ${pct(similarTimes, 50).toFixed(1)} ms: at most 20,000 names ranked, then the chosen few stat'ed; the folder's listing is the one existenceOf read`);

    // Hover positions: the middle of random references of the current (cached) version.
    const refs = docs.get('bench:big', 64, 'django-html', file, ctx, () => text).refs;
    const positions = Array.from({ length: 2000 }, () => {
      const ref = refs[Math.floor(r() * refs.length)]!;
      const span = pathSpan(ref);
      return { line: ref.range.line, column: Math.floor((span.column + span.endColumn) / 2) };
    });
    const hover = async (images: ImageInfoCache, pos: { line: number; column: number }): Promise<string> => {
      const current = docs.get('bench:big', 64, 'django-html', file, ctx, () => text);
      const lineText = lines[pos.line - 1]!;
      if (settingAt(lineText, pos.column, 'django-html')) return '';
      const ref = referenceAt(current.refs, pos.line, pos.column);
      if (!ref) throw new Error('no reference under a reference position');
      const h = await describeMediaReference(fs, ref, ctx, DEFAULT_PREVIEW_OPTIONS, images);
      return renderMediaHover(h, renderer, DEFAULT_PREVIEW_OPTIONS);
    };

    // Without the header read: every image's header is already cached (by path, size, mtime).
    const warm = new ImageInfoCache(1000);
    for (const p of positions) await hover(warm, p);
    const warmTimes: number[] = [];
    let embedded = 0;
    for (const p of positions) {
      const t0 = performance.now();
      const md = await hover(warm, p);
      warmTimes.push(performance.now() - t0);
      if (md.startsWith('![')) embedded++;
    }
    if (embedded === 0) throw new Error('no hover embedded an image');
    report('hover.cachedHeader.p95', pct(warmTimes, 95), 5, `median ${pct(warmTimes, 50).toFixed(3)} ms over ${positions.length} hovers`);

    // With the header read: a fresh cache per hover, so each one stats and reads its image's header.
    const coldTimes: number[] = [];
    for (const p of positions.slice(0, 400)) {
      const t0 = performance.now();
      await hover(new ImageInfoCache(), p);
      coldTimes.push(performance.now() - t0);
    }
    report('hover.headerRead.p95', pct(coldTimes, 95), 20, `median ${pct(coldTimes, 50).toFixed(3)} ms over 400 hovers`);

    // Completion: the caret after "{{ MEDIA_URL }}huge/" in a 100,000-file folder.
    const line = '<img src="{{ MEDIA_URL }}huge/img_0999">';
    const caretAll = '<img src="{{ MEDIA_URL }}huge/'.length + 1;
    const caretTyped = line.length - 1;
    let t0 = performance.now();
    for (let i = 0; i < 10_000; i++) mediaCompletionContext(line, caretTyped, 'django-html', ctx, ['P']);
    console.log(`editor.completion.context: ${(((performance.now() - t0) * 1000) / 10_000).toFixed(2)} µs per keystroke`);
    const coldList: number[] = [];
    for (let k = 0; k < 3; k++) {
      const listings = new FolderListingCache(fs, () => Date.now());
      t0 = performance.now();
      const c = mediaCompletionContext(line, caretAll, 'django-html', ctx);
      if (c?.kind !== 'path') throw new Error('no completion context');
      const listing = await listings.list(c.folderPath);
      const { candidates, incomplete } = completionCandidates(listing!, c.typed, 500);
      coldList.push(performance.now() - t0);
      if (candidates.length !== 500 || !incomplete) throw new Error('expected a capped, incomplete list');
    }
    const listings = new FolderListingCache(fs, () => Date.now());
    await listings.list(huge);
    const warmList: number[] = [];
    for (let k = 0; k < 100; k++) {
      t0 = performance.now();
      const c = mediaCompletionContext(line, k % 2 ? caretAll : caretTyped, 'django-html', ctx);
      if (c?.kind !== 'path') throw new Error('no completion context');
      const listing = await listings.list(c.folderPath);
      completionCandidates(listing!, c.typed, 500);
      warmList.push(performance.now() - t0);
    }
    report('completion.100kFolder.cached.p95', pct(warmList, 95), 100, 'folder stat + cached listing + prefix filter + cap 500');
    // The first listing of the folder (readdir + sort) is reported, not budgeted: the provider answers
    // "incomplete" after 80 ms while it runs, and the finished listing serves the next keystroke.
    console.log(`editor.completion.100kFolder.firstListing: median ${pct(coldList, 50).toFixed(1)} ms, max ${Math.max(...coldList).toFixed(1)} ms (the provider answers within its 80 ms budget regardless)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  process.exitCode = verdicts.every(Boolean) ? 0 : 1;
}

void main();
