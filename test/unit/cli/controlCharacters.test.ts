// The CLI's text output shows control characters from project data as escapes; JSON and SARIF stay exact.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { jsonText } from '../../../src/cli/jsonText';
import { showControlCharacters } from '../../../src/core/showControlCharacters';

const FORGED = '\n::error::forged';
const RED = '\u001b[31m';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** No raw control character but the line ends, and no line that a CI runner or a terminal would act on. */
function assertNeutral(text: string): void {
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, JSON.stringify(text));
  for (const line of text.split('\n')) assert.doesNotMatch(line, /^\s*::/, `a forged workflow command: ${JSON.stringify(line)}`);
}

describe('showControlCharacters', () => {
  it('shows C0, DEL, C1, line separators and bidi marks as escapes, and leaves the rest', () => {
    assert.equal(showControlCharacters(`/media/${FORGED}${RED}x\u001b[0m`), '/media/\\n::error::forged\\x1b[31mx\\x1b[0m');
    assert.equal(showControlCharacters('a\tb\rc\u0000d\u007fe\u009bf\u2028g\u202eh'), 'a\\tb\\rc\\x00d\\x7fe\\x9bf\\u2028g\\u202eh');
    assert.equal(showControlCharacters('C:\\media\\é ü 日本 ✓'), 'C:\\media\\é ü 日本 ✓');
  });
});

describe('jsonText', () => {
  it('is the same document to a parser, with every control character escaped', () => {
    const value = { a: `x${FORGED}${RED}\u009b1m\u2028\u202e` };
    const text = jsonText(value);
    assert.deepEqual(JSON.parse(text), value);
    assertNeutral(text);
  });
});

describe('CLI output from a hostile project', () => {
  let root: string;
  let project: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dm-cli-'));
    // The folder name, a setting value, an unknown's reason and a template reference all carry a forged line and a colour.
    project = join(root, `site${FORGED}${RED}`);
    await mkdir(join(project, 'site'), { recursive: true });
    await mkdir(join(project, 'templates'), { recursive: true });
    await writeFile(join(project, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n');
    await writeFile(join(project, 'site', '__init__.py'), '');
    await writeFile(
      join(project, 'site', 'settings.py'),
      [
        'import os',
        'DEBUG = True',
        'ROOT_URLCONF = "site.urls"',
        'MEDIA_URL = "media\\n::error::forged\\x1b[31m"',
        'MEDIA_ROOT = os.environ["ROOT\\n::error::forged\\x1b[31m"]',
        'STATIC_URL = "/static/"',
        'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")]}]',
        '',
      ].join('\n'),
    );
    await writeFile(join(project, 'site', 'urls.py'), 'urlpatterns = []\n');
    await writeFile(join(project, 'templates', 'x.html'), '<img src="/media/\u001b[31mx.png">\n');
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('check: one finding per line, every control character escaped', async () => {
    const r = await cli('check', root, '--fail-on', 'never');
    assert.equal(r.code, 0);
    assertNeutral(r.out);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.length >= 2, r.out);
    for (const line of lines.slice(0, -1)) assert.match(line, /^\S+:\d+:\d+: (error|warning|information|hint) [a-z-]+\.[a-z-]+ \S/, line);
    assert.ok(lines.some((l) => l.includes('site\\n::error::forged\\x1b[31m/site/settings.py:')), r.out);
  });

  it('inspect: values, reasons and paths shown with escapes', async () => {
    const r = await cli('inspect', root);
    assert.equal(r.code, 0);
    assertNeutral(r.out);
    assert.ok(r.out.includes('\\n::error::forged\\x1b[31m'), r.out);
  });

  it('check --format json and sarif, inspect --json: the exact values, escaped by JSON', async () => {
    for (const argv of [['check', root, '--format', 'json', '--fail-on', 'never'], ['check', root, '--format', 'sarif', '--fail-on', 'never'], ['inspect', root, '--json']]) {
      const r = await cli(...argv);
      assertNeutral(r.out);
      const doc = JSON.stringify(JSON.parse(r.out));
      assert.ok(doc.includes(JSON.stringify(`site${FORGED}${RED}`).slice(1, -1)), `${argv.join(' ')} keeps the folder name exactly`);
    }
    const inspect = JSON.parse((await cli('inspect', root, '--json')).out);
    // Django prefixes a relative MEDIA_URL with the script name ("/").
    assert.equal(inspect.projects[0].settings.MEDIA_URL.value, `/media${FORGED}${RED}`);
  });

  it('an argument echoed in an error is escaped too', async () => {
    const r = await cli('check', `${root}/missing${FORGED}`);
    assert.equal(r.code, 2);
    assertNeutral(r.err);
  });
});
