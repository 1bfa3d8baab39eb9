"""admin_overview: metrics, latest records, refusals, bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api import models as m
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/admin/overview/"


def test_overview_metrics(admin_client):  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    factories.StationFactory(statut=m.StationStatus.MAINTENANCE)
    borne = factories.BorneFactory(station=station)
    bays = [factories.EmplacementFactory(borne=borne) for _ in range(4)]
    m.Emplacement.objects.filter(pk=bays[0].pk).update(statut=m.EmplacementStatus.OCCUPIED)
    factories.DeviceFactory(emplacement=bays[0], status=m.DeviceStatus.CHARGING)
    factories.DeviceFactory(emplacement=bays[1], status=m.DeviceStatus.ONLINE,
                            firmware_update_status=m.FirmwareUpdateStatus.UPDATE_REQUIRED)
    factories.DeviceFactory(emplacement=bays[2], status=m.DeviceStatus.OFFLINE)
    now = timezone.now()
    factories.ReservationFactory(emplacement=bays[1], date_debut=now + timedelta(minutes=5))
    factories.ReservationFactory(emplacement=bays[2], date_debut=now + timedelta(days=3))
    reservation = factories.ReservationFactory(emplacement=bays[0], date_debut=now - timedelta(minutes=30),
                                               statut=m.ReservationStatus.ACTIVE)
    factories.SessionFactory(reservation=reservation, charge_state=m.ChargeSessionState.CHARGING, energie_kwh=4.5,
                             start_time=now)
    factories.AlerteFactory(device=bays[0].device, niveau_severite=m.AlertSeverity.CRITICAL)
    factories.AlerteFactory(device=bays[1].device, niveau_severite=m.AlertSeverity.CRITIQUE)
    factories.AlerteFactory(device=bays[2].device, niveau_severite=m.AlertSeverity.HIGH)
    factories.AlerteFactory(device=bays[2].device, type="x", status=m.AlertStatus.RESOLVED)

    response = admin_client.get(URL)
    assert response.status_code == 200, response.content
    metrics = response.json()["metrics"]
    assert metrics["stations"] == {"total": 2, "active": 1, "maintenance": 1, "inactive": 0}
    assert metrics["bornes"]["total"] == 1
    assert metrics["emplacements"]["total"] == 4 and metrics["emplacements"]["occupe"] == 1
    assert metrics["emplacements"]["occupation_rate"] == 0.25
    devices = metrics["devices"]
    assert (devices["total"], devices["online"], devices["offline"], devices["firmware_not_compliant"]) == (3, 2, 1, 1)
    assert devices["online_rate"] == round(2 / 3, 4)
    assert metrics["reservations"]["upcoming"] == 2
    assert metrics["reservations"]["today"] >= 1
    assert metrics["sessions"] == {"active": 1, "energy_today_kwh": 4.5, "energy_month_kwh": 4.5}
    assert metrics["alerts_open"] == {"total": 3, "basse": 0, "moyenne": 0, "haute": 1, "critique": 2}
    recent = response.json()["recent"]
    assert len(recent["reservations"]) == 3 and len(recent["sessions"]) == 1 and len(recent["alerts"]) == 4
    assert recent["sessions"][0]["energie_kwh"] == 4.5 and recent["sessions"][0]["station_nom"] == station.nom


def test_overview_empty(admin_client):  # type: ignore[no-untyped-def]
    body = admin_client.get(URL).json()
    assert body["metrics"]["devices"]["online_rate"] == 0.0
    assert body["metrics"]["sessions"]["energy_today_kwh"] == 0.0
    assert body["recent"] == {"reservations": [], "sessions": [], "alerts": []}


def test_overview_refused(user_client, api_client, admin_client):  # type: ignore[no-untyped-def]
    technicien = factories.TechnicienFactory()
    for client in (user_client, client_for(technicien.utilisateur)):
        response = client.get(URL)
        assert response.status_code == 403
        assert response.json()["detail"] == "Accès réservé aux administrateurs."
    assert api_client.get(URL).status_code == 401
    assert admin_client.post(URL).status_code == 405


def test_overview_query_count(admin_client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    for _ in range(50):
        device = factories.DeviceFactory(emplacement=factories.EmplacementFactory(borne=borne))
        factories.AlerteFactory(device=device)
        reservation = factories.ReservationFactory(emplacement=device.emplacement, statut=m.ReservationStatus.ACTIVE)
        factories.SessionFactory(reservation=reservation, energie_kwh=1.0)
    with django_assert_max_num_queries(14):
        response = admin_client.get(URL)
    assert response.status_code == 200
    assert response.json()["metrics"]["devices"]["total"] == 50
