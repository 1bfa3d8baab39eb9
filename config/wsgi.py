"""WSGI entry point (gunicorn config.wsgi).

The URLconf (and with it every view, serializer and service module) is imported here, when a worker
starts, not by the worker's first request: that request no longer pays the imports (benchmark 2 saw them
as 4.5% of its measured window, docs/benchmarks.md).
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports the URLconf's modules now
