"""5. Supervision: `admin_supervision` and `admin_overview` (staff JWT) with devices and sensor readings.

Query count (CaptureQueriesContext, in-process, same settings) and p95 over HTTP; baseline: the captured
SQL replayed directly with psycopg.
"""

from __future__ import annotations

from typing import Any

from bench import b4_availability
from bench.common import Server, Sizes, db_conn

PATHS = {"admin_supervision": "/api/admin/supervision/", "admin_overview": "/api/admin/overview/"}


def run(server: Server, sizes: Sizes, staff_token: str) -> dict[str, Any]:
    with db_conn() as conn:  # one station's console: the filter the operator uses on a large network
        station = conn.execute("SELECT e.station_id FROM api_device d JOIN api_emplacement e "
                               "ON e.id_emplacement = d.emplacement_id ORDER BY d.id_device LIMIT 1").fetchone()
    one = f"/api/admin/supervision/?station={station[0] if station else 0}"
    paths = {**PATHS, "admin_supervision_one_station": one}
    return b4_availability.measure(server, sizes, paths, staff_token)


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    return b4_availability.rows(result, bench="5 supervision")
