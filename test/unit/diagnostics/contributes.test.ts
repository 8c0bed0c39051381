// The severity setting in package.json, the table in docs/diagnostics.md and the RULES registry
// are generated from the rule files (scripts/generate-contributions.mjs): the committed text must
// be what the generator writes, and what it writes must offer exactly the core's codes, each with
// the levels the reader accepts, so that completion in settings.json matches what the checks report.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RULE_INFO } from '../../../src/core/checks';

const root = join(__dirname, '..', '..', '..', '..');
const contributes = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes;
const properties = contributes.configuration.properties;
const GENERATED = ['package.json', 'docs/diagnostics.md', 'src/core/checks/rules/index.ts'];

function generatorCheck(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'generate-contributions.mjs'), '--check', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

test('package.json, docs/diagnostics.md and the rules registry are what the rule files generate', () => {
  const { status, stderr } = generatorCheck();
  assert.equal(status, 0, stderr);
});

test('the staleness check names each generated file that was edited by hand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'generated-'));
  try {
    for (const file of GENERATED) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(root, file), join(dir, file));
    }
    assert.equal(generatorCheck('--out', dir).status, 0, 'unchanged copies are fresh');
    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.ok(text.includes(from), `${file} holds ${from}`);
      writeFileSync(join(dir, file), text.replace(from, to));
    };
    edit('package.json', '"ignore"\n', '"off"\n');
    edit('docs/diagnostics.md', '| `media-root.missing` | information |', '| `media-root.missing` | warning |');
    edit('src/core/checks/rules/index.ts', '  mediaRootMissing,\n', '');
    const { status, stderr } = generatorCheck('--out', dir);
    assert.equal(status, 1);
    for (const file of GENERATED) assert.ok(stderr.includes(file), `${file} is named stale: ${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the severity setting lists every diagnostic code, and only those', () => {
  const severity = properties['djangoMedia.diagnostics.severity'];
  assert.equal(severity.type, 'object');
  assert.equal(severity.scope, 'resource');
  assert.equal(severity.additionalProperties, false);
  assert.deepEqual(Object.keys(severity.properties).sort(), RULE_INFO.map((r) => r.code).sort());
});

test('each code offers the five levels and says what it checks and its default', () => {
  const codes = properties['djangoMedia.diagnostics.severity'].properties;
  for (const rule of RULE_INFO) {
    const p = codes[rule.code];
    assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'ignore'], rule.code);
    assert.ok(p.markdownDescription.startsWith(rule.description), `${rule.code} describes the check`);
    assert.ok(p.markdownDescription.includes(`Default: \`${rule.defaultSeverity}\``), `${rule.code} names its default`);
  }
});

test('the other settings: enable (on by default) and the Django version pattern', () => {
  const enable = properties['djangoMedia.diagnostics.enable'];
  assert.equal(enable.type, 'boolean');
  assert.equal(enable.default, true);
  const version = new RegExp(properties['djangoMedia.djangoVersion'].pattern);
  for (const ok of ['', '4.2', '5.0.3', '5']) assert.ok(version.test(ok), ok);
  for (const bad of ['latest', '4.2.x', 'v5']) assert.ok(!version.test(bad), bad);
});
