// Unknown stays unknown: branches on unknown conditions are merged, loops that cannot be unrolled
// make what they touch unknown, failures that may or may not happen run both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy } from './harness';

test('an if on an unknown condition: equal outcomes stay known, different ones become unknown with the condition', async () => {
  const r = await evalPy(`
import sys
TESTING = "test" in sys.argv
MEDIA_URL = "/media/"
MEDIA_ROOT = "/srv/media"
if TESTING:
    MEDIA_ROOT = "/tmp/test-media"
    ONLY_IN_TESTS = 1
SAME = 1
if TESTING:
    SAME = 1
else:
    SAME = 1
MODE = "a" if TESTING else "b"
N = 1 if TESTING else 1
`);
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.equal(r.get('SAME'), 1);
  assert.equal(r.get('N'), 1);
  assert.match(r.why('MEDIA_ROOT'), /^depends on `TESTING`, which is unknown: the command line \(sys\.argv\)/);
  assert.match(r.why('ONLY_IN_TESTS'), /TESTING/);
  assert.match(r.why('MODE'), /TESTING/);
});

test('merges are per item: a nested dict keeps the keys both branches agree on', async () => {
  const r = await evalPy(`
import os
STORAGES = {"default": {"BACKEND": "fs"}, "staticfiles": {"BACKEND": "static"}}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"]["BACKEND"] = "storages.backends.s3.S3Storage"
`, { host: {} });
  // AWS_STORAGE_BUCKET_NAME is not set in the explicit environment: the branch is known not to run.
  assert.deepEqual(r.get('STORAGES'), { default: { BACKEND: 'fs' }, staticfiles: { BACKEND: 'static' } });
  const u = await evalPy(`
import sys
STORAGES = {"default": {"BACKEND": "fs"}, "staticfiles": {"BACKEND": "static"}}
if "collectstatic" in sys.argv:
    STORAGES["default"]["BACKEND"] = "s3"
`);
  const storages = u.raw('STORAGES');
  assert.equal(storages?.kind, 'dict');
  if (storages?.kind !== 'dict') return;
  const staticfiles = storages.entries.get('s:staticfiles')?.value;
  const dflt = storages.entries.get('s:default')?.value;
  assert.equal(staticfiles?.kind === 'dict' ? staticfiles.entries.get('s:BACKEND')?.value.kind : null, 'str');
  assert.equal(dflt?.kind === 'dict' ? dflt.entries.get('s:BACKEND')?.value.kind : null, 'unknown');
});

test('functions returning early under an unknown condition', async () => {
  const r = await evalPy(`
import sys
def pick(default):
    if "--fast" in sys.argv:
        return "fast"
    return default
A = pick("slow")
def same(x):
    if "--x" in sys.argv:
        return x
    return x
B = same(3)
`);
  assert.match(r.why('A'), /--fast/);
  assert.equal(r.get('B'), 3);
});

test('a branch that raises under an unknown condition is the one Django cannot start with', async () => {
  const r = await evalPy(`
import os
SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY and os.environ.get("DJANGO_ENV") != "dev":
    raise Exception("SECRET_KEY is required")
MEDIA_URL = "/media/"
`);
  // With this explicit environment the raise happens for sure: the failing statement is noted.
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.ok(r.evaluation.notes.some((n) => /raises Exception/.test(n.message)));
});

test('loops over unknown iterables make everything they assign or mutate unknown', async () => {
  const r = await evalPy(`
import sys
X = 0
APPS = ["a"]
def add(lst):
    lst.append("x")
def setx():
    global X
    X = 5
for arg in sys.argv:
    add(APPS)
    setx()
MEDIA_URL = "/media/"
`);
  assert.match(r.why('X'), /cannot be unrolled/);
  assert.match(r.why('APPS'), /cannot be unrolled/);
  assert.equal(r.get('MEDIA_URL'), '/media/');
});

test('a broad except around code that is not evaluated may run', async () => {
  const r = await evalPy(`
try:
    import sentry_sdk
    sentry_sdk.init(dsn="https://x")
    SENTRY = True
except Exception:
    SENTRY = False
`);
  assert.match(r.why('SENTRY'), /sentry_sdk/);
});

test('unknown environment variables stay unknown through loaders and reads', async () => {
  const r = await evalPy(
    `
import os, sys
from dotenv import load_dotenv
if "--prod" in sys.argv:
    load_dotenv("/p/prod.env")
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
`,
    { files: { '/p/prod.env': 'MEDIA_URL=https://cdn.example.com/media/\n' } },
  );
  assert.match(r.why('MEDIA_URL'), /--prod/);
  assert.equal(r.get('STATIC_URL'), '/static/');
  assert.ok(r.evaluation.unknownEnv.has('MEDIA_URL'));
});

test('writes that cannot be followed are reported as opaque writes', async () => {
  const r = await evalPy(`
import json, sys
CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
vars().update(CONFIG)
globals()["KNOWN"] = 1
MEDIA_URL = "/media/"
`);
  assert.equal(r.get('KNOWN'), 1);
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.ok(r.evaluation.opaqueWrites.length >= 1);
  assert.match(r.evaluation.opaqueWrites[0].description, /update/);
  assert.equal(r.evaluation.opaqueWrites[0].range.line, 4);
});

test('setattr on the module and a namespace handed to an unevaluated function', async () => {
  const r = await evalPy(`
import sys
import django_heroku
setattr(sys.modules[__name__], "FROM_SETATTR", "x")
django_heroku.settings(locals())
`);
  assert.equal(r.get('FROM_SETATTR'), 'x');
  assert.ok(r.evaluation.opaqueWrites.some((w) => /django_heroku\.settings/.test(w.description)));
});

test('a known known: no fork when the explicit environment decides', async () => {
  const r = await evalPy(
    `
import os
DEBUG = os.environ.get("DEBUG") == "1"
if DEBUG:
    MEDIA_URL = "/media/"
else:
    MEDIA_URL = "https://cdn.example.com/media/"
`,
    { env: { DEBUG: '1' } },
  );
  assert.equal(r.get('MEDIA_URL'), '/media/');
});
