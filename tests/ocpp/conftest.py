"""OCPP fixtures: the gateway on an ephemeral loopback port, OCPP cabinets, simulated chargers over real
WebSockets (the `ocpp` package's own client classes), an event loop thread to drive them from sync tests."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from django.test import override_settings

from api.models import Borne, Device
from api.ocpp.server import GatewayThread
from api.ocpp.simulator import connect
from api.services.ocpp import borne_ocpp_enable
from tests import factories
from tests.devices.conftest import _fresh_publisher, wait_until  # noqa: F401

T = TypeVar("T")
VERSIONS = ("ocpp1.6", "ocpp2.0.1")


class Loop:
    """An asyncio loop in a thread: `run(coro)` from the test's thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def loop() -> Iterator[Loop]:
    item = Loop()
    yield item
    item.stop()


@pytest.fixture
def gateway(transactional_db: None) -> Iterator[GatewayThread]:
    with override_settings(OCPP_RESERVE_LEAD_SECONDS=300, OCPP_CALL_TIMEOUT_SECONDS=3):
        item = GatewayThread(host="127.0.0.1", port=0, tick_s=0.2).start()
        yield item
        item.stop()


def make_ocpp_cabinet(bays: int = 2) -> tuple[Borne, str]:
    borne = factories.BorneFactory(mqtt_prefix=f"test/{uuid.uuid4().hex[:12]}")
    for numero in range(1, bays + 1):
        factories.EmplacementFactory(borne=borne, station=borne.station, numero=numero)
    identity = f"CP-{uuid.uuid4().hex[:8]}"
    password = borne_ocpp_enable(borne=borne, identity=identity, actor=None, ip=None).password
    borne.refresh_from_db()
    return borne, password


@pytest.fixture
def cabinet(transactional_db: None) -> tuple[Borne, str]:
    return make_ocpp_cabinet()


@pytest.fixture
def charger(gateway: GatewayThread, loop: Loop, cabinet: tuple[Borne, str]) -> Iterator[Callable[..., Any]]:
    """`charger(version)`: a simulated charger of `cabinet` connected and booted, its connectors reported."""
    chargers: list[Any] = []

    def make(version: str = "ocpp1.6", **kwargs: Any) -> Any:
        borne, password = cabinet
        item = loop.run(connect(gateway.url, borne.ocpp_identity or "", password, version=version, **kwargs))
        chargers.append(item)
        return item

    yield make
    for item in chargers:
        try:
            loop.run(item.close(), timeout=5)
        except Exception:  # already closed by the test
            pass


def ready(charger: Callable[..., Any], cabinet: tuple[Borne, str], version: str) -> tuple[Borne, Any]:
    """A charger of `version` connected to the cabinet, once its boot has filled both bays' devices."""
    borne, _ = cabinet
    sim = charger(version)
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne).count() == 2)
    return borne, sim
