"""stations_catalog."""

from __future__ import annotations

import pytest
from django.db import connection
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
