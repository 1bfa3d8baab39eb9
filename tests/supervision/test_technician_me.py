"""(ext) technician_me: the signed-in technician's assignments and the stations where they may act."""

from __future__ import annotations

import pytest

from api import models as m
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_roles_and_acting_stations(station, referent):  # type: ignore[no-untyped-def]
    watched, former = factories.StationFactory(), factories.StationFactory()
    factories.TechnicienStationFactory(technicien=referent, station=watched, role=m.TechnicianStationRole.OBSERVATEUR)
    factories.TechnicienStationFactory(technicien=referent, station=former, role=m.TechnicianStationRole.REFERENT,
                                       is_active=False)
    body = client_for(referent.utilisateur).get("/api/technician/me/").json()
    assert body["id_technicien"] == referent.pk and body["nom"] == referent.nom
    roles = {row["station"]: row["role"] for row in body["assigned_stations"]}
    assert roles == {station.pk: "referent", watched.pk: "observateur"}  # the inactive one is not listed
    assert body["acting_stations"] == [station.pk]


def test_observer_acts_nowhere(observer):  # type: ignore[no-untyped-def]
    body = client_for(observer.utilisateur).get("/api/technician/me/").json()
    assert [row["role"] for row in body["assigned_stations"]] == ["observateur"]
    assert body["acting_stations"] == []


def test_not_a_technician(user_client, admin_client, api_client):  # type: ignore[no-untyped-def]
    for client in (user_client, admin_client):
        response = client.get("/api/technician/me/")
        assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
    assert api_client.get("/api/technician/me/").status_code == 401
    assert api_client.post("/api/technician/me/").status_code == 401
