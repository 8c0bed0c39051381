"""Local development: runserver with DEBUG on."""
from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

# Personal overrides that are never committed (see .gitignore).
try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
