"""A publication marks its command `sent` and the device's mirror of it, together (one query on PostgreSQL)."""

from __future__ import annotations

import pytest

from api.models import CommandStatus, Device, DeviceCommandLog
from api.services import devices
from tests import factories

pytestmark = pytest.mark.django_db


def test_mark_sent_moves_the_log_and_the_mirror_of_that_command_only(django_capture_on_commit_callbacks):
    device = factories.DeviceFactory()
    with django_capture_on_commit_callbacks(execute=False):  # recorded, not published
        first = devices.device_command_send(device=device, action="lock")
        latest = devices.device_command_send(device=device, action="unlock")
    devices._mark_sent(first)  # an older command: the mirror shows the latest one and stays
    assert Device.objects.get(pk=device.pk).last_command_status == CommandStatus.PENDING
    devices._mark_sent(latest)
    devices._mark_sent(latest)  # a re-send counts, the status stays
    rows = {log.pk: log for log in DeviceCommandLog.objects.all()}
    assert (rows[first.pk].status, rows[first.pk].attempts) == (CommandStatus.SENT, 1)
    assert (rows[latest.pk].status, rows[latest.pk].attempts) == (CommandStatus.SENT, 2)
    assert rows[latest.pk].last_sent_at is not None and rows[latest.pk].updated_at == rows[latest.pk].last_sent_at
    mirror = Device.objects.get(pk=device.pk)
    assert (mirror.last_command_id, mirror.last_command_status) == (str(latest.command_id), CommandStatus.SENT)
    DeviceCommandLog.objects.filter(pk=first.pk).update(status=CommandStatus.DONE)
    devices._mark_sent(first)  # a late re-send of a done command never moves it back
    assert DeviceCommandLog.objects.get(pk=first.pk).status == CommandStatus.DONE
