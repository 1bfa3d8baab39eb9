"""`device_state_report`: what a state report moves, and in how many statements."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ChargeSessionState, Device, DeviceStatus, Emplacement, LockState, Session
from api.mqtt.schemas import StatePayload
from api.services import alert_rules
from api.services.device_messages import device_state_report
from tests import factories

pytestmark = pytest.mark.django_db


def state(seq: int, **changes: object) -> StatePayload:
    fields = {"lock": LockState.UNLOCKED, "plugged": False, "charging": False, "fault": None, "seq": seq,
              "ts": timezone.now(), **changes}
    return StatePayload(**fields)  # type: ignore[arg-type]


def test_a_lock_opened_is_two_statements_and_leaves_the_session_alone() -> None:
    session = factories.SessionFactory(charge_state=ChargeSessionState.WAITING_PLUG)
    device = factories.DeviceFactory(emplacement=session.emplacement, status=DeviceStatus.ONLINE)
    with CaptureQueriesContext(connection) as ctx:
        assert device_state_report(device=device, payload=state(1)) == "stored"
    statements = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    assert len(statements) == 2, statements  # the device, the bay's lock
    assert Emplacement.objects.get(pk=device.emplacement_id).lock_state == LockState.UNLOCKED
    assert Device.objects.get(pk=device.pk).last_state_seq == 1
    assert Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.WAITING_PLUG
    assert device_state_report(device=device, payload=state(1)) == "duplicate"


def test_the_plug_in_and_the_charge_running_move_the_session_and_a_fault_ends_it() -> None:
    session = factories.SessionFactory(charge_state=ChargeSessionState.WAITING_PLUG)
    device = factories.DeviceFactory(emplacement=session.emplacement, status=DeviceStatus.ONLINE)
    device_state_report(device=device, payload=state(1, plugged=True))
    assert Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.WAITING_PLUG
    device_state_report(device=device, payload=state(2, plugged=True, charging=True))
    assert Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.CHARGING
    assert Device.objects.get(pk=device.pk).status == DeviceStatus.CHARGING
    device_state_report(device=device, payload=state(3, plugged=True, fault="E42"))
    ended = Session.objects.get(pk=session.pk)
    assert (ended.charge_state, ended.error_reason) == (ChargeSessionState.ERROR, "device_fault")
    assert Device.objects.get(pk=device.pk).status == DeviceStatus.ERROR


@pytest.mark.django_db(transaction=True)
def test_a_report_failing_half_way_leaves_nothing_and_its_redelivery_applies_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The `seq` recorded alone would make the broker's redelivery a duplicate, and the bay's lock and the
    session would never move."""
    session = factories.SessionFactory(charge_state=ChargeSessionState.WAITING_PLUG)
    device = factories.DeviceFactory(emplacement=session.emplacement, status=DeviceStatus.ONLINE)
    lock_before = Emplacement.objects.get(pk=device.emplacement_id).lock_state
    assert lock_before != LockState.UNLOCKED

    def lost(**_kwargs: object) -> None:
        raise DatabaseError("connection lost")

    with monkeypatch.context() as patched:
        patched.setattr(alert_rules, "evaluate_lock_state", lost)
        with pytest.raises(DatabaseError):
            device_state_report(device=device, payload=state(1, plugged=True, charging=True))
    assert Device.objects.get(pk=device.pk).last_state_seq is None
    assert Emplacement.objects.get(pk=device.emplacement_id).lock_state == lock_before

    redelivered = device_state_report(device=Device.objects.get(pk=device.pk),
                                      payload=state(1, plugged=True, charging=True))
    assert redelivered == "stored"
    assert Emplacement.objects.get(pk=device.emplacement_id).lock_state == LockState.UNLOCKED
    assert Session.objects.get(pk=session.pk).charge_state == ChargeSessionState.CHARGING
