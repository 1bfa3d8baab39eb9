"""Root fixtures: an MQTT broker for every run, a cache cleared per test, API clients.

Under pytest-xdist (`make test` runs `-n auto`) every worker has its own test database (a SQLite file
`var/test-gw0.sqlite3`, or `test_<db>_gw0` on PostgreSQL), its own embedded broker, and its own MQTT
client-id prefix and shared-subscription group, so two workers never take each other's sessions or messages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    # Inherited by the processes the tests start (run_worker, simulate_devices).
    os.environ["MQTT_CLIENT_PREFIX"] = f"borne-test-{XDIST_WORKER}"
    os.environ["MQTT_SHARED_GROUP"] = f"backend-{XDIST_WORKER}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix() -> None:
    """One test database per xdist worker (pytest-django's own suffix, but `test-gw0.sqlite3` for a file)."""
    from django.conf import settings

    if not XDIST_WORKER:
        return
    settings.MQTT_CLIENT_PREFIX = os.environ["MQTT_CLIENT_PREFIX"]
    settings.MQTT_SHARED_GROUP = os.environ["MQTT_SHARED_GROUP"]
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        name = test.get("NAME")
        if db["ENGINE"] == "django.db.backends.sqlite3":
            if name and name != ":memory:":
                path = Path(name)
                test["NAME"] = str(path.with_name(f"{path.stem}-{XDIST_WORKER}{path.suffix}"))
        else:
            test["NAME"] = f"{name or 'test_' + db['NAME']}_{XDIST_WORKER}"


@pytest.fixture(scope="session", autouse=True)
def mqtt_broker_url() -> Iterator[str]:
    """The broker the run talks to: `MQTT_URL` (Mosquitto in CI), else an embedded amqtt broker."""
    from django.conf import settings

    if settings.MQTT_URL:
        yield settings.MQTT_URL
        return
    from api.mqtt.embedded import EmbeddedBroker
    from tests.ports import unused_port

    broker = EmbeddedBroker(port=unused_port(), ws_port=unused_port()).start()
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
