"""Kiosk-made commands: the kiosk opens a bay itself over MQTT, then reports the offline event.

Over the real broker with the bridge and a simulated device: the ack (and the device's state) and the
event arrive in either order, and both end in one command tied to the one session, acted on once.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from api.errors import NotFound
from api.models import ChargeSessionState, CommandStatus, DeviceCommandLog, OfflineEvent, Session
from api.mqtt.config import broker_config
from api.mqtt.topics import bay_topic
from api.services import devices, sweeps
from tests import factories
from tests.devices.conftest import wait_until
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet
from tests.kiosk.mqtt_clients import Probe

EVENTS = "/api/terminal/offline-events/"


def _publish_unlock(cabinet, command_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    """What the kiosk does offline: the device's `unlock`, with a command id it made."""
    config = broker_config()
    assert config is not None
    probe = Probe(f"mqtt://{config.host}:{config.port}", config.username or "kiosk-test", config.password)
    assert probe.connect()
    body = {"command_id": str(command_id), "action": "unlock", "issued_at": timezone.now().isoformat(),
            "ttl_s": 30, "session_id": None, "params": {}}
    probe.publish(bay_topic(cabinet.mqtt_prefix, 1, "cmd"), json.dumps(body))
    probe.close()


def _started(reservation, command_id: uuid.UUID | None) -> dict:  # type: ignore[no-untyped-def]
    return {"event_id": uuid.uuid4().hex, "kind": "session_started",
            "occurred_at": (timezone.now() - timedelta(seconds=5)).isoformat(),
            "reference_code": reservation.reference_code, "emplacement_numero": 1, "method": "code",
            "command_id": str(command_id) if command_id else None}


def _results(kiosk, events: list[dict]) -> list[str]:  # type: ignore[no-untyped-def]
    response = kiosk.post(EVENTS, {"events": events}, format="json")
    assert response.status_code == 200, response.json()
    return [item["result"] for item in response.json()["results"]]


@pytest.mark.django_db(transaction=True)
def test_the_ack_and_the_state_before_the_event(bridge, make_sim):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    sim = make_sim(cabinet.emplacements.get().device, auto_plug=True)
    command_id = uuid.uuid4()
    _publish_unlock(cabinet, command_id)
    wait_until(lambda: DeviceCommandLog.objects.filter(command_id=command_id, status=CommandStatus.DONE).exists(),
               message="the kiosk-made unlock acked")
    wait_until(lambda: cabinet.emplacements.get().device.status == "charging", message="the device charging")
    assert sim.lock == "deverrouille" and Session.objects.count() == 0
    event = _started(reservation, command_id)
    assert _results(kiosk, [event]) == ["accepted"]
    session = Session.objects.get()
    assert session.charge_state == ChargeSessionState.CHARGING  # unlocked (the ack), then charging (the state)
    log = DeviceCommandLog.objects.get(command_id=command_id)
    assert (log.session_id, log.action, log.source, log.status) == (session.pk, "unlock", "kiosk", "done")
    assert _results(kiosk, [event]) == ["duplicate"]
    assert DeviceCommandLog.objects.filter(command_id=command_id).count() == 1 and Session.objects.count() == 1
    body = kiosk.get(f"/api/terminal/sessions/{session.pk}/").json()
    assert body["last_command"]["command_id"] == str(command_id) and body["last_command"]["issued_by"] == "kiosk"


@pytest.mark.django_db(transaction=True)
def test_the_event_before_the_ack(bridge, make_sim):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    sim = make_sim(cabinet.emplacements.get().device)
    command_id = uuid.uuid4()
    assert _results(kiosk, [_started(reservation, command_id)]) == ["accepted"]
    session = Session.objects.get()
    assert session.charge_state == ChargeSessionState.ACCESS_VALIDATED
    log = DeviceCommandLog.objects.get(command_id=command_id)
    assert (log.session_id, log.status, log.source) == (session.pk, CommandStatus.SENT, "kiosk")
    _publish_unlock(cabinet, command_id)
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.WAITING_PLUG,
               message="the late ack unlocks the session")
    sim.plug()
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.CHARGING,
               message="the plug")
    assert DeviceCommandLog.objects.filter(command_id=command_id).count() == 1
    assert DeviceCommandLog.objects.get(command_id=command_id).status == CommandStatus.DONE


@pytest.mark.django_db
def test_an_ack_first_then_the_event_without_a_broker_acts_once():
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    device = cabinet.emplacements.get().device
    reservation, _ = book_now(cabinet, "code")
    command_id = uuid.uuid4()
    devices.device_command_ack(device=device, command_id=command_id, status="received")
    devices.device_command_ack(device=device, command_id=command_id, status="failed", message="jammed")
    assert _results(kiosk, [_started(reservation, command_id)]) == ["accepted"]
    session = Session.objects.get()
    assert (session.charge_state, session.error_reason) == (ChargeSessionState.ERROR, "command_failed")
    devices.device_command_ack(device=device, command_id=command_id, status="failed")  # a repeat: nothing more
    assert DeviceCommandLog.objects.filter(command_id=command_id).count() == 1


@pytest.mark.django_db
def test_a_command_id_of_another_device_is_a_conflict_and_opens_nothing():
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    foreign = factories.DeviceFactory()
    command_id = uuid.uuid4()
    DeviceCommandLog.objects.create(device=foreign, command_id=command_id, action="unlock", status="done")
    assert _results(kiosk, [_started(reservation, command_id)]) == ["conflict"]
    assert OfflineEvent.objects.get().conflict_reason == "command_mismatch"
    assert Session.objects.count() == 0
    # The device of another cabinet cannot ack that id either.
    with pytest.raises(NotFound):
        devices.device_command_ack(device=cabinet.emplacements.get().device, command_id=command_id, status="done")


@pytest.mark.django_db
def test_an_unknown_ack_on_a_cabinet_without_a_kiosk_is_still_refused():
    device = factories.DeviceFactory()
    with pytest.raises(NotFound):
        devices.device_command_ack(device=device, command_id=uuid.uuid4(), status="done")
    assert DeviceCommandLog.objects.count() == 0


@pytest.mark.django_db
def test_an_event_without_a_command_id_still_opens_the_session_and_a_malformed_id_is_400():
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    bad = {**_started(reservation, None), "command_id": "not-a-uuid"}
    assert kiosk.post(EVENTS, {"events": [bad]}, format="json").status_code == 400
    assert OfflineEvent.objects.count() == 0
    assert _results(kiosk, [_started(reservation, None)]) == ["accepted"]
    assert Session.objects.count() == 1 and DeviceCommandLog.objects.count() == 0


@pytest.mark.django_db
def test_the_sweeps_neither_resend_nor_expire_a_kiosk_made_command():
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    reservation, _ = book_now(cabinet, "code")
    command_id = uuid.uuid4()
    assert _results(kiosk, [_started(reservation, command_id)]) == ["accepted"]
    DeviceCommandLog.objects.filter(command_id=command_id).update(
        timestamp=timezone.now() - timedelta(hours=1), last_sent_at=timezone.now() - timedelta(hours=1))
    assert sweeps.sweep_command_resend() == 0 and sweeps.sweep_command_expire() == 0
    assert DeviceCommandLog.objects.get(command_id=command_id).status == CommandStatus.SENT
    assert Session.objects.get().charge_state == ChargeSessionState.ACCESS_VALIDATED


@pytest.mark.django_db
def test_a_kiosk_made_stop_is_tied_to_the_session_it_closed():
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    device = cabinet.emplacements.get().device
    reservation, _ = book_now(cabinet, "code")
    unlock, stop = uuid.uuid4(), uuid.uuid4()
    stopped = {"event_id": uuid.uuid4().hex, "kind": "session_stopped", "occurred_at": timezone.now().isoformat(),
               "reference_code": reservation.reference_code, "energie_kwh": 3.5, "command_id": str(stop)}
    assert _results(kiosk, [_started(reservation, unlock), stopped]) == ["accepted", "accepted"]
    session = Session.objects.get()
    assert session.charge_state == ChargeSessionState.STOPPED and session.energie_kwh == 3.5
    assert dict(DeviceCommandLog.objects.filter(session=session).values_list("command_id", "action")) == {
        unlock: "unlock", stop: "stop_charge"}
    devices.device_command_ack(device=device, command_id=stop, status="done")  # late: the session stays closed
    assert Session.objects.get().charge_state == ChargeSessionState.STOPPED
