// Budget (media issue): findMediaReferences scans >= 50 MB/s of realistic Django template text.
// Also reports the cost of one URL -> storage name and one storage name -> URL mapping.
// Run: npx tsc -p tsconfig.test.json && node out/bench/references.bench.js
import { findMediaReferences, storageNameToUrl, urlToStorageName } from '../src/core/media';
import { seededRandom } from '../test/unit/helpers/seededRandom';

const TARGET_BYTES = 20 * 1024 * 1024;


const WORDS = ['gallery', 'photo', 'album', 'summer', 'product', 'banner', 'avatar', 'hero', 'mug', 'forest', 'café', 'über'];

/** One template, the way real ones look: mostly markup, tags and variables; a few media URLs. */
function template(r: () => number, n: number): string {
  const w = () => WORDS[Math.floor(r() * WORDS.length)]!;
  const lines: string[] = [
    '{% extends "base.html" %}',
    '{% load static i18n %}',
    `{% block title %}{% trans "${w()} ${n}" %}{% endblock %}`,
    '{% block content %}',
    `<section class="${w()}-list container" id="section-${n}">`,
    `  <h1 class="title">{{ page.title|default:"${w()}" }}</h1>`,
    `  <link rel="stylesheet" href="{% static 'css/${w()}.css' %}">`,
  ];
  for (let i = 0; i < 12; i++) {
    const roll = r();
    if (roll < 0.08) lines.push(`  <img src="/media/${w()}/${w()}-${i}.png" alt="${w()}" width="240" height="160">`);
    else if (roll < 0.14) lines.push(`  <img src="{{ MEDIA_URL }}${w()}/${w()}_${i}.jpg?v={{ version }}" alt="">`);
    else if (roll < 0.18) lines.push(`  <a href="{% get_media_prefix %}documents/${w()}-${i}.pdf">{% trans "Download" %}</a>`);
    else if (roll < 0.2) lines.push(`  <div style="background-image: url('/media/banners/${w()}.jpg')"></div>`);
    else if (roll < 0.3) lines.push(`  <img src="{% static 'img/${w()}.svg' %}" alt="{{ ${w()}.name }}">`);
    else if (roll < 0.45) lines.push(`  {% for item in ${w()}_list %}<li class="item">{{ item.title }} — {{ item.created|date:"Y-m-d" }}</li>{% endfor %}`);
    else if (roll < 0.6) lines.push(`  {% if user.is_authenticated %}<a href="{% url '${w()}:detail' item.pk %}">{{ item.name|truncatechars:40 }}</a>{% endif %}`);
    else if (roll < 0.75) lines.push(`  <img src="{{ photo.image.url }}" alt="{{ photo.title }}" loading="lazy" class="thumb thumb-${w()}">`);
    else lines.push(`  <p class="lead text-muted">Lorem ipsum dolor sit amet, ${w()} consectetur adipiscing elit, sed do eiusmod tempor /about/ incididunt.</p>`);
  }
  lines.push('</section>', '{% endblock %}', '');
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const r = seededRandom(42);
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < TARGET_BYTES; n++) {
    const t = template(r, n);
    parts.push(t);
    size += t.length;
  }
  const text = parts.join('');
  const mb = new TextEncoder().encode(text).length / 1e6;
  const ctx = { file: '/bench/templates/all.html', mediaUrl: '/media/', mediaRoot: '/srv/media', staticUrl: '/static/' };

  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    found = findMediaReferences(text, 'django-html', ctx).length;
    times.push(performance.now() - t0);
  }
  if (found === 0) throw new Error('the benchmark text should contain media references');
  const ms = median(times.slice(2));
  const rate = mb / (ms / 1000);
  console.log(`references.scan: ${rate.toFixed(0)} MB/s (budget >= 50 MB/s) — ${mb.toFixed(1)} MB, ${found} references, median ${ms.toFixed(1)} ms`);

  const urls = Array.from({ length: 2000 }, (_, i) => `/media/${WORDS[i % WORDS.length]}/a%20b-${i}.png?v=${i}#top`);
  const names = Array.from({ length: 2000 }, (_, i) => `${WORDS[i % WORDS.length]}/a b-${i}.png`);
  const rounds = 100;
  let sink = 0;
  let t0 = performance.now();
  for (let k = 0; k < rounds; k++) for (const u of urls) sink += urlToStorageName(u, '/media/')?.length ?? 0;
  const toName = ((performance.now() - t0) * 1000) / (rounds * urls.length);
  t0 = performance.now();
  for (let k = 0; k < rounds; k++) for (const n of names) sink += storageNameToUrl('/media/', n).length;
  const toUrl = ((performance.now() - t0) * 1000) / (rounds * names.length);
  if (sink === 0) throw new Error('mapping produced nothing');
  console.log(`references.urlToStorageName: ${toName.toFixed(2)} µs/call`);
  console.log(`references.storageNameToUrl: ${toUrl.toFixed(2)} µs/call`);
  process.exitCode = rate >= 50 ? 0 : 1;
}

main();
