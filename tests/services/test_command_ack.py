"""`device_command_ack`: one ack is applied whole (the log, the device's mirror, the session) or not at all."""

from __future__ import annotations

import pytest

from api.models import CommandStatus, Device, DeviceCommandLog
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
