# os.path and pathlib string semantics, and the module location through __file__, abspath and
# resolve() (no links, no HOME). Each "# case:" runs on its own as proj/settings.py of a project at
# /p; test/fixtures/tools/expect_python.py records what CPython gives in paths.expected.json.
# A line "# unknown: NAME -- why" marks a global the evaluator honestly leaves unknown.

# case: os.path functions match posixpath
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

# case: pathlib paths stay Path objects, distinct from str
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

# case: Path(__file__).resolve() and abspath give the module location
import os
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
ABS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
NO_ABS = os.path.dirname(os.path.dirname(__file__))
REL = os.path.abspath("media")
CWD = os.getcwd()
RES = Path("media").resolve()
ABSOLUTE = Path("x/../y").absolute()

# case: resolve(strict=True) of a missing project path raises FileNotFoundError
from pathlib import Path
try:
    X = Path(__file__).parent.joinpath("missing.txt").resolve(strict=True)
except FileNotFoundError:
    X = "missing"

# case: path helpers defined by the project are evaluated (lambda and def)
import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
location = lambda x: os.path.join(ROOT, x)
def path(*parts):
    return os.path.join(ROOT, *parts)
MEDIA_ROOT = location("public/media")
STATIC_ROOT = path("public", "static")
