"""2. Booking under contention: many clients, each a user with a JWT, racing for few bays.

Every client picks a random slot among the first free ones (bay x hour), so several clients ask for
the same slot at once; a 201 or a `slot_taken` 409 marks it taken. A user has at most 3 open bookings:
after 3 accepted the client takes the next user. The figure is accepted bookings per second; then SQL
checks that no two open reservations of a bay overlap, that no answer was a 5xx and that PostgreSQL
detected no deadlock during the races (`pg_stat_database.deadlocks`).

Baselines, measured in the same run:
- the bare view of benchmark 1 (`bench.baseline_urls`: one indexed query, on its own gunicorn with the
  same setup and settings), under the same load: as many clients, closed loop, for as long, right after
  each race. The goal compares the booking's requests/s (every answer, 201 or 409) to its requests/s;
- the same race from as many connections as the server has threads: raw INSERTs into `api_reservation`
  (the exclusion constraint refuses overlaps) and into a copy of the table without the constraint.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import psycopg

from bench import datagen, kiosk_setup
from bench.common import DB_NAME, PG_ADMIN_URL, Server, Sizes, access_tokens, closed_loop, db_conn, over_repeats
from bench.cpu import CpuMeter, cpu_rows

OPEN = "('en_attente', 'confirmee', 'active')"
COPY_TABLE = "bench_reservation_noconstraint"


@dataclass
class Race:
    """The shared state of one race over `bays`: slot k is bay k % len(bays), hour k // len(bays)."""

    bays: list[int]
    start: datetime
    window: int
    taken: set[int] = field(default_factory=set)
    frontier: int = 0
    accepted: int = 0
    attempts: int = 0
    answered: int = 0
    server_errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def pick(self) -> int:
        while self.frontier in self.taken:
            self.frontier += 1
        free = [k for k in range(self.frontier, self.frontier + 4 * self.window) if k not in self.taken]
        return random.choice(free[: self.window])

    def slot(self, k: int) -> tuple[int, datetime]:
        return self.bays[k % len(self.bays)], self.start + timedelta(hours=k // len(self.bays))

    def count(self, key: str) -> None:
        self.statuses[key] = self.statuses.get(key, 0) + 1


def contention_bays(n_sets: int, bays: int) -> list[list[int]]:
    """`n_sets` fresh stations of one cabinet and `bays` bays each (one per repeat, so every race starts empty)."""
    sets = []
    with db_conn() as conn:
        for index in range(n_sets):
            station = conn.execute(
                "INSERT INTO api_station (nom, localisation_text, statut, created_at) VALUES (%s, '', 'active', now()) "
                "RETURNING id_station", (f"Contention {index}",)).fetchone()[0]  # type: ignore[index]
            borne = conn.execute(
                "INSERT INTO api_borne (station_id, numero, nom, mqtt_prefix, statut, created_at) "
                "VALUES (%s, 1, '', %s, 'active', now()) RETURNING id_borne", (station, f"bench/c/{station}/1"),
            ).fetchone()[0]  # type: ignore[index]
            rows = conn.execute(
                "INSERT INTO api_emplacement (station_id, borne_id, numero, statut, lock_state) "
                "SELECT %s, %s, n, 'disponible', 'verrouille' FROM generate_series(1, %s) n RETURNING id_emplacement",
                (station, borne, bays),
            ).fetchall()
            sets.append(sorted(row[0] for row in rows))
    return sets


def slot_start() -> datetime:
    with db_conn() as conn:
        return conn.execute("SELECT date_trunc('day', now()) + interval '1 day'").fetchone()[0]  # type: ignore[index]


async def http_race(server: Server, race: Race, tokens: list[str], *, clients: int, seconds: float) -> float:
    users = iter(tokens)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=30) as client:

        async def one_client() -> None:
            token, mine = next(users, None), 0
            while token is not None and time.monotonic() < deadline:
                k = race.pick()
                bay, start = race.slot(k)
                race.attempts += 1
                try:
                    response = await client.post(
                        "/api/reservations/", headers={"Authorization": f"Bearer {token}"},
                        json={"emplacement": bay, "date_debut": start.isoformat(), "duration_minutes": 60,
                              "auth_choice": "code"})
                except httpx.TransportError:  # e.g. a keep-alive connection closed by the server as we sent
                    race.count("transport error")
                    continue
                race.answered += 1
                if response.status_code >= 500:
                    race.server_errors += 1
                    race.count(str(response.status_code))
                    continue
                code = response.json().get("code", "") if response.status_code >= 400 else ""
                race.count(f"{response.status_code} {code}".strip())
                if response.status_code == 201:
                    race.taken.add(k)
                    race.accepted += 1
                    mine += 1
                elif code == "slot_taken":
                    race.taken.add(k)
                if mine >= 3 or code == "reservation_limit":
                    token, mine = next(users, None), 0

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        return time.perf_counter() - started


INSERT = """INSERT INTO {table} (reference_code, utilisateur_id, emplacement_id, auth_choice, date_debut, date_fin,
    statut, created_at, cancel_reason) VALUES (%s, %s, %s, 'code', %s, %s, 'confirmee', now(), '')"""


async def sql_race(table: str, race: Race, user_id: int, *, connections: int, seconds: float) -> float:
    deadline = time.monotonic() + seconds
    dsn = f"{PG_ADMIN_URL}/{DB_NAME}"
    serial = iter(range(16**8))
    prefix = f"S{secrets.token_hex(3)}"  # per race: a repeat's codes never meet an earlier repeat's

    async def one_connection() -> None:
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
            while time.monotonic() < deadline:
                k = race.pick()
                bay, start = race.slot(k)
                race.attempts += 1
                try:
                    await conn.execute(INSERT.format(table=table),
                                       (f"{prefix}{next(serial):08x}", user_id, bay, start,
                                        start + timedelta(hours=1)))
                except psycopg.errors.ExclusionViolation:
                    race.taken.add(k)
                    race.count("exclusion_violation")
                    continue
                except psycopg.errors.DeadlockDetected:  # concurrent checks of the constraint: one is aborted
                    race.count("deadlock")
                    continue
                race.taken.add(k)
                race.accepted += 1
                race.count("inserted")

    started = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(connections)))
    return time.perf_counter() - started


def overlaps(table: str, bays: list[int]) -> int:
    """Open reservations of `bays` starting before an earlier one of the same bay ends (0: no overlap)."""
    with db_conn() as conn:
        row = conn.execute(f"""
            SELECT count(*) FROM (
                SELECT date_debut, max(date_fin) OVER (PARTITION BY emplacement_id ORDER BY date_debut, id_reservation
                                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
                FROM {table} WHERE statut IN {OPEN} AND emplacement_id = ANY(%s)) AS s
            WHERE date_debut < prev_end""", (bays,)).fetchone()
    return int(row[0]) if row else -1


def deadlocks() -> int:
    """Deadlocks PostgreSQL has detected in the bench database so far."""
    with db_conn() as conn:
        row = conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").fetchone()
    return int(row[0]) if row else -1


def bare_view_path(bay: int) -> str:
    """Benchmark 1's bare view on the key of a fresh terminal key of `bay`'s cabinet (one indexed query, 200)."""
    from api.crypto import sha256_hex

    with db_conn() as conn:
        borne = conn.execute("SELECT borne_id FROM api_emplacement WHERE id_emplacement = %s",
                             (bay,)).fetchone()[0]  # type: ignore[index]
    return f"/baseline/{sha256_hex(kiosk_setup.terminal_keys({borne})[borne])}/"


def bare_load(server: Server, path: str, *, clients: int, seconds: float) -> dict[str, float]:
    """The bare view under the race's load: `clients` in closed loop for `seconds`; answers/s and 5xx. A
    keep-alive connection the server closes as a request goes out is counted and the client goes on, as in
    the race."""
    started = time.perf_counter()
    with CpuMeter({"server": server.pid, "load": os.getpid()}) as meter:
        _latencies, statuses = asyncio.run(closed_loop(
            lambda client, _i: client.get(path), base_url=server.url, concurrency=clients, count=10**9,
            seconds=seconds, tolerate_dropped=True,
        ))
    elapsed = time.perf_counter() - started
    answered = {code: n for code, n in statuses.items() if code}
    return {"requests_per_s": sum(answered.values()) / elapsed, "ok_per_s": answered.get(200, 0) / elapsed,
            "server_errors": float(sum(n for code, n in answered.items() if code >= 500)),
            "transport_errors": float(statuses.get(0, 0)), **meter.figures(sum(answered.values()))}


def copy_table_without_constraint() -> None:
    with db_conn() as conn:
        conn.execute(f"DROP TABLE IF EXISTS {COPY_TABLE}")
        conn.execute(f"CREATE TABLE {COPY_TABLE} (LIKE api_reservation INCLUDING ALL)")
        for (name,) in conn.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'x'", (COPY_TABLE,)
        ).fetchall():
            conn.execute(f'ALTER TABLE {COPY_TABLE} DROP CONSTRAINT "{name}"')


def run(server: Server, sizes: Sizes, env: dict[str, str]) -> dict[str, Any]:
    phases = 1 + sizes.repeats  # a warm-up race, then the measured ones
    http_sets = contention_bays(phases, sizes.booking_bays)
    bare_path = bare_view_path(http_sets[0][0])
    sql_sets = contention_bays(2 * sizes.repeats, sizes.booking_bays)
    copy_table_without_constraint()
    user_ids = datagen.users(sizes.booking_users, prefix="booker")
    tokens = access_tokens(user_ids)
    start = slot_start()
    window = 2 * sizes.booking_bays
    server_threads = server.workers * server.threads
    http_runs: list[Any] = []
    bare_runs: list[Any] = []
    statuses: dict[str, int] = {}
    overlap_http, server_errors, deadlocked = 0, 0, 0
    cursor = 0
    base_server = Server(env={**env, "DJANGO_SETTINGS_MODULE": "bench.baseline_settings"}).start()
    try:
        for phase, bays in enumerate(http_sets):
            race = Race(bays=bays, start=start, window=window)
            seconds = sizes.booking_seconds if phase else min(2.0, sizes.booking_seconds)
            deadlocks_before = deadlocks()
            with CpuMeter({"server": server.pid, "load": os.getpid()}) as meter:
                elapsed = asyncio.run(http_race(server, race, tokens[cursor:], clients=sizes.booking_clients,
                                                seconds=seconds))
            deadlocks_during = deadlocks() - deadlocks_before
            cursor += (race.accepted + 2) // 3 + sizes.booking_clients
            bare = bare_load(base_server, bare_path, clients=sizes.booking_clients, seconds=seconds)
            if phase == 0:
                continue
            overlap_http += overlaps("api_reservation", bays)
            server_errors += race.server_errors
            deadlocked += deadlocks_during
            http_runs.append({"accepted_per_s": race.accepted / elapsed, "attempts_per_s": race.attempts / elapsed,
                              "requests_per_s": race.answered / elapsed, "accepted": float(race.accepted),
                              **meter.figures(race.answered)})
            bare_runs.append(bare)
            for key, n in race.statuses.items():
                statuses[key] = statuses.get(key, 0) + n
    finally:
        base_server.stop()
    baselines: dict[str, Any] = {}
    for label, table, sets in (("raw_insert_with_constraint", "api_reservation", sql_sets[: sizes.repeats]),
                               ("raw_insert_without_constraint", COPY_TABLE, sql_sets[sizes.repeats:])):
        runs: list[dict[str, float]] = []
        outcome: dict[str, int] = {}
        found = 0
        for bays in sets:
            race = Race(bays=bays, start=start, window=window)
            elapsed = asyncio.run(sql_race(table, race, user_ids[0], connections=server_threads,
                                           seconds=sizes.booking_seconds))
            found += overlaps(table, bays)
            runs.append({"accepted_per_s": race.accepted / elapsed, "attempts_per_s": race.attempts / elapsed})
            for key, n in race.statuses.items():
                outcome[key] = outcome.get(key, 0) + n
        baselines[label] = {**over_repeats(runs), "overlaps": found, "outcomes": outcome}
    return {
        "clients": sizes.booking_clients, "bays": sizes.booking_bays, "baseline_connections": server_threads,
        "http": {**over_repeats(http_runs), "statuses": statuses}, "overlaps": overlap_http,
        "server_errors": server_errors, "deadlocks": deadlocked, "bare_view": over_repeats(bare_runs),
        # Each race over the bare view loaded right after it: the pairs share the machine's state of the moment.
        "paired_ratio": over_repeats([{"requests_per_s": race["requests_per_s"] / bare["requests_per_s"]}
                                      for race, bare in zip(http_runs, bare_runs, strict=True)]),
        **baselines,
    }


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    http = result["http"]["accepted_per_s"]
    requests, bare = result["http"]["requests_per_s"], result["bare_view"]["requests_per_s"]
    clients = result["clients"]
    out = [("2 booking", "overlaps (open, same bay)", result["overlaps"], "0 expected", ""),
           ("2 booking", "5xx answers (booking races)", result["server_errors"], "0 expected", ""),
           ("2 booking", "deadlocks detected (booking races)", result["deadlocks"], "0 expected", ""),
           ("2 booking", f"booking requests/s (201 + 409) vs bare view, {clients} clients", requests, bare,
            f"{requests['median'] / bare['median']:.2f}" if bare["median"] else "-")]
    if "paired_ratio" in result:
        paired = result["paired_ratio"]["requests_per_s"]
        out.append(("2 booking", "same, each race over the bare view right after it", "", "",
                    f"{paired['median']:.2f} [{paired['min']:.2f}-{paired['max']:.2f}]"))
    out += cpu_rows("2 booking", "CPU ms per answer, race vs bare view", result["http"], result["bare_view"])
    for label in ("raw_insert_with_constraint", "raw_insert_without_constraint"):
        base = result[label]["accepted_per_s"]
        out.append(("2 booking", f"accepted bookings/s vs {label}", http, base,
                    f"{http['median'] / base['median']:.2f}" if base["median"] else "-"))
    return out

