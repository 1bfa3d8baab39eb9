"""4. Availability at scale: `reservation_availability` and `stations_catalog` over the full network.

p95 latency over HTTP; the SQL Django runs for each request, captured in-process (CaptureQueriesContext)
with the same settings, is shown with its EXPLAIN ANALYZE plan and replayed directly with psycopg as the
baseline.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from bench.common import Server, Sizes, captured_sql, db_conn, explain, http_latency, sql_latency


def targets() -> dict[str, str]:
    with db_conn() as conn:
        station = conn.execute(
            "SELECT id_station FROM api_station WHERE statut = 'active' AND nom LIKE 'Station %%' "
            "ORDER BY id_station OFFSET (SELECT count(*) / 2 FROM api_station) LIMIT 1").fetchone()[0]  # type: ignore
        start: datetime = conn.execute(
            "SELECT date_trunc('hour', now()) + interval '3 days 2 hours'").fetchone()[0]  # type: ignore[index]
    date = quote((start + timedelta(0)).isoformat())
    return {
        "availability": f"/api/stations/{station}/availability/?date_debut={date}&duration_minutes=60",
        "catalog_page": "/api/stations/?page_size=50",
        "catalog_q": "/api/stations/?q=Station%20004242",
    }


def measure(server: Server, sizes: Sizes, paths: dict[str, str], token: str) -> dict[str, Any]:
    """For each path: HTTP latency, the captured SQL with its plans, and the same SQL replayed directly."""
    out: dict[str, Any] = {}
    for name, path in paths.items():
        status, statements = captured_sql(path, token)
        http = http_latency(server.url, path, token, sizes=sizes)
        direct = sql_latency(statements, sizes=sizes)
        out[name] = {
            "path": path, "status": status, "queries": len(statements), "sql": statements,
            "plans": [explain(s) for s in statements], "http": http, "direct_sql": direct,
        }
    return out


def run(server: Server, sizes: Sizes, token: str) -> dict[str, Any]:
    return measure(server, sizes, targets(), token)


def rows(result: dict[str, Any], bench: str = "4 availability") -> list[tuple[str, str, Any, Any, Any]]:
    out = []
    for name, item in result.items():
        http = item["http"]["latency_ms"]["p95"]
        base = item["direct_sql"]["latency_ms"]["p95"]
        out.append((bench, f"{name} p95 ms ({item['queries']} queries, HTTP {item['status']})", http, base,
                    f"{http['median'] / base['median']:.1f}" if base["median"] else "-"))
    return out


def index_use(plans: list[list[str]]) -> list[str]:
    """The plan lines that name an index or a sequential scan (what the page shows)."""
    return [line.strip() for plan in plans for line in plan if "Index" in line or "Seq Scan" in line]
