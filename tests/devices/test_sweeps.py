"""The worker's sweeps: each job done once even with two workers at once, and what each one changes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from api.models import (
    Alerte,
    ChargeSessionState,
    CommandStatus,
    DeviceCommandLog,
    DeviceStatus,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
    Reservation,
    ReservationStatus,
    Session,
)
from api.services import delivery
from api.services.alert_rules import DEVICE_OFFLINE_DURING_SESSION
from api.services.devices import device_command_send
from api.services.sweeps import (
    COMMAND_SWEEPS,
    SWEEPS,
    run_sweeps,
    sweep_command_expire,
    sweep_command_resend,
    sweep_devices_offline,
    sweep_plug_timeouts,
)
from tests import factories
from tests.devices.conftest import wait_until
from tests.ports import unused_port
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)


def twice_at_once(sweep: Callable[[], int]) -> list[int]:
    """Run `sweep` in two threads started together (real transactions, their own connections)."""
    return race(2, lambda _index: sweep())


def test_run_sweeps_runs_every_sweep_including_the_other_domains_services() -> None:
    assert set(run_sweeps()) == set(COMMAND_SWEEPS) | set(SWEEPS) == {
        "command_resend", "command_expire", "devices_offline", "plug_timeouts", "reservation_no_shows",
        "alerts_renotify", "driver_reminders", "outbox",
    }


def test_two_workers_expire_a_command_exactly_once(make_device) -> None:
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement)
    logs = [device_command_send(device=device, action="unlock", session=session, ttl_s=5) for _ in range(20)]
    DeviceCommandLog.objects.update(timestamp=timezone.now() - timedelta(seconds=10))
    results = twice_at_once(sweep_command_expire)
    assert sum(results) == len(logs)
    assert set(DeviceCommandLog.objects.values_list("status", flat=True)) == {CommandStatus.FAILED}
    session.refresh_from_db()
    assert session.charge_state == ChargeSessionState.ERROR
    assert Alerte.objects.filter(session=session, type="session_error").count() == 1


@override_settings(DEVICE_COMMAND_RESEND_SECONDS=1)
def device_online(device: Any) -> bool:
    device.refresh_from_db()
    return device.status != DeviceStatus.PROVISIONED


def test_a_worker_behind_its_messages_neither_resends_nor_fails_an_answered_command(
    start_bridge, make_device, make_sim,
) -> None:
    """The device answered at once, but the worker has not read its answers yet (a backlog): judged by what
    the worker has read (`Bridge.read_until`), the command is neither re-sent nor failed once its re-send
    delay and its ttl are past; judged by the clock alone, it would have been re-sent."""
    from api.mqtt.bridge import Bridge

    lagging = Bridge(client_id=f"test-bridge-{uuid.uuid4().hex[:10]}", group=f"g{uuid.uuid4().hex[:8]}").start()
    try:
        device = make_device()
        sim = make_sim(device)
        session = factories.SessionFactory(reservation__emplacement=device.emplacement)
        wait_until(lambda: lagging.process(timeout=0.5) == 0 and device_online(device), message="the device's birth")
        log = device_command_send(device=device, action="unlock", session=session, ttl_s=1)
        wait_until(lambda: lagging.backlog() >= 3, message="received, state and done waiting in the worker")
        assert sim.actuations[str(log.command_id)] == 1
        time.sleep(1.5)  # past the re-send delay and the ttl
        read_until = lagging.read_until()
        assert read_until < timezone.now() - timedelta(seconds=1)
        assert sweep_command_resend(read_until=read_until) == 0
        assert sweep_command_expire(read_until=read_until) == 0
        row = DeviceCommandLog.objects.get(pk=log.pk)
        assert (row.status, row.attempts) == (CommandStatus.SENT, 1)
        assert DeviceCommandLog.objects.filter(status__in=("pending", "sent"), timestamp__lte=(
            timezone.now() - timedelta(seconds=1))).exists()  # what the clock alone would re-send
        while lagging.backlog():
            lagging.process(timeout=0.1)
        assert DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.DONE
        assert sweep_command_resend(read_until=lagging.read_until()) == 0
        assert len(sim.received_commands) == 1
    finally:
        lagging.stop(forget=True)


def test_two_workers_mark_a_silent_device_offline_once_and_alert_once(make_device) -> None:
    device = make_device(status=DeviceStatus.CHARGING)
    session = factories.SessionFactory(
        reservation__emplacement=device.emplacement, charge_state=ChargeSessionState.CHARGING
    )
    quiet = make_device(status=DeviceStatus.ONLINE, last_seen=timezone.now())
    type(device).objects.filter(pk=device.pk).update(last_seen=timezone.now() - timedelta(seconds=121))
    with override_settings(DEVICE_OFFLINE_AFTER_SECONDS=120):
        assert sorted(twice_at_once(sweep_devices_offline)) == [0, 1]
    device.refresh_from_db()
    quiet.refresh_from_db()
    assert device.status == DeviceStatus.OFFLINE and quiet.status == DeviceStatus.ONLINE
    alert = Alerte.objects.get(device=device)
    assert alert.type == DEVICE_OFFLINE_DURING_SESSION and alert.session_id == session.pk
    assert alert.niveau_severite == "critique"
    session.refresh_from_db()
    assert session.charge_state == ChargeSessionState.CHARGING  # the car keeps charging; someone is called


def test_a_silent_device_without_a_session_goes_offline_without_an_alert(make_device) -> None:
    device = make_device(status=DeviceStatus.ONLINE)
    waiting = make_device(status=DeviceStatus.ONLINE)
    session = factories.SessionFactory(
        reservation__emplacement=waiting.emplacement, charge_state=ChargeSessionState.WAITING_PLUG
    )
    type(device).objects.update(last_seen=timezone.now() - timedelta(hours=1))
    assert sweep_devices_offline() == 2
    assert sweep_devices_offline() == 0
    assert not Alerte.objects.filter(device=device).exists()
    session.refresh_from_db()  # before the plug came the session cannot go on
    assert session.charge_state == ChargeSessionState.ERROR and session.error_reason == "device_offline"


@override_settings(SESSION_PLUG_TIMEOUT_SECONDS=300)
def test_plug_timeout_ends_waiting_sessions_once() -> None:
    old = timezone.now() - timedelta(seconds=301)
    late = [factories.SessionFactory(charge_state=state) for state in
            (ChargeSessionState.ACCESS_VALIDATED, ChargeSessionState.WAITING_PLUG)]
    recent = factories.SessionFactory(charge_state=ChargeSessionState.WAITING_PLUG)
    charging = factories.SessionFactory(charge_state=ChargeSessionState.CHARGING)
    Session.objects.filter(pk__in=[s.pk for s in (*late, charging)]).update(charge_state_updated_at=old)
    assert sum(twice_at_once(sweep_plug_timeouts)) == 2
    for session in late:
        session.refresh_from_db()
        assert session.charge_state == ChargeSessionState.ERROR and session.error_reason == "plug_timeout"
        assert Alerte.objects.filter(session=session, type="session_error").count() == 1
    for session, state in ((recent, ChargeSessionState.WAITING_PLUG), (charging, ChargeSessionState.CHARGING)):
        session.refresh_from_db()
        assert session.charge_state == state


@override_settings(RESERVATION_NO_SHOW_GRACE_MINUTES=15)
def test_no_shows_are_released_once_through_the_booking_service() -> None:
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=16)
    no_shows = [factories.ReservationFactory(date_debut=start, date_fin=start + timedelta(hours=1), statut=statut)
                for statut in (ReservationStatus.CONFIRMED, ReservationStatus.PENDING)]
    in_grace = factories.ReservationFactory(date_debut=timezone.now() - timedelta(minutes=5))
    opened = factories.SessionFactory(reservation__date_debut=start).reservation
    results = twice_at_once(SWEEPS["reservation_no_shows"])
    assert sum(results) == 2
    for reservation in no_shows:
        reservation.refresh_from_db()
        assert reservation.statut == ReservationStatus.CANCELLED and reservation.cancel_reason == "no_show"
        assert reservation.cancelled_at is not None
    assert Reservation.objects.get(pk=in_grace.pk).statut == ReservationStatus.CONFIRMED
    assert Reservation.objects.get(pk=opened.pk).statut == ReservationStatus.ACTIVE


# --- outbox delivery ------------------------------------------------------------------------------


@pytest.fixture
def sms_outbox() -> Any:
    delivery.sms_outbox.clear()
    yield delivery.sms_outbox
    delivery.sms_outbox.clear()


@override_settings(SMS_BACKEND="locmem")
def test_outbox_is_delivered_once_by_two_workers(sms_outbox) -> None:
    for n in range(30):
        factories.OutboxMessageFactory(recipient=f"+336000000{n:02d}")
    factories.OutboxMessageFactory(channel=OutboxChannel.EMAIL, recipient="a@example.org", subject="Code")
    later = factories.OutboxMessageFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert sum(twice_at_once(SWEEPS["outbox"])) == 31
    assert sorted(m["to"] for m in sms_outbox) == sorted(f"+336000000{n:02d}" for n in range(30))
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT, attempts=1, sent_at__isnull=False).count() == 31
    assert OutboxMessage.objects.get(pk=later.pk).status == OutboxStatus.PENDING


def test_outbox_failures_back_off_then_fail_after_max_attempts(sms_outbox) -> None:
    closed = f"http://127.0.0.1:{unused_port()}/sms"  # nothing listens: a real connection refusal
    message = factories.OutboxMessageFactory()
    with override_settings(SMS_BACKEND="http", SMS_HTTP_URL=closed):
        delays = []
        for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
            before = timezone.now()
            assert delivery.outbox_deliver_due() == 0
            message.refresh_from_db()
            assert message.attempts == attempt and message.last_error
            delays.append(round((message.next_attempt_at - before).total_seconds() / delivery.BACKOFF_BASE_SECONDS))
            if attempt < delivery.MAX_ATTEMPTS:
                assert message.status == OutboxStatus.PENDING
                assert delivery.outbox_deliver_due() == 0  # not due yet: nothing is tried
                assert OutboxMessage.objects.get(pk=message.pk).attempts == attempt
                OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert delays[:-1] == [1, 2, 4, 8][: delivery.MAX_ATTEMPTS - 1]
    assert message.status == OutboxStatus.FAILED
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    with override_settings(SMS_BACKEND="locmem"):
        assert delivery.outbox_deliver_due() == 0  # failed for good: never sent
    assert sms_outbox == []


@override_settings(SMS_BACKEND="locmem")
def test_outbox_retry_succeeds_after_a_failure(sms_outbox) -> None:
    message = factories.OutboxMessageFactory()
    with override_settings(SMS_BACKEND="http", SMS_HTTP_URL=f"http://127.0.0.1:{unused_port()}/sms"):
        assert delivery.outbox_deliver_due() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert delivery.outbox_deliver_due() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2 and message.last_error == ""
    assert len(sms_outbox) == 1
