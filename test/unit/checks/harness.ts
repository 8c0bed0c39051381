import assert from 'node:assert/strict';
import { parser } from '../../../src/core/pythonParser';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { applyTextEdits, runChecks, type CheckOptions, type Finding, type QuickFix } from '../../../src/core/checks';

/** A workspace held in memory: files by absolute path; folders are implied by the paths (or explicit). */
export class MemoryWorkspace extends MemoryFileSystem {
  constructor(files: Record<string, string> = {}, folders: string[] = []) {
    super(files);
    for (const f of folders) this.mkdir(f);
  }

  read(path: string): string {
    const t = this.text(path);
    assert.ok(t !== undefined, `no file ${path}`);
    return t;
  }

  /** Applies a quick fix: its text edits, then the folders and files it creates. */
  applyFix(fix: QuickFix): void {
    const byFile = new Map<string, QuickFix['edits']>();
    for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, edits] of byFile) this.write(file, applyTextEdits(this.read(file), edits));
    for (const folder of fix.createFolders ?? []) this.mkdir(folder);
    for (const f of fix.createFiles ?? []) {
      assert.ok(this.text(f.path) === undefined, `the fix would overwrite ${f.path}`);
      this.write(f.path, f.content);
    }
  }
}

/** The standard Django project root of the tests. */
export const WS = '/ws';

/** A manage.py choosing `module`. */
export function managePy(module: string): string {
  return `import os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`;
}

/** Analyses the project at /ws and runs the checks. */
export async function check(fs: MemoryWorkspace, options: CheckOptions & { env?: Record<string, string> } = {}): Promise<Finding[]> {
  const model = await analyzeProject(fs, { root: WS, managePy: `${WS}/manage.py`, name: 'ws' }, options.env ? { env: options.env } : {});
  return runChecks(fs, model, options);
}

/** The findings with a given code. */
export function withCode(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Exactly one finding with the code; fails the test otherwise. */
export function only(findings: Finding[], code: string): Finding {
  const f = withCode(findings, code);
  assert.equal(f.length, 1, `expected one ${code}, got ${f.length}: ${JSON.stringify(findings.map((x) => [x.code, x.message]), null, 1)}`);
  return f[0]!;
}

/** Python that the parser accepts without error nodes. */
export function assertValidPython(text: string, what = 'fixed file'): void {
  const tree = parser.parse(text);
  let error: number | undefined;
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === undefined) error = n.from;
    },
  });
  assert.equal(error, undefined, `${what} is not valid Python near offset ${error}:\n${text}`);
}

/**
 * Applies the first fix of the one finding with `code`, checks the edited Python files still parse,
 * re-runs the checks, and returns the new findings (the caller asserts the code is gone).
 */
export async function fixAndRecheck(fs: MemoryWorkspace, code: string, options: CheckOptions = {}): Promise<{ before: Finding; after: Finding[] }> {
  const before = only(await check(fs, options), code);
  assert.ok(before.fixes.length > 0, `${code} has no quick fix`);
  const fix = before.fixes[0]!;
  fs.applyFix(fix);
  for (const e of fix.edits) if (e.file.endsWith('.py')) assertValidPython(fs.read(e.file), e.file);
  return { before, after: await check(fs, options) };
}

/** What a test project differs in from the tutorial-style default. */
export interface ProjectSpec {
  /** Replaces the whole settings module. */
  settings?: string;
  /** Lines appended to the default settings (later assignments win, as in Python). */
  extra?: string;
  /** Replaces site_config/urls.py. */
  urls?: string;
  files?: Record<string, string>;
  folders?: string[];
}

/** The default settings: a correctly configured tutorial-style project. */
export const DEFAULT_SETTINGS = `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "test"
DEBUG = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "gallery",
]
ROOT_URLCONF = "site_config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
            ],
        },
    },
]
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
`;

/** The tutorial's urls.py: media served under DEBUG. */
export const DEFAULT_URLS = `from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

urlpatterns = [
    path("", lambda request: None),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
`;

/** A project at /ws: manage.py, site_config/settings.py and urls.py, a gallery app, media/ and static/ folders. */
export function project(spec: ProjectSpec = {}): MemoryWorkspace {
  const settings = (spec.settings ?? DEFAULT_SETTINGS) + (spec.extra ? `\n${spec.extra}\n` : '');
  return new MemoryWorkspace(
    {
      [`${WS}/manage.py`]: managePy('site_config.settings'),
      [`${WS}/site_config/__init__.py`]: '',
      [`${WS}/site_config/settings.py`]: settings,
      [`${WS}/site_config/urls.py`]: spec.urls ?? DEFAULT_URLS,
      [`${WS}/gallery/__init__.py`]: '',
      [`${WS}/gallery/models.py`]: 'from django.db import models\n\n\nclass Photo(models.Model):\n    image = models.ImageField(upload_to="photos/")\n',
      [`${WS}/media/photos/a.png`]: 'png',
      ...spec.files,
    },
    [`${WS}/static`, ...(spec.folders ?? [])],
  );
}

/** The settings file of the test project. */
export const SETTINGS = `${WS}/site_config/settings.py`;
export const URLS = `${WS}/site_config/urls.py`;
