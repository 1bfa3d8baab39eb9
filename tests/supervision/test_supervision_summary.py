"""(ext) Supervision summary counts and the devices' `?state=` filter: values, scope, refusals, query count."""

from __future__ import annotations

import pytest

from api import models as m
from tests import factories
from tests.conftest import client_for
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db

ADMIN = "/api/admin/supervision/summary/"
TECH = "/api/technician/supervision/summary/"
DEVICE_STATUSES = set(m.DeviceStatus.values)


def device_at(station, status):  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory(borne=factories.BorneFactory(station=station))
    return factories.DeviceFactory(emplacement=bay, status=status)


def small_network(station):  # type: ignore[no-untyped-def]
    """Two online devices, one offline, one in error; alerts of every severity and status (legacy ones too)."""
    online = device_at(station, m.DeviceStatus.ONLINE)
    device_at(station, m.DeviceStatus.ONLINE)
    device_at(station, m.DeviceStatus.OFFLINE)
    error = device_at(station, m.DeviceStatus.ERROR)
    factories.AlerteFactory(device=online, type="a", niveau_severite=m.AlertSeverity.CRITIQUE)
    factories.AlerteFactory(device=online, type="b", niveau_severite=m.AlertSeverity.CRITICAL,
                            status=m.AlertStatus.ACTIVE)
    factories.AlerteFactory(device=error, type="c", niveau_severite=m.AlertSeverity.LOW,
                            status=m.AlertStatus.IN_PROGRESS)
    factories.AlerteFactory(device=error, type="d", niveau_severite=m.AlertSeverity.HIGH,
                            status=m.AlertStatus.RESOLVED)
    factories.AlerteFactory(device=error, type="e", niveau_severite=m.AlertSeverity.HIGH, status=m.AlertStatus.CLOSED)
    factories.AlerteFactory(device=error, type="f", niveau_severite=m.AlertSeverity.MEDIUM,
                            status=m.AlertStatus.FERMEE)


EXPECTED = {
    "devices": {"total": 4, "by_status": {**dict.fromkeys(DEVICE_STATUSES, 0), "online": 2, "offline": 1,
                                           "error": 1}},
    "alerts": {
        "open": 3,
        "by_severity": {"basse": 1, "moyenne": 0, "haute": 0, "critique": 2},
        "by_status": {"nouvelle": 2, "prise_en_charge": 1, "resolue": 1, "fermee": 2},
    },
}
EMPTY = {
    "devices": {"total": 0, "by_status": dict.fromkeys(DEVICE_STATUSES, 0)},
    "alerts": {"open": 0, "by_severity": {"basse": 0, "moyenne": 0, "haute": 0, "critique": 0},
               "by_status": {"nouvelle": 0, "prise_en_charge": 0, "resolue": 0, "fermee": 0}},
}


def test_admin_summary_counts_the_network(admin_client, station, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    small_network(station)
    small_network(factories.StationFactory())
    with django_assert_max_num_queries(4):  # the user, then one aggregate per model
        body = admin_client.get(ADMIN).json()
    assert body["devices"]["total"] == 8 and body["alerts"]["open"] == 6
    assert body["alerts"]["by_status"]["fermee"] == 4
    assert admin_client.get(ADMIN, {"station": station.pk}).json() == EXPECTED
    assert admin_client.get(ADMIN, {"station": 10**9}).json() == EMPTY


def test_technician_summary_is_limited_to_active_assignments(station, referent_client, referent, observer):  # type: ignore[no-untyped-def]
    small_network(station)
    foreign = factories.StationFactory()
    small_network(foreign)
    inactive = factories.StationFactory()
    small_network(inactive)
    factories.TechnicienStationFactory(technicien=referent, station=inactive, role=m.TechnicianStationRole.REFERENT,
                                       is_active=False)
    assert referent_client.get(TECH).json() == EXPECTED
    assert referent_client.get(TECH, {"station": station.pk}).json() == EXPECTED
    # another station asked explicitly: nothing of it
    assert referent_client.get(TECH, {"station": foreign.pk}).json() == EMPTY
    # an observer reads the same counts
    assert client_for(observer.utilisateur).get(TECH).json() == EXPECTED
    # a technician of another station sees none of this one
    other = make_technician(foreign, m.TechnicianStationRole.REFERENT)
    assert client_for(other.utilisateur).get(TECH, {"station": station.pk}).json() == EMPTY


@pytest.mark.parametrize("query", [{"station": "abc"}, {"station": "0"}, {"station": str(2**64)}])
def test_invalid_station_is_400(admin_client, referent_client, query):  # type: ignore[no-untyped-def]
    for client, url in ((admin_client, ADMIN), (referent_client, TECH)):
        response = client.get(url, query)
        assert response.status_code == 400, response.content
        assert "station" in response.json()


def test_summary_refused(user_client, api_client, referent_client, admin_client, station):  # type: ignore[no-untyped-def]
    small_network(station)
    assert user_client.get(ADMIN).status_code == 403
    assert referent_client.get(ADMIN).status_code == 403
    assert api_client.get(ADMIN).status_code == 401
    for client in (user_client, admin_client):
        response = client.get(TECH)
        assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
    assert api_client.get(TECH).status_code == 401
    assert m.Alerte.objects.count() == 6 and m.Device.objects.count() == 4  # reads change nothing


def test_state_filter_on_devices_and_sensors(admin_client, station, referent_client):  # type: ignore[no-untyped-def]
    online = device_at(station, m.DeviceStatus.ONLINE)
    offline = device_at(station, m.DeviceStatus.OFFLINE)
    factories.CapteurFactory(device=online, type="temperature")
    factories.CapteurFactory(device=offline, type="temperature")
    for client, url in ((admin_client, "/api/admin/supervision/"), (referent_client, "/api/technician/supervision/")):
        body = client.get(url, {"state": "offline"}).json()
        assert [d["id_device"] for d in body["devices"]] == [offline.pk]
        assert [s["device"] for s in body["sensors"]] == [offline.pk]
        page = client.get(url, {"scope": "devices", "state": "online", "station": station.pk, "page_size": 1}).json()
        assert page["count"] == 1 and page["results"][0]["id_device"] == online.pk
        response = client.get(url, {"state": "asleep"})
        assert response.status_code == 400 and "state" in response.json()
