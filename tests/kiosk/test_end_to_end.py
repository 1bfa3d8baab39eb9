"""End to end over the real broker with the simulated ESP32: from the kiosk to `stopped` or `error`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import (
    Alerte,
    ChargeSessionState,
    CommandAction,
    DeviceCommandLog,
    EmplacementStatus,
    LockState,
    ReservationStatus,
    Session,
)
from api.services import charging
from api.simulator import Faults
from tests.devices.conftest import wait_until
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db(transaction=True)


def _state(session_id: int) -> str:
    return Session.objects.get(pk=session_id).charge_state


@pytest.mark.parametrize("mode", ["code", "qr", "rfid"])
def test_from_authenticate_to_stopped(bridge, make_sim, mode):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    device = cabinet.emplacements.get().device
    sim = make_sim(device)
    reservation, secret = book_now(cabinet, mode)
    opened = kiosk.post("/api/terminal/authenticate/", {"method": mode, "value": secret}, format="json").json()
    sid = opened["id_session"]
    wait_until(lambda: _state(sid) == ChargeSessionState.WAITING_PLUG, message="unlock ack")
    assert sim.lock == "deverrouille"
    sim.plug(session_id=sid)
    wait_until(lambda: _state(sid) == ChargeSessionState.CHARGING, message="charging")
    sim.send_telemetry(5)
    wait_until(lambda: (Session.objects.get(pk=sid).telemetry_count or 0) >= 5, message="telemetry")
    stop = kiosk.post(f"/api/terminal/sessions/{sid}/stop/")
    assert stop.status_code == 200 and stop.json()["charge_state"] == "stopping"
    wait_until(lambda: _state(sid) == ChargeSessionState.STOPPED, message="stop ack")
    session = Session.objects.select_related("emplacement", "reservation").get(pk=sid)
    assert session.end_time is not None and session.energie_kwh and session.energie_kwh > 0
    assert session.reservation.statut == ReservationStatus.COMPLETED
    assert session.emplacement.statut == EmplacementStatus.AVAILABLE
    assert session.emplacement.lock_state == LockState.LOCKED
    actions = list(DeviceCommandLog.objects.filter(session=session).order_by("timestamp").values_list("action",
                                                                                                        flat=True))
    assert actions == [CommandAction.UNLOCK, CommandAction.STOP_CHARGE]


def test_a_device_fault_ends_in_error_with_an_alert(bridge, make_sim):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    sim = make_sim(cabinet.emplacements.get().device)
    _reservation, secret = book_now(cabinet, "code")
    sid = kiosk.post("/api/terminal/authenticate/", {"method": "code", "value": secret}, format="json").json()[
        "id_session"]
    wait_until(lambda: _state(sid) == ChargeSessionState.WAITING_PLUG, message="unlock ack")
    sim.faults.fault_code = "E42"
    sim.publish_state()
    wait_until(lambda: _state(sid) == ChargeSessionState.ERROR, message="fault")
    assert Alerte.objects.filter(session_id=sid, type="session_error").exists()
    assert kiosk.post(f"/api/terminal/sessions/{sid}/stop/").status_code == 409


def test_a_plug_timeout_ends_in_error_with_an_alert(bridge, make_sim):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    make_sim(cabinet.emplacements.get().device)
    _reservation, secret = book_now(cabinet, "qr")
    sid = kiosk.post("/api/terminal/authenticate/", {"method": "qr", "value": secret}, format="json").json()[
        "id_session"]
    wait_until(lambda: _state(sid) == ChargeSessionState.WAITING_PLUG, message="unlock ack")
    Session.objects.filter(pk=sid).update(charge_state_updated_at=timezone.now() - timedelta(minutes=6))
    assert charging.session_plug_timeout(session=Session.objects.get(pk=sid))
    assert _state(sid) == ChargeSessionState.ERROR
    assert Alerte.objects.filter(session_id=sid, type="session_error").count() == 1


def test_a_rejected_unlock_ends_in_error(bridge, make_sim):
    cabinet = make_cabinet()
    kiosk, _ = kiosk_client(cabinet)
    sim = make_sim(cabinet.emplacements.get().device, faults=Faults(seed=3))
    sim.apply = lambda action, command: False  # type: ignore[method-assign]
    _reservation, secret = book_now(cabinet, "code")
    sid = kiosk.post("/api/terminal/authenticate/", {"method": "code", "value": secret}, format="json").json()[
        "id_session"]
    wait_until(lambda: _state(sid) == ChargeSessionState.ERROR, message="rejected unlock")
    assert Session.objects.get(pk=sid).error_reason == "command_rejected"
