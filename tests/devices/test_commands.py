"""Commands over the real broker, through simulated devices."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from api.models import ChargeSessionState, CommandStatus, DeviceCommandLog
from api.services.devices import device_command_resend, device_command_send
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


@override_settings(DEVICE_COMMAND_RESEND_SECONDS=0)
def test_a_thousand_commands_with_dropped_acks_and_duplicated_commands(bridge, make_device, make_sim) -> None:
    """1,000 commands to 10 simulated devices dropping 10% of acks and duplicating 10% of them, 10% of the
    commands published twice: zero double actuations, every command `done` or `failed`, `done` within ttl."""
    pairs = []
    for seed in range(10):
        device = make_device()
        pairs.append((device, make_sim(device, faults=Faults(drop_ack_rate=0.1, duplicate_ack_rate=0.1, seed=seed))))
    rng = random.Random(42)
    sims = [sim for _device, sim in pairs]
    logs: list[DeviceCommandLog] = []
    # Ten waves of 100: a broker with default limits (Mosquitto queues 1,000 messages per client) drops QoS 1
    # messages past its queue, and a single burst of 1,000 commands plus their acks would overflow it.
    for _wave in range(10):
        wave = [device_command_send(device=device, action="reboot", ttl_s=120) for device, _ in pairs
                for _ in range(10)]
        for log in rng.sample(wave, 10):
            device_command_resend(log=log)  # the same command id published twice
        logs.extend(wave)
        wait_until(lambda: sum(len(sim.actuations) for sim in sims) == len(logs),
                   timeout=120, message="every command of the wave delivered")
        wait_until(lambda: bridge._inbox.qsize() == 0, timeout=120, message="acks of the wave ingested")
    for _round in range(5):  # the worker's re-send sweep, for the commands still without `received`
        open_logs = DeviceCommandLog.objects.filter(status__in=(CommandStatus.PENDING, CommandStatus.SENT))
        if not open_logs.exists():
            break
        before = sum(len(sim.received_commands) for sim in sims)
        resent = sweep_command_resend(limit=2000)
        wait_until(lambda: sum(len(sim.received_commands) for sim in sims) >= before + resent,  # noqa: B023
                   timeout=60, message="re-sent commands delivered")
        wait_until(lambda: bridge._inbox.qsize() == 0, timeout=120, message="acks of this round ingested")
    wait_until(lambda: bridge._inbox.qsize() == 0, timeout=120, message="the bridge caught up")
    # The devices may still be answering a re-sent command: the snapshot of what they published is taken
    # once nothing more has left them for a second (an ack recorded after it would be ingested unseen).
    published = -1
    while published != (now := sum(len(statuses) for sim in sims for statuses in sim.published_acks.values())):
        published = now
        time.sleep(1.0)
        wait_until(lambda: bridge._inbox.qsize() == 0, timeout=120, message="the bridge caught up")
    done_published = {cid for sim in sims for cid, statuses in sim.published_acks.items() if "done" in statuses}
    # Every `done` that left a device reaches the backend (QoS 1), whatever the machine's load.
    wait_until(lambda: DeviceCommandLog.objects.filter(status=CommandStatus.DONE).count() >= len(done_published),
               timeout=120, message="every published done ack ingested")
    # Time passes: what is still open is past its ttl and the expiry sweep fails it.
    DeviceCommandLog.objects.exclude(status=CommandStatus.DONE).update(timestamp=timezone.now() - timedelta(minutes=5))
    sweep_command_expire(limit=2000)
    statuses = Counter(DeviceCommandLog.objects.values_list("status", flat=True))
    assert set(statuses) <= {CommandStatus.DONE, CommandStatus.FAILED}, statuses
    # A lost `done` after a `received` is not re-sent (the device has it): that command fails at its ttl.
    # Exactly the commands whose `done` left a device are `done`; only those whose `done` was lost fail.
    assert sum(statuses.values()) == len(logs), statuses
    done_ids = {str(cid) for cid in DeviceCommandLog.objects.filter(status=CommandStatus.DONE)
                .values_list("command_id", flat=True)}
    assert done_ids == done_published
    assert statuses[CommandStatus.DONE] >= 0.5 * len(logs), statuses  # 10% drops cannot lose half
    assert all(count == 1 for sim in sims for count in sim.actuations.values())  # never twice
    assert sum(len(sim.actuations) for sim in sims) == len(logs)
    for log in DeviceCommandLog.objects.filter(status=CommandStatus.DONE):
        assert log.updated_at <= log.timestamp + timedelta(seconds=log.ttl_s)
