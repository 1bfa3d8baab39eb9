"""Technicians, assignments, maintenances (admin) and technician_maintenances."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import (
    Maintenance,
    MaintenanceStatus,
    Station,
    StationStatus,
    TechnicianStationRole,
    Technicien,
    TechnicienStation,
)
from api.selectors.technicians import technician_for_user, technician_station_ids
from tests import factories
from tests.network.conftest import assert_refused_everyone

pytestmark = pytest.mark.django_db

TECHS = "/api/admin/technicians/"
ASSIGN = "/api/admin/technician-assignments/"
MAINT = "/api/admin/maintenances/"


def test_technician_crud(admin_client, user) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(TECHS, {"nom": "Ada", "email": "ada@example.org", "utilisateur": user.pk},
                                 format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["utilisateur_pseudo"] == user.pseudo and body["assigned_stations"] == []
    pk = body["id_technicien"]
    duplicate = admin_client.post(TECHS, {"nom": "Bis", "utilisateur": user.pk}, format="json")
    assert duplicate.status_code == 400 and "utilisateur" in duplicate.json()
    assert admin_client.post(TECHS, {"email": "not-an-email"}, format="json").status_code == 400
    response = admin_client.patch(f"{TECHS}{pk}/", {"utilisateur": None, "telephone": "0600"}, format="json")
    assert response.status_code == 200 and response.json()["utilisateur_pseudo"] is None
    maintenance = factories.MaintenanceFactory(technicien=Technicien.objects.get(pk=pk))
    assert admin_client.delete(f"{TECHS}{pk}/").status_code == 204
    maintenance.refresh_from_db()
    assert maintenance.technicien is None
    assert Technicien.objects.count() == 0


def test_assigned_stations_only_active_and_list_queries(admin_client) -> None:  # type: ignore[no-untyped-def]
    tech = factories.TechnicienFactory()
    active = factories.TechnicienStationFactory(technicien=tech)
    factories.TechnicienStationFactory(technicien=tech, is_active=False)
    body = admin_client.get(f"{TECHS}{tech.pk}/").json()
    assert [a["station"] for a in body["assigned_stations"]] == [active.station_id]
    assert body["assigned_stations"][0]["role_display"] == "Référent"
    for _ in range(49):
        factories.TechnicienStationFactory()
    with CaptureQueriesContext(connection) as queries:
        assert len(admin_client.get(TECHS).json()) == 50
    assert len(queries) <= 4
    assert len(admin_client.get(TECHS, {"station": active.station_id}).json()) == 1


def test_assignment_crud_and_duplicate(admin_client) -> None:  # type: ignore[no-untyped-def]
    tech, station = factories.TechnicienFactory(), factories.StationFactory()
    response = admin_client.post(ASSIGN, {"technicien": tech.pk, "station": station.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == "intervenant" and body["role_display"] == "Intervenant" and body["is_active"] is True
    response = admin_client.post(ASSIGN, {"technicien": tech.pk, "station": station.pk, "role": "referent"},
                                 format="json")
    assert response.status_code == 400 and "déjà affecté" in response.json()["station"][0]
    response = admin_client.post(ASSIGN, {"technicien": tech.pk, "station": station.pk + 1000, "role": "chef"},
                                 format="json")
    assert response.status_code == 400 and {"station", "role"} <= set(response.json())
    pk = body["id_assignment"]
    response = admin_client.patch(f"{ASSIGN}{pk}/", {"role": "observateur", "is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["role_display"] == "Observateur"
    assert TechnicienStation.objects.count() == 1
    for _ in range(49):
        factories.TechnicienStationFactory()
    with CaptureQueriesContext(connection) as queries:
        assert len(admin_client.get(ASSIGN).json()) == 50
    assert len(queries) <= 3
    assert len(admin_client.get(ASSIGN, {"technicien": tech.pk, "is_active": "false"}).json()) == 1
    assert admin_client.delete(f"{ASSIGN}{pk}/").status_code == 204
    assert not TechnicienStation.objects.filter(pk=pk).exists()


def test_scope_helpers(technicien) -> None:  # type: ignore[no-untyped-def]
    referent = factories.TechnicienStationFactory(technicien=technicien)
    observer = factories.TechnicienStationFactory(technicien=technicien, role=TechnicianStationRole.OBSERVATEUR)
    factories.TechnicienStationFactory(technicien=technicien, is_active=False)
    factories.TechnicienStationFactory()
    assert technician_for_user(technicien.utilisateur) == technicien
    assert technician_for_user(factories.UtilisateurFactory()) is None
    assert technician_station_ids(technicien) == {referent.station_id, observer.station_id}
    assert technician_station_ids(technicien, acting=True) == {referent.station_id}


def test_maintenance_crud_and_transitions(admin_client) -> None:  # type: ignore[no-untyped-def]
    station, tech = factories.StationFactory(), factories.TechnicienFactory()
    planned = (timezone.now() + timedelta(days=1)).isoformat()
    response = admin_client.post(
        MAINT, {"station": station.pk, "technicien": tech.pk, "type": "preventive", "date_planifiee": planned},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "planifiee" and body["technicien_nom"] == tech.nom
    pk = body["id_maintenance"]
    response = admin_client.patch(f"{MAINT}{pk}/", {"status": "en_cours"}, format="json")
    assert response.status_code == 200
    station.refresh_from_db()
    assert station.statut == StationStatus.ACTIVE  # not asked
    response = admin_client.patch(f"{MAINT}{pk}/", {"status": "realisee"}, format="json")
    assert response.status_code == 200 and response.json()["date_realisee"] is not None
    response = admin_client.patch(f"{MAINT}{pk}/", {"status": "en_cours"}, format="json")
    assert response.status_code == 409
    assert Maintenance.objects.get(pk=pk).status == MaintenanceStatus.DONE
    assert admin_client.post(MAINT, {"station": station.pk}, format="json").status_code == 400
    assert admin_client.delete(f"{MAINT}{pk}/").status_code == 204


def test_en_cours_puts_station_in_maintenance_when_asked(admin_client) -> None:  # type: ignore[no-untyped-def]
    maintenance = factories.MaintenanceFactory()
    response = admin_client.patch(
        f"{MAINT}{maintenance.pk}/", {"status": "en_cours", "station_maintenance": True}, format="json"
    )
    assert response.status_code == 200
    assert Station.objects.get(pk=maintenance.station_id).statut == StationStatus.MAINTENANCE


def test_maintenance_list_filters_and_queries(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    factories.EmplacementFactory(borne=factories.BorneFactory(station=station))
    factories.MaintenanceFactory.create_batch(49, station=station)
    factories.MaintenanceFactory(status=MaintenanceStatus.CANCELLED)
    with CaptureQueriesContext(connection) as queries:
        assert len(admin_client.get(MAINT).json()) == 50
    assert len(queries) <= 3
    assert len(admin_client.get(MAINT, {"station": station.pk}).json()) == 49
    assert len(admin_client.get(MAINT, {"statut": "annulee"}).json()) == 1


def test_admin_wrong_actors(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    assignment = factories.TechnicienStationFactory()
    maintenance = factories.MaintenanceFactory(type="corrective")
    for url in (TECHS, ASSIGN, MAINT):
        assert_refused_everyone(wrong_actors, "get", url)
    assert_refused_everyone(wrong_actors, "post", TECHS, {"nom": "Pirate"})
    assert_refused_everyone(wrong_actors, "patch", f"{ASSIGN}{assignment.pk}/", {"role": "observateur"})
    assert_refused_everyone(wrong_actors, "delete", f"{TECHS}{assignment.technicien_id}/")
    assert_refused_everyone(wrong_actors, "patch", f"{MAINT}{maintenance.pk}/", {"status": "annulee"})
    assignment.refresh_from_db()
    maintenance.refresh_from_db()
    assert assignment.role == "referent" and maintenance.status == "planifiee"
    assert not Technicien.objects.filter(nom="Pirate").exists()


# --- technician_maintenances ------------------------------------------------------------------------


def test_technician_sees_only_own_maintenances(technicien, technician_client) -> None:  # type: ignore[no-untyped-def]
    mine = factories.MaintenanceFactory(technicien=technicien)
    factories.EmplacementFactory(borne=factories.BorneFactory(station=mine.station))
    factories.MaintenanceFactory()
    body = technician_client.get("/api/technician/maintenances/").json()
    assert [m["id_maintenance"] for m in body] == [mine.pk]
    assert body[0]["emplacement_count"] == 1 and body[0]["station_nom"] == mine.station.nom
    for _ in range(49):
        factories.MaintenanceFactory(technicien=technicien)
    with CaptureQueriesContext(connection) as queries:
        assert len(technician_client.get("/api/technician/maintenances/").json()) == 50
    assert len(queries) <= 4


def test_non_technician_gets_403(user_client, api_client) -> None:  # type: ignore[no-untyped-def]
    factories.MaintenanceFactory()
    response = user_client.get("/api/technician/maintenances/")
    assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
    assert api_client.get("/api/technician/maintenances/").status_code == 401


@pytest.mark.parametrize(("sent", "answered"), [
    # Paris kept local mean time (+00:09:21) until 1911: not writable in ISO 8601, answered in UTC.
    ("1911-01-01T00:09:21+00:09:21", "1911-01-01T00:00:00Z"),
    ("2026-07-01T10:00:00+02:00", "2026-07-01T10:00:00+02:00"),  # otherwise the display zone, as api.md says
])
def test_datetimes_are_answered_with_a_writable_offset(admin_client, sent, answered) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    tech = factories.TechnicienFactory()
    response = admin_client.post(MAINT, {"station": station.pk, "technicien": tech.pk, "type": "preventive",
                                         "date_planifiee": sent}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["date_planifiee"] == answered
