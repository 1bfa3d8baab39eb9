"""admin_supervision and technician_supervision: shape, scope, filters, legacy values, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import models as m
from tests import factories
from tests.conftest import client_for
from tests.supervision.conftest import make_technician

pytestmark = pytest.mark.django_db

ADMIN = "/api/admin/supervision/"
TECH = "/api/technician/supervision/"


def sensor_with_readings(device, sensor_type, values):  # type: ignore[no-untyped-def]
    capteur = factories.CapteurFactory(device=device, type=sensor_type)
    now = timezone.now()
    for age, valeur in enumerate(reversed(values)):
        factories.CapteurDataFactory(capteur=capteur, valeur=valeur, timestamp=now - timedelta(minutes=age))
    return capteur


def network(n_devices: int, station=None):  # type: ignore[no-untyped-def]
    station = station or factories.StationFactory()
    borne = factories.BorneFactory(station=station)
    devices = []
    for i in range(n_devices):
        device = factories.DeviceFactory(emplacement=factories.EmplacementFactory(borne=borne),
                                         status=m.DeviceStatus.ONLINE, last_seen=timezone.now())
        sensor_with_readings(device, "temperature", [20.0 + i, 30.0 + i])
        factories.AlerteFactory(device=device, niveau_severite=m.AlertSeverity.HIGH)
        devices.append(device)
    return station, devices


def test_admin_supervision_shape(admin_client, device, alert):  # type: ignore[no-untyped-def]
    device.last_seen = timezone.now()
    device.save()
    sensor_with_readings(device, "temperature", [21.0, 22.5, 23.5])
    factories.CapteurFactory(device=device, type="door")  # no reading yet
    response = admin_client.get(ADMIN)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"devices", "alerts", "sensors"}
    [dev] = body["devices"]
    assert dev["id_device"] == device.pk and dev["status"] == "online" and dev["last_seen"]
    assert dev["station"] == device.emplacement.station_id and dev["open_alert_count"] == 1
    [item] = body["alerts"]
    for field in (f.name for f in m.Alerte._meta.concrete_fields):
        assert field in item
    assert item["station_nom"] == alert.station.nom
    sensors = {s["type"]: s for s in body["sensors"]}
    assert sensors["temperature"]["valeur"] == 23.5 and sensors["temperature"]["timestamp"]
    assert sensors["door"]["valeur"] is None


def test_alerts_open_only_most_severe_first(admin_client, device, other_device):  # type: ignore[no-untyped-def]
    low = factories.AlerteFactory(device=device, type="a", niveau_severite=m.AlertSeverity.LOW)
    legacy = factories.AlerteFactory(device=device, type="b", niveau_severite=m.AlertSeverity.CRITICAL,
                                     status=m.AlertStatus.ACTIVE)
    high = factories.AlerteFactory(device=other_device, type="c", niveau_severite=m.AlertSeverity.HIGH,
                                   status=m.AlertStatus.IN_PROGRESS)
    factories.AlerteFactory(device=device, type="d", status=m.AlertStatus.RESOLVED)
    factories.AlerteFactory(device=device, type="e", status=m.AlertStatus.CLOSED)
    body = admin_client.get(ADMIN).json()
    assert [a["id_alerte"] for a in body["alerts"]] == [legacy.pk, high.pk, low.pk]
    assert body["alerts"][0]["niveau_severite"] == "critique" and body["alerts"][0]["status"] == "nouvelle"


def test_filters(admin_client, device, other_device):  # type: ignore[no-untyped-def]
    crit = factories.AlerteFactory(device=device, type="a", niveau_severite=m.AlertSeverity.CRITIQUE)
    legacy = factories.AlerteFactory(device=other_device, type="b", niveau_severite=m.AlertSeverity.CRITICAL)
    factories.AlerteFactory(device=device, type="c", niveau_severite=m.AlertSeverity.HIGH)
    closed = factories.AlerteFactory(device=device, type="d", status=m.AlertStatus.FERMEE)
    old_closed = factories.AlerteFactory(device=device, type="e", status=m.AlertStatus.CLOSED)

    for value in ("critique", "critical"):
        ids = {a["id_alerte"] for a in admin_client.get(ADMIN, {"severity": value}).json()["alerts"]}
        assert ids == {crit.pk, legacy.pk}
    station = device.emplacement.station_id
    body = admin_client.get(ADMIN, {"station": station, "severity": "critique"}).json()
    assert [a["id_alerte"] for a in body["alerts"]] == [crit.pk]
    assert [d["id_device"] for d in body["devices"]] == [device.pk]
    for value in ("fermee", "closed"):
        ids = {a["id_alerte"] for a in admin_client.get(ADMIN, {"status": value}).json()["alerts"]}
        assert ids == {closed.pk, old_closed.pk}


@pytest.mark.parametrize("query", [{"station": "abc"}, {"station": "0"}, {"severity": "extreme"},
                                   {"status": "ouverte"}])
def test_invalid_filters_400(admin_client, referent_client, query):  # type: ignore[no-untyped-def]
    for client, url in ((admin_client, ADMIN), (referent_client, TECH)):
        response = client.get(url, query)
        assert response.status_code == 400
        assert set(query) <= set(response.json())


def test_admin_supervision_refused(user_client, api_client, referent_client, alert):  # type: ignore[no-untyped-def]
    response = user_client.get(ADMIN)
    assert response.status_code == 403
    assert response.json()["detail"] == "Accès réservé aux administrateurs."
    assert referent_client.get(ADMIN).status_code == 403
    assert api_client.get(ADMIN).status_code == 401


def test_technician_sees_only_active_assignments(device, other_device, referent, referent_client):  # type: ignore[no-untyped-def]
    mine = factories.AlerteFactory(device=device)
    factories.AlerteFactory(device=other_device)
    sensor_with_readings(device, "temperature", [25.0])
    sensor_with_readings(other_device, "temperature", [26.0])
    third = factories.DeviceFactory(status=m.DeviceStatus.OFFLINE)
    m.TechnicienStation.objects.create(technicien=referent, station=third.emplacement.station,
                                       role=m.TechnicianStationRole.INTERVENANT, is_active=False)
    factories.AlerteFactory(device=third)
    body = referent_client.get(TECH).json()
    assert [d["id_device"] for d in body["devices"]] == [device.pk]
    assert [a["id_alerte"] for a in body["alerts"]] == [mine.pk]
    assert [s["device"] for s in body["sensors"]] == [device.pk]
    # a foreign station asked explicitly: nothing
    body = referent_client.get(TECH, {"station": other_device.emplacement.station_id}).json()
    assert body == {"devices": [], "alerts": [], "sensors": []}


def test_observer_reads(observer, device, alert):  # type: ignore[no-untyped-def]
    body = client_for(observer.utilisateur).get(TECH).json()
    assert [a["id_alerte"] for a in body["alerts"]] == [alert.pk]


def test_technician_supervision_refused(user_client, admin_client, api_client):  # type: ignore[no-untyped-def]
    for client in (user_client, admin_client):
        response = client.get(TECH)
        assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
    assert api_client.get(TECH).status_code == 401


def test_admin_supervision_query_count(admin_client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    network(50)
    with django_assert_max_num_queries(8):
        body = admin_client.get(ADMIN).json()
    assert len(body["devices"]) == 50 and len(body["alerts"]) == 50 and len(body["sensors"]) == 50
    assert {s["valeur"] for s in body["sensors"]} == {30.0 + i for i in range(50)}


def test_technician_supervision_query_count(django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    station, _ = network(50)
    network(5)  # another station
    tech = make_technician(station, m.TechnicianStationRole.REFERENT)
    client = client_for(tech.utilisateur)
    with django_assert_max_num_queries(10):
        body = client.get(TECH).json()
    assert len(body["devices"]) == 50 and len(body["alerts"]) == 50 and len(body["sensors"]) == 50


def test_rows_are_exactly_what_the_serializers_describe(admin_client):  # type: ignore[no-untyped-def]
    """Devices and sensors are answered from `.values()` rows: same keys and values as the DRF serializers."""
    from api.serializers.supervision import SensorReadingSerializer, SupervisionDeviceSerializer

    _station, devices = network(3)
    factories.CapteurFactory(device=devices[0], type="door")  # no reading yet
    body = admin_client.get(ADMIN).json()
    queryset = m.Device.objects.select_related("emplacement__borne", "emplacement__station").order_by("pk")
    for device in queryset:
        device.open_alert_count = 1  # type: ignore[attr-defined]
    expected_devices = SupervisionDeviceSerializer(queryset, many=True).data
    assert sorted(body["devices"], key=lambda row: row["id_device"]) == [dict(row) for row in expected_devices]
    sensors = []
    for capteur in m.Capteur.objects.select_related("device__emplacement__station").order_by("pk"):
        latest = capteur.donnees.order_by("-timestamp", "-id_data").first()
        capteur.latest_id = latest.pk if latest else None  # type: ignore[attr-defined]
        capteur.latest_valeur = latest.valeur if latest else None  # type: ignore[attr-defined]
        capteur.latest_timestamp = latest.timestamp if latest else None  # type: ignore[attr-defined]
        sensors.append(dict(SensorReadingSerializer(capteur).data))
    assert sorted(body["sensors"], key=lambda row: row["id_capteur"]) == sensors


@pytest.mark.parametrize("scope", ["devices", "alerts", "sensors"])
def test_one_scope_alone_paginated_on_request(admin_client, referent_client, scope):  # type: ignore[no-untyped-def]
    network(5)
    whole = admin_client.get(ADMIN).json()
    alone = admin_client.get(ADMIN, {"scope": scope}).json()
    assert alone == whole[scope]
    page = admin_client.get(ADMIN, {"scope": scope, "page_size": 2, "page": 2}).json()
    assert page["count"] == 5 and page["results"] == whole[scope][2:4]
    assert admin_client.get(ADMIN, {"scope": scope, "page": 9, "page_size": 2}).status_code == 404
    assert referent_client.get(TECH, {"scope": scope}).json() == []  # the referent's station has none of them


def test_unknown_scope_is_400(admin_client):  # type: ignore[no-untyped-def]
    response = admin_client.get(ADMIN, {"scope": "everything"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_scope"


@pytest.mark.parametrize("scope", ["devices", "sensors"])
def test_a_page_is_counted_without_the_display_joins(admin_client, station, referent_client, scope):  # type: ignore[no-untyped-def]
    """The rows name the cabinet and the station; the page's COUNT(*) joins neither (17 ms -> 0.5 ms at 5,000)."""
    network(3)
    _, mine = network(2, station=station)  # the referent's station
    mine[0].status = m.DeviceStatus.OFFLINE
    mine[0].save(update_fields=["status"])
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(ADMIN, {"scope": scope, "page_size": 2, "page": 1}).json()
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]
    assert page["count"] == 5 and len(page["results"]) == 2
    assert len(counts) == 1 and "api_borne" not in counts[0] and "api_station" not in counts[0], counts
    # the same filters as the rows: a state, a station, a technician's scope
    offline = admin_client.get(ADMIN, {"scope": scope, "page_size": 2, "state": "offline"}).json()
    assert offline["count"] == 1 and len(offline["results"]) == 1
    at_station = admin_client.get(ADMIN, {"scope": scope, "page_size": 50, "station": station.pk}).json()
    assert at_station["count"] == 2 and len(at_station["results"]) == 2
    scoped = referent_client.get(TECH, {"scope": scope, "page_size": 1}).json()
    assert scoped["count"] == 2 and len(scoped["results"]) == 1
