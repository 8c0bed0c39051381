import type { ReferenceLanguage } from '../media/findMediaReferences';

/** The settings a user can hover or follow from code and templates. */
export type EditorSettingName = 'MEDIA_ROOT' | 'MEDIA_URL' | 'STATIC_URL' | 'STATIC_ROOT' | 'STATICFILES_DIRS';

/** How the setting was named at the position. */
export type SettingMentionForm =
  | 'attribute' // settings.MEDIA_ROOT, getattr(settings, "MEDIA_ROOT")
  | 'assignment' // MEDIA_ROOT = … at the start of a line of a Python module
  | 'template-variable' // {{ MEDIA_URL }}, {{ settings.MEDIA_URL }}
  | 'template-tag'; // {% get_media_prefix %}, {% get_static_prefix %}

/** A mention of a setting under a position; columns 1-based, end exclusive (the name only). */
export interface SettingMention {
  name: EditorSettingName;
  form: SettingMentionForm;
  column: number;
  endColumn: number;
}

const PYTHON_NAMES = new Set<string>(['MEDIA_ROOT', 'MEDIA_URL', 'STATIC_URL', 'STATIC_ROOT', 'STATICFILES_DIRS']);
const TEMPLATE_VARIABLES = new Set<string>(['MEDIA_URL', 'STATIC_URL']);
const TEMPLATE_TAGS: Record<string, EditorSettingName> = { get_media_prefix: 'MEDIA_URL', get_static_prefix: 'STATIC_URL' };
const TEMPLATE_LANGUAGES = new Set<ReferenceLanguage>(['html', 'django-html', 'jinja', 'text']);

/** The longest line looked at: a minified file's one line must not cost a regex over megabytes. */
const MAX_CONTEXT = 200;

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** [start, end) of the identifier under the 0-based index, or at the caret right after one. */
function wordAt(line: string, index: number): [number, number] | undefined {
  let i = index;
  if (!(i < line.length && isWordChar(line.charCodeAt(i)))) {
    if (i > 0 && isWordChar(line.charCodeAt(i - 1))) i--;
    else return undefined;
  }
  let start = i;
  while (start > 0 && isWordChar(line.charCodeAt(start - 1))) start--;
  let end = i + 1;
  while (end < line.length && isWordChar(line.charCodeAt(end))) end++;
  return [start, end];
}

const SETTINGS_ATTRIBUTE = /(?:^|\W)settings[ \t]*\.[ \t]*$/;
const GETATTR = /getattr\([ \t]*settings[ \t]*,[ \t]*["']$/;
const ASSIGNMENT_AFTER = /^[ \t]*(?::[^=\n]*)?=(?!=)/;
const VARIABLE_BEFORE = /\{\{-?[ \t]*(?:settings\.)?$/;
const VARIABLE_AFTER = /^[ \t]*(?:\|[^}\n]*)?-?\}\}/;
const TAG_BEFORE = /\{%-?[ \t]*$/;
const TAG_AFTER = /^[ \t]*(?:as[ \t]+[A-Za-z_]\w*[ \t]*)?-?%\}/;

/**
 * The setting named under a position of one line: `settings.MEDIA_ROOT` (and `getattr(settings,
 * "MEDIA_ROOT")`) or a settings module's own `MEDIA_ROOT = …` in Python; `{{ MEDIA_URL }}`,
 * `{{ settings.MEDIA_URL }}`, `{% get_media_prefix %}` (and their STATIC_* twins) in templates.
 * `column` is 1-based (the character under the pointer, or the caret).
 */
export function settingAt(lineText: string, column: number, language: ReferenceLanguage): SettingMention | undefined {
  const word = wordAt(lineText, column - 1);
  if (!word) return undefined;
  const [start, end] = word;
  const name = lineText.slice(start, end);
  const before = lineText.slice(Math.max(0, start - MAX_CONTEXT), start);
  const after = lineText.slice(end, end + MAX_CONTEXT);
  const mention = (n: EditorSettingName, form: SettingMentionForm): SettingMention => ({ name: n, form, column: start + 1, endColumn: end + 1 });
  if (language === 'python') {
    if (!PYTHON_NAMES.has(name)) return undefined;
    const n = name as EditorSettingName;
    if (SETTINGS_ATTRIBUTE.test(before)) return mention(n, 'attribute');
    if (GETATTR.test(before)) return mention(n, 'attribute');
    if (/^[ \t]*$/.test(before) && start === before.length && ASSIGNMENT_AFTER.test(after)) return mention(n, 'assignment');
    return undefined;
  }
  if (!TEMPLATE_LANGUAGES.has(language)) return undefined;
  if (TEMPLATE_VARIABLES.has(name) && VARIABLE_BEFORE.test(before) && VARIABLE_AFTER.test(after)) {
    return mention(name as EditorSettingName, 'template-variable');
  }
  const tag = TEMPLATE_TAGS[name];
  if (tag && TAG_BEFORE.test(before) && TAG_AFTER.test(after)) return mention(tag, 'template-tag');
  return undefined;
}
