import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDjangoRequirement, formatVersion, versionFromSpecifier } from '../../../src/core/checks/djangoVersion';

const v = (spec: string) => {
  const r = versionFromSpecifier(spec);
  return r ? formatVersion(r) : undefined;
};

test('an exact pin is the version', () => {
  assert.equal(v('==4.2.11'), '4.2.11');
  assert.equal(v('===5.0.1'), '5.0.1');
});

test('a range resolves to the newest feature release it allows (what pip installs)', () => {
  assert.equal(v('>=4.2,<5.0'), '4.2');
  assert.equal(v('>=3.2,<4'), '3.2');
  assert.equal(v('~=4.1'), '4.2'); // ~=4.1 means >=4.1, ==4.*
  assert.equal(v('~=4.1.3'), '4.1');
  assert.equal(v('==4.2.*'), '4.2');
  assert.equal(v('^4.0'), '4.2'); // Poetry caret
  assert.equal(v('~5.0'), '5.0'); // Poetry tilde
  assert.equal(v('<3'), '2.2');
});

test('an unconstrained or unreadable specifier names no version', () => {
  assert.equal(v('*'), undefined);
  assert.equal(v(''), undefined);
  assert.equal(v('>=latest'), undefined);
});

test('requirement files of every kind are read', () => {
  assert.equal(findDjangoRequirement('requirements.txt', 'gunicorn==21\nDjango==4.2.7  # LTS\n')?.line, 2);
  assert.equal(formatVersion(findDjangoRequirement('requirements.txt', 'django[argon2]>=4.0,<4.1\n')!.version), '4.0');
  assert.equal(formatVersion(findDjangoRequirement('pyproject.toml', '[project]\ndependencies = [\n  "Django>=5.0,<5.1",\n]\n')!.version), '5.0');
  assert.equal(formatVersion(findDjangoRequirement('pyproject.toml', '[tool.poetry.dependencies]\ndjango = "^3.2"\n')!.version), '3.2');
  assert.equal(formatVersion(findDjangoRequirement('Pipfile', '[packages]\ndjango = "==4.1.*"\n')!.version), '4.1');
  assert.equal(formatVersion(findDjangoRequirement('setup.cfg', '[options]\ninstall_requires =\n    Django>=3.2,<3.3\n')!.version), '3.2');
  assert.equal(findDjangoRequirement('requirements.txt', 'django-environ==0.11\ndjangorestframework==3.15\n'), undefined);
});
