# The Python subset: literals, operators, strings and formatting, control flow, functions,
# comprehensions, containers. Each "# case:" runs on its own as proj/settings.py of a project at /p;
# test/fixtures/tools/expect_python.py records what CPython gives in language.expected.json and
# test/unit/python/cases.test.ts checks that the evaluator gives the same for every global.
# A line "# unknown: NAME -- why" marks a global the evaluator honestly leaves unknown.

# case: literals and operators
A = 1_000
B = 0x1F
C = 1.5e3
D = "a" 'b' """c"""
E = r"\d+\n"
F = "tab\tend\x41\u00e9"
G = None
H = (1,)
I = [1, (2, 3), {"k": [True, False]}]
J = {1, 2} == {2, 1}
K = -3 // 2, -3 % 2, 7 / 2, 2 ** 10, 2 ** -1
L = "ab" * 3 + "c"
M = [0] * 3 + [1]
N = 1 < 2 <= 2 < 3
O = 1 < 2 > 5
# lezer parses `not a and b` as `not (a and b)`; Python binds `not` tighter.
P = not [] and "x" or "y"
Q = "a" in "cat", 3 in [1, 2], "k" in {"k": 1}, 4 not in (1, 2)
R = True + 1, 3 == 3.0, "1" == 1
S = not 0 and not "" or False

# case: str methods, %-formatting, str.format and f-strings
S = "  Hello World  "
A = S.strip().lower()
B = S.split()
C = "a,b,,c".split(",")
D = "a b c".split(None, 1)
E = "a/b/c".rsplit("/", 1)
F = "/media/".rstrip("/")
G = "-".join(["x", "y"])
H = "MEDIA".startswith(("ME", "X")), "file.png".endswith(".png")
I = "aaa".replace("a", "b", 2)
J = "{0}-{1}-{0}".format("x", "y")
K = "{:>6}|{:<4}|{:^5}|{:08.3f}|{:,}".format("r", "l", "c", 3.14159, 1234567)
L = "%s is %d%%" % ("x", 5)
M = "%(name)s/%(n)03d" % {"name": "a", "n": 7}
N = f"{1+1}{'x'!r}{3.5:.0f}{2.5:.0f}{'abc'[1:]}"
O = "Title case words".title(), "abc".capitalize(), "42".zfill(5), "x".center(5, "*")
P = "a=b=c".partition("="), "k".removeprefix("k"), "abc"[::-1], "abcdef"[1:5:2]
Q = repr("it's"), repr('say "hi"'), str(1.0), str(1e16), str(0.1 + 0.2), repr([1, "a", None])
R = "x".join("abc"), "  x ".rstrip(), "a\nb\r\nc".splitlines()
T = f"{'a'=}", f"{3=:>3}"
U = "{0[1]}{1[k]}".format([5, 6], {"k": "v"})
V = int("  42 "), int("0x10", 16), int("1_000"), float(" 1.5 "), int(3.9), int(-3.9), bool(""), bool("0")
W = round(2.5), round(3.5), round(2.675, 2), abs(-3), min(3, 1, 2), max([1, 5, 3]), sum([1, 2, 3]), len("héllo")
X = "%s/%d|%5s|%-5s|%05d|%.2f|%x" % ("a", 3, "b", "c", 42, 3.14159, 255)

# case: control flow, functions, closures, lambdas and unpacking
X = 0
for i in range(5):
    if i == 3:
        break
    X += i
else:
    X = -1
Y = []
for a, b in [(1, 2), (3, 4)]:
    Y.append(a * b)
n = 0
while n < 10:
    n += 3
Z = [x * y for x in range(3) for y in range(3) if x != y]
DC = {k: v for k, v in {"a": 1, "b": 2}.items() if v > 1}
SC = sorted({c for c in "banana"})
G = list(x for x in "ab")
def f(a, b=2, *args, c=3, **kw):
    return [a, b, list(args), c, sorted(kw)]
F1 = f(1)
F2 = f(1, 5, 6, 7, c=0, z=1, y=2)
def early(x):
    if x > 0:
        return "pos"
    return "neg"
E1 = early(1), early(-1)
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
R = rec(5)
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
def outer():
    v = 10
    def inner():
        return v + 1
    return inner()
O = outer()
add = lambda x, y=1: x + y
A = add(1), add(1, y=5)
a, *rest = [1, 2, 3]
(p, q), r = (1, 2), 3
T = (a, rest, p, q, r)
D = dict(a=1, **{"b": 2})
D2 = {**D, "c": 3} | {"a": 0}
S = list(zip("ab", [1, 2])), list(enumerate("xy", 1)), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])), list(reversed([1, 2]))
srt = sorted(["b", "a", "C"], key=str.lower, reverse=True)

# case: dicts and lists mutate in place, including nested STORAGES items
STORAGES = {"default": {"BACKEND": "x"}, "staticfiles": {"BACKEND": "y"}}
STORAGES["default"]["BACKEND"] = "z"
STORAGES["extra"] = {"BACKEND": "w"}
copy = STORAGES.copy()
copy["default"] = 1
G = STORAGES.get("nope", "dflt"), STORAGES.get("default")["BACKEND"]
STORAGES.setdefault("sd", {}).update({"k": 1})
K = list(STORAGES.keys())
P = STORAGES.pop("extra")
L = [1, 2, 3]
L.insert(0, 0); L.extend([4]); L.remove(2); LAST = L.pop()
L2 = L.copy(); L2.reverse()
I = L.index(3), L.count(1)
del L[0]
ALIAS = L
ALIAS.append(9)

# case: augmented, annotated and chained assignments
MEDIA_ROOT: str = "/srv/media"
DEBUG: bool
A = B = [1]
A += [2]
N = 5
N -= 1
N *= 3
S = "a"
S += "b"
ST = {1}
ST |= {2}
D = {"a": 1}
D |= {"b": 2}

# case: classes, exceptions and try/except/else/finally with known outcomes
class Config:
    MEDIA = "/m/"
    def method(self):
        return 1
M = Config.MEDIA
class MyError(ValueError):
    pass
try:
    raise MyError("boom")
except ValueError as e:
    CAUGHT = str(e)
try:
    X = {}["missing"]
except KeyError:
    X = "fallback"
else:
    X = "else"
finally:
    FIN = True
try:
    Y = 1
except Exception:
    Y = 2
else:
    Y = 3
def check(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return -1
CK = check("12"), check("x"), check(None)

# case: Python corner cases: slices, late-binding closures, mutable defaults, decorators, exception text
A = [1, 2, 3, 4, 5][-2:], [1, 2, 3][::-2], "hello"[-3:-1], "abc"[10:], [0, 1][:-5]
K = 7 // -2, -7 // 2, 7 % -2, -7 % 2, 10 / 4
I = "%5.1f|%-6d|%+d|%x|%o|%e" % (3.14159, 42, 5, 255, 8, 12345.678)
U = str(True), str(None), str({"k": (1,)}), str(-0.0), str(100.0), str(1e-7), str(123456789.123)
fns = [lambda: i for i in range(3)]
C = [fn() for fn in fns]
def g(x, acc=[]):
    acc.append(x)
    return len(acc)
B = g(1), g(2)
def deco(fn):
    def wrapper(*a):
        return fn(*a) * 2
    return wrapper
@deco
def h(x):
    return x + 1
E = h(3)
try:
    {}["k"]
except KeyError as e:
    KE = str(e), e.args
try:
    int("nope")
except ValueError as e:
    VE = str(e)
O, *P = "xyz"
Q = (x := 10) + x

# case: values without a JSON form, and lookups through json, globals() and getattr
import json
A = json.loads('{"a": [1, 2]}')
B = globals().get("A")
C = getattr(json, "dumps")({"x": 1})
G = {1: "a"}
H = float("nan")
I = frozenset([1])
N = sorted({3, 1, 2})
