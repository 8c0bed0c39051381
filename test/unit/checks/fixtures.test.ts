import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { analyzeWorkspace } from '../../../src/core/inspect';
import { runChecks } from '../../../src/core/checks';
import { MemoryWorkspace, assertValidPython, check, WS } from './harness';

const REPO = resolve(__dirname, '../../../..');
const PROJECTS = join(REPO, 'test/fixtures/projects');
const fs = new NodeFileSystem();

test('a correctly configured project has zero diagnostics', async () => {
  const ws = join(REPO, 'test/fixtures/checks/clean');
  const [model, ...rest] = await analyzeWorkspace(fs, ws);
  assert.ok(model && rest.length === 0);
  const findings = await runChecks(fs, model, {});
  assert.deepEqual(findings.map((f) => `${relative(ws, f.range.file)}:${f.range.line} ${f.code} ${f.message}`), []);
});

// What `manage.py check` / check_settings() said, as ids (Django's runtime messages -> runtime.<name>).
const RUNTIME_IDS: Record<string, string> = {
  "You're using the staticfiles app without having set the required STATIC_URL setting.": 'runtime.static-url-missing',
  'The MEDIA_URL and STATIC_URL settings must have different values': 'runtime.media-url-equals-static-url',
  "runserver can't serve media if MEDIA_URL is within STATIC_URL.": 'runtime.media-url-inside-static-url',
  'The MEDIA_ROOT and STATIC_ROOT settings must have different values': 'runtime.media-root-equals-static-root',
};
// The check ids within the scope of django-media (Django reports many others: models.W042, admin.E…).
const IN_SCOPE = /^(urls\.E006|staticfiles\.|fields\.E202$|security\.W006$|runtime\.)/;
// Ids Django 3.2 cannot report and the fixture tool does not emulate (the STORAGES setting did not exist).
const NEWER_THAN_32 = new Set(['runtime.storages-missing-default', 'runtime.storages-mutually-exclusive']);

interface Expected {
  projects: Array<{
    root: string;
    django: { checks: string[]; deployChecks?: string[]; checksAddedAfter32?: string[]; runtimeError: string | null };
  }>;
}

const fixtures = existsSync(PROJECTS) ? readdirSync(PROJECTS).filter((d) => existsSync(join(PROJECTS, d, 'expected.json'))).sort() : [];

for (const name of fixtures) {
  test(`Django parity: ${name}`, async () => {
    const dir = join(PROJECTS, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const fixture = existsSync(join(dir, 'fixture.json')) ? JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) : {};
    const models = await analyzeWorkspace(fs, dir, { env: fixture.env ?? {}, ...(fixture.settingsModule ? { settingsModule: fixture.settingsModule } : {}) });
    for (const exp of expected.projects) {
      const model = models.find((m) => (relative(dir, m.project.root) || '.') === exp.root);
      assert.ok(model, `${name}: no project at ${exp.root}`);
      const djangoIds = (checks: string[], runtime: string | null) =>
        [...new Set([...checks.filter((id) => IN_SCOPE.test(id)), ...(runtime ? [RUNTIME_IDS[runtime] ?? `unmapped: ${runtime}`] : [])])].sort();
      const ours = async (version: string, deploy: boolean) =>
        [...new Set((await runChecks(fs, model, { djangoVersion: version })).map((f) => f.djangoCheck).filter((id): id is string => id !== null && (deploy || id !== 'security.W006')))].sort();

      // Django 3.2, exactly what it reported.
      assert.deepEqual(await ours('3.2', false), djangoIds(exp.django.checks, exp.django.runtimeError), `${name} (${exp.root}) as Django 3.2`);
      // Django 5.2: plus the checks added since 3.2, which the fixture tool computed; other newer ids
      // are allowed only if 3.2 had no way to report them.
      const want52 = djangoIds([...exp.django.checks, ...(exp.django.checksAddedAfter32 ?? [])], exp.django.runtimeError);
      const got52 = await ours('5.2', false);
      for (const id of want52) assert.ok(got52.includes(id), `${name} (${exp.root}) as Django 5.2: missing ${id} (got ${got52.join(', ')})`);
      for (const id of got52) assert.ok(want52.includes(id) || NEWER_THAN_32.has(id), `${name} (${exp.root}) as Django 5.2: ${id} not reported by Django`);
      // Deploy checks: security.W006 exactly when `check --deploy` reported it.
      if (exp.django.deployChecks) {
        const deployW006 = (await ours('3.2', true)).includes('security.W006');
        assert.equal(deployW006, exp.django.deployChecks.includes('security.W006'), `${name}: security.W006 (deploy)`);
      }
    }
  });
}

test('every quick fix on the broken fixture removes its diagnostic and keeps the files valid', async () => {
  const src = join(REPO, 'test/fixtures/checks/broken');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[WS + p.slice(src.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(src);
  const mem = new MemoryWorkspace(files);
  const fixed: string[] = [];
  for (let round = 0; round < 20; round++) {
    const next = (await check(mem)).find((f) => f.fixes.length > 0 && !fixed.includes(f.code));
    if (!next) break;
    mem.applyFix(next.fixes[0]!);
    fixed.push(next.code);
    for (const e of next.fixes[0]!.edits) if (e.file.endsWith('.py')) assertValidPython(mem.read(e.file), e.file);
  }
  const remaining = (await check(mem)).map((f) => f.code);
  assert.ok(fixed.length >= 7, fixed.join(', '));
  for (const code of fixed) assert.ok(!remaining.includes(code), `${code} is still reported after its fix`);
});
