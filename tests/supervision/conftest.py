"""Fixtures of the supervision tests: a station with a device, and technicians in each role."""

from __future__ import annotations

import pytest

from api import models as m
from tests import factories
from tests.conftest import client_for


@pytest.fixture
def station(db):  # type: ignore[no-untyped-def]
    return factories.StationFactory()


@pytest.fixture
def device(station):  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory(borne=factories.BorneFactory(station=station))
    return factories.DeviceFactory(emplacement=bay, status=m.DeviceStatus.ONLINE)


@pytest.fixture
def other_device(db):  # type: ignore[no-untyped-def]
    return factories.DeviceFactory(status=m.DeviceStatus.ONLINE)


def make_technician(station, role, **kwargs):  # type: ignore[no-untyped-def]
    technicien = factories.TechnicienFactory(**kwargs)
    factories.TechnicienStationFactory(technicien=technicien, station=station, role=role)
    return technicien


@pytest.fixture
def referent(station):  # type: ignore[no-untyped-def]
    return make_technician(station, m.TechnicianStationRole.REFERENT, telephone="+33611111111")


@pytest.fixture
def referent_client(referent):  # type: ignore[no-untyped-def]
    return client_for(referent.utilisateur)


@pytest.fixture
def observer(station):  # type: ignore[no-untyped-def]
    return make_technician(station, m.TechnicianStationRole.OBSERVATEUR, telephone="+33622222222")


@pytest.fixture
def alert(device):  # type: ignore[no-untyped-def]
    return factories.AlerteFactory(device=device, niveau_severite=m.AlertSeverity.HIGH)
