import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSettingsCandidates } from '../../../src/core/project/settingsModule';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

test('settings modules a user may choose: settings.py anywhere shallow, every module of a settings package, and what tool configuration names', async () => {
  const fs = new MemoryFileSystem({
    '/p/manage.py': '',
    '/p/site/settings.py': '',
    '/p/conf/settings/__init__.py': '',
    '/p/conf/settings/base.py': '',
    '/p/conf/settings/production.py': '',
    '/p/conf/settings/_private.py': '',
    '/p/conf/settings/README.md': '',
    '/p/a/b/c/settings.py': '',
    '/p/a/b/c/d/settings.py': '', // deeper than three folders
    '/p/shop/migrations/settings.py': '',
    '/p/node_modules/x/settings.py': '',
    '/p/venv/pyvenv.cfg': '',
    '/p/venv/lib/settings.py': '',
    '/p/.hidden/settings.py': '',
    '/p/setup.cfg': '[tool:pytest]\nDJANGO_SETTINGS_MODULE = site.test_settings\n',
  });
  assert.deepEqual(await findSettingsCandidates(fs, '/p'), [
    'a.b.c.settings',
    'conf.settings',
    'conf.settings.base',
    'conf.settings.production',
    'site.settings',
    'site.test_settings',
  ]);
});
