"""admin_device_schedule_ota: staff only, validated body, retained job published, status moved."""

from __future__ import annotations

import json
import threading

import pytest

from api.models import Device, FirmwareUpdateStatus
from api.mqtt.client import new_client
from api.mqtt.config import broker_config
from api.mqtt.topics import device_topic
from tests import factories
from tests.conftest import client_for
from tests.devices.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

# The reference's `Device` field names, as a client written from the reference sends them.
BODY = {"ota_target_version": "2.1.0", "ota_update_url": "https://fw.example/2.1.0.bin", "sha256": "c" * 64}


def url(device: Device) -> str:
    return f"/api/admin/devices/{device.pk}/schedule-ota/"


def test_staff_schedules_and_the_job_is_retained(make_device) -> None:
    device = make_device()
    admin = factories.UtilisateurFactory(is_staff=True)
    response = client_for(admin).post(url(device), BODY, format="json")
    assert response.status_code == 200, response.content
    device.refresh_from_db()
    assert device.firmware_update_status == FirmwareUpdateStatus.UPDATE_SCHEDULED
    body = response.json()
    assert device.ota_target_version == "2.1.0" and device.ota_job_id == body["ota_job_id"]
    assert body["id_device"] == device.pk and body["firmware_update_status"] == "update_scheduled"
    assert body["emplacement_numero"] == device.emplacement.numero and body["ota_update_url"] == BODY["ota_update_url"]
    # A device connecting later still gets the job: it is retained.
    config = broker_config()
    assert config is not None
    got: list[dict] = []
    ready = threading.Event()
    client = new_client(config, client_id=f"late-{device.pk}-{device.ota_job_id[:8]}")
    client.on_message = lambda c, u, m: (got.append(json.loads(m.payload)), ready.set())
    client.on_connect = lambda c, *a: c.subscribe(device_topic(device, "ota"), qos=1)
    client.connect(config.host, config.port)
    client.loop_start()
    try:
        wait_until(ready.is_set, message="retained ota job")
    finally:
        client.disconnect()
        client.loop_stop()
    assert got[0]["job_id"] == device.ota_job_id and got[0]["version"] == "2.1.0"


@pytest.mark.parametrize("body", [
    {**BODY, "sha256": "xyz"}, {**BODY, "ota_update_url": "ftp://x"}, {**BODY, "ota_update_url": "http://\""},
    {**BODY, "ota_update_url": "https://a b/c"}, {"ota_target_version": "1"}, {**BODY, "ota_target_version": ""},
    {"version": "2.1.0", "url": "https://fw.example/2.1.0.bin", "sha256": "c" * 64},
])
def test_invalid_body_is_400_and_nothing_changes(make_device, body) -> None:
    device = make_device()
    response = client_for(factories.UtilisateurFactory(is_staff=True)).post(url(device), body, format="json")
    assert response.status_code == 400
    device.refresh_from_db()
    assert device.firmware_update_status == FirmwareUpdateStatus.UNKNOWN and device.ota_job_id == ""


def test_wrong_actors(make_device, api_client) -> None:
    device = make_device()
    assert api_client.post(url(device), BODY, format="json").status_code == 401
    assert client_for(factories.UtilisateurFactory()).post(url(device), BODY, format="json").status_code == 403
    staff = client_for(factories.UtilisateurFactory(is_staff=True))
    assert staff.post(f"/api/admin/devices/{device.pk + 999}/schedule-ota/", BODY, format="json").status_code == 404
    device.refresh_from_db()
    assert device.ota_job_id == ""
