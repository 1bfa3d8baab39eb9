"""stations_catalog."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from api.models import BorneStatus, StationStatus
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/stations/"


def test_catalog_lists_active_stations_with_bays(user_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory(nom="Centre")
    borne = factories.BorneFactory(station=station, numero=1)
    factories.EmplacementFactory(borne=borne, numero=2, statut="occupe")
    factories.EmplacementFactory(borne=borne, numero=1)
    factories.BorneFactory(station=station, numero=2, statut=BorneStatus.INACTIVE)
    factories.StationFactory(statut=StationStatus.INACTIVE)
    factories.StationFactory(statut=StationStatus.MAINTENANCE)
    body = user_client.get(URL).json()
    assert [s["nom"] for s in body] == ["Centre"]
    assert [b["numero"] for b in body[0]["bornes"]] == [1]
    bays = body[0]["bornes"][0]["emplacements"]
    assert [(b["numero"], b["statut"]) for b in bays] == [(1, "disponible"), (2, "occupe")]
    assert set(bays[0]) == {"id_emplacement", "numero", "statut"}


def test_catalog_search_and_queries_do_not_grow(user_client) -> None:  # type: ignore[no-untyped-def]
    for _ in range(50):
        borne = factories.BorneFactory(numero=1)
        factories.EmplacementFactory(borne=borne, numero=1)
    with CaptureQueriesContext(connection) as queries:
        assert len(user_client.get(URL).json()) == 50
    assert len(queries) <= 4  # user + stations + cabinets + bays
    name = factories.StationFactory(nom="Gare de Perrache").nom
    assert [s["nom"] for s in user_client.get(URL, {"q": "perrache"}).json()] == [name]
    assert user_client.get(URL, {"page_size": 10}).json()["count"] == 51


def test_catalog_needs_authentication(api_client) -> None:  # type: ignore[no-untyped-def]
    assert api_client.get(URL).status_code == 401


def test_catalog_rows_are_what_the_serializer_describes(user_client) -> None:  # type: ignore[no-untyped-def]
    """Cabinets and bays are answered from `.values()` rows: the same as `CatalogStationSerializer` gives."""
    from api.models import Borne, Emplacement, Station
    from api.serializers.network import CatalogStationSerializer

    for numero in (2, 1):
        borne = factories.BorneFactory(numero=numero)
        for bay in (3, 1, 2):
            factories.EmplacementFactory(borne=borne, numero=bay)
    factories.BorneFactory(station=borne.station, numero=3, statut=BorneStatus.INACTIVE)
    factories.BorneFactory(station=borne.station, numero=4)  # a cabinet without bays yet
    stations = Station.objects.filter(statut=StationStatus.ACTIVE).order_by("nom", "id_station").prefetch_related(
        Prefetch("bornes", queryset=Borne.objects.exclude(statut=BorneStatus.INACTIVE).order_by("numero")
                 .prefetch_related(Prefetch("emplacements", queryset=Emplacement.objects.order_by("numero")))))
    expected = CatalogStationSerializer(stations, many=True).data
    body = user_client.get(URL).json()
    assert body == [dict(row) for row in expected]
    page = user_client.get(URL, {"page_size": 1, "page": 2}).json()
    assert page["count"] == 2 and page["results"] == body[1:]
