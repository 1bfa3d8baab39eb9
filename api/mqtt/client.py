"""The backend's long-lived publisher connection (paho-mqtt 2), shared by every thread of a process.

Lazily connected on first use, reconnected by paho's network loop when the broker goes away; QoS 1
messages published while disconnected are queued by paho and sent after the reconnect.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid

import paho.mqtt.client as mqtt
from django.conf import settings

from api.mqtt.config import BrokerConfig, broker_config

logger = logging.getLogger(__name__)


def new_client(config: BrokerConfig, *, client_id: str, clean_session: bool = True) -> mqtt.Client:
    """A paho client (MQTT 3.1.1) configured for `config`; not connected yet."""
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=clean_session,
        protocol=mqtt.MQTTv311,
    )
    if config.username:
        client.username_pw_set(config.username, config.password)
    if config.tls:
        client.tls_set()
    client.reconnect_delay_set(min_delay=1, max_delay=10)
    client.max_queued_messages_set(10000)
    return client


class Publisher:
    """One connection per process (and per broker URL), safe to use from any thread."""

    def __init__(self, config: BrokerConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._client: mqtt.Client | None = None

    def _ensure(self) -> mqtt.Client:
        with self._lock:
            if self._client is None:
                client_id = f"{settings.MQTT_CLIENT_PREFIX}-pub-{os.getpid()}-{uuid.uuid4().hex[:8]}"
                client = new_client(self.config, client_id=client_id)
                client.on_connect = self._on_connect
                client.on_disconnect = self._on_disconnect
                client.connect_async(self.config.host, self.config.port, keepalive=30)
                client.loop_start()
                self._client = client
            return self._client

    def _on_connect(self, client: mqtt.Client, userdata: object, flags: object, reason: object, props: object) -> None:
        if not getattr(reason, "is_failure", False):
            self._connected.set()
            logger.info("mqtt publisher connected to %s:%s", self.config.host, self.config.port)

    def _on_disconnect(self, client: mqtt.Client, *args: object) -> None:
        self._connected.clear()
        logger.warning("mqtt publisher disconnected; paho reconnects")

    def publish(self, topic: str, payload: bytes | str, *, retain: bool = False, wait: float = 5.0) -> bool:
        """Publish with QoS 1. True when the broker acknowledged within `wait` seconds.

        False means the message is queued in paho (sent after the reconnect) or was refused; callers that
        need certainty (commands) rely on the device's ack and the re-send sweep, not on this.
        """
        client = self._ensure()
        self._connected.wait(wait)
        info = client.publish(topic, payload, qos=1, retain=retain)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):
            logger.warning("mqtt publish refused topic=%s rc=%s", topic, info.rc)
            return False
        try:
            info.wait_for_publish(wait)
        except (RuntimeError, ValueError):
            return False
        return info.is_published()

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()
        self._connected.clear()


_publishers: dict[BrokerConfig, Publisher] = {}
_publishers_lock = threading.Lock()


def get_publisher() -> Publisher:
    """The process-wide publisher for the configured broker."""
    config = broker_config()
    if config is None:
        raise RuntimeError("No MQTT broker configured (MQTT_URL is empty and no embedded broker is running).")
    with _publishers_lock:
        publisher = _publishers.get(config)
        if publisher is None:
            publisher = _publishers[config] = Publisher(config)
        return publisher


def publish(topic: str, payload: bytes | str, *, retain: bool = False, wait: float = 5.0) -> bool:
    return get_publisher().publish(topic, payload, retain=retain, wait=wait)


def close_publishers() -> None:
    with _publishers_lock:
        publishers = list(_publishers.values())
        _publishers.clear()
    for publisher in publishers:
        publisher.close()
