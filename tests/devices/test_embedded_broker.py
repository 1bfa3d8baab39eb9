"""The embedded broker delivers every QoS 1 message to every subscriber while other clients come and go."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest

from api.mqtt.client import new_client
from api.mqtt.config import BrokerConfig, parse_mqtt_url
from api.mqtt.embedded import EmbeddedBroker
from api.mqtt.kiosk_plugins import SubscriptionTable
from tests.devices.conftest import wait_until
from tests.ports import unused_port


@pytest.fixture(scope="module")
def config() -> Iterator[BrokerConfig]:
    broker = EmbeddedBroker(port=unused_port(), ws_port=unused_port()).start()
    yield parse_mqtt_url(broker.url)
    broker.stop()


def _subscriber(config: BrokerConfig, topic_filter: str, received: set[str] | None = None) -> mqtt.Client:
    subscribed = threading.Event()
    client = new_client(config, client_id=f"sub-{uuid.uuid4().hex[:8]}")
    client.on_subscribe = lambda *_args: subscribed.set()
    if received is not None:
        client.on_message = lambda _client, _userdata, message: received.add(message.payload.decode())
    client.connect(config.host, config.port)
    client.loop_start()
    client.subscribe(topic_filter, qos=1)
    assert subscribed.wait(5)
    return client


def _churn(config: BrokerConfig, stop: threading.Event) -> None:
    """Clients that connect, subscribe to a filter of their own and leave, without pause."""
    while not stop.is_set():
        client = _subscriber(config, f"elsewhere/{uuid.uuid4().hex[:8]}")
        client.disconnect()
        client.loop_stop()


def test_every_subscriber_gets_every_message_while_others_subscribe_and_leave(config):
    """amqtt 0.12 iterated its live subscription table while awaiting: a client subscribing or leaving during
    a broadcast made it raise, and the subscribers not reached yet lost the message (265 of 3,000 here)."""
    everything = _subscriber(config, "#")  # matched first: the broadcast awaits on it before the others
    received: list[set[str]] = [set() for _ in range(4)]
    clients = [everything] + [_subscriber(config, "fleet/+", seen) for seen in received]
    stop = threading.Event()
    churners = [threading.Thread(target=_churn, args=(config, stop)) for _ in range(3)]
    for thread in churners:
        thread.start()
    publisher = new_client(config, client_id=f"pub-{uuid.uuid4().hex[:8]}")
    publisher.connect(config.host, config.port)
    publisher.loop_start()
    sent = [str(number) for number in range(3000)]
    try:
        for payload in sent:
            publisher.publish("fleet/x", payload, qos=1)
            if int(payload) % 100 == 0:
                time.sleep(0.05)  # in steps, so that the churn overlaps the broadcasts
        wait_until(lambda: all(len(seen) == len(sent) for seen in received), timeout=60,
                   message="every message at every subscriber")
    finally:
        stop.set()
        for thread in churners:
            thread.join(10)
        for client in [*clients, publisher]:
            client.disconnect()
            client.loop_stop()
    assert all(seen == set(sent) for seen in received)


def test_the_subscription_table_is_iterated_over_a_copy():
    table = SubscriptionTable({"a": [("s1", 1), ("s2", 1)], "b": [("s3", 0)]})
    for topic_filter, subscribers in table.items():
        table["c"] = []  # a subscription made while a loop runs
        table[topic_filter].clear()  # and a subscriber gone
        assert subscribers  # the loop keeps what was there when it began
    for topic_filter in table:
        del table[topic_filter]
    assert table == {}
