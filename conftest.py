"""Root fixtures: an MQTT broker for every run, a cache cleared per test, API clients."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(scope="session", autouse=True)
def mqtt_broker_url() -> Iterator[str]:
    """The broker the run talks to: `MQTT_URL` (Mosquitto in CI), else an embedded amqtt broker."""
    from django.conf import settings

    if settings.MQTT_URL:
        yield settings.MQTT_URL
        return
    from api.mqtt.embedded import EmbeddedBroker

    broker = EmbeddedBroker().start()
    settings.MQTT_URL = broker.url
    try:
        yield broker.url
    finally:
        settings.MQTT_URL = ""
        broker.stop()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def services_required() -> bool:
    """In the PostgreSQL + Mosquitto pass, a test that needs those services fails instead of skipping."""
    return os.environ.get("REQUIRE_SERVICES") == "1"
