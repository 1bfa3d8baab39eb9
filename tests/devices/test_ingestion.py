"""Ingestion of every device topic over the real broker: storage, dedupe, garbage, the charging flow."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import override_settings

from api.models import (
    Alerte,
    Capteur,
    CapteurData,
    ChargeSessionState,
    DeviceStatus,
    EmplacementStatus,
    FirmwareUpdateStatus,
    LockState,
    ReservationStatus,
    Session,
    SessionTelemetry,
)
from api.mqtt.client import publish
from api.mqtt.topics import device_topic
from api.services.devices import device_command_send, device_schedule_ota
from api.simulator import Faults, now_iso
from tests import factories
from tests.devices.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_status_birth_fills_the_device_and_the_will_marks_it_offline(bridge, make_device, make_sim) -> None:
    device = make_device(expected_firmware_version="2.0.0")
    sim = make_sim(device)
    # The birth (its `status`) and the retained `state` may be ingested in either order (the embedded broker
    # delivers each message from a task of its own), and a state report alone also marks the device online:
    # wait for the birth itself.
    wait_until(lambda: type(device).objects.filter(pk=device.pk, status=DeviceStatus.ONLINE,
                                                   boot_id=sim.boot_id).exists(), message="birth")
    device.refresh_from_db()
    assert device.firmware_version == "1.0.0"
    assert device.firmware_update_status == FirmwareUpdateStatus.UPDATE_REQUIRED
    assert device.mac_address == sim.mac_address and device.ip_address
    assert device.boot_id == sim.boot_id
    sim.disconnect(abrupt=True)  # the broker publishes the last will
    wait_until(lambda: type(device).objects.get(pk=device.pk).status == DeviceStatus.OFFLINE, message="will")


def test_an_offline_from_an_older_boot_is_ignored(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device)
    wait_until(lambda: type(device).objects.get(pk=device.pk).boot_id == sim.boot_id, message="birth")
    publish(device_topic(device, "status"), json.dumps({"state": "offline", "boot_id": sim.boot_id - 5,
                                                         "ts": now_iso()}))
    wait_until(lambda: bridge.metrics["status_stale"] == 1, message="stale status")
    device.refresh_from_db()
    assert device.status == DeviceStatus.ONLINE


def test_state_moves_lock_and_status_and_a_repeated_seq_is_ignored(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device)
    wait_until(lambda: bridge.metrics["state_stored"] >= 1, message="first state")
    sim.lock = LockState.UNLOCKED
    sim.publish_state()
    wait_until(lambda: bridge.metrics["state_stored"] >= 2, message="second state")
    device.emplacement.refresh_from_db()
    assert device.emplacement.lock_state == LockState.UNLOCKED
    old = {"lock": "verrouille", "plugged": False, "charging": False, "fault": None, "seq": 1, "ts": now_iso()}
    publish(device_topic(device, "state"), json.dumps(old))
    wait_until(lambda: bridge.metrics["state_duplicate"] >= 1, message="duplicate state")
    device.emplacement.refresh_from_db()
    assert device.emplacement.lock_state == LockState.UNLOCKED


def test_fault_sets_error_and_raises_one_alert(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device, faults=Faults(fault_code="E42", seed=1))
    wait_until(lambda: type(device).objects.get(pk=device.pk).status == DeviceStatus.ERROR, message="fault")
    sim.publish_state()
    wait_until(lambda: bridge.metrics["state_stored"] >= 2, message="second fault")
    alert = Alerte.objects.get(device=device, type="device_fault")
    assert alert.occurrence_count == 2


def test_sensor_creates_the_capteur_and_raises_temperature_alerts(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device)
    sim.send_sensor([{"type": "temperature", "unite": "°C", "valeur": 66.0},
                     {"type": "humidity", "unite": "%", "valeur": 40.0}])
    wait_until(lambda: CapteurData.objects.filter(capteur__device=device).count() == 2, message="sensor data")
    assert set(Capteur.objects.filter(device=device).values_list("type", flat=True)) == {"temperature", "humidity"}
    assert Alerte.objects.get(device=device, type="temperature").niveau_severite == "haute"


def test_charging_flow_driven_by_the_simulator(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device)
    session = factories.SessionFactory(reservation__emplacement=device.emplacement)
    device_command_send(device=device, action="unlock", session=session)
    wait_until(lambda: type(session).objects.get(pk=session.pk).charge_state == ChargeSessionState.WAITING_PLUG,
               message="waiting_plug")
    sim.plug(session_id=session.pk)
    wait_until(lambda: type(session).objects.get(pk=session.pk).charge_state == ChargeSessionState.CHARGING,
               message="charging")
    sim.send_telemetry(50, courant=20.0)
    sim.tele_seq -= 10  # the last ten again: stored once
    sim.send_telemetry(10, courant=20.0)
    wait_until(lambda: SessionTelemetry.objects.filter(session=session).count() == 50, message="telemetry")
    wait_until(lambda: type(session).objects.get(pk=session.pk).telemetry_count == 50, message="summary")
    type(session).objects.filter(pk=session.pk).update(charge_state=ChargeSessionState.STOPPING)
    device_command_send(device=device, action="stop_charge", session=session)
    wait_until(lambda: type(session).objects.get(pk=session.pk).charge_state == ChargeSessionState.STOPPED,
               message="stopped")
    session.refresh_from_db()
    assert session.end_time is not None and session.max_courant == 20.0 and session.energie_kwh > 0
    assert session.reservation.statut == ReservationStatus.COMPLETED
    bay = session.emplacement
    bay.refresh_from_db()
    assert bay.statut == EmplacementStatus.AVAILABLE and bay.lock_state == LockState.LOCKED


def test_a_devices_messages_apply_in_the_order_it_sent_them(start_bridge, make_device, make_sim) -> None:
    """Telemetry waiting in the bridge's batch is written before the same device's later state and ack."""
    bridge = start_bridge(flush_ms=10_000).bridge  # a batch that would wait longer than the test
    device = make_device()
    sim = make_sim(device)
    session = factories.SessionFactory(reservation__emplacement=device.emplacement,
                                       charge_state=ChargeSessionState.CHARGING)
    sim.plug(session_id=session.pk)
    sim.send_telemetry(3, courant=20.0)
    wait_until(lambda: bridge.metrics["tele_buffered"] == 3, message="three tele buffered")
    Session.objects.filter(pk=session.pk).update(charge_state=ChargeSessionState.STOPPING)
    device_command_send(device=device, action="stop_charge", session=session)
    stopped = wait_until(lambda: Session.objects.filter(pk=session.pk, charge_state=ChargeSessionState.STOPPED).first(),
                         timeout=8, message="stopped")
    assert stopped.telemetry_count == 3 and stopped.energie_kwh == pytest.approx(round(sim.energie_kwh, 6))
    assert stopped.energie_kwh > 0


def test_rejected_command_of_a_session_ends_it_in_error(bridge, make_device, make_sim) -> None:
    device = make_device()
    make_sim(device)
    session = factories.SessionFactory(reservation__emplacement=device.emplacement)
    device_command_send(device=device, action="start_charge", session=session)  # not plugged: rejected
    wait_until(lambda: type(session).objects.get(pk=session.pk).charge_state == ChargeSessionState.ERROR,
               message="error")
    assert Alerte.objects.filter(session=session, type="session_error").count() == 1


def test_ota_flow_end_to_end(bridge, make_device, make_sim) -> None:
    device = make_device(expected_firmware_version="1.0.0")
    sim = make_sim(device)
    wait_until(lambda: type(device).objects.get(pk=device.pk).firmware_update_status == "up_to_date", message="ok")
    device_schedule_ota(device=device, ota_target_version="1.1.0", ota_update_url="https://fw.example/1.1.0.bin",
                        sha256="a" * 64)
    wait_until(lambda: type(device).objects.get(pk=device.pk).firmware_version == "1.1.0", message="new version")
    device.refresh_from_db()
    assert device.firmware_update_status == FirmwareUpdateStatus.UP_TO_DATE
    assert device.ota_completed_at is not None
    assert sim.firmware_version == "1.1.0"


def test_ota_failure_keeps_the_error(bridge, make_device, make_sim) -> None:
    device = make_device()
    make_sim(device, faults=Faults(ota_fail=True, seed=1))
    device_schedule_ota(device=device, ota_target_version="1.1.0", ota_update_url="https://fw.example/1.1.0.bin",
                        sha256="b" * 64)
    wait_until(lambda: type(device).objects.get(pk=device.pk).firmware_update_status == "failed", message="failed")
    device.refresh_from_db()
    assert device.ota_last_error == "sha256 mismatch"
    assert device.firmware_version == "1.0.0"


@override_settings(MQTT_MAX_PAYLOAD_BYTES=4096)
def test_garbage_is_counted_and_never_written(bridge, make_device, make_sim) -> None:
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement)
    other_session = factories.SessionFactory()
    tele = {"seq": 1, "ts": now_iso(), "courant": 1.0, "tension": 230.0, "energie_kwh": 0.1, "session_id": session.pk}
    cases = [
        (device_topic(device, "tele"), b"{not json"),
        (device_topic(device, "tele"), json.dumps({**tele, "courant": "high"}).encode()),
        (device_topic(device, "tele"), json.dumps({**tele, "extra": 1}).encode()),
        (device_topic(device, "tele"), json.dumps({**tele, "pad": "x" * 5000}).encode()),
        (device_topic(device, "tele"), json.dumps({**tele, "session_id": other_session.pk}).encode()),
        (device_topic(device, "tele").replace("/bay/1/", "/bay/99/"), json.dumps(tele).encode()),
        (f"nowhere/{uuid.uuid4().hex}/bay/1/tele", json.dumps(tele).encode()),
        (f"foreign/{uuid.uuid4().hex}/thing", b"hello"),
        (device_topic(device, "ack"), json.dumps({"command_id": str(uuid.uuid4()), "status": "done",
                                                  "ts": now_iso()}).encode()),
    ]
    for topic, payload in cases:
        publish(topic, payload)
    reasons = ("bad_json", "invalid_payload", "oversized", "session_mismatch", "unknown_bay",
               "foreign_topic", "command_mismatch")
    wait_until(lambda: all(bridge.metrics[f"rejected_{reason}"] for reason in reasons), message="all rejected")
    wait_until(lambda: bridge.metrics["rejected_invalid_payload"] >= 2, message="both invalid payloads")
    publish(device_topic(device, "tele"), json.dumps(tele))  # the bridge is still alive
    wait_until(lambda: SessionTelemetry.objects.count() == 1, message="valid telemetry")
    assert SessionTelemetry.objects.get().session_id == session.pk
