// os.path and pathlib: string semantics (checked against CPython 3.11) and the file-system
// dependent parts (exists, resolve, realpath, expanduser, cwd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy } from './harness';

test('os.path functions match posixpath', async () => {
  const r = await evalPy(`
import os
import os.path as osp
from os.path import join, dirname
F = "/p/proj/settings/base.py"
A = os.path.dirname(os.path.dirname(os.path.dirname(F)))
B = os.path.join(A, "media", "")
C = os.path.join("a", "/abs", "b")
D = os.path.normpath(os.path.join(os.path.dirname(F), "..", ".."))
E = os.path.normpath("//x/../y"), os.path.normpath("a/./b/../../.."), os.path.normpath("")
G = os.path.split("/a/b/"), os.path.splitext("archive.tar.gz"), os.path.splitext(".bashrc"), os.path.basename("/a/b.txt")
H = osp.join(dirname(F), os.pardir, "static"), os.sep, os.path.isabs("x"), join("x", "y")
I = os.path.relpath("/p/proj/media", "/p/other"), os.path.commonpath(["/a/b/c", "/a/b/d"])
J = os.path.join(*["a", "b"]), os.path.dirname("file.py"), os.path.dirname("/"), os.path.basename("/a/b/")
`);
  assert.equal(r.get('A'), '/p');
  assert.equal(r.get('B'), '/p/media/');
  assert.equal(r.get('C'), '/abs/b');
  assert.equal(r.get('D'), '/p');
  assert.deepEqual(r.get('E'), ['//y', '..', '.']);
  assert.deepEqual(r.get('G'), [['/a/b', ''], ['archive.tar', '.gz'], ['.bashrc', ''], 'b.txt']);
  assert.deepEqual(r.get('H'), ['/p/proj/settings/../static', '/', false, 'x/y']);
  assert.deepEqual(r.get('I'), ['../proj/media', '/a/b']);
  assert.deepEqual(r.get('J'), ['a/b', '', '/', '']);
});

test('pathlib paths stay Path objects, distinct from str', async () => {
  const r = await evalPy(`
from pathlib import Path, PurePosixPath
F = "/p/proj/settings/base.py"
P = Path(F)
A = str(P.parent.parent / "media")
B = str(P.parents[2]), [str(x) for x in P.parents], P.name, P.stem, P.suffix, P.parent.name
C = str(Path("a") / "b" / "../c"), str(Path("/x") / "/abs"), str(Path("a//b/./c/")), str(Path()), str(Path(""))
D = str(P.with_suffix(".txt")), str(P.with_name("x.py")), P.parts, str(Path("a").joinpath("b", "c"))
E = Path("/a/b") == Path("/a/b/"), Path("a") == "a", str(PurePosixPath("/a/b").relative_to("/a")), Path("a.tar.gz").suffixes
G = f"{P.parent / 'static'}", str(P.parent.parent.joinpath("x")).upper(), P.as_posix(), P.is_absolute(), Path("rel").is_absolute()
H = "%s/media" % P.parent, "{}/m".format(P.parent), repr(Path("/a"))
STATIC_ROOT = P.parent / "static"
REVERSED = "/srv" / Path("x")
`);
  assert.equal(r.get('A'), '/p/proj/media');
  assert.deepEqual(r.get('B'), ['/p', ['/p/proj/settings', '/p/proj', '/p', '/'], 'base.py', 'base', '.py', 'settings']);
  assert.deepEqual(r.get('C'), ['a/b/../c', '/abs', 'a/b/c', '.', '.']);
  assert.deepEqual(r.get('D'), ['/p/proj/settings/base.txt', '/p/proj/settings/x.py', ['/', 'p', 'proj', 'settings', 'base.py'], 'a/b/c']);
  assert.deepEqual(r.get('E'), [true, false, 'b', ['.tar', '.gz']]);
  assert.deepEqual(r.get('G'), ['/p/proj/settings/static', '/P/PROJ/X', '/p/proj/settings/base.py', true, false]);
  assert.deepEqual(r.get('H'), ['/p/proj/settings/media', '/p/proj/settings/m', "PosixPath('/a')"]);
  // The JSON view is a string, but the value keeps its type for checks that compare str and Path.
  assert.equal(r.get('STATIC_ROOT'), '/p/proj/settings/static');
  assert.equal(r.raw('STATIC_ROOT')?.kind, 'path');
  assert.equal(r.raw('A')?.kind, 'str');
  assert.equal(r.get('REVERSED'), '/srv/x');
});

test('Path(__file__).resolve() and abspath give the module location', async () => {
  const r = await evalPy(`
import os
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
STRICT = Path(__file__).resolve(strict=True).parent.parent.parent
ABS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
NO_ABS = os.path.dirname(os.path.dirname(__file__))
REL = os.path.abspath("media")
CWD = os.getcwd()
RES = Path("media").resolve()
ABSOLUTE = Path("x/../y").absolute()
`);
  assert.equal(r.get('BASE_DIR'), '/p');
  assert.equal(r.get('STRICT'), '/');
  assert.equal(r.get('ABS'), '/p');
  assert.equal(r.get('REAL'), '/p');
  assert.equal(r.get('NO_ABS'), '/p');
  assert.equal(r.get('REL'), '/p/media');
  assert.equal(r.get('CWD'), '/p');
  assert.equal(r.get('RES'), '/p/media');
  assert.equal(r.get('ABSOLUTE'), '/p/x/../y');
});

test('resolve(strict=True) of a missing project path raises FileNotFoundError', async () => {
  const r = await evalPy(`
from pathlib import Path
try:
    X = Path(__file__).parent.joinpath("missing.txt").resolve(strict=True)
except FileNotFoundError:
    X = "missing"
`);
  assert.equal(r.get('X'), 'missing');
});

test('a symbolic link inside the project makes resolve()/realpath() unknown, not wrong', async () => {
  const r = await evalPy(
    `
import os
from pathlib import Path
BASE = Path(__file__).resolve().parent
MEDIA = os.path.realpath(os.path.join(os.path.dirname(__file__), "media"))
PLAIN = os.path.abspath(os.path.join(os.path.dirname(__file__), "media"))
`,
    { files: { '/p/proj/media/.keep': '' } },
  );
  r.fs.markSymlink('/p/proj/media');
  const again = await evalPy(null, { fs: r.fs });
  assert.equal(again.get('BASE'), '/p/proj');
  assert.match(again.why('MEDIA'), /symbolic link/);
  assert.equal(again.get('PLAIN'), '/p/proj/media');
});

test('exists / isfile / isdir go through the file system and are recorded as probes', async () => {
  const r = await evalPy(
    `
import os
from pathlib import Path
HERE = os.path.dirname(__file__)
A = os.path.exists(os.path.join(HERE, "local.py"))
B = os.path.isfile(os.path.join(HERE, "local.py"))
C = os.path.isdir(os.path.join(HERE, "static"))
D = Path(HERE, "nope.py").exists(), Path(HERE, "static").is_dir(), Path(HERE, "static").is_file()
os.makedirs(os.path.join(HERE, "made"), exist_ok=True)
E = os.path.isdir(os.path.join(HERE, "made"))
`,
    { files: { '/p/proj/local.py': 'X = 1', '/p/proj/static/app.css': '' } },
  );
  assert.equal(r.get('A'), true);
  assert.equal(r.get('B'), true);
  assert.equal(r.get('C'), true);
  assert.deepEqual(r.get('D'), [false, true, false]);
  assert.equal(r.get('E'), true);
  assert.ok(r.evaluation.filesRead.includes('/p/proj/nope.py'), 'a missing file that was probed invalidates the result when it appears');
});

test('expanduser needs HOME in the environment', async () => {
  const src = `
import os
from pathlib import Path
A = os.path.expanduser("~/media")
B = Path("~/x").expanduser()
C = os.path.expanduser("/abs")
`;
  const without = await evalPy(src);
  assert.match(without.why('A'), /home folder/);
  assert.match(without.why('B'), /home folder/);
  assert.equal(without.get('C'), '/abs');
  const withHome = await evalPy(src, { env: { HOME: '/home/dev/' } });
  assert.equal(withHome.get('A'), '/home/dev/media');
  assert.equal(withHome.get('B'), '/home/dev/x');
});

test('path helpers defined by the project are evaluated (lambda and def)', async () => {
  const r = await evalPy(`
import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
location = lambda x: os.path.join(ROOT, x)
def path(*parts):
    return os.path.join(ROOT, *parts)
MEDIA_ROOT = location("public/media")
STATIC_ROOT = path("public", "static")
`);
  assert.equal(r.get('MEDIA_ROOT'), '/p/public/media');
  assert.equal(r.get('STATIC_ROOT'), '/p/public/static');
});
