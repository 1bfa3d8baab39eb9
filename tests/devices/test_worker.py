"""`run_worker` as a real process (ingestion, sweeps, SIGTERM); the bridge re-handling messages after a DB outage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from api.models import Device, DeviceStatus, SessionTelemetry
from api.mqtt.bridge import Bridge
from api.mqtt.config import broker_config
from tests import factories
from tests.devices.conftest import child_database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def test_run_worker_ingests_then_stops_cleanly_on_sigterm(make_device, make_sim) -> None:
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement, charge_state="charging")
    env = {**os.environ, "DATABASE_URL": child_database_url(), "MQTT_URL": settings.MQTT_URL,
           "MQTT_CLIENT_PREFIX": f"test-worker-{uuid.uuid4().hex[:8]}", "MQTT_SHARED_GROUP": uuid.uuid4().hex[:8],
           "DEBUG": "false"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--sweep-interval", "0.5", "--flush-ms", "50"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = ""
    try:
        sim = make_sim(device)  # its retained birth reaches the worker whenever it subscribes
        wait_until(lambda: Device.objects.get(pk=device.pk).status == DeviceStatus.ONLINE, timeout=30,
                   message="the worker ingested the birth")
        sim.session_id = session.pk
        sim.send_telemetry(20)
        wait_until(lambda: SessionTelemetry.objects.filter(session=session).count() == 20, timeout=30,
                   message="the worker stored the telemetry")
        # The sweeps run in the worker too (their own thread): a device silent for an hour goes offline.
        stale = make_device()
        Device.objects.filter(pk=stale.pk).update(status=DeviceStatus.ONLINE,
                                                  last_seen=timezone.now() - timedelta(hours=1))
        wait_until(lambda: Device.objects.get(pk=stale.pk).status == DeviceStatus.OFFLINE, timeout=30,
                   message="the worker's sweeps marked the silent device offline")
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            output, _ = worker.communicate(timeout=10)
            print(output)
    assert worker.returncode == 0, output
    assert "worker started" in output and "worker stopping signal=SIGTERM" in output
    assert output.rstrip().endswith("worker stopped"), output[-2000:]
    assert "Traceback" not in output, output


def test_bridge_keeps_and_rehandles_messages_after_a_database_error(make_device, make_sim) -> None:
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement, charge_state="charging")
    config = broker_config()
    assert config is not None
    bridge = Bridge(config=config, shared=False, client_id=f"test-dberror-{uuid.uuid4().hex[:10]}", flush_ms=10).start()
    try:
        while bridge.process(timeout=0.3):  # whatever retained messages the broker holds
            pass
        sim = make_sim(device)
        sim.session_id = session.pk
        sim.send_telemetry(30)
        # The broker holds back what exceeds its in-flight window until the bridge acknowledges.
        wait_until(lambda: bridge._inbox.qsize() >= 10, message="messages queued in the bridge")
        connection.ensure_connection()
        assert connection.connection is not None
        connection.connection.close()  # the database goes away under the bridge
        bridge.process(timeout=0.1)
        assert bridge._retry, "the failed message and the rest are kept for the next round"
        for _ in range(50):
            bridge.process(timeout=0.1)
            if SessionTelemetry.objects.filter(session=session).count() == 30 and not bridge._retry:
                break
        assert SessionTelemetry.objects.filter(session=session).count() == 30
        assert sorted(SessionTelemetry.objects.filter(session=session).values_list("seq", flat=True)) == list(
            range(1, 31)
        )
        device.refresh_from_db()
        assert device.status == DeviceStatus.ONLINE and device.boot_id == sim.boot_id
        assert bridge.metrics["tele_stored"] == 30
    finally:
        bridge.stop(forget=True)
