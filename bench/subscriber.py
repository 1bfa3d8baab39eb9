"""One paho client subscribed (QoS 1) to a topic filter, for the bench's own MQTT processes and watchers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt


def subscribed_client(host: str, port: int, topic_filter: str, on_message: Callable[..., Any], *, name: str,
                      inflight: int = 0) -> mqtt.Client:
    """Connected, its network loop started, returned once the broker acknowledged the subscription (else
    `RuntimeError` after 10 s). `inflight`: paho's limit of QoS 1 messages in flight (0: paho's default)."""
    subscribed = threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-{name}-{time.time_ns()}")
    if inflight:
        client.max_queued_messages_set(0)
        client.max_inflight_messages_set(inflight)
    client.on_connect = lambda c, *_a: c.subscribe(topic_filter, qos=1)
    client.on_subscribe = lambda *_a: subscribed.set()
    client.on_message = on_message
    client.connect(host, port, keepalive=30)
    client.loop_start()
    if not subscribed.wait(10):
        client.loop_stop()
        raise RuntimeError(f"{name}: not subscribed to {topic_filter} after 10 s")
    return client
