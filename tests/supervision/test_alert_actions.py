"""Alert lifecycle (services) and the technicians' acknowledge/resolve endpoints, with their refusals."""

from __future__ import annotations

import pytest

from api import models as m
from api.errors import InvalidTransition
from api.services.alerts import alert_acknowledge, alert_close, alert_resolve
from tests import factories
from tests.conftest import client_for
from tests.races import race
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db


def ack_url(alert):  # type: ignore[no-untyped-def]
    return f"/api/technician/alerts/{alert.pk}/acknowledge/"


def resolve_url(alert):  # type: ignore[no-untyped-def]
    return f"/api/technician/alerts/{alert.pk}/resolve/"


def test_lifecycle_services(alert, referent):  # type: ignore[no-untyped-def]
    acked = alert_acknowledge(alert=alert, technicien=referent)
    assert acked.status == m.AlertStatus.IN_PROGRESS
    assert acked.acknowledged_by == referent and acked.acknowledged_at is not None
    resolved = alert_resolve(alert=acked, technicien=referent, note="Ventilateur remplace")
    assert resolved.status == m.AlertStatus.RESOLVED
    assert resolved.resolved_by == referent and resolved.resolved_at is not None
    assert resolved.resolution_note == "Ventilateur remplace"
    closed = alert_close(alert=resolved)
    assert closed.status == m.AlertStatus.FERMEE
    with pytest.raises(InvalidTransition):
        alert_acknowledge(alert=closed, technicien=referent)
    with pytest.raises(InvalidTransition):
        alert_close(alert=closed)


def test_legacy_statuses_follow_the_same_map(device, referent):  # type: ignore[no-untyped-def]
    legacy_open = factories.AlerteFactory(device=device, status=m.AlertStatus.ACTIVE)
    assert alert_acknowledge(alert=legacy_open, technicien=referent).status == m.AlertStatus.IN_PROGRESS
    legacy_closed = factories.AlerteFactory(device=device, type="door_open_locked", status=m.AlertStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        alert_resolve(alert=legacy_closed, technicien=referent, note="x")
    legacy_closed.refresh_from_db()
    assert legacy_closed.status == m.AlertStatus.CLOSED and legacy_closed.resolved_by is None


def test_acknowledge_then_resolve(alert, referent, referent_client):  # type: ignore[no-untyped-def]
    response = referent_client.post(ack_url(alert))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "prise_en_charge"
    assert response.json()["acknowledged_by"] == referent.pk
    assert response.json()["station_nom"] == alert.station.nom
    response = referent_client.post(resolve_url(alert), {"resolution_note": "Capteur nettoye"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "resolue" and body["resolved_by"] == referent.pk
    assert body["resolution_note"] == "Capteur nettoye" and body["resolved_at"]
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.RESOLVED and alert.acknowledged_by == referent


def test_acknowledge_twice_is_409(alert, referent_client):  # type: ignore[no-untyped-def]
    assert referent_client.post(ack_url(alert)).status_code == 200
    alert.refresh_from_db()
    first_ack = alert.acknowledged_at
    response = referent_client.post(ack_url(alert))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    alert.refresh_from_db()
    assert alert.acknowledged_at == first_ack


def test_resolve_closed_alert_is_409(device, referent_client):  # type: ignore[no-untyped-def]
    alert = factories.AlerteFactory(device=device, status=m.AlertStatus.FERMEE)
    response = referent_client.post(resolve_url(alert), {"resolution_note": "x"}, format="json")
    assert response.status_code == 409
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.FERMEE and alert.resolution_note == ""


@pytest.mark.parametrize("payload", [{}, {"resolution_note": "   "}, {"resolution_note": "x" * 2001}])
def test_resolve_invalid_note_is_400(alert, referent_client, payload):  # type: ignore[no-untyped-def]
    response = referent_client.post(resolve_url(alert), payload, format="json")
    assert response.status_code == 400
    assert "resolution_note" in response.json()
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW and alert.resolved_by is None


def test_alert_of_another_station_is_404(other_device, referent_client):  # type: ignore[no-untyped-def]
    foreign = factories.AlerteFactory(device=other_device)
    assert referent_client.post(ack_url(foreign)).status_code == 404
    assert referent_client.post(resolve_url(foreign), {"resolution_note": "x"}, format="json").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == m.AlertStatus.NEW and foreign.acknowledged_by is None and foreign.resolved_by is None


def test_unknown_alert_is_404(referent_client):  # type: ignore[no-untyped-def]
    assert referent_client.post("/api/technician/alerts/999999/acknowledge/").status_code == 404


def test_inactive_assignment_is_404(alert, referent, referent_client):  # type: ignore[no-untyped-def]
    m.TechnicienStation.objects.filter(technicien=referent).update(is_active=False)
    assert referent_client.post(ack_url(alert)).status_code == 404
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW


def test_observer_may_not_act(alert, observer):  # type: ignore[no-untyped-def]
    client = client_for(observer.utilisateur)
    response = client.post(ack_url(alert))
    assert response.status_code == 403
    assert client.post(resolve_url(alert), {"resolution_note": "x"}, format="json").status_code == 403
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW and alert.acknowledged_by is None and alert.resolved_by is None


def test_intervenant_may_act(alert, station):  # type: ignore[no-untyped-def]
    intervenant = make_technician(station, m.TechnicianStationRole.INTERVENANT)
    response = client_for(intervenant.utilisateur).post(ack_url(alert))
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.acknowledged_by == intervenant


def test_non_technician_is_403(alert, user_client, admin_client):  # type: ignore[no-untyped-def]
    for client in (user_client, admin_client):
        assert client.post(ack_url(alert)).status_code == 403
        assert client.post(resolve_url(alert), {"resolution_note": "x"}, format="json").status_code == 403
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW


def test_anonymous_is_401(alert, api_client):  # type: ignore[no-untyped-def]
    assert api_client.post(ack_url(alert)).status_code == 401
    assert api_client.post(resolve_url(alert), {"resolution_note": "x"}, format="json").status_code == 401
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW


def test_get_is_405(alert, referent_client):  # type: ignore[no-untyped-def]
    assert referent_client.get(ack_url(alert)).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_two_technicians_acknowledge_at_once_one_wins(alert, referent, station):  # type: ignore[no-untyped-def]
    intervenant = make_technician(station, m.TechnicianStationRole.INTERVENANT)
    clients = [client_for(technicien.utilisateur) for technicien in (referent, intervenant)]
    statuses = race(2, lambda index: clients[index].post(ack_url(alert)).status_code)
    assert sorted(statuses) == [200, 409]
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.IN_PROGRESS and alert.acknowledged_by in (referent, intervenant)
