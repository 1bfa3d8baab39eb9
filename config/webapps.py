"""The three web apps (driver at /, kiosk at /kiosk/, console at /console/), built by Vite into
`FRONTEND_DIST`.

Each app's `index.html` is answered by a view with `no-cache`, so a deploy is picked up at once, and every
client route of an app falls back to it; the hashed assets it names are static files (`/static/app/...`)
that WhiteNoise answers with a year of immutable caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import re_path
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView


def _page_settings() -> bytes:
    """The deployment's settings the pages read at run time, as <meta> tags (no inline script under the CSP)."""
    values = {"map-tile-url": settings.MAP_TILE_URL, "map-attribution": settings.MAP_ATTRIBUTION}
    return "".join(
        format_html('<meta name="borne:{}" content="{}">', name, value) for name, value in values.items()
    ).encode()


def _index(app: str) -> HttpResponse:
    page = settings.FRONTEND_DIST / f"{app}.html"
    try:
        body = page.read_bytes()
    except FileNotFoundError:
        return HttpResponse(
            "The web front end is not built: run `make frontend` (or `make run`, which builds it).",
            status=503, content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(body.replace(b"</head>", _page_settings() + b"</head>", 1),
                            content_type="text/html; charset=utf-8")
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _view(app: str) -> Callable[..., HttpResponse]:
    @require_safe
    def index(request: HttpRequest, path: str = "") -> HttpResponse:
        return _index(app)

    index.__name__ = f"{app}_app"
    return index


KIOSK_WORKER = "kiosk-sw.js"


@require_safe
def kiosk_worker(request: HttpRequest) -> HttpResponse:
    """The kiosk's service worker (built by vite-plugin-pwa), served under /kiosk/ so that its scope is the
    kiosk's pages (a worker under /static/app/ could only control /static/app/); `no-cache`, so a deploy
    installs the new worker at the kiosk's next load."""
    try:
        body = (settings.FRONTEND_DIST / KIOSK_WORKER).read_bytes()
    except FileNotFoundError:
        return HttpResponse("The web front end is not built.", status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask every origin for /favicon.ico: the project's icon, under its hashed static name."""
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    # The kiosk's router writes its idle screen as /kiosk: the app's page, not a route of the driver app.
    re_path(r"^kiosk$", RedirectView.as_view(url="/kiosk/", permanent=False)),
    re_path(r"^kiosk/sw\.js$", kiosk_worker, name="kiosk_worker"),
    re_path(r"^kiosk/(?P<path>.*)$", _view("kiosk"), name="kiosk_app"),
    re_path(r"^console/(?P<path>.*)$", _view("console"), name="console_app"),
    # Every other path that is not the API, the admin, a static file or a file name (favicon.ico, robots.txt:
    # those answer 404) is a route of the driver app.
    re_path(r"^(?!api/|admin/|static/)(?P<path>[^.]*)$", _view("driver"), name="driver_app"),
]
