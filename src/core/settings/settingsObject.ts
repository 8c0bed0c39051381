import type { ModuleEvaluation, PyValue } from '../python';
import { NONE, pyBool, strValue, unknown } from '../python';
import type { EffectiveSettings, SettingValue } from '../model';
import { GLOBAL_SETTING_NAMES, globalSettingDefault } from './globalSettings';

function fromEffective(v: SettingValue<string | boolean | null>): PyValue {
  if (!v.known) return unknown(v.reason, v.origin);
  if (v.value === null) return NONE;
  return typeof v.value === 'boolean' ? pyBool(v.value) : strValue(v.value);
}

/**
 * The attributes of `django.conf.settings` as code that imports it (urls.py) sees them at runtime:
 * every name the settings module defines, Django's global defaults for the names it leaves unset,
 * and MEDIA_URL/STATIC_URL with the script prefix applied (LazySettings does that on read).
 */
export function settingsObjectValues(evaluation: ModuleEvaluation, settings: EffectiveSettings): Map<string, PyValue> {
  const values = new Map<string, PyValue>();
  for (const [name, binding] of evaluation.globals) {
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) values.set(name, binding.value);
  }
  values.set('MEDIA_URL', fromEffective(settings.MEDIA_URL));
  values.set('STATIC_URL', fromEffective(settings.STATIC_URL));
  if (!values.has('DEBUG')) values.set('DEBUG', fromEffective(settings.DEBUG));
  if (!values.has('MEDIA_ROOT')) values.set('MEDIA_ROOT', strValue(''));
  if (!values.has('STATIC_ROOT')) values.set('STATIC_ROOT', NONE);
  if (!values.has('FORCE_SCRIPT_NAME')) values.set('FORCE_SCRIPT_NAME', NONE);
  const opaque = evaluation.opaqueWrites[0];
  for (const name of GLOBAL_SETTING_NAMES) {
    if (values.has(name)) continue;
    // A write that was not followed may have set it: the default is then not known to apply.
    const d = opaque ? unknown(`${name} may be set by ${opaque.description} (line ${opaque.range.line})`, opaque.range) : globalSettingDefault(name);
    if (d) values.set(name, d);
  }
  return values;
}
