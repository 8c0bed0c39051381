// Project text in hover and document Markdown renders as text: no link, image, HTML, autolink or new line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeMarkdown,
  escapeMarkdownLinks,
  inlineCode,
  isRemoteImageSource,
  markdownImage,
  markdownLink,
  modifiedAt,
  renderMediaHover,
  renderSettingHover,
  type HoverRenderer,
  type MediaHover,
} from '../../../src/core/editor';
import { analyze, project } from './helpers';

/** Strings an attacker would put in a file name, a setting value or an env file. */
const HOSTILE = [
  'a`b',
  '``x``',
  '`',
  '````````',
  'x\ny',
  'x\r\n# heading',
  'end\n\n```\nfenced',
  '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
  '[x]: command:evil',
  '![](https://evil/x.png)',
  '![a][ref]\n\n[ref]: https://evil/x.png',
  '<img src=https://evil/x.png>',
  '<a href="command:evil">click</a>',
  '<https://evil/>',
  '<command:evil>',
  'https://evil.example/x.png',
  'www.evil.example',
  'someone@evil.example',
  '$(alert) $(zap)',
  '&#91;x&#93;(command:evil)',
  '\\[x\\](command:evil)',
  '\\`',
  '\u001b[31mred\u001b[0m',
  '\u202eevil\u202c',
  'tab\there',
  '\u0085next\u2028line',
  '*emph* _emph_ ~~del~~ **b**',
  '`</code><img src=x onerror=alert(1)>`',
];

/**
 * What inline Markdown makes of a string outside code spans and image descriptions: link and image
 * destinations, HTML and autolink openers, bare URLs (GFM autolinks).
 */
function markup(md: string): { destinations: string[]; angles: number; bareUrls: number } {
  const out = { destinations: [] as string[], angles: 0, bareUrls: 0 };
  let i = 0;
  while (i < md.length) {
    const c = md[i]!;
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(md[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(md.slice(i))![0].length;
      const close = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
      close.lastIndex = i + run;
      const m = close.exec(md);
      i = m ? m.index + run : i + run;
      continue;
    }
    if (c === '!' && md[i + 1] === '[') {
      // An image's description is its alt text, never rendered as markup; only its end matters.
      const alt = /^!\[((?:[^\\[\]]|\\.)*)\]/s.exec(md.slice(i));
      if (alt) {
        out.angles += (alt[1]!.replace(/\\./g, '').match(/</g) ?? []).length;
        i += alt[0].length - 1;
        continue;
      }
    }
    if (c === '<') out.angles++;
    if (c === ']' && (md[i + 1] === '(' || md[i + 1] === ':' || md[i + 1] === '[')) {
      const dest = /^[([:]\s*([^\s)\]]*)/.exec(md.slice(i + 1))!;
      out.destinations.push(dest[1]!);
      i += 1 + dest[0].length;
      continue;
    }
    if (md.startsWith('://', i) || /^www\./i.test(md.slice(i)) || (c === '@' && /\w/.test(md[i - 1] ?? '') && /^@\w[\w-]*\.\w/.test(md.slice(i)))) out.bareUrls++;
    i++;
  }
  return out;
}

function assertInert(md: string, value: string): void {
  const m = markup(md);
  assert.deepEqual(m, { destinations: [], angles: 0, bareUrls: 0 }, `${JSON.stringify(value)} → ${JSON.stringify(md)}`);
  assert.doesNotMatch(md, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/, `no control character survives: ${JSON.stringify(md)}`);
}

/** The text a code span shows, or a failure when the string is not exactly one code span. */
function codeSpanContent(md: string): string {
  const open = /^`+/.exec(md);
  assert.ok(open, md);
  const fence = open[0];
  assert.ok(md.endsWith(fence) && md.length >= 2 * fence.length, md);
  const inner = md.slice(fence.length, md.length - fence.length);
  const runs = inner.match(/`+/g) ?? [];
  assert.ok(runs.every((r) => r.length !== fence.length), `no run of ${fence.length} backticks inside ${JSON.stringify(md)}`);
  assert.doesNotMatch(inner, /[\r\n]/);
  // CommonMark strips one blank at each end when both are there and the content is not all blanks.
  return /^ .* $/s.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

describe('escapeMarkdown', () => {
  for (const value of HOSTILE) {
    it(`renders ${JSON.stringify(value)} as text`, () => {
      assertInert(escapeMarkdown(value), value);
      assertInert(escapeMarkdownLinks(value), value);
      assertInert(markdownLink(value, 'command:djangoMedia.openSource?%5B%5D', value).replace(/^\[(.*)\]\(command:djangoMedia\.openSource\?%5B%5D "(?:[^"\\]|\\.)*"\)$/s, '$1'), value);
    });
  }

  it('keeps ordinary text readable: paths and reasons keep their letters, `path:line` keeps its colon', () => {
    assert.equal(escapeMarkdown('photos/a.png'), 'photos/a\\.png');
    assert.equal(escapeMarkdown('site/settings.py:12'), 'site/settings\\.py:12');
    assert.equal(escapeMarkdownLinks('shop/urls.py:3 MEDIA_ROOT'), 'shop/urls.py:3 MEDIA_ROOT');
    assert.equal(escapeMarkdownLinks('see https://x.example'), 'see https\\://x.example');
  });

  it('shows control characters as escapes, on one line', () => {
    assert.equal(escapeMarkdown('a\nb'), 'a\\nb');
    assert.equal(escapeMarkdownLinks('a\n::error::forged\u001b[31m'), 'a\\n::error::forged\\x1b\\[31m');
  });
});

describe('inlineCode', () => {
  for (const value of HOSTILE) {
    it(`keeps ${JSON.stringify(value)} inside one code span`, () => {
      const md = inlineCode(value);
      const shown = codeSpanContent(md);
      assert.equal(shown, value.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\u001b/g, '\\x1b').replace(/\u0085/g, '\\x85').replace(/\u2028/g, '\\u2028').replace(/\u202e/g, '\\u202e').replace(/\u202c/g, '\\u202c'));
    });
  }

  it('handles backtick runs of any length, and the empty string', () => {
    for (let n = 1; n <= 12; n++) codeSpanContent(inlineCode(`${'`'.repeat(n)}x${'`'.repeat(n + 1)}`));
    assert.equal(inlineCode(''), '` `');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`a'), '`` `a ``');
  });
});

describe('markdownLink', () => {
  it('keeps a destination with parentheses, quotes and blanks one token', () => {
    const md = markdownLink('Open', 'command:x?%5B%22file%3A%2F%2F%2Fa)b(%20\'c%22%5D', 'Open a) "b"');
    assert.equal(md, '[Open](command:x?%5B%22file%3A%2F%2F%2Fa%29b%28%20%27c%22%5D "Open a) \\"b\\"")');
  });
});

describe('modifiedAt', () => {
  it('writes the local date and time, zero-padded, as the locale-free "YYYY-MM-DD HH:MM"', () => {
    // Local times built from their parts, so the expectation holds in any time zone.
    assert.equal(modifiedAt(new Date(2026, 0, 5, 7, 3, 59).getTime()), '2026-01-05 07:03');
    assert.equal(modifiedAt(new Date(1999, 11, 31, 23, 59).getTime()), '1999-12-31 23:59');
    for (let m = 0; m < 12; m++) {
      const d = new Date(2025, m, 15, 12, 30);
      assert.match(modifiedAt(d.getTime()), new RegExp(`^2025-${String(m + 1).padStart(2, '0')}-15 12:30$`));
    }
  });
});

describe('markdownImage', () => {
  it('never embeds a remote source', () => {
    for (const src of ['https://evil/x.png', 'http://evil/x.png', 'HTTPS://evil/x.png', ' https://evil/x.png', 'ht\ttps://evil/x.png', '//evil/x.png', '\\\\evil\\share\\x.png', 'data:image/png;base64,AAAA', 'ftp://evil/x.png']) {
      assert.equal(isRemoteImageSource(src), true, src);
      assert.equal(markdownImage(src, 'x', 10, 10), undefined, src);
    }
    for (const src of ['file:///ws/media/a.png', 'vscode-remote://ssh-remote%2Bhost/ws/a.png', 'vscode-vfs://github/o/r/a.png']) {
      assert.equal(isRemoteImageSource(src), false, src);
    }
  });

  it('keeps a hostile alt text literal and the destination one token', () => {
    for (const value of HOSTILE) {
      const md = markdownImage('file:///ws/media/a (1).png', value, 10, 10)!;
      const m = /^!\[((?:[^\\[\]]|\\.)*)\]\(([^\s()]*)\)$/s.exec(md);
      assert.ok(m, `${JSON.stringify(value)} → ${JSON.stringify(md)}`);
      assert.equal(m[2], 'file:///ws/media/a%20%281%29.png|width=10,height=10');
      assert.equal(markup(m[1]!).angles, 0, md);
      assert.doesNotMatch(md, /[\r\n\u001b]/);
    }
  });
});

/** The test renderer's own links: every other destination in a hover would have come from the project. */
const renderer: HoverRenderer = {
  imageSrc: (p) => `file://${p}`,
  displayPath: (p) => p,
  actionLink: (action, _p, label) => `[${label}](${action}:ok)`,
  sourceLink: (_r, label) => `[${escapeMarkdown(label)}](open:ok)`,
  formatTime: () => 'today',
};
const OURS = /^(open|revealInMediaExplorer|revealInExplorer):ok$|^file:\/\/\/ws\/media\//;
const OPTIONS = { maxWidth: 300, maxHeight: 150, maxImageBytes: 1 << 20 };

function assertOnlyOurMarkup(md: string, benign: string, value: string): void {
  const m = markup(md);
  assert.ok(m.destinations.every((d) => OURS.test(d)), `only the renderer's links: ${JSON.stringify(m.destinations)} in ${JSON.stringify(md)}`);
  assert.equal(m.angles, 0, md);
  assert.equal(m.bareUrls, 0, md);
  assert.equal(md.split('\n').length, benign.split('\n').length, `${JSON.stringify(value)} adds no line: ${JSON.stringify(md)}`);
}

describe('hovers over hostile project data', () => {
  for (const value of HOSTILE) {
    it(`show ${JSON.stringify(value)} in a file name, a folder, a missing file and a reason as text`, () => {
      const hovers = (name: string): MediaHover[] => [
        { kind: 'file', storageName: name, path: `/ws/media/${name}`, mediaKind: 'image', size: 10, mtime: 0, image: { width: 2, height: 2, type: 'png' }, preview: { kind: 'embed', width: 2, height: 2 } },
        { kind: 'folder', storageName: name, path: `/ws/media/${name}` },
        { kind: 'missing', storageName: name, path: `/ws/media/${name}`, folder: `/ws/media/${name}`, similar: [] },
        { kind: 'remote', storageName: name, backend: name, url: { kind: 'url', url: `https://cdn/${name}`, setting: name } },
        { kind: 'remote', storageName: name, backend: name, url: { kind: 'signed', reason: name } },
        { kind: 'unmapped', storageName: name, reason: name },
        { kind: 'unmapped', storageName: null, reason: name },
      ];
      const benign = hovers('plain.png');
      hovers(value).forEach((h, i) => assertOnlyOurMarkup(renderMediaHover(h, renderer, OPTIONS), renderMediaHover(benign[i]!, renderer, OPTIONS), value));
    });
  }

  it('show a hostile setting value, an unknown reason quoting one, and the settings module as text', async () => {
    for (const value of HOSTILE) {
      const literal = JSON.stringify(value);
      const known = await analyze(project(`MEDIA_URL = ${literal}\nMEDIA_ROOT = ${literal}\n`));
      const unknown = await analyze(project(`import os\nMEDIA_ROOT = os.environ[${literal}]\n`));
      const benign = await analyze(project('MEDIA_URL = "/m/"\nMEDIA_ROOT = "/ws/m"\n'));
      const benignUnknown = await analyze(project('import os\nMEDIA_ROOT = os.environ["X"]\n'));
      for (const form of ['attribute', 'template-variable', 'template-tag', 'assignment'] as const) {
        for (const name of ['MEDIA_URL', 'MEDIA_ROOT'] as const) {
          assertOnlyOurMarkup(renderSettingHover(known, { name, form }, renderer), renderSettingHover(benign, { name, form }, renderer), value);
          assertOnlyOurMarkup(renderSettingHover(unknown, { name, form }, renderer), renderSettingHover(benignUnknown, { name, form }, renderer), value);
        }
      }
    }
  });
});
