from __future__ import annotations

import pytest

from api.models import Alerte, AlertSeverity, AlertStatus
from api.services.alerts import alert_raise, severity_rank
from tests import factories

pytestmark = pytest.mark.django_db


def test_raise_then_refresh_keeps_one_row() -> None:
    device = factories.DeviceFactory()
    first, created = alert_raise(type="overcurrent", severity=AlertSeverity.MEDIUM, message="a", device=device)
    again, created_again = alert_raise(type="overcurrent", severity=AlertSeverity.HIGH, message="b", device=device)
    assert created and not created_again and first.pk == again.pk
    assert again.occurrence_count == 2 and again.message == "b"
    assert again.niveau_severite == AlertSeverity.HIGH  # the highest severity seen
    assert again.station_id == device.emplacement.station_id
    assert again.last_seen >= first.last_seen
    assert Alerte.objects.count() == 1


def test_severity_never_goes_down_on_refresh() -> None:
    device = factories.DeviceFactory()
    alert_raise(type="t", severity=AlertSeverity.CRITIQUE, message="a", device=device)
    alert, _ = alert_raise(type="t", severity=AlertSeverity.LOW, message="b", device=device)
    assert alert.niveau_severite == AlertSeverity.CRITIQUE


def test_a_resolved_alert_lets_a_new_one_open() -> None:
    device = factories.DeviceFactory()
    alert, _ = alert_raise(type="t", severity=AlertSeverity.LOW, message="a", device=device)
    Alerte.objects.filter(pk=alert.pk).update(status=AlertStatus.RESOLVED)
    _, created = alert_raise(type="t", severity=AlertSeverity.LOW, message="a", device=device)
    assert created and Alerte.objects.count() == 2


def test_session_alerts_are_scoped_by_session() -> None:
    session = factories.SessionFactory()
    alert, created = alert_raise(type="session_error", severity=AlertSeverity.HIGH, message="x", session=session)
    assert created and alert.station_id == session.emplacement.station_id
    _, created = alert_raise(type="session_error", severity=AlertSeverity.HIGH, message="x", session=session)
    assert not created


def test_alert_needs_a_subject() -> None:
    with pytest.raises(ValueError):
        alert_raise(type="t", severity=AlertSeverity.LOW, message="x")


def test_legacy_critical_ranks_as_critique() -> None:
    assert severity_rank("critical") == severity_rank("critique") > severity_rank("haute")
