"""(ext) admin_close_alert: the lifecycle's last step, staff only; a closed alert is a 409."""

from __future__ import annotations

import pytest

from api import models as m
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(alert):  # type: ignore[no-untyped-def]
    return f"/api/admin/alerts/{alert.pk}/close/"


def test_staff_closes_a_resolved_alert(admin_client, alert):  # type: ignore[no-untyped-def]
    m.Alerte.objects.filter(pk=alert.pk).update(status=m.AlertStatus.RESOLVED)
    response = admin_client.post(url(alert))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "fermee" and response.json()["station_nom"] == alert.station.nom
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.FERMEE
    # closed: a second close is refused, nothing moves
    response = admin_client.post(url(alert))
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_legacy_closed_is_409_and_unknown_is_404(admin_client, device):  # type: ignore[no-untyped-def]
    legacy = factories.AlerteFactory(device=device, status=m.AlertStatus.CLOSED)
    assert admin_client.post(url(legacy)).status_code == 409
    legacy.refresh_from_db()
    assert legacy.status == m.AlertStatus.CLOSED
    assert admin_client.post("/api/admin/alerts/99999999/close/").status_code == 404


def test_only_staff_closes(alert, referent_client, observer, user_client, api_client):  # type: ignore[no-untyped-def]
    for client in (referent_client, client_for(observer.utilisateur), user_client):
        assert client.post(url(alert)).status_code == 403
    assert api_client.post(url(alert)).status_code == 401
    alert.refresh_from_db()
    assert alert.status == m.AlertStatus.NEW
