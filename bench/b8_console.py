"""8. The console's heaviest reads (issue 16): the supervision summary and its first pages, a session's
telemetry downsampled, and the CSV export of 100,000 sessions.

Latency figures as benchmark 4 measures them (p95 over HTTP; baseline: the captured SQL replayed with
psycopg). The export is downloaded over HTTP as a stream: rows per second to the last byte, and the peak
growth of the resident memory of the gunicorn workers during the download (sampled from /proc every
20 ms), for the whole export and for one twentieth of it: streamed, the two growths are alike. Baseline:
PostgreSQL's own `COPY (<the same SELECT>) TO STDOUT WITH CSV` read by psycopg.

Data of its own, generated in SQL: one finished session for each of the first `console_sessions`
finished reservations, and one long session of `console_telemetry` samples (one a second).
"""

from __future__ import annotations

import re
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench import b4_availability
from bench.common import Server, Sizes, db_conn, over_repeats
from bench.common import sql as run_sql

SESSIONS = """
INSERT INTO api_session (reservation_id, emplacement_id, start_time, end_time, charge_state,
                         charge_state_updated_at, energie_kwh, max_courant, telemetry_count, error_reason)
SELECT id_reservation, emplacement_id, date_debut + interval '2 minutes', date_fin - interval '5 minutes',
       CASE WHEN id_reservation % 20 = 0 THEN 'error' ELSE 'stopped' END, date_fin,
       round((5 + id_reservation % 40 + (id_reservation % 1000) / 1000.0)::numeric, 3)::float, 16 + id_reservation % 16,
       0, CASE WHEN id_reservation % 20 = 0 THEN 'plug_timeout' ELSE '' END
FROM api_reservation WHERE statut = 'terminee' ORDER BY id_reservation LIMIT {n}
"""
TELEMETRY = """
INSERT INTO api_sessiontelemetry (session_id, courant, tension, energie_kwh, timestamp, seq)
SELECT s.id_session, 16 + g % 4, 228 + g % 5, g * 0.002, s.start_time + g * interval '1 second', g
FROM (SELECT id_session, start_time FROM api_session ORDER BY id_session LIMIT 1) AS s,
     generate_series(0, {n} - 1) AS g
"""
EXPORT = "/api/admin/sessions/export/"
EXPORT_PART = "/api/admin/sessions/export/?charge_state=error"  # one session in twenty


def data(sizes: Sizes) -> dict[str, Any]:
    start = time.perf_counter()
    with db_conn() as conn:
        run_sql([SESSIONS.format(n=sizes.console_sessions), TELEMETRY.format(n=sizes.console_telemetry),
                 "ANALYZE api_session", "ANALYZE api_sessiontelemetry"], conn)
        session = conn.execute("SELECT min(id_session), count(*) FROM api_session").fetchone()
    seconds = time.perf_counter() - start
    print(f"  data: {session[1] if session else 0} sessions, {sizes.console_telemetry} telemetry samples in "
          f"{seconds:.1f} s", flush=True)
    return {"seconds": seconds, "session": session[0] if session else 0, "sessions": session[1] if session else 0}


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def worker_pids(master: int) -> list[int]:
    """gunicorn's worker processes: the children of the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def download(server: Server, path: str, token: str) -> dict[str, float]:
    """One streamed download: rows, seconds to the last byte, first byte, peak RSS growth of any worker."""
    assert server.process is not None
    pids = worker_pids(server.process.pid)
    before = {pid: _rss_kib(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], _rss_kib(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lines = 0
    first_byte = 0.0
    start = time.perf_counter()
    try:
        with httpx.stream("GET", server.url + path, headers={"Authorization": f"Bearer {token}"},
                          timeout=300) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                if not first_byte:
                    first_byte = time.perf_counter() - start
                lines += chunk.count(b"\n")
        seconds = time.perf_counter() - start
    finally:
        done.set()
        sampler.join()
    rows = lines - 1  # the header
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0.0,
            "first_byte_ms": first_byte * 1000,
            "rss_growth_mib": max((peak[pid] - before[pid] for pid in pids), default=0) / 1024}


def export_sql(path: str, token: str) -> str:
    """The SELECT the export runs (captured in-process while the stream is read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    with CaptureQueriesContext(connection) as ctx:
        response = APIClient().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        for _ in response.streaming_content:  # type: ignore[attr-defined]
            pass
    statement = max((q["sql"] for q in ctx.captured_queries), key=len)
    # `.iterator()` reads through a server-side cursor: `DECLARE "..." NO SCROLL CURSOR WITH HOLD FOR SELECT ...`
    return re.sub(r"^DECLARE .*? CURSOR (WITH(OUT)? HOLD )?FOR ", "", statement)


def copy_rate(statement: str, repeats: int) -> dict[str, Any]:
    """PostgreSQL's `COPY (...) TO STDOUT WITH CSV` of the same SELECT, read by psycopg: rows/s."""
    runs = []
    with db_conn() as conn:
        for _ in range(repeats):
            lines = 0
            start = time.perf_counter()
            with conn.cursor().copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    lines += bytes(block).count(b"\n")
            seconds = time.perf_counter() - start
            runs.append({"rows_per_s": (lines - 1) / seconds if seconds else 0.0, "seconds": seconds})
    return over_repeats(runs)


def run(server: Server, sizes: Sizes, staff_token: str) -> dict[str, Any]:
    generated = data(sizes)
    paths = {
        "admin_supervision_summary": "/api/admin/supervision/summary/",
        "admin_supervision_devices_first_page": "/api/admin/supervision/?scope=devices&page=1&page_size=50",
        "admin_supervision_alerts_first_page": "/api/admin/supervision/?scope=alerts&page=1&page_size=50",
        "admin_session_telemetry_300_points": f"/api/admin/sessions/{generated['session']}/telemetry/?points=300",
    }
    out: dict[str, Any] = {"data": generated, "latency": b4_availability.measure(server, sizes, paths, staff_token)}
    download(server, EXPORT_PART, staff_token)  # warm-up: the modules of the export loaded in the workers
    exports: dict[str, Any] = {}
    for name, path in (("whole", EXPORT), ("one_twentieth", EXPORT_PART)):
        runs = [download(server, path, staff_token) for _ in range(sizes.console_repeats)]
        exports[name] = {"path": path, "runs": runs, "summary": over_repeats(runs),
                         "baseline_copy": copy_rate(export_sql(path, staff_token), sizes.console_repeats)}
    out["export"] = exports
    return out


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    table = b4_availability.rows(result["latency"], bench="8 console")
    for name, item in result["export"].items():
        summary, base = item["summary"], item["baseline_copy"]
        rows_n = int(statistics.median(run["rows"] for run in item["runs"]))
        rate, copy = summary["rows_per_s"], base["rows_per_s"]
        table.append(("8 console", f"CSV export {name} ({rows_n} sessions) rows/s", rate, copy,
                      f"{rate['median'] / copy['median']:.2f}" if copy["median"] else "-"))
        table.append(("8 console", f"CSV export {name}: worker RSS growth MiB (first byte ms "
                                   f"{summary['first_byte_ms']['median']:.0f})", summary["rss_growth_mib"], "-", "-"))
    return table
