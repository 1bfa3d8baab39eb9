from __future__ import annotations

import pytest

from api.models import Borne, Emplacement
from tests import factories

pytestmark = pytest.mark.django_db


def test_bay_station_follows_its_cabinet() -> None:
    borne = factories.BorneFactory()
    other_station = factories.StationFactory()
    bay = Emplacement(borne=borne, station=other_station, numero=1)
    bay.save()
    assert bay.station_id == borne.station_id


def test_moving_a_bay_to_another_cabinet_moves_its_station() -> None:
    bay = factories.EmplacementFactory()
    target = factories.BorneFactory()
    bay.borne = target
    bay.save(update_fields=["borne"])
    bay.refresh_from_db()
    assert (bay.borne_id, bay.station_id) == (target.pk, target.station_id)


def test_bay_with_only_a_station_goes_to_the_default_cabinet() -> None:
    station = factories.StationFactory()
    bay = Emplacement.objects.create(station=station, numero=1)
    assert bay.borne.station_id == station.pk
    assert bay.borne.numero == 1
    assert Borne.default_for_station(station) == bay.borne


def test_default_cabinet_is_the_lowest_numbered() -> None:
    station = factories.StationFactory()
    factories.BorneFactory(station=station, numero=3)
    second = factories.BorneFactory(station=station, numero=2)
    assert Borne.default_for_station(station) == second
    assert Borne.objects.filter(station=station).count() == 2
