"""Reachability of the database and the broker, for the readiness probe."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import paho.mqtt.client as mqtt
from django.conf import settings
from django.db import DatabaseError, connection

from api.mqtt.config import broker_config


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_reachable(timeout: float = 2.0) -> bool:
    """Whether the configured broker accepts an MQTT connection (CONNECT answered by CONNACK 0)."""
    config = broker_config()
    if config is None:
        return False
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=f"{settings.MQTT_CLIENT_PREFIX}-probe-{uuid.uuid4().hex[:8]}"
    )
    if config.username:
        client.username_pw_set(config.username, config.password)
    if config.tls:
        client.tls_set()
    accepted = threading.Event()

    def on_connect(_client: Any, _userdata: Any, _flags: Any, reason_code: Any, _properties: Any) -> None:
        if not reason_code.is_failure:
            accepted.set()

    client.on_connect = on_connect
    try:
        client.connect(config.host, config.port, keepalive=10)
        client.loop_start()
        return accepted.wait(timeout)
    except OSError:
        return False
    finally:
        client.disconnect()
        client.loop_stop()
