"""WSGI config for the demo project."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings.prod")

application = get_wsgi_application()
