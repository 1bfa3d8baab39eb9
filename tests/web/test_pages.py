"""The HTML pages the project serves itself: the web apps, the API docs, the admin, and their headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

THIRD_PARTY = re.compile(r"""(?:src|href)=["']?(?:https?:)?//(?!testserver|localhost)""", re.I)


@pytest.fixture
def built_apps(tmp_path: Path, settings) -> Path:
    for app in ("driver", "kiosk", "console"):
        (tmp_path / f"{app}.html").write_text(
            f'<!doctype html><html><head><script type="module" src="/static/app/assets/{app}-Ab12Cd34.js">'
            f"</script></head><body>{app}</body></html>"
        )
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


@pytest.mark.parametrize(("path", "app"), [
    ("/", "driver"), ("/book", "driver"), ("/mobile-sessions/abc/", "driver"), ("/reset-password", "driver"),
    ("/kiosk/", "kiosk"), ("/kiosk/setup", "kiosk"), ("/console/", "console"), ("/console/supervision", "console"),
])
def test_each_route_of_an_app_answers_its_index_without_caching(client: Client, built_apps: Path, path: str, app: str):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert f"<body>{app}</body>" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_the_api_keeps_its_json_404_and_is_not_an_app_route(client: Client, built_apps: Path):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_favicon_is_the_project_icon(client: Client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("/static/favicon.svg")


@pytest.mark.parametrize("path", ["/robots.txt", "/some/dir/file.js"])
def test_a_file_name_outside_static_is_not_an_app_route(client: Client, built_apps: Path, path: str):
    assert client.get(path).status_code == 404


def test_an_app_index_refuses_writes(client: Client, built_apps: Path):
    assert client.post("/book").status_code == 405


def test_a_missing_build_says_how_to_make_it(client: Client, tmp_path: Path, settings):
    settings.FRONTEND_DIST = tmp_path / "absent"
    response = client.get("/")
    assert response.status_code == 503
    assert b"make frontend" in response.content


@pytest.mark.parametrize("path", ["/", "/api/docs/", "/api/redoc/", "/admin/login/"])
def test_every_page_carries_the_security_headers(client: Client, built_apps: Path, path: str):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no inline script, no third-party script
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/admin/login/"])
def test_no_page_loads_anything_from_a_third_party_host_nor_runs_inline_script(client: Client, path: str):
    html = client.get(path).content.decode()
    assert not THIRD_PARTY.search(html), THIRD_PARTY.search(html)
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S):
        assert not script.strip(), f"inline script on {path}"


def test_swagger_ui_assets_come_from_the_project_static_files(client: Client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content


def test_redoc_comes_from_the_project_static_files(client: Client):
    html = client.get("/api/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "fonts.googleapis" not in html


def test_the_page_settings_reach_the_apps_as_meta_tags(client: Client, built_apps: Path,
                                                         settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get("/stations").content.decode()
    assert '<meta name="borne:map-tile-url" content="https://tiles.example.org/{z}/{x}/{y}.png">' in html
    assert html.index("borne:map-tile-url") < html.index("</head>")


def test_the_kiosk_worker_is_served_under_the_kiosk_for_its_scope(client: Client, built_apps: Path):
    (built_apps / "kiosk-sw.js").write_text("self.addEventListener('fetch', () => {});")
    response = client.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response.content.decode().startswith("self.addEventListener")
    assert client.post("/kiosk/sw.js").status_code == 405


def test_the_kiosk_worker_is_a_404_before_a_build(client: Client, built_apps: Path):
    assert client.get("/kiosk/sw.js").status_code == 404


def test_kiosk_without_its_slash_goes_to_the_kiosk_not_the_driver_app(client: Client, built_apps: Path):
    response = client.get("/kiosk")
    assert response.status_code == 302
    assert response["Location"] == "/kiosk/"


def test_the_pages_may_reach_the_kiosk_broker_over_websocket(client: Client, built_apps: Path, settings):
    csp = client.get("/kiosk/")["Content-Security-Policy"]
    connect = next(part for part in csp.split(";") if part.strip().startswith("connect-src"))
    assert "'self'" in connect
    assert all(source in connect for source in settings.CSP_EXTRA_CONNECT_SRC)
    assert settings.CSP_EXTRA_CONNECT_SRC  # the embedded broker in development, KIOSK_MQTT_WS_URL's origin otherwise
