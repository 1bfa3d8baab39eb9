"""Reachability of the database and the broker, for the readiness probe."""

from __future__ import annotations

import socket

from django.db import DatabaseError, connection

from api.mqtt.config import broker_address


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_reachable(timeout: float = 1.0) -> bool:
    """Whether a TCP connection to the configured broker opens (no MQTT session is made)."""
    address = broker_address()
    if address is None:
        return False
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False
