"""Benchmark 7: the web front end's weight and the driver app's time to a usable first screen.

Two figures (docs/benchmarks.md):
- the gzip size of each app's **initial** JavaScript and CSS: what its `index.html` names (the entry
  script, its `modulepreload`s, its stylesheets), gzipped as WhiteNoise serves them; the driver's first
  screen also loads its lazy screen chunk, which the browser measure below counts;
- the driver app opened signed out (`/`: the session check, then the sign-in form), in headless Chromium
  with the CPU throttled 4x, from the navigation's start to the sign-in button on screen, beside the same
  measure of a static HTML page with the same form (`bench/frontend_baseline.html`), both served by the
  same gunicorn with the production settings, each repeat in a fresh browser context (a cold cache).

The front end is built first when missing or stale (`make frontend`); `collectstatic` runs into a
directory of its own, where the baseline page is copied under `static/bench/`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import PY, ROOT, Server, over_repeats

DIST = ROOT / "frontend" / "dist"
APPS = ("driver", "kiosk", "console")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CPU_THROTTLE = 4
REPEATS = 5  # page loads per target, in the smoke run too: a load takes about a second
BASELINE = ROOT / "bench" / "frontend_baseline.html"
ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/static/app/[^"]+\.(js|css))"')


def initial_assets(app: str) -> dict[str, int]:
    """Gzipped bytes (level 9, as WhiteNoise's compressor) of the JS and CSS the app's page names."""
    html = (DIST / f"{app}.html").read_text()
    sizes = {"js": 0, "css": 0, "files": 0}
    for path, kind in ASSET.findall(html):
        data = (DIST / path.removeprefix("/static/app/")).read_bytes()
        sizes[kind] += len(gzip.compress(data, compresslevel=9))
        sizes["files"] += 1
    return sizes


def first_screen(server: Server) -> dict[str, Any]:
    sign_in = "form button[type=submit]"
    config = {
        "targets": [
            {"name": "driver", "url": f"{server.url}/", "selector": sign_in},
            {"name": "baseline", "url": f"{server.url}/static/bench/baseline.html", "selector": sign_in},
        ],
        "repeats": REPEATS, "warmup": 1, "cpuThrottle": CPU_THROTTLE, "chromium": CHROMIUM,
    }
    done = subprocess.run(["node", "scripts/first-screen.mjs", json.dumps(config)], cwd=ROOT / "frontend",
                          capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"first-screen.mjs failed: {done.stderr[-2000:]}")
    raw: dict[str, list[dict[str, float | None]]] = json.loads(done.stdout)
    return {name: summary(runs) for name, runs in raw.items()}


def summary(runs: list[dict[str, float | None]]) -> dict[str, Any]:
    """Median [min-max] per figure over the loads that have it (a paint entry can be missing)."""
    out: dict[str, Any] = {"repeats": len(runs)}
    for key in runs[0]:
        values = [{key: value} for run in runs if (value := run[key]) is not None]
        out[key] = over_repeats(values)[key] if values else None
    return out


def run(env: dict[str, str]) -> dict[str, Any]:
    subprocess.run(["make", "--no-print-directory", "frontend"], cwd=ROOT, check=True)
    result: dict[str, Any] = {"initial_gzip_bytes": {app: initial_assets(app) for app in APPS}}
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    try:
        served = {**env, "STATIC_ROOT": str(static_root)}
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=served, check=True)
        (static_root / "bench").mkdir()
        shutil.copy(BASELINE, static_root / "bench" / "baseline.html")
        server = Server(env=served).start()
        try:
            result["first_screen"] = first_screen(server)
        finally:
            server.stop()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return result


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    out: list[tuple[str, str, Any, Any, Any]] = []
    for app, item in result["initial_gzip_bytes"].items():
        total = (item["js"] + item["css"]) / 1000
        out.append(("7 front end", f"{app}: initial JS + CSS, kB gzip ({item['files']} files)",
                    f"{total:.1f} (JS {item['js'] / 1000:.1f}, CSS {item['css'] / 1000:.1f})", "goal 200", "-"))
    screen = result["first_screen"]
    app, base = screen["driver"], screen["baseline"]
    wire = (app["js_bytes"]["median"] + app["css_bytes"]["median"]) / 1000
    out.append(("7 front end", "driver first screen: JS + CSS received, kB (gzip on the wire)", f"{wire:.1f}",
                "goal 200", "-"))
    ratio = app["usable_ms"]["median"] / base["usable_ms"]["median"] if base["usable_ms"]["median"] else 0
    out.append(("7 front end", f"driver first screen usable, ms (CPU {CPU_THROTTLE}x slower)", app["usable_ms"],
                base["usable_ms"], f"{ratio:.1f}"))
    out.append(("7 front end", "driver first contentful paint, ms", app["fcp_ms"], base["fcp_ms"], "-"))
    return out
