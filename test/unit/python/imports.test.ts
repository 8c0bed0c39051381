// Imports inside the project: split settings, relative and absolute star imports, optional local
// overrides, packages without __init__.py, cycles, caller-provided modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveModuleFile } from '../../../src/core/python';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { evalPy } from './harness';

const BASE = `
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = False
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
INSTALLED_APPS = ["django.contrib.staticfiles"]
STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
_private = 1
`;

test('from .base import * copies the bindings with their origin in base.py', async () => {
  const r = await evalPy(
    `
from .base import *
DEBUG = True
INSTALLED_APPS += ["debug_toolbar"]
STORAGES["default"]["BACKEND"] = "custom.Storage"
`,
    {
      file: '/p/config/settings/dev.py',
      module: 'config.settings.dev',
      files: { '/p/config/__init__.py': '', '/p/config/settings/__init__.py': '', '/p/config/settings/base.py': BASE },
    },
  );
  assert.equal(r.get('DEBUG'), true);
  assert.equal(r.get('MEDIA_ROOT'), '/p/media');
  assert.deepEqual(r.get('INSTALLED_APPS'), ['django.contrib.staticfiles', 'debug_toolbar']);
  assert.deepEqual(r.get('STORAGES'), { default: { BACKEND: 'custom.Storage' } });
  assert.equal(r.has('_private'), false, 'star imports skip underscore names');
  const origin = r.evaluation.globals.get('MEDIA_URL')?.origin;
  assert.equal(origin?.file, '/p/config/settings/base.py');
  assert.equal(origin?.line, 5);
  assert.equal(r.evaluation.globals.get('DEBUG')?.origin.file, '/p/config/settings/dev.py');
});

test('absolute star imports: from config.settings.base import * and from settings import *', async () => {
  const files = { '/p/config/__init__.py': '', '/p/config/settings/__init__.py': '', '/p/config/settings/base.py': BASE, '/p/settings.py': 'TOP = "top"\n' };
  const r = await evalPy('from config.settings.base import *\nfrom settings import *\n', { files, file: '/p/config/settings/prod.py', module: 'config.settings.prod' });
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.equal(r.get('TOP'), 'top');
});

test('settings packages without __init__.py (namespace packages) still import', async () => {
  const fs = new MemoryFileSystem({ '/p/manage.py': '', '/p/conf/settings/base.py': 'X = 1\n' });
  const r = await evalPy('from conf.settings.base import X\nfrom conf.settings import base\nY = base.X + 1\n', { fs, file: '/p/conf/settings/dev.py', module: 'conf.settings.dev' });
  assert.equal(r.get('X'), 1);
  assert.equal(r.get('Y'), 2);
});

test('optional local overrides: try/except ImportError and file-exists guards', async () => {
  const files = { '/p/config/__init__.py': '', '/p/config/settings/__init__.py': '', '/p/config/settings/base.py': BASE };
  const src = `
from .base import *
try:
    from .local import *
except ImportError:
    LOCAL = False
import os
if os.path.exists(os.path.join(os.path.dirname(__file__), "extra.py")):
    from .extra import *
`;
  const without = await evalPy(src, { files, file: '/p/config/settings/dev.py', module: 'config.settings.dev' });
  assert.equal(without.get('LOCAL'), false);
  assert.equal(without.get('MEDIA_URL'), '/media/');
  assert.ok(without.evaluation.filesRead.includes('/p/config/settings/local.py'));
  assert.ok(without.evaluation.filesRead.includes('/p/config/settings/extra.py'));

  const withLocal = await evalPy(src, {
    files: { ...files, '/p/config/settings/local.py': 'LOCAL = True\nMEDIA_URL = "/m/"\n', '/p/config/settings/extra.py': 'EXTRA = 1\n' },
    file: '/p/config/settings/dev.py',
    module: 'config.settings.dev',
  });
  assert.equal(withLocal.get('LOCAL'), true);
  assert.equal(withLocal.get('MEDIA_URL'), '/m/');
  assert.equal(withLocal.get('EXTRA'), 1);
});

test('a missing local module that is not in a try makes Django fail: noted, evaluation goes on', async () => {
  const r = await evalPy('A = 1\nfrom .local import *\nB = 2\n');
  assert.equal(r.get('A'), 1);
  assert.equal(r.get('B'), 2);
  assert.ok(r.evaluation.notes.some((n) => /ModuleNotFoundError|ImportError/.test(n.message)));
});

test('from . import sibling, import a.b as c, importlib.import_module', async () => {
  const files = { '/p/proj/sub/__init__.py': 'PKG = "pkg"\n', '/p/proj/sub/mod.py': 'VALUE = 42\n', '/p/proj/helpers.py': 'def media(base):\n    return base + "/media"\n' };
  const r = await evalPy(
    `
from . import helpers
from .sub import mod as m
import proj.sub.mod as pm
import proj.sub
import importlib
dyn = importlib.import_module("proj.sub.mod")
A = helpers.media("/srv")
B = m.VALUE + pm.VALUE + dyn.VALUE
C = proj.sub.PKG
D = proj.sub.mod.VALUE
`,
    { files },
  );
  assert.equal(r.get('A'), '/srv/media');
  assert.equal(r.get('B'), 126);
  assert.equal(r.get('C'), 'pkg');
  assert.equal(r.get('D'), 42);
});

test('modules are evaluated once per evaluation', async () => {
  const r = await evalPy('from .counter import bump\nfrom . import counter\nimport proj.counter\nA = counter.N\n', {
    files: { '/p/proj/counter.py': 'N = 0\nN += 1\ndef bump():\n    pass\n' },
  });
  assert.equal(r.get('A'), 1);
});

test('circular star imports do not loop: a note and an opaque write', async () => {
  const r = await evalPy('from .b import *\nA = 1\n', { files: { '/p/proj/b.py': 'from .settings import *\nB = 2\n' } });
  assert.equal(r.get('A'), 1);
  assert.equal(r.get('B'), 2);
  assert.ok(r.evaluation.notes.some((n) => /Circular star import/.test(n.message)));
});

test('third-party modules are opaque: their values are unknown with a reason naming the call', async () => {
  const r = await evalPy(`
import dj_database_url
import sentry_sdk
DATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3")}
sentry_sdk.init(dsn="x")
MEDIA_URL = "/media/"
`);
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.match(r.why('DATABASES'), /calls dj_database_url\.config\(\), which is not evaluated/);
  const db = r.raw('DATABASES');
  const inner = db?.kind === 'dict' ? db.entries.get('s:default')?.value : undefined;
  assert.equal(inner?.kind === 'unknown' ? inner.range?.line : null, 4, 'the unknown points at the call');
});

test('an import that may fail (package maybe not installed) runs both outcomes', async () => {
  const r = await evalPy(`
INSTALLED_APPS = ["a"]
MEDIA_URL = "/media/"
try:
    import debug_toolbar
    INSTALLED_APPS += ["debug_toolbar"]
except ImportError:
    pass
`);
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.match(r.why('INSTALLED_APPS'), /import debug_toolbar/);
});

test('providedModules replace modules, e.g. django.conf.settings', async () => {
  const settings = new Map([['settings', { kind: 'str', value: 'provided' } as const]]);
  const r = await evalPy('from django.conf import settings\nX = settings\n', { host: { providedModules: new Map([['django.conf', settings]]) } });
  assert.equal(r.get('X'), 'provided');
});

test('sys.path additions are honoured for later imports', async () => {
  const r = await evalPy(
    `
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "apps"))
from tools import VALUE
`,
    { files: { '/p/apps/tools.py': 'VALUE = "from apps"\n' } },
  );
  assert.equal(r.get('VALUE'), 'from apps');
});

test('resolveModuleFile finds modules and packages on sysPath only', async () => {
  const fs = new MemoryFileSystem({ '/p/a/b.py': '', '/p/pkg/__init__.py': '', '/p/ns/mod.py': '', '/elsewhere/x.py': '' });
  const host = { fs, env: new Map<string, string>(), sysPath: ['/p'], cwd: '/p' };
  assert.equal(await resolveModuleFile(host, 'a.b'), '/p/a/b.py');
  assert.equal(await resolveModuleFile(host, 'pkg'), '/p/pkg/__init__.py');
  assert.equal(await resolveModuleFile(host, 'ns.mod'), '/p/ns/mod.py');
  assert.equal(await resolveModuleFile(host, 'ns'), undefined);
  assert.equal(await resolveModuleFile(host, 'x'), undefined);
  assert.equal(await resolveModuleFile(host, 'a..b'), undefined);
});

test('django-split-settings include() runs files in the same namespace', async () => {
  const r = await evalPy(
    `
from split_settings.tools import include, optional
include("components/base.py", "components/*.py", optional("local.py"))
`,
    {
      files: {
        '/p/proj/components/base.py': 'MEDIA_URL = "/media/"\nAPPS = ["a"]\n',
        '/p/proj/components/z_more.py': 'APPS += ["z"]\nWHERE = __file__\n',
      },
    },
  );
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.deepEqual(r.get('APPS'), ['a', 'z']);
  assert.equal(r.get('WHERE'), '/p/proj/settings.py', '__file__ stays the including module, as with exec()');
  assert.equal(r.evaluation.globals.get('MEDIA_URL')?.origin.file, '/p/proj/components/base.py');
});

test('absolute local-looking modules that are not in the project are missing, not installed', async () => {
  const r = await evalPy('try:\n    from local_settings import *\nexcept ImportError:\n    LOCAL = False\n');
  assert.equal(r.get('LOCAL'), false);
  assert.equal(r.evaluation.opaqueWrites.length, 0);
});
