"""admin_emplacements / admin_emplacement_detail / admin_devices / admin_device_detail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from api.models import Borne, Device, DeviceStatus, DeviceType, Emplacement, FirmwareUpdateStatus
from tests import factories
from tests.network.conftest import assert_refused_everyone

pytestmark = pytest.mark.django_db

BAYS = "/api/admin/emplacements/"
DEVICES = "/api/admin/devices/"


def test_create_bay_creates_its_device(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    response = admin_client.post(BAYS, {"borne": borne.pk, "numero": 1}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["station"] == borne.station_id and body["borne_numero"] == borne.numero
    device = Device.objects.get(emplacement_id=body["id_emplacement"])
    assert (device.type_device, device.status) == (DeviceType.ESP32, DeviceStatus.PROVISIONED)


def test_station_only_uses_default_cabinet(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    response = admin_client.post(BAYS, {"station": station.pk, "numero": 1}, format="json")
    assert response.status_code == 201
    assert response.json()["borne"] == Borne.default_for_station(station).pk


def test_bay_validation(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    factories.EmplacementFactory(borne=borne, numero=1)
    other_station = factories.StationFactory()
    response = admin_client.post(BAYS, {"borne": borne.pk, "numero": 1}, format="json")
    assert response.status_code == 400 and "existe déjà" in response.json()["numero"][0]
    response = admin_client.post(BAYS, {"borne": borne.pk, "station": other_station.pk, "numero": 2}, format="json")
    assert response.status_code == 400 and "station" in response.json()
    response = admin_client.post(BAYS, {"numero": 3}, format="json")
    assert response.status_code == 400 and "borne" in response.json()
    response = admin_client.post(BAYS, {"borne": borne.pk, "numero": 4, "statut": "cassee"}, format="json")
    assert response.status_code == 400 and "statut" in response.json()
    assert Emplacement.objects.count() == 1 and Device.objects.count() == 0


def test_update_moves_station_with_cabinet(admin_client) -> None:  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory(numero=1)
    target = factories.BorneFactory()
    response = admin_client.patch(f"{BAYS}{bay.pk}/", {"borne": target.pk, "statut": "maintenance"}, format="json")
    assert response.status_code == 200, response.content
    bay.refresh_from_db()
    assert (bay.borne_id, bay.station_id, bay.statut) == (target.pk, target.station_id, "maintenance")


def test_bay_delete_204_and_409(admin_client) -> None:  # type: ignore[no-untyped-def]
    device = factories.DeviceFactory()
    assert admin_client.delete(f"{BAYS}{device.emplacement_id}/").status_code == 204
    assert not Device.objects.filter(pk=device.pk).exists()
    session = factories.SessionFactory()
    response = admin_client.delete(f"{BAYS}{session.emplacement_id}/")
    assert response.status_code == 409 and "sessions" in response.json()["detail"]
    assert Emplacement.objects.filter(pk=session.emplacement_id).exists()


def test_bay_list_filters_and_queries(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    for numero in range(1, 51):
        factories.EmplacementFactory(borne=borne, numero=numero)
    factories.EmplacementFactory(statut="maintenance")
    with CaptureQueriesContext(connection) as queries:
        assert len(admin_client.get(BAYS, {"borne": borne.pk}).json()) == 50
    assert len(queries) <= 3
    assert len(admin_client.get(BAYS, {"station": borne.station_id}).json()) == 50
    assert len(admin_client.get(BAYS, {"statut": "maintenance"}).json()) == 1


def test_bay_wrong_actors(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory()
    assert_refused_everyone(wrong_actors, "get", BAYS)
    assert_refused_everyone(wrong_actors, "post", BAYS, {"borne": bay.borne_id, "numero": 99})
    assert_refused_everyone(wrong_actors, "patch", f"{BAYS}{bay.pk}/", {"statut": "maintenance"})
    assert_refused_everyone(wrong_actors, "delete", f"{BAYS}{bay.pk}/")
    bay.refresh_from_db()
    assert Emplacement.objects.count() == 1 and bay.statut == "disponible"


# --- devices ----------------------------------------------------------------------------------------


@override_settings(FIRMWARE_TARGET_VERSION="1.4.0")
def test_device_firmware_policy(admin_client) -> None:  # type: ignore[no-untyped-def]
    device = factories.DeviceFactory(firmware_version="1.3.0")
    body = admin_client.get(f"{DEVICES}{device.pk}/").json()
    assert body["effective_expected_firmware_version"] == "1.4.0" and body["firmware_update_required"] is True
    body = admin_client.patch(f"{DEVICES}{device.pk}/", {"expected_firmware_version": "1.3.0"}, format="json").json()
    assert body["effective_expected_firmware_version"] == "1.3.0" and body["firmware_update_required"] is False
    unknown = factories.DeviceFactory(firmware_version="")
    assert admin_client.get(f"{DEVICES}{unknown.pk}/").json()["firmware_update_required"] is False


@override_settings(FIRMWARE_TARGET_VERSION="")
def test_no_target_means_no_update_required(admin_client) -> None:  # type: ignore[no-untyped-def]
    device = factories.DeviceFactory(firmware_version="1.0.0")
    body = admin_client.get(f"{DEVICES}{device.pk}/").json()
    assert body["effective_expected_firmware_version"] == "" and body["firmware_update_required"] is False


def test_mac_normalized_and_unique(admin_client) -> None:  # type: ignore[no-untyped-def]
    device, other = factories.DeviceFactory(), factories.DeviceFactory()
    response = admin_client.patch(f"{DEVICES}{device.pk}/", {"mac_address": "aa-bb-cc-dd-ee-0f"}, format="json")
    assert response.status_code == 200 and response.json()["mac_address"] == "AA:BB:CC:DD:EE:0F"
    response = admin_client.patch(f"{DEVICES}{other.pk}/", {"mac_address": "aabbccddee0f"}, format="json")
    assert response.status_code == 400 and "déjà attribuée" in response.json()["mac_address"][0]
    response = admin_client.patch(f"{DEVICES}{other.pk}/", {"hardware_mac": "zz:bb"}, format="json")
    assert response.status_code == 400 and "hardware_mac" in response.json()
    other.refresh_from_db()
    assert (other.mac_address, other.hardware_mac) == ("", "")


def test_firmware_status_and_read_only_fields(admin_client) -> None:  # type: ignore[no-untyped-def]
    device = factories.DeviceFactory(firmware_version="1.0.0")
    ok = admin_client.patch(f"{DEVICES}{device.pk}/", {"firmware_update_status": "update_scheduled"}, format="json")
    assert ok.status_code == 200
    for refused in ("updating", "up_to_date", "failed"):
        response = admin_client.patch(f"{DEVICES}{device.pk}/", {"firmware_update_status": refused}, format="json")
        assert response.status_code == 400, refused
    response = admin_client.patch(
        f"{DEVICES}{device.pk}/",
        {"firmware_version": "9.9.9", "last_seen": "2020-01-01T00:00:00Z", "id_device": 1234, "slot_id": "A1"},
        format="json",
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.firmware_version == "1.0.0" and device.last_seen is None and device.slot_id == "A1"
    assert device.firmware_update_status == FirmwareUpdateStatus.UPDATE_SCHEDULED
    other_bay = factories.EmplacementFactory()
    response = admin_client.patch(f"{DEVICES}{device.pk}/", {"emplacement": other_bay.pk}, format="json")
    assert response.status_code == 400


def test_device_list_filters_and_queries(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    for numero in range(1, 51):
        factories.DeviceFactory(emplacement=factories.EmplacementFactory(borne=borne, numero=numero))
    factories.DeviceFactory(status=DeviceStatus.OFFLINE)
    with CaptureQueriesContext(connection) as queries:
        assert len(admin_client.get(DEVICES, {"borne": borne.pk}).json()) == 50
    assert len(queries) <= 3
    assert len(admin_client.get(DEVICES, {"statut": "offline"}).json()) == 1
    assert admin_client.delete(f"{DEVICES}{Device.objects.first().pk}/").status_code == 405


def test_device_list_firmware_filter(admin_client) -> None:  # type: ignore[no-untyped-def]
    """(ext) `?firmware_update_status=`: the firmware screen follows an OTA campaign's progress."""
    updating = factories.DeviceFactory(firmware_update_status=FirmwareUpdateStatus.UPDATING)
    factories.DeviceFactory(firmware_update_status=FirmwareUpdateStatus.UP_TO_DATE)
    body = admin_client.get(DEVICES, {"firmware_update_status": "updating"}).json()
    assert [row["id_device"] for row in body] == [updating.pk]
    response = admin_client.get(DEVICES, {"firmware_update_status": "flashing"})
    assert response.status_code == 400 and "firmware_update_status" in response.json()


def test_device_wrong_actors(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    device = factories.DeviceFactory()
    assert_refused_everyone(wrong_actors, "get", DEVICES)
    assert_refused_everyone(wrong_actors, "get", f"{DEVICES}{device.pk}/")
    assert_refused_everyone(wrong_actors, "patch", f"{DEVICES}{device.pk}/", {"slot_id": "pirate"})
    device.refresh_from_db()
    assert device.slot_id == ""
