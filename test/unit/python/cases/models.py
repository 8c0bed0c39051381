# Standard-library constructs that settings and the modules they import use, modelled by the
# evaluator (enum, typing.NamedTuple and collections.namedtuple, typing forms and PEP 604 unions,
# property setters, re.escape, urllib.parse, tomllib). Each "# case:" runs on its own as
# proj/settings.py of a project at /p. Intermediate objects whose CPython type the evaluator does
# not name the same way (enum members, named tuple instances, typing forms) are deleted or read
# through plain values.

# case: Enum members by attribute, value and name
import enum
class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"
    CRIMSON = "red"
A = Color.RED.value
B = Color("blue").name
C = Color["RED"].name
D = [m.name for m in Color]
E = Color.CRIMSON is Color.RED
F = Color.RED == "red"
G = str(Color.BLUE)
H = f"{Color.BLUE}"
del Color

# case: a str enum compares with its value and picks settings
import enum
class Env(str, enum.Enum):
    LOCAL = "local"
    PROD = "prod"
ENV = Env("prod")
IS_PROD = ENV == Env.PROD
IS_PROD_STR = ENV == "prod"
IN_TUPLE = ENV in ("prod", "staging")
MEDIA_URL = "/media/" if ENV is Env.LOCAL else "/" + ENV.value + "-media/"
BY_VALUE = {Env.PROD: "yes"}["prod"]
del ENV, Env

# case: IntEnum with auto(), ordering and arithmetic
import enum
class Tier(enum.IntEnum):
    FREE = enum.auto()
    TEAM = enum.auto()
    BIG = 10
    HUGE = enum.auto()
A = Tier.TEAM >= Tier.FREE
B = Tier.TEAM * 100
C = [int(t) for t in Tier]
D = Tier(10).name
del Tier

# case: an unknown enum value raises ValueError
import enum
class Mode(enum.Enum):
    ON = 1
try:
    Mode(2)
    R = "no error"
except ValueError as e:
    R = str(e)
del Mode

# case: typing.NamedTuple with defaults
import typing
class Layout(typing.NamedTuple):
    root: str
    sub: str = "media"
    depth: int = 1
L = Layout("/srv")
A = L.root + "/" + L.sub
B = tuple(L)
C = L._replace(sub="static").sub
D = L._asdict()
E = L == ("/srv", "media", 1)
F = Layout._fields
del L

# case: collections.namedtuple with defaults
import collections
Pair = collections.namedtuple("Pair", "prefix path", defaults=["static"])
P = Pair("assets/")
A = (P.prefix, P.path, P[0], len(P))
B = list(P)
del P

# case: typing forms and PEP 604 unions in annotations and aliases
import typing
Alias = dict[str, typing.Any]
MaybeStr = typing.Optional[str]
Union = int | None
Nested = list[tuple[str, int]] | None
def f(x: int | None = None) -> list[str]:
    return [str(x)]
A = f(3)
B: typing.Optional[str] = None
C: list[int] = [1, 2]
D = typing.cast(str, "x")
del Alias, MaybeStr, Union, Nested

# case: a property with a setter in a class body
class Page:
    def __init__(self):
        self._size = 10
    @property
    def size(self):
        return self._size
    @size.setter
    def size(self, value):
        self._size = value
    @size.deleter
    def size(self):
        pass
S = "ok"

# case: re.escape of URL prefixes
import re
A = re.escape("media/")
B = re.escape("/static-files/v1.2/")
C = re.escape("a b+c(d)[e]{f}|g^h$i*j?k#l&m~n")
D = "^%s(?P<path>.*)$" % re.escape("uploads/")
E = int(re.IGNORECASE | re.MULTILINE)

# case: urllib.parse.urlparse and urlsplit
from urllib.parse import urlparse, urlsplit
u = urlparse("https://User:pw@CDN.Example.com:8443/media/;v=1?x=1#top")
A = (u.scheme, u.netloc, u.path, u.params, u.query, u.fragment)
B = (u.hostname, u.port, u.username, u.password)
s = urlsplit("postgres://db.internal/app")
C = (s.path, s.hostname, s.port)
D = urlparse("/relative/media/").path
E = urlparse("localhost:8000/x").scheme
F = urlparse("//cdn.example.com/m/").netloc
del u, s, urlparse, urlsplit

# case: urllib.parse.quote and unquote
from urllib.parse import quote, unquote
A = quote("media files/ü.png")
B = quote("a/b c", safe="")
C = unquote("caf%C3%A9%20menu")
del quote, unquote

# case: tomllib.loads of a pyproject table
import tomllib
DATA = tomllib.loads('''
[project]
name = "shop"
version = "1.2.0"

[tool.shop]
media-url = "/uploads/"
debug = true
dirs = ["a", "b"]
size = 1_000
ratio = 0.5
[tool.shop.nested]
key = 'literal\\path'
''')
A = DATA["tool"]["shop"]["media-url"]
B = DATA["project"]["version"]
try:
    tomllib.loads("x = ")
    C = "parsed"
except tomllib.TOMLDecodeError:
    C = "TOMLDecodeError"
