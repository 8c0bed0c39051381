// The environment as settings read it: os.environ / os.getenv, django-environ, python-decouple,
// python-dotenv. Expected values were checked against the real libraries (django-environ 0.4.4
// and the current source, python-decouple 3.6, python-dotenv 0.21 and 1.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy } from './harness';

test('os.environ get/getenv/[]/setdefault/in and the explicit environment', async () => {
  const r = await evalPy(
    `
import os
A = os.environ.get("A")
B = os.environ.get("MISSING", "dflt")
C = os.getenv("A", "x")
D = os.getenv("MISSING")
E = "A" in os.environ, "MISSING" in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
os.environ.setdefault("A", "ignored")
os.environ["NEW"] = "n"
F = os.environ["NEW"]
DEBUG = os.environ.get("DEBUG", "False") == "True"
DEBUG2 = bool(int(os.environ.get("DEBUG_INT", "0")))
DEBUG3 = os.environ.get("FLAG", "").lower() in ("1", "true", "yes")
try:
    G = os.environ["MISSING"]
except KeyError:
    G = "handled"
`,
    { env: { A: 'a', DEBUG: 'True', FLAG: 'Yes' } },
  );
  assert.equal(r.get('A'), 'a');
  assert.equal(r.get('B'), 'dflt');
  assert.equal(r.get('C'), 'a');
  assert.equal(r.get('D'), null);
  assert.deepEqual(r.get('E'), [true, false]);
  assert.equal(r.get('F'), 'n');
  assert.equal(r.get('DEBUG'), true);
  assert.equal(r.get('DEBUG2'), false);
  assert.equal(r.get('DEBUG3'), true);
  assert.equal(r.get('G'), 'handled');
  assert.equal(r.host.env.get('DJANGO_SETTINGS_MODULE'), 'proj.settings');
  assert.equal(r.host.env.get('A'), 'a', 'setdefault never overrides');
  assert.equal(r.host.env.get('NEW'), 'n');
});

test('os.environ["X"] for an unset variable: KeyError, noted, the name unknown', async () => {
  const r = await evalPy('import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nMEDIA_URL = "/media/"\n');
  assert.match(r.why('SECRET_KEY'), /KeyError/);
  assert.equal(r.get('MEDIA_URL'), '/media/');
  assert.ok(r.evaluation.notes.some((n) => n.severity === 'warning' && /SECRET_KEY/.test(n.message) && n.range?.line === 2));
});

test('strtobool and str2bool-style project helpers are evaluated', async () => {
  const r = await evalPy(
    `
import os
from distutils.util import strtobool
def str2bool(v):
    return str(v).lower() in ("yes", "true", "t", "1")
def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return bool(strtobool(value))
A = bool(strtobool(os.environ.get("A", "no")))
B = str2bool(os.environ.get("B", "False"))
C = env_bool("C"), env_bool("B")
try:
    D = strtobool("maybe")
except ValueError:
    D = "invalid"
`,
    { env: { A: 'on', B: 'TRUE' } },
  );
  assert.equal(r.get('A'), true);
  assert.equal(r.get('B'), true);
  assert.deepEqual(r.get('C'), [false, true]);
  assert.equal(r.get('D'), 'invalid');
});

test('django-environ: schemes, typed getters, read_env, environ.Path arithmetic', async () => {
  const r = await evalPy(
    `
import environ, os
env = environ.Env(DEBUG=(bool, False), ALLOWED=(list, []), PORT=(int, 8000), RATE=(float, 1.5))
environ.Env.read_env(os.path.join(os.path.dirname(os.path.dirname(__file__)), ".env"))
DEBUG = env("DEBUG")
ALLOWED = env("ALLOWED")
PORT = env("PORT")
RATE = env("RATE")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
QUOTED = env("QUOTED")
DQ = env("DQ")
COMMENTED = env("COMMENTED")
B1 = env.bool("B1", default=False)
B2 = env.bool("B2")
B3 = env.bool("MISSING_B", default="yes")
S1 = env("MISSING_S", default="x")
L1 = env.list("L1", default=["d"])
L2 = env.list("MISSING_L", default=["d"])
T1 = env.tuple("T1")
I1 = env.int("I1", default=3)
PROXY = env("PROXY")
D1 = env.dict("D1")
ROOT = environ.Path(__file__) - 2
R1 = ROOT("media")
R2 = str(ROOT.path("static"))
NONE = env("MISSING", default=None)
SMART = env("I1", default=5)
EXPORTED = env("EXPORTED", default="no")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(ROOT.path("media")))
try:
    REQUIRED = env("NOT_SET_ANYWHERE")
except environ.ImproperlyConfigured:
    REQUIRED = "missing"
`,
    {
      env: { RATE: '2.5' },
      files: {
        '/p/.env':
          "DEBUG=on\nALLOWED=a,b,,c\nPORT=9000\nQUOTED='single q'\nDQ=\"double \\\" q\"\nCOMMENTED=val # not a comment\nexport EXPORTED=yes\nB1=0\nB2=True\nL1=x,y\nT1=(a,b)\nI1=12\nPROXY=$PORT\nD1=a=1,b=2\nMEDIA_URL=/m/\n",
      },
    },
  );
  assert.equal(r.get('DEBUG'), true);
  assert.deepEqual(r.get('ALLOWED'), ['a', 'b', 'c']);
  assert.equal(r.get('PORT'), 9000);
  assert.equal(r.get('RATE'), 2.5, 'explicit environment values win over the .env file');
  assert.equal(r.get('MEDIA_URL'), '/m/');
  assert.equal(r.get('QUOTED'), 'single q');
  assert.equal(r.get('DQ'), 'double " q');
  assert.equal(r.get('COMMENTED'), 'val # not a comment', 'django-environ keeps inline comments');
  assert.equal(r.get('B1'), false);
  assert.equal(r.get('B2'), true);
  assert.equal(r.get('B3'), 'yes', 'defaults are not cast by django-environ');
  assert.equal(r.get('S1'), 'x');
  assert.deepEqual(r.get('L1'), ['x', 'y']);
  assert.deepEqual(r.get('L2'), ['d']);
  assert.deepEqual(r.get('T1'), ['a', 'b']);
  assert.equal(r.get('I1'), 12);
  assert.equal(r.get('PROXY'), 9000);
  assert.deepEqual(r.get('D1'), { a: '1', b: '2' });
  assert.equal(r.get('ROOT'), '/p');
  assert.equal(r.get('R1'), '/p/media');
  assert.equal(r.get('R2'), '/p/static');
  assert.equal(r.get('NONE'), null);
  assert.equal(r.get('MEDIA_ROOT'), '/p/media');
  assert.equal(r.get('REQUIRED'), 'missing');
  // Behaviour that changed between releases is reported, not guessed.
  assert.match(r.why('SMART'), /0\.5/);
  assert.match(r.why('EXPORTED'), /export/);
  assert.equal(r.host.env.get('PORT'), '9000');
  assert.equal(r.host.env.get('RATE'), '2.5');
  assert.ok(r.evaluation.filesRead.includes('/p/.env'));
});

test('Env.read_env() without a path reads .env next to the calling module; missing files change nothing', async () => {
  const r = await evalPy('import environ\nenviron.Env.read_env()\nenv = environ.Env()\nX = env("X", default="none")\n', { files: { '/p/proj/.env': 'X=here\n' } });
  assert.equal(r.get('X'), 'here');
  const missing = await evalPy('import environ\nenviron.Env.read_env()\nenv = environ.Env()\nX = env("X", default="none")\n');
  assert.equal(missing.get('X'), 'none');
  assert.ok(missing.evaluation.filesRead.includes('/p/proj/.env'));
});

test('python-decouple: .env and settings.ini found from the caller folder upwards, casts applied to defaults', async () => {
  const r = await evalPy(
    `
from decouple import config, Csv, Choices
DEBUG = config("DEBUG", default=False, cast=bool)
D2 = config("D2", default="off", cast=bool)
EMPTY = config("EMPTY", default="", cast=bool)
HOSTS = config("HOSTS", cast=Csv())
HOSTS2 = config("HOSTS2", default="a, b ,c", cast=Csv())
NUMS = config("NUMS", default="1,2", cast=Csv(int))
TUP = config("HOSTS", cast=Csv(post_process=tuple))
PORT = config("PORT", default=8000, cast=int)
MEDIA_URL = config("MEDIA_URL", default="/media/")
QUOTED = config("QUOTED")
SPACED = config("SPACED")
ENVWINS = config("ENVWINS")
LEVEL = config("LEVEL", default="info", cast=Choices(["info", "debug"]))
NONE_D = config("NOPE", default=None)
`,
    {
      env: { ENVWINS: 'env' },
      files: { '/p/.env': "DEBUG=True\nHOSTS=x.com,y.com\n QUOTED = 'q v' \nSPACED=  a b  \nENVWINS=file\n# comment\nNOEQ\nMEDIA_URL=/m/#x\n" },
    },
  );
  assert.equal(r.get('DEBUG'), true);
  assert.equal(r.get('D2'), false);
  assert.equal(r.get('EMPTY'), false);
  assert.deepEqual(r.get('HOSTS'), ['x.com', 'y.com']);
  assert.deepEqual(r.get('HOSTS2'), ['a', 'b', 'c']);
  assert.deepEqual(r.get('NUMS'), [1, 2]);
  assert.deepEqual(r.get('TUP'), ['x.com', 'y.com']);
  assert.equal(r.raw('TUP')?.kind, 'tuple');
  assert.equal(r.get('PORT'), 8000);
  assert.equal(r.get('MEDIA_URL'), '/m/#x', 'decouple keeps everything after "="');
  assert.equal(r.get('QUOTED'), 'q v');
  assert.equal(r.get('SPACED'), 'a b');
  assert.equal(r.get('ENVWINS'), 'env');
  assert.equal(r.get('LEVEL'), 'info');
  assert.equal(r.get('NONE_D'), null);
  assert.equal(r.host.env.has('DEBUG'), false, 'decouple does not write os.environ');
});

test('python-decouple: settings.ini (configparser rules) wins over .env in the same folder', async () => {
  const r = await evalPy(
    `
from decouple import config
DEBUG = config("DEBUG", cast=bool)
MEDIA_ROOT = config("MEDIA_ROOT")
INTERP = config("INTERP")
MULTI = config("MULTI")
CASE = config("case_key")
`,
    { files: { '/p/settings.ini': '[settings]\nDEBUG = yes\nMEDIA_ROOT: /srv/media\nBASE = /srv\nINTERP = %(base)s/x %%\nMULTI = line1\n  line2\nCase_Key = v\n', '/p/.env': 'DEBUG=False\n' } },
  );
  assert.equal(r.get('DEBUG'), true);
  assert.equal(r.get('MEDIA_ROOT'), '/srv/media');
  assert.equal(r.get('INTERP'), '/srv/x %');
  assert.equal(r.get('MULTI'), 'line1\nline2');
  assert.equal(r.get('CASE'), 'v');
});

test('python-decouple: a missing option without default raises UndefinedValueError', async () => {
  const r = await evalPy('from decouple import config, UndefinedValueError\ntry:\n    X = config("NOPE")\nexcept UndefinedValueError:\n    X = "undefined"\n');
  assert.equal(r.get('X'), 'undefined');
});

test('python-dotenv: load_dotenv/find_dotenv/dotenv_values with its parsing and ${VAR} rules', async () => {
  const r = await evalPy(
    `
import os
from dotenv import load_dotenv, find_dotenv, dotenv_values
FOUND = find_dotenv()
LOADED = load_dotenv()
A = os.environ.get("A")
B = os.getenv("B")
C = os.environ.get("C")
D = os.environ.get("D")
E = os.environ.get("E")
F = os.environ.get("F")
G = os.environ.get("G")
H = os.environ.get("H")
I = os.environ.get("I")
J = os.environ.get("J")
K = os.environ.get("K")
VALS = dotenv_values(os.path.join(os.path.dirname(os.path.dirname(__file__)), ".env"))
`,
    {
      env: { PRESET: 'pre', A: 'keep' },
      files: { '/p/.env': "A=1\nB = 'single # q' # c\nC=\"dbl\\nline\"\nexport D=exp\nE=${A}-${NOPE:-def}\nF=unq  # comment\nG\nH=\"multi\nline\"\nI=a#b\nJ='esc\\'q'\nK=${PRESET}\n" },
    },
  );
  assert.equal(r.get('FOUND'), '/p/.env', 'found by walking up from the settings folder');
  assert.equal(r.get('LOADED'), true);
  assert.equal(r.get('A'), 'keep', 'load_dotenv does not override without override=True');
  assert.equal(r.get('B'), 'single # q');
  assert.equal(r.get('C'), 'dbl\nline');
  assert.equal(r.get('D'), 'exp');
  assert.equal(r.get('E'), 'keep-def');
  assert.equal(r.get('F'), 'unq');
  assert.equal(r.get('G'), null);
  assert.equal(r.get('H'), 'multi\nline');
  assert.equal(r.get('I'), 'a#b');
  assert.equal(r.get('J'), "esc'q");
  assert.equal(r.get('K'), 'pre');
  assert.deepEqual(r.get('VALS'), { A: '1', B: 'single # q', C: 'dbl\nline', D: 'exp', E: '1-def', F: 'unq', G: null, H: 'multi\nline', I: 'a#b', J: "esc'q", K: 'pre' });
});

test('load_dotenv(override=True) and a missing file', async () => {
  const r = await evalPy('import os\nfrom dotenv import load_dotenv\nOK = load_dotenv("/p/other.env", override=True)\nA = os.environ["A"]\nMISSING = load_dotenv("/p/nope.env")\n', {
    env: { A: 'old' },
    files: { '/p/other.env': 'A=new\n' },
  });
  assert.equal(r.get('OK'), true);
  assert.equal(r.get('A'), 'new');
  assert.equal(r.get('MISSING'), false);
  assert.ok(r.evaluation.filesRead.includes('/p/nope.env'));
});

test('things that depend on the machine are unknown with a reason', async () => {
  const r = await evalPy(`
import sys, socket, tempfile
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _
TESTING = "test" in sys.argv
HOST = socket.gethostname()
TMP = tempfile.mkdtemp()
SECRET_KEY = get_random_secret_key()
LANGUAGES = [("en", _("English"))]
`);
  assert.match(r.why('TESTING'), /sys\.argv/);
  assert.match(r.why('HOST'), /gethostname/);
  assert.match(r.why('TMP'), /mkdtemp/);
  assert.match(r.why('SECRET_KEY'), /random/);
  assert.deepEqual(r.get('LANGUAGES'), [['en', 'English']]);
});

test('json.loads of known text and configparser files', async () => {
  const r = await evalPy(
    `
import json, configparser, os
CONF = json.loads('{"media": "/srv/m", "n": 1, "f": 1.0, "l": [true, null]}')
cp = configparser.ConfigParser()
cp.read(os.path.join(os.path.dirname(__file__), "app.ini"))
MEDIA_ROOT = cp.get("paths", "media")
DEBUG = cp.getboolean("main", "debug", fallback=False)
with open(os.path.join(os.path.dirname(__file__), "extra.json")) as f:
    EXTRA = json.load(f)
`,
    { files: { '/p/proj/app.ini': '[paths]\nmedia = /data/media\n[main]\ndebug = on\n', '/p/proj/extra.json': '{"k": [1, 2]}' } },
  );
  assert.deepEqual(r.get('CONF'), { media: '/srv/m', n: 1, f: 1, l: [true, null] });
  assert.equal(r.raw('CONF')?.kind, 'dict');
  assert.equal(r.get('MEDIA_ROOT'), '/data/media');
  assert.equal(r.get('DEBUG'), true);
  assert.deepEqual(r.get('EXTRA'), { k: [1, 2] });
});
