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
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from api.models import Alerte, ChargeSessionState, Device, DeviceStatus, Session, SessionTelemetry
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
        # The device's retained birth reaches the worker once its subscription exists (the first start creates the
        # persistent session: what is published before that belongs to nobody).
        wait_until(lambda: Device.objects.get(pk=device.pk).status == DeviceStatus.ONLINE, timeout=30,
                   message="the worker is subscribed")
        per_burst = 200 if SCALE_VERIFY else 60
        sim.send_telemetry(per_burst)
        wait_until(lambda: len(_seqs(session.pk)) >= 1, timeout=30, message="the worker ingests")
        worker.send_signal(signal.SIGKILL)  # mid-stream: some messages stored, others in flight or queued
        worker.wait(10)
        if not own_broker.mosquitto:
            # amqtt (development broker) routes a message to a dead connection until it has noticed the drop, and
            # does not resend in-flight QoS 1 messages when the session resumes (Mosquitto does): let it notice.
            time.sleep(1.0)
        sim.send_telemetry(per_burst)  # published while no worker runs: queued in its persistent session
        worker = _start_worker(own_broker, client_id)
        total = sim.tele_seq
        try:
            wait_until(lambda: len(_seqs(session.pk)) >= total, timeout=60, message="queued messages delivered")
        except AssertionError:
            missing = sorted(set(range(1, total + 1)) - set(_seqs(session.pk)))
            raise AssertionError(f"{total} sent, missing seqs {missing}") from None
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


# --- the database stopped during a batch of offline events ---------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SEED_SCRIPT = """
import json
from datetime import timedelta
from django.utils import timezone
from api.services import credentials
from tests import factories
from tests.kiosk.conftest import kiosk_client, make_cabinet
cabinet = make_cabinet()
_client, key = kiosk_client(cabinet)
start = timezone.now().replace(microsecond=0) - timedelta(minutes=40)
refs = []
for numero in range(2, {count} + 2):  # one bay per reservation: bookings of one bay may not overlap
    bay = factories.EmplacementFactory(borne=cabinet, station=cabinet.station, numero=numero)
    factories.DeviceFactory(emplacement=bay)
    reservation = factories.ReservationFactory(emplacement=bay, auth_choice="code", date_debut=start,
                                               date_fin=start + timedelta(hours=2))
    credentials.temporary_credential_issue(reservation=reservation)
    refs.append([reservation.reference_code, numero])
print("SEED" + json.dumps({{"key": key, "refs": refs}}))
"""

class Cluster:
    """A throwaway PostgreSQL cluster (never the machine's shared one), run as the postgres user."""

    def __init__(self, tmp: Path) -> None:
        from tests.ports import unused_port

        self.dir = tmp / "pg"
        self.dir.mkdir()
        subprocess.run(["chown", "-R", "postgres", str(tmp)], check=True)
        self.port = unused_port()
        self._as_postgres(f"{PG_BIN}/initdb -D {self.dir} -A trust -U postgres")

    def _as_postgres(self, command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.dir} -w -o '-p {self.port} -k {self.dir}' start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.dir} -w -m {mode} stop")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    from conftest import services_required

    if connection.vendor != "postgresql" or not PG_BIN.is_dir():
        if services_required() and connection.vendor == "postgresql":
            pytest.fail("the PostgreSQL binaries are required in this pass")
        pytest.skip("stopping the database is only meaningful on PostgreSQL (a SQLite file has no server to stop); "
                    "runs in the PostgreSQL pass")
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="faults-pg-"))  # under /tmp: pytest's tmp_path is not reachable by postgres
    tmp.chmod(0o755)
    db = Cluster(tmp)
    db.start()
    yield db
    try:
        db.stop("immediate")
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(tmp, ignore_errors=True)


def test_database_restarted_during_a_batch_of_offline_events_the_kiosk_retries(cluster: Cluster) -> None:
    import json

    import requests

    from tests.ports import unused_port

    env = {**os.environ, "DATABASE_URL": cluster.url, "LOG_LEVEL": "WARNING", "DB_POOL_TIMEOUT": "3"}
    run = {"cwd": settings.BASE_DIR, "env": env, "check": True, "capture_output": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], **run)  # type: ignore[call-overload]
    count = 30 if SCALE_VERIFY else 12
    seeded = subprocess.run([sys.executable, "manage.py", "shell", "-c", SEED_SCRIPT.format(count=count)],
                            **run)  # type: ignore[call-overload]
    seed = json.loads(seeded.stdout.decode().split("SEED", 1)[1])
    port = unused_port()
    web = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                           cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/terminal/offline-events/"
    headers = {"Authorization": f"Terminal {seed['key']}"}
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    events = []
    for index, (ref, numero) in enumerate(seed["refs"]):
        events.append({"event_id": f"start-{index}", "kind": "session_started", "reference_code": ref,
                       "occurred_at": (now - timedelta(minutes=30 - index)).isoformat(), "emplacement_numero": numero,
                       "method": "code"})
        events.append({"event_id": f"stop-{index}", "kind": "session_stopped", "reference_code": ref,
                       "occurred_at": (now - timedelta(minutes=29 - index, seconds=30)).isoformat(),
                       "energie_kwh": 1.5})
    chunks = [events[i:i + 4] for i in range(0, len(events), 4)]

    def post(chunk: list[dict[str, object]]) -> int:
        try:
            return requests.post(base, json={"events": chunk}, headers=headers, timeout=30).status_code
        except requests.RequestException:
            return 0  # connection error: the outage, acceptable

    try:
        from tests.adversarial.mqtt_support import wait_port

        wait_port(port, up=True, timeout=30)
        statuses = []
        for index, chunk in enumerate(chunks):
            if index == len(chunks) // 2:
                cluster.stop("immediate")  # a crash, mid-batch
            statuses.append(post(chunk))
        assert statuses[0] == 200 and any(code != 200 for code in statuses[len(chunks) // 2:])
        cluster.start()
        results = []
        for chunk in chunks:  # the kiosk retries the whole batch once the server answers again
            response = requests.post(base, json={"events": chunk}, headers=headers, timeout=30)
            assert response.status_code == 200, response.text[:300]  # the pool reconnected at once
            results += [item["result"] for item in response.json()["results"]]
        assert set(results) <= {"accepted", "duplicate"} and "duplicate" in results
        check = ("from api.models import OfflineEvent, Session;"
                 "print('COUNTS', OfflineEvent.objects.count(), OfflineEvent.objects.values('event_id').distinct()"
                 ".count(), Session.objects.count(), Session.objects.filter(charge_state='stopped').count())")
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c", check],
                             **run).stdout.decode()  # type: ignore[call-overload]
        counts = [int(x) for x in out.split("COUNTS", 1)[1].split()]
        assert counts == [len(events), len(events), count, count], counts
    finally:
        web.terminate()
        web.wait(15)
