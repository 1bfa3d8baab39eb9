"""The bridge survives the broker and itself going away: nothing lost, nothing stored twice.

These tests use a broker of their own (the embedded amqtt broker on the default run, a Mosquitto process
they start themselves in the Mosquitto pass), so that stopping it does not disturb the other tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from api.models import Device, SessionTelemetry
from api.mqtt.client import close_publishers
from api.mqtt.config import BrokerConfig, parse_mqtt_url
from api.mqtt.embedded import EmbeddedBroker
from api.simulator import SimulatedDevice
from tests import factories
from tests.devices.conftest import RunningBridge, wait_until
from tests.ports import unused_port

pytestmark = pytest.mark.django_db(transaction=True)

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
# Broker crashes and offline queues are a broker's job: these tests run their own Mosquitto whenever it is
# installed (required in the Mosquitto pass). Only a machine without it falls back to the embedded amqtt
# broker, whose offline-queue redelivery times out under heavy load.
USE_MOSQUITTO = bool(os.environ.get("MQTT_URL")) or Path(MOSQUITTO).exists()


class DedicatedBroker:
    """A broker on a free port that a test may stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = unused_port()
        self.mosquitto = USE_MOSQUITTO
        self._embedded: EmbeddedBroker | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._dir = tempfile.mkdtemp(prefix="mosquitto-test-")

    @property
    def url(self) -> str:
        return f"mqtt://{EmbeddedBroker.USERNAME}@127.0.0.1:{self.port}"

    @property
    def config(self) -> BrokerConfig:
        return parse_mqtt_url(self.url)

    def start(self) -> None:
        if not self.mosquitto:
            self._embedded = (self._embedded or EmbeddedBroker(port=self.port)).start()
            return
        conf = Path(self._dir) / "mosquitto.conf"
        conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self._dir}/\nmax_queued_messages 100000\n"
        )
        self._process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        wait_until(self._accepts, message="mosquitto listening")
        exited = self._process.poll()
        assert exited is None, f"mosquitto exited ({exited}): port {self.port} held by another process"

    def _accepts(self) -> bool:
        import socket

        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self._embedded is not None:
            self._embedded.stop()
        if self._process is not None:
            self._process.terminate()  # SIGTERM: Mosquitto saves its persistence file
            self._process.wait(10)
            self._process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)


@pytest.fixture
def dedicated_broker() -> Iterator[DedicatedBroker]:
    if USE_MOSQUITTO and not Path(MOSQUITTO).exists():
        pytest.fail("the Mosquitto pass needs the mosquitto executable")
    broker = DedicatedBroker()
    broker.start()
    with override_settings(MQTT_URL=broker.url):
        yield broker
    close_publishers()
    broker.close()


@pytest.fixture
def charging_bay(make_device: Callable[..., Device]) -> tuple[Device, Any]:
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement, charge_state="charging")
    return device, session


def _sim(broker: DedicatedBroker, device: Device, session: Any) -> SimulatedDevice:
    sim = SimulatedDevice(config=broker.config, prefix=device.emplacement.borne.mqtt_prefix,
                          bay=device.emplacement.numero)
    sim.session_id = session.pk
    return sim.connect()


def _publish_queued(sim: SimulatedDevice, count: int) -> None:
    """Telemetry published without waiting for the broker (paho queues QoS 1 while disconnected)."""
    import json

    from api.simulator import now_iso

    assert sim.client is not None
    for _ in range(count):
        sim.tele_seq += 1
        body = {"seq": sim.tele_seq, "ts": now_iso(), "courant": 16.0, "tension": 230.0,
                "energie_kwh": sim.tele_seq / 1000, "session_id": sim.session_id}
        sim.client.publish(sim.topic("tele"), json.dumps(body), qos=1)


def _stored(session: Any) -> int:
    return SessionTelemetry.objects.filter(session=session).count()


def test_a_broker_restart_during_a_telemetry_stream_loses_nothing_and_stores_nothing_twice(
    dedicated_broker: DedicatedBroker, start_bridge: Callable[..., RunningBridge], charging_bay: tuple[Device, Any],
) -> None:
    device, session = charging_bay
    running = start_bridge(config=dedicated_broker.config, shared=False)
    sim = _sim(dedicated_broker, device, session)
    sim.send_telemetry(100)
    wait_until(lambda: _stored(session) == 100, message="first 100")

    dedicated_broker.stop()
    wait_until(lambda: not sim.connected.is_set() and not running.bridge._connected.is_set(), message="down")
    assert sim.client is not None
    sim.client.loop_stop()  # the device reconnects when we say so: after the backend is back
    _publish_queued(sim, 100)  # QoS 1 while the broker is down: queued by the device
    dedicated_broker.start()
    assert running.bridge.wait_subscribed(30), "the bridge did not reconnect by itself"
    sim.client.reconnect()
    sim.client.loop_start()
    wait_until(sim.connected.is_set, message="device back")
    sim.send_telemetry(100)  # and after the restart
    wait_until(lambda: _stored(session) == 300, timeout=30, message="all 300")
    time.sleep(0.5)  # re-deliveries, if any, would be stored now
    assert _stored(session) == 300
    assert sorted(SessionTelemetry.objects.filter(session=session).values_list("seq", flat=True)) == list(
        range(1, 301)
    )
    sim.disconnect()


def test_a_worker_stopped_mid_stream_gets_what_was_published_meanwhile(
    dedicated_broker: DedicatedBroker, start_bridge: Callable[..., RunningBridge], charging_bay: tuple[Device, Any],
) -> None:
    device, session = charging_bay
    first = start_bridge(config=dedicated_broker.config, shared=False, client_id="resilience-worker")
    sim = _sim(dedicated_broker, device, session)
    sim.send_telemetry(50)
    wait_until(lambda: _stored(session) == 50, message="first 50")
    first.stop_event.set()
    first.thread.join(10)
    first.bridge.stop()  # not forgotten: the broker keeps the session and queues QoS 1 messages
    sim.send_telemetry(150)  # the device publishes while no worker runs
    second = start_bridge(config=dedicated_broker.config, shared=False, client_id="resilience-worker")
    wait_until(lambda: _stored(session) == 200, timeout=30, message="all 200 after the restart")
    time.sleep(0.5)
    assert _stored(session) == 200
    assert second.bridge.metrics["tele_stored"] >= 150
    sim.disconnect()
