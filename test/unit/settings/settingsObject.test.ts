// django.conf.settings as a URLconf sees it: Django's global defaults for the names the settings
// leave unset, unknown when a write that was not followed may have set them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPyJson } from '../../../src/core/python';
import { settingsObjectValues } from '../../../src/core/settings/settingsObject';
import { SettingsReader, computeEffectiveSettings } from '../../../src/core/settings/effectiveSettings';
import { evalPy } from '../python/harness';

async function settingsOf(source: string) {
  const r = await evalPy(source);
  const values = settingsObjectValues(r.evaluation, computeEffectiveSettings(new SettingsReader(r.evaluation), '/p'));
  return (name: string) => {
    const v = values.get(name);
    return v === undefined ? 'absent' : toPyJson(v);
  };
}

test("unset names read Django's global defaults (AUTH_USER_MODEL, APPEND_SLASH, STORAGES …)", async () => {
  const get = await settingsOf('APPEND_SLASH = False\nMEDIA_URL = "/m/"\n');
  assert.deepEqual(get('AUTH_USER_MODEL'), { known: true, value: 'auth.User' });
  assert.deepEqual(get('APPEND_SLASH'), { known: true, value: false });
  assert.deepEqual(get('USE_I18N'), { known: true, value: true });
  assert.deepEqual(get('LOGIN_URL'), { known: true, value: '/accounts/login/' });
  assert.equal((get('LANGUAGES') as { known: boolean }).known, false, 'the language list changes with every release');
  assert.equal(get('NOT_A_SETTING'), 'absent');
});

test('a write that was not followed makes the defaults unknown', async () => {
  const get = await settingsOf('import json\nvars().update(json.loads(open("/nowhere").read()))\n');
  const v = get('AUTH_USER_MODEL') as { known: boolean; reason?: string };
  assert.equal(v.known, false);
});
