# Constructs the evaluator does not model: CPython's value is recorded, and the evaluator must say
# "unknown" with a reason -- never a guess. Each "# unknown: NAME -- why" is hand-written; when the
# evaluator learns a construct, the test fails until the mark is removed (and the value then has to
# match CPython's). Each "# case:" runs on its own as proj/settings.py of a project at /p.

# case: eval() of a string
# unknown: F -- eval() is not evaluated
F = eval("1 + 2")

# case: attributes set on an instance
# unknown: J -- instances of project classes are not evaluated
class K:
    def __init__(self):
        self.v = 3
J = K().v

# case: a class made by type() with three arguments
# unknown: L -- type() with three arguments is not evaluated
L = type("T", (), {})

# case: bytes literals
# unknown: M -- bytes literals are not evaluated
M = "%r" % (b"x",)

# case: integers beyond 2**53
# unknown: O -- an integer too large to evaluate exactly
O = 2 ** 64

# case: the module namespace through vars()
# unknown: D -- the namespace object has no JSON form
D = vars()
