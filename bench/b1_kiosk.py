"""1. Kiosk authentication: `terminal_authenticate` with a code, then the `unlock` reaching the bay's device.

Each request presents the code of its own reservation (one bay each, valid now) at its cabinet's kiosk
(`Authorization: Terminal <key>`). The server records the command and publishes it on commit to
`<prefix>/bay/<n>/cmd` through Mosquitto; a subscriber in the load process (a device's view of the
broker) timestamps each command and matches its `command_id` with the 201 answer. Latency = command
received minus the request's *scheduled* send time (open-loop load: requests go out at a fixed rate
whatever the answers, so a slow server cannot slow the load down and hide its queue). The worker
(`run_worker`) and the bays' devices (`bench.device_acker`: every `unlock` answered `received`, state,
`done`, as a device does) run meanwhile, as in production: the worker ingests three messages per opening.
Saturation: closed loop, as many clients as the server has threads x 2.

Baseline, same gunicorn setup and settings, its own URLconf (`bench.baseline_urls`): a bare Django view
doing one indexed query, at the same rates and at saturation.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass
from typing import Any

import httpx
import paho.mqtt.client as mqtt

from bench import datagen, kiosk_setup
from bench.common import (
    HOST,
    Server,
    Sizes,
    closed_loop,
    latency_summary,
    over_repeats,
    running_command,
    running_process,
    worker_env,
)
from bench.cpu import CpuMeter, cpu_rows
from bench.subscriber import subscribed_client

TAG = "k"


class CommandWatch:
    """Receipt times (perf_counter) of the commands published on the bench cabinets' `cmd` topics."""

    def __init__(self, host: str, port: int) -> None:
        self.received: dict[str, float] = {}
        self.client = subscribed_client(host, port, f"bench/{TAG}/+/bay/+/cmd", self._on_message, name="watch")

    def _on_message(self, _client: Any, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        at = time.perf_counter()
        try:
            self.received.setdefault(str(json.loads(message.payload)["command_id"]), at)
        except (ValueError, KeyError, TypeError):
            pass

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@dataclass
class Job:
    key: str
    code: str
    numero: int

    def request(self) -> dict[str, Any]:
        return {"headers": {"Authorization": f"Terminal {self.key}"},
                "json": {"method": "code", "value": self.code, "emplacement_numero": self.numero}}


@dataclass
class Outcome:
    scheduled: float
    answered: float
    status: int
    command_id: str


async def open_loop(base_url: str, send: Any, n: int, rate: float) -> list[Outcome]:
    """`n` requests at `rate` per second, each sent at its scheduled time whatever the others are doing."""
    assert base_url.startswith(f"http://{HOST}:"), "load only to loopback"
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        t0 = time.perf_counter() + 0.05

        async def one(i: int) -> Outcome:
            scheduled = t0 + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                response = await send(client, i)
                status = response.status_code
                command_id = response.json().get("command_id", "") if status == 201 else ""
            except httpx.HTTPError:
                status, command_id = 0, ""
            return Outcome(scheduled, time.perf_counter(), status, command_id)

        return await asyncio.gather(*(one(i) for i in range(n)))


def summarize(outcomes: list[Outcome], watch: CommandWatch | None) -> tuple[dict[str, float], dict[str, int]]:
    statuses: dict[str, int] = {}
    http_ms, device_ms, missing = [], [], 0
    for o in outcomes:
        statuses[str(o.status)] = statuses.get(str(o.status), 0) + 1
        http_ms.append((o.answered - o.scheduled) * 1000)
        if watch is not None and o.status == 201:
            at = watch.received.get(o.command_id)
            if at is None:
                missing += 1
            else:
                device_ms.append((at - o.scheduled) * 1000)
    figures = {f"http_{k}": v for k, v in latency_summary(http_ms).items() if k != "n"}
    if watch is not None:
        figures.update({f"device_{k}": v for k, v in latency_summary(device_ms).items() if k != "n"})
        figures["commands_missing"] = float(missing)
    return figures, statuses


def saturation(base_url: str, send: Any, n: int, concurrency: int, seconds: float,
               roles: dict[str, int]) -> tuple[dict[str, float], dict[int, int]]:
    """Answers per second of `concurrency` closed-loop clients, and the CPU each cost every process by role
    (`cpu_<role>` in ms, `bench.cpu`). A request whose connection the server closed under it (a keep-alive race)
    counts under status `0`, as in the open loop, and is not an answer."""
    started = time.perf_counter()
    with CpuMeter(roles) as meter:
        _lat, statuses = asyncio.run(closed_loop(send, base_url=base_url, concurrency=concurrency, count=n,
                                                 seconds=seconds, tolerate_dropped=True))
    elapsed = time.perf_counter() - started
    ok = sum(v for k, v in statuses.items() if k in (200, 201))
    return {"per_s": ok / elapsed, **meter.figures(ok)}, statuses


def measure(base_url: str, send: Any, sizes: Sizes, watch: CommandWatch | None, cursor: list[int],
            concurrency: int, roles: dict[str, int]) -> dict[str, Any]:
    """Warm-up, then per repeat: each rate open-loop, then the saturation (with the CPU of `roles`' processes);
    `cursor` advances over the jobs."""

    def from_cursor(n: int) -> Any:
        first = cursor[0]
        cursor[0] += n
        return lambda client, i: send(client, first + i)

    asyncio.run(open_loop(base_url, from_cursor(sizes.warmup), sizes.warmup, sizes.kiosk_rates[0]))
    per_rate: dict[int, list[dict[str, float]]] = {rate: [] for rate in sizes.kiosk_rates}
    statuses: dict[str, int] = {}
    sat_runs = []
    for _ in range(sizes.kiosk_repeats):
        for rate in sizes.kiosk_rates:
            n = int(rate * sizes.kiosk_seconds)
            outcomes = asyncio.run(open_loop(base_url, from_cursor(n), n, rate))
            time.sleep(0.5)  # the last commands on their way
            figures, status = summarize(outcomes, watch)
            per_rate[rate].append(figures)
            for key, count in status.items():
                statuses[key] = statuses.get(key, 0) + count
        n = int(sizes.kiosk_rates[-1] * sizes.kiosk_seconds)
        figures_sat, status_sat = saturation(base_url, from_cursor(n), n, concurrency, sizes.kiosk_seconds * 2,
                                             roles)
        cursor[0] -= n - sum(status_sat.values())  # unsent jobs stay available
        sat_runs.append(figures_sat)
        for code, count in status_sat.items():
            statuses[f"sat {code}"] = statuses.get(f"sat {code}", 0) + count
    return {"rates": {str(rate): over_repeats(runs) for rate, runs in per_rate.items()},
            "saturation": over_repeats(sat_runs), "statuses": statuses}


def jobs_needed(sizes: Sizes) -> int:
    per_repeat = sum(int(rate * sizes.kiosk_seconds) for rate in sizes.kiosk_rates)
    per_repeat += int(sizes.kiosk_rates[-1] * sizes.kiosk_seconds)
    return sizes.warmup + sizes.kiosk_repeats * per_repeat


def run(server: Server, sizes: Sizes, env: dict[str, str]) -> dict[str, Any]:
    from api.crypto import sha256_hex
    from api.mqtt.config import parse_mqtt_url

    n = jobs_needed(sizes)
    bays_per_borne = 10
    n_bornes = -(-n // bays_per_borne)
    started = time.perf_counter()
    bays = kiosk_setup.cabinets(n_bornes, bays_per_borne, TAG)
    keys = kiosk_setup.terminal_keys({bay.borne_id for bay in bays})
    codes = kiosk_setup.reservations_with_codes(bays, datagen.users(max(10, n // 3), prefix="kiosk"))
    jobs = [Job(keys[bay.borne_id], code, bay.numero) for bay, code in zip(bays, codes, strict=True)]
    setup_s = time.perf_counter() - started
    print(f"  setup: {len(jobs)} reservations with codes on {n_bornes} cabinets in {setup_s:.1f} s", flush=True)
    broker = parse_mqtt_url(env["MQTT_URL"])
    concurrency = 2 * server.workers * server.threads

    async def authenticate(client: httpx.AsyncClient, i: int) -> httpx.Response:
        return await client.post("/api/terminal/authenticate/", **jobs[i].request())

    cursor = [0]
    worker = worker_env(env, "b1")
    devices = ["-m", "bench.device_acker", broker.host, str(broker.port), f"bench/{TAG}/+/bay/+/cmd"]
    with running_command(worker, "run_worker", "--sweep-interval", "5", ready="worker started",
                         log="b1-worker.log") as worker_process, \
            running_process(env, *devices, ready="ready", log="b1-devices.log") as devices_process:
        watch = CommandWatch(broker.host, broker.port)
        roles = {"server": server.pid, "worker": worker_process.pid, "devices": devices_process.pid,
                 "load": os.getpid()}
        try:
            kiosk = measure(server.url, authenticate, sizes, watch, cursor, concurrency, roles)
        finally:
            watch.close()
    key_hash = sha256_hex(jobs[0].key)

    async def bare(client: httpx.AsyncClient, _i: int) -> httpx.Response:
        return await client.get(f"/baseline/{key_hash}/")

    baseline_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.baseline_settings"}
    base_server = Server(env=baseline_env).start()
    try:
        baseline = measure(base_server.url, bare, sizes, None, [0], concurrency,
                           {"server": base_server.pid, "load": os.getpid()})
    finally:
        base_server.stop()
    return {"reservations": len(jobs), "setup_s": setup_s, "used": cursor[0], "devices": "every bay (device_acker)",
            "concurrency_saturation": concurrency, "kiosk": kiosk, "baseline": baseline}


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    out = []
    kiosk, base = result["kiosk"], result["baseline"]
    for rate, figures in kiosk["rates"].items():
        base_http = base["rates"][rate]
        for pct in ("p50", "p95", "p99"):
            measured, ref = figures[f"device_{pct}"], base_http[f"http_{pct}"]
            out.append(("1 kiosk", f"{pct} ms auth->cmd at device, {rate}/s open loop", measured, ref,
                        f"{measured['median'] / ref['median']:.1f}" if ref["median"] else "-"))
        out.append(("1 kiosk", f"p99 ms HTTP answer only, {rate}/s", figures["http_p99"], "", ""))
        out.append(("1 kiosk", f"commands not seen at {rate}/s (per repeat)", figures["commands_missing"], "0", ""))
    sat, base_sat = kiosk["saturation"]["per_s"], base["saturation"]["per_s"]
    out.append(("1 kiosk", "saturation throughput (201/s) vs bare view (200/s)", sat, base_sat,
                f"{sat['median'] / base_sat['median']:.2f}" if base_sat["median"] else "-"))
    out += cpu_rows("1 kiosk", "CPU ms per answer at saturation", kiosk["saturation"], base["saturation"])
    return out
