"""Notifications of new alerts and re-notification of unacknowledged critical ones, through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api import models as m
from api.services.alerts import alert_acknowledge, alert_raise, alerts_renotify_due
from tests import factories
from tests.races import race
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(station):  # type: ignore[no-untyped-def]
    observer = make_technician(station, m.TechnicianStationRole.OBSERVATEUR, telephone="+33633333333")
    intervenant = make_technician(station, m.TechnicianStationRole.INTERVENANT, telephone="+33622222222")
    referent = make_technician(station, m.TechnicianStationRole.REFERENT, telephone="+33611111111")
    inactive = make_technician(station, m.TechnicianStationRole.INTERVENANT)
    m.TechnicienStation.objects.filter(technicien=inactive).update(is_active=False)
    make_technician(factories.StationFactory(), m.TechnicianStationRole.REFERENT)  # another station
    return {"referent": referent, "intervenant": intervenant, "observer": observer, "inactive": inactive}


def outbox(channel=None):  # type: ignore[no-untyped-def]
    messages = m.OutboxMessage.objects.order_by("pk")
    if channel:
        messages = messages.filter(channel=channel)
    return list(messages)


def test_new_high_alert_notifies_station_team_by_email(device, team, admin_user):  # type: ignore[no-untyped-def]
    alert, created = alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="61 C")
    assert created
    emails = outbox(m.OutboxChannel.EMAIL)
    assert [e.recipient for e in emails] == [
        team["referent"].email, team["intervenant"].email, team["observer"].email,
    ]
    assert "Pour information" in emails[2].body and "prendre en charge" in emails[0].body
    assert outbox(m.OutboxChannel.SMS) == []  # not critical
    assert admin_user.email not in [e.recipient for e in emails]  # staff only for critical
    alert.refresh_from_db()
    assert alert.assigned_technician == team["referent"]
    assert alert.notification_count == 1 and alert.notified_at is not None
    assert all(e.dedupe_key.startswith(f"alerte:{alert.pk}:1:") for e in emails)


def test_new_critical_alert_sms_and_staff(device, team, admin_user):  # type: ignore[no-untyped-def]
    factories.UtilisateurFactory(is_staff=True, is_active=False)
    alert, _ = alert_raise(type="device_offline_session", severity=m.AlertSeverity.CRITIQUE, device=device,
                           message="hors ligne")
    sms = outbox(m.OutboxChannel.SMS)
    assert [s.recipient for s in sms] == ["+33611111111", "+33622222222"]  # observers are not paged
    emails = [e.recipient for e in outbox(m.OutboxChannel.EMAIL)]
    assert emails[-1] == admin_user.email and len(emails) == 4
    alert.refresh_from_db()
    assert alert.niveau_severite == m.AlertSeverity.CRITIQUE


def test_refresh_does_not_notify_again(device, team):  # type: ignore[no-untyped-def]
    alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="61")
    count = m.OutboxMessage.objects.count()
    alert, created = alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="62")
    assert not created and alert.notification_count == 1
    assert m.OutboxMessage.objects.count() == count


def test_station_without_team_queues_nothing(device):  # type: ignore[no-untyped-def]
    alert, _ = alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="61")
    assert m.OutboxMessage.objects.count() == 0
    alert.refresh_from_db()
    assert alert.assigned_technician is None and alert.notification_count == 1


def test_renotify_unacknowledged_critical(device, team, admin_user, settings):  # type: ignore[no-untyped-def]
    settings.ALERT_RENOTIFY_MINUTES = 30
    alert, _ = alert_raise(type="lock_fault", severity=m.AlertSeverity.CRITIQUE, device=device, message="bloque")
    high, _ = alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="61")
    first = m.OutboxMessage.objects.count()
    alert.refresh_from_db()
    sent_at = alert.notified_at

    assert alerts_renotify_due(now=sent_at + timedelta(minutes=29)) == 0
    assert m.OutboxMessage.objects.count() == first

    later = sent_at + timedelta(minutes=31)
    assert alerts_renotify_due(now=later) == 1
    alert.refresh_from_db()
    assert alert.notification_count == 2 and alert.notified_at == later
    reminders = list(m.OutboxMessage.objects.filter(dedupe_key__startswith=f"alerte:{alert.pk}:2:"))
    recipients = sorted(r.recipient for r in reminders)
    assert team["observer"].email not in recipients  # observers informed once
    assert sorted([team["referent"].email, team["intervenant"].email, admin_user.email,
                   "+33611111111", "+33622222222"]) == recipients
    assert all(r.subject.startswith("Rappel") for r in reminders if r.channel == m.OutboxChannel.EMAIL)
    high.refresh_from_db()
    assert high.notification_count == 1  # not critical: never re-notified

    assert alerts_renotify_due(now=later) == 0  # same moment again: nothing twice
    assert alerts_renotify_due(now=later + timedelta(minutes=31)) == 1
    alert.refresh_from_db()
    assert alert.notification_count == 3


def test_acknowledged_critical_is_not_renotified(device, team):  # type: ignore[no-untyped-def]
    alert, _ = alert_raise(type="lock_fault", severity=m.AlertSeverity.CRITIQUE, device=device, message="bloque")
    alert_acknowledge(alert=alert, technicien=team["referent"])
    count = m.OutboxMessage.objects.count()
    assert alerts_renotify_due(now=timezone.now() + timedelta(hours=3)) == 0
    assert m.OutboxMessage.objects.count() == count
    alert.refresh_from_db()
    assert alert.notification_count == 1


def test_legacy_critical_active_is_renotified(device, team):  # type: ignore[no-untyped-def]
    old = factories.AlerteFactory(device=device, niveau_severite=m.AlertSeverity.CRITICAL,
                                  status=m.AlertStatus.ACTIVE, notified_at=timezone.now() - timedelta(hours=2),
                                  notification_count=1)
    assert alerts_renotify_due() == 1
    old.refresh_from_db()
    assert old.notification_count == 2
    assert m.OutboxMessage.objects.filter(dedupe_key__startswith=f"alerte:{old.pk}:2:", channel="sms").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_renotify_once(device, team):  # type: ignore[no-untyped-def]
    alert, _ = alert_raise(type="lock_fault", severity=m.AlertSeverity.CRITIQUE, device=device, message="bloque")
    later = timezone.now() + timedelta(hours=1)
    results = race(2, lambda _index: alerts_renotify_due(now=later))
    alert.refresh_from_db()
    assert sum(results) == 1 and alert.notification_count == 2
    round_two = m.OutboxMessage.objects.filter(dedupe_key__startswith=f"alerte:{alert.pk}:2:")
    assert round_two.count() == 4  # referent and intervenant: e-mail and SMS; observer none; no staff here


def test_escalation_to_critical_notifies_at_once(device, team, admin_user):  # type: ignore[no-untyped-def]
    alert, _ = alert_raise(type="temperature", severity=m.AlertSeverity.HIGH, device=device, message="61")
    assert not m.OutboxMessage.objects.filter(channel=m.OutboxChannel.SMS).exists()
    alert, created = alert_raise(type="temperature", severity=m.AlertSeverity.CRITIQUE, device=device, message="80")
    assert not created and alert.notification_count == 2
    round_two = m.OutboxMessage.objects.filter(dedupe_key__startswith=f"alerte:{alert.pk}:2:")
    assert round_two.filter(channel=m.OutboxChannel.SMS).count() == 2
    assert round_two.filter(recipient=admin_user.email).count() == 1
    alert_raise(type="temperature", severity=m.AlertSeverity.CRITIQUE, device=device, message="81")
    alert.refresh_from_db()
    assert alert.notification_count == 2  # already critical: no new round
