"""MQTT fuzzing: generated payloads (from the published JSON Schemas, plus raw bytes, broken JSON, oversized, wrong
types, unknown fields, wrong topics) mixed with valid messages, on every device topic.

Two levels: the bridge's dispatch called directly (many examples, cheap), and a stream through a real broker of
the test's own into a running bridge (2,000 messages in CI, 100,000 with `ADVERSARIAL_SCALE=verify`). Valid
messages go to bay A, invalid ones to bay B (or to topics nobody owns): bay A's rows must match the valid
messages exactly, bay B must not change at all, every invalid message must be counted as a rejection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from api.models import Alerte, Capteur, CapteurData, Device, DeviceCommandLog, Session, SessionTelemetry
from api.mqtt.bridge import Bridge, Inbound
from api.mqtt.schemas import SCHEMAS_BY_KIND
from tests.adversarial.conftest import report
from tests.adversarial.mqtt_support import (
    SCALE_VERIFY,
    Bay,
    Ledger,
    Message,
    OwnBroker,
    Publisher,
    invalid_messages,
    make_bay,
    mixed_messages,
)
from tests.devices.conftest import wait_until

HANDLER_EXAMPLES = 5000 if SCALE_VERIFY else 120
BROKER_MESSAGES = 100_000 if SCALE_VERIFY else 2_000
BROKER_BATCH = 25



def fuzz(examples: int, **kwargs: Any) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck), print_blob=True, **kwargs)


@pytest.fixture(autouse=True)
def _quiet_rejections() -> Iterator[None]:
    """Each rejection is logged as a warning: thousands of them would only slow the run down."""
    logger = logging.getLogger("api.mqtt.bridge")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def snapshot(bay: Bay) -> dict[str, Any]:
    """Everything a message about bay B could have written."""
    device = Device.objects.filter(pk=bay.device.pk).values().get()
    device.pop("id_device")
    return {
        "device": device,
        "capteurs": Capteur.objects.filter(device=bay.device).count(),
        "readings": CapteurData.objects.filter(capteur__device=bay.device).count(),
        "alerts": Alerte.objects.filter(device=bay.device).count(),
        "commands": list(DeviceCommandLog.objects.filter(device=bay.device).values_list("status", flat=True)),
        "telemetry": SessionTelemetry.objects.filter(session__emplacement=bay.device.emplacement).count(),
    }


def assert_applied(ledger: Ledger, metrics: dict[str, int], b_before: dict[str, Any]) -> None:
    session = ledger.a.session
    assert session is not None
    stored = sorted(SessionTelemetry.objects.filter(session=session).values_list("seq", flat=True))
    assert stored == list(range(1, ledger.tele + 1)), "every valid telemetry row stored exactly once"
    assert Session.objects.get(pk=session.pk).telemetry_count == ledger.tele
    readings = {(t, ts) for t, ts in CapteurData.objects.filter(capteur__device=ledger.a.device)
                .values_list("capteur__type", "timestamp")}
    assert len(readings) == len(ledger.sensor_keys) == CapteurData.objects.filter(
        capteur__device=ledger.a.device).count(), "every valid sensor reading stored once"
    assert snapshot(ledger.b) == b_before, "no invalid message wrote anything"
    assert metrics.get("rejected", 0) == ledger.expected_rejections(metrics), metrics


# --- handler level: the bridge's dispatch, no broker ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_dispatch_fuzz_applies_valid_and_refuses_invalid() -> None:
    a, b = make_bay(with_session=True), make_bay(with_session=False)
    ledger = Ledger(a, b)
    bridge = Bridge(client_id="fuzz-dispatch", shared=False)  # never started: handle() only
    before = snapshot(b)

    @fuzz(HANDLER_EXAMPLES)
    @given(st.lists(mixed_messages(), min_size=1, max_size=8))
    def run(messages: list[Message]) -> None:
        for mid, message in enumerate(messages, start=1):
            topic, payload = ledger.prepare(message)
            outcome = bridge.handle(Inbound(topic=topic, payload=payload, retain=False, mid=mid, qos=1,
                                            generation=0))
            if not message.valid:
                assert outcome == "rejected", (message, outcome)
        bridge._flush_telemetry()

    run()
    assert_applied(ledger, dict(bridge.metrics), before)
    report(f"dispatch fuzz {ledger.sent} messages {ledger.valid} valid {ledger.invalid} invalid {ledger.labels}")


@pytest.mark.django_db(transaction=True)
@fuzz(3000 if SCALE_VERIFY else 300)
@given(topic=st.text(max_size=80), payload=st.binary(max_size=200))
def test_dispatch_never_raises_on_any_topic_or_bytes(topic: str, payload: bytes) -> None:
    bridge = Bridge(client_id="fuzz-any", shared=False)
    assert bridge.handle(Inbound(topic=topic, payload=payload, retain=False, mid=1, qos=1, generation=0)) in {
        "rejected", "own", "cleared"}


@pytest.mark.parametrize("kind", sorted(SCHEMAS_BY_KIND))
def test_published_schema_files_match_the_validators(kind: str) -> None:
    from tests.adversarial.mqtt_support import _schema

    published = _schema(kind)
    generated = SCHEMAS_BY_KIND[kind].model_json_schema()
    assert published["properties"].keys() == generated["properties"].keys()
    assert sorted(published.get("required", [])) == sorted(generated.get("required", []))
    assert published.get("additionalProperties") is False


# --- through a real broker into a running bridge --------------------------------------------------------------


@pytest.fixture
def own_broker() -> Iterator[OwnBroker]:
    broker = OwnBroker().start()
    yield broker
    broker.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(3600 if SCALE_VERIFY else 300)
def test_broker_stream_fuzz(own_broker: OwnBroker) -> None:
    a, b = make_bay(with_session=True), make_bay(with_session=False)
    ledger = Ledger(a, b)
    before = snapshot(b)
    bridge = Bridge(config=own_broker.config, client_id="fuzz-bridge", shared=False, flush_ms=50).start()
    stop = threading.Event()
    thread = threading.Thread(target=bridge.run, args=(stop,), daemon=True)
    thread.start()
    publisher = Publisher(own_broker.config)
    batches = st.lists(mixed_messages(), min_size=BROKER_BATCH, max_size=BROKER_BATCH)

    @fuzz(BROKER_MESSAGES // BROKER_BATCH, phases=[Phase.generate])
    @given(batches)
    def run(messages: list[Message]) -> None:
        for message in messages:
            publisher.send(*ledger.prepare(message))
        publisher.wait()
        wait_until(lambda: bridge.metrics["received"] >= ledger.sent and not bridge.telemetry.rows,
                   timeout=120, message=f"bridge ingests {ledger.sent} messages")

    try:
        run()
        assert ledger.sent == BROKER_MESSAGES
        wait_until(lambda: SessionTelemetry.objects.filter(session=a.session).count() >= ledger.tele, timeout=30,
                   message="telemetry flushed")
        assert thread.is_alive(), "the bridge survived"
        assert bridge.metrics["received"] == ledger.sent
        assert_applied(ledger, dict(bridge.metrics), before)
        # still ingesting afterwards: one more valid telemetry row
        publisher.send(*ledger.prepare(Message(kind="tele", payload=b'{"seq":0,"ts":"2026-01-01T00:00:00Z",'
                                               b'"courant":1,"tension":230,"energie_kwh":0.1,"session_id":0}',
                                               valid=True, label="after")))
        publisher.wait()
        wait_until(lambda: SessionTelemetry.objects.filter(session=a.session).count() == ledger.tele,
                   message="alive after the fuzz")
        report(f"broker fuzz {ledger.sent} messages {ledger.valid} valid {ledger.invalid} invalid "
               f"{dict(bridge.metrics)}")
    finally:
        publisher.close()
        stop.set()
        thread.join(10)
        bridge.stop(forget=True)
        connection.close()


def test_invalid_strategy_covers_every_kind_of_garbage() -> None:
    labels = {"raw_bytes", "bad_json", "oversized", "wrong_type", "unknown_field", "missing_field", "not_object",
              "other_kind", "unknown_bay", "foreign_topic"}
    seen: set[str] = set()

    @settings(max_examples=400, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(invalid_messages())
    def collect(message: Message) -> None:
        seen.add(message.label)

    collect()
    assert seen == labels
