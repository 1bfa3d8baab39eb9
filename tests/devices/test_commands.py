"""Commands over the real broker, through simulated devices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from api.models import ChargeSessionState, CommandStatus, DeviceCommandLog
from api.services.devices import device_command_send
from api.services.sweeps import sweep_command_expire, sweep_command_resend
from api.simulator import Faults
from tests import factories
from tests.devices.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_round_trip_records_before_publishing_and_acks_move_the_log(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device)
    with transaction.atomic():
        log = device_command_send(device=device, action="unlock")
        assert log.status == CommandStatus.PENDING
        assert DeviceCommandLog.objects.filter(pk=log.pk).exists()
        assert sim.received_commands == []  # published only once the log is committed
    wait_until(lambda: DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.DONE, message="done ack")
    log.refresh_from_db()
    assert log.attempts == 1 and log.last_sent_at is not None
    device.refresh_from_db()
    assert device.last_command_id == str(log.command_id)
    assert device.last_command_action == "unlock"
    assert device.last_command_status == CommandStatus.DONE
    assert sim.actuations[str(log.command_id)] == 1
    assert sim.lock == "deverrouille"
    wait_until(lambda: bridge.metrics["ack_stored"] >= 2, message="both acks")


def test_resend_keeps_the_id_and_the_device_acts_once(bridge, make_device, make_sim) -> None:
    device = make_device()
    sim = make_sim(device, faults=Faults(drop_ack_rate=1.0, seed=1))
    log = device_command_send(device=device, action="lock", ttl_s=60)
    wait_until(lambda: len(sim.received_commands) == 1, message="first delivery")
    past = timezone.now() - timedelta(seconds=30)
    DeviceCommandLog.objects.filter(pk=log.pk).update(timestamp=past, last_sent_at=past)
    assert sweep_command_resend() == 1
    wait_until(lambda: len(sim.received_commands) == 2, message="re-delivery")
    ids = {command["command_id"] for command in sim.received_commands}
    assert ids == {str(log.command_id)}
    assert sim.actuations[str(log.command_id)] == 1
    log.refresh_from_db()
    assert log.attempts == 2
    assert DeviceCommandLog.objects.count() == 1
    assert sweep_command_resend() == 0  # just re-sent: not due again


def test_ttl_expiry_fails_the_command_and_its_session(bridge, make_device, make_sim) -> None:
    device = make_device()
    make_sim(device, faults=Faults(drop_ack_rate=1.0, seed=1))
    session = factories.SessionFactory(reservation__emplacement=device.emplacement)
    log = device_command_send(device=device, action="unlock", session=session, ttl_s=5)
    DeviceCommandLog.objects.filter(pk=log.pk).update(timestamp=timezone.now() - timedelta(seconds=6))
    assert sweep_command_expire() == 1
    assert sweep_command_expire() == 0
    log.refresh_from_db()
    assert log.status == CommandStatus.FAILED
    session.refresh_from_db()
    assert session.charge_state == ChargeSessionState.ERROR
    assert session.error_reason == "command_timeout"
    assert session.alertes.filter(type="session_error").count() == 1


def test_duplicated_and_dropped_acks_end_done_or_failed_without_double_actuation(bridge, make_device, make_sim):
    device = make_device()
    sim = make_sim(device, faults=Faults(drop_ack_rate=0.1, duplicate_ack_rate=0.1, seed=7))
    logs = [device_command_send(device=device, action="reboot", ttl_s=60) for _ in range(100)]
    for _round in range(5):
        wait_until(lambda: len(sim.received_commands) >= 100, message="deliveries")
        past = timezone.now() - timedelta(seconds=30)
        open_logs = DeviceCommandLog.objects.filter(status__in=(CommandStatus.PENDING, CommandStatus.SENT))
        open_logs.update(timestamp=past, last_sent_at=past)
        sweep_command_resend(limit=500)
    DeviceCommandLog.objects.exclude(status=CommandStatus.DONE).update(timestamp=timezone.now() - timedelta(minutes=5))
    sweep_command_expire()
    statuses = set(DeviceCommandLog.objects.values_list("status", flat=True))
    assert statuses <= {CommandStatus.DONE, CommandStatus.FAILED}
    assert all(count == 1 for count in sim.actuations.values())
    assert len(sim.actuations) == len(logs)
