"""`technician_assignments`: a technician reads their own active assignments (the console's scope and roles)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api import models as m
from tests import factories
from tests.conftest import client_for
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db
URL = "/api/technician/assignments/"


def test_a_technician_reads_their_active_assignments_with_roles(station, referent):  # type: ignore[no-untyped-def]
    other = factories.StationFactory()
    factories.TechnicienStationFactory(technicien=referent, station=other, role=m.TechnicianStationRole.OBSERVATEUR)
    ended = factories.StationFactory()
    factories.TechnicienStationFactory(technicien=referent, station=ended, is_active=False)
    make_technician(factories.StationFactory(), m.TechnicianStationRole.REFERENT)  # someone else's
    response = client_for(referent.utilisateur).get(URL)
    assert response.status_code == 200
    roles = {row["station"]: row["role"] for row in response.json()}
    assert roles == {station.pk: "referent", other.pk: "observateur"}
    assert m.TechnicienStation.objects.filter(technicien=referent).count() == 3  # a read changes nothing


def test_paginated_on_request(station, referent):  # type: ignore[no-untyped-def]
    body = client_for(referent.utilisateur).get(URL, {"page_size": 1}).json()
    assert body["count"] == 1 and body["results"][0]["station"] == station.pk
    assert client_for(referent.utilisateur).get(URL, {"page": "x"}).status_code == 404


def test_refused_to_a_driver_a_staff_member_without_technician_and_anonymous(db):  # type: ignore[no-untyped-def]
    driver = factories.UtilisateurFactory()
    response = client_for(driver).get(URL)
    assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
    staff = factories.UtilisateurFactory(is_staff=True)
    assert client_for(staff).get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 401
