import type { EffectiveSettings, ProjectModel, SettingValue, SourceRange } from '../model';

/** Who picked the settings module the analysis used, when the user did: the chooser command or the
 *  `djangoMedia.settingsModule` setting. */
export type UserSettingsModuleOrigin = 'chooser' | 'setting';

/** The settings shown to people, in the order they care about them. */
export const SHOWN_SETTINGS: ReadonlyArray<keyof EffectiveSettings> = [
  'MEDIA_URL', 'MEDIA_ROOT', 'DEBUG', 'DEFAULT_STORAGE', 'STATIC_URL', 'STATIC_ROOT', 'STATICFILES_DIRS',
  'FORCE_SCRIPT_NAME', 'ROOT_URLCONF',
];

/** A value as a Python programmer would write it: "x", True, None, [..]. */
export function formatPython(value: unknown, maxLength = 200): string {
  const text = pythonRepr(value, 0);
  return text.length > maxLength ? text.slice(0, maxLength - 1) + '…' : text;
}

function pythonRepr(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (depth > 4) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonRepr(v, depth + 1)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** How the settings module was chosen, in words. */
export function settingsModuleSourceText(model: ProjectModel, userOrigin: UserSettingsModuleOrigin | undefined): string {
  switch (model.settingsModuleSource) {
    case 'user':
      return userOrigin === 'chooser'
        ? 'chosen with “Django Media: Choose Settings Module”'
        : userOrigin === 'setting'
          ? 'from the djangoMedia.settingsModule setting'
          : 'chosen by you';
    case 'environment':
      return 'DJANGO_SETTINGS_MODULE in djangoMedia.env / djangoMedia.envFiles';
    case 'manage.py':
      return 'set by manage.py';
    default:
      return 'not determined';
  }
}

/** Whether runserver serves MEDIA_URL: with DEBUG forced on, and as configured. */
export interface ServingAnswer {
  state: 'yes' | 'no' | 'unknown';
  /** Why, in a few words (for "unknown": the reason the analysis stopped). */
  text: string;
  /** Where the analysis stopped, for "unknown" when known. */
  where?: SourceRange;
}

/** The two media-serving answers people ask about, from the model's three-valued summary: "no"
 *  only when the analysis followed the URLconf to the end, never for "could not tell". */
export function mediaServingAnswers(model: ProjectModel): { inDebug: ServingAnswer; now: ServingAnswer } {
  const summary = model.mediaServingSummary;
  const s = model.settings;
  const unknownAnswer = (): ServingAnswer => ({
    state: 'unknown',
    text: summary.reason ?? 'the URLconf could not be followed to the end',
    ...(summary.range ? { where: summary.range } : {}),
  });
  const noUrlconf = s.ROOT_URLCONF.known && !s.ROOT_URLCONF.value;
  const debugText = s.DEBUG.known ? `DEBUG = ${formatPython(s.DEBUG.value)}` : 'DEBUG unknown';
  return {
    inDebug: summary.inDebug === null
      ? unknownAnswer()
      : summary.inDebug
        ? { state: 'yes', text: 'a request under MEDIA_URL reaches a view that serves MEDIA_ROOT' }
        : { state: 'no', text: noUrlconf ? 'ROOT_URLCONF is not set, so runserver routes nothing' : 'nothing in the URLconf serves MEDIA_URL from MEDIA_ROOT, so uploaded files 404 under runserver' },
    now: summary.now === null
      ? unknownAnswer()
      : { state: summary.now ? 'yes' : 'no', text: debugText },
  };
}

/** An answer as one line of text: "yes", "no — why", "unknown — why (file:line)". */
export function servingAnswerText(answer: ServingAnswer, rel: (path: string) => string): string {
  const where = answer.where ? ` (${rel(answer.where.file)}:${answer.where.line})` : '';
  return `${answer.state} — ${answer.text}${answer.state === 'unknown' ? where : ''}`;
}

/** A line of the output channel. */
export interface LogLine {
  level: 'info' | 'warn' | 'debug';
  text: string;
}

/** What the output channel says about a fresh model: the module, each value and where it came from,
 *  unknowns with their reasons, media serving, and the analysis notes. */
export function describeModel(
  model: ProjectModel,
  userOrigin: UserSettingsModuleOrigin | undefined,
  rel: (path: string) => string,
): LogLine[] {
  const lines: LogLine[] = [];
  const where = (r: SourceRange | undefined) => (r ? `${rel(r.file)}:${r.line}` : '');
  if (model.settingsModule) {
    lines.push({
      level: 'info',
      text: `settings module ${model.settingsModule} (${settingsModuleSourceText(model, userOrigin)})` +
        (model.settingsFile ? ` — ${rel(model.settingsFile)}` : ' — file not found'),
    });
  } else {
    lines.push({ level: 'warn', text: 'no settings module: manage.py does not name one that can be read; use “Choose Settings Module”' });
  }
  for (const name of SHOWN_SETTINGS) {
    const v = model.settings[name] as SettingValue<unknown>;
    if (v.known) {
      const from = v.origin ? where(v.origin) : "Django's default";
      lines.push({ level: 'info', text: `${name} = ${formatPython(v.value)} (${from})` });
    } else {
      lines.push({ level: 'warn', text: `${name} is unknown: ${v.reason}${v.origin ? ` (${where(v.origin)})` : ''}` });
    }
  }
  const answers = mediaServingAnswers(model);
  lines.push({ level: answers.inDebug.state === 'yes' ? 'info' : 'warn', text: `media served by runserver with DEBUG on: ${servingAnswerText(answers.inDebug, rel)}` });
  lines.push({ level: answers.now.state === 'unknown' ? 'warn' : 'info', text: `media served by runserver as configured: ${servingAnswerText(answers.now, rel)}` });
  for (const n of model.notes) {
    lines.push({ level: n.severity === 'warning' ? 'warn' : 'info', text: `note: ${n.range ? where(n.range) + ': ' : ''}${n.message}` });
  }
  lines.push({ level: 'debug', text: `files read: ${model.filesRead.map(rel).join(', ')}` });
  return lines;
}
