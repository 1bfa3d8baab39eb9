"""Faults: the broker killed and restarted during a charging session and a telemetry stream, the worker killed
with SIGKILL mid-stream, the database stopped during a batch of offline events the kiosk retries.

Each test runs its own broker (`OwnBroker`: embedded amqtt on the defaults, a `mosquitto` process of its own in
the PostgreSQL + Mosquitto pass) so that it can be killed without disturbing anything else.

What QoS 1 guarantees here: a message is delivered at least once between a client and the broker that holds it.
The bridge acknowledges a message only once it is stored (manual PUBACK) and the database's unique keys drop
the redeliveries, so "at least once" becomes "exactly once" in the database. A broker killed without persistence
loses what it held (queued messages of offline sessions, in-flight messages it had already acknowledged to the
publisher, retained messages); what the publishers still hold (paho keeps unacknowledged QoS 1 messages and
re-sends them after the reconnect) is not lost. With `persistence true` (production, docs/deployment.md) the
broker's queues also survive its restart.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from api.models import Alerte, ChargeSessionState, Session, SessionTelemetry
from api.mqtt.bridge import Bridge
from api.mqtt.client import close_publishers
from api.simulator import Faults, SimulatedDevice
from tests.adversarial.mqtt_support import SCALE_VERIFY, OwnBroker
from tests.devices.conftest import wait_until
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db(transaction=True)
RESTARTS = 3
TELE_PER_ROUND = 50 if SCALE_VERIFY else 10


@pytest.fixture
def own_broker() -> Iterator[OwnBroker]:
    broker = OwnBroker().start()
    previous = settings.MQTT_URL
    settings.MQTT_URL = broker.url  # the backend's publisher (commands) talks to this broker too
    close_publishers()
    yield broker
    close_publishers()
    settings.MQTT_URL = previous
    broker.close()


def _state(session_id: int) -> str:
    return Session.objects.get(pk=session_id).charge_state


def _seqs(session_id: int) -> list[int]:
    return list(SessionTelemetry.objects.filter(session_id=session_id).order_by("seq").values_list("seq", flat=True))


def test_broker_killed_three_times_during_a_session_and_a_telemetry_stream(own_broker: OwnBroker) -> None:
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    device = cabinet.emplacements.get().device
    bridge = Bridge(config=own_broker.config, client_id="faults-bridge", shared=False, flush_ms=20).start()
    stop = threading.Event()
    thread = threading.Thread(target=bridge.run, args=(stop,), daemon=True)
    thread.start()
    sim = SimulatedDevice(config=own_broker.config, prefix=cabinet.mqtt_prefix, bay=device.emplacement.numero,
                          faults=Faults(seed=7)).connect()
    try:
        _reservation, secret = book_now(cabinet, "code")
        response = kiosk.post("/api/terminal/authenticate/", {"method": "code", "value": secret}, format="json")
        sid = response.json()["id_session"]
        wait_until(lambda: _state(sid) == ChargeSessionState.WAITING_PLUG, message="unlock ack")
        sim.plug(session_id=sid)
        wait_until(lambda: _state(sid) == ChargeSessionState.CHARGING, message="charging")
        for _round in range(RESTARTS):
            sim.send_telemetry(TELE_PER_ROUND)
            sent = sim.tele_seq
            wait_until(lambda: len(_seqs(sid)) >= sent, timeout=30, message="telemetry before the crash")  # noqa: B023
            own_broker.restart()
            wait_until(lambda: sim.connected.is_set() and bridge._connected.is_set(), timeout=30,
                       message="device and bridge reconnected")
        sim.send_telemetry(TELE_PER_ROUND)
        total = sim.tele_seq
        wait_until(lambda: len(_seqs(sid)) >= total, timeout=30, message="telemetry after the last restart")
        assert _seqs(sid) == list(range(1, total + 1)), "every distinct seq stored exactly once"
        assert Session.objects.get(pk=sid).telemetry_count == total
        stopped = kiosk.post(f"/api/terminal/sessions/{sid}/stop/")
        assert stopped.status_code == 200
        wait_until(lambda: _state(sid) in (ChargeSessionState.STOPPED, ChargeSessionState.ERROR), timeout=60,
                   message="session ends")
        session = Session.objects.get(pk=sid)
        if session.charge_state == ChargeSessionState.ERROR:
            assert Alerte.objects.filter(session_id=sid, type="session_error").exists()
        else:
            assert session.end_time is not None
        assert thread.is_alive()
        assert own_broker.restarts == RESTARTS
    finally:
        sim.disconnect(abrupt=True)
        stop.set()
        thread.join(10)
        bridge.stop(forget=True)
        connection.close()


# --- the worker killed with SIGKILL -------------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(broker: OwnBroker, client_id: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": _database_url(), "MQTT_URL": broker.url, "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-sweeps", "--flush-ms", "20", "--client-id", client_id],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )


def test_worker_killed_mid_stream_loses_nothing_and_applies_nothing_twice(own_broker: OwnBroker) -> None:
    cabinet = make_cabinet()
    device = cabinet.emplacements.get().device
    reservation, _ = book_now(cabinet, "code")
    from tests import factories

    session = factories.SessionFactory(reservation=reservation, emplacement=device.emplacement,
                                       charge_state=ChargeSessionState.CHARGING)
    client_id = f"faults-worker-{session.pk}"
    worker = _start_worker(own_broker, client_id)
    sim = SimulatedDevice(config=own_broker.config, prefix=cabinet.mqtt_prefix, bay=device.emplacement.numero,
                          faults=Faults(seed=8), session_id=session.pk).connect()
    try:
        assert worker.stdout is not None
        assert b"worker started" in worker.stdout.readline()
        per_burst = 200 if SCALE_VERIFY else 60
        sim.send_telemetry(per_burst)
        wait_until(lambda: len(_seqs(session.pk)) >= 1, timeout=30, message="the worker ingests")
        worker.send_signal(signal.SIGKILL)  # mid-stream: some messages stored, others in flight or queued
        worker.wait(10)
        sim.send_telemetry(per_burst)  # published while no worker runs: queued in its persistent session
        worker = _start_worker(own_broker, client_id)
        total = sim.tele_seq
        wait_until(lambda: len(_seqs(session.pk)) >= total, timeout=60, message="queued messages delivered")
        assert _seqs(session.pk) == list(range(1, total + 1)), "every message stored exactly once"
        assert Session.objects.get(pk=session.pk).telemetry_count == total
    finally:
        sim.disconnect(abrupt=True)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
        connection.close()
