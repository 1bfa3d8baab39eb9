"""Fixtures over the real broker: a bridge processing in a thread, bays with unique prefixes, simulators."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from api.models import Device
from api.mqtt.bridge import Bridge
from api.mqtt.client import close_publishers, publish
from api.mqtt.config import broker_config
from api.mqtt.topics import bay_topic
from api.simulator import Faults, SimulatedDevice
from tests import factories


def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, message: str = "condition") -> Any:
    """Poll until `predicate()` is truthy (the broker and the bridge are asynchronous)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


def child_database_url() -> str:
    """The URL of the database this test run uses, for a child process (`run_worker`)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class RunningBridge:
    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=bridge.run, args=(self.stop_event,), daemon=True)

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(10)
        self.bridge.stop(forget=True)


@pytest.fixture
def start_bridge(transactional_db: None) -> Iterator[Callable[..., RunningBridge]]:
    running: list[RunningBridge] = []

    def start(**kwargs: Any) -> RunningBridge:
        kwargs.setdefault("client_id", f"test-bridge-{uuid.uuid4().hex[:10]}")
        kwargs.setdefault("group", f"g{uuid.uuid4().hex[:8]}")
        kwargs.setdefault("flush_ms", 20)
        item = RunningBridge(Bridge(**kwargs).start())
        item.thread.start()
        running.append(item)
        return item

    yield start
    for item in running:
        item.stop()


@pytest.fixture
def bridge(start_bridge: Callable[..., RunningBridge]) -> Bridge:
    return start_bridge().bridge


RETAINED_KINDS = ("status", "state", "ota")


def clear_retained(prefix: str, bay: int) -> None:
    """Remove a bay's retained messages from the broker, so that later bridges (which subscribe to `#`) and
    later runs on a long-lived broker do not receive them."""
    for kind in RETAINED_KINDS:
        publish(bay_topic(prefix, bay, kind), b"", retain=True)


@pytest.fixture
def make_device(transactional_db: None) -> Iterator[Callable[..., Device]]:
    bays: list[tuple[str, int]] = []

    def make(**kwargs: Any) -> Device:
        borne = factories.BorneFactory(mqtt_prefix=f"test/{uuid.uuid4().hex[:12]}")
        bay = factories.EmplacementFactory(borne=borne, station=borne.station, numero=kwargs.pop("numero", 1))
        bays.append((borne.mqtt_prefix, bay.numero))
        return factories.DeviceFactory(emplacement=bay, **kwargs)

    yield make
    for prefix, numero in bays:
        clear_retained(prefix, numero)


@pytest.fixture
def make_sim() -> Iterator[Callable[..., SimulatedDevice]]:
    sims: list[SimulatedDevice] = []

    def make(device: Device, *, faults: Faults | None = None, connect: bool = True, **kwargs: Any) -> SimulatedDevice:
        config = broker_config()
        assert config is not None
        sim = SimulatedDevice(config=config, prefix=device.emplacement.borne.mqtt_prefix,
                              bay=device.emplacement.numero, faults=faults or Faults(seed=1), **kwargs)
        sims.append(sim)
        return sim.connect() if connect else sim

    yield make
    for sim in sims:
        sim.disconnect()  # graceful: its own `offline` status, retained, cleared by `make_device` afterwards


@pytest.fixture(autouse=True)
def _fresh_publisher() -> Iterator[None]:
    yield
    close_publishers()
    connection.close()
