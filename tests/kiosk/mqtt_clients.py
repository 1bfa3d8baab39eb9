"""Small synchronous MQTT clients (paho) for the broker ACL tests: connect, publish, collect what arrives."""

from __future__ import annotations

import threading
import time
import uuid
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


class Probe:
    """One connection (TCP, or WebSocket for a `ws://` URL) that records what it receives."""

    def __init__(self, url: str, username: str, password: str | None = None) -> None:
        parts = urlsplit(url)
        websocket = parts.scheme in ("ws", "wss")
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"probe-{uuid.uuid4().hex[:10]}",
                                  transport="websockets" if websocket else "tcp", protocol=mqtt.MQTTv311)
        if websocket:
            self.client.ws_set_options(path=parts.path or "/mqtt")
        self.client.username_pw_set(username, password)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883
        self.received: list[tuple[str, bytes]] = []
        self.granted: dict[int, list[int]] = {}
        self.connected = threading.Event()
        self.refused: object = None
        self._answered = threading.Event()
        self.client.on_connect = self._on_connect
        self.client.on_message = lambda _c, _u, message: self.received.append((message.topic, message.payload))
        self.client.on_subscribe = self._on_subscribe

    def _on_connect(self, _client, _userdata, _flags, reason_code, _properties) -> None:  # type: ignore[no-untyped-def]
        if reason_code.is_failure:
            self.refused = reason_code
        else:
            self.connected.set()
        self._answered.set()

    def _on_subscribe(self, _client, _userdata, mid, reason_codes, _properties) -> None:  # type: ignore[no-untyped-def]
        self.granted[mid] = [code.value for code in reason_codes]

    def connect(self, timeout: float = 10.0) -> bool:
        """True when the broker accepted the login, False when it refused it (or closed the connection)."""
        try:
            self.client.connect(self.host, self.port, keepalive=30)
        except OSError:
            return False
        self.client.loop_start()
        self._answered.wait(timeout)
        deadline = time.monotonic() + 1.0
        while not self.connected.is_set() and self.refused is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.connected.is_set()

    def subscribe(self, topic: str, timeout: float = 5.0) -> list[int]:
        _result, mid = self.client.subscribe(topic, qos=1)
        deadline = time.monotonic() + timeout
        while mid not in self.granted and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.granted.get(mid, [])

    def publish(self, topic: str, payload: str, timeout: float = 5.0) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(timeout)

    def wait_for(self, topic: str, timeout: float = 10.0) -> bytes | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for got, payload in list(self.received):
                if got == topic:
                    return payload
            time.sleep(0.02)
        return None

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
