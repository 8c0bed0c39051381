/**
 * The evaluator inside a ConfinedFileSystem: every way settings code touches a file (open,
 * pathlib, os.path, folder listings, env-file loaders, configparser, json, imports after sys.path
 * changes, split-settings include) treats a path outside the project as unknown with the reason —
 * never as a missing file (a `try` would turn that into a confident default) and never as its
 * contents. Each form is tried with an absolute path, a `..` chain and a symbolic link out.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { ConfinedFileSystem } from '../../../src/core/confinedFileSystem';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';
import { evalPy, ROOT, type Evaluated } from './harness';

const SECRET = 'root:x:0:0:secret';

function confinedProject(): { mem: MemoryFileSystem; fs: ConfinedFileSystem } {
  const mem = new MemoryFileSystem({
    [`${ROOT}/manage.py`]: '',
    [`${ROOT}/proj/__init__.py`]: '',
    [`${ROOT}/proj/local.env`]: 'INSIDE=yes\n',
    '/etc/passwd': SECRET,
    '/etc/app.env': 'SECRET=1\n',
    '/etc/app.ini': '[settings]\nSECRET=1\n[s]\nk=1\n',
    '/etc/app.json': '{"k": 1}',
    '/etc/evil_settings.py': 'VALUE = "from outside"\n',
    '/etc/split.py': 'SPLIT = 1\n',
  });
  mem.link(`${ROOT}/out`, '/etc');
  mem.link(`${ROOT}/passwd`, '/etc/passwd');
  return { mem, fs: new ConfinedFileSystem(mem, { roots: [ROOT] }) };
}

async function confined(source: string): Promise<Evaluated> {
  const { mem, fs } = confinedProject();
  return evalPy(source, { fs: mem, host: { fs } });
}

/** The same hostile file reached three ways. */
const WAYS: [string, (file: string) => string][] = [
  ['an absolute path', (file) => `/etc/${file}`],
  ['a .. chain', (file) => `${ROOT}/proj/../../etc/${file}`],
  ['a symbolic link out', (file) => (file === 'passwd' ? `${ROOT}/passwd` : `${ROOT}/out/${file}`)],
];

const OUTSIDE = /outside the project/;

function assertUnknownOutside(r: Evaluated, name: string): void {
  const why = r.why(name);
  assert.match(why, OUTSIDE, `${name}: ${why}`);
  assert.ok(!why.includes(SECRET));
}

for (const [way, at] of WAYS) {
  test(`open() of ${way} is unknown "outside the project", not FileNotFoundError and not the contents`, async () => {
    const r = await confined(`X = open(${JSON.stringify(at('passwd'))}).read()\nN = len(X)\n`);
    assertUnknownOutside(r, 'X');
    assert.equal(r.raw('N')?.kind, 'unknown');
    assert.ok(!r.evaluation.notes.some((n) => /FileNotFoundError/.test(n.message)));
  });

  test(`try: open(${way}) except FileNotFoundError: default — stays unknown, never the default`, async () => {
    const r = await confined(`try:\n    X = open(${JSON.stringify(at('passwd'))}).read()\nexcept FileNotFoundError:\n    X = "default"\n`);
    assertUnknownOutside(r, 'X');
  });

  test(`pathlib read_text / exists / is_file / iterdir / glob of ${way} are unknown`, async () => {
    const p = JSON.stringify(at('passwd'));
    const dir = JSON.stringify(at('passwd').replace(/\/passwd$/, '') || '/');
    const r = await confined(
      `from pathlib import Path\nA = Path(${p}).read_text()\nB = Path(${p}).exists()\nC = Path(${p}).is_file()\nD = "yes" if Path(${p}).is_file() else "no"\nE = list(Path(${dir}).glob("*"))\n`,
    );
    for (const n of ['A', 'B', 'C', 'D']) assertUnknownOutside(r, n);
    assert.equal(r.raw('E')?.kind, 'unknown');
  });

  test(`os.path.exists / isdir / isfile and os.listdir of ${way} are unknown`, async () => {
    const p = JSON.stringify(at('passwd'));
    const r = await confined(`import os\nA = os.path.exists(${p})\nB = os.path.isfile(${p})\nC = os.path.isdir(os.path.dirname(${p}))\nD = os.listdir(os.path.dirname(${p}))\n`);
    for (const n of ['A', 'B']) assertUnknownOutside(r, n);
    // The folder of the ".." chain and of the absolute path is /etc; the link's folder is the project.
    if (way !== 'a symbolic link out') for (const n of ['C', 'D']) assertUnknownOutside(r, n);
  });

  test(`json.load(open(${way})) is unknown`, async () => {
    const r = await confined(`import json\nX = json.load(open(${JSON.stringify(at('app.json'))}))\n`);
    assertUnknownOutside(r, 'X');
  });

  test(`load_dotenv(${way}) makes the environment unknown, not the defaults`, async () => {
    const r = await confined(`import os\nfrom dotenv import load_dotenv\nload_dotenv(${JSON.stringify(at('app.env'))})\nX = os.environ.get("SECRET", "default")\nY = os.getenv("OTHER", "d")\n`);
    assertUnknownOutside(r, 'X');
    assert.equal(r.raw('Y')?.kind, 'unknown');
  });

  test(`dotenv_values(${way}) is unknown`, async () => {
    const r = await confined(`from dotenv import dotenv_values\nX = dotenv_values(${JSON.stringify(at('app.env'))})\n`);
    assertUnknownOutside(r, 'X');
  });

  test(`django-environ read_env(${way}) makes env() unknown`, async () => {
    const r = await confined(`import environ\nenv = environ.Env()\nenviron.Env.read_env(${JSON.stringify(at('app.env'))})\nX = env("SECRET", default="default")\n`);
    assertUnknownOutside(r, 'X');
  });

  test(`decouple RepositoryEnv / AutoConfig(search_path=…) of ${way} are unknown`, async () => {
    const file = at('app.env');
    const dir = file.slice(0, file.lastIndexOf('/'));
    const r = await confined(
      `from decouple import Config, RepositoryEnv, AutoConfig\nX = Config(RepositoryEnv(${JSON.stringify(file)}))("SECRET", default="default")\nY = AutoConfig(search_path=${JSON.stringify(dir)})("SECRET", default="default")\n`,
    );
    assert.equal(r.raw('X')?.kind, 'unknown');
    if (way !== 'a symbolic link out') assertUnknownOutside(r, 'Y');
    else assert.equal(r.raw('Y')?.kind, 'unknown');
  });

  test(`configparser.read(${way}) makes lookups unknown, not the fallback`, async () => {
    const r = await confined(`import configparser\nc = configparser.ConfigParser()\nc.read(${JSON.stringify(at('app.ini'))})\nX = c.get("s", "k", fallback="default")\n`);
    assertUnknownOutside(r, 'X');
  });

  test(`split-settings include() of ${way} is an opaque write with the reason`, async () => {
    const r = await confined(`from split_settings.tools import include, optional\nSPLIT = 0\ninclude(optional(${JSON.stringify(at('split.py'))}))\n`);
    assert.ok(r.evaluation.opaqueWrites.some((w) => OUTSIDE.test(w.description)), JSON.stringify(r.evaluation.opaqueWrites));
  });
}

const SYS_PATHS: [string, string][] = [
  ['an absolute path', '"/etc"'],
  ['a .. chain', '"../etc"'],
  ['a symbolic link out', `"${ROOT}/out"`],
];
for (const [way, entry] of SYS_PATHS) {
  test(`an import after sys.path gains ${way} is unknown, not ImportError and not the module`, async () => {
    const r = await confined(`import sys\nsys.path.insert(0, ${entry})\ntry:\n    from evil_settings import VALUE as X\nexcept ImportError:\n    X = "default"\n`);
    assertUnknownOutside(r, 'X');
  });
}

test('inside the project nothing changes: reads, probes and a missing file raising FileNotFoundError', async () => {
  const r = await confined(
    `import os\nfrom dotenv import load_dotenv\nload_dotenv("${ROOT}/proj/local.env")\nA = os.environ["INSIDE"]\nB = os.path.exists("${ROOT}/proj/local.env")\ntry:\n    C = open("${ROOT}/missing.txt").read()\nexcept FileNotFoundError:\n    C = "default"\nD = open("${ROOT}/proj/local.env").read()\n`,
  );
  assert.equal(r.get('A'), 'yes');
  assert.equal(r.get('B'), true);
  assert.equal(r.get('C'), 'default');
  assert.equal(r.get('D'), 'INSIDE=yes\n');
});

test('a settings module reached through a link out of the project is not evaluated', async () => {
  const { mem, fs } = confinedProject();
  mem.link(`${ROOT}/proj/linked.py`, '/etc/evil_settings.py');
  const r = await evalPy('from proj.linked import VALUE as X\n', { fs: mem, host: { fs } });
  assert.notEqual(r.raw('X')?.kind, 'str');
});
