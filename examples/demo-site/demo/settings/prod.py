"""Production: uploads go to a volume that nginx serves."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["gallery.example.com"]

MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", "/srv/demo/media")
MEDIA_URL = "/media"

STATIC_ROOT = "/srv/demo/static"
