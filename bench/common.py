"""What every benchmark shares: the bench database, the production server on loopback, the load
generator, the statistics and the results.

The runner (this process) never serves requests: gunicorn does, in its own processes, with the
production settings (DEBUG off). The runner creates a fresh PostgreSQL database, migrates it, loads
data with SQL on the server side, generates load with an asyncio httpx client bounded in count and
time, only to 127.0.0.1, and measures each baseline in the same run.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "borne_bench")
MQTT_URL = os.environ.get("BENCH_MQTT_URL", "")  # empty: the bench's own Mosquitto (bench/mosquitto.conf)
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Sizes:
    """Data sizes and load bounds: `FULL` for `make bench`, `SMOKE` for `make bench-smoke`."""

    name: str
    stations: int
    bays_per_station: int
    reservations: int
    devices: int
    readings: int
    repeats: int
    requests: int  # per repeat, latency benchmarks
    repeat_seconds: float  # time bound of one repeat
    warmup: int
    booking_clients: int
    booking_bays: int
    booking_seconds: float
    booking_users: int
    kiosk_rates: tuple[int, ...] = (50, 100)  # open-loop requests/s
    kiosk_seconds: float = 4.0  # per rate and repeat
    kiosk_repeats: int = 3
    tele_devices: int = 500
    tele_per_device: int = 60  # messages each device publishes
    tele_rate: int = 12_000  # offered messages/s (all devices together) of the throughput repeats: above what
    # the worker stores and what the broker delivers to the bare subscriber, so the worker is saturated
    tele_lag_rate: int = 4_000  # offered messages/s of the lag repeats: below saturation
    tele_repeats: int = 3
    ocpp_chargers: int = 1_000  # simulated OCPP chargers connected to one gateway
    ocpp_hold_seconds: float = 30.0  # held with a heartbeat and a MeterValues every `ocpp_interval` each
    ocpp_interval: float = 10.0
    ocpp_burst: int = 10  # MeterValues each charger then sends back to back
    console_sessions: int = 100_000  # finished sessions the CSV export streams (benchmark 8)
    console_telemetry: int = 14_400  # samples of the long session the telemetry read downsamples (4 h at 1/s)
    console_repeats: int = 3  # downloads of each export


FULL = Sizes("full", stations=10_000, bays_per_station=10, reservations=1_000_000, devices=5_000,
             readings=100_000, repeats=5, requests=100, repeat_seconds=12.0, warmup=10, booking_clients=64,
             booking_bays=8, booking_seconds=8.0, booking_users=6_000)
SMOKE = Sizes("smoke", stations=50, bays_per_station=10, reservations=5_000, devices=50, readings=1_000,
              repeats=2, requests=10, repeat_seconds=3.0, warmup=3, booking_clients=8, booking_bays=4,
              booking_seconds=1.0, booking_users=200, kiosk_rates=(10,), kiosk_seconds=1.0, kiosk_repeats=1,
              tele_devices=20, tele_per_device=20, tele_rate=400, tele_lag_rate=200,
              tele_repeats=1, ocpp_chargers=10, ocpp_hold_seconds=2.0, ocpp_interval=1.0, ocpp_burst=3,
              console_sessions=2_000, console_telemetry=1_000, console_repeats=1)


@contextmanager
def own_broker() -> Iterator[str]:
    """`BENCH_MQTT_URL` if set, else a Mosquitto of our own on a free loopback port (bench/mosquitto.conf)."""
    if MQTT_URL:
        yield MQTT_URL
        return
    port = free_port()
    conf = RESULTS / "mosquitto.conf"
    conf.write_text((ROOT / "bench" / "mosquitto.conf").read_text() + f"\nlistener {port} {HOST}\n")
    log = open(RESULTS / "mosquitto.log", "ab")  # closed with the process
    process = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"mqtt://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def worker_env(env: dict[str, str], label: str) -> dict[str, str]:
    """A worker of its own shared-subscription group and client id: no other (or earlier, persistent)
    subscriber of the group can take its messages, and it never resumes (or takes over) another worker's
    MQTT session (run_worker's default client id is the same for every worker of a host)."""
    name = f"bench-{label}-{secrets.token_hex(4)}"
    return {**env, "MQTT_SHARED_GROUP": name, "MQTT_CLIENT_PREFIX": name}


def bench_env(sizes: Sizes, mqtt_url: str = "") -> dict[str, str]:
    """The production settings of the server (and of the runner's own Django), on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "DB_"))}
    env.update({
        "DOTENV_DISABLED": "true",  # the developer's .env (DEBUG=true) must not leak in
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + secrets.token_hex(32),
        "CREDENTIAL_PEPPER": "bench-pepper-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "SECURE_HSTS_SECONDS": "0",
        "THROTTLING": "false",
        "KIOSK_MAX_FAILURES": "1000000",  # benchmark 1: no 429 from the per-kiosk failure limit
        # The generated devices never report (a network's devices do, every minute): without this the worker
        # would spend the benchmarks marking thousands of them offline at once, a backlog, not a steady state.
        "DEVICE_OFFLINE_AFTER_SECONDS": "86400",
        "DATABASE_URL": f"{PG_ADMIN_URL}/{DB_NAME}",
        "MQTT_URL": mqtt_url or MQTT_URL,
        # Our own shared-subscription group: other workers on this broker must not take the bench's messages.
        "MQTT_SHARED_GROUP": "bench-" + secrets.token_hex(4),
        "DB_POOL_MIN": "1",
        "DB_POOL_MAX": "4",
        "JWT_ACCESS_MINUTES": "120",
        "LOG_LEVEL": "WARNING",
        "SMS_BACKEND": "console",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    })
    return env


# --- database -----------------------------------------------------------------------------------------


def admin_conn() -> psycopg.Connection:
    return psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True)


def db_conn(autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(f"{PG_ADMIN_URL}/{DB_NAME}", autocommit=autocommit)


def create_database(env: dict[str, str]) -> None:
    """Drop and recreate the bench database, then migrate it (and create the cache table)."""
    with admin_conn() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    for args in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def sql(statements: str | list[str], conn: psycopg.Connection | None = None) -> None:
    own = conn is None
    conn = conn or db_conn()
    try:
        for statement in [statements] if isinstance(statements, str) else statements:
            conn.execute(statement)
    finally:
        if own:
            conn.close()


def vacuum_analyze() -> None:
    with db_conn() as conn:
        conn.execute("VACUUM ANALYZE")


# --- server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """gunicorn serving config.wsgi with the production settings on 127.0.0.1."""

    env: dict[str, str]
    workers: int = 2 * (os.cpu_count() or 1) + 1
    threads: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        """The gunicorn master's (its workers are its children)."""
        assert self.process is not None, "not started"
        return self.process.pid

    def start(self) -> Server:
        log = open(RESULTS / "gunicorn.log", "ab")  # closed with the process
        self.process = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-b", f"{HOST}:{self.port}", "-w", str(self.workers),
             "-k", "gthread", "--threads", str(self.threads), "--log-level", "warning",
             "--graceful-timeout", "5"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {RESULTS / 'gunicorn.log'}")
            try:
                if httpx.get(f"{self.url}/api/health/", timeout=2).status_code < 500:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[Server]:
    server = Server(env=env).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def running_command(env: dict[str, str], *args: str, ready: str = "", log: str = "") -> Iterator[subprocess.Popen[str]]:
    """`manage.py <args>` in the background (the worker, the device simulator) until the block ends;
    waits for `ready` in its output first. SIGTERM at the end (both commands stop cleanly on it)."""
    with running_process(env, "manage.py", *args, ready=ready, log=log or f"{args[0]}.log") as process:
        yield process


@contextmanager
def running_process(env: dict[str, str], *args: str, ready: str = "", log: str) -> Iterator[subprocess.Popen[str]]:
    """`python -u <args>` (a script or `-m <module>`) in the background until the block ends, as
    `running_command`: waits for `ready` in its output first, SIGTERM at the end."""
    out = open(RESULTS / log, "a")  # closed with the process
    process = subprocess.Popen([PY, "-u", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=out, text=True)
    try:
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while ready and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"{' '.join(args[:2])} exited; see {out.name}")
            out.write(line)
            if ready in line:
                break
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()


# --- Django inside the runner (tokens, captured SQL), against the bench database -----------------------


def django_setup(env: dict[str, str]) -> None:
    import django

    for key in ("DOTENV_DISABLED", "DEBUG", "SECRET_KEY", "CREDENTIAL_PEPPER", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
                "THROTTLING", "KIOSK_MAX_FAILURES", "DATABASE_URL", "MQTT_URL", "DB_POOL_MIN", "DB_POOL_MAX",
                "JWT_ACCESS_MINUTES", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE", "SECURE_HSTS_SECONDS"):
        os.environ[key] = env[key]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    django.setup()


def access_tokens(user_ids: list[int]) -> list[str]:
    """JWT access tokens minted with simplejwt (the same signing key as the server, the users' claims)."""
    from rest_framework_simplejwt.tokens import AccessToken

    from api.models import Utilisateur

    users = Utilisateur.objects.in_bulk(user_ids)
    return [str(AccessToken.for_user(users[user_id])) for user_id in user_ids]


def captured_sql(path: str, token: str) -> tuple[int, list[str]]:
    """(status, SQL statements) of one request served in-process by Django with the same settings."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    return response.status_code, [q["sql"] for q in ctx.captured_queries]


# --- load and statistics -------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def latency_summary(samples_ms: list[float]) -> dict[str, float]:
    return {"n": len(samples_ms), "p50": percentile(samples_ms, 50), "p95": percentile(samples_ms, 95),
            "p99": percentile(samples_ms, 99), "mean": statistics.fmean(samples_ms) if samples_ms else float("nan")}


def over_repeats(per_repeat: list[dict[str, float]]) -> dict[str, Any]:
    """Median of each figure over the repeats, with min/max and the interquartile range."""
    out: dict[str, Any] = {"repeats": len(per_repeat)}
    for key in per_repeat[0]:
        values = [r[key] for r in per_repeat]
        q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
        out[key] = {"median": statistics.median(values), "min": min(values), "max": max(values),
                    "iqr": q[2] - q[0]}
    return out


async def closed_loop(
    request: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]],
    *, base_url: str, concurrency: int, count: int, seconds: float, tolerate_dropped: bool = False,
) -> tuple[list[float], dict[int, int]]:
    """`count` requests (at most `seconds`) from `concurrency` clients; latencies in ms and status counts.

    `tolerate_dropped`: a request whose connection the server closed as it went out (`httpx.TransportError`,
    a keep-alive race) is counted under status 0 and its client goes on; otherwise it ends the run."""
    assert base_url.startswith(f"http://{HOST}:"), "load only to loopback"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    issued = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal issued
            while issued < count and time.monotonic() < deadline:
                index = issued
                issued += 1
                start = time.perf_counter()
                try:
                    response = await request(client, index)
                except httpx.TransportError:
                    if not tolerate_dropped:
                        raise
                    statuses[0] = statuses.get(0, 0) + 1
                    continue
                latencies.append((time.perf_counter() - start) * 1000)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, statuses


def http_latency(base_url: str, path: str, token: str, *, sizes: Sizes, concurrency: int = 1) -> dict[str, Any]:
    """Warm up, then `repeats` x `requests` GETs of `path` (each repeat at most `repeat_seconds`):
    per-repeat p50/p95/p99, then medians over repeats."""
    headers = {"Authorization": f"Bearer {token}"}

    async def get(client: httpx.AsyncClient, _i: int) -> httpx.Response:
        return await client.get(path, headers=headers)

    bounds = {"base_url": base_url, "concurrency": concurrency, "seconds": sizes.repeat_seconds}
    asyncio.run(closed_loop(get, count=sizes.warmup, **bounds))  # type: ignore[arg-type]
    runs: list[Any] = []
    statuses: dict[int, int] = {}
    for _ in range(sizes.repeats):
        latencies, status = asyncio.run(closed_loop(get, count=sizes.requests, **bounds))  # type: ignore[arg-type]
        runs.append(latency_summary(latencies))
        for code, n in status.items():
            statuses[code] = statuses.get(code, 0) + n
    return {"latency_ms": over_repeats(runs), "statuses": statuses}


def sql_latency(statements: list[str], *, sizes: Sizes) -> dict[str, Any]:
    """The same SQL run directly with psycopg (one connection, in order), timed like the HTTP requests."""
    runs = []
    with db_conn() as conn:
        for _ in range(sizes.warmup):
            for statement in statements:
                conn.execute(statement).fetchall()
        for _ in range(sizes.repeats):
            samples: list[float] = []
            deadline = time.monotonic() + sizes.repeat_seconds
            while len(samples) < sizes.requests and time.monotonic() < deadline:
                start = time.perf_counter()
                for statement in statements:
                    conn.execute(statement).fetchall()
                samples.append((time.perf_counter() - start) * 1000)
            runs.append(latency_summary(samples))
    return {"latency_ms": over_repeats(runs)}


def explain(statement: str) -> list[str]:
    with db_conn() as conn:
        return [row[0] for row in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)]


# --- results ---------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=5).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in out(["lscpu"]).splitlines()
                if line.startswith("Model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    with admin_conn() as conn:
        pg = conn.execute("SHOW server_version").fetchone()
    return {"nproc": os.cpu_count(), "memory_gib": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
            "postgresql": pg[0] if pg else "", "mosquitto": out(["sh", "-c", "mosquitto -h 2>&1 | head -n1"]),
            "python": platform.python_version()}


def write_results(sizes: Sizes, results: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{sizes.name}-{stamp}.json"
    path.write_text(json.dumps({"sizes": sizes.__dict__, "machine": machine(), "results": results}, indent=2,
                               default=str))
    return path


def fmt(value: Any) -> str:
    if isinstance(value, dict) and "median" in value:
        return f"{value['median']:.1f} [{value['min']:.1f}-{value['max']:.1f}]"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def print_table(rows: list[tuple[str, str, Any, Any, Any]]) -> None:
    """Rows of (benchmark, figure, measured, baseline, ratio)."""
    header = ("benchmark", "figure", "measured (median [min-max])", "baseline", "ratio")
    table = [header] + [tuple(fmt(c) for c in row) for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * w for w in widths))
