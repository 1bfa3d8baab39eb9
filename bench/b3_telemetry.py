"""3. Telemetry ingestion: `tele` of many devices through Mosquitto and the worker into PostgreSQL.

`tele_devices` bays (fresh cabinets, prefix `bench/t/<id>`), each with a device and an open `charging`
session, so every message is stored. The load process publishes valid `tele` payloads (schema
docs/device-schemas/tele.json, `ts` = the wall-clock time of publication) on each bay's topic, QoS 1, at
a fixed offered rate, from a few MQTT connections (one paho connection and thread per device would
spend the 2 cores on the load generator). `run_worker` (a subprocess, its own shared-subscription
group, `--no-sweeps`: on the full data set one sweep marking ~2,500 stale devices offline takes about a
minute and blocks the bridge of the same process, see docs/benchmarks.md) stores them. Meanwhile the
runner polls the table every 100 ms: a row's lag is the poll that first sees it minus its `ts` (publish
to visible commit, 100 ms resolution). Sustained rate: messages / (last row visible - first publication).
Loss: rows of the bench sessions vs messages published.

Two offers, each `tele_repeats` times: `tele_rate` (12,000/s, above what one worker stores and what the
broker delivers to the bare subscriber: the publisher runs nearly unpaced) gives the sustained rate;
`tele_lag_rate` (4,000/s, below it) gives the lag of a worker that keeps up (at the saturation offer the
lag only measures the queue that builds up during a repeat).

Baselines in the same run: the broker's own rate (the same publisher, unpaced, to a bare paho
subscriber in a process of its own, no worker) and psycopg `COPY` of the same number of rows into
`api_sessiontelemetry`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt

from bench import datagen, kiosk_setup
from bench.common import ROOT, Sizes, db_conn, latency_summary, over_repeats, running_command, worker_env

TAG = "t"
CONNECTIONS = 8
POLL_S = 0.1


def connect(host: str, port: int, name: str) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-{name}-{time.time_ns()}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    connected = threading.Event()
    client.on_connect = lambda *_a: connected.set()
    client.connect(host, port, keepalive=30)
    client.loop_start()
    if not connected.wait(10):
        raise RuntimeError("bench publisher could not connect")
    return client


def publish(clients: list[mqtt.Client], targets: list[tuple[str, int]], per_device: int, seq0: int,
            rate: float | None) -> tuple[float, float, int]:
    """Round-robin over the devices, `per_device` messages each, paced at `rate`/s (None: as fast as possible).
    Returns (wall-clock start, wall-clock end when the broker acknowledged all, messages)."""
    total = per_device * len(targets)
    infos = []
    started = time.time()
    t0 = time.perf_counter()
    for n in range(total):
        if rate and n % 50 == 0:
            ahead = t0 + n / rate - time.perf_counter()
            if ahead > 0:
                time.sleep(ahead)
        topic, session_id = targets[n % len(targets)]
        seq = seq0 + n // len(targets)
        body = json.dumps({"seq": seq, "ts": datetime.now(UTC).isoformat(), "courant": 16.0, "tension": 230.0,
                           "energie_kwh": round(seq * 0.001, 6), "session_id": session_id})
        infos.append(clients[n % len(clients)].publish(topic, body, qos=1))
    for info in infos:
        info.wait_for_publish(30)
    return started, time.time(), total


def publish_into(box: dict[str, Any], *args: Any) -> None:
    box.update(zip(("start", "end", "total"), publish(*args), strict=True))


def watch_rows(session_ids: list[int], after_id: int, expected: int, stop_after_idle: float) -> dict[str, Any]:
    """Poll the new rows of the bench sessions until `expected` are visible or nothing comes for a while."""
    lags: list[float] = []
    seen, last_id, last_seen_at, last_progress = 0, after_id, 0.0, time.monotonic()
    with db_conn() as conn:
        while seen < expected and time.monotonic() - last_progress < stop_after_idle:
            rows = conn.execute("SELECT id_telemetry, timestamp FROM api_sessiontelemetry WHERE id_telemetry > %s "
                                "AND session_id = ANY(%s) ORDER BY id_telemetry", (last_id, session_ids)).fetchall()
            now = time.time()
            if rows:
                last_id, seen, last_seen_at, last_progress = rows[-1][0], seen + len(rows), now, time.monotonic()
                lags += [(now - row[1].timestamp()) * 1000 for row in rows]
            time.sleep(POLL_S)
    return {"seen": seen, "last_seen_at": last_seen_at, "last_id": last_id, "lags": lags}


def max_id() -> int:
    with db_conn() as conn:
        row = conn.execute("SELECT coalesce(max(id_telemetry), 0) FROM api_sessiontelemetry").fetchone()
    return int(row[0]) if row else 0


def bare_subscriber(host: str, port: int, clients: list[mqtt.Client], targets: list[tuple[str, int]],
                    per_device: int, seq0: int) -> dict[str, float]:
    """The broker's own rate: the same publisher, unpaced, to one paho subscriber (QoS 1) in a process of
    its own (`bench/bare_subscriber.py`), as the worker is."""
    expected = per_device * len(targets)
    command = [sys.executable, "-m", "bench.bare_subscriber", host, str(port), f"bench/{TAG}/+/bay/+/tele",
               str(expected)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as sub:
        assert sub.stdout is not None
        if sub.stdout.readline().strip() != "ready":
            raise RuntimeError("the bare subscriber did not subscribe")
        started, _end, total = publish(clients, targets, per_device, seq0, None)
        state = json.loads(sub.stdout.readline())
    return {"per_s": state["received"] / max(state["last"] - started, 1e-9), "lost": float(total - state["received"])}


def copy_baseline(session_ids: list[int], n: int, seq0: int) -> dict[str, float]:
    """psycopg COPY of `n` rows of the same shape into api_sessiontelemetry (then removed)."""
    now = datetime.now(UTC)
    rows = [(session_ids[i % len(session_ids)], 16.0, 230.0, 0.001 * i, now, seq0 + i) for i in range(n)]
    with db_conn(autocommit=False) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy(
            "COPY api_sessiontelemetry (session_id, courant, tension, energie_kwh, timestamp, seq) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        seconds = time.perf_counter() - started
        conn.execute("DELETE FROM api_sessiontelemetry WHERE seq >= %s", (seq0,))
        conn.commit()
    return {"per_s": n / seconds}


def one_repeat(clients: list[mqtt.Client], targets: list[tuple[str, int]], session_ids: list[int], per: int,
               seq: int, rate: int) -> dict[str, Any]:
    """`per` messages of each device offered at `rate`/s while the new rows are watched."""
    expected = per * len(targets)
    after = max_id()
    box: dict[str, Any] = {}
    publisher = threading.Thread(target=publish_into, args=(box, clients, targets, per, seq, rate))
    publisher.start()
    seen = watch_rows(session_ids, after, expected, 10.0)
    publisher.join()
    lag = latency_summary(seen["lags"])
    return {
        "offered_per_s": box["total"] / max(box["end"] - box["start"], 1e-9),
        "stored_per_s": seen["seen"] / max(seen["last_seen_at"] - box["start"], 1e-9),
        "lag_p50_ms": lag["p50"], "lag_p99_ms": lag["p99"], "lost": float(expected - seen["seen"]),
        "seen": seen["seen"], "lags": seen["lags"],
    }


def run(sizes: Sizes, env: dict[str, str]) -> dict[str, Any]:
    from api.mqtt.config import parse_mqtt_url

    bays = kiosk_setup.cabinets(-(-sizes.tele_devices // 10), 10, TAG)[: sizes.tele_devices]
    sessions = kiosk_setup.open_sessions(bays, datagen.users(max(10, len(bays) // 3), prefix="tele"))
    targets = [(f"{bay.prefix}/bay/{bay.numero}/tele", sessions[bay.emplacement_id]) for bay in bays]
    session_ids = list(sessions.values())
    broker = parse_mqtt_url(env["MQTT_URL"])
    clients = [connect(broker.host, broker.port, f"tele{i}") for i in range(CONNECTIONS)]
    per = sizes.tele_per_device
    expected = per * len(targets)
    seq = 1
    try:
        bare = []
        for _ in range(sizes.tele_repeats):
            bare.append(bare_subscriber(broker.host, broker.port, clients, targets, per, seq))
        runs: dict[int, list[dict[str, float]]] = {sizes.tele_rate: [], sizes.tele_lag_rate: []}
        lags_all: list[float] = []
        lost = 0
        with running_command(worker_env(env, "b3"), "run_worker", "--no-sweeps", ready="worker started",
                             log="b3-worker.log"):
            warm = max_id()
            publish(clients, targets, 2, 10**6, sizes.tele_rate)  # warm-up: device and session caches
            watch_rows(session_ids, warm, 2 * len(targets), 10.0)
            for rate in runs:
                for _ in range(sizes.tele_repeats):
                    repeat = one_repeat(clients, targets, session_ids, per, seq, rate)
                    seq += per
                    lost += expected - repeat.pop("seen")
                    lags_all += repeat.pop("lags")
                    runs[rate].append(repeat)
        with db_conn() as conn:
            row = conn.execute("SELECT count(*), count(DISTINCT (session_id, seq)) FROM api_sessiontelemetry "
                               "WHERE session_id = ANY(%s) AND seq < %s", (session_ids, 10**6)).fetchone()
        copies = [copy_baseline(session_ids, expected, 10**9 + i * expected) for i in range(sizes.tele_repeats)]
    finally:
        for client in clients:
            client.loop_stop()
            client.disconnect()
    return {
        "devices": len(targets), "messages_per_repeat": expected, "connections": CONNECTIONS,
        "offered_rate": sizes.tele_rate, "worker": over_repeats(runs[sizes.tele_rate]),
        "lag_offered_rate": sizes.tele_lag_rate, "worker_at_lag_rate": over_repeats(runs[sizes.tele_lag_rate]),
        "lost_total": lost, "rows_stored": row[0] if row else -1, "rows_distinct": row[1] if row else -1,
        "rows_expected": expected * sizes.tele_repeats * len(runs), "lag_all_ms": latency_summary(lags_all),
        "bare_subscriber": over_repeats(bare), "copy": over_repeats(copies),
    }


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    worker = result["worker"]
    stored, bare, copy = worker["stored_per_s"], result["bare_subscriber"]["per_s"], result["copy"]["per_s"]

    def ratio(a: dict[str, float], b: dict[str, float]) -> str:
        return f"{a['median'] / b['median']:.2f}" if b["median"] else "-"

    label = f"{result['devices']} devices, offered {result['offered_rate']}/s"
    below = result["worker_at_lag_rate"]
    below_label = f"offered {result['lag_offered_rate']}/s"
    return [
        ("3 telemetry", f"stored msg/s ({label}) vs broker to bare subscriber", stored, bare, ratio(stored, bare)),
        ("3 telemetry", "stored msg/s vs psycopg COPY rows/s", stored, copy, ratio(stored, copy)),
        ("3 telemetry", f"publish-to-commit lag p99 ms ({below_label})", below["lag_p99_ms"], "", ""),
        ("3 telemetry", f"publish-to-commit lag p50 ms ({below_label})", below["lag_p50_ms"], "", ""),
        ("3 telemetry", f"stored msg/s ({below_label}) vs achieved publish rate", below["stored_per_s"],
         below["offered_per_s"], ratio(below["stored_per_s"], below["offered_per_s"])),
        ("3 telemetry", f"publish-to-commit lag p99 ms (offered {result['offered_rate']}/s)",
         worker["lag_p99_ms"], "", ""),
        ("3 telemetry", f"achieved publish rate msg/s (offered {result['offered_rate']}/s)",
         worker["offered_per_s"], "", ""),
        ("3 telemetry", "rows stored / messages (loss)",
         f"{result['rows_stored']} / {result['rows_expected']} (distinct {result['rows_distinct']})", "equal", ""),
    ]
