"""Support of the MQTT fuzz and fault tests: a broker of the test's own, message strategies, bays.

`OwnBroker` is a broker this test alone talks to (so that counts are exact and it can be killed): the embedded
amqtt broker on the defaults, a `mosquitto` process of its own when `MQTT_URL` is set (the PostgreSQL pass).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from django.conf import settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import ValidationError

from api.models import ChargeSessionState, Device, Session
from api.mqtt.client import new_client
from api.mqtt.config import BrokerConfig, parse_mqtt_url
from api.mqtt.embedded import EmbeddedBroker
from api.mqtt.schemas import SCHEMAS_BY_KIND
from api.mqtt.topics import DEVICE_KINDS, bay_topic
from tests import factories
from tests.ports import unused_port

SCALE_VERIFY = os.environ.get("ADVERSARIAL_SCALE") == "verify"
SCHEMA_DIR = Path(settings.BASE_DIR) / "docs" / "device-schemas"
MOSQUITTO = "/usr/sbin/mosquitto"


def wait_port(port: int, *, up: bool, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            is_up = sock.connect_ex(("127.0.0.1", port)) == 0
        if is_up == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"port {port} not {'up' if up else 'down'} after {timeout}s")


class OwnBroker:
    """A broker on a fixed free port that can be stopped (or killed -9) and started again on that port."""

    def __init__(self, *, persistence: bool = False) -> None:
        self.port = unused_port()
        self.mosquitto = bool(settings.MQTT_URL)  # the PostgreSQL + Mosquitto pass
        self.persistence = persistence
        self.tmp = Path(tempfile.mkdtemp(prefix="own-broker-"))
        self._process: subprocess.Popen[bytes] | None = None
        self._embedded: EmbeddedBroker | None = None
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    @property
    def config(self) -> BrokerConfig:
        return parse_mqtt_url(self.url)

    def start(self) -> OwnBroker:
        if self.mosquitto:
            conf = self.tmp / "mosquitto.conf"
            lines = [f"listener {self.port} 127.0.0.1", "allow_anonymous true",
                     f"persistence {'true' if self.persistence else 'false'}",
                     f"persistence_location {self.tmp}/", "max_queued_messages 100000", "log_dest none"]
            conf.write_text("\n".join(lines) + "\n")
            self._process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)
        else:
            self._embedded = EmbeddedBroker(port=self.port).start()
        wait_port(self.port, up=True)
        if self._process is not None:  # listening, and on its own: not another process holding the port
            exited = self._process.poll()
            assert exited is None, f"mosquitto exited ({exited}): port {self.port} held by another process"
        return self

    def kill(self) -> None:
        """Mosquitto: SIGKILL (no clean shutdown). Embedded: the broker stops and drops every connection."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
            self._process = None
        if self._embedded is not None:
            self._embedded.stop()
            self._embedded = None
        wait_port(self.port, up=False)

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        self.start()

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Publisher:
    """A plain device-side client that publishes QoS 1 and can wait for every PUBACK."""

    def __init__(self, config: BrokerConfig) -> None:
        self.client = new_client(config, client_id=f"fuzz-pub-{uuid.uuid4().hex[:8]}")
        self.client.max_inflight_messages_set(100)
        self.client.connect(config.host, config.port, keepalive=30)
        self.client.loop_start()
        self.infos: list[mqtt.MQTTMessageInfo] = []

    def send(self, topic: str, payload: bytes, *, qos: int = 1) -> None:
        info = self.client.publish(topic, payload, qos=qos)
        assert info.rc in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN), (topic, info.rc)
        self.infos.append(info)

    def wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        for info in self.infos:
            info.wait_for_publish(max(deadline - time.monotonic(), 0.1))
            assert info.is_published()
        self.infos.clear()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


# --- bays -----------------------------------------------------------------------------------------------


@dataclass
class Bay:
    device: Device
    session: Session | None

    @property
    def prefix(self) -> str:
        return self.device.emplacement.borne.mqtt_prefix

    @property
    def numero(self) -> int:
        return self.device.emplacement.numero

    def topic(self, kind: str) -> str:
        return bay_topic(self.prefix, self.numero, kind)


def make_bay(*, with_session: bool) -> Bay:
    borne = factories.BorneFactory(mqtt_prefix=f"fuzz/{uuid.uuid4().hex[:12]}")
    emplacement = factories.EmplacementFactory(borne=borne, station=borne.station, numero=1)
    device = factories.DeviceFactory(emplacement=emplacement)
    session = None
    if with_session:
        reservation = factories.ReservationFactory(emplacement=emplacement)
        session = factories.SessionFactory(reservation=reservation, emplacement=emplacement,
                                           charge_state=ChargeSessionState.CHARGING)
    device = Device.objects.select_related("emplacement__borne").get(pk=device.pk)
    return Bay(device=device, session=session)


# --- message strategies ---------------------------------------------------------------------------------


def _schema(kind: str) -> dict[str, Any]:
    schema = json.loads((SCHEMA_DIR / (kind.replace("/", "-") + ".json")).read_text())
    schema.pop("$id", None)
    return schema


# hypothesis-jsonschema knows no `uuid` format (it would draw any string): draw real UUIDs for it.
SCHEMA_INSTANCES = {kind: from_schema(_schema(kind), custom_formats={"uuid": st.uuids().map(str)})
                    for kind in DEVICE_KINDS}
# Fields no payload of any device kind accepts as they are: an object, or a list of lists.
WRONG_VALUES = st.sampled_from([{"k": 1}, [[1]], {"nested": {"x": None}}])


@dataclass(frozen=True)
class Message:
    """A generated message. `valid` ones target bay A (`topic` None: the kind's topic of bay A)."""

    kind: str
    payload: bytes
    valid: bool
    topic: str | None = None
    label: str = ""


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


@st.composite
def valid_messages(draw: st.DrawFn) -> Message:
    """An instance of a published schema on its own topic (tele and sensor are fixed up by the sender)."""
    kind = draw(st.sampled_from(DEVICE_KINDS))
    instance = draw(SCHEMA_INSTANCES[kind])
    return Message(kind=kind, payload=_dumps(instance), valid=True, label=f"schema_{kind}")


@st.composite
def invalid_messages(draw: st.DrawFn) -> Message:
    """Something the bridge must refuse: on bay B's topics (or a topic nobody owns), never written."""
    kind = draw(st.sampled_from(DEVICE_KINDS))
    instance = dict(draw(SCHEMA_INSTANCES[kind]))
    how = draw(st.sampled_from(["raw_bytes", "bad_json", "oversized", "wrong_type", "unknown_field",
                                "missing_field", "not_object", "other_kind", "unknown_bay", "foreign_topic"]))
    topic = None
    if how == "raw_bytes":
        payload = draw(st.binary(min_size=1, max_size=300).filter(lambda b: not b.strip().startswith(b"{")))
    elif how == "bad_json":
        text = json.dumps(instance)
        cut = draw(st.integers(1, len(text) - 1))
        payload = draw(st.sampled_from([text[:cut], text + "}", text.replace('"', "'"), "{" + text])).encode()
    elif how == "oversized":
        instance["padding"] = "x" * (settings.MQTT_MAX_PAYLOAD_BYTES + draw(st.integers(0, 5000)))
        payload = _dumps(instance)
    elif how == "wrong_type":
        key = draw(st.sampled_from(sorted(instance)))
        instance[key] = draw(WRONG_VALUES)
        payload = _dumps(instance)
    elif how == "unknown_field":
        name = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
        instance[f"x_{name}"] = draw(st.one_of(st.none(), st.integers(), st.text(max_size=10)))
        payload = _dumps(instance)
    elif how == "missing_field":
        required = _schema(kind)["required"]
        instance.pop(draw(st.sampled_from(required)))
        payload = _dumps(instance)
    elif how == "not_object":
        payload = _dumps(draw(st.one_of(st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                                        st.just(None), st.booleans())))
    elif how == "other_kind":
        other = draw(st.sampled_from([k for k in DEVICE_KINDS if k != kind]))
        payload = _dumps(draw(SCHEMA_INSTANCES[other]))
    elif how == "unknown_bay":
        payload = _dumps(instance)
        topic = f"{{B}}/bay/{draw(st.integers(2, 10**9 - 1))}/{kind}"
    else:  # a topic outside the protocol: typo'd kind, bay 0, nothing
        payload = _dumps(instance)
        topic = draw(st.sampled_from([
            "{B}/bay/1/telemetry", "{B}/bay/0/" + kind, "{B}/bay/01/" + kind, "{B}/" + kind, "{B}/bay/1/",
            "{B}/bay/1/" + kind + "/extra", "evc/bay/x/state", "{B}/bay/-1/" + kind,
        ]) | st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="+#$"),
                     min_size=1, max_size=40).map(lambda t: "zz/" + t))
    return Message(kind=kind, payload=payload, valid=False, topic=topic, label=how)


def mixed_messages(valid_ratio: float = 0.4) -> st.SearchStrategy[Message]:
    weight = max(1, round(valid_ratio * 10))
    return st.one_of(*([valid_messages()] * weight), *([invalid_messages()] * (10 - weight)))


# --- what a stream of messages must leave in the database ----------------------------------------------

HANDLER_REJECTIONS = ("command_mismatch", "ota_job_mismatch")  # well-formed messages about unknown jobs


class Ledger:
    """Turns generated messages into (topic, payload) for bay A (valid) / bay B (invalid) and counts expectations.

    Valid telemetry gets bay A's session and a fresh `seq` (so each one must be stored exactly once); valid sensor
    readings are expected once per (type, instant).
    """

    def __init__(self, bay_a: Bay, bay_b: Bay) -> None:
        assert bay_a.session is not None
        self.a, self.b = bay_a, bay_b
        self.seq = 0
        self.sent = 0
        self.valid = 0
        self.invalid = 0
        self.tele = 0
        self.sensor_keys: set[tuple[str, Any]] = set()
        self.labels: dict[str, int] = {}

    def prepare(self, message: Message) -> tuple[str, bytes]:
        self.sent += 1
        self.labels[message.label] = self.labels.get(message.label, 0) + 1
        if not message.valid:
            self.invalid += 1
            topic = (message.topic or self.b.topic(message.kind)).replace("{B}", self.b.prefix)
            return topic, message.payload
        body = json.loads(message.payload)
        if message.kind == "tele":
            body.update(session_id=self.a.session.pk, seq=self.seq + 1)  # type: ignore[union-attr]
        payload = _dumps(body)
        try:
            parsed = SCHEMAS_BY_KIND[message.kind].model_validate_json(payload)
        except ValidationError:
            # Schema-valid but refused by the validator's extra checks (an instant out of range once in UTC, a NUL
            # character, an IP address that is not one): refused, written nowhere.
            self.invalid += 1
            self.labels["refused_by_validator"] = self.labels.get("refused_by_validator", 0) + 1
            return self.a.topic(message.kind), payload
        self.valid += 1
        if message.kind == "tele":
            self.seq += 1
            self.tele += 1
        if message.kind == "sensor":
            self.sensor_keys |= {(reading.type, parsed.ts) for reading in parsed.readings}  # type: ignore[attr-defined]
        return self.a.topic(message.kind), payload

    def expected_rejections(self, metrics: dict[str, int]) -> int:
        return self.invalid + sum(metrics.get(f"rejected_{reason}", 0) for reason in HANDLER_REJECTIONS)
