import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { RULE_INFO } from '../../../src/core/checks';

const REPO = resolve(__dirname, '../../../..');
const CLEAN = join(REPO, 'test/fixtures/checks/clean');
const BROKEN = join(REPO, 'test/fixtures/checks/broken');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

test('check: compiler-style text and a summary; exit 0 when clean, 1 with an error', async () => {
  const clean = await cli('check', CLEAN);
  assert.equal(clean.code, 0);
  assert.equal(clean.out.trim(), 'No problems found in 1 Django project.');
  const broken = await cli('check', BROKEN);
  assert.equal(broken.code, 1);
  const lines = broken.out.trim().split('\n');
  const summary = lines.pop()!;
  assert.match(summary, /^\d+ errors?, \d+ warnings?, \d+ information in 1 Django project\.$/);
  for (const line of lines) assert.match(line, /^[^:]+:\d+:\d+: (error|warning|information|hint) [a-z-]+\.[a-z-]+ \S/);
  assert.ok(lines.some((l) => /bakery\/settings\.py:\d+:\d+: error media-url\.missing-trailing-slash The MEDIA_URL setting must end with a slash\./.test(l)));
  assert.ok(lines.some((l) => /deploy\/nginx\.conf:2:14: error nginx\.alias-traversal /.test(l)));
});

test('check --fail-on decides the exit status', async () => {
  assert.equal((await cli('check', BROKEN, '--fail-on', 'never')).code, 0);
  assert.equal((await cli('check', BROKEN, '--severity', 'media-url.missing-trailing-slash=ignore', '--severity', 'staticfiles.dirs-not-a-list=warning', '--severity', 'models.upload-to-absolute=hint', '--severity', 'nginx.alias-traversal=warning', '--fail-on', 'error')).code, 0);
  assert.equal((await cli('check', BROKEN, '--severity', 'media-url.missing-trailing-slash=ignore', '--severity', 'staticfiles.dirs-not-a-list=warning', '--severity', 'models.upload-to-absolute=hint', '--severity', 'nginx.alias-traversal=warning', '--fail-on', 'warning')).code, 1);
  assert.equal((await cli('check', CLEAN, '--fail-on', 'information')).code, 0);
});

test('check usage errors exit 2', async () => {
  assert.equal((await cli('check', BROKEN, '--format', 'xml')).code, 2);
  assert.equal((await cli('check', BROKEN, '--fail-on', 'sometimes')).code, 2);
  assert.equal((await cli('check', BROKEN, '--severity', 'x')).code, 2);
  assert.equal((await cli('inspect', BROKEN, '--fail-on', 'error')).code, 2);
  assert.equal((await cli('check', join(BROKEN, 'no-such-folder'))).code, 2);
});

test('check --format json: the contract Diagnostic objects; inspect --json carries the same ones', async () => {
  const { code, out } = await cli('check', BROKEN, '--format', 'json');
  assert.equal(code, 1);
  const doc = JSON.parse(out);
  assert.equal(doc.schemaVersion, 1);
  const diags = doc.projects[0].diagnostics;
  const e006 = diags.find((d: { code: string }) => d.code === 'media-url.missing-trailing-slash');
  assert.deepEqual(Object.keys(e006).sort(), ['code', 'column', 'djangoCheck', 'endColumn', 'endLine', 'file', 'fixable', 'line', 'message', 'severity']);
  assert.equal(e006.file, 'bakery/settings.py');
  assert.equal(e006.djangoCheck, 'urls.E006');
  const inspect = JSON.parse((await cli('inspect', BROKEN, '--json')).out);
  const strip = (d: Record<string, unknown>) => {
    const { fixable: _f, ...rest } = d;
    return rest;
  };
  assert.deepEqual(inspect.projects[0].diagnostics, diags.map(strip));
});

test('check --format sarif: SARIF 2.1.0 with rules, levels, locations and fingerprints', async () => {
  const { code, out } = await cli('check', BROKEN, '--format', 'sarif');
  assert.equal(code, 1);
  const sarif = JSON.parse(out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), RULE_INFO.map((r) => r.code));
  for (const r of run.tool.driver.rules) assert.ok(r.help.text.length > 20);
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'nginx.alias-traversal');
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'nginx.alias-traversal');
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'deploy/nginx.conf', uriBaseId: '%SRCROOT%' });
  assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
  assert.match(Object.values(result.partialFingerprints)[0] as string, /^[0-9a-f]{16}:1$/);
  assert.ok(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text === '/');
  const info = run.results.find((r: { ruleId: string }) => r.ruleId === 'media-root.missing');
  if (info) assert.equal(info.level, 'note');
});
