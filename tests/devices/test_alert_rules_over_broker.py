"""Each alert rule from a device's message on the real broker to one alert row (refreshed, never duplicated)."""

from __future__ import annotations

import pytest

from api.models import Alerte, AlertSeverity, ChargeSessionState, EmplacementStatus, LockState
from api.services import alert_rules
from tests import factories
from tests.devices.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def alert_of(device, type_: str) -> Alerte | None:  # type: ignore[no-untyped-def]
    return Alerte.objects.filter(device=device, type=type_).first()


def test_temperature_haute_then_critique_refreshes_one_alert(bridge, make_device, make_sim) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    sim = make_sim(device)
    sim.send_sensor([{"type": "temperature", "unite": "°C", "valeur": 61.0}])
    first = wait_until(lambda: alert_of(device, alert_rules.TEMPERATURE), message="temperature alert")
    assert first.niveau_severite == AlertSeverity.HIGH
    sim.send_sensor([{"type": "temperature", "unite": "°C", "valeur": 80.0}])
    wait_until(lambda: Alerte.objects.get(pk=first.pk).occurrence_count == 2, message="refresh")
    again = Alerte.objects.get(pk=first.pk)
    assert again.niveau_severite == AlertSeverity.CRITIQUE and again.last_seen >= first.last_seen
    sim.send_sensor([{"type": "temperature", "unite": "°C", "valeur": 25.0}])  # normal: no new occurrence
    wait_until(lambda: device.capteurs.get(type="temperature").donnees.count() == 3, message="third reading")
    assert Alerte.objects.filter(device=device).count() == 1
    assert Alerte.objects.get(pk=first.pk).occurrence_count == 2


def test_door_open_while_locked_and_idle(bridge, make_device, make_sim) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    sim = make_sim(device)
    assert device.emplacement.lock_state == LockState.LOCKED
    sim.send_sensor([{"type": "door", "unite": "", "valeur": 1}])
    alert = wait_until(lambda: alert_of(device, alert_rules.DOOR_OPEN_LOCKED), message="door alert")
    assert alert.niveau_severite == AlertSeverity.HIGH and alert.station_id == device.emplacement.station_id


def test_door_open_during_a_session_is_not_an_alert(bridge, make_device, make_sim) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    factories.SessionFactory(reservation__emplacement=device.emplacement, charge_state=ChargeSessionState.CHARGING)
    sim = make_sim(device)
    sim.send_sensor([{"type": "door", "unite": "", "valeur": 1}])
    wait_until(lambda: device.capteurs.filter(type="door", donnees__isnull=False).exists(), message="door reading")
    assert alert_of(device, alert_rules.DOOR_OPEN_LOCKED) is None


def test_overcurrent_from_telemetry(bridge, make_device, make_sim, settings) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement,
                                       charge_state=ChargeSessionState.CHARGING)
    sim = make_sim(device)
    sim.session_id = session.pk
    sim.send_telemetry(3, courant=settings.ALERT_OVERCURRENT_AMPS + 8)
    wait_until(lambda: session.telemetries.count() == 3, message="telemetry")
    alert = wait_until(lambda: alert_of(device, alert_rules.OVERCURRENT), message="overcurrent alert")
    assert alert.occurrence_count == 3 and Alerte.objects.filter(device=device).count() == 1


def test_blocked_lock_raises_a_lock_fault(bridge, make_device, make_sim) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    sim = make_sim(device)
    sim.lock = LockState.BLOCKED
    sim.publish_state()
    alert = wait_until(lambda: alert_of(device, alert_rules.LOCK_FAULT), message="lock fault")
    assert alert.niveau_severite == AlertSeverity.HIGH
    device.emplacement.refresh_from_db()
    assert device.emplacement.lock_state == LockState.BLOCKED


def test_device_lost_during_a_charge(bridge, make_device, make_sim) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    session = factories.SessionFactory(reservation__emplacement=device.emplacement,
                                       charge_state=ChargeSessionState.CHARGING)
    device.emplacement.__class__.objects.filter(pk=device.emplacement_id).update(statut=EmplacementStatus.OCCUPIED)
    sim = make_sim(device)
    wait_until(lambda: device.__class__.objects.get(pk=device.pk).status != "provisioned", message="online")
    sim.disconnect(abrupt=True)  # the broker publishes the last will
    alert = wait_until(lambda: alert_of(device, alert_rules.DEVICE_OFFLINE_DURING_SESSION), message="offline alert")
    assert alert.session_id == session.pk and alert.niveau_severite == AlertSeverity.CRITIQUE
