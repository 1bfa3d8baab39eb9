"""The kiosk's broker account on the embedded broker, over MQTT/WebSocket: its ACL, from the API's answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from api.mqtt.embedded import EmbeddedBroker
from api.services.terminal_keys import terminal_key_revoke
from tests.conftest import client_for
from tests.kiosk.conftest import kiosk_client, make_cabinet
from tests.kiosk.mqtt_clients import Probe
from tests.ports import unused_port

pytestmark = pytest.mark.django_db(transaction=True)
SILENCE = 1.5  # seconds to wait for a message that must not arrive


@pytest.fixture(scope="module")
def broker() -> Iterator[EmbeddedBroker]:
    broker = EmbeddedBroker(port=unused_port(), ws_port=unused_port()).start()
    yield broker
    broker.stop()


@pytest.fixture
def probes() -> Iterator[list[Probe]]:
    made: list[Probe] = []
    yield made
    for probe in made:
        probe.close()


def _connect(probes: list[Probe], url: str, username: str, password: str | None = None) -> Probe:
    probe = Probe(url, username, password)
    probes.append(probe)
    return probe


def _credentials(broker: EmbeddedBroker, cabinet) -> dict:  # type: ignore[no-untyped-def]
    """The kiosk's account as the API answers it (issuing the cabinet a new terminal key first)."""
    kiosk, _ = kiosk_client(cabinet)
    with override_settings(KIOSK_MQTT_WS_URL=broker.ws_url):
        response = kiosk.get("/api/terminal/broker/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_api_hands_the_kiosk_its_account_and_topics(broker):
    cabinet = make_cabinet()
    creds = _credentials(broker, cabinet)
    prefix = cabinet.mqtt_prefix
    assert creds["url"] == broker.ws_url and creds["username"] == f"kiosk-{cabinet.pk}"
    assert len(creds["password"]) == 64 and creds["mqtt_prefix"] == prefix
    assert creds["publish"] == [f"{prefix}/bay/+/cmd"]
    assert f"{prefix}/bay/+/ack" in creds["subscribe"] and f"{prefix}/bay/+/state" in creds["subscribe"]
    assert creds["bays"] == [{"numero": 1, "cmd": f"{prefix}/bay/1/cmd", "ack": f"{prefix}/bay/1/ack",
                              "state": f"{prefix}/bay/1/state"}]


def test_the_kiosk_may_publish_its_own_cmd_over_websocket_and_not_another_cabinets(broker, probes):
    cabinet, other = make_cabinet(), make_cabinet()
    creds = _credentials(broker, cabinet)
    device = _connect(probes, broker.url, "device")
    assert device.connect()
    assert device.subscribe(f"{cabinet.mqtt_prefix}/bay/1/cmd") == [1]
    assert device.subscribe(f"{other.mqtt_prefix}/bay/1/cmd") == [1]
    kiosk = _connect(probes, creds["url"], creds["username"], creds["password"])
    assert kiosk.connect(), kiosk.refused
    kiosk.publish(f"{other.mqtt_prefix}/bay/1/cmd", '{"action":"unlock"}')
    kiosk.publish(f"{cabinet.mqtt_prefix}/bay/1/cmd", '{"action":"unlock"}')
    assert device.wait_for(f"{cabinet.mqtt_prefix}/bay/1/cmd") == b'{"action":"unlock"}'
    assert device.wait_for(f"{other.mqtt_prefix}/bay/1/cmd", timeout=SILENCE) is None


def test_the_kiosk_reads_its_own_reports_only(broker, probes):
    cabinet, other = make_cabinet(), make_cabinet()
    creds = _credentials(broker, cabinet)
    kiosk = _connect(probes, creds["url"], creds["username"], creds["password"])
    assert kiosk.connect()
    assert kiosk.subscribe(f"{cabinet.mqtt_prefix}/bay/+/ack") == [1]
    assert kiosk.subscribe(f"{other.mqtt_prefix}/bay/+/ack")[0] >= 0x80
    assert kiosk.subscribe("#")[0] >= 0x80
    device = _connect(probes, broker.url, "device")
    assert device.connect()
    device.publish(f"{other.mqtt_prefix}/bay/1/ack", "{}")
    device.publish(f"{cabinet.mqtt_prefix}/bay/1/ack", '{"ok":true}')
    assert kiosk.wait_for(f"{cabinet.mqtt_prefix}/bay/1/ack") == b'{"ok":true}'
    assert kiosk.wait_for(f"{other.mqtt_prefix}/bay/1/ack", timeout=SILENCE) is None


def test_retained_reports_reach_the_kiosk_of_their_cabinet_only(broker, probes):
    """Retained `state` messages are delivered on subscribing: under the same read rule as live ones."""
    cabinet, other = make_cabinet(), make_cabinet()
    device = _connect(probes, broker.url, "device")
    assert device.connect()
    device.publish(f"{other.mqtt_prefix}/bay/1/state", '{"other":1}', retain=True)
    device.publish(f"{cabinet.mqtt_prefix}/bay/1/state", '{"mine":1}', retain=True)
    creds = _credentials(broker, cabinet)
    kiosk = _connect(probes, creds["url"], creds["username"], creds["password"])
    assert kiosk.connect()
    assert kiosk.subscribe("#")[0] >= 0x80
    assert kiosk.subscribe(f"{other.mqtt_prefix}/bay/+/state")[0] >= 0x80
    assert kiosk.subscribe(f"{cabinet.mqtt_prefix}/bay/+/state") == [1]
    assert kiosk.wait_for(f"{cabinet.mqtt_prefix}/bay/1/state") == b'{"mine":1}'
    assert kiosk.wait_for(f"{other.mqtt_prefix}/bay/1/state", timeout=SILENCE) is None


def test_a_wrong_password_another_cabinets_password_or_a_revoked_key_is_refused(broker, probes):
    cabinet, other = make_cabinet(), make_cabinet()
    creds, other_creds = _credentials(broker, cabinet), _credentials(broker, other)
    assert not _connect(probes, creds["url"], creds["username"], "0" * 64).connect()
    assert not _connect(probes, creds["url"], creds["username"], other_creds["password"]).connect()
    assert not _connect(probes, creds["url"], creds["username"]).connect()
    assert not _connect(probes, broker.url, "kiosk-notanumber", "x").connect()
    terminal_key_revoke(borne=other, actor=None, ip=None)
    assert not _connect(probes, other_creds["url"], other_creds["username"], other_creds["password"]).connect()
    # A rotated key changes the password: the old one stops working.
    rotated = _credentials(broker, cabinet)
    assert rotated["password"] != creds["password"]
    assert not _connect(probes, creds["url"], creds["username"], creds["password"]).connect()
    assert _connect(probes, rotated["url"], rotated["username"], rotated["password"]).connect()


def test_the_broker_account_needs_the_kiosk_key(api_client, user):
    assert api_client.get("/api/terminal/broker/").status_code == 401
    assert client_for(user).get("/api/terminal/broker/").status_code == 401
