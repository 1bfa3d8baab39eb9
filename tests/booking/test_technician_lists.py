"""(ext) technician_reservations and technician_sessions: the admin lists limited to the technician's stations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api import models as m
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

RES = "/api/technician/reservations/"
SES = "/api/technician/sessions/"


@pytest.fixture
def stations(db):  # type: ignore[no-untyped-def]
    mine, theirs = factories.StationFactory(), factories.StationFactory()
    bays = {station.pk: factories.EmplacementFactory(borne=factories.BorneFactory(station=station))
            for station in (mine, theirs)}
    for station in (mine, theirs):
        factories.ReservationFactory(emplacement=bays[station.pk])
        active = factories.ReservationFactory(emplacement=bays[station.pk], statut=m.ReservationStatus.ACTIVE,
                                              date_debut=timezone.now() - timedelta(minutes=10))
        factories.SessionFactory(reservation=active, charge_state=m.ChargeSessionState.CHARGING)
    technicien = factories.TechnicienFactory()
    factories.TechnicienStationFactory(technicien=technicien, station=mine, role=m.TechnicianStationRole.OBSERVATEUR)
    return mine, theirs, client_for(technicien.utilisateur)


def test_lists_are_the_admin_lists_of_their_stations(stations, admin_client):  # type: ignore[no-untyped-def]
    mine, theirs, client = stations
    body = client.get(RES).json()
    assert body == admin_client.get("/api/admin/reservations/", {"station": mine.pk}).json()
    assert len(body["upcoming"]) == 2 and body["archived"] == []  # the booked one and the one charging now
    assert {r["station_nom"] for r in body["upcoming"]} == {mine.nom}
    sessions = client.get(SES).json()
    assert sessions == admin_client.get("/api/admin/sessions/", {"station": mine.pk}).json()
    assert len(sessions["active"]) == 1
    assert client.get(SES, {"station": theirs.pk}).json() == {"active": [], "archived": []}
    page = client.get(RES, {"scope": "upcoming", "page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1


def test_bad_filters_and_wrong_actors(stations, user_client, admin_client, api_client):  # type: ignore[no-untyped-def]
    _mine, _theirs, client = stations
    assert client.get(RES, {"scope": "everything"}).status_code == 400
    assert client.get(SES, {"station": "x"}).status_code == 400
    assert client.get(SES, {"charge_state": "flying"}).status_code == 400
    for url in (RES, SES):
        assert user_client.get(url).json()["code"] == "not_a_technician"
        assert admin_client.get(url).status_code == 403
        assert api_client.get(url).status_code == 401
