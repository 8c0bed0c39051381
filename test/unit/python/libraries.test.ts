// Behaviour of the modelled libraries and of failure reporting that the CPython cases cannot show:
// django-configurations' importer (environment-dependent), start-failure claims by module role,
// and the environment carried over from manage.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy, ROOT } from './harness';

const CONFIGURATION = `
from configurations import Configuration, values
MEDIA_URL = "/module-level/"
class Dev(Configuration):
    DEBUG = values.BooleanValue(False)
    MEDIA_URL = values.Value("/media/")
    SIZE = values.IntegerValue(5, environ_prefix="APP")
class Prod(Dev):
    MEDIA_URL = "/prod-media/"
`;

test('django-configurations: the chosen class decides, values come from DJANGO_<NAME> (converted) or the default', async () => {
  const r = await evalPy(CONFIGURATION, { env: { DJANGO_CONFIGURATION: 'Dev', DJANGO_DEBUG: 'yes', APP_SIZE: '7' } });
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.equal(r.get('DEBUG'), true);
  assert.equal(r.get('SIZE'), 7);
  const prod = await evalPy(CONFIGURATION, { env: { DJANGO_CONFIGURATION: 'Prod' } });
  assert.equal(prod.get('MEDIA_URL'), '/prod-media/');
  assert.equal(prod.get('DEBUG'), false);
});

test('django-configurations: an undefined or unknown DJANGO_CONFIGURATION leaves no module-level value known', async () => {
  const none = await evalPy(CONFIGURATION);
  assert.match(none.why('MEDIA_URL'), /DJANGO_CONFIGURATION is undefined/);
  assert.ok(none.evaluation.notes.some((n) => /Django would fail to start/.test(n.message)));
  const bad = await evalPy(CONFIGURATION, { env: { DJANGO_CONFIGURATION: 'Dev', DJANGO_DEBUG: 'maybe' } });
  assert.match(bad.why('DEBUG'), /ValueError/);
  assert.equal(bad.get('MEDIA_URL'), '/media/');
});

test('an exception in a module a URLconf merely imports is not claimed to stop Django; one in the URLconf is', async () => {
  const files = { [`${ROOT}/proj/views.py`]: 'import os\nTOKEN = os.environ["TOKEN"]\n' };
  const r = await evalPy('from . import views\nX = 1\n', { files, module: 'proj.urls', file: `${ROOT}/proj/urls.py`, host: { role: 'urlconf' } });
  const notes = r.evaluation.notes.filter((n) => /raises KeyError/.test(n.message));
  assert.equal(notes.length, 1);
  assert.equal(notes[0].severity, 'info');
  assert.doesNotMatch(notes[0].message, /fail to start/);
  const root = await evalPy('import os\nTOKEN = os.environ["TOKEN"]\n', { module: 'proj.urls', file: `${ROOT}/proj/urls.py`, host: { role: 'urlconf' } });
  assert.ok(root.evaluation.notes.some((n) => n.severity === 'warning' && /KeyError.*Django would fail to start/.test(n.message)));
  const settings = await evalPy('from . import views\n', { files });
  assert.ok(settings.evaluation.notes.some((n) => /KeyError.*Django would fail to start/.test(n.message)), 'a module the settings import is part of importing them');
});

test('variables an earlier evaluation left unknown stay unknown (manage.py loading an unreadable .env)', async () => {
  const r = await evalPy('import os\nA = os.environ.get("A", "default")\nB = os.environ.get("B", "default")\n', {
    host: { envUnknown: new Map([['A', 'set by a .env that cannot be read']]) },
  });
  assert.match(r.why('A'), /cannot be read/);
  assert.equal(r.get('B'), 'default');
  const all = await evalPy('import os\nB = os.environ.get("B", "default")\n', { host: { envAllUnknown: 'load_dotenv(stream=…)' } });
  assert.match(all.why('B'), /load_dotenv/);
});
