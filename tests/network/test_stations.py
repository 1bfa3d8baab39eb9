"""admin_stations / admin_station_detail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import Emplacement, JournalSecurite, Station, StationStatus
from tests import factories
from tests.network.conftest import assert_refused_everyone

pytestmark = pytest.mark.django_db

LIST = "/api/admin/stations/"


def detail(pk: int) -> str:
    return f"/api/admin/stations/{pk}/"


def test_create_station(admin_client, admin_user) -> None:  # type: ignore[no-untyped-def]
    payload = {"nom": "Lyon Part-Dieu", "localisation_text": "Place Charles Beraudier", "latitude": "45.760",
               "longitude": "4.859"}
    response = admin_client.post(LIST, payload, format="json")
    assert response.status_code == 201, response.content
    station = Station.objects.get(pk=response.json()["id_station"])
    assert station.statut == StationStatus.ACTIVE
    assert station.latitude == Decimal("45.760000")
    assert set(response.json()) == {"id_station", "nom", "localisation_text", "latitude", "longitude", "statut"}
    entry = JournalSecurite.objects.get(action="station.created")
    assert entry.utilisateur == admin_user and entry.details["pk"] == station.pk


@pytest.mark.parametrize(
    ("field", "value"), [("latitude", "91"), ("latitude", "-90.5"), ("longitude", "180.1"), ("longitude", "-200")]
)
def test_coordinates_out_of_range_are_400(admin_client, field, value) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(LIST, {"nom": "X", field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Station.objects.exists()


def test_missing_name_and_bad_status_are_400(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(LIST, {"statut": "ouverte"}, format="json")
    assert response.status_code == 400
    assert {"nom", "statut"} <= set(response.json())


def test_list_filters_and_optional_pagination(admin_client) -> None:  # type: ignore[no-untyped-def]
    factories.StationFactory(nom="Gare Nord")
    factories.StationFactory(nom="Gare Sud", statut=StationStatus.INACTIVE)
    factories.StationFactory(nom="Mairie")
    assert len(admin_client.get(LIST).json()) == 3
    assert [s["nom"] for s in admin_client.get(LIST, {"q": "gare"}).json()] == ["Gare Nord", "Gare Sud"]
    assert [s["nom"] for s in admin_client.get(LIST, {"statut": "inactive"}).json()] == ["Gare Sud"]
    page = admin_client.get(LIST, {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


def test_list_query_count_is_constant(admin_client) -> None:  # type: ignore[no-untyped-def]
    factories.StationFactory.create_batch(50)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(LIST)
    assert response.status_code == 200 and len(response.json()) == 50
    assert len(queries) <= 3  # user lookup + list (+ savepoint noise on some backends)


def test_patch_and_put(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    response = admin_client.patch(detail(station.pk), {"statut": "maintenance"}, format="json")
    assert response.status_code == 200 and response.json()["statut"] == "maintenance"
    response = admin_client.put(detail(station.pk), {"nom": "Renommee", "statut": "active"}, format="json")
    assert response.status_code == 200
    station.refresh_from_db()
    assert (station.nom, station.statut) == ("Renommee", StationStatus.ACTIVE)
    assert admin_client.patch(detail(station.pk), {"latitude": "100"}, format="json").status_code == 400
    station.refresh_from_db()
    assert station.nom == "Renommee"


def test_get_unknown_is_404(admin_client) -> None:  # type: ignore[no-untyped-def]
    assert admin_client.get(detail(999999)).status_code == 404


def test_delete_without_history(admin_client) -> None:  # type: ignore[no-untyped-def]
    emplacement = factories.DeviceFactory().emplacement
    station = emplacement.station
    assert admin_client.delete(detail(station.pk)).status_code == 204
    assert not Station.objects.filter(pk=station.pk).exists()
    assert not Emplacement.objects.filter(pk=emplacement.pk).exists()
    assert JournalSecurite.objects.filter(action="station.deleted").exists()


def test_delete_with_reservations_is_409(admin_client) -> None:  # type: ignore[no-untyped-def]
    reservation = factories.ReservationFactory()
    station = reservation.emplacement.station
    response = admin_client.delete(detail(station.pk))
    assert response.status_code == 409
    assert "réservations" in response.json()["detail"] and "inactif" in response.json()["detail"]
    assert Station.objects.filter(pk=station.pk).exists()


def test_delete_with_sessions_is_409(admin_client) -> None:  # type: ignore[no-untyped-def]
    session = factories.SessionFactory()
    response = admin_client.delete(detail(session.emplacement.station_id))
    assert response.status_code == 409 and "sessions" in response.json()["detail"]


def test_wrong_actors(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory(nom="Intacte")
    assert_refused_everyone(wrong_actors, "get", LIST)
    assert_refused_everyone(wrong_actors, "post", LIST, {"nom": "Pirate"})
    assert_refused_everyone(wrong_actors, "get", detail(station.pk))
    assert_refused_everyone(wrong_actors, "patch", detail(station.pk), {"nom": "Pirate"})
    assert_refused_everyone(wrong_actors, "delete", detail(station.pk))
    assert list(Station.objects.values_list("nom", flat=True)) == ["Intacte"]
