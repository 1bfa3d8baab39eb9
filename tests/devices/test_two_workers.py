"""Two `run_worker` processes on one shared subscription store every telemetry message exactly once.

A Mosquitto of the test's own (shared subscriptions: the embedded broker has none), two real workers with
their own client ids in one shared group against the test database, simulated devices publishing
telemetry and re-sending some of it with the same `seq`: every `(session, seq)` is stored once, none is
missing, each session's summary counts what was stored, and both workers took a share.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.models import Device, Session, SessionTelemetry
from api.mqtt.client import new_client
from api.mqtt.config import parse_mqtt_url
from api.mqtt.topics import bay_topic
from tests import factories
from tests.devices.conftest import child_database_url, wait_until
from tests.ports import unused_port

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
MOSQUITTO = shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/usr/local/sbin")
DEVICES = 6
PER_DEVICE = 80
RESENT_EVERY = 4  # every 4th message of each device is sent a second time, same `seq`


class Worker:
    """`manage.py run_worker` in a subprocess; its output collected by a thread."""

    def __init__(self, env: dict[str, str], client_id: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "manage.py", "run_worker", "--no-sweeps", "--flush-ms", "50",
             "--batch-size", "50", "--client-id", client_id],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.reader.join(10)

    def metrics(self) -> dict[str, int]:
        line = next((line for line in self.lines if line.startswith("worker metrics")), None)
        assert line is not None, f"the worker printed no counters at stop:\n{self.output[-3000:]}"
        return {key: int(value) for key, value in (item.split("=") for item in line.split()[2:])}


@pytest.fixture
def own_mosquitto() -> str:
    if MOSQUITTO is None:
        pytest.skip("the mosquitto binary is not installed (shared subscriptions need a real broker)")
    port = unused_port()
    tmp = Path(tempfile.mkdtemp(prefix="two-workers-"))
    conf = tmp / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                    "max_inflight_messages 100\nmax_queued_messages 100000\nlog_dest none\n")
    process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _port_open(port), timeout=15, message="mosquitto listening")
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _bays() -> list[tuple[Device, Session]]:
    bays = []
    for _ in range(DEVICES):
        borne = factories.BorneFactory(mqtt_prefix=f"two/{uuid.uuid4().hex[:12]}")
        emplacement = factories.EmplacementFactory(borne=borne, station=borne.station, numero=1)
        device = factories.DeviceFactory(emplacement=emplacement)
        session = factories.SessionFactory(reservation__emplacement=emplacement, charge_state="charging")
        bays.append((device, session))
    return bays


def _messages(bays: list[tuple[Device, Session]]) -> list[tuple[str, bytes]]:
    """Round-robin over the devices; a re-sent message follows a few others, as a device's retry would."""
    messages: list[tuple[str, bytes]] = []
    for seq in range(1, PER_DEVICE + 1):
        for device, session in bays:
            body = json.dumps({"seq": seq, "ts": datetime.now(UTC).isoformat(), "courant": 10.0 + seq % 5,
                               "tension": 230.0, "energie_kwh": seq * 0.01, "session_id": session.pk}).encode()
            topic = bay_topic(device.emplacement.borne.mqtt_prefix, 1, "tele")
            messages.append((topic, body))
            if seq % RESENT_EVERY == 0:
                messages.insert(max(len(messages) - 3 * DEVICES, 0), (topic, body))
    return messages


def test_two_workers_on_one_shared_subscription_store_each_message_once(own_mosquitto: str) -> None:
    bays = _bays()
    group = f"two-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": child_database_url(), "MQTT_URL": own_mosquitto, "DEBUG": "false",
           "MQTT_CLIENT_PREFIX": group, "MQTT_SHARED_GROUP": group, "MQTT_USE_SHARED_SUBSCRIPTIONS": "true",
           "LOG_LEVEL": "INFO"}
    workers = [Worker(env, f"{group}-worker-{n}") for n in (1, 2)]
    publisher = new_client(parse_mqtt_url(own_mosquitto), client_id=f"{group}-devices")
    try:
        for worker in workers:
            # its log's "bridge subscribed" (paho's thread) can come before its "worker started ... shared=..."
            wait_until(lambda w=worker: ("bridge subscribed" in w.output and "worker started" in w.output)
                       or w.process.poll() is not None, timeout=60, message="a worker started and subscribed")
            assert worker.process.poll() is None, worker.output
            assert "shared=True" in worker.output, worker.output
        publisher.max_inflight_messages_set(100)
        publisher.connect("127.0.0.1", parse_mqtt_url(own_mosquitto).port, keepalive=30)
        publisher.loop_start()
        messages = _messages(bays)
        infos = [publisher.publish(topic, body, qos=1) for topic, body in messages]
        deadline = time.monotonic() + 60
        for info in infos:
            info.wait_for_publish(max(deadline - time.monotonic(), 0.1))
            assert info.is_published()
        expected = DEVICES * PER_DEVICE
        wait_until(lambda: SessionTelemetry.objects.filter(session__in=[s for _d, s in bays]).count() >= expected,
                   timeout=60, message="every message stored")
        time.sleep(0.5)  # a late duplicate would show now
    finally:
        publisher.disconnect()
        publisher.loop_stop()
        for worker in workers:
            worker.stop()
    for worker in workers:
        assert worker.process.returncode == 0, worker.output
        assert "Traceback" not in worker.output, worker.output
    for _device, session in bays:
        seqs = sorted(SessionTelemetry.objects.filter(session=session).values_list("seq", flat=True))
        assert seqs == list(range(1, PER_DEVICE + 1)), f"session {session.pk}: each seq exactly once"
        session.refresh_from_db()
        assert session.telemetry_count == PER_DEVICE, "the summary counts each stored row once"
        assert session.energie_kwh == pytest.approx(PER_DEVICE * 0.01)
    shares = [worker.metrics().get("tele_buffered", 0) for worker in workers]
    assert all(share > 0 for share in shares), f"both workers took a share: {shares}"
    assert sum(shares) >= len(messages), f"every message (re-sent ones too) reached a worker: {shares}"
