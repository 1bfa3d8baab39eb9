"""`device_command_ack`: one ack is applied whole (the log, the device's mirror, the session) or not at all."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.errors import NotFound
from api.models import ChargeSessionState, CommandStatus, Device, DeviceCommandLog, Session
from api.services import charging, devices
from tests import factories

pytestmark = pytest.mark.django_db


def sent_unlock():  # type: ignore[no-untyped-def]
    session = factories.SessionFactory()
    device = factories.DeviceFactory(emplacement=session.emplacement)
    log = factories.DeviceCommandLogFactory(device=device, session=session, status=CommandStatus.SENT)
    Device.objects.filter(pk=device.pk).update(last_command_id=str(log.command_id), last_command_status="sent")
    return device, log


def test_an_ack_moves_the_log_and_the_mirror_together() -> None:
    device, log = sent_unlock()

    devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.DONE)

    assert DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.DONE
    assert Device.objects.get(pk=device.pk).last_command_status == CommandStatus.DONE


def test_an_ack_whose_session_effect_fails_leaves_nothing_half_applied(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    device, log = sent_unlock()

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("session effect failed")

    monkeypatch.setattr(charging, "session_command_result", broken)
    with pytest.raises(RuntimeError):
        devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.DONE)

    assert DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.SENT
    assert Device.objects.get(pk=device.pk).last_command_status == "sent"


def test_an_ack_of_an_older_command_moves_last_seen_but_not_the_mirror_of_the_latest() -> None:
    device, older = sent_unlock()
    latest = factories.DeviceCommandLogFactory(device=device, status=CommandStatus.SENT)
    Device.objects.filter(pk=device.pk).update(last_command_id=str(latest.command_id), last_command_status="sent",
                                               last_seen=timezone.now() - timedelta(hours=1))

    devices.device_command_ack(device=device, command_id=older.command_id, status=CommandStatus.RECEIVED,
                               message="late")

    row = Device.objects.get(pk=device.pk)
    assert (row.last_command_id, row.last_command_status, row.last_command_message) == (
        str(latest.command_id), "sent", "")
    assert row.last_seen > timezone.now() - timedelta(minutes=1)
    assert DeviceCommandLog.objects.get(pk=older.pk).status == CommandStatus.RECEIVED


def test_statements_of_an_ack() -> None:
    """`received`: the log moved and returned by one update, the device's mirror and last_seen by another (was
    3 statements, 6 before that); only an ack that moves the session touches it, and an unlock's `done`
    without reading it."""
    device, log = sent_unlock()
    with CaptureQueriesContext(connection) as received:
        returned = devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.RECEIVED)
    assert returned.status == CommandStatus.RECEIVED
    statements = [q["sql"] for q in received.captured_queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT",
                                                                                           "RELEASE"))]
    assert len(statements) == 2, statements
    with CaptureQueriesContext(connection) as done:
        devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.DONE)
    moved = [q["sql"] for q in done.captured_queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    # The unlock's `done`: the log, the mirror, the session's move (one conditional update, nothing read back).
    assert len(moved) == 3 and moved[2].startswith('UPDATE "api_session"'), moved
    assert Session.objects.get(pk=log.session_id).charge_state == ChargeSessionState.WAITING_PLUG
    assert not any("api_session" in sql for sql in statements)
    row = Device.objects.get(pk=device.pk)
    assert (row.last_command_status, DeviceCommandLog.objects.get(pk=log.pk).status) == ("done", "done")


def test_a_repeated_a_late_and_a_foreign_ack_change_nothing() -> None:
    device, log = sent_unlock()
    devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.DONE, message="ok")
    before = Device.objects.filter(pk=device.pk).values().get()
    for status in (CommandStatus.DONE, CommandStatus.RECEIVED, CommandStatus.FAILED):  # repeated, late, contrary
        returned = devices.device_command_ack(device=device, command_id=log.command_id, status=status, message="x")
        assert (returned.pk, returned.status, returned.message) == (log.pk, CommandStatus.DONE, "ok")
    assert Device.objects.filter(pk=device.pk).values().get() == before
    other = factories.DeviceFactory()
    with pytest.raises(NotFound):
        devices.device_command_ack(device=other, command_id=log.command_id, status=CommandStatus.DONE)
    with pytest.raises(NotFound):
        devices.device_command_ack(device=device, command_id=uuid.uuid4(), status=CommandStatus.DONE)
    assert DeviceCommandLog.objects.count() == 1 and DeviceCommandLog.objects.get().status == CommandStatus.DONE


def test_the_returned_log_is_the_row_as_the_orm_reads_it() -> None:
    device, log = sent_unlock()
    returned = devices.device_command_ack(device=device, command_id=log.command_id, status=CommandStatus.RECEIVED,
                                          message="got it")
    stored = DeviceCommandLog.objects.get(pk=log.pk)
    fields = [field.attname for field in DeviceCommandLog._meta.concrete_fields]
    assert [getattr(returned, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert returned.status == CommandStatus.RECEIVED and returned.message == "got it"
    row = Device.objects.get(pk=device.pk)
    assert (row.last_command_status, row.last_command_message, row.last_command_at) == (
        CommandStatus.RECEIVED, "got it", stored.updated_at)
    assert row.last_seen == stored.updated_at
