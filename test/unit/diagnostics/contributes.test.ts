// The manifest entries of the diagnostics must offer exactly the core's codes, each with the
// levels the reader accepts, so that completion in settings.json matches what the checks report.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_INFO } from '../../../src/core/checks';

const root = join(__dirname, '..', '..', '..', '..');
const contributes = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes;
const properties = contributes.configuration.properties;

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
    assert.equal(p.enumDescriptions.length, p.enum.length, rule.code);
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
