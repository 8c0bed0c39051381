// "Django would fail to start" against Django itself: on every fixture project, a note claiming
// that importing the settings (or the URLconf) raises must match a failure Django really had
// (expected.json's django.settingsError / setupError / urlconfError, recorded by expect.py), with
// the same exception class. Syntax-error notes ("Python would refuse to import") count as claims.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../../src/core/inspect';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

interface Expected {
  projects: { root: string; django: { settingsError?: string; setupError?: string; urlconfError?: string } }[];
}

const projectsDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'projects');
const fixtures = readdirSync(projectsDir).filter((n) => existsSync(join(projectsDir, n, 'expected.json'))).sort();

/** The exception class a claim names ("Line 6 raises KeyError: …" -> KeyError). */
function claimedClass(message: string): string {
  if (/Syntax error|refuse to import/.test(message)) return 'SyntaxError';
  return /raises? ([A-Za-z_.]+)/.exec(message)?.[1] ?? '?';
}

test('every "Django would fail to start" claim on the fixtures matches a failure Django had', async () => {
  assert.ok(fixtures.length > 30);
  const problems: string[] = [];
  let claims = 0;
  for (const name of fixtures) {
    const ws = realpathSync(join(projectsDir, name));
    const fixture = JSON.parse(readFileSync(join(ws, 'fixture.json'), 'utf8')) as { env: Record<string, string>; settingsModule: string | null };
    const expected = JSON.parse(readFileSync(join(ws, 'expected.json'), 'utf8')) as Expected;
    const models = await analyzeWorkspace(new NodeFileSystem(), ws, { env: fixture.env, settingsModule: fixture.settingsModule ?? undefined });
    for (const model of models) {
      const root = model.project.root === ws ? '.' : model.project.root.slice(ws.length + 1);
      const dj = expected.projects.find((p) => p.root === root)?.django;
      const failure = [dj?.settingsError, dj?.setupError, dj?.urlconfError === 'ROOT_URLCONF is not set' ? undefined : dj?.urlconfError].filter(Boolean).join(' | ');
      for (const note of model.notes) {
        if (!/would fail to start|Python would refuse to import/.test(note.message)) continue;
        claims++;
        const cls = claimedClass(note.message);
        if (!failure) problems.push(`${name} [${root}]: "${note.message}" but Django started`);
        else if (!failure.includes(cls)) problems.push(`${name} [${root}]: claims ${cls}, Django failed with ${failure}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(claims >= 3, `only ${claims} claims: the test would not notice a wrong one`);
});
