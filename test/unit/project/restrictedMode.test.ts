// Restricted Mode: what package.json declares and which env files an untrusted workspace reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envFilesForTrust, leavesProjectFolder, RESTRICTED_CONFIGURATIONS } from '../../../src/core/project/restrictedMode';

const REPO = resolve(__dirname, '../../../..');

describe('Restricted Mode', () => {
  it('is declared limited, with a description, restricting exactly the settings the policy names', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 40);
    assert.deepEqual(untrusted.restrictedConfigurations, [...RESTRICTED_CONFIGURATIONS]);
    const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const known = new Set(sections.flatMap((c: { properties: object }) => Object.keys(c.properties)));
    for (const key of RESTRICTED_CONFIGURATIONS) assert.ok(known.has(key), `${key} is a contributed setting`);
  });

  it('reads every env file in a trusted workspace, and only those inside the project folder otherwise', () => {
    const files = ['.env', 'config/dev.env', './docker/.env', '/etc/passwd', '~/secrets.env', '../shared/.env', 'a/../../b.env', 'C:\\Users\\me\\.env', '\\\\server\\share\\.env'];
    assert.deepEqual(envFilesForTrust(files, true), { read: files, skipped: [] });
    assert.deepEqual(envFilesForTrust(files, false), {
      read: ['.env', 'config/dev.env', './docker/.env'],
      skipped: ['/etc/passwd', '~/secrets.env', '../shared/.env', 'a/../../b.env', 'C:\\Users\\me\\.env', '\\\\server\\share\\.env'],
    });
    assert.equal(leavesProjectFolder('..env'), false, 'a name starting with two dots is not a parent folder');
  });
});
