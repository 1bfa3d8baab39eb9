"""The production broker configuration of docs/deployment.md, on a real Mosquitto.

The ACL is read from the documentation itself, so the page and the test cannot drift apart: a device
reads only its own `cmd`/`ota` and writes only its own `ack`/`status`/`state`/`tele`/`sensor`/`ota/progress`.
"""

from __future__ import annotations

import getpass
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from conftest import services_required
from tests.ports import unused_port

ROOT = Path(__file__).resolve().parents[2]
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
BACKEND = ("borne-backend", "backend-secret")


def documented_acl() -> str:
    """The `/etc/mosquitto/acl` block of docs/deployment.md."""
    text = (ROOT / "docs" / "deployment.md").read_text()
    match = re.search(r"`/etc/mosquitto/acl`:\s*```\n(.*?)```", text, re.S)
    assert match, "docs/deployment.md must show the Mosquitto ACL"
    return match.group(1)


@pytest.fixture
def secured_broker(tmp_path: Path) -> Iterator[tuple[int, str, str]]:
    if not (Path(MOSQUITTO).exists() and Path(MOSQUITTO_PASSWD).exists()):
        if services_required():
            pytest.fail("the Mosquitto pass needs mosquitto and mosquitto_passwd")
        pytest.skip("mosquitto is not installed")
    prefix = f"evc/{uuid.uuid4().hex[:8]}/1"
    bay1, bay2 = f"{prefix}/bay/1", f"{prefix}/bay/2"
    passwd = tmp_path / "passwd"
    users = [BACKEND, (bay1, "bay1-secret"), (bay2, "bay2-secret")]
    for index, (user, password) in enumerate(users):
        flags = ["-b", "-c"] if index == 0 else ["-b"]
        subprocess.run([MOSQUITTO_PASSWD, *flags, str(passwd), user, password], check=True, capture_output=True)
    acl = tmp_path / "acl"
    acl.write_text(documented_acl())
    port = unused_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(
        f"user {getpass.getuser()}\n"  # started as root, Mosquitto would drop to a user who cannot read tmp_path
        "per_listener_settings false\nallow_anonymous false\n"
        f"password_file {passwd}\nacl_file {acl}\npersistence false\nlistener {port} 127.0.0.1\n"
    )
    process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port, bay1, bay2
    finally:
        process.terminate()
        process.wait(10)


class Peer:
    """An MQTT client that records what it receives."""

    def __init__(self, port: int, user: str, password: str) -> None:
        self.received: list[str] = []
        self.connected = threading.Event()
        self.refused = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"acl-{uuid.uuid4().hex[:8]}")
        self.client.username_pw_set(user, password)
        self.client.on_connect = self._on_connect
        self.client.on_message = lambda _c, _u, message: self.received.append(message.topic)
        self.client.connect("127.0.0.1", port, keepalive=10)
        self.client.loop_start()

    def _on_connect(self, _client: object, _userdata: object, _flags: object, reason: object, _props: object) -> None:
        (self.refused if getattr(reason, "is_failure", False) else self.connected).set()

    def subscribe(self, topic: str) -> None:
        result, mid = self.client.subscribe(topic, qos=1)
        assert result == mqtt.MQTT_ERR_SUCCESS

    def publish(self, topic: str) -> None:
        self.client.publish(topic, b"{}", qos=1).wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def settle() -> None:
    time.sleep(0.5)  # let the broker route what was published


def test_a_device_reads_only_its_own_commands(secured_broker: tuple[int, str, str]) -> None:
    port, bay1, bay2 = secured_broker
    backend, device = Peer(port, *BACKEND), Peer(port, bay1, "bay1-secret")
    try:
        assert backend.connected.wait(5) and device.connected.wait(5)
        device.subscribe(f"{bay1}/cmd")
        device.subscribe(f"{bay2}/cmd")  # accepted by the protocol, filtered by the ACL
        device.subscribe(f"{bay2}/ota")
        settle()
        for topic in (f"{bay1}/cmd", f"{bay2}/cmd", f"{bay2}/ota"):
            backend.publish(topic)
        settle()
        assert device.received == [f"{bay1}/cmd"]
    finally:
        backend.close()
        device.close()


def test_a_device_writes_only_its_own_topics(secured_broker: tuple[int, str, str]) -> None:
    port, bay1, bay2 = secured_broker
    backend, device = Peer(port, *BACKEND), Peer(port, bay1, "bay1-secret")
    try:
        assert backend.connected.wait(5) and device.connected.wait(5)
        backend.subscribe("evc/#")
        settle()
        for kind in ("ack", "status", "state", "tele", "sensor", "ota/progress"):
            device.publish(f"{bay1}/{kind}")
            device.publish(f"{bay2}/{kind}")  # another bay's: dropped by the broker
        device.publish(f"{bay1}/cmd")  # a device never writes commands, even its own
        settle()
        assert sorted(backend.received) == sorted(
            f"{bay1}/{kind}" for kind in ("ack", "status", "state", "tele", "sensor", "ota/progress")
        )
    finally:
        backend.close()
        device.close()


def test_wrong_password_and_anonymous_are_refused(secured_broker: tuple[int, str, str]) -> None:
    port, bay1, _ = secured_broker
    intruder = Peer(port, bay1, "not-the-password")
    try:
        assert intruder.refused.wait(5) and not intruder.connected.is_set()
    finally:
        intruder.close()
    anonymous = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="acl-anonymous")
    refused = threading.Event()
    anonymous.on_connect = lambda _c, _u, _f, reason, _p: reason.is_failure and refused.set()
    anonymous.connect("127.0.0.1", port, keepalive=10)
    anonymous.loop_start()
    try:
        assert refused.wait(5)
    finally:
        anonymous.disconnect()
        anonymous.loop_stop()
