"""A cabinet's local Mosquitto bridged to a central Mosquitto, from the files `mosquitto_files` writes.

Two real Mosquitto processes on free loopback ports (docs/deployment.md "A cabinet's local broker"): the
kiosk's account (from the API) over WebSocket may publish its cabinet's `cmd` and nothing else; commands
from the center reach the cabinet's devices and their reports reach the center; a bridge user is held to
its own cabinet's prefix on the central broker.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from api.crypto import cabinet_bridge_password
from conftest import services_required
from tests.kiosk.conftest import kiosk_client, make_cabinet
from tests.kiosk.mqtt_clients import Probe
from tests.ports import unused_port

pytestmark = pytest.mark.django_db(transaction=True)
MOSQUITTO = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)
SILENCE = 1.5


def _wait_port(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mosquitto exited: {process.stdout.read() if process.stdout else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"mosquitto did not listen on {port}")


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    if MOSQUITTO is None:
        if services_required():
            pytest.fail("Mosquitto is required in this pass.")
        pytest.skip("needs mosquitto (Debian: apt-get install mosquitto)")
    processes: list[subprocess.Popen] = []

    def start(conf: Path, port: int) -> None:
        # The test's files are root's, in a folder only root may enter: Mosquitto keeps running as the
        # test's user instead of dropping to `mosquitto` (in production the files belong to `mosquitto`).
        with conf.open("a") as extra:
            extra.write("user root\n" if os.geteuid() == 0 else "")
        process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)
        processes.append(process)
        _wait_port(port, process)

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)


@pytest.fixture
def probes() -> Iterator[list[Probe]]:
    made: list[Probe] = []
    yield made
    for probe in made:
        probe.close()


def _probe(probes: list[Probe], url: str, username: str, password: str | None = None) -> Probe:
    probe = Probe(url, username, password)
    probes.append(probe)
    assert probe.connect(), (username, probe.refused)
    return probe


def test_a_cabinet_bridged_to_the_center_with_the_kiosk_acl(tmp_path, mosquitto, probes):
    cabinet, other = make_cabinet(), make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    central_port, local_port, ws_port = unused_port(), unused_port(), unused_port()
    central, local = tmp_path / "central", tmp_path / "local"
    call_command("mosquitto_files", "--central", "--output-dir", str(central), "--user", "backend:backend-pw")
    (central / "mosquitto.conf").write_text(
        f"per_listener_settings false\nallow_anonymous false\npassword_file {central}/passwords\n"
        f"acl_file {central}/acl\nlistener {central_port} 127.0.0.1\n")
    call_command("mosquitto_files", "--cabinet", str(cabinet.pk), "--output-dir", str(local), "--devices-password",
                 "devices-pw", "--central-host", "127.0.0.1", "--central-port", str(central_port), "--bind",
                 "127.0.0.1", "--port", str(local_port), "--ws-port", str(ws_port))
    # A test-only observer on the cabinet's broker that may read everything, to see what the ACL stops.
    with (local / "acl").open("a") as acl:
        acl.write("\nuser observer\ntopic read #\n")
    subprocess.run(["mosquitto_passwd", "-b", str(local / "passwords"), "observer", "observer-pw"], check=True)
    mosquitto(central / "mosquitto.conf", central_port)
    mosquitto(local / "mosquitto.conf", local_port)

    with override_settings(KIOSK_MQTT_WS_URL=f"ws://127.0.0.1:{ws_port}/mqtt"):
        creds = kiosk.get("/api/terminal/broker/").json()
    prefix, other_prefix = cabinet.mqtt_prefix, other.mqtt_prefix
    local_url, central_url = f"mqtt://127.0.0.1:{local_port}", f"mqtt://127.0.0.1:{central_port}"
    observer = _probe(probes, local_url, "observer", "observer-pw")
    observer.subscribe("#")
    device = _probe(probes, local_url, f"devices-{cabinet.pk}", "devices-pw")
    device.subscribe(f"{prefix}/bay/+/cmd")
    backend = _probe(probes, central_url, "backend", "backend-pw")
    backend.subscribe("#")
    time.sleep(1.0)  # the bridge connects and subscribes

    # The kiosk, over WebSocket with its own account: its cabinet's cmd only.
    kiosk_mqtt = _probe(probes, creds["url"], creds["username"], creds["password"])
    kiosk_mqtt.publish(f"{other_prefix}/bay/1/cmd", '{"action":"unlock","n":"other"}')
    kiosk_mqtt.publish(f"{prefix}/bay/1/ack", '{"forged":true}')
    kiosk_mqtt.publish(f"{prefix}/bay/1/cmd", '{"action":"unlock","n":"own"}')
    assert device.wait_for(f"{prefix}/bay/1/cmd") == b'{"action":"unlock","n":"own"}'
    assert observer.wait_for(f"{prefix}/bay/1/cmd") is not None  # the observer sees what passes
    assert observer.wait_for(f"{other_prefix}/bay/1/cmd", timeout=SILENCE) is None
    assert observer.wait_for(f"{prefix}/bay/1/ack", timeout=0.2) is None
    assert not Probe(creds["url"], creds["username"], "0" * 64).connect()

    # The bridge: the center's commands reach the devices, their reports (the acks too) reach the center.
    backend.publish(f"{prefix}/bay/1/cmd", '{"action":"unlock","n":"center"}')
    assert device.wait_for(f"{prefix}/bay/1/cmd", timeout=10) is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (f"{prefix}/bay/1/cmd", b'{"action":"unlock","n":"center"}') not in \
            device.received:
        time.sleep(0.05)
    assert (f"{prefix}/bay/1/cmd", b'{"action":"unlock","n":"center"}') in device.received
    device.publish(f"{prefix}/bay/1/ack", '{"ok":true}')
    assert backend.wait_for(f"{prefix}/bay/1/ack") == b'{"ok":true}'

    # On the center, a cabinet's bridge user is held to its own prefix.
    impostor = _probe(probes, central_url, f"cabinet-{cabinet.pk}", cabinet_bridge_password(cabinet.pk))
    impostor.publish(f"{other_prefix}/bay/1/ack", '{"ok":"forged"}')
    assert backend.wait_for(f"{other_prefix}/bay/1/ack", timeout=SILENCE) is None
    assert not Probe(central_url, f"cabinet-{cabinet.pk}", "wrong").connect()
