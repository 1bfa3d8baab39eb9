"""5. Supervision: `admin_supervision` and `admin_overview` (staff JWT) with devices and sensor readings.

Query count (CaptureQueriesContext, in-process, same settings) and p95 over HTTP; baseline: the captured
SQL replayed directly with psycopg.
"""

from __future__ import annotations

from typing import Any

from bench import b4_availability
from bench.common import Server, Sizes

PATHS = {"admin_supervision": "/api/admin/supervision/", "admin_overview": "/api/admin/overview/"}


def run(server: Server, sizes: Sizes, staff_token: str) -> dict[str, Any]:
    return b4_availability.measure(server, sizes, PATHS, staff_token)


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    return b4_availability.rows(result, bench="5 supervision")
