"""6. OCPP gateway: `ocpp_chargers` simulated chargers (the `ocpp` package's client classes, OCPP 1.6J) connected
to one `run_ocpp` process, with heartbeats and meter values, into PostgreSQL.

Each charger is a fresh OCPP cabinet with one connector and an open `charging` session (so every meter value
is stored). Phases: connect every charger (boot, status of its connector); hold them while each sends a
heartbeat and a MeterValues every `ocpp_interval` seconds (paced: the connections held is counted by the
gateway's devices online); then a burst where every charger sends `ocpp_burst` MeterValues back to back
(messages/s answered). Memory per connection: the gateway's RSS with every charger connected minus its RSS
before the first one, divided by the number of chargers.
"""

from __future__ import annotations

import asyncio
import resource
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import Sizes, free_port, running_command


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cabinets(n: int) -> tuple[list[tuple[str, str]], list[int]]:
    """`n` OCPP cabinets with one connector, its device and an open charging session; (identity, password)."""
    from django.utils import timezone

    from api.models import (
        Borne,
        ChargeSessionState,
        Device,
        DeviceType,
        Emplacement,
        OcppTransaction,
        Reservation,
        ReservationStatus,
        Session,
        Station,
        Utilisateur,
    )
    from api.services.ocpp import borne_ocpp_enable

    tag = uuid.uuid4().hex[:6]
    station = Station.objects.create(nom=f"bench-ocpp-{tag}")
    user = Utilisateur.objects.create_user(f"bench-ocpp-{tag}", f"ocpp-{tag}@bench.local", "x" * 16)
    now = timezone.now()
    chargers: list[tuple[str, str]] = []
    sessions: list[int] = []
    for index in range(n):
        borne = Borne.objects.create(station=station, numero=index + 1, mqtt_prefix=f"bench/o/{tag}/{index}")
        bay = Emplacement.objects.create(borne=borne, station=station, numero=1)
        Device.objects.create(emplacement=bay, type_device=DeviceType.OCPP)
        reservation = Reservation.objects.create(
            reference_code=f"O{tag}{index:07d}", utilisateur=user, emplacement=bay, auth_choice="rfid",
            date_debut=now - timedelta(minutes=5), date_fin=now + timedelta(hours=2), statut=ReservationStatus.ACTIVE)
        session = Session.objects.create(reservation=reservation, emplacement=bay,
                                         charge_state=ChargeSessionState.CHARGING)
        OcppTransaction.objects.create(session=session, borne=borne, connector=1, started_at=now, meter_start_wh=0)
        identity = f"B{tag}-{index}"
        chargers.append((identity, borne_ocpp_enable(borne=borne, identity=identity, actor=None, ip=None).password))
        sessions.append(session.pk)
    return chargers, sessions


async def load(url: str, chargers: list[tuple[str, str]], sessions: list[int], sizes: Sizes,
               pid: int) -> dict[str, Any]:
    from api.ocpp.simulator import connect

    rss0 = rss_kib(pid)
    started = time.monotonic()
    sims: list[Any] = []
    for start in range(0, len(chargers), 25):  # 25 handshakes at a time
        batch = chargers[start:start + 25]
        sims += await asyncio.gather(*(connect(url, identity, password, connectors=1, response_timeout=120)
                                       for identity, password in batch))
    for sim, session_id in zip(sims, sessions, strict=True):
        sim.transactions[1] = session_id
    connect_s = time.monotonic() - started
    await asyncio.sleep(1)
    rss1 = rss_kib(pid)
    held_messages = 0
    hold_until = time.monotonic() + sizes.ocpp_hold_seconds

    async def paced(sim: Any) -> None:
        nonlocal held_messages
        while time.monotonic() < hold_until:
            await sim.heartbeat()
            await sim.meter(1, add_wh=10)
            held_messages += 2
            await asyncio.sleep(sizes.ocpp_interval)

    await asyncio.gather(*(paced(sim) for sim in sims))
    open_connections = sum(1 for sim in sims if sim._connection.state.name == "OPEN")

    async def burst(sim: Any) -> None:
        for _ in range(sizes.ocpp_burst):
            await sim.meter(1, add_wh=10)

    burst_started = time.monotonic()
    await asyncio.gather(*(burst(sim) for sim in sims))
    burst_s = time.monotonic() - burst_started
    await asyncio.gather(*(sim.close() for sim in sims), return_exceptions=True)
    return {
        "chargers": len(sims), "connect_seconds": round(connect_s, 2), "held_open": open_connections,
        "held_seconds": sizes.ocpp_hold_seconds, "held_messages": held_messages,
        "burst_messages": len(sims) * sizes.ocpp_burst,
        "burst_msgs_per_s": round(len(sims) * sizes.ocpp_burst / burst_s, 1),
        "rss_before_mib": round(rss0 / 1024, 1), "rss_connected_mib": round(rss1 / 1024, 1),
        "kib_per_connection": round((rss1 - rss0) / max(1, len(sims)), 1),
    }


def run(sizes: Sizes, env: dict[str, str]) -> dict[str, Any]:
    from django.db.models import Max

    from api.models import SessionTelemetry

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * sizes.ocpp_chargers + 256)), hard))
    chargers, sessions = cabinets(sizes.ocpp_chargers)
    port = free_port()
    before = SessionTelemetry.objects.aggregate(last=Max("pk"))["last"] or 0
    with running_command(env, "run_ocpp", "--listen", f"127.0.0.1:{port}", ready="ocpp gateway listening",
                         log="run_ocpp.log") as process:
        result = asyncio.run(load(f"ws://127.0.0.1:{port}/ocpp", chargers, sessions, sizes, process.pid))
    result["telemetry_rows_stored"] = SessionTelemetry.objects.filter(pk__gt=before, session_id__in=sessions).count()
    return result


def rows(result: dict[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    return [
        ("6 ocpp", "chargers connected and held", result["held_open"], result["chargers"], "connections"),
        ("6 ocpp", "burst meter values answered", result["burst_msgs_per_s"], "", "messages/s"),
        ("6 ocpp", "gateway memory per connection", result["kib_per_connection"], "", "KiB"),
        ("6 ocpp", "time to connect all", result["connect_seconds"], "", "s"),
    ]
