// Every quick fix that edits Python keeps the file valid for CPython: each fix is applied to
// generated variants of the file it edits (empty containers, one-tuples, tuples, trailing commas,
// comments inside, CRLF line endings, tabs, shebang / encoding / docstring / `from __future__`
// headers), the result must clear the finding, and every result is compiled by CPython's own
// compiler (one python3 process for all of them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, DEFAULT_SETTINGS, DEFAULT_URLS, only, project, SETTINGS, URLS, withCode, WS } from './harness';
import type { CheckOptions } from '../../../src/core/checks';

/** A way of writing the same module: the fix must work on every one. */
const LAYOUTS: Record<string, (text: string) => string> = {
  plain: (t) => t,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  tabs: (t) => t.replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4)),
  shebang: (t) => `#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n${t}`,
  docstring: (t) => `"""Settings of the site.\n\nMore text.\n"""\n${t}`,
  oneLineDocstring: (t) => `'Settings.'\n${t}`,
  future: (t) => `from __future__ import annotations\n${t}`,
  everything: (t) => `#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Docstring."""\nfrom __future__ import annotations\n\n${t}`,
  everythingCrlfTabs: (t) => LAYOUTS['crlf']!(LAYOUTS['tabs']!(LAYOUTS['everything']!(t))),
};

interface Case {
  name: string;
  code: string;
  /** The file the fix edits. */
  file: typeof SETTINGS | typeof URLS;
  settings?: string;
  urls?: string;
  files?: Record<string, string>;
  options?: CheckOptions;
}

const TEMPLATE_USING_MEDIA_URL = { [`${WS}/templates/page.html`]: '<img src="{{ MEDIA_URL }}a.png">' };

function templatesWith(processors: string): string {
  return DEFAULT_SETTINGS.replace(/"context_processors": \[\n[^\]]*\],/, `"context_processors": ${processors},`);
}

const PROCESSORS = [
  '[]',
  '()',
  '[\n            ]',
  '[  # none yet\n            ]',
  '(  # none yet\n            )',
  '["django.template.context_processors.request"]',
  '["django.template.context_processors.request",]',
  '("django.template.context_processors.request",)',
  '("django.template.context_processors.request", "django.template.context_processors.debug")',
  '[\n                "django.template.context_processors.request",  # request, and more\n            ]',
  '[\n                "django.template.context_processors.request"  # no comma, a comma in the comment\n            ]',
  '[\n                "django.template.context_processors.request",\n                # a last comment line\n            ]',
  '(\n                "django.template.context_processors.request",\n            )',
];

const STORAGES = [
  '{}',
  '{\n}',
  '{  # empty\n}',
  '{"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}',
  '{"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},}',
  '{\n    "staticfiles": {\n        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",\n    }  # no comma\n}',
  '{\n    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},  # a, b\n}',
];

/** A module-level `if settings.DEBUG:` block after urlpatterns: the fix adds its line to it. */
const DEBUG_BLOCKS = [
  '# Development only\nif settings.DEBUG:\n    urlpatterns += [path("debug/", lambda request: None)]\n',
  'if settings.DEBUG:  # development\n    urlpatterns += [path("debug/", lambda request: None)]\n    # the end of the block\n\nprint("loaded")\n',
  'if settings.DEBUG:\n    if True:\n        urlpatterns += [path("debug/", lambda request: None)]\n',
  'if settings.DEBUG:\n    urlpatterns += [path("debug/", lambda request: None)]',
];

const URLPATTERNS = [
  'urlpatterns = [\n    path("", lambda request: None),\n]',
  'urlpatterns = []',
  'urlpatterns = (\n    path("", lambda request: None),\n)',
  'urlpatterns = (path("", lambda request: None),)',
  'urlpatterns = ()',
  'urlpatterns = path("", lambda request: None),',
  'urlpatterns = [path("a/", lambda request: None)] + [path("b/", lambda request: None)]',
  'urlpatterns = list(\n    [path("", lambda request: None)]\n)',
  'urlpatterns = tuple([path("", lambda request: None)])',
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const [i, p] of PROCESSORS.entries()) {
    out.push({ name: `context_processors ${i}`, code: 'templates.media-context-processor-missing', file: SETTINGS, settings: templatesWith(p), files: TEMPLATE_USING_MEDIA_URL });
  }
  for (const [i, s] of STORAGES.entries()) {
    out.push({ name: `STORAGES default ${i}`, code: 'storage.missing-default', file: SETTINGS, settings: `${DEFAULT_SETTINGS}STORAGES = ${s}\n`, options: { djangoVersion: '5.1' } });
  }
  for (const [i, s] of STORAGES.entries()) {
    const noStatic = s.replace(/"staticfiles"/g, '"default"').replace(/django\.contrib\.staticfiles\.storage\.StaticFilesStorage/g, 'django.core.files.storage.FileSystemStorage');
    out.push({ name: `STORAGES staticfiles ${i}`, code: 'staticfiles.storage-missing', file: SETTINGS, settings: `${DEFAULT_SETTINGS}STORAGES = ${noStatic}\n`, options: { djangoVersion: '5.1' } });
  }
  for (const [i, u] of URLPATTERNS.entries()) {
    out.push({ name: `urlpatterns ${i}`, code: 'media-serving.missing-in-development', file: URLS, urls: `from django.urls import path\n\n${u}\n` });
  }
  for (const [i, u] of DEBUG_BLOCKS.entries()) {
    out.push({ name: `existing DEBUG block ${i}`, code: 'media-serving.missing-in-development', file: URLS, urls: `from django.conf import settings\nfrom django.urls import path\n\nurlpatterns = [path("", lambda request: None)]\n\n${u}` });
  }
  for (const [i, u] of ['urlpatterns = []', 'urlpatterns = ()', 'urlpatterns = [\n]', 'urlpatterns = list()'].entries()) {
    out.push({ name: `urlpatterns without imports ${i}`, code: 'media-serving.missing-in-development', file: URLS, urls: `${u}\n` });
  }
  const strBase = 'import os.path\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nINSTALLED_APPS = ["gallery"]\n';
  out.push({ name: 'relative MEDIA_ROOT, str BASE_DIR', code: 'media-root.relative', file: SETTINGS, settings: `${strBase}MEDIA_ROOT = "uploads"\n` });
  out.push({ name: 'unset MEDIA_ROOT, str BASE_DIR', code: 'media-root.unset', file: SETTINGS, settings: `${strBase}MEDIA_URL = "/media/"\n` });
  out.push({
    name: 'unset MEDIA_ROOT, MEDIA_URL in an if/else',
    code: 'media-root.unset',
    file: SETTINGS,
    settings: 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["gallery"]\nDEBUG = True\nif DEBUG:\n    MEDIA_URL = "/media/"\nelse:\n    MEDIA_URL = "/uploads/"\n',
  });
  out.push({
    name: 'unset MEDIA_ROOT, one-line if/else',
    code: 'media-root.unset',
    file: SETTINGS,
    settings: 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["gallery"]\nDEBUG = True\nif DEBUG: MEDIA_URL = "/media/"\nelse: MEDIA_URL = "/uploads/"\n',
  });
  out.push({ name: 'MEDIA_URL without slash', code: 'media-url.missing-trailing-slash', file: SETTINGS, settings: DEFAULT_SETTINGS.replace('MEDIA_URL = "media/"', "MEDIA_URL = 'media'  # a comment") });
  return out;
}

/** Compiles every file with CPython in one process; the files that fail, with the error. */
function pyCompile(files: ReadonlyArray<{ name: string; text: string }>): Array<{ file: string; error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dm-fixes-'));
  try {
    const paths = files.map((f, i) => {
      const p = join(dir, `${i}.py`);
      writeFileSync(p, f.text);
      return p;
    });
    const script = [
      'import json, sys',
      'failed = []',
      'for p in sys.argv[1:]:',
      '    try:',
      '        with open(p, "rb") as f: compile(f.read(), p, "exec", dont_inherit=True)',
      '    except (SyntaxError, ValueError) as e:',
      '        failed.append({"file": p, "error": repr(e)})',
      'print(json.dumps(failed))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const failed = JSON.parse(out) as Array<{ file: string; error: string }>;
    return failed.map((f) => ({ file: files[paths.indexOf(f.file)]!.name, error: f.error }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every Python quick fix, on every layout of the file, clears its finding and compiles with CPython', async () => {
  const results: Array<{ name: string; text: string }> = [];
  const problems: string[] = [];
  let applied = 0;
  for (const c of cases()) {
    for (const [layout, transform] of Object.entries(LAYOUTS)) {
      const name = `${c.name} / ${layout}`;
      const spec = {
        ...(c.settings !== undefined ? { settings: c.file === SETTINGS ? transform(c.settings) : c.settings } : {}),
        urls: c.file === URLS ? transform(c.urls ?? DEFAULT_URLS) : c.urls ?? DEFAULT_URLS,
        ...(c.files ? { files: c.files } : {}),
      };
      if (c.file === SETTINGS && c.settings === undefined) spec.settings = transform(DEFAULT_SETTINGS);
      const fs = project(spec);
      const before = withCode(await check(fs, c.options), c.code);
      if (before.length === 0) {
        problems.push(`${name}: ${c.code} is not reported`);
        continue;
      }
      const fix = before[0]!.fixes[0];
      if (!fix) {
        problems.push(`${name}: ${c.code} has no fix`);
        continue;
      }
      fs.applyFix(fix);
      applied++;
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        assert.ok(file === c.file, `${name}: the fix edits ${file}`);
        results.push({ name, text: fs.read(file) });
      }
      const after = withCode(await check(fs, c.options), c.code);
      if (after.length > 0) problems.push(`${name}: still reported after the fix:\n${fs.read(c.file)}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(applied >= 300, `only ${applied} fixes applied`);
  const failed = pyCompile(results);
  assert.deepEqual(
    failed.map((f) => `${f.file}: ${f.error}\n${results.find((r) => r.name === f.file)!.text}`),
    [],
  );
});

test('a urlpatterns tuple gets tuple(static(...)), a list +=, anything else a new list of both', async () => {
  const text = async (urls: string): Promise<string> => {
    const fs = project({ urls });
    fs.applyFix(only(await check(fs), 'media-serving.missing-in-development').fixes[0]!);
    return fs.read(URLS);
  };
  assert.match(await text('from django.urls import path\nurlpatterns = (path("", lambda r: None),)\n'), /urlpatterns \+= tuple\(static\(settings\.MEDIA_URL, document_root=settings\.MEDIA_ROOT\)\)/);
  assert.match(await text('from django.urls import path\nurlpatterns = [path("", lambda r: None)]\n'), /urlpatterns \+= static\(settings\.MEDIA_URL/);
  assert.match(await text('urlpatterns = list()\n'), /urlpatterns = \[\*urlpatterns, \*static\(settings\.MEDIA_URL/);
});

test('an existing module-level `if settings.DEBUG:` block gets the static() line, at its indentation', async () => {
  const text = async (urls: string): Promise<string> => {
    const fs = project({ urls });
    fs.applyFix(only(await check(fs), 'media-serving.missing-in-development').fixes[0]!);
    return fs.read(URLS);
  };
  const head = 'from django.conf import settings\nfrom django.urls import path\n\nurlpatterns = [path("", lambda r: None)]\n\n';
  assert.equal(
    await text(`${head}# Debug toolbar in development\nif settings.DEBUG:\n  urlpatterns += [path("debug/", lambda r: None)]\n\nhandler404 = None\n`),
    `from django.conf import settings\nfrom django.urls import path\nfrom django.conf.urls.static import static\n\nurlpatterns = [path("", lambda r: None)]\n\n` +
      '# Debug toolbar in development\nif settings.DEBUG:\n  urlpatterns += [path("debug/", lambda r: None)]\n  urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n\nhandler404 = None\n',
  );
  // An if/else, or urlpatterns bound again after the block: a block of its own at the end.
  const withElse = await text(`${head}if settings.DEBUG:\n    x = 1\nelse:\n    x = 2\n`);
  assert.equal(withElse.match(/if settings\.DEBUG:/g)?.length, 2);
  const rebound = await text(`${head}if settings.DEBUG:\n    x = 1\nurlpatterns = [*urlpatterns]\n`);
  assert.match(rebound, /urlpatterns = \[\*urlpatterns\]\n+if settings\.DEBUG:\n    urlpatterns \+= static\(/);
});

test('imports go below the shebang, the encoding line, the docstring and __future__ imports', async () => {
  const fs = project({ urls: '#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n"""URLs."""\nfrom __future__ import annotations\nurlpatterns = []\n' });
  fs.applyFix(only(await check(fs), 'media-serving.missing-in-development').fixes[0]!);
  assert.match(fs.read(URLS), /^#!\/usr\/bin\/env python\n# -\*- coding: latin-1 -\*-\n"""URLs."""\nfrom __future__ import annotations\nfrom django\.conf import settings\n/);
});
