"""The alert rules of api/services/alert_rules.py: each raises, then refreshes (no new row) its alert."""

from __future__ import annotations

import pytest
from django.utils import timezone

from api import models as m
from api.services import alert_rules as rules
from tests import factories

pytestmark = pytest.mark.django_db


def reading(device, sensor_type, valeur):  # type: ignore[no-untyped-def]
    capteur, _ = m.Capteur.objects.get_or_create(device=device, type=sensor_type)
    return factories.CapteurDataFactory(capteur=capteur, valeur=valeur)


def open_session(device, state=m.ChargeSessionState.CHARGING):  # type: ignore[no-untyped-def]
    reservation = factories.ReservationFactory(emplacement=device.emplacement, statut=m.ReservationStatus.ACTIVE)
    return factories.SessionFactory(reservation=reservation, charge_state=state)


def assert_refreshed(first, second, *, occurrences=2):  # type: ignore[no-untyped-def]
    assert second.pk == first.pk
    assert second.occurrence_count == occurrences
    assert second.last_seen > first.last_seen
    assert second.first_seen == first.first_seen
    assert m.Alerte.objects.filter(type=first.type).count() == 1


def test_temperature_high_then_critical_refreshes(device):  # type: ignore[no-untyped-def]
    assert rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                         data=reading(device, "temperature", 55)) is None
    first = rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                          data=reading(device, "temperature", 61))
    assert first.niveau_severite == m.AlertSeverity.HIGH and first.station_id == device.emplacement.station_id
    data = reading(device, "temperature", 80)
    second = rules.evaluate_sensor_reading(device=device, sensor_type="temperature", data=data)
    assert_refreshed(first, second)
    assert second.niveau_severite == m.AlertSeverity.CRITIQUE and second.data == data
    third = rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                          data=reading(device, "temperature", 62))
    assert third.niveau_severite == m.AlertSeverity.CRITIQUE  # severity never goes down while open
    assert third.occurrence_count == 3


def test_temperature_thresholds_are_settings(device, settings):  # type: ignore[no-untyped-def]
    settings.ALERT_TEMPERATURE_HIGH = 40
    settings.ALERT_TEMPERATURE_CRITICAL = 50
    alert = rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                          data=reading(device, "temperature", 51))
    assert alert.niveau_severite == m.AlertSeverity.CRITIQUE


def test_resolved_alert_then_new_condition_opens_new_row(device, referent):  # type: ignore[no-untyped-def]
    from api.services.alerts import alert_resolve

    first = rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                          data=reading(device, "temperature", 65))
    alert_resolve(alert=first, technicien=referent, note="ok")
    second = rules.evaluate_sensor_reading(device=device, sensor_type="temperature",
                                           data=reading(device, "temperature", 65))
    assert second.pk != first.pk and second.occurrence_count == 1


def test_door_open_while_locked(device):  # type: ignore[no-untyped-def]
    assert device.emplacement.lock_state == m.LockState.LOCKED
    assert rules.evaluate_sensor_reading(device=device, sensor_type="door", data=reading(device, "door", 0)) is None
    first = rules.evaluate_sensor_reading(device=device, sensor_type="door", data=reading(device, "door", 1))
    assert first.type == rules.DOOR_OPEN_LOCKED and first.niveau_severite == m.AlertSeverity.HIGH
    second = rules.evaluate_sensor_reading(device=device, sensor_type="door", data=reading(device, "door", 1))
    assert_refreshed(first, second)


def test_door_open_during_session_or_unlocked_is_no_alert(device):  # type: ignore[no-untyped-def]
    open_session(device)
    assert rules.evaluate_sensor_reading(device=device, sensor_type="door", data=reading(device, "door", 1)) is None
    m.Session.objects.update(charge_state=m.ChargeSessionState.STOPPED)
    m.Emplacement.objects.filter(pk=device.emplacement_id).update(lock_state=m.LockState.UNLOCKED)
    device.emplacement.refresh_from_db()
    assert rules.evaluate_sensor_reading(device=device, sensor_type="door", data=reading(device, "door", 1)) is None
    assert not m.Alerte.objects.exists()


def test_overcurrent(device, settings):  # type: ignore[no-untyped-def]
    settings.ALERT_OVERCURRENT_AMPS = 32
    session = open_session(device)
    assert rules.evaluate_current(device=device, session=session, courant=32) is None
    first = rules.evaluate_current(device=device, session=session, courant=40)
    assert first.type == rules.OVERCURRENT and first.session == session
    second = rules.evaluate_current(device=device, session=session, courant=41)
    assert_refreshed(first, second)


def test_device_offline_during_session(device):  # type: ignore[no-untyped-def]
    assert rules.evaluate_device_offline(device=device) is None  # no session: nothing
    session = open_session(device)
    first = rules.evaluate_device_offline(device=device)
    assert first.type == rules.DEVICE_OFFLINE_DURING_SESSION and first.session == session
    assert first.niveau_severite == m.AlertSeverity.CRITIQUE
    second = rules.evaluate_device_offline(device=device)
    assert_refreshed(first, second)


def test_lock_fault(device):  # type: ignore[no-untyped-def]
    assert rules.evaluate_lock_state(device=device, lock=m.LockState.LOCKED, fault=None) is None
    first = rules.evaluate_lock_state(device=device, lock=m.LockState.BLOCKED, fault=None)
    assert first.type == rules.LOCK_FAULT
    second = rules.evaluate_lock_state(device=device, lock=m.LockState.BLOCKED, fault=None)
    assert_refreshed(first, second)
    fault = rules.evaluate_lock_state(device=device, lock=m.LockState.LOCKED, fault="E42")
    assert fault.type == rules.DEVICE_FAULT and fault.pk != first.pk


def test_session_error(device):  # type: ignore[no-untyped-def]
    session = open_session(device, state=m.ChargeSessionState.ERROR)
    first = rules.raise_session_error(session=session, reason="plug_timeout")
    assert first.type == rules.SESSION_ERROR and first.device is None and first.session == session
    assert first.station_id == device.emplacement.station_id
    second = rules.raise_session_error(session=session, reason="plug_timeout")
    assert_refreshed(first, second)


def test_refresh_keeps_lifecycle_fields(device, referent):  # type: ignore[no-untyped-def]
    from api.services.alerts import alert_acknowledge

    first = rules.evaluate_lock_state(device=device, lock=m.LockState.BLOCKED, fault=None)
    alert_acknowledge(alert=first, technicien=referent)
    second = rules.evaluate_lock_state(device=device, lock=m.LockState.BLOCKED, fault=None)
    assert second.pk == first.pk and second.status == m.AlertStatus.IN_PROGRESS
    assert second.acknowledged_by == referent and second.last_seen <= timezone.now()
